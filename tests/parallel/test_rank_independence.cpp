// The same case on any number of ranks gives the same lattice, bit for bit:
// every cell is updated by the same arithmetic whatever block it sits in,
// halos copy populations without touching them, and the immersed boundary
// sums each rank's sample of the force boxes where only one rank is non-zero
// (exact). Rank 0 runs each case alone (MPI_COMM_SELF) as the reference.
#include <gtest/gtest.h>
#include <cstring>
#include <numbers>
#include "solver/parallel/parallel_session.h"
#include "solver/simulation.h"
#include "test_cases.h"

using namespace stirlb;

namespace {

struct Result {
  std::vector<float> state;
  std::vector<double> torque;
};

Result run(const CaseModel& c, MPI_Comm comm, std::array<int, 3> procs, int steps) {
  Simulation sim(c, BackendKind::CPU, ParallelOptions{comm, procs, false});
  sim.advance(steps);
  Result r;
  sim.global_state(r.state);
  for (const RotorLoads& l : sim.rotor_history()) r.torque.push_back(l.torque);
  return r;
}

void expect_bitwise_equal(const Result& a, const Result& b) {
  ASSERT_EQ(a.state.size(), b.state.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.state.size(); ++i)
    differ += std::memcmp(&a.state[i], &b.state[i], sizeof(float)) != 0;
  EXPECT_EQ(differ, 0u) << "of " << a.state.size() << " populations";
  ASSERT_EQ(a.torque.size(), b.torque.size());
  for (std::size_t i = 0; i < a.torque.size(); ++i) EXPECT_EQ(a.torque[i], b.torque[i]) << "step " << i;
}

void check_case(const CaseModel& c, int steps, const std::vector<std::array<int, 3>>& layouts) {
  Result reference;
  if (ParallelSession::rank() == 0) reference = run(c, MPI_COMM_SELF, {0, 0, 0}, steps);
  for (const auto& procs : layouts) {
    const Result distributed = run(c, MPI_COMM_WORLD, procs, steps);
    if (ParallelSession::rank() == 0) {
      SCOPED_TRACE("procs " + std::to_string(procs[0]) + "," + std::to_string(procs[1]) + "," +
                   std::to_string(procs[2]));
      expect_bitwise_equal(reference, distributed);
    }
  }
}

std::vector<std::array<int, 3>> layouts() {
  const int n = ParallelSession::size();
  // PETSc's choice, then slabs across each axis: each cuts the impeller,
  // the shaft and the baffles in a different way.
  return {{0, 0, 0}, {n, 1, 1}, {1, n, 1}, {1, 1, n}};
}

}  // namespace

TEST(RankIndependence, TankWithRotatingImpellerIsBitwiseIdentical) { check_case(small_tank(), 40, layouts()); }

TEST(RankIndependence, PeriodicBoxWithWallsIsBitwiseIdentical) { check_case(periodic_box(), 30, layouts()); }
