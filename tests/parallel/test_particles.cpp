// Microcarriers across ranks: the beads of a stirred tank end up bit for bit
// where they end up on one rank, none is lost or duplicated by migration,
// none leaves the liquid or enters a solid, two-way coupling gives the same
// lattice on any rank count, and a checkpoint continues them identically.
// Rank 0 runs each case alone (MPI_COMM_SELF) as the reference.
#include <gtest/gtest.h>
#include <cmath>
#include <cstring>
#include <filesystem>
#include "solver/parallel/parallel_session.h"
#include "solver/run_checkpoint.h"
#include "solver/simulation.h"
#include "test_cases.h"

using namespace stirlb;

namespace {

// The small LES tank with beads spread through the liquid and released at
// once, at a speed that throws them against blades, baffles and walls.
CaseModel tank_with_beads(bool two_way, double loading = 3.0) {
  CaseModel c = small_tank();
  c.name = "particles-tank";
  MicrocarrierSpec m;
  m.preset = "cytodex-1";
  m.diameter = 190e-6;
  m.density = 1030;
  m.beads_per_gram = 4.3e6;
  m.loading = loading;
  m.parcels = 3000;
  m.initial = BeadStart::Uniform;
  m.two_way_coupling = two_way;
  c.microcarriers = m;
  return c;
}

struct Result {
  std::vector<double> beads;  // ParticleCloud::gathered_table
  std::vector<float> state;
};

Result run(const CaseModel& c, MPI_Comm comm, std::array<int, 3> procs, int steps) {
  Simulation sim(c, BackendKind::CPU, ParallelOptions{comm, procs, false, false});
  sim.advance(steps);
  Result r;
  r.beads = sim.particles()->gathered_table();
  sim.global_state(r.state);
  EXPECT_EQ(sim.particles()->count_over_ranks(), sim.particles()->total());
  return r;
}

void expect_same(const Result& a, const Result& b) {
  ASSERT_EQ(a.beads.size(), b.beads.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.beads.size(); ++i) differ += std::memcmp(&a.beads[i], &b.beads[i], sizeof(double)) != 0;
  EXPECT_EQ(differ, 0u) << "of " << a.beads.size() << " bead values";
  ASSERT_EQ(a.state.size(), b.state.size());
  differ = 0;
  for (std::size_t i = 0; i < a.state.size(); ++i) differ += std::memcmp(&a.state[i], &b.state[i], sizeof(float)) != 0;
  EXPECT_EQ(differ, 0u) << "of " << a.state.size() << " populations";
}

void check_ranks(const CaseModel& c, int steps) {
  Result reference;
  if (ParallelSession::rank() == 0) reference = run(c, MPI_COMM_SELF, {0, 0, 0}, steps);
  for (const auto& procs : std::vector<std::array<int, 3>>{{0, 0, 0}, {ParallelSession::size(), 1, 1},
                                                            {1, 1, ParallelSession::size()}}) {
    const Result distributed = run(c, MPI_COMM_WORLD, procs, steps);
    if (ParallelSession::rank() == 0) {
      SCOPED_TRACE("procs " + std::to_string(procs[0]) + "," + std::to_string(procs[1]) + "," +
                   std::to_string(procs[2]));
      expect_same(reference, distributed);
    }
  }
}

}  // namespace

TEST(Particles, TankBeadsAreIndependentOfTheRankCount) { check_ranks(tank_with_beads(false), 60); }

// Parcels light enough for two-way coupling (check_microcarriers_fit refuses
// heavier ones): 0.01 g/L over 3000 parcels.
TEST(Particles, TwoWayCouplingIsIndependentOfTheRankCount) { check_ranks(tank_with_beads(true, 0.01), 60); }

// At full speed from the first step (no ramp) for a few hundred steps: every
// bead stays in a liquid cell and the count never changes.
TEST(Particles, NoBeadEscapesTheLiquidOrEntersASolid) {
  CaseModel c = tank_with_beads(false);
  c.tank->shaft.ramp_revolutions = 0;
  c.tank->shaft.speed_rpm *= 1.5;
  c.flow.reference_velocity *= 1.5;
  Simulation sim(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD, {0, 0, 0}, false, false});
  const GridShape& g = sim.box().grid;
  for (int round = 0; round < 10; ++round) {
    sim.advance(30);
    std::int64_t outside = 0;
    for (const Bead& b : sim.particles()->beads()) {
      const int x = int(std::floor(b.x[0])), y = int(std::floor(b.x[1])), z = int(std::floor(b.x[2]));
      const bool inside = x >= 0 && y >= 0 && z >= 0 && x < g.nx && y < g.ny && z < g.nz &&
                          sim.box().flags[std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z))] == kFluid;
      outside += inside ? 0 : 1;
    }
    EXPECT_EQ(sim.sum_over_ranks(double(outside)), 0.0) << "after " << sim.step() << " steps";
    ASSERT_EQ(sim.particles()->count_over_ranks(), sim.particles()->total());
  }
}

// 30 steps, checkpoint, 30 more; against 60 straight, with the restart on
// this run's rank count and the reference on one rank; one-way, and two-way
// (whose force on the fluid for the next step travels in the checkpoint).
class ParticleRestart : public ::testing::TestWithParam<bool> {};

TEST_P(ParticleRestart, CheckpointContinuesTheBeadsIdentically) {
  const CaseModel c = GetParam() ? tank_with_beads(true, 0.01) : tank_with_beads(false);
  Result straight;
  if (ParallelSession::rank() == 0) straight = run(c, MPI_COMM_SELF, {0, 0, 0}, 60);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "stirlb_particle_restart";
  if (ParallelSession::rank() == 0) std::filesystem::create_directories(dir);
  MPI_Barrier(MPI_COMM_WORLD);
  const std::filesystem::path file = dir / ("checkpoint_" + std::to_string(ParallelSession::size()) + ".h5");
  {
    Simulation first(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD, {0, 0, 0}, false, false});
    first.advance(30);
    write_checkpoint(first, file);
  }
  Simulation second(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD, {0, 0, 0}, false, false});
  restore_checkpoint(second, file);
  second.advance(30);
  Result resumed;
  resumed.beads = second.particles()->gathered_table();
  second.global_state(resumed.state);
  if (ParallelSession::rank() == 0) {
    expect_same(straight, resumed);
    std::filesystem::remove_all(dir);
  }
}

INSTANTIATE_TEST_SUITE_P(OneAndTwoWay, ParticleRestart, ::testing::Values(false, true));
