#include "particle_cloud.h"

#include <vtkCellArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkTriangleFilter.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include "parallel/mpi_check.h"
#include "kernels/particle_laws.h"
#include "solver/bead_seeding.h"

namespace stirlb {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

// The rotor's triangles at angle 0 in bead coordinates.
std::vector<float> rotor_vertices(vtkPolyData* body, const std::array<double, 3>& origin_cell, double dx) {
  vtkNew<vtkTriangleFilter> tri;
  tri->SetInputData(body);
  tri->PassLinesOff();
  tri->PassVertsOff();
  tri->Update();
  vtkPolyData* mesh = tri->GetOutput();
  std::vector<float> v;
  vtkCellArray* polys = mesh->GetPolys();
  const vtkIdType* ids = nullptr;
  vtkIdType n = 0;
  for (polys->InitTraversal(); polys->GetNextCell(n, ids);) {
    if (n != 3) continue;
    for (int k = 0; k < 3; ++k) {
      double p[3];
      mesh->GetPoint(ids[k], p);
      for (int a = 0; a < 3; ++a) v.push_back(float(p[a] / dx + origin_cell[std::size_t(a)] + 0.5));
    }
  }
  return v;
}

bool bead_id_less(const Bead& a, const Bead& b) { return a.id < b.id; }

}  // namespace

ParticleCloud::ParticleCloud(const MicrocarrierSpec& spec, const FluidProperties& fluid, const LatticeUnits& units,
                             const BoxLattice& box, double liquid_volume, const Decomposition& decomposition,
                             LatticeBackend& lattice, const Rotor* rotor, const DamageLaws& damage)
    : spec_(spec),
      units_(units),
      density_(fluid.density),
      decomposition_(decomposition),
      block_(decomposition.block()),
      params_(bead_params(spec, fluid, units)),
      origin_cell_(box.origin_cell),
      global_(block_.global),
      periodic_(block_.periodic) {
  const GridShape g = block_.local_grid();
  grid_.nx = g.nx, grid_.ny = g.ny, grid_.nz = g.nz;
  for (int a = 0; a < 3; ++a) {
    grid_.origin[a] = block_.lo[std::size_t(a)] - 1;
    grid_.owned_lo[a] = 1;
    grid_.owned_hi[a] = block_.n[std::size_t(a)] + 1;
  }
  params_.damage = damage;
  lattice.enable_particles(grid_, params_);
  halo_ = std::make_unique<CellFieldHalo>(decomposition.comm(), block_, kParticleFieldComponents, kParticleFieldTags);
  lattice.set_particle_halo(halo_->plan().send_slots, halo_->plan().recv_slots);
  if (rotor) {
    const std::vector<float> vertices = rotor_vertices(rotor->body(), origin_cell_, units.dx);
    lattice.set_rotor_triangles(vertices, bin_triangles(vertices, 2.f));
  }

  // Liquid per z layer, from the whole lattice every rank holds.
  const GridShape& whole = box.grid;
  liquid_per_layer_.assign(std::size_t(whole.nz), 0);
  for (int z = 0; z < whole.nz; ++z)
    for (int y = 0; y < whole.ny; ++y)
      for (int x = 0; x < whole.nx; ++x)
        if (box.flags[std::size_t(x + std::int64_t(whole.nx) * (y + std::int64_t(whole.ny) * z))] == kFluid)
          ++liquid_per_layer_[std::size_t(z)];
  std::int64_t first = -1, last = -1;
  for (int z = 0; z < whole.nz; ++z)
    if (liquid_per_layer_[std::size_t(z)] > 0) {
      if (first < 0) first = z;
      last = z;
    }
  // Tanks: physical z = 0 is the lowest point of the bottom; boxes: the lower
  // fluid face. Either way it is bead coordinate origin_cell + 0.5.
  bottom_ = origin_cell_[2] + 0.5;
  liquid_height_ = double(last + 1) - bottom_;
  (void)first;

  real_beads_ = real_bead_count(spec, liquid_volume);
  std::vector<Bead> all = seed_beads(spec, box, units.dx, real_beads_);
  total_ = std::int64_t(all.size());
  for (const Bead& b : all)
    if (owns(b)) beads_.push_back(b);
}

bool ParticleCloud::owns(const Bead& b) const {
  for (int a = 0; a < 3; ++a) {
    const int c = int(std::floor(b.x[a]));
    if (c < block_.lo[std::size_t(a)] || c >= block_.lo[std::size_t(a)] + block_.n[std::size_t(a)]) return false;
  }
  return true;
}

