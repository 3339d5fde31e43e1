#pragma once
// What a tank run reports about its impeller: the torque time series, the
// power number over the averaging window, and the energy balance.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>
#include "simulation.h"

namespace stirlb {

struct PowerStatistics {
  std::int64_t samples = 0;
  double window_start_s = 0, window_end_s = 0;
  double power_number_mean = 0, power_number_std = 0;
  double torque_mean = 0;  // N m
  double power_mean = 0;   // W
};

// Over the loads recorded at or after `from_time` (s) once the impeller has
// reached its set speed: samples from the ramp, where N is near 0, would
// swamp P / (rho N^3 D^5).
PowerStatistics power_statistics(const std::vector<RotorLoads>& history, double from_time, double full_speed_rps);

// One row per step: time, revolutions, speed, torque, power, Np, slip.
void write_torque_csv(const std::filesystem::path& path, const std::vector<RotorLoads>& history);

// The "tank" section of summary.json. `averages` are the time-averaged
// fields (empty when the run did not average); they give the dissipation
// integral of the energy balance.
nlohmann::json tank_summary(const Simulation& sim, const PowerStatistics& power, const std::vector<float>& averages);

}  // namespace stirlb
