#include "solver/scale_up_parser.h"

#include <string_view>
#include <utility>

#include "solver/scale_rules.h"

namespace stirlb {

using namespace case_detail;

namespace {

// The numbers of [scale_up.predicted], in the order they are written.
struct PredictedNumber {
  std::string_view key;
  std::optional<double> ScaleUpPredicted::*member;
};

constexpr PredictedNumber kPredictedNumbers[] = {
    {"speed_rpm", &ScaleUpPredicted::speed_rpm},
    {"power_per_volume_W_m3", &ScaleUpPredicted::power_per_volume_W_m3},
    {"tip_speed_m_s", &ScaleUpPredicted::tip_speed_m_s},
    {"reynolds_number", &ScaleUpPredicted::reynolds_number},
    {"kolmogorov_length_m", &ScaleUpPredicted::kolmogorov_length_m},
    {"blend_time_s", &ScaleUpPredicted::blend_time_s},
    {"power_number_assumed", &ScaleUpPredicted::power_number_assumed},
};

constexpr std::string_view kCorrelationKey = "blend_time_correlation";

void parse_predicted(const Table& t, ScaleUpPredicted& p) {
  Names allowed;
  for (const PredictedNumber& n : kPredictedNumbers) allowed.push_back(n.key);
  allowed.push_back(kCorrelationKey);
  t.allow_only(allowed);
  for (const PredictedNumber& n : kPredictedNumbers)
    if (t.find(n.key)) p.*n.member = positive(t, n.key);
  p.blend_time_correlation = t.get<std::string>(kCorrelationKey);
}

}  // namespace

void parse_scale_up(const Table& t, CaseModel& c) {
  t.allow_only({"source_case", "rule", "target_volume_m3", "volume_factor", "linear_factor", "power_number_source",
                "predicted"});
  ScaleUpProvenance p;
  p.source_case = t.need<std::string>("source_case");
  p.rule = t.need<std::string>("rule");
  if (!parse_scale_rule(p.rule)) {
    const Names rules(scale_rule_names().begin(), scale_rule_names().end());
    t.fail("rule", "unknown rule '" + p.rule + "'" + did_you_mean(p.rule, rules) + "; allowed values: " + join(rules));
  }
  if (t.find("target_volume_m3")) p.target_volume_m3 = positive(t, "target_volume_m3");
  p.volume_factor = positive(t, "volume_factor");
  p.linear_factor = positive(t, "linear_factor");
  p.power_number_source = t.get<std::string>("power_number_source");
  if (auto pt = t.get<Table>("predicted")) parse_predicted(*pt, p.predicted);
  c.scale_up = std::move(p);
}

toml::table scale_up_toml(const ScaleUpProvenance& p) {
  toml::table t;
  t.insert("source_case", p.source_case);
  t.insert("rule", p.rule);
  if (p.target_volume_m3) t.insert("target_volume_m3", *p.target_volume_m3);
  t.insert("volume_factor", p.volume_factor);
  t.insert("linear_factor", p.linear_factor);
  if (p.power_number_source) t.insert("power_number_source", *p.power_number_source);
  toml::table predicted;
  for (const PredictedNumber& n : kPredictedNumbers)
    if (p.predicted.*n.member) predicted.insert(n.key, *(p.predicted.*n.member));
  if (p.predicted.blend_time_correlation) predicted.insert(kCorrelationKey, *p.predicted.blend_time_correlation);
  t.insert("predicted", std::move(predicted));
  return t;
}

nlohmann::json scale_up_json(const ScaleUpProvenance& p) {
  nlohmann::json predicted = nlohmann::json::object();
  for (const PredictedNumber& n : kPredictedNumbers)
    if (p.predicted.*n.member) predicted[std::string(n.key)] = *(p.predicted.*n.member);
  if (p.predicted.blend_time_correlation)
    predicted[std::string(kCorrelationKey)] = *p.predicted.blend_time_correlation;
  nlohmann::json j = {{"source_case", p.source_case},
                      {"rule", p.rule},
                      {"volume_factor", p.volume_factor},
                      {"linear_factor", p.linear_factor}};
  if (p.target_volume_m3) j["target_volume_m3"] = *p.target_volume_m3;
  if (p.power_number_source) j["power_number_source"] = *p.power_number_source;
  j["predicted"] = std::move(predicted);
  return j;
}

}  // namespace stirlb
