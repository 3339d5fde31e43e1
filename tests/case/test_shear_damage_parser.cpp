// Quantities with units ("18 Pa", "5 min"), the [hotspots] table and the
// [[damage.model]] list: every kind of model, the RBC preset, and every
// refusal naming the key and the reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include "solver/case_parser.h"
#include "solver/quantity.h"
#include "solver/shear_damage_parser.h"
#include "tests/case/case_test_support.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using testing::line_of;
using testing::read_text;
using testing::TempDir;

// The shared test tanks: valid_tank.toml has no beads, valid_tank_beads.toml
// adds Cytodex 1 (190 um).
const std::string& tank() {
  static const std::string text = read_text(std::string(STIRLB_TEST_DATA) + "/cases/valid_tank.toml");
  return text;
}
const std::string& tank_beads() {
  static const std::string text = read_text(std::string(STIRLB_TEST_DATA) + "/cases/valid_tank_beads.toml");
  return text;
}

constexpr double kCytodex1Diameter = 190e-6;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The case is written to a file and read back as a user's would be.
CaseModel parse(const std::string& text) {
  TempDir dir("stirlb-shear-damage");
  const fs::path path = dir.path() / "case.toml";
  std::ofstream(path, std::ios::binary) << text;
  return parse_case_file(path);
}

CaseError parse_error(const std::string& text) { return testing::parse_error(text, "damage.toml"); }

// `text` is refused on `key`, the reason holding each of `parts`, at the line
// where `at` is written (when given).
void expect_refused(const std::string& text, const std::string& key, std::initializer_list<std::string> parts,
                    const std::string& at = "") {
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), key) << e.what();
  for (const std::string& part : parts) EXPECT_TRUE(contains(e.reason(), part)) << "no '" << part << "' in: " << e.what();
  EXPECT_EQ(e.file(), "damage.toml");
  if (!at.empty()) {
    EXPECT_EQ(e.line(), line_of(text, at)) << e.what();
  }
}

void expect_near_rel(double got, double want) { EXPECT_NEAR(got, want, 1e-12 * std::abs(want)) << got; }

