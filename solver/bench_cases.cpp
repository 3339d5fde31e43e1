#include "bench_cases.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>
#include <vector>

namespace stirlb {

namespace {

// Production values: the default Smagorinsky constant of a case file, and a
// relaxation time low enough for LES but stable for BGK in a lid-driven box.
constexpr float kSmagorinskyConstant = 0.12f;
constexpr float kTau = 0.6f;
constexpr float kLidVelocity = 0.05f;  // lattice units, along x
constexpr int kLidSlot = 0;
constexpr int kWarmupSteps = 4;
// Calibration batches grow until one takes this long; shorter ones are
// dominated by timer and synchronisation noise.
constexpr double kCalibrationSeconds = 0.2;

LatticeConfig bench_config(const BenchSetup& s, BenchGeometry geometry) {
  LatticeConfig c;
  c.stencil = s.stencil;
  c.precision = s.precision;
  c.collision = s.collision;
  c.params.tau = kTau;
  c.params.smagorinsky_c2 = s.les ? kSmagorinskyConstant * kSmagorinskyConstant : 0.f;
  GridShape& g = c.params.grid;
  g.nx = g.ny = g.nz = s.size;
  const bool walled = geometry == BenchGeometry::Cavity;
  for (bool& p : g.periodic) p = !walled;
  c.wall_velocity[kLidSlot][0] = kLidVelocity;
  c.flags.assign(std::size_t(g.cells()), make_flag(kFluid));
  if (!walled) return c;
  const int last = s.size - 1;
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        auto& flag = c.flags[std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z))];
        if (z == last) flag = make_flag(kMovingWall, kLidSlot);
        else if (x == 0 || y == 0 || z == 0 || x == last || y == last) flag = make_flag(kWall);
      }
  return c;
}

// Runs `steps` steps and returns their wall-clock time. The CUDA backend's
// step() only launches; sums() waits for the device, and its one reduction
// pass costs less than a step, well under 1% of a timed run.
double timed_steps(LatticeBackend& lattice, int steps, FieldSums& sums) {
  const auto t0 = std::chrono::steady_clock::now();
  lattice.step(steps);
  sums = lattice.sums();
  const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
  return dt.count();
}

// Even counts: the two AA parities access memory differently and must weigh
// equally.
int even_steps(double steps) { return std::max(2, 2 * int(std::ceil(steps / 2.0))); }

// `timed(batch)` runs batch steps and returns their wall-clock time.
template <class Timed>
int calibrated(const Timed& timed, double target_seconds) {
  for (int batch = 2;; batch *= 2) {
    const double seconds = timed(batch);
    if (seconds >= kCalibrationSeconds || seconds * 2 >= target_seconds)
      return even_steps(batch * target_seconds / seconds);
  }
}

int calibrated_steps(LatticeBackend& lattice, double target_seconds) {
  FieldSums ignored;
  return calibrated([&](int batch) { return timed_steps(lattice, batch, ignored); }, target_seconds);
}

// Taylor-Green cells, one period across the box, at cell centres: u = A sin
// cos cos, v = -A cos sin cos, w = 0 (divergence free).
std::vector<float> taylor_green(const GridShape& g, float amplitude) {
  const std::int64_t cells = g.cells();
  std::vector<float> u(3 * std::size_t(cells), 0.f);
  const double k[3] = {2 * std::numbers::pi / g.nx, 2 * std::numbers::pi / g.ny, 2 * std::numbers::pi / g.nz};
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        const std::size_t n = std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
        const double sx = std::sin(k[0] * (x + 0.5)), cx = std::cos(k[0] * (x + 0.5));
        const double sy = std::sin(k[1] * (y + 0.5)), cy = std::cos(k[1] * (y + 0.5));
        const double cz = std::cos(k[2] * (z + 0.5));
        u[n] = float(amplitude * sx * cy * cz);
        u[std::size_t(cells) + n] = float(-amplitude * cx * sy * cz);
      }
  return u;
}

