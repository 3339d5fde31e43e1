#include "damage_report.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include "shear_damage_laws.h"

namespace stirlb {

namespace {

constexpr int kHistogramBins = 20;

// Columns of ParticleCloud::gathered_table this report reads.
constexpr int kAgeColumn = 12, kStateColumn = 16, kDamageColumn = 18;

nlohmann::json parameters(const DamageModelSpec& m) {
  switch (m.kind) {
    case DamageKind::KolmogorovEddy:
      return {{"factor", m.factor}, {"death_rate_1_s", m.death_rate}};
    case DamageKind::PowerLaw:
      return {{"C", m.C}, {"alpha", m.alpha}, {"beta", m.beta}, {"preset", m.preset}, {"source", m.source},
              {"dose_exponent", m.dose_exponent()}};
    case DamageKind::ShearThreshold:
      return {{"threshold_Pa", m.threshold}};
    case DamageKind::DissipationThreshold:
      return {{"threshold_W_kg", m.threshold}};
  }
  return {};
}

double mean_of(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

std::vector<double> sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v;
}

nlohmann::json histogram(const std::vector<double>& sorted_values) {
  const double top = sorted_values.empty() ? 0.0 : sorted_values.back();
  const double width = top > 0 ? top / kHistogramBins : 1.0;
  std::vector<double> edges(kHistogramBins + 1);
  std::vector<std::int64_t> counts(kHistogramBins, 0);
  for (int k = 0; k <= kHistogramBins; ++k) edges[std::size_t(k)] = k * width;
  for (double v : sorted_values) ++counts[std::size_t(std::min(int(v / width), kHistogramBins - 1))];
  return {{"edges", edges}, {"beads", counts}};
}

}  // namespace

double percentile(const std::vector<double>& s, double p) {
  if (s.empty()) return 0.0;
  const double at = p / 100.0 * double(s.size() - 1);
  const std::size_t i = std::size_t(std::floor(at));
  if (i + 1 >= s.size()) return s.back();
  return s[i] + (at - double(i)) * (s[i + 1] - s[i]);
}

std::vector<DamageModelState> damage_state(const Simulation& sim) {
  const std::vector<DamageModelSpec>& models = sim.model().damage.models;
  std::vector<DamageModelState> state(models.size());
  if (!sim.particles() || models.empty()) return state;
  const std::vector<double> table = sim.particles()->gathered_table();
  const int columns = ParticleCloud::kTableColumns;
  // Exposure per revolution in tanks; per second of exposure in boxes.
  const double per_step = sim.model().tank ? sim.model().tank->speed_rps() * sim.units().dt : sim.units().dt;
  for (std::size_t r = 0; r * columns < table.size(); ++r) {
    const double* row = table.data() + r * columns;
    if (!(std::uint32_t(row[kStateColumn]) & kBeadReleased)) continue;
    for (std::size_t m = 0; m < models.size(); ++m) {
      const double a = row[kDamageColumn + int(m)];
      state[m].accumulated.push_back(a);
      state[m].value.push_back(damage_value(models[m], a));
      state[m].revolutions.push_back(row[kAgeColumn] * per_step);
    }
  }
  return state;
}

DamageSnapshot damage_snapshot(const Simulation& sim, const std::vector<DamageModelState>& state) {
  DamageSnapshot s;
  s.time = sim.time();
  const std::vector<DamageModelSpec>& models = sim.model().damage.models;
  for (std::size_t m = 0; m < models.size(); ++m) {
    const std::vector<double> v = sorted(state[m].value);
    s.released = std::int64_t(v.size());
    const auto damaged = std::count_if(v.begin(), v.end(), [&](double d) { return d >= models[m].damaged_at; });
    s.mean.push_back(mean_of(v));
    s.p95.push_back(percentile(v, 95));
    s.max.push_back(v.empty() ? 0.0 : v.back());
    s.fraction_damaged.push_back(v.empty() ? 0.0 : double(damaged) / double(v.size()));
  }
  return s;
}

namespace {

std::string csv_header(const Simulation& sim) {
  std::string h = "time_s,released";
  for (const DamageModelSpec& m : sim.model().damage.models)
    for (const char* column : {"_mean", "_p95", "_max", "_fraction_damaged"}) h += "," + m.name + column;
  return h;
}

}  // namespace

DamageCsv::DamageCsv(const Simulation& sim, std::filesystem::path file, std::optional<double> continue_from_time)
    : csv_(std::move(file), csv_header(sim), sim.comm(), continue_from_time) {}

void DamageCsv::append(const DamageSnapshot& s) {
  std::ostringstream row;
  row.precision(9);
  row << s.time << ',' << s.released;
  for (std::size_t m = 0; m < s.mean.size(); ++m)
    row << ',' << s.mean[m] << ',' << s.p95[m] << ',' << s.max[m] << ',' << s.fraction_damaged[m];
  csv_.append(row.str());
}

nlohmann::json damage_summary(const Simulation& sim, const std::vector<DamageModelState>& state,
                              const std::vector<DamageSnapshot>& history) {
  nlohmann::json out = nlohmann::json::object();
  const std::vector<DamageModelSpec>& models = sim.model().damage.models;
  const bool tank = sim.model().tank.has_value();
  for (std::size_t m = 0; m < models.size(); ++m) {
    const DamageModelSpec& spec = models[m];
    const std::vector<double> v = sorted(state[m].value);
    std::vector<double> per_rev;
    for (std::size_t i = 0; i < state[m].accumulated.size(); ++i)
      if (state[m].revolutions[i] > 0) per_rev.push_back(state[m].accumulated[i] / state[m].revolutions[i]);
    per_rev = sorted(per_rev);
    nlohmann::json over_time = nlohmann::json::array();
    for (const DamageSnapshot& s : history)
      if (m < s.fraction_damaged.size()) over_time.push_back({s.time, s.fraction_damaged[m]});
    const auto damaged = std::count_if(v.begin(), v.end(), [&](double d) { return d >= spec.damaged_at; });
    out[spec.name] = {
        {"type", damage_kind_name(spec.kind)},
        {"parameters", parameters(spec)},
        {"damage_unit", damage_unit(spec)},
        {"damaged_at", spec.damaged_at},
        {"beads_released", v.size()},
        {"mean", mean_of(v)},
        {"p50", percentile(v, 50)},
        {"p95", percentile(v, 95)},
        {"max", v.empty() ? 0.0 : v.back()},
        {"fraction_damaged", v.empty() ? 0.0 : double(damaged) / double(v.size())},
        {"histogram", histogram(v)},
        {tank ? "exposure_per_revolution" : "exposure_per_second",
         {{"mean", mean_of(per_rev)},
          {"p95", percentile(per_rev, 95)},
          {"unit", spec.kind == DamageKind::PowerLaw ? "Pa^(beta/alpha) s" : "s"}}},
        {"fraction_damaged_over_time", over_time},
    };
  }
  return out;
}

}  // namespace stirlb
