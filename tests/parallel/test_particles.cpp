// Microcarriers across ranks: the beads of a stirred tank end up bit for bit
// where they end up on one rank, none is lost or duplicated by migration,
// none leaves the liquid or enters a solid, two-way coupling gives the same
// lattice on any rank count, and a checkpoint continues them identically.
// Rank 0 runs each case alone (MPI_COMM_SELF) as the reference. With damage
// models and hotspot thresholds, the beads' damage accumulators and the
// per-cell exposure fields are held to the same standard.
#include <gtest/gtest.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include "kernels/time_averages.h"
#include "solver/parallel/parallel_session.h"
#include "solver/run_checkpoint.h"
#include "solver/shear_damage_parser.h"
#include "solver/simulation.h"
#include "test_cases.h"
#include "tests/parallel/shared_temp_dir.h"

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

using stirlb::testing::SharedTempDir;

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
  SharedTempDir dir("stirlb-particle-restart");
  const std::filesystem::path file = dir.path / "checkpoint.h5";
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
  if (ParallelSession::rank() == 0) expect_same(straight, resumed);
}

INSTANTIATE_TEST_SUITE_P(OneAndTwoWay, ParticleRestart, ::testing::Values(false, true));

// ---------------------------------------------------------------------------
// Damage accumulators and exposure fields.

