// stirlb scale CASE.toml --volume 50L --rule pv [-o NEW.toml]: the tank
// scaled by geometric similarity to another liquid volume, with the impeller
// speed from a scale-up rule, written as a new case with a [scale_up] table
// that records what the correlations predict for it.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numbers>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "case_parser.h"
#include "case_table.h"
#include "commands.h"
#include "microcarrier_parser.h"
#include "postproc/atomic_file.h"
#include "resolution_report.h"
#include "scale_case_toml.h"
#include "scale_rules.h"
#include "scale_up_parser.h"
#include "simulation.h"

namespace stirlb {

namespace {

struct ScaleOptions {
  std::string case_file;
  std::string volume;
  std::string rule;
  std::string output;
  std::string from_run;
  bool force = false;
};

// The speed is written to 6 significant digits; every prediction is made
// from the case as written.
constexpr int kSpeedDigits = 6;

struct PowerNumber {
  std::optional<double> value;  // referred to the largest impeller diameter
  std::string source;
};

// The source case's own measured Np, from a run of it.
PowerNumber measured_power_number(const std::string& run_dir, const CaseModel& source) {
  const std::filesystem::path path = std::filesystem::path(run_dir) / "summary.json";
  auto refuse = [&](const std::string& why) { throw CaseError(path.string(), 0, "--from-run", why); };
  std::ifstream in(path);
  if (!in) refuse("cannot be read: give the output folder of a `stirlb run` of the source case");
  nlohmann::json s;
  try {
    in >> s;
  } catch (const nlohmann::json::exception& e) {
    refuse(std::string("is not valid JSON: ") + e.what());
  }
  const nlohmann::json* np = nullptr;
  if (s.contains("tank") && s["tank"].contains("power_number") && s["tank"]["power_number"].contains("mean"))
    np = &s["tank"]["power_number"]["mean"];
  if (!np || !np->is_number() || !(np->get<double>() > 0))
    refuse("has no positive tank.power_number.mean (a tank run whose averaging window held full-speed samples)");
  // A run of another geometry would give another tank's Np.
  const double d_run = s["tank"].value("impeller_diameter_m", 0.0);
  const double d = source.tank->impeller_diameter();
  if (std::abs(d_run - d) > 1e-6 * d)
    std::cout << "warning: " << path.string() << " is a run with impeller diameter " << d_run << " m; "
              << source.source << " has " << d << " m\n";
  PowerNumber p;
  p.value = np->get<double>();
  std::ostringstream os;
  os << "measured: tank.power_number.mean = " << *p.value << " of " << path.string()
     << " (at the source's Re, assumed to hold at the new scale)";
  p.source = os.str();
  return p;
}

// The sum over the impellers of their nominal Np, each referred to the
// largest diameter: the impellers are taken to draw power independently.
PowerNumber nominal_tank_power_number(const TankSpec& tank) {
  PowerNumber p;
  double sum = 0;
  std::ostringstream os;
  os << "nominal (turbulent, fully baffled):";
  const double d = tank.impeller_diameter();
  for (const ImpellerSpec& imp : tank.impellers) {
    const std::optional<double> np = nominal_power_number(imp.type);
    if (!np) {
      p.source = "none: impeller type '" + imp.type + "' has no nominal power number; give --from-run RUN_DIR";
      return p;
    }
    sum += *np * std::pow(imp.diameter / d, 5);
    os << (&imp == &tank.impellers.front() ? " " : " + ") << imp.type << " " << *np;
    if (imp.diameter < d) os << " x (" << imp.diameter << "/" << d << ")^5";
  }
  if (tank.impellers.size() > 1) os << " = " << sum << " (the impellers taken to draw power independently)";
  if (tank.vessel.baffles.count == 0) os << "; the vessel is unbaffled, where the real Np is lower";
  p.value = sum;
  p.source = os.str();
  return p;
}

TankPrediction predict(const CaseModel& c, const std::optional<double>& np) {
  TankOperatingPoint p;
  p.vessel_diameter = c.tank->vessel.diameter;
  p.impeller_diameter = c.tank->impeller_diameter();
  p.liquid_volume = case_liquid_volume(c);
  p.speed_rps = c.tank->speed_rps();
  p.density = c.fluid.density;
  p.kinematic_viscosity = c.fluid.kinematic_viscosity;
  p.power_number = np;
  return predict_tank(p);
}

std::string fmt(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}
std::string fmt(const std::optional<double>& v, int digits = 4) { return v ? fmt(*v, digits) : "-"; }

void row(std::ostream& os, const std::string& name, const std::string& a, const std::string& b,
         const std::string& ratio = "") {
  char line[200];
  std::snprintf(line, sizeof line, "  %-30s %14s %14s %12s\n", name.c_str(), a.c_str(), b.c_str(), ratio.c_str());
  os << line;
}

std::string ratio(const std::optional<double>& a, const std::optional<double>& b) {
  return a && b && *a != 0 ? fmt(*b / *a, 4) : "";
}

// A refusal of the scaled case, pointed at what the user gave.
[[noreturn]] void refuse_scaled(const ScaleOptions& o, const CaseError& e) {
  throw CaseError(o.case_file, 0, e.key(),
                  "scaled to " + o.volume + " by rule " + o.rule + ", the case would be refused: " + e.reason());
}

int scale_case(const ScaleOptions& o) {
  double volume = 0;
  try {
    volume = parse_volume(o.volume);
  } catch (const std::invalid_argument& e) {
    throw CaseError(o.case_file, 0, "--volume", e.what());
  }
  const std::optional<ScaleRule> rule = parse_scale_rule(o.rule);
  if (!rule) {
    const case_detail::Names rules(scale_rule_names().begin(), scale_rule_names().end());
    throw CaseError(o.case_file, 0, "--rule",
                    "unknown rule '" + o.rule + "'" + case_detail::did_you_mean(o.rule, rules) +
                        "; valid rules: " + case_detail::join(rules));
  }
  const std::string label = volume_label(o.volume);
  const std::filesystem::path out =
      o.output.empty() ? std::filesystem::path(o.case_file).stem() += "_" + label + ".toml"
                       : std::filesystem::path(o.output);
  if (std::filesystem::exists(out) && !o.force)
    throw CaseError(out.string(), 0, "--output", "exists already; pass --force to replace it (nothing was written)");

  // The source as `stirlb run` would read it: refused alike.
  const CaseModel source = parse_case_file(o.case_file);
  if (!source.tank)
    throw CaseError(o.case_file, 0, "vessel",
                    "stirlb scale scales stirred tanks by geometric similarity; this case has no [vessel]");
  const PowerNumber np = o.from_run.empty() ? nominal_tank_power_number(*source.tank)
                                            : measured_power_number(o.from_run, source);

  const double v_old = case_liquid_volume(source);
  const double s = linear_scale_factor(v_old, volume);
  const double n_old = source.tank->shaft.speed_rpm;
  const double n_new = round_significant(scaled_speed(*rule, n_old, s), kSpeedDigits);

  CaseScaling scaling;
  scaling.linear_factor = s;
  scaling.speed_rpm = n_new;
  scaling.time_factor = n_old / n_new;
  scaling.name_suffix = "_" + label;
  scaling.description_note = "(scaled by stirlb scale to " + label + ", rule " + o.rule + ")";
  scaling.source_dir = std::filesystem::path(o.case_file).parent_path();
  scaling.output_dir = out.parent_path().empty() ? std::filesystem::path(".") : out.parent_path();

  toml::table root;
  try {
    root = toml::parse_file(o.case_file);
  } catch (const toml::parse_error& e) {
    throw CaseError(o.case_file, 0, "", "malformed TOML: " + std::string(e.description()));
  }
  scale_case_table(root, scaling);

  std::ostringstream header;
  header << "Generated by `stirlb scale` from " << o.case_file << "\n"
         << "rule " << o.rule << ": " << scale_rule_description(*rule) << "\n"
         << "target volume " << o.volume << ": V " << fmt(v_old * 1e3, 6) << " L -> " << fmt(volume * 1e3, 6)
         << " L, every length times s = (V'/V)^(1/3) = " << fmt(s, 6) << ", N " << fmt(n_old, 6) << " -> "
         << fmt(n_new, 6) << " rpm\n"
         << "Numerics are kept: the same cells per impeller diameter and steps per revolution.\n"
         << "The source's comments (geometry sources, assumptions) are not carried over; see it.\n"
         << "[scale_up] records the scaling and what the correlations predict (see cases/README.md).";

  // The scaled case without [scale_up] first: its predictions come from the
  // geometry as written (rounded), then the whole file is read back.
  CaseModel scaled;
  try {
    scaled = parse_case_string(case_toml_text(root, header.str()), out.string());
  } catch (const CaseError& e) {
    refuse_scaled(o, e);
  }
  const TankPrediction before = predict(source, np.value);
  const TankPrediction after = predict(scaled, np.value);

  ScaleUpProvenance prov;
  prov.source_case = o.case_file;
  prov.rule = o.rule;
  prov.target_volume_m3 = volume;
  prov.volume_factor = volume / v_old;
  prov.linear_factor = s;
  prov.power_number_source = np.source;
  // Correlations, not measurements: 6 digits say enough.
  auto sig = [](const std::optional<double>& v) {
    return v ? std::optional<double>(round_significant(*v, kSpeedDigits)) : std::nullopt;
  };
  prov.predicted.speed_rpm = after.speed_rpm;
  prov.predicted.tip_speed_m_s = sig(after.tip_speed_m_s);
  prov.predicted.reynolds_number = sig(after.reynolds_number);
  prov.predicted.power_per_volume_W_m3 = sig(after.power_per_volume_W_m3);
  prov.predicted.kolmogorov_length_m = sig(after.kolmogorov_length_m);
  prov.predicted.blend_time_s = sig(after.blend_time.seconds);
  prov.predicted.blend_time_correlation = after.blend_time.correlation;
  prov.predicted.power_number_assumed = np.value;
  root.insert_or_assign("scale_up", scale_up_toml(prov));
  const std::string text = case_toml_text(root, header.str());

  LatticeUnits units_old = derive_lattice_units(source);
  LatticeUnits units;
  std::optional<ResolutionReport> report;
  try {
    scaled = parse_case_string(text, out.string());
    units = derive_lattice_units(scaled);
    const VesselLattice vessel = voxelise_vessel(scaled.tank->vessel, units.dx);
    const BoxLattice box = tank_lattice(vessel);
    const Rotor rotor(*scaled.tank, scaled.fluid, units, vessel);
    report = resolution_report(scaled, units, box, &rotor);
    check_microcarriers_fit(scaled, units, box, report->gaps);
  } catch (const CaseError& e) {
    refuse_scaled(o, e);
  }

  std::ostringstream os;
  os << "stirlb scale: " << o.case_file << " -> " << out.string() << "\n"
     << "  rule " << o.rule << ": " << scale_rule_description(*rule) << "\n"
     << "  linear factor s = " << fmt(s, 6) << " (volume x " << fmt(volume / v_old, 6) << ")\n"
     << "  power number: " << np.source << "\n";
  if (*rule == ScaleRule::Kolmogorov)
    os << "  note: with the same fluid and a constant Np, a constant mean Kolmogorov length is the same rule as "
          "constant P/V\n";
  os << "\n";
  row(os, "", "source", "scaled", "ratio");
  const TankSpec& t0 = *source.tank;
  const TankSpec& t1 = *scaled.tank;
  row(os, "liquid volume (L)", fmt(v_old * 1e3), fmt(case_liquid_volume(scaled) * 1e3),
      fmt(case_liquid_volume(scaled) / v_old));
  row(os, "vessel diameter T (m)", fmt(t0.vessel.diameter), fmt(t1.vessel.diameter),
      fmt(t1.vessel.diameter / t0.vessel.diameter));
  row(os, "impeller diameter D (m)", fmt(t0.impeller_diameter()), fmt(t1.impeller_diameter()),
      fmt(t1.impeller_diameter() / t0.impeller_diameter()));
  row(os, "speed N (rpm)", fmt(before.speed_rpm, 6), fmt(after.speed_rpm, 6), fmt(after.speed_rpm / before.speed_rpm));
  row(os, "power per volume P/V (W/m3)", fmt(before.power_per_volume_W_m3), fmt(after.power_per_volume_W_m3),
      ratio(before.power_per_volume_W_m3, after.power_per_volume_W_m3));
  row(os, "tip speed (m/s)", fmt(before.tip_speed_m_s), fmt(after.tip_speed_m_s),
      fmt(after.tip_speed_m_s / before.tip_speed_m_s));
  row(os, "Reynolds N D^2/nu", fmt(before.reynolds_number), fmt(after.reynolds_number),
      fmt(after.reynolds_number / before.reynolds_number));
  auto um = [](const std::optional<double>& v) { return v ? std::optional<double>(*v * 1e6) : std::nullopt; };
  row(os, "mean Kolmogorov length (um)", fmt(um(before.kolmogorov_length_m)), fmt(um(after.kolmogorov_length_m)),
      ratio(before.kolmogorov_length_m, after.kolmogorov_length_m));
  row(os, "blend time theta_95 (s)", fmt(before.blend_time.seconds), fmt(after.blend_time.seconds),
      ratio(before.blend_time.seconds, after.blend_time.seconds));
  auto regime = [](const std::string& c) { return c.starts_with("grenville-") ? c.substr(10) : c; };
  row(os, "  Grenville's form", regime(before.blend_time.correlation), regime(after.blend_time.correlation));
  // N_js ~ D^-0.85 (Zwietering, same beads and loading): N / N_js relative to the source.
  const double njs_ratio = scaled_speed(ScaleRule::JustSuspended, 1.0, t1.impeller_diameter() / t0.impeller_diameter());
  row(os, "N / N_js (relative)", "1", fmt(after.speed_rpm / before.speed_rpm / njs_ratio), "");
  row(os, "power number assumed", fmt(np.value), fmt(np.value));
  if (after.blend_time.seconds &&
      (t1.impellers.size() > 1 || t1.vessel.baffles.count == 0 ||
       std::abs(t1.vessel.liquid_height / t1.vessel.diameter - 1) > 0.2 ||
       t1.impeller_diameter() / t1.vessel.diameter < 0.2 || t1.impeller_diameter() / t1.vessel.diameter > 0.5))
    os << "  note: Grenville's blend time was fitted for one impeller in a baffled vessel with H = T and D/T "
          "0.2-0.5; here it is an order-of-magnitude estimate\n";
  if (!np.value) os << "  note: no power number, so no P/V, Kolmogorov length or blend time; give --from-run\n";

  os << "\n  lattice (same cells per D and lattice velocity):\n";
  row(os, "dx (m)", fmt(units_old.dx), fmt(units.dx), fmt(units.dx / units_old.dx));
  row(os, "dt (s)", fmt(units_old.dt), fmt(units.dt), fmt(units.dt / units_old.dt));
  row(os, "tau", fmt(units_old.tau, 6), fmt(units.tau, 6));
  row(os, "Mach", fmt(units_old.mach), fmt(units.mach));
  row(os, "steps per revolution", fmt(1.0 / (t0.speed_rps() * units_old.dt), 6),
      fmt(1.0 / (t1.speed_rps() * units.dt), 6));
  auto steps = [](const CaseModel& c, const LatticeUnits& u) {
    return c.run.steps ? double(*c.run.steps) : double(u.steps_for(*c.run.end_time));
  };
  row(os, "steps of the run", fmt(steps(source, units_old), 9), fmt(steps(scaled, units), 9));
  auto cells = [](const LatticeUnits& u) {
    return fmt(double(std::int64_t(u.fluid_cells[0]) * u.fluid_cells[1] * u.fluid_cells[2]), 12);
  };
  row(os, "cells (box)", cells(units_old), cells(units));
  os << "\n" << unit_report(scaled, units) << to_text(*report);
  std::cout << os.str();

  write_file_atomic(out, text);
  std::cout << "wrote " << out.string() << "\n";
  return kExitOk;
}

}  // namespace

void add_scale_command(CLI::App& app) {
  auto options = std::make_shared<ScaleOptions>();
  CLI::App* scale = app.add_subcommand(
      "scale", "Scale a tank case by geometric similarity to another liquid volume and write the new case");
  scale->add_option("case", options->case_file, "Case file (TOML) of a stirred tank")
      ->required()
      ->check(CLI::ExistingFile);
  scale->add_option("--volume", options->volume, "Target liquid volume with its unit: 50L, 250mL, 0.05 m3")
      ->required();
  scale->add_option("--rule", options->rule, "What to keep constant: pv, tip-speed, re, njs, kolmogorov")->required();
  scale->add_option("-o,--output", options->output, "New case file (default <case stem>_<volume>.toml here)");
  scale->add_option("--from-run", options->from_run,
                    "Output folder of a run of the source case: its measured power number replaces the nominal one");
  scale->add_flag("--force", options->force, "Replace an existing output file");
  scale->final_callback([options] { throw CLI::RuntimeError(scale_case(*options)); });
}

}  // namespace stirlb