// `count` beads, each in a fluid cell drawn at random (a fixed seed) at a
// random place at least the bead's radius off the cell's faces; in memory in
// the order drawn (after some mixing a run's beads, kept in id order, are
// scattered like this over the field) or sorted by cell.
std::vector<Bead> scattered_beads(const LatticeConfig& c, const BeadParams& p, std::int64_t count, BeadOrder order) {
  std::vector<std::int64_t> fluid;
  for (std::size_t i = 0; i < c.flags.size(); ++i)
    if (c.flags[i] == make_flag(kFluid)) fluid.push_back(std::int64_t(i));
  const GridShape& g = c.params.grid;
  const double margin = std::min(0.5 * double(p.diameter) + 1e-3, 0.49);
  std::mt19937_64 engine(1);
  const auto unit = [&] { return double(engine() >> 11) * 0x1.0p-53; };
  std::vector<Bead> beads(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k) {
    Bead& b = beads[std::size_t(k)];
    const std::int64_t i = fluid[std::size_t(engine() % fluid.size())];
    const std::int64_t at[3] = {i % g.nx, i / g.nx % g.ny, i / (std::int64_t(g.nx) * g.ny)};
    for (int a = 0; a < 3; ++a) {
      b.x[a] = float(double(at[a]) + margin + unit() * (1 - 2 * margin));
      b.v[a] = 0.f;
      b.fluid_u[a] = 0.f;
    }
    b.shear_rate = b.viscosity = b.age = b.bottom_time = 0.f;
    b.since_bottom = 1e30f;
    b.weight = 1.f;
    b.state = 0;
    b.id = k;
  }
  if (order == BeadOrder::ByCell) {
    const auto cell = [&](const Bead& b) {
      return std::int64_t(b.x[0]) + g.nx * (std::int64_t(b.x[1]) + std::int64_t(g.ny) * std::int64_t(b.x[2]));
    };
    std::stable_sort(beads.begin(), beads.end(), [&](const Bead& a, const Bead& b) { return cell(a) < cell(b); });
    for (std::size_t k = 0; k < beads.size(); ++k) beads[k].id = std::int64_t(k);
  }
  return beads;
}

// Runs `steps` steps, each a lattice step and the beads' move over it, and
// adds their wall-clock times to `lattice_s` and `particle_s`. The CUDA
// backend's step() only launches, so there sums() waits for it (a reduction
// pass, cheaper than a step) before the beads move; the CPU needs no wait.
void timed_bead_steps(LatticeBackend& lattice, std::vector<Bead>& beads, int steps, bool wait, double& lattice_s,
                      double& particle_s) {
  using clock = std::chrono::steady_clock;
  const RotorMotion no_rotor{};
  for (int k = 0; k < steps; ++k) {
    const auto t0 = clock::now();
    lattice.step(1);
    if (wait) (void)lattice.sums();
    const auto t1 = clock::now();
    lattice.advance_particles(beads, no_rotor, nullptr);
    const auto t2 = clock::now();
    lattice_s += std::chrono::duration<double>(t1 - t0).count();
    particle_s += std::chrono::duration<double>(t2 - t1).count();
  }
}

}  // namespace

std::string to_string(BenchGeometry g) { return g == BenchGeometry::Cavity ? "cavity" : "periodic"; }

BenchCaseResult run_bench_case(const BenchSetup& setup, BenchGeometry geometry) {
  const LatticeConfig config = bench_config(setup, geometry);
  auto lattice = setup.backend == BackendKind::CUDA ? make_cuda_lattice(config) : make_cpu_lattice(config);
  const std::int64_t cells = config.params.grid.cells();
  lattice->initialize(std::vector<float>(std::size_t(cells), 1.f), std::vector<float>(3 * std::size_t(cells), 0.f));

  FieldSums sums;
  lattice->step(kWarmupSteps);
  sums = lattice->sums();
  const int steps = setup.steps > 0 ? even_steps(setup.steps) : calibrated_steps(*lattice, setup.target_seconds);

  BenchCaseResult r;
  r.name = to_string(geometry);
  r.lattice = lattice->describe();
  r.cells = cells;
  r.fluid_cells = std::int64_t(std::count(config.flags.begin(), config.flags.end(), make_flag(kFluid)));
  r.steps = steps;
  r.seconds = timed_steps(*lattice, steps, sums);
  r.finite = sums.finite;
  return r;
}

BeadParams bench_bead_params() {
  BeadParams p;
  p.diameter = float(kBeadBenchDiameterM / kBeadBenchDxM);
  p.density_ratio = 1.03f;
  p.viscosity = (kTau - 0.5f) / 3.f;  // c_s^2 (tau - 1/2), the molecular viscosity
  p.gravity[2] = -kBeadBenchGravity;
  p.release_step = 0;
  return p;
}

