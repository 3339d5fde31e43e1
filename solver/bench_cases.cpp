#include "bench_cases.h"
#include <algorithm>
#include <chrono>
#include <cmath>
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

int calibrated_steps(LatticeBackend& lattice, double target_seconds) {
  FieldSums ignored;
  for (int batch = 2;; batch *= 2) {
    const double seconds = timed_steps(lattice, batch, ignored);
    if (seconds >= kCalibrationSeconds || seconds * 2 >= target_seconds)
      return even_steps(batch * target_seconds / seconds);
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

}  // namespace stirlb
