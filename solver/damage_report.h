#pragma once
// What a run reports about the damage its microcarriers took (the
// [[damage.model]] list): per model, the distribution of the damage value
// over the released beads, the exposure per revolution, and the fraction of
// beads past the model's damaged_at, over time (damage.csv) and at the end
// (summary.json). Every number comes from the beads of all ranks sorted by
// id, so it is the same on any rank count.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "simulation.h"
#include "time_series_csv.h"

namespace stirlb {

struct DamageModelState {
  std::vector<double> accumulated;  // per released bead, by id: seconds or dose
  std::vector<double> value;        // damage_value of each
  std::vector<double> revolutions;  // impeller revolutions (tanks) or seconds (boxes) since each bead's release
};

// Collective: the released beads' accumulators of every model, now.
std::vector<DamageModelState> damage_state(const Simulation& sim);

struct DamageSnapshot {
  double time = 0;
  std::int64_t released = 0;
  std::vector<double> mean, p95, max, fraction_damaged;  // per model
};

DamageSnapshot damage_snapshot(const Simulation& sim, const std::vector<DamageModelState>& state);

// damage.csv: time_s, released, then per model <name>_mean, <name>_p95,
// <name>_max, <name>_fraction_damaged.
class DamageCsv {
 public:
  DamageCsv(const Simulation& sim, std::filesystem::path file, std::optional<double> continue_from_time);
  void append(const DamageSnapshot& s);

 private:
  TimeSeriesCsv csv_;
};

// The "damage" section of summary.json; `history` the snapshots taken at the
// outputs, oldest first.
nlohmann::json damage_summary(const Simulation& sim, const std::vector<DamageModelState>& state,
                              const std::vector<DamageSnapshot>& history);

// Linear-interpolated percentile (0..100) of sorted values; 0 for none.
double percentile(const std::vector<double>& sorted, double p);

}  // namespace stirlb
