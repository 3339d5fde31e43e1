#include "simulation.h"

#include <chrono>
#include <cmath>
#include <numbers>
#include <optional>
#include "parallel/mpi_check.h"
#include "parallel/mpi_partial_sum.h"
#include "parallel/profiling.h"
#include "resolution_report.h"
#include "shear_damage_laws.h"
#include "microcarrier_parser.h"

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

// The owned cells of a block's local grid, split into the shell next to the
// ghosts (whose results travel) and the interior (which updates meanwhile).
void split_block(const Block& b, std::vector<IndexBox>& border, IndexBox& interior) {
  const int lo = 1;
  const int hi[3] = {b.n[0] + 1, b.n[1] + 1, b.n[2] + 1};  // exclusive
  // Interior: one cell in from the ghosts on every side (may be empty).
  for (int a = 0; a < 3; ++a) {
    interior.lo[a] = lo + 1;
    interior.hi[a] = std::max(hi[a] - 1, lo + 1);
  }
  border.clear();
  // Peel the shell off axis by axis: z slabs, then y slabs of the rest, then x.
  IndexBox rest{{lo, lo, lo}, {hi[0], hi[1], hi[2]}};
  for (int a = 2; a >= 0; --a) {
    IndexBox low = rest, high = rest;
    low.hi[a] = std::min(rest.lo[a] + 1, rest.hi[a]);
    high.lo[a] = std::max(rest.hi[a] - 1, low.hi[a]);
    if (low.extent(a) > 0) border.push_back(low);
    if (high.extent(a) > 0) border.push_back(high);
    rest.lo[a] = low.hi[a];
    rest.hi[a] = std::max(high.lo[a], rest.lo[a]);
  }
}

}  // namespace

Simulation::Simulation(CaseModel model, BackendKind backend, ParallelOptions options)
    : model_(std::move(model)), options_(options) {
  units_ = derive_lattice_units(model_);
  std::optional<VesselLattice> vessel;
  box_ = case_lattice(model_, units_, vessel);
  decomposition_ = std::make_unique<Decomposition>(options_.comm, box_.grid, options_.procs);
  const Block& block = decomposition_->block();
  LatticeConfig config = lattice_config(model_, units_, box_);
  config.params.grid = block.local_grid();
  config.flags = local_flags(block, box_.flags);
  for (int a = 0; a < 3; ++a) {
    config.placement.origin[a] = block.lo[a] - 1;
    config.placement.global[a] = block.global[a];
    config.placement.periodic[a] = block.periodic[a];
    config.placement.owned.lo[a] = 1;
    config.placement.owned.hi[a] = block.n[a] + 1;
  }
  balance_ = stirlb::load_balance(*decomposition_, config.flags);
  lattice_ = make_lattice_backend(backend, config);
  halo_plan_ = make_halo_plan(block, velocity_set(velocity_count(config.stencil)));
  lattice_->set_halo(halo_plan_.send_slots, halo_plan_.recv_slots, options_.device_halo);
  if (options_.petsc_sf)
    transport_ = std::make_unique<PetscSfTransport>(*decomposition_, halo_plan_, velocity_count(config.stencil),
                                                    std::int64_t(velocity_count(config.stencil)) * config.params.grid.cells());
  else
    transport_ = std::make_unique<MpiNeighbourTransport>(options_.comm, halo_plan_);
  split_block(block, border_, interior_);
  lattice_->set_exposure_laws(exposure_laws(model_));
  if (vessel) {
    rotor_ = std::make_unique<Rotor>(*model_.tank, model_.fluid, units_, *vessel);
    lattice_->set_immersed_boundary(rotor_->boxes(), rotor_->markers(), rotor_->passes());
    if (decomposition_->size() > 1) {
      reducer_ = std::make_unique<MpiPartialSum>(options_.comm);
      lattice_->set_partial_sum_reducer(reducer_.get());
    }
  }
  if (model_.microcarriers) {
    check_microcarriers_fit(model_, units_, box_, resolution_report(model_, units_, box_, rotor_.get()).gaps);
    particles_ = std::make_unique<ParticleCloud>(*model_.microcarriers, model_.fluid, units_, box_,
                                                 case_liquid_volume(model_), *decomposition_, *lattice_, rotor_.get(),
                                                 damage_laws(model_, units_));
  }
  if (model_.blend)
    blend_ = std::make_unique<BlendTracer>(*model_.blend, model_.source, units_, box_, *decomposition_, *lattice_,
                                           model_.tank ? model_.tank->speed_rps() : 0.0, particles_ != nullptr);
  initialize();
}

Simulation::~Simulation() = default;

void Simulation::exchange_halo(int parity) {
  transport_->begin(*lattice_, parity);
  transport_->end(*lattice_, parity);
}