namespace {

// One rank: the particle grid is the whole lattice, all of it owned.
ParticleGrid whole_lattice_grid(const GridShape& g) {
  ParticleGrid grid;
  grid.nx = g.nx, grid.ny = g.ny, grid.nz = g.nz;
  grid.owned_hi[0] = g.nx, grid.owned_hi[1] = g.ny, grid.owned_hi[2] = g.nz;
  return grid;
}

std::unique_ptr<LatticeBackend> bench_lattice(const BenchSetup& setup, const LatticeConfig& config, bool particles) {
  auto lattice = setup.backend == BackendKind::CUDA ? make_cuda_lattice(config) : make_cpu_lattice(config);
  const GridShape& g = config.params.grid;
  lattice->initialize(std::vector<float>(std::size_t(g.cells()), 1.f), taylor_green(g, kBeadBenchFlow));
  if (particles) lattice->enable_particles(whole_lattice_grid(g), bench_bead_params());
  return lattice;
}

}  // namespace

BeadBenchResult run_bead_bench_case(const BenchSetup& setup, BenchGeometry geometry, std::int64_t beads,
                                    BeadOrder order) {
  const LatticeConfig config = bench_config(setup, geometry);
  auto lattice = bench_lattice(setup, config, true);
  std::vector<Bead> cloud = scattered_beads(config, bench_bead_params(), beads, order);

  const bool wait = setup.backend == BackendKind::CUDA;
  double lattice_s = 0, particle_s = 0;
  timed_bead_steps(*lattice, cloud, kWarmupSteps, wait, lattice_s, particle_s);
  const int steps = setup.steps > 0 ? even_steps(setup.steps)
                                    : calibrated(
                                          [&](int batch) {
                                            double l = 0, p = 0;
                                            timed_bead_steps(*lattice, cloud, batch, wait, l, p);
                                            return l + p;
                                          },
                                          setup.target_seconds);

  BeadBenchResult r;
  r.name = to_string(geometry);
  r.beads = beads;
  r.cells = config.params.grid.cells();
  r.fluid_cells = std::int64_t(std::count(config.flags.begin(), config.flags.end(), make_flag(kFluid)));
  r.steps = steps;
  timed_bead_steps(*lattice, cloud, steps, wait, r.lattice_seconds, r.particle_seconds);
  r.finite = lattice->sums().finite;
  for (const Bead& b : cloud)
    for (int a = 0; a < 3; ++a) r.beads_finite = r.beads_finite && std::isfinite(b.x[a]) && std::isfinite(b.v[a]);
  return r;
}

FieldCostResult run_field_cost_case(const BenchSetup& setup, BenchGeometry geometry) {
  const LatticeConfig config = bench_config(setup, geometry);
  auto without = bench_lattice(setup, config, false);
  auto with = bench_lattice(setup, config, true);
  FieldSums sums;
  for (auto* l : {without.get(), with.get()}) {
    l->step(kWarmupSteps);
    sums = l->sums();
  }
  constexpr int kRound = 2;  // steps per turn: even, so that both AA parities weigh equally
  const int steps = setup.steps > 0 ? even_steps(setup.steps) : calibrated_steps(*with, setup.target_seconds);
  // The CUDA backend's step() only launches: there every turn ends with the
  // sums() that waits for it, in both lattices alike.
  const bool wait = setup.backend == BackendKind::CUDA;
  const auto turn_seconds = [&](LatticeBackend& l) {
    const auto t0 = std::chrono::steady_clock::now();
    l.step(kRound);
    if (wait) (void)l.sums();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  FieldCostResult r;
  r.name = to_string(geometry);
  r.fluid_cells = std::int64_t(std::count(config.flags.begin(), config.flags.end(), make_flag(kFluid)));
  for (int turn = 0; r.steps < steps; ++turn, r.steps += kRound) {
    const bool with_first = turn % 2 == 1;
    for (int k = 0; k < 2; ++k) {
      const bool field = (k == 0) == with_first;
      (field ? r.seconds_with : r.seconds_without) += turn_seconds(field ? *with : *without);
    }
  }
  r.finite = without->sums().finite && with->sums().finite;
  return r;
}

}  // namespace stirlb
