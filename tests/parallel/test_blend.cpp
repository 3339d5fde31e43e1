// The blend tracer across ranks and restarts: the concentration is updated
// face by face from the same neighbours whatever block a cell sits in, so a
// decomposed run equals the single-rank run bit for bit; sums over ranks
// (the relative standard deviation) agree to rounding. A run resumed from a
// checkpoint equals the run that never stopped, history included.
#include <gtest/gtest.h>
#include <cmath>
#include <cstring>
#include "solver/blend_report.h"
#include "solver/parallel/checkpoint_file.h"
#include "solver/parallel/parallel_session.h"
#include "solver/run_checkpoint.h"
#include "test_cases.h"
#include "tests/parallel/shared_temp_dir.h"

using namespace stirlb;
using stirlb::testing::SharedTempDir;

namespace {

// The small LES tank of the rank tests with a pulse near the surface, off
// the axis, and two probes; injected after 10 steps of flow.
CaseModel tank_with_tracer() {
  CaseModel c = small_tank();
  c.name = "blend-test";
  BlendSpec b;
  const double H = c.tank->vessel.liquid_height, T = c.tank->vessel.diameter;
  b.injection_point = {0.2 * T, 0.05 * T, 0.9 * H};
  b.injection_radius = 0.04 * T;
  b.probes = {{"low", {0.3 * T, 0.1 * T, 0.2 * H}}, {"high", {-0.3 * T, -0.1 * T, 0.8 * H}}};
  c.blend = b;
  return c;
}

struct Tracer {
  std::vector<float> field;
  std::vector<BlendSample> history;
};

Tracer observe(Simulation& sim) {
  Tracer t;
  sim.blend_concentration(t.field);
  t.history = sim.blend()->history();
  return t;
}

Tracer run(CaseModel c, MPI_Comm comm, std::array<int, 3> procs, int steps) {
  Simulation sim(c, BackendKind::CPU, ParallelOptions{comm, procs, false, false});
  sim.advance(steps);
  return observe(sim);
}

constexpr int kInjectAfter = 10, kSteps = 40;

CaseModel injected_after_steps(int steps) {
  CaseModel c = tank_with_tracer();
  const LatticeUnits u = derive_lattice_units(c);
  c.blend->injection_time = steps * u.dt;
  c.blend->sample_interval = 5 * u.dt;
  return c;
}

}  // namespace

TEST(Blend, TracerIsBitwiseIdenticalOnAnyRankCount) {
  const CaseModel c = injected_after_steps(kInjectAfter);
  Tracer reference;
  if (ParallelSession::rank() == 0) reference = run(c, MPI_COMM_SELF, {0, 0, 0}, kSteps);
  const int n = ParallelSession::size();
  for (const auto& procs : std::vector<std::array<int, 3>>{{0, 0, 0}, {n, 1, 1}, {1, 1, n}}) {
    const Tracer t = run(c, MPI_COMM_WORLD, procs, kSteps);
    if (ParallelSession::rank() != 0) continue;
    SCOPED_TRACE("procs " + std::to_string(procs[0]) + "," + std::to_string(procs[1]) + "," + std::to_string(procs[2]));
    ASSERT_EQ(t.field.size(), reference.field.size());
    EXPECT_EQ(std::memcmp(t.field.data(), reference.field.data(), t.field.size() * sizeof(float)), 0);
    ASSERT_EQ(t.history.size(), reference.history.size());
    for (std::size_t k = 0; k < t.history.size(); ++k) {
      EXPECT_EQ(t.history[k].time, reference.history[k].time);
      EXPECT_NEAR(t.history[k].rsd, reference.history[k].rsd, 1e-12 * reference.history[k].rsd);
      EXPECT_NEAR(t.history[k].total, reference.history[k].total, 1e-12 * reference.history[k].total);
      ASSERT_EQ(t.history[k].probes.size(), 2u);
      for (int p = 0; p < 2; ++p) EXPECT_NEAR(t.history[k].probes[p], reference.history[k].probes[p], 1e-12);
    }
  }
}