void Simulation::step_once() {
  const ProfileEvents& events = profile_events();
  const int parity = int(lattice_->steps_done() & 1);
  if (halo_plan_.messages.empty()) {
    ProfileScope scope(events.collide_stream);
    lattice_->step_region(lattice_->config().placement.owned);
  } else {
    {
      ProfileScope scope(events.collide_stream);
      for (const IndexBox& b : border_) lattice_->step_region(b);
    }
    {
      ProfileScope scope(events.halo_pack);
      transport_->begin(*lattice_, parity);
    }
    {
      ProfileScope scope(events.collide_stream);
      lattice_->step_region(interior_);
    }
    ProfileScope scope(events.halo_wait);
    transport_->end(*lattice_, parity);
  }
  lattice_->end_step();
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
      ProfileScope scope(profile_events().immersed_boundary);
      history_.push_back(rotor_->loads(lattice_->force_immersed_boundary(rotor_->pose(t)), t));
      ib_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double t = time();
    step_once();
    if (particles_) {
      const auto start = std::chrono::steady_clock::now();
      ProfileScope scope(profile_events().particles);
      particles_->advance(*lattice_, rotor_.get(), t);
      particle_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (blend_) {
      const auto start = std::chrono::steady_clock::now();
      ProfileScope scope(profile_events().blend);
      blend_->advance(*lattice_, step());
      blend_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  }
}

void Simulation::owned_blend_concentration(std::vector<float>& out) {
  owned_block(blend_->local_concentration(), 1, out);
}

void Simulation::blend_concentration(std::vector<float>& out) {
  std::vector<float> owned;
  owned_blend_concentration(owned);
  gather(owned, 1, out);
}

void Simulation::restore_blend(const std::vector<float>& owned, bool injected, std::vector<BlendSample> history) {
  blend_->restore(local_from_owned(owned, 1), injected, std::move(history));
}

double Simulation::sum_over_ranks(double local) const {
  double total = 0;
  STIRLB_CHECK(MPI, MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, options_.comm));
  return total;
}

void Simulation::owned_block(const std::vector<float>& local, int components, std::vector<float>& out) const {
  const Block& b = decomposition_->block();
  const GridShape g = b.local_grid();
  const std::size_t owned = std::size_t(b.owned_cells());
  out.resize(std::size_t(components) * owned);
  std::size_t k = 0;
  for (int c = 0; c < components; ++c)
    for (int z = 1; z <= b.n[2]; ++z)
      for (int y = 1; y <= b.n[1]; ++y) {
        const float* row = local.data() + std::size_t(c) * std::size_t(g.cells()) +
                           std::size_t(1 + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
        std::copy(row, row + b.n[0], out.begin() + std::ptrdiff_t(k));
        k += std::size_t(b.n[0]);
      }
}

void Simulation::gather(const std::vector<float>& owned, int components, std::vector<float>& out) const {
  const int size = decomposition_->size();
  std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  for (int r = 0, at = 0; r < size; ++r) {
    counts[std::size_t(r)] = int(decomposition_->block_of(r).owned_cells() * components);
    displs[std::size_t(r)] = at;
    at += counts[std::size_t(r)];
  }
  std::vector<float> all(std::size_t(displs.back() + counts.back()));
  STIRLB_CHECK(MPI, MPI_Allgatherv(owned.data(), int(owned.size()), MPI_FLOAT, all.data(), counts.data(),
                                   displs.data(), MPI_FLOAT, options_.comm));
  const GridShape& g = box_.grid;
  const std::size_t cells = std::size_t(g.cells());
  out.assign(std::size_t(components) * cells, 0.f);
  for (int r = 0; r < size; ++r) {
    const Block b = decomposition_->block_of(r);
    const float* in = all.data() + displs[std::size_t(r)];
    for (int c = 0; c < components; ++c)
      for (int z = 0; z < b.n[2]; ++z)
        for (int y = 0; y < b.n[1]; ++y)
          for (int x = 0; x < b.n[0]; ++x)
            out[std::size_t(c) * cells + std::size_t(b.lo[0] + x) +
                std::size_t(g.nx) * (std::size_t(b.lo[1] + y) + std::size_t(g.ny) * std::size_t(b.lo[2] + z))] = *in++;
  }
}

void Simulation::owned_particle_forces(std::vector<float>& out) {
  owned_block(lattice_->particle_forces(), kParticleForceComponents, out);
}

void Simulation::restore_particle_forces(const std::vector<float>& owned) {
  constexpr std::size_t kc = kParticleForceComponents;
  const std::vector<float> local = local_from_owned(owned, int(kc));
  const std::size_t cells = local.size() / kc;
  std::vector<std::int64_t> slots;
  std::vector<float> values;
  for (std::size_t n = 0; n < cells; ++n) {
    bool any = false;
    for (std::size_t a = 0; a < kc; ++a) any = any || local[a * cells + n] != 0.f;
    if (!any) continue;
    for (std::size_t a = 0; a < kc; ++a) {
      slots.push_back(std::int64_t(a * cells + n));
      values.push_back(local[a * cells + n]);
    }
  }
  lattice_->set_particle_forces(slots, values);
}

void Simulation::local_derived_fields(std::vector<float>& out) {
  std::vector<float> local;
  lattice_->derived_fields(local);
  owned_block(local, kDerivedComponentCount, out);
}

void Simulation::local_averages(std::vector<float>& out) {
  std::vector<float> local;
  lattice_->averages(local);
  owned_block(local, lattice_->average_components(), out);
}

void Simulation::derived_fields(std::vector<float>& out) {
  std::vector<float> owned;
  local_derived_fields(owned);
  gather(owned, kDerivedComponentCount, out);
}

void Simulation::averages(std::vector<float>& out) {
  std::vector<float> owned;
  local_averages(owned);
  gather(owned, lattice_->average_components(), out);
}

void Simulation::global_state(std::vector<float>& out) {
  std::vector<float> owned;
  const int q = velocity_count(lattice_->config().stencil);
  owned_block(lattice_->saved_state(), q, owned);
  gather(owned, q, out);
}

std::vector<float> Simulation::local_from_owned(const std::vector<float>& owned, int components) const {
  const Block& b = decomposition_->block();
  const GridShape g = b.local_grid();
  std::vector<float> local(std::size_t(components) * std::size_t(g.cells()), 0.f);
  std::size_t k = 0;
  for (int c = 0; c < components; ++c)
    for (int z = 1; z <= b.n[2]; ++z)
      for (int y = 1; y <= b.n[1]; ++y) {
        float* row = local.data() + std::size_t(c) * std::size_t(g.cells()) +
                     std::size_t(1 + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z));
        std::copy(owned.begin() + std::ptrdiff_t(k), owned.begin() + std::ptrdiff_t(k + std::size_t(b.n[0])), row);
        k += std::size_t(b.n[0]);
      }
  return local;
}

