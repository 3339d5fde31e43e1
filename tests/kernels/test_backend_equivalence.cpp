// The CPU backend is the reference: the CUDA backend must produce the same
// populations from the same start, to within float rounding (different FMA
// contraction and division on the two compilers), for every configuration.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <random>
#include "kernels/immersed_boundary_setup.h"
#include "kernels/lattice_backend.h"

using namespace stirlb;

namespace {

// A box closed by walls in y, periodic in x, a moving lid at z max, free slip
// at z min, with a body force: every boundary law and the forcing are used.
LatticeConfig mixed_box(Stencil stencil, Precision precision, CollisionOperator op, bool les) {
  LatticeConfig c;
  c.stencil = stencil;
  c.precision = precision;
  c.collision = op;
  GridShape& g = c.params.grid;
  g.nx = 12, g.ny = 10, g.nz = 9;
  g.periodic[0] = true, g.periodic[1] = false, g.periodic[2] = false;
  c.params.tau = 0.56f;
  c.params.smagorinsky_c2 = les ? 0.12f * 0.12f : 0.f;
  c.params.body_force[0] = 2e-6f;
  c.wall_velocity[1][0] = 0.05f;
  c.flags.assign(g.cells(), kFluid);
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        auto& f = c.flags[x + g.nx * (y + g.ny * z)];
        if (y == 0 || y == g.ny - 1) f = make_flag(kWall);
        else if (z == g.nz - 1) f = make_flag(kMovingWall, 1);
        else if (z == 0) f = make_flag(kFreeSlip, 2);
      }
  return c;
}

void random_start(LatticeBackend& lattice, unsigned seed) {
  const auto cells = lattice.config().params.grid.cells();
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> d(-0.03f, 0.03f);
  std::vector<float> rho(cells), u(3 * cells);
  for (auto& r : rho) r = 1.f + 0.1f * d(gen);
  for (auto& v : u) v = d(gen);
  lattice.initialize(rho, u);
}

}  // namespace

TEST(BackendEquivalence, CudaMatchesCpu) {
  std::string why;
  if (!cuda_available(&why)) GTEST_SKIP() << "CPU-vs-CUDA equivalence skipped: " << why;
  for (Stencil s : {Stencil::D3Q19, Stencil::D3Q27})
    for (Precision p : {Precision::FP32, Precision::FP16})
      for (CollisionOperator op : {CollisionOperator::BGK, CollisionOperator::Regularized})
        for (bool les : {false, true}) {
          const LatticeConfig config = mixed_box(s, p, op, les);
          auto cpu = make_cpu_lattice(config);
          auto gpu = make_cuda_lattice(config);
          random_start(*cpu, 7);
          random_start(*gpu, 7);
          cpu->step(51);  // odd count: the state ends mid-way through an AA pair
          gpu->step(51);
          const auto a = cpu->populations(), b = gpu->populations();
          ASSERT_EQ(a.size(), b.size());
          // FP32: a few ulps per step accumulate; FP16 storage may round one
          // population to the neighbouring half value, 2^-11 of its deviation.
          const double tol = p == Precision::FP32 ? 1e-5 : 2e-4;
          double worst = 0;
          for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, double(std::fabs(a[k] - b[k])));
          EXPECT_LT(worst, tol) << cpu->describe() << (les ? " les" : "");
          std::vector<float> da, db;
          cpu->derived_fields(da);
          gpu->derived_fields(db);
          double worst_u = 0;
          const auto cells = config.params.grid.cells();
          for (std::int64_t k = kVelocityX * cells; k < (kVelocityZ + 1) * cells; ++k)
            worst_u = std::max(worst_u, double(std::fabs(da[k] - db[k])));
          EXPECT_LT(worst_u, 10 * tol) << cpu->describe();
        }
}

