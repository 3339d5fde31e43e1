#include "solver/blend_tracer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include "parallel/mpi_check.h"
#include "solver/case_parser.h"
#include "solver/case_table.h"

namespace stirlb {

using case_detail::num;

namespace {

std::int64_t whole_index(const GridShape& g, const std::array<int, 3>& c) {
  return c[0] + std::int64_t(g.nx) * (c[1] + std::int64_t(g.ny) * c[2]);
}

// The local index of a whole-lattice cell this rank owns, else -1.
std::int64_t owned_local_index(const Block& b, const std::array<int, 3>& c) {
  int local[3];
  for (int a = 0; a < 3; ++a) {
    const int i = c[std::size_t(a)] - b.lo[std::size_t(a)];
    if (i < 0 || i >= b.n[std::size_t(a)]) return -1;
    local[a] = i + 1;
  }
  const GridShape g = b.local_grid();
  return local[0] + std::int64_t(g.nx) * (local[1] + std::int64_t(g.ny) * local[2]);
}

// The lattice cell whose centre is nearest to a point of the case's frame.
std::array<int, 3> nearest_cell(const BoxLattice& box, double dx, const std::array<double, 3>& p) {
  std::array<int, 3> c{};
  for (int a = 0; a < 3; ++a) {
    const double i = box.origin_cell[std::size_t(a)] + p[std::size_t(a)] / dx;
    c[std::size_t(a)] = std::clamp(int(std::lround(i)), 0, (a == 0 ? box.grid.nx : a == 1 ? box.grid.ny : box.grid.nz) - 1);
  }
  return c;
}

bool is_liquid(const BoxLattice& box, const std::array<int, 3>& c) {
  return box.flags[std::size_t(whole_index(box.grid, c))] == kFluid;
}

std::string cell_text(const std::array<int, 3>& c) {
  return "(" + std::to_string(c[0]) + ", " + std::to_string(c[1]) + ", " + std::to_string(c[2]) + ")";
}

}  // namespace

BlendTracer::BlendTracer(const BlendSpec& spec, const std::string& case_file, const LatticeUnits& units,
                         const BoxLattice& box, const Decomposition& decomposition, LatticeBackend& lattice,
                         double revolutions_per_second, bool flow_halo_elsewhere)
    : spec_(spec), units_(units), comm_(decomposition.comm()) {
  const Block& block = decomposition.block();
  local_cells_ = block.local_grid().cells();
  const double dx = units.dx;

  // The pulse: the liquid cells within the radius (1.5 dx by default, so
  // that a point pulse is a few cells and not one) of the point.
  const double radius = spec.injection_radius.value_or(1.5 * dx);
  const std::array<int, 3> centre = nearest_cell(box, dx, spec.injection_point);
  const int reach = int(std::ceil(radius / dx)) + 1;
  for (int z = centre[2] - reach; z <= centre[2] + reach; ++z)
    for (int y = centre[1] - reach; y <= centre[1] + reach; ++y)
      for (int x = centre[0] - reach; x <= centre[0] + reach; ++x) {
        if (x < 0 || y < 0 || z < 0 || x >= box.grid.nx || y >= box.grid.ny || z >= box.grid.nz) continue;
        const std::array<int, 3> c{x, y, z};
        double r2 = 0;
        for (int a = 0; a < 3; ++a) {
          const double d = (c[std::size_t(a)] - box.origin_cell[std::size_t(a)]) * dx - spec.injection_point[std::size_t(a)];
          r2 += d * d;
        }
        if (r2 > radius * radius || !is_liquid(box, c)) continue;
        ++injection_cells_;
        const std::int64_t local = owned_local_index(block, c);
        if (local >= 0) injection_local_.push_back(local);
      }
  if (injection_cells_ == 0 && is_liquid(box, centre))
    throw CaseError(case_file, spec.line, "blend.injection_radius",
                    num(radius) + " m reaches no cell centre from the point; give at least half a cell (dx = " +
                        num(dx) + " m)");
  if (injection_cells_ == 0)
    throw CaseError(case_file, spec.line, "blend.injection_point",
                    "no liquid cell lies within " + num(radius) + " m of the point (nearest cell " +
                        cell_text(centre) + " is inside a wall, baffle, the shaft or above the surface); move the "
                        "point into the liquid or give a larger blend.injection_radius");
  for (std::size_t k = 0; k < spec.probes.size(); ++k) {
    const std::array<int, 3> c = nearest_cell(box, dx, spec.probes[k].position);
    if (!is_liquid(box, c))
      throw CaseError(case_file, spec.line, "blend.probe[" + std::to_string(k + 1) + "].position",
                      "probe '" + spec.probes[k].name + "' falls in cell " + cell_text(c) +
                          ", which is not liquid (a wall, baffle, the shaft or above the surface)");
    probe_local_.push_back(owned_local_index(block, c));
  }
  liquid_cells_ = box.fluid_cell_count();

  injection_step_ = units.steps_for(spec.injection_time);
  if (spec.sample_interval)
    sample_every_ = std::max<std::int64_t>(1, units.steps_for(*spec.sample_interval));
  else if (revolutions_per_second > 0)
    sample_every_ = std::max<std::int64_t>(1, std::int64_t(1.0 / (100.0 * revolutions_per_second * units.dt)));
  else
    sample_every_ = 10;

  ScalarParams p;
  p.molecular_diffusivity = float(spec.molecular_diffusivity * units.dt / (dx * dx));
  p.molecular_viscosity = float(units.lattice_viscosity);
  // The subgrid viscosity is only there with LES; without it the sampled
  // total is the molecular viscosity and adds nothing.
  p.inverse_turbulent_schmidt = float(1.0 / spec.turbulent_schmidt);
  tracer_ = lattice.make_scalar_tracer(p);
  if (!flow_halo_elsewhere) {
    flow_halo_ = std::make_unique<CellFieldHalo>(comm_, block, kParticleFieldComponents, kParticleFieldTags);
    lattice.set_particle_halo(flow_halo_->plan().send_slots, flow_halo_->plan().recv_slots);
  }
  concentration_halo_ = std::make_unique<CellFieldHalo>(
      comm_, block, scalar_halo_components(ScalarHaloField::Concentration), kScalarConcentrationTags);
  slope_halo_ = std::make_unique<CellFieldHalo>(comm_, block, scalar_halo_components(ScalarHaloField::Slopes),
                                                kScalarSlopeTags);
  for (auto [field, halo] : {std::pair{ScalarHaloField::Concentration, concentration_halo_.get()},
                             std::pair{ScalarHaloField::Slopes, slope_halo_.get()}})
    tracer_->set_halo(field, halo->plan().send_slots, halo->plan().recv_slots);
}

void BlendTracer::exchange(ScalarHaloField field, CellFieldHalo& halo) {
  halo.exchange([&](std::vector<float>& out) { tracer_->pack_halo(field, out); },
                [&](const std::vector<float>& in) { tracer_->unpack_halo(field, in); });
}

void BlendTracer::inject() {
  // Mixed, every liquid cell holds 1: the pulse holds the liquid's cell count.
  std::vector<float> c(std::size_t(local_cells_), 0.f);
  const float value = float(double(liquid_cells_) / double(injection_cells_));
  for (std::int64_t n : injection_local_) c[std::size_t(n)] = value;
  tracer_->set(c);
  exchange(ScalarHaloField::Concentration, *concentration_halo_);
  injected_ = true;
}

void BlendTracer::advance(LatticeBackend& lattice, std::int64_t steps_done) {
  if (!injected_) {
    if (steps_done < injection_step_) return;
    inject();
    sample(steps_done);
    return;
  }
  if (flow_halo_)
    flow_halo_->exchange([&](std::vector<float>& out) { lattice.pack_particle_halo(out); },
                         [&](const std::vector<float>& in) { lattice.unpack_particle_halo(in); });
  tracer_->compute_slopes();
  exchange(ScalarHaloField::Slopes, *slope_halo_);
  tracer_->update();
  exchange(ScalarHaloField::Concentration, *concentration_halo_);
  if ((steps_done - injection_step_) % sample_every_ == 0) sample(steps_done);
}

void BlendTracer::sample(std::int64_t steps_done) {
  const ScalarSums s = tracer_->sums();
  double sums[3] = {s.total, s.squares, double(s.cells)};
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, sums, 3, MPI_DOUBLE, MPI_SUM, comm_));
  BlendSample row;
  row.time = double(steps_done) * units_.dt;
  row.total = sums[0];
  const double mean = sums[0] / sums[2];
  const double variance = std::max(0.0, sums[1] / sums[2] - mean * mean);
  row.rsd = mean > 0 ? std::sqrt(variance) / mean : 0.0;
  // Each probe's cell is owned by one rank; the others add zero.
  std::vector<std::int64_t> mine;
  for (std::int64_t n : probe_local_)
    if (n >= 0) mine.push_back(n);
  const std::vector<float> values = tracer_->values_at(mine);
  row.probes.assign(probe_local_.size(), 0.0);
  for (std::size_t k = 0, m = 0; k < probe_local_.size(); ++k)
    if (probe_local_[k] >= 0) row.probes[k] = double(values[m++]) / mean;
  if (!row.probes.empty())
    STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, row.probes.data(), int(row.probes.size()), MPI_DOUBLE, MPI_SUM,
                                    comm_));
  history_.push_back(std::move(row));
}

void BlendTracer::restore(const std::vector<float>& local_concentration, bool injected,
                          std::vector<BlendSample> history) {
  injected_ = injected;
  history_ = std::move(history);
  if (!injected_) return;
  tracer_->set(local_concentration);
  exchange(ScalarHaloField::Concentration, *concentration_halo_);
}

std::vector<double> BlendTracer::history_table() const {
  std::vector<double> t;
  t.reserve(history_.size() * std::size_t(history_columns()));
  for (const BlendSample& s : history_) {
    t.insert(t.end(), {s.time, s.rsd, s.total});
    t.insert(t.end(), s.probes.begin(), s.probes.end());
  }
  return t;
}

std::vector<BlendSample> BlendTracer::history_rows(const std::vector<double>& table) const {
  const std::size_t columns = std::size_t(history_columns());
  std::vector<BlendSample> rows(table.size() / columns);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* v = table.data() + r * columns;
    rows[r].time = v[0], rows[r].rsd = v[1], rows[r].total = v[2];
    rows[r].probes.assign(v + 3, v + columns);
  }
  return rows;
}

}  // namespace stirlb