RotorMotion ParticleCloud::motion(const Rotor& rotor, double t) const {
  RotorMotion m;
  m.axis_x = float(origin_cell_[0] + 0.5);
  m.axis_y = float(origin_cell_[1] + 0.5);
  // Reduced in double before rounding: the angle grows without bound.
  m.angle_before = float(std::fmod(rotor.angle(t), kTwoPi));
  m.angle_after = float(std::fmod(rotor.angle(t + units_.dt), kTwoPi));
  m.omega = float(rotor.omega(t + units_.dt) * units_.dt);
  return m;
}

void ParticleCloud::advance(LatticeBackend& lattice, const Rotor* rotor, double t) {
  halo_->exchange([&](std::vector<float>& out) { lattice.pack_particle_halo(out); },
                  [&](const std::vector<float>& in) { lattice.unpack_particle_halo(in); });
  const RotorMotion m = rotor ? motion(*rotor, t) : RotorMotion{};
  std::vector<std::int64_t> start_cells;
  std::vector<float> start_v;
  if (spec_.two_way_coupling) {
    start_cells.reserve(beads_.size());
    start_v.reserve(3 * beads_.size());
    for (const Bead& b : beads_) {
      std::int64_t c[3];
      for (int a = 0; a < 3; ++a) c[a] = std::int64_t(std::floor(b.x[a])) - grid_.origin[a];
      start_cells.push_back(c[0] + grid_.nx * (c[1] + std::int64_t(grid_.ny) * c[2]));
      start_v.insert(start_v.end(), {b.v[0], b.v[1], b.v[2]});
    }
  }
  lattice.advance_particles(beads_, m, spec_.two_way_coupling ? &reaction_ : nullptr);
  if (spec_.two_way_coupling) deposit_reaction(lattice, start_cells, start_v);
  migrate();
}

// Each parcel's reaction goes into the cell it started the step in, which
// this rank owns: nearest-grid-point spreading needs no reverse halo. Sums
// per cell run in id order, so the force is the same on any rank count.
//
// The reaction of a parcel over the step it just took (fluid_reaction) is
//   R = -k (u - v_start) + X,   k = m (1 - e^{-1/tau_p}),
// the drag on the slip it saw at the start of the step, with u the fluid's
// velocity there, plus X, what the other forces (excess weight, the part of
// the fluid-acceleration force the step did not turn into slip) leave to
// the fluid. Put into the fluid as it stands, R acts one step late: the
// fluid is pushed by the slip of the step before, which for the lattice's
// odd-even oscillation (u flipping sign every step, barely damped at
// tau -> 1/2) points along the fluid's present velocity, so heavy cells
// (a settled bed: several times their fluid mass in beads) amplified it by
// a few per cent a step until the tank runs diverged. So the drag goes in
// as a coefficient instead: the cell gets E - K u with u the velocity of
// the step it acts in (solved implicitly by the lattice, cell_force), E =
// X + K V, V the k-weighted velocity of its parcels now. K is the momentum
// the fluid gives up per unit slip in a step of the two-phase relaxation of
// the cell's fluid (mass 1) and its parcels (mass m), which ends at their
// common velocity and cannot overshoot it however heavy the parcels are:
//   K' = m/(1 + m) (1 - (1 - k/m)^(1 + m)),
// divided by 1 - K'/2 for the half of the force that the implicit velocity
// already contains. Where the parcels are light (m << 1) K = k, and in
// steady settling (u and V constant) the cell gets the parcels' excess
// weight, X, as before.
void ParticleCloud::deposit_reaction(LatticeBackend& lattice, const std::vector<std::int64_t>& start_cells,
                                     const std::vector<float>& start_v) {
  std::vector<std::size_t> order;
  order.reserve(beads_.size());
  for (std::size_t i = 0; i < beads_.size(); ++i)
    if (beads_[i].state & kBeadReleased) order.push_back(i);
  // Stable: the beads are in id order, and stay so within each cell.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return start_cells[a] < start_cells[b]; });
  const float effective = bead_volume(params_.diameter) * (params_.density_ratio + params_.added_mass);
  std::vector<std::int64_t> slots;
  std::vector<float> values;
  const std::int64_t cells = grid_.cells();
  for (std::size_t q = 0; q < order.size();) {
    const std::int64_t cell = start_cells[order[q]];
    float x[3] = {0.f, 0.f, 0.f}, kv[3] = {0.f, 0.f, 0.f}, mass = 0.f, k = 0.f;
    for (; q < order.size() && start_cells[order[q]] == cell; ++q) {
      const std::size_t i = order[q];
      const Bead& b = beads_[i];
      const float v0[3] = {start_v[3 * i], start_v[3 * i + 1], start_v[3 * i + 2]};
      // b.fluid_u: the fluid's velocity at the start of the step just taken.
      const float m = b.weight * effective;
      const float ki = m * -expm1f(-1.f / response_time(params_, b.fluid_u, v0));
      for (std::size_t a = 0; a < 3; ++a) {
        x[a] += reaction_[3 * i + a] + ki * (b.fluid_u[a] - v0[a]);
        kv[a] += ki * b.v[a];
      }
      mass += m;
      k += ki;
    }
    float kc = 0.f;
    if (k > 0.f && mass > 0.f) {
      const float share = std::min(k / mass, 1.f);
      const float exchanged = mass / (1.f + mass) * -expm1f((1.f + mass) * std::log1p(-std::min(share, 0.999999f)));
      kc = exchanged / (1.f - 0.5f * exchanged);
    }
    const float scale = k > 0.f ? kc / k : 0.f;
    for (int a = 0; a < 3; ++a) {
      slots.push_back(a * cells + cell);
      values.push_back(x[a] + scale * kv[a]);  // per unit lattice cell volume
    }
    slots.push_back(3 * cells + cell);
    values.push_back(kc);
  }
  lattice.set_particle_forces(slots, values);
}

