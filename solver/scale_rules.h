#pragma once
// Scale-up by geometric similarity (`stirlb scale`): the impeller speed a
// larger or smaller tank needs under one of the classical rules, and the
// correlations that predict what the new tank will do (power per volume, tip
// speed, Re, mean Kolmogorov length, blend time). Pure functions of numbers,
// no case file: the command (scale_command.cpp) feeds them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stirlb {

// What is held constant when the tank grows by the linear factor s = D'/D.
enum class ScaleRule {
  PowerPerVolume,  // "pv": P/V = Np rho N^3 D^5 / V, so N ~ D^(-2/3) at constant Np
  TipSpeed,        // "tip-speed": pi N D, so N ~ D^(-1)
  Reynolds,        // "re": N D^2 / nu, so N ~ D^(-2)
  JustSuspended,   // "njs": N / N_js with Zwietering's N_js ~ D^(-0.85) (same beads, fluid, loading, T/D)
  Kolmogorov,      // "kolmogorov": (nu^3 / eps)^(1/4) with eps = Np N^3 D^5 / V; same fluid: N ~ D^(-2/3)
};

// The names the command line accepts, in the order of the enum.
const std::vector<std::string_view>& scale_rule_names();
std::string_view scale_rule_name(ScaleRule r);
std::optional<ScaleRule> parse_scale_rule(std::string_view name);
// One line saying what the rule keeps constant, for the printed report.
std::string_view scale_rule_description(ScaleRule r);

// The exponent a in N' = N s^a.
double scale_rule_exponent(ScaleRule r);

// The speed (any unit, the same as n_old) of the tank that is s times larger
// in every length. The njs rule takes the exponent of the project's own
// Zwietering correlation (zwietering_njs), so the two cannot disagree.
double scaled_speed(ScaleRule r, double n_old, double linear_factor);

// A liquid volume written with its unit: "50L", "50 L", "250mL", "0.05 m3"
// (units L, mL, m3, case-sensitive; "l" and "ml" are read as L and mL).
// Returns m^3. Throws std::invalid_argument whose what() says what is wrong
// and lists the accepted forms; a volume must be positive and finite.
double parse_volume(std::string_view text);
// The volume as it goes into a case name or file name: the text without
// spaces ("50 L" -> "50L", "0.05 m3" -> "0.05m3").
std::string volume_label(std::string_view text);

// s = (V_new / V_old)^(1/3).
double linear_scale_factor(double old_volume, double new_volume);

// Nominal turbulent power number of one impeller of a case file's type in a
// fully baffled vessel (see the .cpp for sources); nullopt for "stl" and
// anything else without a nominal value.
std::optional<double> nominal_power_number(std::string_view impeller_type);

// Blend time to 95 % homogeneity from Grenville's correlations (.cpp).
struct BlendTime {
  std::optional<double> seconds;  // none below Re = 200 (laminar: not covered)
  std::string correlation;        // "grenville-turbulent", "grenville-transitional" or "none"
};
BlendTime grenville_blend_time(double n_rps, double power_number, double reynolds, double vessel_diameter,
                               double impeller_diameter);
// Grenville's bounds: below kGrenvilleLaminarRe no estimate; the two forms
// meet where Re Np^(1/3) = 183^2 / 5.20.
constexpr double kGrenvilleLaminarRe = 200.0;
constexpr double kGrenvilleTurbulentRe = 6370.0;

// One tank at one speed, in SI units.
struct TankOperatingPoint {
  double vessel_diameter = 0;     // T, m
  double impeller_diameter = 0;   // D, m (the largest impeller)
  double liquid_volume = 0;       // V, m^3
  double speed_rps = 0;           // N, 1/s
  double density = 0;             // kg/m^3
  double kinematic_viscosity = 0; // m^2/s
  std::optional<double> power_number;  // Np referred to D; none: no power-based prediction
};

struct TankPrediction {
  double speed_rpm = 0;
  double tip_speed_m_s = 0;     // pi N D
  double reynolds_number = 0;   // N D^2 / nu
  std::optional<double> power_W, power_per_volume_W_m3, mean_dissipation_W_kg, kolmogorov_length_m;
  BlendTime blend_time;         // needs Np
};

TankPrediction predict_tank(const TankOperatingPoint& p);

}  // namespace stirlb