std::string quantity_error(std::string_view text, Dimension d) {
  try {
    parse_quantity(text, d);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  ADD_FAILURE() << "parsed without error: " << text;
  return "";
}

// ---------------------------------------------------------------- quantities

TEST(Quantity, Stress) {
  expect_near_rel(parse_quantity("18 Pa", Dimension::Stress), 18.0);
  expect_near_rel(parse_quantity("250 mPa", Dimension::Stress), 0.25);
  expect_near_rel(parse_quantity("1.5 kPa", Dimension::Stress), 1500.0);
  expect_near_rel(parse_quantity("10 dyn/cm2", Dimension::Stress), 1.0);
  expect_near_rel(parse_quantity("18Pa", Dimension::Stress), 18.0);
  expect_near_rel(parse_quantity("  2e-1   Pa ", Dimension::Stress), 0.2);
  expect_near_rel(parse_quantity(".5 Pa", Dimension::Stress), 0.5);
}

TEST(Quantity, SpecificPower) {
  expect_near_rel(parse_quantity("0.1 W/kg", Dimension::SpecificPower), 0.1);
  expect_near_rel(parse_quantity("100 mW/kg", Dimension::SpecificPower), 0.1);
  expect_near_rel(parse_quantity("2 m2/s3", Dimension::SpecificPower), 2.0);
  expect_near_rel(parse_quantity("3.5W/kg", Dimension::SpecificPower), 3.5);
}

TEST(Quantity, Length) {
  expect_near_rel(parse_quantity("180 um", Dimension::Length), 180e-6);
  expect_near_rel(parse_quantity("0.18 mm", Dimension::Length), 180e-6);
  expect_near_rel(parse_quantity("180 \u00b5m", Dimension::Length), 180e-6);  // micro sign
  expect_near_rel(parse_quantity("180 \u03bcm", Dimension::Length), 180e-6);  // Greek mu
  expect_near_rel(parse_quantity("0.001 m", Dimension::Length), 1e-3);
  expect_near_rel(parse_quantity("2mm", Dimension::Length), 2e-3);
}

TEST(Quantity, Time) {
  expect_near_rel(parse_quantity("300 s", Dimension::Time), 300.0);
  expect_near_rel(parse_quantity("5 min", Dimension::Time), 300.0);
  expect_near_rel(parse_quantity("1 h", Dimension::Time), 3600.0);
  expect_near_rel(parse_quantity("0.5min", Dimension::Time), 30.0);
}

TEST(Quantity, Rate) {
  expect_near_rel(parse_quantity("0.01 1/s", Dimension::Rate), 0.01);
  expect_near_rel(parse_quantity("0.6 1/min", Dimension::Rate), 0.01);
  expect_near_rel(parse_quantity("36 1/h", Dimension::Rate), 0.01);
}

TEST(Quantity, AcceptedUnitsPerDimension) {
  EXPECT_EQ(accepted_units(Dimension::Stress), "Pa, mPa, kPa, dyn/cm2");
  EXPECT_EQ(accepted_units(Dimension::SpecificPower), "W/kg, mW/kg, m2/s3");
  EXPECT_EQ(accepted_units(Dimension::Length), "m, mm, um, \u00b5m");
  EXPECT_EQ(accepted_units(Dimension::Time), "s, ms, min, h");
  EXPECT_EQ(accepted_units(Dimension::Rate), "1/s, 1/min, 1/h");
}

TEST(Quantity, RefusedFormsSayWhyAndListTheUnits) {
  const std::string units = "accepted units: Pa, mPa, kPa, dyn/cm2";
  struct Bad {
    const char* text;
    const char* why;
  };
  for (const Bad& b : {Bad{"18", "has no unit"}, Bad{"", "is empty"}, Bad{"Pa", "does not start with a number"},
                       Bad{"18 Ps", "unknown unit 'Ps'"}, Bad{"18 pa", "unknown unit 'pa'"},
                       Bad{"18 MPa", "unknown unit 'MPa'"}, Bad{"1.5.2 Pa", "malformed"},
                       Bad{"1 2 Pa", "malformed"}, Bad{"1,5 Pa", "malformed"}, Bad{"0x10 Pa", "malformed"},
                       Bad{"1e Pa", "malformed"}, Bad{"1e400 Pa", "out of range"},
                       Bad{"inf Pa", "finite"}, Bad{"nan Pa", "finite"}, Bad{"+5 Pa", "does not start"},
                       Bad{"0.1 W/kg", "'W/kg' is a unit of a specific power"},
                       Bad{"5 min", "'min' is a unit of a time"}}) {
    const std::string what = quantity_error(b.text, Dimension::Stress);
    EXPECT_TRUE(contains(what, b.why)) << b.text << ": " << what;
    EXPECT_TRUE(contains(what, units)) << b.text << ": " << what;
    std::string echoed(1, '"');
    echoed.append(b.text).push_back('"');
    EXPECT_TRUE(contains(what, echoed)) << what;
  }
}

TEST(Quantity, ARateNeedsASpaceBeforeItsUnit) {
  // "0.011/s" could be 0.01 per second or 0.011 per second.
  const std::string what = quantity_error("0.011/s", Dimension::Rate);
  EXPECT_TRUE(contains(what, "write a space")) << what;
  EXPECT_TRUE(contains(what, "1/s, 1/min, 1/h")) << what;
}

TEST(Quantity, SignIsTheCallersConcern) {
  EXPECT_EQ(parse_quantity("-2 Pa", Dimension::Stress), -2.0);
  EXPECT_EQ(parse_quantity("0 s", Dimension::Time), 0.0);
}

// ---------------------------------------------------------------- [hotspots]

TEST(Hotspots, AbsentTablesLeaveNone) {
  const CaseModel c = parse(tank_beads());
  EXPECT_FALSE(c.hotspots.has_value());
  EXPECT_TRUE(c.damage.models.empty());
}

TEST(Hotspots, AllThresholdsWithBeads) {
  const CaseModel c = parse(tank_beads() +
                            "[hotspots]\nshear_stress = \"18 Pa\"\ndissipation = \"100 mW/kg\"\n"
                            "kolmogorov_factor = 0.667\n");
  ASSERT_TRUE(c.hotspots.has_value());
  const HotspotSpec& h = *c.hotspots;
  expect_near_rel(h.shear_stress.value(), 18.0);
  expect_near_rel(h.dissipation.value(), 0.1);
  expect_near_rel(h.kolmogorov_factor.value(), 0.667);
  EXPECT_DOUBLE_EQ(h.bead_diameter, kCytodex1Diameter);
  expect_near_rel(h.kolmogorov_length(), 0.667 * kCytodex1Diameter);
  EXPECT_EQ(h.line, line_of(tank_beads() + "[hotspots]", "[hotspots]"));
}

TEST(Hotspots, OneThresholdIsEnough) {
  const CaseModel c = parse(tank() + "[hotspots]\nshear_stress = \"250 mPa\"\n");
  ASSERT_TRUE(c.hotspots.has_value());
  expect_near_rel(c.hotspots->shear_stress.value(), 0.25);
  EXPECT_FALSE(c.hotspots->dissipation.has_value());
  EXPECT_FALSE(c.hotspots->kolmogorov_factor.has_value());
  EXPECT_EQ(c.hotspots->bead_diameter, 0.0);
  EXPECT_EQ(c.hotspots->kolmogorov_length(), 0.0);
}

TEST(Hotspots, BeadDiameterWithoutBeads) {
  const CaseModel c = parse(tank() + "[hotspots]\nkolmogorov_factor = 1\nbead_diameter = \"0.18 mm\"\n");
  ASSERT_TRUE(c.hotspots.has_value());
  expect_near_rel(c.hotspots->bead_diameter, 180e-6);
  expect_near_rel(c.hotspots->kolmogorov_length(), 180e-6);
}

TEST(Hotspots, BareNumberThresholdNeedsAUnit) {
  const std::string text = tank() + "[hotspots]\nshear_stress = 18\n";
  expect_refused(text, "hotspots.shear_stress", {"a threshold needs a unit", "\"0.5 Pa\"", "bare number 18"},
                 "shear_stress = 18");
  expect_refused(tank() + "[hotspots]\ndissipation = 0.1\n", "hotspots.dissipation",
                 {"a threshold needs a unit", "\"0.1 W/kg\"", "W/kg, mW/kg, m2/s3"});
  expect_refused(tank() + "[hotspots]\nkolmogorov_factor = 1\nbead_diameter = 180e-6\n", "hotspots.bead_diameter",
                 {"a length needs a unit", "\"180 um\""});
}

TEST(Hotspots, RefusedValues) {
  expect_refused(tank() + "[hotspots]\nshear_stress = \"-1 Pa\"\n", "hotspots.shear_stress",
                 {"must be positive", "\"-1 Pa\""});
  expect_refused(tank() + "[hotspots]\nshear_stress = \"0 Pa\"\n", "hotspots.shear_stress", {"must be positive"});
  expect_refused(tank() + "[hotspots]\nshear_stress = \"18 Ps\"\n", "hotspots.shear_stress",
                 {"unknown unit 'Ps'", "Pa, mPa, kPa, dyn/cm2"});
  expect_refused(tank() + "[hotspots]\ndissipation = \"18 Pa\"\n", "hotspots.dissipation",
                 {"'Pa' is a unit of a stress"});
  expect_refused(tank_beads() + "[hotspots]\nkolmogorov_factor = -0.5\n", "hotspots.kolmogorov_factor",
                 {"must be positive"});
  expect_refused(tank_beads() + "[hotspots]\nkolmogorov_factor = \"2/3\"\n", "hotspots.kolmogorov_factor",
                 {"expected a number"});
  expect_refused(tank() + "[hotspots]\nshear_stress = true\n", "hotspots.shear_stress",
                 {"expected a string with a unit", "got a boolean"});
}

TEST(Hotspots, NeedsAThreshold) {
  const std::string text = tank() + "[hotspots]\n";
  expect_refused(text, "hotspots", {"at least one of shear_stress", "dissipation", "kolmogorov_factor"},
                 "[hotspots]");
}

TEST(Hotspots, UnknownKey) {
  expect_refused(tank() + "[hotspots]\nshear_stres = \"1 Pa\"\n", "hotspots.shear_stres",
                 {"unknown key in [hotspots]", "did you mean 'shear_stress'"});
}

TEST(Hotspots, KolmogorovFactorNeedsABeadDiameter) {
  const std::string text = tank() + "[hotspots]\nkolmogorov_factor = 0.667\n";
  expect_refused(text, "hotspots.kolmogorov_factor", {"[microcarriers]", "hotspots.bead_diameter"},
                 "kolmogorov_factor");
}

TEST(Hotspots, BeadDiameterOnlyWhereItIsUsed) {
  expect_refused(tank_beads() + "[hotspots]\nkolmogorov_factor = 1\nbead_diameter = \"180 um\"\n",
                 "hotspots.bead_diameter", {"comes from [microcarriers]", "190 um"});
  expect_refused(tank() + "[hotspots]\nshear_stress = \"1 Pa\"\nbead_diameter = \"180 um\"\n",
                 "hotspots.bead_diameter", {"only with hotspots.kolmogorov_factor"});
}

// ---------------------------------------------------------------- [[damage.model]]

std::string with_models(const std::string& models) { return tank_beads() + models; }

const DamageModelSpec& only_model(const CaseModel& c) {
  EXPECT_EQ(c.damage.models.size(), 1u);
  return c.damage.models.front();
}

TEST(Damage, KolmogorovEddyDefaults) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = \"0.6 1/min\"\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.kind, DamageKind::KolmogorovEddy);
  EXPECT_EQ(m.name, "kolmogorov-eddy");
  expect_near_rel(m.factor, 2.0 / 3.0);
  expect_near_rel(m.death_rate, 0.01);
  EXPECT_EQ(m.damaged_at, 0.5);
}

