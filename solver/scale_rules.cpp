#include "solver/scale_rules.h"

#include <charconv>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <system_error>

#include "solver/suspension_metrics.h"

namespace stirlb {

namespace {

struct RuleInfo {
  ScaleRule rule;
  std::string_view name;
  std::string_view description;
};

constexpr RuleInfo kRules[] = {
    {ScaleRule::PowerPerVolume, "pv", "constant power per volume P/V (N ~ D^-2/3 at constant Np)"},
    {ScaleRule::TipSpeed, "tip-speed", "constant tip speed pi N D (N ~ D^-1)"},
    {ScaleRule::Reynolds, "re", "constant Reynolds number N D^2 / nu (N ~ D^-2)"},
    {ScaleRule::JustSuspended, "njs",
     "constant N / N_js, Zwietering's N_js ~ D^-0.85 at fixed T/D, beads, fluid and loading"},
    {ScaleRule::Kolmogorov, "kolmogorov",
     "constant mean Kolmogorov length (nu^3 / eps)^(1/4), eps = Np N^3 D^5 / V: with the same fluid and a "
     "constant Np this is constant P/V (N ~ D^-2/3)"},
};

const RuleInfo& info(ScaleRule r) {
  for (const RuleInfo& i : kRules)
    if (i.rule == r) return i;
  throw std::logic_error("unknown scale rule");
}

// The exponent of D in Zwietering's correlation, read from the project's own
// implementation rather than written down a second time.
double zwietering_diameter_exponent() {
  const double a = zwietering_njs(1, 1e-6, 9.81, 1100, 1000, 1, 1e-4, 1.0);
  const double b = zwietering_njs(1, 1e-6, 9.81, 1100, 1000, 1, 1e-4, 2.0);
  return std::log2(b / a);
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

[[noreturn]] void refuse_volume(std::string_view text, const std::string& why) {
  throw std::invalid_argument("cannot read \"" + std::string(text) + "\" as a liquid volume: " + why +
                              "; write a number and one of the units L, mL, m3, e.g. \"50L\", \"250 mL\" or "
                              "\"0.05 m3\"");
}

}  // namespace

const std::vector<std::string_view>& scale_rule_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const RuleInfo& i : kRules) n.push_back(i.name);
    return n;
  }();
  return names;
}

std::string_view scale_rule_name(ScaleRule r) { return info(r).name; }
std::string_view scale_rule_description(ScaleRule r) { return info(r).description; }

std::optional<ScaleRule> parse_scale_rule(std::string_view name) {
  for (const RuleInfo& i : kRules)
    if (i.name == name) return i.rule;
  return std::nullopt;
}

double scale_rule_exponent(ScaleRule r) {
  switch (r) {
    case ScaleRule::PowerPerVolume:
      // P/V ~ Np N^3 D^5 / D^3 = Np N^3 D^2.
      return -2.0 / 3.0;
    case ScaleRule::TipSpeed:
      return -1.0;
    case ScaleRule::Reynolds:
      return -2.0;
    case ScaleRule::JustSuspended:
      return zwietering_diameter_exponent();
    case ScaleRule::Kolmogorov:
      // lambda_K = (nu^3 / eps)^(1/4) is constant when eps is: eps = Np N^3
      // D^5 / V ~ N^3 D^2 at constant Np, the P/V rule for the same fluid.
      return -2.0 / 3.0;
  }
  throw std::logic_error("unknown scale rule");
}

double scaled_speed(ScaleRule r, double n_old, double linear_factor) {
  return n_old * std::pow(linear_factor, scale_rule_exponent(r));
}

double parse_volume(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) refuse_volume(text, "it is empty");
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ec == std::errc::invalid_argument) refuse_volume(text, "it does not start with a number");
  if (ec == std::errc::result_out_of_range) refuse_volume(text, "the number is out of range");
  const std::string_view unit = trim(s.substr(static_cast<std::size_t>(end - s.data())));
  if (unit.empty()) refuse_volume(text, "it has no unit");
  double factor = 0;
  if (unit == "L" || unit == "l")
    factor = 1e-3;
  else if (unit == "mL" || unit == "ml")
    factor = 1e-6;
  else if (unit == "m3")
    factor = 1.0;
  else
    refuse_volume(text, "unknown unit '" + std::string(unit) + "'");
  const double m3 = v * factor;
  if (!std::isfinite(m3) || !(m3 > 0)) refuse_volume(text, "the volume must be positive and finite");
  return m3;
}

std::string volume_label(std::string_view text) {
  std::string out;
  for (char c : trim(text))
    if (c != ' ' && c != '\t') out += c;
  return out;
}

double linear_scale_factor(double old_volume, double new_volume) { return std::cbrt(new_volume / old_volume); }