TEST(BackendEquivalence, CpuBackendIsDeterministic) {
  // The reference must itself be repeatable, or the comparison above means nothing.
  const LatticeConfig config = mixed_box(Stencil::D3Q19, Precision::FP32, CollisionOperator::Regularized, true);
  auto a = make_cpu_lattice(config), b = make_cpu_lattice(config);
  random_start(*a, 3);
  random_start(*b, 3);
  a->step(20);
  b->step(20);
  EXPECT_EQ(a->populations(), b->populations());
}

TEST(BackendEquivalence, ClosedBoxConservesMassOnEveryConfiguration) {
  for (Stencil s : {Stencil::D3Q19, Stencil::D3Q27})
    for (CollisionOperator op : {CollisionOperator::BGK, CollisionOperator::Regularized}) {
      LatticeConfig config = mixed_box(s, Precision::FP32, op, true);
      config.params.body_force[0] = 0.f;
      auto lattice = make_cpu_lattice(config);
      random_start(*lattice, 11);
      const double m0 = lattice->sums().mass;
      lattice->step(200);
      const FieldSums end = lattice->sums();
      EXPECT_TRUE(end.finite);
      EXPECT_NEAR(end.mass / m0, 1.0, 1e-6) << lattice->describe();
    }
}

namespace {

// A rotating cylinder of markers in the mixed box, forced every step, with
// time averages sampled: the immersed-boundary and averaging kernels on both
// backends.
void run_rotor(LatticeBackend& lattice, int steps) {
  std::vector<IbMarker> markers;
  for (int z = 1; z < 7; ++z)
    for (int k = 0; k < 24; ++k) {
      const double a = 2 * 3.14159265358979 * (k + 0.5 * (z & 1)) / 24;
      markers.push_back(IbMarker{float(2.5 * std::cos(a)), float(2.5 * std::sin(a)), float(z), 0.49f, 0.f});
    }
  compute_marker_stiffness(markers);
  lattice.set_immersed_boundary({IndexBox{{1, 1, 0}, {11, 9, 9}}}, markers, 3);
  RotorPose pose{5.5f, 4.5f, 1.f, 0.f, 0.004f};
  for (int s = 0; s < steps; ++s) {
    const double angle = 0.004 * s;
    pose.cos_angle = float(std::cos(angle));
    pose.sin_angle = float(std::sin(angle));
    lattice.force_immersed_boundary(pose);
    if (s % 4 == 0) lattice.sample_averages();
    lattice.step(1);
  }
}

}  // namespace

TEST(BackendEquivalence, CudaMatchesCpuWithImmersedBoundary) {
  std::string why;
  if (!cuda_available(&why)) GTEST_SKIP() << "CPU-vs-CUDA immersed-boundary equivalence skipped: " << why;
  const LatticeConfig config = mixed_box(Stencil::D3Q19, Precision::FP32, CollisionOperator::Regularized, true);
  auto cpu = make_cpu_lattice(config);
  auto gpu = make_cuda_lattice(config);
  random_start(*cpu, 5);
  random_start(*gpu, 5);
  run_rotor(*cpu, 41);
  run_rotor(*gpu, 41);
  const auto a = cpu->populations(), b = gpu->populations();
  double worst = 0;
  for (std::size_t k = 0; k < a.size(); ++k) worst = std::max(worst, double(std::fabs(a[k] - b[k])));
  // Atomic spreading on the device adds in another order than the CPU's
  // fixed one: float rounding, a few ulps per step.
  EXPECT_LT(worst, 1e-5);
  std::vector<float> ma, mb;
  cpu->averages(ma);
  gpu->averages(mb);
  ASSERT_EQ(ma.size(), mb.size());
  double worst_mean = 0;
  for (std::size_t k = 0; k < ma.size(); ++k) worst_mean = std::max(worst_mean, double(std::fabs(ma[k] - mb[k])));
  EXPECT_LT(worst_mean, 1e-4);
}