namespace {

// The tank with beads, a [hotspots] table and one damage model of each kind,
// with thresholds low enough that the flow of the first steps (the impeller
// ramping up from rest) exposes most beads, so that every accumulator column
// carries numbers and not zeros. nu = 1e-5 m^2/s here: 10 uPa is a shear
// rate of 1e-3 1/s, 1e-9 W/kg one of 1e-2 1/s, and lambda_K < 200 d_bead
// (38 mm) a dissipation above 4.8e-10 W/kg.
CaseModel tank_with_damage() {
  CaseModel c = tank_with_beads(false);
  c.name = "particles-damage-tank";
  c.microcarriers->parcels = 1000;
  HotspotSpec h;
  h.shear_stress = 1e-5;  // Pa
  h.dissipation = 1e-9;   // W/kg
  h.kolmogorov_factor = 200;
  h.bead_diameter = c.microcarriers->diameter;
  c.hotspots = h;

  DamageModelSpec kolmogorov;
  kolmogorov.name = "kolmogorov";
  kolmogorov.kind = DamageKind::KolmogorovEddy;
  kolmogorov.factor = 200;
  kolmogorov.death_rate = 0.05 / 3600;
  kolmogorov.damaged_at = 0.01;
  DamageModelSpec rbc;
  rbc.name = "giersiepen_rbc";
  rbc.kind = DamageKind::PowerLaw;
  const auto& presets = power_law_presets();
  const auto found = std::find_if(presets.begin(), presets.end(),
                                  [](const PowerLawPreset& p) { return p.name == "giersiepen-rbc"; });
  if (found == presets.end()) throw std::logic_error("no power-law preset 'giersiepen-rbc'");
  const PowerLawPreset& preset = *found;
  rbc.preset = std::string(preset.name);
  rbc.source = std::string(preset.source);
  rbc.C = preset.C, rbc.alpha = preset.alpha, rbc.beta = preset.beta, rbc.damaged_at = preset.damaged_at;
  DamageModelSpec shear;
  shear.name = "above_10upa";
  shear.kind = DamageKind::ShearThreshold;
  shear.threshold = 1e-5;  // Pa
  shear.damaged_at = 60;   // s
  DamageModelSpec dissipation;
  dissipation.name = "above_1e-9_w_kg";
  dissipation.kind = DamageKind::DissipationThreshold;
  dissipation.threshold = 1e-9;  // W/kg
  dissipation.damaged_at = 60;   // s
  c.damage.models = {kolmogorov, rbc, shear, dissipation};
  return c;
}

constexpr int kDamageSteps = 40, kDamageStop = 17;
// Averaging (the exposure fields) from step 4, every 3rd step: samples on
// both sides of the checkpoint.
constexpr std::int64_t kAverageFrom = 4, kAverageEvery = 3;

struct DamageResult {
  std::vector<double> beads;  // ParticleCloud::gathered_table: 18 columns, then the accumulators
  std::vector<float> state, averages;
  int average_components = 0;
};

DamageResult damage_snapshot(Simulation& sim) {
  DamageResult r;
  r.beads = sim.particles()->gathered_table();
  sim.global_state(r.state);
  EXPECT_GT(sim.lattice().average_samples(), 0);
  sim.averages(r.averages);
  r.average_components = sim.lattice().average_components();
  EXPECT_EQ(sim.particles()->count_over_ranks(), sim.particles()->total());
  return r;
}

DamageResult run_damage(const CaseModel& c, MPI_Comm comm, std::array<int, 3> procs, int steps) {
  Simulation sim(c, BackendKind::CPU, ParallelOptions{comm, procs, false, false});
  sim.schedule_averaging(kAverageFrom, kAverageEvery);
  sim.advance(steps);
  return damage_snapshot(sim);
}

constexpr int kTableColumns = ParticleCloud::kTableColumns, kDamageColumn = 18, kStateColumn = 16;

// Bit for bit: every bead value (accumulators included, each column counted
// on its own so that a failure names it), the lattice, and every component of
// the time averages (the exposure fields named separately).
void expect_same_damage(const DamageResult& a, const DamageResult& b) {
  ASSERT_EQ(a.beads.size(), b.beads.size());
  std::vector<std::size_t> differ(kTableColumns, 0);
  for (std::size_t i = 0; i < a.beads.size(); ++i)
    differ[i % kTableColumns] += std::memcmp(&a.beads[i], &b.beads[i], sizeof(double)) != 0;
  const std::size_t rows = a.beads.size() / kTableColumns;
  for (int k = 0; k < kDamageColumn; ++k) EXPECT_EQ(differ[std::size_t(k)], 0u) << "bead column " << k << " of " << rows;
  for (int m = 0; m < kMaxDamageLaws; ++m)
    EXPECT_EQ(differ[std::size_t(kDamageColumn + m)], 0u) << "damage accumulator " << m << ", of " << rows << " beads";
  ASSERT_EQ(a.state.size(), b.state.size());
  std::size_t state_differ = 0;
  for (std::size_t i = 0; i < a.state.size(); ++i) state_differ += std::memcmp(&a.state[i], &b.state[i], sizeof(float)) != 0;
  EXPECT_EQ(state_differ, 0u) << "of " << a.state.size() << " populations";
  ASSERT_EQ(a.average_components, b.average_components);
  ASSERT_EQ(a.averages.size(), b.averages.size());
  const std::size_t cells = a.averages.size() / std::size_t(a.average_components);
  for (int k = 0; k < a.average_components; ++k) {
    std::size_t n = 0;
    for (std::size_t i = std::size_t(k) * cells; i < std::size_t(k + 1) * cells; ++i)
      n += std::memcmp(&a.averages[i], &b.averages[i], sizeof(float)) != 0;
    EXPECT_EQ(n, 0u) << (k >= kAverageComponentCount ? "exposure field " + std::to_string(k - kAverageComponentCount)
                                                      : "time-average component " + std::to_string(k))
                     << ": cells that differ, of " << cells;
  }
}

// The run is not vacuous: more than 90 % of the released beads carry a
// positive value in every model's accumulator (no column beyond the models'
// does), and every exposure field is positive in more than half of the
// lattice's cells (the liquid is about 64 % of them) and at most one where it
// is a fraction of time.
void expect_exposed(const CaseModel& c, const DamageResult& r) {
  const std::size_t models = c.damage.models.size();
  const std::size_t rows = r.beads.size() / kTableColumns;
  ASSERT_EQ(rows, std::size_t(c.microcarriers->parcels));
  std::size_t released = 0;
  std::vector<std::size_t> positive(kMaxDamageLaws, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    const double* row = r.beads.data() + i * kTableColumns;
    if (!(std::uint32_t(row[kStateColumn]) & kBeadReleased)) continue;
    ++released;
    for (int m = 0; m < kMaxDamageLaws; ++m) {
      const double a = row[kDamageColumn + m];
      EXPECT_TRUE(std::isfinite(a) && a >= 0) << "bead " << row[0] << " model " << m << ": " << a;
      positive[std::size_t(m)] += a > 0;
    }
  }
  EXPECT_EQ(released, rows) << "release_time = 0: every bead moves from the first step";
  for (std::size_t m = 0; m < models; ++m)
    EXPECT_GT(double(positive[m]), 0.9 * double(released))
        << c.damage.models[m].name << ": " << positive[m] << " of " << released << " beads accumulated anything";
  for (std::size_t m = models; m < std::size_t(kMaxDamageLaws); ++m)
    EXPECT_EQ(positive[m], 0u) << "accumulator " << m << " has no model";
  // 3 hotspot thresholds, then one field per model.
  ASSERT_EQ(r.average_components, kAverageComponentCount + 3 + int(models));
  const std::size_t cells = r.averages.size() / std::size_t(r.average_components);
  for (int e = 0; e < 3 + int(models); ++e) {
    const float* f = r.averages.data() + std::size_t(kAverageComponentCount + e) * cells;
    std::size_t hot = 0, above_one = 0;
    for (std::size_t n = 0; n < cells; ++n) {
      hot += f[n] > 0.f;
      above_one += f[n] > 1.f;
    }
    EXPECT_GT(hot, cells / 2) << "exposure field " << e << ": positive in " << hot << " of " << cells << " cells";
    // The hotspot thresholds and the three threshold models are fractions
    // of time; the power law's (field 3 + 1) is a dose rate.
    if (e != 4) {
      EXPECT_EQ(above_one, 0u) << "exposure field " << e << " is a fraction of time";
    }
  }
}

}  // namespace

