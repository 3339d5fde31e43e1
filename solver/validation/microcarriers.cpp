// Microcarrier motion against closed forms: settling in a quiescent fluid at
// Re_p << 1 (Stokes) and at Re_p ~ 10 (Schiller-Naumann force balance), both
// through the whole run path (case, units, seeding, backend, walls), and a
// tracer in solid-body rotation (a prescribed field through the backend's
// particle step), which measures the integrator and the interpolation.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "cases.h"
#include "solver/bead_seeding.h"
#include "validation_support.h"

namespace stirlb {

namespace {

constexpr double kGravity = 9.81;

// A column of quiescent fluid, periodic sideways, closed top and bottom,
// with beads spread uniformly through it.
CaseModel settling_column(const std::string& name, double dx, std::array<int, 3> cells, double nu, double dt,
                          double diameter, double density) {
  const std::array<double, 3> size{cells[0] * dx, cells[1] * dx, cells[2] * dx};
  // dt = lattice_velocity dx / U: pick U for the wanted dt.
  const double lattice_velocity = 0.05;
  CaseModel c = laminar_box(name, size,
                            {FaceType::Periodic, FaceType::Periodic, FaceType::Periodic, FaceType::Periodic,
                             FaceType::Wall, FaceType::Wall},
                            nu, size[0], lattice_velocity * dx / dt, cells[0], lattice_velocity);
  MicrocarrierSpec m;
  m.diameter = diameter;
  m.density = density;
  m.loading_unit = LoadingUnit::BeadsPerMillilitre;
  m.loading = 10;
  m.parcels = 400;
  m.initial = BeadStart::Uniform;
  c.microcarriers = m;
  return c;
}

// Mean vertical velocity (m/s) of the beads that never touched the bottom.
double falling_velocity(const Simulation& sim, int& counted) {
  const ParticleCloud& cloud = *sim.particles();
  double sum = 0;
  counted = 0;
  for (const Bead& b : cloud.beads()) {
    if (b.since_bottom < 1e29f) continue;
    sum += double(b.v[2]);
    ++counted;
  }
  return counted ? sum / counted * sim.units().si.velocity : 0.0;
}

double schiller_naumann(double re) { return 1.0 + 0.15 * std::pow(re, 0.687); }

// The terminal velocity where drag balances gravity minus buoyancy, by
// bisection on |v| (independent of the kernels' formulation).
double terminal_velocity(double diameter, double density, double fluid_density, double nu) {
  const double weight = (density - fluid_density) * kGravity * std::numbers::pi / 6 * std::pow(diameter, 3);
  double lo = 0, hi = 10;
  for (int k = 0; k < 200; ++k) {
    const double v = 0.5 * (lo + hi);
    const double drag = 3 * std::numbers::pi * fluid_density * nu * diameter * v * schiller_naumann(v * diameter / nu);
    (drag > weight ? hi : lo) = v;
  }
  return 0.5 * (lo + hi);
}

ValidationResult settle(const std::string& name, const ValidationOptions& options, double dx,
                        std::array<int, 3> cells, double nu, double dt, double diameter, double density,
                        double seconds, double reference, const std::string& reference_name, double re_target,
                        double re_tolerance) {
  CaseModel c = settling_column(name, dx, cells, nu, dt, diameter, density);
  Simulation sim(c, options.backend);
  sim.advance(sim.units().steps_for(seconds));
  int counted = 0;
  const double v = -falling_velocity(sim, counted);
  const double re = v * diameter / nu;
  const double tau_p = (density / c.fluid.density + 0.5) * diameter * diameter / (18 * nu * schiller_naumann(re));
  ValidationResult r;
  std::ostringstream s;
  s << "d = " << diameter * 1e6 << " um, rho_p = " << density << " kg/m3, nu = " << nu << " m2/s, dx = " << dx * 1e3
    << " mm, dt = " << sim.units().dt << " s, tau_p / dt = " << tau_p / sim.units().dt << ", Re_p = " << re << ", "
    << counted << " beads off the bottom after " << seconds << " s";
  r.setup = s.str();
  r.checks.push_back(check_relative("terminal velocity against " + reference_name + " (m/s)", v, reference, 0.01));
  r.checks.push_back(check_absolute("Re_p of the case", re, re_target, re_tolerance));
  r.checks.push_back(check_absolute("beads off the bottom measured (1 = some)", counted > 0 ? 1 : 0, 1, 0));
  return r;
}

}  // namespace

ValidationResult run_stokes_settling(const ValidationOptions& options) {
  // 200 um beads, 5 % denser than a fluid 10x as viscous as water: Re_p ~ 2e-3,
  // where Schiller-Naumann differs from Stokes by 0.2 %. tau_p ~ dt / 30:
  // the bead relaxes within one step, which the exponential integrator must
  // take in its stride.
  const double d = 200e-6, rho = 1050, nu = 1e-5;
  const double stokes = (rho - 1000.0) * kGravity * d * d / (18 * nu * 1000.0);
  return settle("stokes-settling", options, 0.5e-3, {8, 8, 24}, nu, 0.01, d, rho, 0.5, stokes,
                "Stokes (rho_p - rho_f) g d^2 / (18 mu)", 0.0, 0.01);
}

ValidationResult run_schiller_naumann(const ValidationOptions& options) {
  // Steel beads of 0.8 mm in an oil of 10 mm2/s: Re_p ~ 10, tau_p ~ 8 dt.
  const double d = 0.8e-3, rho = 7800, nu = 1e-5;
  const double balance = terminal_velocity(d, rho, 1000.0, nu);
  return settle("schiller-naumann", options, 1e-3, {8, 8, 64}, nu, 2e-3, d, rho, 0.2, balance,
                "the Schiller-Naumann force balance", 10.0, 3.0);
}

ValidationResult run_solid_body_tracer(const ValidationOptions& options) {
  // A 64^3 box of prescribed solid-body rotation, 1000 steps per revolution;
  // tracers (tau_p << dt) at three radii must keep their radius.
  const int n = 64;
  std::array<BoxFaceSpec, 6> faces{};
  const BoxLattice box = build_box_lattice({n, n, n}, faces);
  LatticeConfig config;
  config.params.grid = box.grid;
  config.flags = box.flags;
  config.collision = CollisionOperator::BGK;
  std::unique_ptr<LatticeBackend> lattice = make_lattice_backend(options.backend, config);
  const GridShape& g = box.grid;
  ParticleGrid grid;
  grid.nx = g.nx, grid.ny = g.ny, grid.nz = g.nz;
  for (int a = 0; a < 3; ++a) grid.owned_lo[a] = 0;
  grid.owned_hi[0] = g.nx, grid.owned_hi[1] = g.ny, grid.owned_hi[2] = g.nz;
  BeadParams p;
  p.diameter = 0.01f;
  p.density_ratio = 1.f;
  p.viscosity = 0.1f;
  lattice->enable_particles(grid, p);
  const int steps_per_revolution = options.quick ? 1000 : 2000;
  const double omega = 2 * std::numbers::pi / steps_per_revolution;
  const double centre = 0.5 * g.nx;  // bead coordinates: the box's middle
  std::vector<float> field(std::size_t(kParticleFieldComponents) * std::size_t(g.cells()), 0.f);
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        const std::size_t c = std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
        if (box.flags[c] != kFluid) continue;
        field[kFluidUx * std::size_t(g.cells()) + c] = float(-omega * (y + 0.5 - centre));
        field[kFluidUy * std::size_t(g.cells()) + c] = float(omega * (x + 0.5 - centre));
      }
  lattice->set_particle_field(field);
  const std::vector<double> radii = {8.3, 17.1, 26.4};
  std::vector<Bead> beads;
  for (std::size_t k = 0; k < radii.size(); ++k) {
    Bead b{};
    b.x[0] = float(centre + radii[k]);
    b.x[1] = float(centre);
    b.x[2] = float(centre + 0.25);
    b.v[1] = float(omega * radii[k]);
    b.fluid_u[1] = b.v[1];
    b.weight = 1;
    b.since_bottom = 1e30f;
    b.id = std::int64_t(k);
    beads.push_back(b);
  }
  const int revolutions = 3;
  RotorMotion still;
  for (int s = 0; s < revolutions * steps_per_revolution; ++s) {
    lattice->end_step();
    lattice->advance_particles(beads, still, nullptr);
  }
  double worst = 0;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    const double r = std::hypot(beads[k].x[0] - centre, beads[k].x[1] - centre);
    worst = std::max(worst, std::fabs(r - radii[k]) / radii[k] / revolutions);
  }
  ValidationResult r;
  std::ostringstream s;
  s << steps_per_revolution << " steps per revolution, radii 8.3, 17.1, 26.4 cells, " << revolutions
    << " revolutions, prescribed field, " << lattice->describe();
  r.setup = s.str();
  r.checks.push_back(check_below("radius drift per revolution (relative)", worst, 1e-3));
  return r;
}

}  // namespace stirlb
