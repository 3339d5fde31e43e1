#include "simulation.h"

#include <cmath>
#include <numbers>
#include <optional>
#include <chrono>

namespace stirlb {

BoxLattice box_lattice(const CaseModel& model, const LatticeUnits& units) {
  std::array<BoxFaceSpec, 6> faces;
  for (int f = 0; f < kFaceCount; ++f) {
    const FaceBoundary& b = model.domain.faces[f];
    BoxFaceSpec& s = faces[f];
    s.periodic = b.type == FaceType::Periodic;
    s.kind = b.type == FaceType::MovingWall ? kMovingWall : (b.type == FaceType::FreeSlip ? kFreeSlip : kWall);
    for (int a = 0; a < 3; ++a) s.velocity[a] = float(units.to_lattice_velocity(b.velocity[a]));
  }
  return build_box_lattice(units.fluid_cells, faces);
}

LatticeConfig lattice_config(const CaseModel& model, const LatticeUnits& units, const BoxLattice& box) {
  LatticeConfig c;
  c.stencil = model.numerics.stencil;
  c.precision = model.numerics.precision;
  c.collision = model.numerics.collision;
  c.params.grid = box.grid;
  c.params.tau = float(units.tau);
  const double cs = model.numerics.smagorinsky_constant;
  c.params.smagorinsky_c2 = model.numerics.les ? float(cs * cs) : 0.f;
  for (int a = 0; a < 3; ++a) c.params.body_force[a] = float(units.lattice_body_force[a]);
  for (int s = 0; s < kMaxWallVelocities; ++s)
    for (int a = 0; a < 3; ++a) c.wall_velocity[s][a] = box.wall_velocity[s][a];
  c.si = units.si;
  c.flags = box.flags;
  return c;
}

std::unique_ptr<LatticeBackend> make_lattice_backend(BackendKind backend, const LatticeConfig& config) {
  return backend == BackendKind::CUDA ? make_cuda_lattice(config) : make_cpu_lattice(config);
}

BoxLattice tank_lattice(const VesselLattice& vessel) {
  BoxLattice box;
  box.grid = vessel.grid;
  box.flags = vessel.flags;
  box.first_fluid = {1, 1, 1};
  box.fluid_cells = {vessel.grid.nx - 2, vessel.grid.ny - 2, vessel.grid.nz - 2};
  box.origin_cell = {vessel.axis_x, vessel.axis_y, vessel.bottom_z};
  box.liquid_cells = vessel.liquid_cells;
  return box;
}

namespace {

BoxLattice case_lattice(const CaseModel& model, const LatticeUnits& units, std::optional<VesselLattice>& vessel) {
  if (!model.tank) return box_lattice(model, units);
  vessel = voxelise_vessel(model.tank->vessel, units.dx);
  return tank_lattice(*vessel);
}

}  // namespace

Simulation::Simulation(CaseModel model, BackendKind backend) : model_(std::move(model)) {
  units_ = derive_lattice_units(model_);
  std::optional<VesselLattice> vessel;
  box_ = case_lattice(model_, units_, vessel);
  lattice_ = make_lattice_backend(backend, lattice_config(model_, units_, box_));
  if (vessel) {
    rotor_ = std::make_unique<Rotor>(*model_.tank, model_.fluid, units_, *vessel);
    lattice_->set_immersed_boundary(rotor_->boxes(), rotor_->markers(), rotor_->passes());
  }
  initialize();
}

void Simulation::advance(std::int64_t steps) {
  for (std::int64_t k = 0; k < steps; ++k) {
    if (average_from_ >= 0 && step() >= average_from_ && (step() - average_from_) % average_every_ == 0)
      lattice_->sample_averages();
    if (rotor_) {
      const double t = time();
      // The loads come back to the host, so on a GPU this also waits for
      // the forcing to finish: the clock measures its real cost.
      const auto start = std::chrono::steady_clock::now();
      history_.push_back(rotor_->loads(lattice_->force_immersed_boundary(rotor_->pose(t)), t));
      ib_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (!rotor_ && average_from_ < 0) {
      lattice_->step(int(steps - k));
      return;
    }
    lattice_->step(1);
  }
}

void Simulation::initialize() {
  const GridShape& g = box_.grid;
  const std::int64_t cells = g.cells();
  std::vector<float> rho(std::size_t(cells), 1.f), u(3 * std::size_t(cells), 0.f);
  const InitialState& init = model_.initial;
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x) {
        const std::size_t n = std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
        double v[3] = {0.0, 0.0, 0.0};
        double pressure = 0.0;  // Pa, gauge
        if (init.kind == InitialKind::Uniform) {
          for (int a = 0; a < 3; ++a) v[a] = init.velocity[a];
        } else if (init.kind == InitialKind::TaylorGreen) {
          const double kx = 2.0 * std::numbers::pi / model_.domain.size[0];
          const double ky = 2.0 * std::numbers::pi / model_.domain.size[1];
          const double px = kx * cell_centre(0, x), py = ky * cell_centre(1, y);
          const double amp = init.amplitude;
          v[0] = amp * std::sin(px) * std::cos(py);
          v[1] = -amp * std::cos(px) * std::sin(py);
          // The matching pressure field: starting without it launches sound waves.
          pressure = 0.25 * model_.fluid.density * amp * amp * (std::cos(2.0 * px) + std::cos(2.0 * py));
        }
        for (int a = 0; a < 3; ++a) u[a * std::size_t(cells) + n] = float(units_.to_lattice_velocity(v[a]));
        // p = cs^2 (rho - 1) in lattice units; si.stress converts lattice pressure to Pa.
        rho[n] = float(1.0 + 3.0 * pressure / units_.si.stress);
      }
  lattice_->initialize(rho, u);
  initial_mass_ = lattice_->sums().mass;
}

Diagnostics Simulation::diagnostics() {
  const FieldSums s = lattice_->sums();
  Diagnostics d;
  const double cell_mass = model_.fluid.density * cell_volume();
  d.mass_kg = s.mass * cell_mass;
  d.mass_drift = initial_mass_ > 0 ? s.mass / initial_mass_ - 1.0 : 0.0;
  const double v = units_.si.velocity;
  d.kinetic_energy_J = s.kinetic_energy * cell_mass * v * v;
  d.max_speed_m_s = s.max_speed * v;
  d.finite = s.finite;
  return d;
}

}  // namespace stirlb
