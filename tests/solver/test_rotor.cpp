// The rotor of a tank: marker spacing and coverage, force boxes that hold
// every marker's kernel at every angle, the speed ramp, and the STL and
// parametric forms of one impeller giving the same torque.
#include <gtest/gtest.h>
#include <cmath>
#include <numbers>
#include "solver/simulation.h"
#include "tests/parallel/test_cases.h"

using namespace stirlb;


TEST(Rotor, MarkersAreSpacedAsAskedAndCoverTheSurface) {
  const Simulation sim(rushton_tank(16, false), BackendKind::CPU);
  const auto& m = sim.rotor()->markers();
  ASSERT_GT(m.size(), 100u);
  // Nearest neighbours: none closer than half the spacing (0.35 cells), and
  // the typical one close to the spacing (0.7 cells) even after retraction.
  double closest = 1e9, sum_nearest = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    double nearest = 1e9;
    for (std::size_t j = 0; j < m.size(); ++j) {
      if (i == j) continue;
      const double d = std::hypot(m[i].x - m[j].x, m[i].y - m[j].y, m[i].z - m[j].z);
      nearest = std::min(nearest, d);
    }
    closest = std::min(closest, nearest);
    sum_nearest += nearest;
  }
  const double mean_nearest = sum_nearest / double(m.size());
  // Retraction pulls the markers of opposite faces of a thin part together,
  // so the bound is on sampling, not on the final positions: 0.35 cells
  // minus twice the 0.3-cell retraction would be meaningless; check the mean.
  EXPECT_GT(closest, 0.0);
  EXPECT_GT(mean_nearest, 0.35);
  EXPECT_LT(mean_nearest, 0.8);
  for (const IbMarker& k : m) {
    EXPECT_GT(k.weight, 0.f);
    EXPECT_GT(k.stiffness, 0.f);
  }
}

TEST(Rotor, ForceBoxesHoldEveryKernelAtEveryAngle) {
  const Simulation sim(rushton_tank(16, false), BackendKind::CPU);
  const Rotor& r = *sim.rotor();
  ForceBoxes fb;
  for (const IndexBox& b : r.boxes()) {
    for (int k = 0; k < fb.count; ++k) {
      bool overlap = true;
      for (int a = 0; a < 3; ++a) overlap = overlap && b.lo[a] < fb.box[k].hi[a] && fb.box[k].lo[a] < b.hi[a];
      EXPECT_FALSE(overlap) << "boxes overlap";
    }
    fb.box[fb.count] = b;
    fb.offset[fb.count] = fb.total;
    fb.total += b.cells();
    ++fb.count;
  }
  for (int step = 0; step < 24; ++step) {
    const double angle = 2 * std::numbers::pi * step / 24;
    RotorPose pose = r.pose(0.0);
    pose.cos_angle = float(std::cos(angle));
    pose.sin_angle = float(std::sin(angle));
    for (const IbMarker& m : r.markers()) {
      float x[3];
      marker_position(m, pose, x);
      const DeltaStencil d = delta_stencil(x);
      for (int c = 0; c < 27; ++c)
        ASSERT_GE(fb.slot(d.first[0] + c % 3, d.first[1] + (c / 3) % 3, d.first[2] + c / 9), 0)
            << "a kernel leaves the boxes at angle " << angle;
    }
  }
}

TEST(Rotor, SpeedRampsLinearlyThenHolds) {
  const Simulation sim(rushton_tank(12, false), BackendKind::CPU);
  const Rotor& r = *sim.rotor();
  const double full = 2 * std::numbers::pi * 2.0;  // 120 rpm
  const double ramp = 2 * 0.25 / 2.0;             // 0.25 revolutions at 2 rps take 0.25 s
  EXPECT_NEAR(r.omega(0.0), 0.0, 1e-12);
  EXPECT_NEAR(r.omega(ramp / 2), full / 2, 1e-9);
  EXPECT_NEAR(r.omega(ramp + 1.0), full, 1e-9);
  EXPECT_NEAR(r.angle(ramp) / (2 * std::numbers::pi), 0.25, 1e-12) << "the ramp covers its revolutions";
  // The angle is the integral of the speed.
  const double h = 1e-6;
  for (double t : {0.1, 0.3, 1.7}) EXPECT_NEAR((r.angle(t + h) - r.angle(t - h)) / (2 * h), r.omega(t), 1e-5 * full);
}

TEST(Rotor, StlAndParametricImpellerGiveTheSameTorque) {
  // Same impeller, two routes to its surface: the triangles differ (the STL
  // was written with coarser cylinders), the torque must not by more than 2 %.
  double torque[2];
  for (int k = 0; k < 2; ++k) {
    Simulation sim(rushton_tank(16, k == 1), BackendKind::CPU);
    sim.advance(200);
    double sum = 0;
    const auto& h = sim.rotor_history();
    for (std::size_t i = h.size() - 50; i < h.size(); ++i) sum += h[i].torque;
    torque[k] = sum / 50;
  }
  EXPECT_GT(torque[0], 0.0);
  EXPECT_NEAR(torque[1], torque[0], 0.02 * std::fabs(torque[0]));
}