TEST(Damage, KolmogorovEddyEveryKey) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\nname = \"eddies_1\"\n"
                                        "factor = 1.0\ndeath_rate = \"0.01 1/s\"\ndamaged_at = 0.2\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.name, "eddies_1");
  EXPECT_EQ(m.factor, 1.0);
  expect_near_rel(m.death_rate, 0.01);
  EXPECT_EQ(m.damaged_at, 0.2);
}

TEST(Damage, GiersiepenPresetIsTheRedBloodCellSet) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.kind, DamageKind::PowerLaw);
  EXPECT_EQ(m.name, "power-law");
  EXPECT_EQ(m.preset, "giersiepen-rbc");
  EXPECT_EQ(m.C, 3.62e-5);
  EXPECT_EQ(m.alpha, 0.785);
  EXPECT_EQ(m.beta, 2.416);
  EXPECT_EQ(m.damaged_at, 1.0);
  expect_near_rel(m.dose_exponent(), 2.416 / 0.785);
  EXPECT_TRUE(contains(m.source, "red blood cells")) << m.source;
  EXPECT_TRUE(contains(m.source, "Giersiepen")) << m.source;
  ASSERT_EQ(power_law_presets().size(), 1u);
  EXPECT_TRUE(contains(std::string(power_law_presets()[0].label), "red blood cells"));
}