namespace {

// Beads through the whole particle step: the field the collision writes,
// trilinear sampling, the laws, the wall walk, a turning blade, and the
// damage accumulators of one law of each kind.
struct BeadCase {
  LatticeConfig config = mixed_box(Stencil::D3Q19, Precision::FP32, CollisionOperator::Regularized, true);
  ParticleGrid grid;
  BeadParams params;
  std::vector<float> blade;
  std::vector<Bead> beads;
  float ax = 0, ay = 0;
};

constexpr int kBeadSteps = 30;
constexpr unsigned kBeadSeed = 11;

// Damage laws on SI scales that are not one (so that a backend that dropped
// them would show), with thresholds at the median of this box's stress and
// dissipation after the random start has decayed for half the run: beads
// cross them both ways during the run.
DamageLaws bead_damage_laws(const LatticeConfig& config) {
  auto probe = make_cpu_lattice(config);
  random_start(*probe, kBeadSeed);
  probe->step(kBeadSteps / 2);
  std::vector<float> d;
  probe->derived_fields(d);
  const auto cells = config.params.grid.cells();
  auto median = [&](int component) {
    std::vector<float> v;
    for (std::int64_t n = 0; n < cells; ++n)
      if (config.flags[std::size_t(n)] == kFluid) v.push_back(d[std::size_t(component * cells + n)]);
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  DamageLaws laws;
  laws.si.stress = 2.5e3f;          // Pa per lattice unit
  laws.si.specific_power = 4.0e2f;  // W/kg per lattice unit
  laws.step_seconds = 1.3e-3;
  const float tau = median(kShearStress) * laws.si.stress;     // config.si is one: lattice units
  const float eps = median(kDissipation) * laws.si.specific_power;
  laws.count = 4;
  laws.law[0] = ExposureLaw{ExposureKind::StressAbove, tau, 1.f};
  laws.law[1] = ExposureLaw{ExposureKind::DissipationAbove, eps, 1.f};
  // lambda_K below L where epsilon is above half the median.
  const double nu = 1e-6;
  laws.law[2] = kolmogorov_exposure_law(nu, std::pow(nu * nu * nu / (0.5 * double(eps)), 0.25));
  laws.law[3] = ExposureLaw{ExposureKind::StressPower, 0.f, 3.0777f};  // Giersiepen: beta / alpha
  return laws;
}

BeadCase bead_case() {
  BeadCase c;
  const GridShape& g = c.config.params.grid;
  c.grid.nx = g.nx, c.grid.ny = g.ny, c.grid.nz = g.nz;
  c.grid.owned_hi[0] = g.nx, c.grid.owned_hi[1] = g.ny, c.grid.owned_hi[2] = g.nz;
  c.params.diameter = 0.1f;
  c.params.density_ratio = 1.05f;
  c.params.viscosity = (c.config.params.tau - 0.5f) / 3.f;
  c.params.gravity[2] = -1e-4f;
  c.params.damage = bead_damage_laws(c.config);
  // A vertical blade through the middle of the box, turning about z.
  c.ax = 0.5f * g.nx, c.ay = 0.5f * g.ny;
  const float ax = c.ax, ay = c.ay;
  c.blade = {ax, ay, 1.5f, ax + 4.f, ay, 1.5f, ax + 4.f, ay, 7.5f, ax, ay, 1.5f, ax + 4.f, ay, 7.5f, ax, ay, 7.5f};
  std::mt19937 gen(7);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  while (c.beads.size() < 300) {
    Bead b{};
    b.x[0] = unit(gen) * float(g.nx);
    b.x[1] = 1.f + unit(gen) * float(g.ny - 2);
    b.x[2] = 1.f + unit(gen) * float(g.nz - 2);
    b.since_bottom = 1e30f;
    b.weight = 1.f;
    b.id = std::int64_t(c.beads.size());
    c.beads.push_back(b);
  }
  return c;
}

std::vector<Bead> run_beads(LatticeBackend& l, const BeadCase& c) {
  std::vector<Bead> beads = c.beads;
  const GridShape& g = c.config.params.grid;
  random_start(l, kBeadSeed);
  l.enable_particles(c.grid, c.params);
  l.set_rotor_triangles(c.blade, bin_triangles(c.blade, 2.f));
  for (int s = 0; s < kBeadSteps; ++s) {
    RotorMotion m;
    m.axis_x = c.ax, m.axis_y = c.ay;
    m.angle_before = 0.02f * float(s), m.angle_after = 0.02f * float(s + 1), m.omega = 0.02f;
    l.step(1);
    l.advance_particles(beads, m, nullptr);
    // The periodic x axis wraps on the host, as the solver's migration does.
    for (Bead& b : beads) b.x[0] = std::fmod(b.x[0] + float(g.nx), float(g.nx));
  }
  return beads;
}

}  // namespace

// The CUDA comparison below is only as good as its setup: on the CPU, every
// accumulator of the four laws moves, the threshold laws are crossed both
// ways (neither zero nor the whole run for every bead), and no accumulator
// beyond the laws' moves. Runs without a GPU.
TEST(BackendEquivalence, BeadDamageSetupExercisesEveryLaw) {
  const BeadCase c = bead_case();
  auto cpu = make_cpu_lattice(c.config);
  const std::vector<Bead> beads = run_beads(*cpu, c);
  const double whole = kBeadSteps * c.params.damage.step_seconds;
  for (int m = 0; m < c.params.damage.count; ++m) {
    std::size_t positive = 0, partial = 0;
    for (const Bead& b : beads) {
      ASSERT_TRUE(std::isfinite(b.damage[m]) && b.damage[m] >= 0) << "law " << m << " bead " << b.id;
      positive += b.damage[m] > 0;
      partial += b.damage[m] > 0 && b.damage[m] < whole * (1 - 1e-9);
    }
    EXPECT_GT(positive, beads.size() / 2) << "law " << m << ": beads with a positive accumulator";
    if (m < 3) {
      EXPECT_GT(partial, beads.size() / 4) << "law " << m << ": beads exposed for part of the run only";
    }
  }
}

// 30 steps from the same start on both backends: positions within 1e-3
// cells and velocities within 1e-4 lattice units (rounding differences
// only; a bead that hits a wall on one backend and not on the other would
// differ by far more). The damage accumulators: the power-law dose within
// 1e-3 of the largest (rounding, raised to the third power, on paths that
// differ by rounding); the threshold laws add whole sub-steps while the
// stress is above the threshold, so rounding can only flip the samples that
// lie on the threshold: a few steps' worth on at most 5 % of the beads, and
// within 1e-9 of the largest on all others. A backend that dropped a law or
// its SI scales would differ on most beads.
TEST(BackendEquivalence, CudaMatchesCpuForBeads) {
  std::string why;
  if (!cuda_available(&why)) GTEST_SKIP() << "CPU-vs-CUDA bead equivalence skipped: " << why;
  const BeadCase c = bead_case();
  auto cpu = make_cpu_lattice(c.config);
  auto gpu = make_cuda_lattice(c.config);
  const std::vector<Bead> on_cpu = run_beads(*cpu, c), on_gpu = run_beads(*gpu, c);
  ASSERT_EQ(on_cpu.size(), on_gpu.size());
  double worst_x = 0, worst_v = 0;
  for (std::size_t i = 0; i < on_cpu.size(); ++i)
    for (int a = 0; a < 3; ++a) {
      worst_x = std::max(worst_x, double(std::fabs(on_cpu[i].x[a] - on_gpu[i].x[a])));
      worst_v = std::max(worst_v, double(std::fabs(on_cpu[i].v[a] - on_gpu[i].v[a])));
    }
  EXPECT_LT(worst_x, 1e-3);
  EXPECT_LT(worst_v, 1e-4);
  const double step = c.params.damage.step_seconds;
  for (int m = 0; m < c.params.damage.count; ++m) {
    double largest = 0, worst = 0;
    std::size_t flipped = 0;
    for (std::size_t i = 0; i < on_cpu.size(); ++i) largest = std::max(largest, on_cpu[i].damage[m]);
    ASSERT_GT(largest, 0) << "law " << m;
    for (std::size_t i = 0; i < on_cpu.size(); ++i) {
      const double d = std::fabs(on_cpu[i].damage[m] - on_gpu[i].damage[m]);
      worst = std::max(worst, d);
      flipped += d > 1e-9 * largest;
    }
    if (c.params.damage.law[m].kind == ExposureKind::StressPower) {
      EXPECT_LT(worst, 1e-3 * largest) << "power-law dose, largest " << largest;
    } else {
      EXPECT_LE(worst, 3 * step * (1 + 1e-9)) << "law " << m << ": more than three steps' worth apart";
      EXPECT_LE(flipped, on_cpu.size() / 20) << "law " << m << ": beads whose exposure differs";
    }
  }
  // No accumulator beyond the laws moves on the device either.
  for (const Bead& b : on_gpu)
    for (int m = c.params.damage.count; m < kMaxDamageLaws; ++m) EXPECT_EQ(b.damage[m], 0.0) << "bead " << b.id;
}

namespace {

// The mixed box with LES, a tracer pulse in its middle, `steps` lattice steps
// each followed by the tracer's two passes (one grid, no ghosts to exchange:
// the periodic x axis wraps inside the grid).
std::vector<float> tracer_after(LatticeBackend& lattice, int steps, float* total_before, float* total_after) {
  random_start(lattice, 5);
  ScalarParams p;
  p.molecular_diffusivity = 1e-3f;
  p.molecular_viscosity = (lattice.config().params.tau - 0.5f) / 3.f;
  p.inverse_turbulent_schmidt = 1.f / 0.7f;
  auto tracer = lattice.make_scalar_tracer(p);
  const GridShape& g = lattice.config().params.grid;
  std::vector<float> c(std::size_t(g.cells()), 0.f);
  for (int z = 3; z < 6; ++z)
    for (int y = 3; y < 6; ++y)
      for (int x = 4; x < 8; ++x) c[std::size_t(x + g.nx * (y + g.ny * z))] = 10.f;
  tracer->set(c);
  *total_before = float(tracer->sums().total);
  for (int s = 0; s < steps; ++s) {
    lattice.step();
    tracer->compute_slopes();
    tracer->update();
  }
  *total_after = float(tracer->sums().total);
  return tracer->get();
}

}  // namespace

TEST(BackendEquivalence, CpuTracerSpreadsWithinItsBounds) {
  const LatticeConfig config = mixed_box(Stencil::D3Q19, Precision::FP32, CollisionOperator::Regularized, true);
  auto cpu = make_cpu_lattice(config);
  float before = 0, after = 0;
  const std::vector<float> c = tracer_after(*cpu, 30, &before, &after);
  EXPECT_LT(*std::max_element(c.begin(), c.end()), 10.f);  // spread out
  EXPECT_GE(*std::min_element(c.begin(), c.end()), 0.f);   // and bounded
  // The random start is far from divergence-free; the total moves with it,
  // but not by much in 30 steps.
  EXPECT_NEAR(after / before, 1.f, 0.05f);
}

TEST(BackendEquivalence, CudaMatchesCpuForTheTracer) {
  std::string why;
  if (!cuda_available(&why)) GTEST_SKIP() << "CPU-vs-CUDA tracer equivalence skipped: " << why;
  const LatticeConfig config = mixed_box(Stencil::D3Q19, Precision::FP32, CollisionOperator::Regularized, true);
  auto cpu = make_cpu_lattice(config);
  auto gpu = make_cuda_lattice(config);
  float cb = 0, ca = 0, gb = 0, ga = 0;
  const std::vector<float> a = tracer_after(*cpu, 30, &cb, &ca);
  const std::vector<float> b = tracer_after(*gpu, 30, &gb, &ga);
  ASSERT_EQ(a.size(), b.size());
  // The flow differs between the devices by float rounding only, and the
  // tracer follows it: the same field to 1e-4 of the pulse.
  float worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  EXPECT_LT(worst, 1e-3f);
  EXPECT_NEAR(ga / gb, ca / cb, 1e-5f);
}
