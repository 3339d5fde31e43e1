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

Result run(const CaseModel& c, MPI_Comm comm, std::array<int, 3> procs, int steps, bool petsc_sf = false) {
  Simulation sim(c, BackendKind::CPU, ParallelOptions{comm, procs, false, petsc_sf});
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
  // The other transport moves the same slots.
  {
    const Result distributed = run(c, MPI_COMM_WORLD, {0, 0, 0}, steps, true);
    if (ParallelSession::rank() == 0) {
      SCOPED_TRACE("petsc-sf transport");
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

namespace {
std::vector<int> describe(const Block& b) {
  std::vector<int> v(b.lo.begin(), b.lo.end());
  for (int n : b.n) v.push_back(n);
  for (int r : b.neighbour) v.push_back(r);
  return v;
}
}  // namespace

// Every rank can describe any other's block (the PetscSF transport builds its
// neighbours' halo plans that way): it must match what PETSc told that rank.
TEST(Decomposition, BlockOfMatchesEachRanksOwnView) {
  GridShape g;
  g.nx = 9, g.ny = 8, g.nz = 12;
  g.periodic[0] = true, g.periodic[1] = false, g.periodic[2] = true;
  for (const auto& procs : layouts()) {
    const Decomposition d(MPI_COMM_WORLD, g, procs);
    const Block mine = d.block();
    const std::vector<int> packed = describe(mine);
    std::vector<int> all(packed.size() * std::size_t(d.size()));
    MPI_Allgather(packed.data(), int(packed.size()), MPI_INT, all.data(), int(packed.size()), MPI_INT, MPI_COMM_WORLD);
    for (int r = 0; r < d.size(); ++r) {
      const std::vector<int> expected = describe(d.block_of(r));
      const std::vector<int> actual(all.begin() + std::ptrdiff_t(r * packed.size()),
                                    all.begin() + std::ptrdiff_t((r + 1) * packed.size()));
      EXPECT_EQ(expected, actual) << "rank " << r;
    }
  }
}
