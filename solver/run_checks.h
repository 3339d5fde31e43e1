#pragma once
// Judgements a report shows as warnings, made where the numbers are: is the
// lattice fine enough, did the power number settle over the averaging
// window, does the dissipation balance the shaft power, did the tracer
// blend. Each is {"name", "ok", "message"} in summary.json "checks".
#include <nlohmann/json.hpp>

namespace stirlb {

// From the finished summary (its "tank", "resolution" and "blend"
// sections) and, for the steadiness check, the power numbers of the two
// halves of the averaging window.
struct WindowHalves {
  double first_mean = 0, second_mean = 0;
  bool available = false;
};

nlohmann::json run_checks(const nlohmann::json& summary, const WindowHalves& power_halves);

// Thresholds, in one place for the code and the README.
constexpr double kMinCellsPerImpeller = 30.0;   // M-Star's guide: 30-100 per D
constexpr double kSteadyPowerDrift = 0.05;      // |Np(2nd half) / Np(1st half) - 1|
constexpr double kEnergyBalanceTolerance = 0.3;  // |dissipation / shaft power - 1|
constexpr double kMinAveragingRevolutions = 3.0;

}  // namespace stirlb