TEST(Damage, PresetThresholdMayBeChanged) {
  const CaseModel c = parse(
      with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\ndamaged_at = 5\n"));
  EXPECT_EQ(only_model(c).damaged_at, 5.0);
}

TEST(Damage, ExplicitPowerLaw) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"power-law\"\nname = \"fit\"\nC = 1.8e-6\n"
                                        "alpha = 0.765\nbeta = 1.991\nsource = \"Zhang et al. 2011\"\n"
                                        "damaged_at = 2.5\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.preset, "");
  EXPECT_EQ(m.C, 1.8e-6);
  EXPECT_EQ(m.alpha, 0.765);
  EXPECT_EQ(m.beta, 1.991);
  EXPECT_EQ(m.source, "Zhang et al. 2011");
  EXPECT_EQ(m.damaged_at, 2.5);
}

TEST(Damage, ShearThreshold) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"250 mPa\"\n"
                                        "damaged_after = \"5 min\"\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.kind, DamageKind::ShearThreshold);
  EXPECT_EQ(m.name, "shear-threshold");
  expect_near_rel(m.threshold, 0.25);
  expect_near_rel(m.damaged_at, 300.0);
}

TEST(Damage, DissipationThreshold) {
  const CaseModel c = parse(with_models("[[damage.model]]\ntype = \"dissipation-threshold\"\n"
                                        "threshold = \"100 mW/kg\"\ndamaged_after = \"1 h\"\n"));
  const DamageModelSpec& m = only_model(c);
  EXPECT_EQ(m.kind, DamageKind::DissipationThreshold);
  expect_near_rel(m.threshold, 0.1);
  expect_near_rel(m.damaged_at, 3600.0);
}

const std::string kFourModels =
    "[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = \"0.01 1/s\"\n"
    "[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\n"
    "[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"1 Pa\"\ndamaged_after = \"10 s\"\n"
    "[[damage.model]]\ntype = \"dissipation-threshold\"\nthreshold = \"1 W/kg\"\ndamaged_after = \"10 s\"\n";

