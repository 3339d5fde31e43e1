#include "field_output.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include "shear_damage_laws.h"

namespace stirlb {

namespace {

struct FieldLayout {
  const char* key;       // the case file's name for it
  const char* vtk_name;  // with its unit
  int first;             // component in the derived array
  int count;
};

// cell_type is written from the flags, not from the derived array.
constexpr FieldLayout kLayouts[] = {
    {"density", "density_kg_m3", kDensity, 1},
    {"pressure", "pressure_Pa", kPressure, 1},
    {"velocity", "velocity_m_s", kVelocityX, 3},
    {"strain_rate", "strain_rate_1_s", kStrainXX, 6},
    {"shear_rate", "shear_rate_1_s", kShearRate, 1},
    {"shear_stress", "shear_stress_Pa", kShearStress, 1},
    {"eddy_shear_stress", "eddy_shear_stress_Pa", kEddyShearStress, 1},
    {"dissipation", "dissipation_W_kg", kDissipation, 1},
    {"dissipation_molecular", "dissipation_molecular_W_kg", kDissipationMolecular, 1},
    {"dissipation_eddy", "dissipation_eddy_W_kg", kDissipationEddy, 1},
    {"kolmogorov_length", "kolmogorov_length_m", kKolmogorovLength, 1},
    {"eddy_viscosity", "eddy_viscosity_m2_s", kEddyViscosity, 1},
};

}  // namespace

FieldOutput::FieldOutput(const Simulation& sim, const std::filesystem::path& dir, std::vector<std::string> fields)
    : fields_(fields.empty() ? known_output_fields() : std::move(fields)),
      flags_(sim.local_box_flags()),
      writer_(dir, "fields", sim.comm()) {
  const BoxLattice& box = sim.box();
  geometry_.nx = box.grid.nx;
  geometry_.ny = box.grid.ny;
  geometry_.nz = box.grid.nz;
  const Block& block = sim.decomposition().block();
  for (int a = 0; a < 3; ++a) {
    geometry_.piece_lo[a] = block.lo[a];
    geometry_.piece_n[a] = block.n[a];
  }
  geometry_.spacing = sim.units().dx;
  // The fluid box starts at 0; a solid layer, where there is one, lies below it.
  for (int a = 0; a < 3; ++a) geometry_.origin[a] = (-0.5 - box.origin_cell[a]) * sim.units().dx;
}

// Hotspot exposures as the fraction of time above the threshold; damage
// models as the damage a bead would take staying an hour in the cell.
void FieldOutput::add_exposure_fields(const Simulation& sim, const std::vector<float>& averages,
                                      std::vector<FieldView>& views) {
  const std::size_t cells = flags_.size();
  const std::vector<ExposureField> fields = exposure_fields(sim.model());
  exposure_.resize(fields.size() * cells);
  for (std::size_t e = 0; e < fields.size(); ++e) {
    const float* mean = averages.data() + (std::size_t(kAverageComponentCount) + e) * cells;
    float* out = exposure_.data() + e * cells;
    const int model = fields[e].model;
    for (std::size_t n = 0; n < cells; ++n)
      out[n] = model < 0 ? mean[n]
                         : float(damage_potential(sim.model().damage.models[std::size_t(model)], double(mean[n])));
    views.push_back({fields[e].name, {out}});
  }
}

std::filesystem::path FieldOutput::write(const Simulation& sim, const std::vector<float>& derived,
                                         const std::vector<float>* averages, const std::vector<FieldView>& extra) {
  const std::size_t cells = flags_.size();
  std::vector<FieldView> views;
  std::vector<ByteFieldView> bytes;
  for (const std::string& name : fields_) {
    if (name == "cell_type") {
      bytes.push_back({"cell_type", flags_.data()});
      continue;
    }
    bool found = false;
    for (const FieldLayout& l : kLayouts) {
      if (name != l.key) continue;
      FieldView v{l.vtk_name, {}};
      for (int k = 0; k < l.count; ++k) v.components.push_back(derived.data() + std::size_t(l.first + k) * cells);
      views.push_back(std::move(v));
      found = true;
    }
    if (!found) throw std::logic_error("field_output: no layout for field '" + name + "'");
  }
  if (averages) {
    const float* a = averages->data();
    auto component = [&](int k) { return a + std::size_t(k) * cells; };
    rms_.resize(3 * cells);
    for (int c = 0; c < 3; ++c) {
      const float* mean = component(kMeanVelocityX + c);
      const float* square = component(kMeanSquareVelocityX + c);
      for (std::size_t n = 0; n < cells; ++n)
        rms_[c * cells + n] = std::sqrt(std::max(square[n] - mean[n] * mean[n], 0.f));
    }
    views.push_back({"mean_velocity_m_s", {component(kMeanVelocityX), component(kMeanVelocityY),
                                           component(kMeanVelocityZ)}});
    views.push_back({"rms_velocity_m_s", {rms_.data(), rms_.data() + cells, rms_.data() + 2 * cells}});
    views.push_back({"mean_dissipation_W_kg", {component(kMeanDissipation)}});
    views.push_back({"mean_shear_stress_Pa", {component(kMeanShearStress)}});
    views.push_back({"mean_eddy_shear_stress_Pa", {component(kMeanEddyShearStress)}});
    views.push_back({"max_dissipation_W_kg", {component(kMaxDissipation)}});
    views.push_back({"max_shear_stress_Pa", {component(kMaxShearStress)}});
    // The smallest Kolmogorov length a cell saw is that of its largest
    // dissipation: nu is constant.
    const double nu = sim.model().fluid.kinematic_viscosity;
    min_kolmogorov_.resize(cells);
    const float* eps_max = component(kMaxDissipation);
    for (std::size_t n = 0; n < cells; ++n)
      min_kolmogorov_[n] = eps_max[n] > 0 ? float(std::pow(nu * nu * nu / double(eps_max[n]), 0.25))
                                          : std::numeric_limits<float>::quiet_NaN();  // no flow: no eddies
    views.push_back({"min_kolmogorov_length_m", {min_kolmogorov_.data()}});
    add_exposure_fields(sim, *averages, views);
  }
  for (const FieldView& v : extra) views.push_back(v);
  const auto path = writer_.write(sim.time(), sim.step(), geometry_, views, bytes);
  if (sim.rotor()) writer_.write_surface(sim.time(), sim.step(), sim.rotor()->surface(sim.time()));
  if (sim.particles()) write_particles(sim);
  return path;
}

void FieldOutput::write_particles(const Simulation& sim) {
  const ParticleCloud& cloud = *sim.particles();
  const std::vector<Bead>& beads = cloud.beads();
  const std::size_t n = beads.size();
  const std::vector<DamageModelSpec>& models = sim.model().damage.models;
  std::vector<double> positions(3 * n);
  std::vector<float> velocity(3 * n), scalars(6 * n), damage(models.size() * n);
  std::vector<std::uint8_t> flags(3 * n);
  std::vector<std::int64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) {
    const BeadSample s = cloud.sample(beads[i]);
    for (int a = 0; a < 3; ++a) {
      positions[3 * i + std::size_t(a)] = s.position[a];
      velocity[std::size_t(a) * n + i] = s.velocity[a];
    }
    const float values[6] = {s.shear_stress, s.eddy_shear_stress, s.dissipation, s.kolmogorov, s.age, 0.f};
    for (int k = 0; k < 6; ++k) scalars[std::size_t(k) * n + i] = values[k];
    flags[i] = s.bottom_contact, flags[n + i] = s.resting, flags[2 * n + i] = s.suspended;
    ids[i] = beads[i].id;
    for (std::size_t m = 0; m < models.size(); ++m)
      damage[m * n + i] = float(damage_value(models[m], beads[i].damage[m]));
  }
  auto column = [&](const std::vector<float>& v, int k) { return v.data() + std::size_t(k) * n; };
  ParticleView view;
  view.count = n;
  view.positions = positions.data();
  view.ids = ids.data();
  view.fields = {{"velocity_m_s", {column(velocity, 0), column(velocity, 1), column(velocity, 2)}},
                 {"shear_stress_Pa", {column(scalars, 0)}},
                 {"eddy_shear_stress_Pa", {column(scalars, 1)}},
                 {"dissipation_W_kg", {column(scalars, 2)}},
                 {"kolmogorov_length_m", {column(scalars, 3)}},
                 {"time_since_release_s", {column(scalars, 4)}}};
  for (std::size_t m = 0; m < models.size(); ++m)
    view.fields.push_back({"damage_" + models[m].name, {damage.data() + m * n}});
  view.byte_fields = {{"bottom_contact", flags.data()}, {"resting_on_bottom", flags.data() + n},
                      {"suspended", flags.data() + 2 * n}};
  writer_.write_particles(sim.time(), sim.step(), view);
}

}  // namespace stirlb
