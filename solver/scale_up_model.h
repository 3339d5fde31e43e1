#pragma once
// Where a case came from when `stirlb scale` wrote it: the [scale_up] table.
// A run does nothing with it but echo it into summary.json, so that the
// simulated tank can be set against what the scale-up rule predicted.
#include <optional>
#include <string>

namespace stirlb {

// What `stirlb scale` predicted for the new tank, from correlations (see
// solver/scale_rules.h). Every value is optional in the file.
struct ScaleUpPredicted {
  std::optional<double> speed_rpm;
  std::optional<double> power_per_volume_W_m3;
  std::optional<double> tip_speed_m_s;
  std::optional<double> reynolds_number;
  std::optional<double> kolmogorov_length_m;  // mean: (nu^3 / eps)^(1/4), eps = P / (rho V)
  std::optional<double> blend_time_s;         // Grenville; absent below Re = 200
  std::optional<std::string> blend_time_correlation;
  std::optional<double> power_number_assumed;
};

struct ScaleUpProvenance {
  std::string source_case;  // path of the case it was scaled from, as given to `stirlb scale`
  std::string rule;         // pv, tip-speed, re, njs, kolmogorov
  std::optional<double> target_volume_m3;
  double volume_factor = 0;  // V_new / V_source
  double linear_factor = 0;  // (V_new / V_source)^(1/3)
  std::optional<std::string> power_number_source;  // which Np the predictions assume, and why
  ScaleUpPredicted predicted;
};

}  // namespace stirlb