TEST(Damage, FourModelsInFileOrder) {
  const std::string text = with_models(kFourModels);
  const CaseModel c = parse(text);
  ASSERT_EQ(c.damage.models.size(), 4u);
  EXPECT_EQ(c.damage.models[0].name, "kolmogorov-eddy");
  EXPECT_EQ(c.damage.models[1].name, "power-law");
  EXPECT_EQ(c.damage.models[2].name, "shear-threshold");
  EXPECT_EQ(c.damage.models[3].name, "dissipation-threshold");
  EXPECT_EQ(c.damage.models[0].line, line_of(text, "[[damage.model]]"));
  EXPECT_EQ(c.damage.models[3].line, line_of(text, "[[damage.model]]\ntype = \"dissipation"));
}

TEST(Damage, TooManyModels) {
  const std::string fifth = "[[damage.model]]\ntype = \"shear-threshold\"\nname = \"fifth\"\n"
                            "threshold = \"2 Pa\"\ndamaged_after = \"10 s\"\n";
  const std::string text = with_models(kFourModels + fifth);
  expect_refused(text, "damage.model", {"at most 4 damage models", "5 are given"}, "[[damage.model]]\ntype = \"shear-threshold\"\nname = \"fifth\"");
}

TEST(Damage, BareNumberThresholdNeedsAUnit) {
  expect_refused(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = 18\n"
                             "damaged_after = \"5 min\"\n"),
                 "damage.model[1].threshold", {"a threshold needs a unit", "\"0.5 Pa\""}, "threshold = 18");
  expect_refused(with_models("[[damage.model]]\ntype = \"dissipation-threshold\"\nthreshold = 1\n"
                             "damaged_after = \"5 min\"\n"),
                 "damage.model[1].threshold", {"a threshold needs a unit", "\"0.1 W/kg\""});
  expect_refused(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"1 Pa\"\n"
                             "damaged_after = 300\n"),
                 "damage.model[1].damaged_after", {"a time needs a unit", "\"300 s\""});
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = 0.01\n"),
                 "damage.model[1].death_rate", {"a rate needs a unit", "\"0.01 1/s\""});
}

TEST(Damage, NegativeOrZeroConstantOrExponent) {
  const std::string good = "[[damage.model]]\ntype = \"power-law\"\nC = 1e-5\nalpha = 0.8\nbeta = 2.4\n"
                           "source = \"own fit\"\ndamaged_at = 1\n";
  for (const auto& [from, to, key] : {std::tuple{"beta = 2.4", "beta = -2.4", "beta"},
                                      std::tuple{"alpha = 0.8", "alpha = 0", "alpha"},
                                      std::tuple{"C = 1e-5", "C = -1e-5", "C"}}) {
    std::string models = good;
    models.replace(models.find(from), std::string(from).size(), to);
    expect_refused(with_models(models), std::string("damage.model[1].") + key,
                   {"must be positive", "a negative exponent or constant"}, to);
  }
}

TEST(Damage, ExplicitConstantsNeedSourceAndThreshold) {
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\nC = 1e-5\nalpha = 0.8\nbeta = 2.4\n"
                             "damaged_at = 1\n"),
                 "damage.model[1].source", {"required key is missing", "source"});
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\nC = 1e-5\nalpha = 0.8\nbeta = 2.4\n"
                             "source = \"own fit\"\n"),
                 "damage.model[1].damaged_at", {"required key is missing"});
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\nC = 1e-5\nalpha = 0.8\nbeta = 2.4\n"
                             "source = \" \"\ndamaged_at = 1\n"),
                 "damage.model[1].source", {"where the constants come from"});
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\n"), "damage.model[1].preset",
                 {"giersiepen-rbc", "C, alpha, beta"});
}

TEST(Damage, PresetAndExplicitConstants) {
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\nC = 1e-5\n"
                             "alpha = 0.8\nbeta = 2.4\n"),
                 "damage.model[1].preset", {"not both"});
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\nbeta = 2.0\n"),
                 "damage.model[1].beta", {"cannot be overridden"}, "beta = 2.0");
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen-rbc\"\n"
                             "source = \"me\"\n"),
                 "damage.model[1].source", {"names its own source"});
  expect_refused(with_models("[[damage.model]]\ntype = \"power-law\"\npreset = \"giersiepen\"\n"),
                 "damage.model[1].preset", {"unknown preset 'giersiepen'", "giersiepen-rbc"});
}

