// Microcarrier physics away from walls: the drag law, the exponential
// integrator against analytic settling and relaxation, the particle field's
// interpolation, and second-order tracking of a tracer in solid-body rotation.
#include <gtest/gtest.h>
#include <cmath>
#include <cstdint>
#include <vector>
#include "kernels/particle_step.h"
#include "particle_test_box.h"

using namespace stirlb;
using stirlb::testing::bead_at;
using stirlb::testing::ParticleBox;

namespace {

// Terminal settling speed from the Schiller-Naumann force balance
// (r - 1) g = 18 nu f(w d / nu) w / d^2, by bisection in double.
double terminal_speed(const BeadParams& p, double g) {
  const double d = p.diameter, nu = p.viscosity;
  auto excess = [&](double w) {
    const double re = w * d / nu;
    return 18.0 * nu * (1.0 + 0.15 * std::pow(re, 0.687)) * w / (d * d) - (p.density_ratio - 1.0) * g;
  };
  double lo = 0.0, hi = (p.density_ratio - 1.0) * g * d * d / (18.0 * nu);  // Stokes: an upper bound
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (excess(mid) > 0 ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

BeadParams settling_params(double tau_p, double nu, double re_target, double& g) {
  BeadParams p;
  p.density_ratio = 1.03f;
  p.added_mass = 0.5f;
  p.viscosity = float(nu);
  // tau_p = (r + C_A) d^2 / (18 nu) at Re -> 0.
  const double d = std::sqrt(tau_p * 18.0 * nu / (p.density_ratio + p.added_mass));
  p.diameter = float(d);
  // Stokes speed w = (r - 1) g d^2 / (18 nu) at the target Re = w d / nu.
  g = re_target * nu / d * 18.0 * nu / ((p.density_ratio - 1.0) * d * d);
  p.gravity[2] = -float(g);
  return p;
}

}  // namespace

TEST(SchillerNaumann, FactorAndResponseTime) {
  EXPECT_FLOAT_EQ(schiller_naumann(0.f), 1.f);
  EXPECT_NEAR(schiller_naumann(10.f), 1.0 + 0.15 * std::pow(10.0, 0.687), 1e-5);
  EXPECT_NEAR(schiller_naumann(800.f), 1.0 + 0.15 * std::pow(800.0, 0.687), 1e-3);
  // Beyond the law's range C_D = 0.44, continuous to 0.4% at Re = 1000.
  EXPECT_NEAR(schiller_naumann(1000.f) / (1.0 + 0.15 * std::pow(1000.0, 0.687)), 1.0, 4e-3);
  BeadParams p;
  p.diameter = 0.3f, p.density_ratio = 1.05f, p.added_mass = 0.5f, p.viscosity = 0.02f;
  EXPECT_NEAR(response_time(p, 0.f), 1.55 * 0.09 / (18 * 0.02), 1e-6);
  EXPECT_NEAR(response_time(p, 10.f), 1.55 * 0.09 / (18 * 0.02) / (1.0 + 0.15 * std::pow(10.0, 0.687)), 1e-6);
}

TEST(ParticleLaws, OtherAccelerationWithAndWithoutPressureGradient) {
  BeadParams p;
  p.density_ratio = 2.f, p.added_mass = 0.5f;
  p.gravity[2] = -1e-3f;
  const float du_dt[3] = {1e-4f, 0.f, 2e-4f};
  float a[3];
  other_acceleration(p, du_dt, a);
  EXPECT_NEAR(a[0], 1.5e-4 / 2.5, 1e-9);
  EXPECT_NEAR(a[2], (-1e-3 + 1.5 * 2e-4) / 2.5, 1e-9);
  p.pressure_gradient = false;
  other_acceleration(p, du_dt, a);
  EXPECT_EQ(a[0], 0.f);
  EXPECT_NEAR(a[2], -1e-3 / 2.5, 1e-9);
}

TEST(ParticleLaws, ExponentialStepIsExactForFrozenFlow) {
  // x(t), v(t) for dv/dt = (u - v)/tau + a from x = 0, v = v0.
  const float u[3] = {0.1f, -0.05f, 0.f}, a[3] = {0.f, 0.f, -2e-3f};
  for (double tau : {0.01, 0.7, 3.7, 50.0}) {
    float x[3] = {0.f, 0.f, 0.f}, v[3] = {0.f, 0.2f, 0.f};
    for (int n = 1; n <= 20; ++n) {
      exponential_step(u, a, float(tau), 1.f, x, v);
      for (int k = 0; k < 3; ++k) {
        const double veq = u[k] + tau * a[k], v0 = k == 1 ? 0.2 : 0.0;
        const double e = std::exp(-n / tau);
        const double ve = veq + (v0 - veq) * e, xe = veq * n + (v0 - veq) * tau * (1 - e);
        EXPECT_NEAR(v[k], ve, 1e-6 * (std::abs(veq) + std::abs(v0))) << "tau " << tau << " step " << n;
        EXPECT_NEAR(x[k], xe, 1e-6 * n * (std::abs(veq) + std::abs(v0))) << "tau " << tau << " step " << n;
      }
    }
  }
}

TEST(ParticleLaws, SubstepsKeepEachUnderHalfACell) {
  EXPECT_EQ(bead_substeps(0.f), 1);
  EXPECT_EQ(bead_substeps(0.5f), 1);
  EXPECT_EQ(bead_substeps(0.51f), 2);
  EXPECT_EQ(bead_substeps(1.9f), 4);
  EXPECT_EQ(bead_substeps(100.f), 8);
  EXPECT_EQ(bead_substeps(std::nanf("")), 1);
}

TEST(ParticleField, TrilinearBetweenCellCentresWithGhostOffset) {
  // A linear field is reproduced exactly; the grid sits at origin (10, 20, 30).
  ParticleBox box(6, 5, 4, false, 0.1f);
  box.grid.origin[0] = 10, box.grid.origin[1] = 20, box.grid.origin[2] = 30;
  box.set_velocity([](double x, double y, double z, double (&u)[3]) {
    u[0] = 0.01 * x + 0.02 * y - 0.03 * z;
    u[1] = 0.5;
    u[2] = -0.01 * z;
  });
  for (std::int64_t n = 0; n < box.grid.cells(); ++n) box.at(kFluidShearRate, n) = 0.25f;
  const float x[3] = {10.f + 2.3f, 20.f + 3.1f, 30.f + 1.7f};
  const FluidSample s = sample_particle_field(box.field.data(), box.grid, x);
  EXPECT_NEAR(s.u[0], 0.01 * 2.3 + 0.02 * 3.1 - 0.03 * 1.7, 1e-6);
  EXPECT_NEAR(s.u[1], 0.5, 1e-6);
  EXPECT_NEAR(s.u[2], -0.01 * 1.7, 1e-6);
  EXPECT_NEAR(s.shear_rate, 0.25, 1e-6);
  EXPECT_NEAR(s.viscosity, 0.1, 1e-6);
  // Beyond the last centre the indices clamp: the edge value, no stray reads.
  const float edge[3] = {10.f + 5.9f, 20.f - 0.4f, 30.f + 3.99f};
  const FluidSample e = sample_particle_field(box.field.data(), box.grid, edge);
  EXPECT_NEAR(e.u[2], -0.01 * 3.5, 1e-6);
}

TEST(ParticleField, SolidCornersPullVelocityToZeroButNotViscosity) {
  ParticleBox box(4, 4, 4, false, 0.1f);
  box.set_velocity([](double, double, double, double (&u)[3]) { u[0] = 0.2, u[1] = 0, u[2] = 0; });
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {  // a solid floor: no velocity, no viscosity
      const std::int64_t c = box.cell(x, y, 0);
      for (int k = 0; k < kParticleFieldComponents; ++k) box.at(k, c) = 0.f;
    }
  const float x[3] = {2.f, 2.f, 1.f};  // halfway between floor and first fluid centres
  const FluidSample s = sample_particle_field(box.field.data(), box.grid, x);
  EXPECT_NEAR(s.u[0], 0.1, 1e-6);
  EXPECT_NEAR(s.viscosity, 0.1, 1e-6);
}

TEST(BeadSettling, StokesTerminalVelocityForSlowAndFastResponse) {
  // Re_p ~ 1e-3: the Schiller-Naumann correction is 0.15 Re^0.687 ~ 0.1%.
  // tau_p = 50 dt relaxes over many steps, tau_p = 0.01 dt within the first;
  // the exponential step is stable for both and lands on the force balance.
  for (double tau_p : {50.0, 0.01}) {
    double g;
    const BeadParams p = settling_params(tau_p, 0.1, 1e-3, g);
    ParticleBox box(8, 8, 8, false, p.viscosity);
    std::vector<Bead> beads{bead_at(4.f, 4.f, 4.5f)};
    const int steps = tau_p > 1 ? 1500 : 3;
    box.run(beads, p, 0, steps);
    const double stokes = (p.density_ratio - 1.0) * g * p.diameter * p.diameter / (18.0 * p.viscosity);
    const double exact = terminal_speed(p, g);
    EXPECT_NEAR(-beads[0].v[2], stokes, 0.01 * stokes) << "tau_p " << tau_p;
    EXPECT_NEAR(-beads[0].v[2], exact, 1e-4 * exact) << "tau_p " << tau_p;
    EXPECT_EQ(beads[0].v[0], 0.f);
    EXPECT_EQ(beads[0].age, float(steps));
    EXPECT_TRUE(beads[0].state & kBeadReleased);
  }
}

TEST(BeadSettling, SchillerNaumannTerminalVelocityAtReTen) {
  // Stokes' law would give Re = 17.3; the drag correction f(10) = 1.73 brings
  // the bead down to Re ~ 10, 1.73 times slower.
  double g;
  BeadParams p = settling_params(40.0, 5e-4, 17.3, g);
  ParticleBox box(8, 8, 24, false, p.viscosity);
  std::vector<Bead> beads{bead_at(4.f, 4.f, 21.5f)};
  box.run(beads, p, 0, 600);
  const double exact = terminal_speed(p, g);
  const double re = exact * p.diameter / p.viscosity;
  EXPECT_GT(re, 9.0);
  EXPECT_LT(re, 11.0);
  EXPECT_NEAR(-beads[0].v[2], exact, 0.01 * exact);
  EXPECT_GT(beads[0].x[2], 2.f);  // never near the floor
}

TEST(BeadSettling, ReleaseWaitsAndSamples) {
  double g;
  const BeadParams p0 = settling_params(0.5, 0.1, 1e-3, g);
  BeadParams p = p0;
  p.release_step = 5;
  ParticleBox box(8, 8, 8, false, p.viscosity);
  box.set_velocity([](double, double, double, double (&u)[3]) { u[0] = 0.01, u[1] = 0, u[2] = 0; });
  std::vector<Bead> beads{bead_at(4.f, 4.f, 4.f)};
  std::vector<float> reaction;
  box.run(beads, p, 0, 5, &reaction);
  EXPECT_EQ(beads[0].x[0], 4.f);
  EXPECT_EQ(beads[0].age, 0.f);
  EXPECT_EQ(beads[0].state & kBeadReleased, 0u);
  EXPECT_NEAR(beads[0].fluid_u[0], 0.01f, 1e-7);
  EXPECT_NEAR(beads[0].viscosity, 0.1f, 1e-7);
  EXPECT_EQ(reaction[0], 0.f);
  EXPECT_EQ(reaction[2], 0.f);
  box.run(beads, p, 5, 1, &reaction);
  EXPECT_TRUE(beads[0].state & kBeadReleased);
  EXPECT_EQ(beads[0].age, 1.f);
  EXPECT_GT(beads[0].x[0], 4.f);
  EXPECT_LT(reaction[0], 0.f);  // the fluid drags the bead along and loses that momentum
}

TEST(BeadSettling, ReactionBalancesExcessWeightAtTerminalVelocity) {
  double g;
  BeadParams p = settling_params(0.01, 0.1, 1e-3, g);
  ParticleBox box(8, 8, 8, false, p.viscosity);
  std::vector<Bead> beads{bead_at(4.f, 4.f, 4.5f)};
  beads[0].weight = 250.f;
  std::vector<float> reaction;
  box.run(beads, p, 0, 4, &reaction);
  // dv = 0 at terminal velocity: the parcel's weight less buoyancy goes into the fluid.
  const double expected = -250.0 * M_PI / 6 * std::pow(p.diameter, 3) * (p.density_ratio - 1.0) * g;
  EXPECT_NEAR(reaction[2], expected, 1e-4 * std::abs(expected));
  EXPECT_EQ(reaction[0], 0.f);
}

TEST(BeadRelaxation, FromRestInUniformFlowMatchesExponential) {
  // Re_p ~ 1e-8 keeps the drag at Stokes' to 1e-6; no gravity, Du/Dt = 0.
  BeadParams p;
  p.diameter = 1.f;
  p.viscosity = 1.f / 240.f;
  p.density_ratio = 2.5f;
  p.added_mass = 0.5f;
  const double tau = (2.5 + 0.5) * 1.0 / (18.0 * p.viscosity);  // 40 steps
  const double U = 1e-10;
  ParticleBox box(8, 8, 8, false, p.viscosity);
  box.set_velocity([&](double, double, double, double (&u)[3]) { u[0] = U, u[1] = 0, u[2] = 0; });
  std::vector<Bead> beads{bead_at(4.f, 4.f, 4.f)};
  for (int t = 1; t <= 200; ++t) {
    box.run(beads, p, t - 1, 1);
    const double expected = U * (1 - std::exp(-t / tau));
    ASSERT_NEAR(beads[0].v[0], expected, 1e-5 * expected) << "step " << t;
  }
}

namespace {

// A tracer in solid-body rotation about the box's vertical centre line,
// 1000 steps per revolution at radius 20: the largest departure from the
// starting radius over three revolutions, and the largest distance from its
// start after a whole number of revolutions.
void track_tracer(bool pressure_gradient, double& radius_drift, double& miss) {
  const int n = 64;
  const double omega = 2 * M_PI / 1000, c = 32.0;
  ParticleBox box(n, n, n, false, 0.1f);
  box.set_velocity([&](double x, double y, double, double (&u)[3]) {
    u[0] = -omega * (y - c), u[1] = omega * (x - c), u[2] = 0;
  });
  BeadParams p;
  p.diameter = 1e-3f;  // tau_p ~ 1e-6 dt
  p.density_ratio = 1.f;
  p.viscosity = 0.1f;
  p.pressure_gradient = pressure_gradient;
  std::vector<Bead> beads{bead_at(float(c + 20), float(c), float(c))};
  radius_drift = miss = 0;
  for (int rev = 1; rev <= 3; ++rev) {
    for (int s = 0; s < 1000; ++s) {
      box.run(beads, p, (rev - 1) * 1000 + s, 1);
      const double r = std::hypot(beads[0].x[0] - c, beads[0].x[1] - c);
      radius_drift = std::max(radius_drift, std::abs(r - 20));
    }
    miss = std::max(miss, std::hypot(beads[0].x[0] - (c + 20), beads[0].x[1] - c));
  }
}

}  // namespace

TEST(TracerTracking, SolidBodyRotationKeepsItsRadius) {
  // Pressure gradient on: a_other = Du/Dt, whose effect tau_p Du/Dt ~ 1e-9
  // cells/step is nothing for a tracer. Off: the tracer follows u alone.
  // Both must show only the midpoint rule's O(dt^3) error and rounding, no
  // first-order outward spiral (Euler: ~0.4 cells per revolution). Asked:
  // under 1e-3 cells per revolution; held here to 1e-3 over all three.
  for (bool pg : {true, false}) {
    double drift, miss;
    track_tracer(pg, drift, miss);
    EXPECT_LT(drift, 1e-3) << "cells, pressure gradient " << pg;
    EXPECT_LT(miss, 0.01) << "cells, pressure gradient " << pg;
  }
}
