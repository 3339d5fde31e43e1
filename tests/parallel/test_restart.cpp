// A run stopped at a checkpoint and resumed equals the run that never
// stopped, bit for bit, on the same rank count and (the lattice update being
// rank-count independent) on one rank too. Checkpoints of another case or
// lattice are refused.
#include <gtest/gtest.h>
#include <cstring>
#include <unistd.h>
#include <filesystem>
#include "solver/parallel/checkpoint_file.h"
#include "solver/parallel/parallel_session.h"
#include "solver/run_checkpoint.h"
#include "test_cases.h"
#include "tests/parallel/shared_temp_dir.h"

using namespace stirlb;

namespace {

struct Snapshot {
  std::vector<float> state, averages;
  std::vector<double> torque;
};

Snapshot snapshot(Simulation& sim) {
  Snapshot s;
  sim.global_state(s.state);
  if (sim.lattice().average_samples() > 0) sim.averages(s.averages);
  for (const RotorLoads& l : sim.rotor_history()) s.torque.push_back(l.torque);
  return s;
}

void expect_identical(const Snapshot& a, const Snapshot& b) {
  ASSERT_EQ(a.state.size(), b.state.size());
  EXPECT_EQ(std::memcmp(a.state.data(), b.state.data(), a.state.size() * sizeof(float)), 0) << "lattice state";
  ASSERT_EQ(a.averages.size(), b.averages.size());
  EXPECT_EQ(std::memcmp(a.averages.data(), b.averages.data(), a.averages.size() * sizeof(float)), 0)
      << "time averages";
  EXPECT_EQ(a.torque, b.torque);
}

using stirlb::testing::SharedTempDir;

constexpr int kTotal = 30, kStop = 13;

}  // namespace

TEST(Restart, ContinuesBitwiseOnTheSameAndOnOtherRankCounts) {
  const CaseModel c = small_tank();
  SharedTempDir dir("stirlb-restart");
  const auto file = dir.path / "checkpoint.h5";

  Simulation straight(c, BackendKind::CPU);
  straight.schedule_averaging(5, 3);
  straight.advance(kTotal);
  const Snapshot expected = snapshot(straight);

  {
    Simulation first(c, BackendKind::CPU);
    first.schedule_averaging(5, 3);
    first.advance(kStop);
    write_checkpoint(first, file);
  }
  Simulation resumed(c, BackendKind::CPU);
  resumed.schedule_averaging(5, 3);
  restore_checkpoint(resumed, file);
  EXPECT_EQ(resumed.step(), kStop);
  resumed.advance(kTotal - kStop);
  expect_identical(expected, snapshot(resumed));

  // The same checkpoint on one rank.
  if (ParallelSession::rank() == 0) {
    Simulation alone(c, BackendKind::CPU, ParallelOptions{MPI_COMM_SELF, {0, 0, 0}, false});
    alone.schedule_averaging(5, 3);
    restore_checkpoint(alone, file);
    alone.advance(kTotal - kStop);
    expect_identical(expected, snapshot(alone));
  }
}

TEST(Restart, RefusesCheckpointsOfAnotherCaseOrLattice) {
  SharedTempDir dir("stirlb-restart");
  const auto file = dir.path / "checkpoint.h5";
  {
    Simulation sim(small_tank(), BackendKind::CPU);
    sim.advance(2);
    write_checkpoint(sim, file);
  }
  CaseModel renamed = small_tank();
  renamed.name = "another-case";
  Simulation other(renamed, BackendKind::CPU);
  try {
    restore_checkpoint(other, file);
    ADD_FAILURE() << "a checkpoint of another case was accepted";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("another-case"), std::string::npos) << e.what();
  }
  CaseModel finer = small_tank();
  finer.numerics.resolution = 12;
  Simulation refined(finer, BackendKind::CPU);
  try {
    restore_checkpoint(refined, file);
    ADD_FAILURE() << "a checkpoint of another lattice was accepted";
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("lattice"), std::string::npos) << e.what();
  }
  EXPECT_EQ(refined.step(), 0);
}
