#include "particle_report.h"

#include <cmath>

namespace stirlb {

SuspensionGeometry suspension_geometry(const ParticleCloud& cloud) {
  SuspensionGeometry g;
  g.bottom = cloud.bottom();
  g.liquid_height = cloud.liquid_height();
  g.zone_volume = cloud.zone_volumes(cloud.spec().homogeneity_zones);
  return g;
}

SuspensionMetrics current_suspension(const Simulation& sim) {
  const ParticleCloud& cloud = *sim.particles();
  return suspension_metrics(cloud.beads(), suspension_geometry(cloud), sim.units().dt, cloud.spec().suspension_window,
                            sim.time(), sim.comm());
}

nlohmann::json microcarrier_summary(const Simulation& sim, const std::vector<SuspensionMetrics>& history,
                                    double wall_seconds) {
  const ParticleCloud& cloud = *sim.particles();
  const MicrocarrierSpec& spec = cloud.spec();
  nlohmann::json j;
  j["preset"] = spec.preset;
  j["diameter_m"] = spec.diameter;
  j["density_kg_m3"] = spec.density;
  j["real_beads"] = cloud.real_beads();
  j["parcels"] = cloud.total();
  j["beads_per_parcel"] = cloud.real_beads() / double(std::max<std::int64_t>(cloud.total(), 1));
  // Counted again at the end: migration between ranks must lose none.
  j["parcels_at_end"] = cloud.count_over_ranks();
  j["two_way_coupling"] = spec.two_way_coupling;
  j["suspension_window_s"] = spec.suspension_window;
  const double nu = sim.model().fluid.kinematic_viscosity;
  const double drho = spec.density - sim.model().fluid.density;
  j["stokes_settling_velocity_m_s"] = drho * 9.81 * spec.diameter * spec.diameter / (18.0 * nu * sim.model().fluid.density);
  j["wall_time_s"] = sim.particle_seconds();
  j["wall_time_share"] = wall_seconds > 0 ? sim.particle_seconds() / wall_seconds : 0.0;
  if (!history.empty()) {
    j["final"] = to_json(history.back());
    nlohmann::json series = nlohmann::json::array();
    for (const SuspensionMetrics& m : history) series.push_back(to_json(m));
    j["history"] = series;
  }
  return j;
}

}  // namespace stirlb
