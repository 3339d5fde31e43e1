// stirlb scale: the speed each scale-up rule gives, the invariants the rules
// keep, Grenville's blend time, volume strings, and the [scale_up] table and
// the rewritten case file.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>
#include <string>

#include "solver/case_parser.h"
#include "solver/scale_case_toml.h"
#include "solver/scale_rules.h"
#include "solver/scale_up_parser.h"
#include "solver/suspension_metrics.h"

using namespace stirlb;

namespace {

// The small baffled Rushton tank of tests/data/cases/valid_tank.toml.
const std::string kTank = R"(
[case]
name = "valid_tank"

[fluid]
density = 1000.0
dynamic_viscosity = 1.0e-3

[vessel]
diameter = 0.3
liquid_height = 0.3
bottom = "flat"

[vessel.baffles]
count = 4
width = 0.03

[shaft]
diameter = 0.01
speed_rpm = 120
ramp_revolutions = 1

[[impeller]]
type = "rushton"
diameter = 0.1
clearance = 0.1
blade_thickness = 0.002

[numerics]
resolution = 12
lattice_velocity = 0.1

[run]
end_time = 0.5
output_interval = 0.1
)";

const std::string kScaleUp = R"(
[scale_up]
source_case = "cases/x.toml"
rule = "pv"
target_volume_m3 = 0.05
volume_factor = 8.0
linear_factor = 2.0
power_number_source = "nominal"

[scale_up.predicted]
speed_rpm = 75.6
power_per_volume_W_m3 = 12.5
tip_speed_m_s = 0.8
reynolds_number = 50000
kolmogorov_length_m = 5.6e-5
blend_time_s = 9.5
blend_time_correlation = "grenville-turbulent"
power_number_assumed = 5
)";

TankOperatingPoint tank_point(double scale, double rps) {
  TankOperatingPoint p;
  p.vessel_diameter = 0.3 * scale;
  p.impeller_diameter = 0.1 * scale;
  p.liquid_volume = std::numbers::pi / 4 * std::pow(0.3 * scale, 3);
  p.speed_rps = rps;
  p.density = 1005;
  p.kinematic_viscosity = 0.8e-6;
  p.power_number = 5.0;
  return p;
}