// All four damage models and the three hotspot thresholds: the accumulators
// and the exposure fields on 1, 2 and 4 ranks, over several layouts, equal
// the single-rank run's bit for bit.
TEST(ParticleDamage, AccumulatorsAndExposureAreIndependentOfTheRankCount) {
  const CaseModel c = tank_with_damage();
  DamageResult reference;
  if (ParallelSession::rank() == 0) {
    reference = run_damage(c, MPI_COMM_SELF, {0, 0, 0}, kDamageSteps);
    expect_exposed(c, reference);
  }
  for (const auto& procs : std::vector<std::array<int, 3>>{{0, 0, 0}, {ParallelSession::size(), 1, 1},
                                                            {1, 1, ParallelSession::size()}}) {
    const DamageResult distributed = run_damage(c, MPI_COMM_WORLD, procs, kDamageSteps);
    if (ParallelSession::rank() == 0) {
      SCOPED_TRACE("procs " + std::to_string(procs[0]) + "," + std::to_string(procs[1]) + "," +
                   std::to_string(procs[2]));
      expect_same_damage(reference, distributed);
    }
  }
}

// kDamageStop steps, checkpoint, the rest; against the straight run on one
// rank: the accumulators and the exposure sums travel in the checkpoint.
TEST(ParticleDamage, CheckpointContinuesTheAccumulatorsIdentically) {
  const CaseModel c = tank_with_damage();
  DamageResult straight;
  if (ParallelSession::rank() == 0) straight = run_damage(c, MPI_COMM_SELF, {0, 0, 0}, kDamageSteps);
  SharedTempDir dir("stirlb-particle-restart");
  const std::filesystem::path file = dir.path / "checkpoint.h5";
  {
    Simulation first(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD, {0, 0, 0}, false, false});
    first.schedule_averaging(kAverageFrom, kAverageEvery);
    first.advance(kDamageStop);
    // Something to carry: the accumulators are already running.
    const std::vector<double> table = first.particles()->gathered_table();
    std::size_t positive = 0;
    for (std::size_t i = kDamageColumn + 1; i < table.size(); i += kTableColumns) positive += table[i] > 0;
    EXPECT_GT(positive, 0u) << "no bead has a power-law dose at the checkpoint";
    write_checkpoint(first, file);
  }
  Simulation second(c, BackendKind::CPU, ParallelOptions{MPI_COMM_WORLD, {0, 0, 0}, false, false});
  second.schedule_averaging(kAverageFrom, kAverageEvery);
  restore_checkpoint(second, file);
  EXPECT_EQ(second.step(), kDamageStop);
  second.advance(kDamageSteps - kDamageStop);
  const DamageResult resumed = damage_snapshot(second);
  if (ParallelSession::rank() == 0) expect_same_damage(straight, resumed);
}