void ParticleCloud::migrate() {
  const int size = decomposition_.size();
  const MPI_Comm comm = decomposition_.comm();
  std::vector<std::vector<Bead>> outgoing(static_cast<std::size_t>(size));
  std::vector<Bead> kept;
  kept.reserve(beads_.size());
  bool any_left = false;
  for (Bead b : beads_) {
    if (!(b.state & kBeadLeftBlock)) {
      kept.push_back(b);
      continue;
    }
    b.state &= ~std::uint32_t(kBeadLeftBlock);
    std::array<int, 3> cell{};
    for (int a = 0; a < 3; ++a) {
      const float n = float(global_[std::size_t(a)]);
      if (periodic_[std::size_t(a)]) {
        if (b.x[a] < 0.f) b.x[a] += n;
        if (b.x[a] >= n) b.x[a] -= n;
      }
      cell[std::size_t(a)] = std::clamp(int(std::floor(b.x[a])), 0, global_[std::size_t(a)] - 1);
    }
    const int owner = size == 1 ? 0 : decomposition_.owner_of(cell);
    if (owner == decomposition_.rank()) {
      kept.push_back(b);
    } else {
      outgoing[std::size_t(owner)].push_back(b);
      any_left = true;
    }
  }
  if (size == 1) {
    beads_.swap(kept);
    return;
  }
  int anyone = any_left ? 1 : 0;
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &anyone, 1, MPI_INT, MPI_MAX, comm));
  if (!anyone) {
    beads_.swap(kept);
    return;
  }
  std::vector<int> send_counts(static_cast<std::size_t>(size)), recv_counts(static_cast<std::size_t>(size));
  std::vector<int> send_displs(static_cast<std::size_t>(size)), recv_displs(static_cast<std::size_t>(size));
  std::vector<Bead> send;
  for (int r = 0; r < size; ++r) {
    send_displs[std::size_t(r)] = int(send.size() * sizeof(Bead));
    send.insert(send.end(), outgoing[std::size_t(r)].begin(), outgoing[std::size_t(r)].end());
    send_counts[std::size_t(r)] = int(outgoing[std::size_t(r)].size() * sizeof(Bead));
  }
  STIRLB_CHECK(MPI, MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm));
  int total = 0;
  for (int r = 0; r < size; ++r) {
    recv_displs[std::size_t(r)] = total;
    total += recv_counts[std::size_t(r)];
  }
  std::vector<Bead> received(static_cast<std::size_t>(total) / sizeof(Bead));
  STIRLB_CHECK(MPI, MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_BYTE, received.data(),
                                  recv_counts.data(), recv_displs.data(), MPI_BYTE, comm));
  kept.insert(kept.end(), received.begin(), received.end());
  std::sort(kept.begin(), kept.end(), bead_id_less);
  beads_.swap(kept);
}

std::int64_t ParticleCloud::count_over_ranks() const {
  std::int64_t n = std::int64_t(beads_.size()), total = 0;
  STIRLB_CHECK(MPI, MPI_Allreduce(&n, &total, 1, MPI_INT64_T, MPI_SUM, decomposition_.comm()));
  return total;
}

