#include "tank_report.h"

#include <cmath>
#include <numbers>
#include <sstream>

#include "postproc/atomic_file.h"

namespace stirlb {

PowerStatistics power_statistics(const std::vector<RotorLoads>& history, double from_time, double full_speed_rps) {
  PowerStatistics s;
  double sum = 0, sum_sq = 0;
  for (const RotorLoads& l : history) {
    if (l.time < from_time || l.speed_rps < full_speed_rps * (1 - 1e-9)) continue;
    if (s.samples == 0) s.window_start_s = l.time;
    s.window_end_s = l.time;
    ++s.samples;
    sum += l.power_number;
    sum_sq += l.power_number * l.power_number;
    s.torque_mean += l.torque;
    s.power_mean += l.power;
  }
  if (s.samples == 0) return s;
  const double n = double(s.samples);
  s.power_number_mean = sum / n;
  s.power_number_std = std::sqrt(std::max(sum_sq / n - s.power_number_mean * s.power_number_mean, 0.0));
  s.torque_mean /= n;
  s.power_mean /= n;
  return s;
}

void write_torque_csv(const std::filesystem::path& path, const std::vector<RotorLoads>& history) {
  std::ostringstream os;
  os.precision(9);
  os << "time_s,revolutions,speed_rps,torque_Nm,power_W,power_number,force_x_N,force_y_N,force_z_N,slip_fraction\n";
  for (const RotorLoads& l : history)
    os << l.time << ',' << std::abs(l.angle) / (2 * std::numbers::pi) << ',' << l.speed_rps << ',' << l.torque << ','
       << l.power << ',' << l.power_number << ',' << l.force[0] << ',' << l.force[1] << ',' << l.force[2] << ','
       << l.slip << '\n';
  write_file_atomic(path, os.str());
}

nlohmann::json tank_summary(const Simulation& sim, const PowerStatistics& power, const std::vector<float>& averages) {
  const CaseModel& c = sim.model();
  const TankSpec& t = *c.tank;
  const double n = t.speed_rps(), d = t.impeller_diameter(), rho = c.fluid.density;
  const double cell_volume = sim.cell_volume();
  const double volume_voxel = double(sim.box().fluid_cell_count()) * cell_volume;
  const double volume = liquid_volume(t.vessel);
  nlohmann::json j = {
      {"vessel_diameter_m", t.vessel.diameter},
      {"liquid_height_m", t.vessel.liquid_height},
      {"liquid_volume_m3", volume},
      {"liquid_volume_voxelised_m3", volume_voxel},
      {"impeller_diameter_m", d},
      {"impellers", t.impellers.size()},
      {"speed_rpm", t.shaft.speed_rpm},
      {"tip_speed_m_s", std::numbers::pi * n * d},
      {"reynolds_number", n * d * d / c.fluid.kinematic_viscosity},
      {"averaging",
       {{"revolutions_requested", c.run.averaging_revolutions},
        {"window_start_s", power.window_start_s},
        {"window_end_s", power.window_end_s},
        {"torque_samples", power.samples}}},
  };
  if (power.samples == 0) return j;
  // Per unit of the simulated (voxelised) volume: that is the liquid the
  // power went into.
  const double p_per_v = power.power_mean / volume_voxel;
  j["power_number"] = {{"mean", power.power_number_mean}, {"std", power.power_number_std}};
  j["torque_Nm"] = power.torque_mean;
  j["power_W"] = power.power_mean;
  j["power_per_volume_W_m3"] = p_per_v;
  j["mean_dissipation_W_kg"] = p_per_v / rho;
  if (!averages.empty()) {
    // Exposure fields follow the fixed components: count them all.
    const std::size_t cells = averages.size() / std::size_t(sim.lattice().average_components());
    const float* eps = averages.data() + std::size_t(kMeanDissipation) * cells;
    double integral = 0;
    for (std::size_t k = 0; k < cells; ++k) integral += eps[k];
    integral = sim.sum_over_ranks(integral) * rho * cell_volume;
    j["energy_balance"] = {{"dissipation_integral_W", integral},
                           {"shaft_power_W", power.power_mean},
                           {"ratio", power.power_mean != 0 ? integral / power.power_mean : 0.0}};
  }
  return j;
}

}  // namespace stirlb