TEST(Damage, UnknownType) {
  expect_refused(with_models("[[damage.model]]\ntype = \"power_law\"\n"), "damage.model[1].type",
                 {"unknown value 'power_law'", "did you mean 'power-law'",
                  "kolmogorov-eddy, power-law, shear-threshold, dissipation-threshold"},
                 "type = \"power_law\"");
}

TEST(Damage, UnknownKey) {
  expect_refused(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshhold = \"1 Pa\"\n"
                             "damaged_after = \"1 s\"\n"),
                 "damage.model[1].threshhold", {"unknown key", "did you mean 'threshold'"}, "threshhold");
  // A key of another kind of model.
  expect_refused(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"1 Pa\"\n"
                             "damaged_after = \"1 s\"\ndeath_rate = \"1 1/s\"\n"),
                 "damage.model[1].death_rate", {"unknown key", "allowed: type, name, threshold, damaged_after"});
  expect_refused(tank_beads() + "[damage]\nmodels = 1\n", "damage.models", {"did you mean 'model'"});
}

TEST(Damage, DuplicateName) {
  const std::string twice = "[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"1 Pa\"\n"
                            "damaged_after = \"1 s\"\n";
  expect_refused(with_models(twice + twice), "damage.model[2].name",
                 {"damage.model[1] is named 'shear-threshold' already", "named after its type"});
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\nname = \"a\"\n"
                             "death_rate = \"1 1/s\"\n[[damage.model]]\ntype = \"power-law\"\nname = \"a\"\n"
                             "preset = \"giersiepen-rbc\"\n"),
                 "damage.model[2].name", {"is named 'a' already"});
}

TEST(Damage, NameAlphabet) {
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\nname = \"Eddy model\"\n"
                             "death_rate = \"1 1/s\"\n"),
                 "damage.model[1].name", {"'Eddy model'", "a-z, 0-9, _ and -"});
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\nname = \"\"\n"
                             "death_rate = \"1 1/s\"\n"),
                 "damage.model[1].name", {"non-empty"});
}

TEST(Damage, KolmogorovFractionInsideZeroOne) {
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = \"1 1/s\"\n"
                             "damaged_at = 1\n"),
                 "damage.model[1].damaged_at", {"must be in (0, 1)"});
  expect_refused(with_models("[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = \"1 1/s\"\n"
                             "factor = 0\n"),
                 "damage.model[1].factor", {"must be positive"});
}

TEST(Damage, ThresholdModelsNeedBothKeys) {
  expect_refused(with_models("[[damage.model]]\ntype = \"shear-threshold\"\nthreshold = \"1 Pa\"\n"),
                 "damage.model[1].damaged_after", {"required key is missing", "\"300 s\""});
  expect_refused(with_models("[[damage.model]]\ntype = \"dissipation-threshold\"\nthreshold = \"1 Pa\"\n"
                             "damaged_after = \"1 s\"\n"),
                 "damage.model[1].threshold", {"'Pa' is a unit of a stress"});
}

TEST(Damage, NeedsMicrocarriers) {
  const std::string text = tank() + "[[damage.model]]\ntype = \"kolmogorov-eddy\"\ndeath_rate = \"1 1/s\"\n";
  expect_refused(text, "damage", {"act on microcarriers", "[microcarriers]"});
}

TEST(Damage, NeedsAModel) {
  expect_refused(tank_beads() + "[damage]\n", "damage.model", {"lists no model", "[[damage.model]]"});
  expect_refused(tank_beads() + "[damage]\nmodel = []\n", "damage.model", {"lists no model"});
  expect_refused(tank_beads() + "[damage]\nmodel = 1\n", "damage.model", {"[[damage.model]] table"});
}

// A user reads the error against the file: its path and the line of the key.
TEST(Damage, FileErrorNamesThePathAndLine) {
  TempDir dir("stirlb-shear-damage");
  const fs::path path = dir.path() / "beads.toml";
  const std::string text = with_models("[[damage.model]]\ntype = \"power-law\"\nC = 1e-5\nalpha = 0.8\n"
                                       "beta = -2.4\nsource = \"own fit\"\ndamaged_at = 1\n");
  std::ofstream(path, std::ios::binary) << text;
  try {
    parse_case_file(path);
    ADD_FAILURE() << "parsed without error";
  } catch (const CaseError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.line(), line_of(text, "beta = -2.4"));
    EXPECT_TRUE(contains(e.what(), path.string() + ":" + std::to_string(e.line()) + ": key 'damage.model[1].beta'"))
        << e.what();
  }
}

}  // namespace
}  // namespace stirlb
