#include "solver/blend_report.h"

#include <cmath>
#include <sstream>

namespace stirlb {

std::optional<double> settled_below(const std::vector<double>& times, const std::vector<double>& values,
                                    double limit) {
  if (values.empty() || values.back() > limit) return std::nullopt;
  std::size_t k = values.size() - 1;
  while (k > 0 && values[k - 1] <= limit) --k;
  if (k == 0) return times.front();
  // values[k - 1] > limit >= values[k]
  const double a = values[k - 1] - limit, b = limit - values[k];
  return times[k - 1] + (times[k] - times[k - 1]) * a / (a + b);
}

namespace {

std::vector<double> column(const std::vector<BlendSample>& h, double (*get)(const BlendSample&)) {
  std::vector<double> out;
  out.reserve(h.size());
  for (const BlendSample& s : h) out.push_back(get(s));
  return out;
}

nlohmann::json time_or_null(std::optional<double> t, double injection) {
  return t ? nlohmann::json(*t - injection) : nlohmann::json(nullptr);
}

}  // namespace

std::string blend_csv(const BlendTracer& tracer, double revolutions_per_second) {
  std::ostringstream out;
  out.precision(9);
  out << "time_s,time_after_injection_s,revolutions_after_injection,rsd,total_scalar";
  for (const BlendProbe& p : tracer.spec().probes) out << ",probe_" << p.name;
  out << "\n";
  const double t0 = tracer.injection_time();
  for (const BlendSample& s : tracer.history()) {
    out << s.time << "," << s.time - t0 << "," << (s.time - t0) * revolutions_per_second << "," << s.rsd << ","
        << s.total;
    for (double v : s.probes) out << "," << v;
    out << "\n";
  }
  return out.str();
}

nlohmann::json blend_summary(const Simulation& sim) {
  const BlendTracer& tracer = *sim.blend();
  const BlendSpec& spec = tracer.spec();
  const std::vector<BlendSample>& h = tracer.history();
  const double t0 = tracer.injection_time();
  const double rps = sim.model().tank ? sim.model().tank->speed_rps() : 0.0;
  nlohmann::json j;
  j["injection_point_m"] = spec.injection_point;
  j["injection_time_s"] = t0;
  j["injection_cells"] = tracer.injection_cells();
  j["threshold"] = spec.threshold;
  j["molecular_diffusivity_m2_s"] = spec.molecular_diffusivity;
  j["turbulent_schmidt"] = spec.turbulent_schmidt;
  j["eddy_diffusivity"] = sim.model().numerics.les;
  j["samples"] = h.size();
  j["injected"] = tracer.injected();
  j["wall_time_s"] = sim.blend_seconds();
  if (h.empty()) {
    j["blend_time_s"] = nullptr;
    j["blend_time_revolutions"] = nullptr;
    j["homogeneity_95_time_s"] = nullptr;
    j["note"] = "the run ended before the injection time";
    return j;
  }
  const std::vector<double> times = column(h, [](const BlendSample& s) { return s.time; });
  const std::optional<double> blended =
      settled_below(times, column(h, [](const BlendSample& s) { return s.rsd; }), spec.threshold);
  j["blend_time_s"] = time_or_null(blended, t0);
  j["blend_time_revolutions"] = blended && rps > 0 ? nlohmann::json((*blended - t0) * rps) : nlohmann::json(nullptr);
  j["reached"] = blended.has_value();
  j["final_rsd"] = h.back().rsd;
  j["initial_rsd"] = h.front().rsd;
  j["conservation_relative_error"] = (h.back().total - h.front().total) / h.front().total;
  // A probe is homogeneous once it stays within 5 % of the mixed value.
  nlohmann::json probes = nlohmann::json::array();
  std::optional<double> slowest;
  bool all = !spec.probes.empty();
  for (std::size_t k = 0; k < spec.probes.size(); ++k) {
    std::vector<double> deviation;
    for (const BlendSample& s : h) deviation.push_back(std::abs(s.probes[k] - 1.0));
    const std::optional<double> t = settled_below(times, deviation, 0.05);
    probes.push_back({{"name", spec.probes[k].name},
                      {"position_m", spec.probes[k].position},
                      {"final_concentration", h.back().probes[k]},
                      {"homogeneity_95_time_s", time_or_null(t, t0)}});
    if (!t) all = false;
    else if (!slowest || *t > *slowest) slowest = t;
  }
  j["probes"] = probes;
  j["homogeneity_95_time_s"] = all ? time_or_null(slowest, t0) : nlohmann::json(nullptr);
  if (!blended)
    j["note"] = "not blended by the end of the run: the relative standard deviation is still above the threshold";
  return j;
}

}  // namespace stirlb