std::string error_of(const std::string& text) {
  try {
    parse_case_string(text, "t.toml");
  } catch (const CaseError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ScaleRules, EightTimesTheVolumeDoublesEveryLength) {
  EXPECT_DOUBLE_EQ(linear_scale_factor(0.002, 0.016), 2.0);
  EXPECT_DOUBLE_EQ(linear_scale_factor(1.0, 1.0), 1.0);
}

TEST(ScaleRules, EachRuleHasItsExponent) {
  const double n = 120;
  EXPECT_NEAR(scaled_speed(ScaleRule::PowerPerVolume, n, 2) / n, std::pow(2.0, -2.0 / 3.0), 1e-12);
  EXPECT_NEAR(scaled_speed(ScaleRule::TipSpeed, n, 2) / n, 0.5, 1e-12);
  EXPECT_NEAR(scaled_speed(ScaleRule::Reynolds, n, 2) / n, 0.25, 1e-12);
  EXPECT_NEAR(scaled_speed(ScaleRule::JustSuspended, n, 2) / n, std::pow(2.0, -0.85), 1e-12);
  EXPECT_NEAR(scaled_speed(ScaleRule::Kolmogorov, n, 2) / n, std::pow(2.0, -2.0 / 3.0), 1e-12);
  // Scaling down inverts it.
  EXPECT_NEAR(scaled_speed(ScaleRule::TipSpeed, scaled_speed(ScaleRule::TipSpeed, n, 2), 0.5), n, 1e-9);
}

TEST(ScaleRules, EachRuleKeepsItsInvariant) {
  const double s = 2.0, rps = 2.0;
  const TankPrediction small = predict_tank(tank_point(1, rps));
  auto big = [&](ScaleRule r) { return predict_tank(tank_point(s, scaled_speed(r, rps, s))); };
  EXPECT_NEAR(*big(ScaleRule::PowerPerVolume).power_per_volume_W_m3 / *small.power_per_volume_W_m3, 1, 1e-12);
  EXPECT_NEAR(big(ScaleRule::TipSpeed).tip_speed_m_s / small.tip_speed_m_s, 1, 1e-12);
  EXPECT_NEAR(big(ScaleRule::Reynolds).reynolds_number / small.reynolds_number, 1, 1e-12);
  EXPECT_NEAR(*big(ScaleRule::Kolmogorov).kolmogorov_length_m / *small.kolmogorov_length_m, 1, 1e-12);
  // N / N_js with the project's Zwietering correlation, beads and loading unchanged.
  auto njs = [](double d) { return zwietering_njs(6.5, 0.8e-6, 9.81, 1030, 1005, 0.3, 190e-6, d); };
  const double n_big = scaled_speed(ScaleRule::JustSuspended, rps, s);
  EXPECT_NEAR((n_big / njs(0.1 * s)) / (rps / njs(0.1)), 1, 1e-12);
  // And the others do not: P/V falls under constant tip speed.
  EXPECT_LT(*big(ScaleRule::TipSpeed).power_per_volume_W_m3, *small.power_per_volume_W_m3);
}

TEST(ScaleRules, PredictionsFollowTheirDefinitions) {
  const TankPrediction p = predict_tank(tank_point(1, 2.0));
  EXPECT_DOUBLE_EQ(p.speed_rpm, 120);
  EXPECT_NEAR(p.tip_speed_m_s, std::numbers::pi * 2 * 0.1, 1e-15);
  EXPECT_NEAR(p.reynolds_number, 2 * 0.01 / 0.8e-6, 1e-9);
  const double power = 5.0 * 1005 * 8 * 1e-5;
  const double volume = std::numbers::pi / 4 * 0.027;
  EXPECT_NEAR(*p.power_W, power, 1e-12);
  EXPECT_NEAR(*p.power_per_volume_W_m3, power / volume, 1e-9);
  EXPECT_NEAR(*p.kolmogorov_length_m, std::pow(std::pow(0.8e-6, 3) / (power / volume / 1005), 0.25), 1e-15);
  // Without a power number, nothing that needs one.
  TankOperatingPoint q = tank_point(1, 2.0);
  q.power_number.reset();
  const TankPrediction r = predict_tank(q);
  EXPECT_FALSE(r.power_per_volume_W_m3);
  EXPECT_FALSE(r.kolmogorov_length_m);
  EXPECT_FALSE(r.blend_time.seconds);
  EXPECT_EQ(r.blend_time.correlation, "none");
}

TEST(ScaleRules, GrenvilleBlendTimeByHand) {
  // Turbulent: theta = 5.20 (T/D)^2 / (N Np^(1/3)) = 5.20 * 9 / (2 * 5^(1/3)) = 13.684 s.
  const BlendTime t = grenville_blend_time(2.0, 5.0, 1e5, 0.3, 0.1);
  ASSERT_TRUE(t.seconds);
  EXPECT_NEAR(*t.seconds, 13.684, 1e-3);
  EXPECT_EQ(t.correlation, "grenville-turbulent");
  // Transitional: theta = 183^2 (T/D)^2 / (N Np^(2/3) Re) = 33489 * 4 / 1000 = 133.956 s.
  const BlendTime tr = grenville_blend_time(1.0, 1.0, 1000, 0.2, 0.1);
  ASSERT_TRUE(tr.seconds);
  EXPECT_NEAR(*tr.seconds, 133.956, 1e-9);
  EXPECT_EQ(tr.correlation, "grenville-transitional");
  // Laminar: not covered.
  const BlendTime lam = grenville_blend_time(1.0, 1.0, 150, 0.2, 0.1);
  EXPECT_FALSE(lam.seconds);
  EXPECT_EQ(lam.correlation, "none");
  // The two forms meet at Re Np^(1/3) = 183^2 / 5.20: no jump there.
  const double np = 5.0, re = 183.0 * 183.0 / 5.20 / std::cbrt(np);
  const BlendTime below = grenville_blend_time(1.0, np, re * (1 - 1e-9), 0.3, 0.1);
  const BlendTime above = grenville_blend_time(1.0, np, re * (1 + 1e-9), 0.3, 0.1);
  EXPECT_EQ(below.correlation, "grenville-transitional");
  EXPECT_EQ(above.correlation, "grenville-turbulent");
  EXPECT_NEAR(*below.seconds / *above.seconds, 1, 1e-6);
}

TEST(ScaleRules, VolumesWithUnits) {
  EXPECT_DOUBLE_EQ(parse_volume("50L"), 0.05);
  EXPECT_DOUBLE_EQ(parse_volume("50 L"), 0.05);
  EXPECT_DOUBLE_EQ(parse_volume(" 3 L "), 0.003);
  EXPECT_DOUBLE_EQ(parse_volume("250mL"), 250e-6);
  EXPECT_DOUBLE_EQ(parse_volume("0.05 m3"), 0.05);
  EXPECT_DOUBLE_EQ(parse_volume("1e3 mL"), 1e-3);
  EXPECT_EQ(volume_label("50 L"), "50L");
  EXPECT_EQ(volume_label("0.05 m3"), "0.05m3");
  for (const char* bad : {"", "50", "L", "abc", "50 gal", "50 kg", "-5 L", "0 L", "inf L", "nan L", "5 L L", "1,5 L"}) {
    try {
      parse_volume(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("L, mL, m3"), std::string::npos) << what;
      EXPECT_NE(what.find("\"" + std::string(bad) + "\""), std::string::npos) << what;
    }
  }
}

TEST(ScaleRules, RuleNames) {
  for (auto name : scale_rule_names()) {
    const auto r = parse_scale_rule(name);
    ASSERT_TRUE(r) << name;
    EXPECT_EQ(scale_rule_name(*r), name);
  }
  EXPECT_EQ(scale_rule_names().size(), 5u);
  EXPECT_FALSE(parse_scale_rule("P/V"));
  EXPECT_FALSE(parse_scale_rule("tip_speed"));
}

TEST(ScaleRules, NominalPowerNumbers) {
  EXPECT_EQ(nominal_power_number("rushton"), 5.0);
  EXPECT_EQ(nominal_power_number("pitched_blade"), 1.3);
  EXPECT_EQ(nominal_power_number("marine"), 0.35);
  EXPECT_FALSE(nominal_power_number("stl"));
}

TEST(ScaleUpTable, IsReadAndEchoed) {
  const CaseModel c = parse_case_string(kTank + kScaleUp, "t.toml");
  ASSERT_TRUE(c.scale_up);
  const ScaleUpProvenance& p = *c.scale_up;
  EXPECT_EQ(p.source_case, "cases/x.toml");
  EXPECT_EQ(p.rule, "pv");
  EXPECT_EQ(p.volume_factor, 8.0);
  EXPECT_EQ(p.linear_factor, 2.0);
  EXPECT_EQ(p.predicted.speed_rpm, 75.6);
  EXPECT_EQ(p.predicted.blend_time_correlation, "grenville-turbulent");
  const nlohmann::json j = scale_up_json(p);
  EXPECT_EQ(j["rule"], "pv");
  EXPECT_EQ(j["predicted"]["power_number_assumed"], 5.0);
  EXPECT_EQ(j["predicted"]["kolmogorov_length_m"], 5.6e-5);
  // Written back and read again: the same table.
  std::ostringstream os;
  toml::table root;
  root.insert("scale_up", scale_up_toml(p));
  os << root;
  const CaseModel again = parse_case_string(kTank + os.str(), "t.toml");
  EXPECT_EQ(scale_up_json(*again.scale_up), j);
  // A case without the table has none.
  EXPECT_FALSE(parse_case_string(kTank, "t.toml").scale_up);
}

TEST(ScaleUpTable, RefusesWhatItDoesNotKnow) {
  std::string e = error_of(kTank + kScaleUp + "speeed = 3\n");
  EXPECT_NE(e.find("key 'scale_up.predicted.speeed'"), std::string::npos) << e;
  const std::string head = kTank + "[scale_up]\nsource_case = \"a\"\n";
  e = error_of(head + "rule = \"pv\"\nvolume_factor = 8\nlinear_factor = 2\nextra = 1\n");
  EXPECT_NE(e.find("key 'scale_up.extra'"), std::string::npos) << e;
  e = error_of(head + "rule = \"pvv\"\nvolume_factor = 8\nlinear_factor = 2\n");
  EXPECT_NE(e.find("key 'scale_up.rule'"), std::string::npos) << e;
  EXPECT_NE(e.find("pv, tip-speed, re, njs, kolmogorov"), std::string::npos) << e;
  e = error_of(head + "rule = \"pv\"\nvolume_factor = -8\nlinear_factor = 2\n");
  EXPECT_NE(e.find("key 'scale_up.volume_factor'"), std::string::npos) << e;
  e = error_of(kTank + "[scale_up]\nrule = \"pv\"\nvolume_factor = 8\nlinear_factor = 2\n");
  EXPECT_NE(e.find("key 'scale_up.source_case'"), std::string::npos) << e;
}

TEST(ScaleCaseToml, ScalesLengthsSpeedAndTimes) {
  toml::table root = toml::parse(kTank);
  CaseScaling s;
  s.linear_factor = 2.0;
  s.speed_rpm = 75.5953;
  s.time_factor = 120 / 75.5953;
  s.name_suffix = "_50L";
  s.description_note = "(scaled)";
  scale_case_table(root, s);
  const CaseModel c = parse_case_string(case_toml_text(root, "generated\nby a test"), "t.toml");
  EXPECT_EQ(c.name, "valid_tank_50L");
  EXPECT_EQ(c.description, "(scaled)");
  const TankSpec& t = *c.tank;
  EXPECT_DOUBLE_EQ(t.vessel.diameter, 0.6);
  EXPECT_DOUBLE_EQ(t.vessel.liquid_height, 0.6);
  EXPECT_DOUBLE_EQ(t.vessel.baffles.width, 0.06);
  EXPECT_DOUBLE_EQ(t.shaft.diameter, 0.02);
  EXPECT_DOUBLE_EQ(t.shaft.speed_rpm, 75.5953);
  EXPECT_DOUBLE_EQ(t.shaft.ramp_revolutions, 1);
  EXPECT_DOUBLE_EQ(t.impellers[0].diameter, 0.2);
  EXPECT_DOUBLE_EQ(t.impellers[0].clearance, 0.2);
  const auto& r = std::get<RushtonSpec>(t.impellers[0].shape);
  EXPECT_DOUBLE_EQ(r.blade_thickness, 0.004);  // given: scaled
  EXPECT_DOUBLE_EQ(r.blade_length, 0.05);      // default D/4: follows D
  EXPECT_EQ(c.numerics.resolution, 12);
  EXPECT_NEAR(*c.run.end_time, 0.5 * 120 / 75.5953, 1e-8);
  EXPECT_NEAR(c.run.output_interval, 0.1 * 120 / 75.5953, 1e-9);
  // The header is a comment on top; the tables follow in the usual order.
  const std::string text = case_toml_text(root, "generated\nby a test");
  EXPECT_EQ(text.rfind("# generated\n# by a test\n", 0), 0u) << text;
  EXPECT_LT(text.find("[case]"), text.find("[vessel]"));
  EXPECT_LT(text.find("[vessel]"), text.find("[[impeller]]"));
  EXPECT_LT(text.find("[[impeller]]"), text.find("[run]"));
}

TEST(ScaleCaseToml, RoundsToSignificantDigits) {
  EXPECT_DOUBLE_EQ(round_significant(0.1234567891234, 9), 0.123456789);
  EXPECT_DOUBLE_EQ(round_significant(123456.789, 6), 123457);
  EXPECT_DOUBLE_EQ(round_significant(0.0, 6), 0.0);
}