void Simulation::owned_state(std::vector<float>& out) {
  owned_block(lattice_->saved_state(), velocity_count(lattice_->config().stencil), out);
}

void Simulation::owned_average_sums(std::vector<float>& out) {
  const std::vector<float> sums = lattice_->average_sums();
  if (sums.empty()) {
    out.clear();
    return;
  }
  owned_block(sums, lattice_->average_components(), out);
}

void Simulation::restore(const std::vector<float>& owned_state, std::int64_t steps,
                         const std::vector<float>& owned_sums, std::int64_t samples, std::vector<RotorLoads> history) {
  lattice_->restore_state(local_from_owned(owned_state, velocity_count(lattice_->config().stencil)), steps);
  // The step that produced this state left its border results in the ghosts
  // (odd) or in its own cells (even): the same exchange as after that step.
  exchange_halo(int((steps - 1) & 1));
  lattice_->restore_average_sums(samples ? local_from_owned(owned_sums, lattice_->average_components()) : std::vector<float>{},
                                 samples);
  history_ = std::move(history);
}

std::vector<std::uint8_t> Simulation::local_box_flags() const {
  const Block& b = decomposition_->block();
  std::vector<std::uint8_t> out;
  out.reserve(std::size_t(b.owned_cells()));
  const GridShape& g = box_.grid;
  for (int z = 0; z < b.n[2]; ++z)
    for (int y = 0; y < b.n[1]; ++y)
      for (int x = 0; x < b.n[0]; ++x)
        out.push_back(box_.flags[std::size_t(b.lo[0] + x) +
                                 std::size_t(g.nx) * (std::size_t(b.lo[1] + y) + std::size_t(g.ny) * std::size_t(b.lo[2] + z))]);
  return out;
}

void Simulation::initialize() {
  const GridShape g = decomposition_->block().local_grid();
  const int* origin = lattice_->config().placement.origin;
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
          const double px = kx * cell_centre(0, x + origin[0]), py = ky * cell_centre(1, y + origin[1]);
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
  // Initialisation stores as if after an odd step (aa_streaming.h): border
  // cells have written into the ghosts.
  exchange_halo(1);
  initial_mass_ = sum_over_ranks(lattice_->sums().mass);
}

Diagnostics Simulation::diagnostics() {
  const FieldSums local = lattice_->sums();
  double sums[2] = {local.mass, local.kinetic_energy}, total[2];
  STIRLB_CHECK(MPI, MPI_Allreduce(sums, total, 2, MPI_DOUBLE, MPI_SUM, options_.comm));
  double max_speed = local.max_speed;
  int finite = local.finite ? 1 : 0;
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &max_speed, 1, MPI_DOUBLE, MPI_MAX, options_.comm));
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &finite, 1, MPI_INT, MPI_MIN, options_.comm));
  Diagnostics d;
  const double cell_mass = model_.fluid.density * cell_volume();
  d.mass_kg = total[0] * cell_mass;
  d.mass_drift = initial_mass_ > 0 ? total[0] / initial_mass_ - 1.0 : 0.0;
  const double v = units_.si.velocity;
  d.kinetic_energy_J = total[1] * cell_mass * v * v;
  d.max_speed_m_s = max_speed * v;
  d.finite = finite != 0;
  return d;
}

}  // namespace stirlb