std::vector<double> ParticleCloud::zone_volumes(int zones) const {
  std::vector<double> v(std::size_t(std::max(zones, 1)), 0.0);
  for (std::size_t z = 0; z < liquid_per_layer_.size(); ++z) {
    const double h = (double(z) + 0.5 - bottom_) / liquid_height_;
    if (h < 0 || h >= 1 || liquid_per_layer_[z] == 0) continue;
    v[std::min(std::size_t(h * double(v.size())), v.size() - 1)] += liquid_per_layer_[z];
  }
  return v;
}

BeadSample ParticleCloud::sample(const Bead& b) const {
  BeadSample s{};
  const double dx = units_.dx;
  for (int a = 0; a < 3; ++a) {
    s.position[a] = (double(b.x[a]) - 0.5 - origin_cell_[std::size_t(a)]) * dx;
    s.velocity[a] = float(b.v[a] * units_.si.velocity);
  }
  const double rate = double(b.shear_rate) / units_.dt;
  const double nu = double(b.viscosity) * dx * dx / units_.dt;
  const double nu0 = units_.lattice_viscosity * dx * dx / units_.dt;
  s.shear_stress = float(density_ * nu * rate);
  s.eddy_shear_stress = float(density_ * std::max(nu - nu0, 0.0) * rate);
  const double eps = nu * rate * rate;  // 2 nu S:S with |S| = sqrt(2 S:S)
  s.dissipation = float(eps);
  s.kolmogorov = float(std::pow(nu0 * nu0 * nu0 / std::max(eps, 1e-30), 0.25));
  s.age = float(double(b.age) * units_.dt);
  const double window = spec_.suspension_window / units_.dt;
  s.bottom_contact = (b.state & kBeadBottomContact) != 0;
  s.resting = double(b.bottom_time) > window;
  s.suspended = (b.state & kBeadReleased) && double(b.age) > window && double(b.since_bottom) > window;
  return s;
}

std::vector<double> ParticleCloud::gathered_table() const {
  std::vector<double> mine;
  mine.reserve(beads_.size() * kTableColumns);
  for (const Bead& b : beads_) {
    mine.insert(mine.end(), {double(b.id), b.x[0], b.x[1], b.x[2], b.v[0], b.v[1], b.v[2], b.fluid_u[0],
                             b.fluid_u[1], b.fluid_u[2], b.shear_rate, b.viscosity, b.age, b.bottom_time,
                             b.since_bottom, b.weight, double(b.state), 0.0});
    mine.insert(mine.end(), std::begin(b.damage), std::end(b.damage));
  }
  const MPI_Comm comm = decomposition_.comm();
  const int size = decomposition_.size();
  int n = int(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  STIRLB_CHECK(MPI, MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
  int total = 0;
  for (int r = 0; r < size; ++r) displs[std::size_t(r)] = total, total += counts[std::size_t(r)];
  std::vector<double> all(static_cast<std::size_t>(total));
  STIRLB_CHECK(MPI, MPI_Allgatherv(mine.data(), n, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE,
                                   comm));
  // Rows by id, so that the file does not depend on the rank count.
  std::vector<std::size_t> order(all.size() / kTableColumns);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return all[a * kTableColumns] < all[b * kTableColumns]; });
  std::vector<double> sorted;
  sorted.reserve(all.size());
  for (std::size_t i : order) sorted.insert(sorted.end(), all.begin() + std::ptrdiff_t(i * kTableColumns),
                                           all.begin() + std::ptrdiff_t((i + 1) * kTableColumns));
  return sorted;
}

void ParticleCloud::restore(const std::vector<double>& table) {
  beads_.clear();
  const std::size_t rows = table.size() / kTableColumns;
  for (std::size_t r = 0; r < rows; ++r) {
    const double* v = table.data() + r * kTableColumns;
    Bead b{};
    b.id = std::int64_t(v[0]);
    for (int a = 0; a < 3; ++a) {
      b.x[a] = float(v[1 + a]);
      b.v[a] = float(v[4 + a]);
      b.fluid_u[a] = float(v[7 + a]);
    }
    b.shear_rate = float(v[10]);
    b.viscosity = float(v[11]);
    b.age = float(v[12]);
    b.bottom_time = float(v[13]);
    b.since_bottom = float(v[14]);
    b.weight = float(v[15]);
    b.state = std::uint32_t(v[16]);
    for (int m = 0; m < kMaxDamageLaws; ++m) b.damage[m] = v[18 + m];
    if (owns(b)) beads_.push_back(b);
  }
  total_ = std::int64_t(rows);
}

}  // namespace stirlb
