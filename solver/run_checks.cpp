#include "solver/run_checks.h"

#include <cmath>
#include <sstream>

namespace stirlb {

namespace {

nlohmann::json check(const char* name, bool ok, const std::string& message) {
  return {{"name", name}, {"ok", ok}, {"message", message}};
}

std::string fixed(double v, int digits = 2) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

}  // namespace

nlohmann::json run_checks(const nlohmann::json& summary, const WindowHalves& halves) {
  nlohmann::json out = nlohmann::json::array();
  if (summary.contains("resolution")) {
    const nlohmann::json& r = summary["resolution"];
    const double cells = r.value("cells_per_impeller_diameter", 0.0);
    const bool gaps_ok = r["warnings"].empty();
    std::string message = fixed(cells, 0) + " cells per impeller diameter";
    if (cells < kMinCellsPerImpeller)
      message += " (below " + fixed(kMinCellsPerImpeller, 0) +
                 ": power numbers and dissipation are not resolution-independent; use 50-80 for Np, 80-100 for "
                 "dissipation)";
    for (const auto& w : r["warnings"]) message += "; " + w.get<std::string>();
    out.push_back(check("resolution", cells >= kMinCellsPerImpeller && gaps_ok, message));
  }
  if (summary.contains("tank")) {
    const nlohmann::json& tank = summary["tank"];
    const nlohmann::json& avg = tank["averaging"];
    const double revolutions = (avg.value("window_end_s", 0.0) - avg.value("window_start_s", 0.0)) *
                               tank.value("speed_rpm", 0.0) / 60.0;
    // The window is a whole number of steps: 2.998 revolutions asked as 3 is 3.
    const bool long_enough = revolutions >= kMinAveragingRevolutions - 0.01;
    out.push_back(check("averaging window", long_enough,
                        "averages over " + fixed(revolutions, 1) + " revolutions" +
                            (long_enough
                                 ? std::string()
                                 : " (fewer than " + fixed(kMinAveragingRevolutions, 0) +
                                       ": means and hotspot volumes are noisy)")));
    if (halves.available && halves.first_mean > 0) {
      const double drift = halves.second_mean / halves.first_mean - 1;
      out.push_back(check("statistically steady", std::abs(drift) <= kSteadyPowerDrift,
                          "power number " + fixed(halves.first_mean) + " in the first half of the averaging window, " +
                              fixed(halves.second_mean) + " in the second (" + fixed(100 * drift, 1) + " %" +
                              (std::abs(drift) <= kSteadyPowerDrift ? ")"
                                                                     : "; not yet steady: run longer before averaging)")));
    }
    if (tank.contains("energy_balance")) {
      const double ratio = tank["energy_balance"].value("ratio", 0.0);
      const bool ok = std::abs(ratio - 1) <= kEnergyBalanceTolerance;
      out.push_back(check("energy balance", ok,
                          "volume integral of the dissipation / shaft power = " + fixed(ratio) +
                              (ok ? "" : " (should approach 1 in a steady state: the lattice is too coarse for the "
                                         "dissipation, or the window is not steady)")));
    }
  }
  if (summary.contains("blend")) {
    const nlohmann::json& b = summary["blend"];
    const bool reached = !b["blend_time_s"].is_null();
    out.push_back(check("blend", reached,
                        reached ? "blended (relative standard deviation below " + fixed(100 * b.value("threshold", 0.0), 0) +
                                      " %) " + fixed(b["blend_time_s"].get<double>()) + " s after injection"
                                : "not blended by the end of the run: the blend time is longer than the run"));
  }
  return out;
}

}  // namespace stirlb