// Nominal power numbers, turbulent regime (Re > 1e4), fully baffled vessel
// (4 baffles of T/10), one impeller:
//   rushton        six-blade disc turbine              5.0
//   pitched_blade  four blades at 45 deg, W = D/5      1.3  (1.27 quoted)
//   marine         three-blade propeller, pitch 1      0.35
// Sources: the reference table "Impeller Power Numbers (Np)" of BioProcess
// Tools (https://bioprocesstools.com/blog/impeller-power-numbers: Rushton 5.0,
// pitched blade 1.3, marine propeller 0.35, fully baffled, Re > 10,000); the
// pitched-blade turbine page of Post Mixing Optimization and Solutions
// (http://www.postmixing.com/mixing%20forum/impellers/pbt.htm: Np = 1.27);
// the same values are tabulated in Paul, Atiemo-Obeng & Kresta (eds.),
// Handbook of Industrial Mixing, Wiley 2004, ch. 6. An unbaffled vessel
// draws markedly less power, and a pitched blade at another angle or blade
// count differs: use --from-run with the case's own measured Np then.
std::optional<double> nominal_power_number(std::string_view impeller_type) {
  if (impeller_type == "rushton") return 5.0;
  if (impeller_type == "pitched_blade") return 1.3;
  if (impeller_type == "marine") return 0.35;
  return std::nullopt;
}

// Grenville's blend-time correlations (time to 95 % homogeneity, theta_95):
//   turbulent:     N theta_95 = 5.20 Np^(-1/3) (T/D)^2,          quoted for Re > 6370
//   transitional:  N theta_95 Np^(2/3) Re (D/T)^2 = 183^2,       quoted for 200 < Re < 6370
// R.K. Grenville, PhD thesis, Cranfield Institute of Technology (1992);
// R.K. Grenville, S. Ruszkowski, E. Garred, "Blending of miscible liquids in
// the turbulent and transitional regimes", 15th Biennial North American
// Mixing Conference, Banff (1995); R.K. Grenville & A.W. Nienow, "Blending
// of miscible liquids", ch. 9 of Paul, Atiemo-Obeng & Kresta (eds.),
// Handbook of Industrial Mixing, Wiley 2004. Fitted for single impellers
// (Np from about 0.3 to 5) in baffled vessels with H = T and D/T of about
// 0.2 to 0.5; for several impellers, H != T or an unbaffled vessel they are
// an order-of-magnitude estimate. Cross-check: Nienow's form theta_95 = 5.9
// T^(2/3) eps^(-1/3) (D/T)^(-1/3) (quoted in BioPharm International,
// http://www.biopharminternational.com/biopharm/article/articleDetail.jsp?id=522184&pageID=3)
// is the turbulent one with 5.9 (pi/4)^(1/3) = 5.44 in place of 5.20.
// The two forms meet where Re Np^(1/3) = 183^2 / 5.20 = 6440 (Re = 6370 to
// within 1 % for Np = 1); the transitional one is used below that line, so
// the estimate is the larger of the two and does not jump at the boundary.
BlendTime grenville_blend_time(double n_rps, double power_number, double reynolds, double vessel_diameter,
                               double impeller_diameter) {
  BlendTime b;
  if (!(reynolds >= kGrenvilleLaminarRe) || !(n_rps > 0) || !(power_number > 0)) {
    b.correlation = "none";
    return b;
  }
  const double t_over_d2 = std::pow(vessel_diameter / impeller_diameter, 2);
  const double turbulent = 5.20 * t_over_d2 / (n_rps * std::cbrt(power_number));
  const double transitional = 183.0 * 183.0 * t_over_d2 / (n_rps * std::pow(power_number, 2.0 / 3.0) * reynolds);
  if (transitional > turbulent) {
    b.seconds = transitional;
    b.correlation = "grenville-transitional";
  } else {
    b.seconds = turbulent;
    b.correlation = "grenville-turbulent";
  }
  return b;
}

TankPrediction predict_tank(const TankOperatingPoint& p) {
  TankPrediction r;
  const double n = p.speed_rps, d = p.impeller_diameter;
  r.speed_rpm = 60.0 * n;
  r.tip_speed_m_s = std::numbers::pi * n * d;
  r.reynolds_number = n * d * d / p.kinematic_viscosity;
  if (!p.power_number) {
    r.blend_time.correlation = "none";
    return r;
  }
  const double np = *p.power_number;
  r.power_W = np * p.density * n * n * n * std::pow(d, 5);
  r.power_per_volume_W_m3 = *r.power_W / p.liquid_volume;
  r.mean_dissipation_W_kg = *r.power_per_volume_W_m3 / p.density;
  r.kolmogorov_length_m = std::pow(std::pow(p.kinematic_viscosity, 3) / *r.mean_dissipation_W_kg, 0.25);
  r.blend_time = grenville_blend_time(n, np, r.reynolds_number, p.vessel_diameter, d);
  return r;
}

}  // namespace stirlb