TEST(Blend, PulseSpreadsAndAMixedTracerStaysMixed) {
  const CaseModel c = injected_after_steps(kInjectAfter);
  const Tracer t = run(c, MPI_COMM_WORLD, {0, 0, 0}, kSteps);
  // Samples at injection and every 5 steps after it.
  ASSERT_EQ(t.history.size(), std::size_t((kSteps - kInjectAfter) / 5 + 1));
  const Simulation probe_units(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD});
  EXPECT_DOUBLE_EQ(t.history.front().time, kInjectAfter * probe_units.units().dt);
  // Injected so that the mixed value is 1 in every liquid cell.
  EXPECT_NEAR(t.history.front().total, double(probe_units.box().fluid_cell_count()), 1e-3);
  // The advective form lets an unmixed tracer's total follow the lattice's
  // compressibility (measured 4e-4 here); a lost tracer would be far more.
  for (const BlendSample& s : t.history) EXPECT_NEAR(s.total / t.history.front().total, 1.0, 1e-2);
  EXPECT_LT(t.history.back().rsd, t.history.front().rsd);
  EXPECT_GE(t.history.back().probes[0], 0.0);

  // A pulse wider than the tank is the mixed state: it must stay exactly so
  // through the impeller's start-up, the walls and the baffles.
  CaseModel mixed = c;
  mixed.blend->injection_radius = 1.0;
  const Tracer m = run(mixed, MPI_COMM_WORLD, {0, 0, 0}, kSteps);
  for (const BlendSample& s : m.history) {
    EXPECT_EQ(s.rsd, 0.0);
    EXPECT_EQ(s.total, m.history.front().total);
    for (double p : s.probes) EXPECT_EQ(p, 1.0);
  }
}

TEST(Blend, RestartContinuesBitwiseWithItsHistory) {
  const CaseModel c = injected_after_steps(kInjectAfter);
  SharedTempDir dir("stirlb-blend-restart");
  const auto file = dir.path / "checkpoint.h5";
  const Tracer expected = run(c, MPI_COMM_WORLD, {0, 0, 0}, kSteps);
  // Stopped before and after the injection.
  for (int stop : {5, 23}) {
    {
      Simulation first(c, BackendKind::CPU);
      first.advance(stop);
      write_checkpoint(first, file);
    }
    Simulation resumed(c, BackendKind::CPU);
    restore_checkpoint(resumed, file);
    resumed.advance(kSteps - stop);
    const Tracer t = observe(resumed);
    if (ParallelSession::rank() != 0) continue;
    SCOPED_TRACE("stopped at step " + std::to_string(stop));
    EXPECT_EQ(std::memcmp(t.field.data(), expected.field.data(), t.field.size() * sizeof(float)), 0);
    ASSERT_EQ(t.history.size(), expected.history.size());
    for (std::size_t k = 0; k < t.history.size(); ++k) {
      EXPECT_EQ(t.history[k].time, expected.history[k].time);
      EXPECT_EQ(t.history[k].rsd, expected.history[k].rsd);
      EXPECT_EQ(t.history[k].probes, expected.history[k].probes);
    }
  }
}

TEST(Blend, CheckpointWithoutTracerIsRefused) {
  CaseModel without = injected_after_steps(kInjectAfter);
  without.blend.reset();
  SharedTempDir dir("stirlb-blend-refuse");
  const auto file = dir.path / "checkpoint.h5";
  {
    Simulation first(without, BackendKind::CPU);
    first.advance(2);
    write_checkpoint(first, file);
  }
  Simulation with(injected_after_steps(kInjectAfter), BackendKind::CPU);
  try {
    restore_checkpoint(with, file);
    FAIL() << "a checkpoint without the tracer was accepted";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("blend tracer"), std::string::npos) << e.what();
  }
}

TEST(BlendTime, SettledBelowFindsTheLastCrossing) {
  const std::vector<double> t = {0, 1, 2, 3, 4, 5};
  // Dips below 0.05 at t = 2, rises again, settles between t = 3 and 4.
  EXPECT_DOUBLE_EQ(*settled_below(t, {1.0, 0.5, 0.04, 0.07, 0.03, 0.02}, 0.05), 3.5);
  EXPECT_DOUBLE_EQ(*settled_below(t, {0.01, 0.01, 0.01, 0.01, 0.01, 0.01}, 0.05), 0.0);
  EXPECT_FALSE(settled_below(t, {1.0, 0.5, 0.04, 0.03, 0.02, 0.06}, 0.05).has_value());
  EXPECT_FALSE(settled_below({}, {}, 0.05).has_value());
}
