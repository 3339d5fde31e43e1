// Stirred-tank case files: [vessel], [vessel.baffles], [shaft], [[impeller]]
// and the run length in revolutions. Every refusal names the key to change
// and says why, at the line where the key is written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <variant>
#include <vector>
#include "solver/case_parser.h"
#include "solver/units.h"
#include "tests/case/case_test_support.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using testing::line_of;
using testing::TempDir;

const std::string kReferenceStl =
    std::string(STIRLB_SOURCE_DIR) + "/meshes/reference/rushton_standard_d100mm.stl";

// A baffled, flat-bottomed tank with one standard Rushton turbine: T = 0.3 m,
// H = T, D = T/3 at C = D, baffles T/10 wide, 2 revolutions per second.
const std::string kTank = R"([case]
name = "rushton-test"
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
[numerics]
resolution = 20
lattice_velocity = 0.1
[run]
revolutions = 2
averaging_revolutions = 1
output_interval = 0.25
)";

// The impeller table of kTank, for swapping in other impellers.
const std::string kRushton = "type = \"rushton\"\ndiameter = 0.1\nclearance = 0.1\n";

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// 1-based line of the first occurrence of `needle` in `text`.
// kTank with each `from` replaced by its `to`, in order: a bad case differs
// from the good one in exactly the way under test.
std::string variant(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = kTank;
  for (const auto& [from, to] : edits) {
    const auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) text.replace(pos, from.size(), to);
  }
  return text;
}

std::string variant(const std::string& from, const std::string& to) { return variant({{from, to}}); }

CaseError parse_error(const std::string& text) { return testing::parse_error(text, "tank.toml"); }

CaseError file_error(const fs::path& path) {
  try {
    parse_case_file(path);
  } catch (const CaseError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error: " << path;
  return CaseError("", 0, "", "no error");
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

TEST(TankCase, ValidRushtonTankParses) {
  const CaseModel c = parse_case_string(kTank, "tank.toml");
  ASSERT_TRUE(c.tank.has_value());
  const TankSpec& t = *c.tank;
  EXPECT_EQ(c.name, "rushton-test");
  EXPECT_DOUBLE_EQ(t.vessel.diameter, 0.3);
  EXPECT_DOUBLE_EQ(t.vessel.liquid_height, 0.3);
  EXPECT_EQ(t.vessel.bottom, BottomShape::Flat);
  EXPECT_EQ(t.vessel.baffles.count, 4);
  EXPECT_DOUBLE_EQ(t.vessel.baffles.width, 0.03);
  EXPECT_DOUBLE_EQ(t.vessel.baffles.gap, 0.0);
  EXPECT_DOUBLE_EQ(t.shaft.diameter, 0.01);
  EXPECT_DOUBLE_EQ(t.shaft.speed_rpm, 120);
  EXPECT_DOUBLE_EQ(t.speed_rps(), 2.0);
  EXPECT_FALSE(t.shaft.clockwise);
  EXPECT_DOUBLE_EQ(t.shaft.ramp_revolutions, 1.0);

  ASSERT_EQ(t.impellers.size(), 1u);
  const ImpellerSpec& imp = t.impellers[0];
  EXPECT_EQ(imp.type, "rushton");
  EXPECT_DOUBLE_EQ(imp.diameter, 0.1);
  EXPECT_DOUBLE_EQ(imp.clearance, 0.1);
  EXPECT_EQ(imp.line, line_of(kTank, "[[impeller]]"));
  ASSERT_TRUE(std::holds_alternative<RushtonSpec>(imp.shape));
  const RushtonSpec& r = std::get<RushtonSpec>(imp.shape);
  EXPECT_DOUBLE_EQ(r.diameter, 0.1);
  EXPECT_EQ(r.blades, 6);
  EXPECT_DOUBLE_EQ(r.blade_length, 0.1 / 4);
  EXPECT_DOUBLE_EQ(r.blade_height, 0.1 / 5);
  EXPECT_DOUBLE_EQ(r.disk_diameter, 0.75 * 0.1);
  EXPECT_DOUBLE_EQ(r.hub_diameter, 0.0);
  EXPECT_NEAR(imp.height(), 0.1 / 5, 1e-12);
  EXPECT_DOUBLE_EQ(t.impeller_diameter(), 0.1);

  // The impeller diameter and tip speed scale the lattice.
  EXPECT_DOUBLE_EQ(c.flow.reference_length, 0.1);
  EXPECT_DOUBLE_EQ(c.flow.reference_velocity, std::numbers::pi * 2 * 0.1);
  EXPECT_EQ(c.numerics.resolution, 20);

  // 2 revolutions at 2 per second.
  ASSERT_TRUE(c.run.end_time.has_value());
  EXPECT_DOUBLE_EQ(*c.run.end_time, 1.0);
  EXPECT_FALSE(c.run.steps.has_value());
  EXPECT_DOUBLE_EQ(c.run.averaging_revolutions, 1.0);
  EXPECT_DOUBLE_EQ(c.run.output_interval, 0.25);

  // And it converts to lattice units at 20 cells per impeller diameter.
  const LatticeUnits u = derive_lattice_units(c);
  EXPECT_NEAR(u.dx, 0.1 / 20, 1e-12);
  EXPECT_EQ(u.fluid_cells[2], 60);  // liquid height / dx
}

TEST(TankCase, PitchedBladeImpellerParses) {
  const CaseModel c = parse_case_string(
      variant("type = \"rushton\"\n", "type = \"pitched_blade\"\npumping = \"up\"\nangle_deg = 30\n"), "pbt");
  ASSERT_TRUE(c.tank.has_value());
  const ImpellerSpec& imp = c.tank->impellers.at(0);
  EXPECT_EQ(imp.type, "pitched_blade");
  ASSERT_TRUE(std::holds_alternative<PitchedBladeSpec>(imp.shape));
  const PitchedBladeSpec& p = std::get<PitchedBladeSpec>(imp.shape);
  EXPECT_DOUBLE_EQ(p.diameter, 0.1);
  EXPECT_EQ(p.blades, 4);
  EXPECT_DOUBLE_EQ(p.angle_deg, 30);
  EXPECT_FALSE(p.pumping_down);
  EXPECT_DOUBLE_EQ(p.blade_width, 0.1 / 5);
  // Axial extent of a blade 0.02 m wide and 0.002 m thick pitched at 30
  // degrees, measured from the built surface: w sin a + t cos a.
  EXPECT_NEAR(imp.height(), 0.02 * 0.5 + 0.002 * std::cos(std::numbers::pi / 6), 1e-9);

  // Pumping defaults to down.
  const CaseModel down =
      parse_case_string(variant("type = \"rushton\"\n", "type = \"pitched_blade\"\n"), "pbt-down");
  EXPECT_TRUE(std::get<PitchedBladeSpec>(down.tank->impellers.at(0).shape).pumping_down);
  EXPECT_DOUBLE_EQ(std::get<PitchedBladeSpec>(down.tank->impellers.at(0).shape).angle_deg, 45);
}

TEST(TankCase, MarineImpellerParses) {
  const CaseModel c = parse_case_string(variant("type = \"rushton\"\n", "type = \"marine\"\n"), "marine");
  ASSERT_TRUE(c.tank.has_value());
  const ImpellerSpec& imp = c.tank->impellers.at(0);
  EXPECT_EQ(imp.type, "marine");
  ASSERT_TRUE(std::holds_alternative<MarineSpec>(imp.shape));
  const MarineSpec& m = std::get<MarineSpec>(imp.shape);
  EXPECT_DOUBLE_EQ(m.diameter, 0.1);
  EXPECT_EQ(m.blades, 3);
  EXPECT_DOUBLE_EQ(m.pitch_ratio, 1.0);
  EXPECT_DOUBLE_EQ(m.blade_area_ratio, 0.5);
  EXPECT_TRUE(m.pumping_down);
  EXPECT_DOUBLE_EQ(c.flow.reference_length, 0.1);
}

TEST(TankCase, StlImpellerParsesAndIsMeasured) {
  const CaseModel c = parse_case_string(
      variant(kRushton, "type = \"stl\"\nfile = \"" + kReferenceStl + "\"\nscale = 0.001\nclearance = 0.1\n"),
      "stl");
  ASSERT_TRUE(c.tank.has_value());
  const ImpellerSpec& imp = c.tank->impellers.at(0);
  EXPECT_EQ(imp.type, "stl");
  ASSERT_TRUE(std::holds_alternative<StlImpellerSpec>(imp.shape));
  const StlImpellerSpec& s = std::get<StlImpellerSpec>(imp.shape);
  EXPECT_EQ(s.file, fs::path(kReferenceStl).lexically_normal().string());
  EXPECT_DOUBLE_EQ(s.scale, 0.001);
  // The 100 mm turbine, measured from the file (blade corners reach 50.01 mm).
  EXPECT_NEAR(imp.diameter, 0.1, 1e-3);
  EXPECT_NEAR(imp.height(), 0.02, 1e-3);
  EXPECT_NEAR(c.flow.reference_length, 0.1, 1e-3);
  EXPECT_NEAR(c.flow.reference_velocity, std::numbers::pi * 2 * imp.diameter, 1e-12);
}

TEST(TankCase, RelativeStlPathIsResolvedAgainstTheCaseFolder) {
  const TempDir dir("stirlb-tank-case");
  fs::create_directories(dir.path() / "meshes");
  fs::copy_file(kReferenceStl, dir.path() / "meshes" / "turbine.stl");
  const fs::path case_file = dir.path() / "tank.toml";
  write_text(case_file,
             variant(kRushton, "type = \"stl\"\nfile = \"meshes/turbine.stl\"\nscale = 0.001\nclearance = 0.1\n"));
  // From another working directory the relative path would not be found.
  const CaseModel c = parse_case_file(case_file);
  ASSERT_TRUE(c.tank.has_value());
  const StlImpellerSpec& s = std::get<StlImpellerSpec>(c.tank->impellers.at(0).shape);
  EXPECT_EQ(s.file, (dir.path() / "meshes" / "turbine.stl").lexically_normal().string());
  EXPECT_NEAR(c.tank->impellers.at(0).diameter, 0.1, 1e-3);
}

TEST(TankCase, ImpellerLargerThanTheVesselDoesNotFit) {
  const std::string text = variant("diameter = 0.1\nclearance", "diameter = 0.4\nclearance");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "impeller[1].diameter");
  EXPECT_EQ(e.line(), line_of(text, "diameter = 0.4"));
  EXPECT_EQ(e.file(), "tank.toml");
  EXPECT_TRUE(contains(e.reason(), "does not fit")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "0.3 m")) << "names the vessel diameter: " << e.what();
}

TEST(TankCase, ImpellerHittingTheBafflesIsRefused) {
  // Blade tips at 0.125 m, baffle inner edges at 0.15 - 0.03 = 0.12 m.
  const std::string text = variant("diameter = 0.1\nclearance", "diameter = 0.25\nclearance");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "impeller[1].diameter");
  EXPECT_EQ(e.line(), line_of(text, "diameter = 0.25"));
  EXPECT_TRUE(contains(e.reason(), "hit the baffles")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "0.12 m")) << "names the baffles' inner edge: " << e.what();

  // A gap behind the baffles moves their inner edge inwards too.
  const CaseError gap = parse_error(variant("width = 0.03", "width = 0.03\ngap = 0.075"));
  EXPECT_EQ(gap.key(), "impeller[1].diameter");
  EXPECT_TRUE(contains(gap.reason(), "hit the baffles")) << gap.what();

  // Without baffles the same impeller fits.
  EXPECT_NO_THROW(parse_case_string(
      variant({{"count = 4\nwidth = 0.03", "count = 0"}, {"diameter = 0.1\nclearance", "diameter = 0.25\nclearance"}}),
      "unbaffled"));
}

TEST(TankCase, ClearanceMustKeepTheImpellerInTheLiquid) {
  // The blades are 0.02 m high: the lower edge reaches the floor below C = 0.01 m.
  const std::string low_text = variant("clearance = 0.1", "clearance = 0.005");
  const CaseError low = parse_error(low_text);
  EXPECT_EQ(low.key(), "impeller[1].clearance");
  EXPECT_EQ(low.line(), line_of(low_text, "clearance = 0.005"));
  EXPECT_TRUE(contains(low.reason(), "into the bottom")) << low.what();
  EXPECT_TRUE(contains(low.reason(), "must exceed 0.01 m")) << low.what();

  const std::string high_text = variant("clearance = 0.1", "clearance = 0.295");
  const CaseError high = parse_error(high_text);
  EXPECT_EQ(high.key(), "impeller[1].clearance");
  EXPECT_EQ(high.line(), line_of(high_text, "clearance = 0.295"));
  EXPECT_TRUE(contains(high.reason(), "above the liquid")) << high.what();

  // A dished bottom rises towards the wall: at the blade tips it is 0.0043 m
  // high, so a clearance that clears a flat bottom does not clear it.
  EXPECT_NO_THROW(parse_case_string(variant("clearance = 0.1", "clearance = 0.012"), "flat"));
  const CaseError dished = parse_error(variant({{"bottom = \"flat\"", "bottom = \"elliptical\""},
                                                {"clearance = 0.1", "clearance = 0.012"}}));
  EXPECT_EQ(dished.key(), "impeller[1].clearance");
  EXPECT_TRUE(contains(dished.reason(), "into the bottom")) << dished.what();

  const CaseError missing = parse_error(variant("clearance = 0.1\n", ""));
  EXPECT_EQ(missing.key(), "impeller[1].clearance");
  EXPECT_EQ(missing.line(), line_of(kTank, "[[impeller]]"));
  EXPECT_TRUE(contains(missing.reason(), "missing")) << missing.what();
}

TEST(TankCase, SizesMustBePositive) {
  struct Bad {
    std::string from, to, key;
  };
  const std::vector<Bad> cases = {
      {"diameter = 0.3", "diameter = -1", "vessel.diameter"},
      {"diameter = 0.3", "diameter = 0", "vessel.diameter"},
      {"liquid_height = 0.3", "liquid_height = -0.3", "vessel.liquid_height"},
      {"width = 0.03", "width = 0", "vessel.baffles.width"},
      {"diameter = 0.01", "diameter = -0.01", "shaft.diameter"},
      {"speed_rpm = 120", "speed_rpm = 0", "shaft.speed_rpm"},
      {"diameter = 0.1\nclearance", "diameter = -0.1\nclearance", "impeller[1].diameter"},
      {"clearance = 0.1", "clearance = 0", "impeller[1].clearance"},
      {"clearance = 0.1", "blade_height = -0.02\nclearance = 0.1", "impeller[1].blade_height"},
      {"revolutions = 2", "revolutions = 0", "run.revolutions"},
  };
  for (const Bad& b : cases) {
    SCOPED_TRACE(b.to);
    const std::string text = variant(b.from, b.to);
    const CaseError e = parse_error(text);
    EXPECT_EQ(e.key(), b.key) << e.what();
    EXPECT_EQ(e.line(), line_of(text, b.to)) << e.what();
    EXPECT_TRUE(contains(e.reason(), "must be positive")) << e.what();
  }
  const CaseError negative = parse_error(variant("diameter = 0.3", "diameter = -1"));
  EXPECT_EQ(negative.reason(), "must be positive, got -1");

  const CaseError gap = parse_error(variant("width = 0.03", "width = 0.03\ngap = -0.01"));
  EXPECT_EQ(gap.key(), "vessel.baffles.gap");
  EXPECT_TRUE(contains(gap.reason(), "must not be negative")) << gap.what();
}

TEST(TankCase, UnknownImpellerTypeSuggestsTheNearestOne) {
  const std::string text = variant("\"rushton\"", "\"rushtn\"");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "impeller[1].type");
  EXPECT_EQ(e.line(), line_of(text, "rushtn"));
  EXPECT_TRUE(contains(e.reason(), "'rushtn'")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "did you mean 'rushton'")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "rushton, pitched_blade, marine, stl")) << e.what();

  const CaseError missing = parse_error(variant("type = \"rushton\"\n", ""));
  EXPECT_EQ(missing.key(), "impeller[1].type");
  EXPECT_TRUE(contains(missing.reason(), "missing")) << missing.what();
}

TEST(TankCase, UnknownKeysInTankTablesAreNamed) {
  const std::string text = variant("type = \"rushton\"\n", "type = \"rushton\"\nblade = 6\n");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "impeller[1].blade");
  EXPECT_EQ(e.line(), line_of(text, "blade = 6"));
  EXPECT_TRUE(contains(e.reason(), "unknown key in [impeller[1]]")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "did you mean 'blades'")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "disk_diameter")) << "lists the allowed keys: " << e.what();

  // A key of another impeller type is as wrong as a typo.
  const CaseError other = parse_error(variant("type = \"rushton\"\n", "type = \"rushton\"\npitch_ratio = 1\n"));
  EXPECT_EQ(other.key(), "impeller[1].pitch_ratio");
  EXPECT_TRUE(contains(other.reason(), "unknown key in [impeller[1]]")) << other.what();

  const CaseError vessel = parse_error(variant("bottom = \"flat\"", "bottom = \"flat\"\nheight = 0.3"));
  EXPECT_EQ(vessel.key(), "vessel.height");
  const CaseError baffles = parse_error(variant("count = 4", "count = 4\nwidht = 0.03"));
  EXPECT_EQ(baffles.key(), "vessel.baffles.widht");
  EXPECT_TRUE(contains(baffles.reason(), "did you mean 'width'")) << baffles.what();
  const CaseError shaft = parse_error(variant("speed_rpm = 120", "rpm = 120"));
  EXPECT_EQ(shaft.key(), "shaft.rpm");
}

TEST(TankCase, MissingStlFileIsNamed) {
  const TempDir dir("stirlb-tank-case");
  const fs::path case_file = dir.path() / "tank.toml";
  const std::string text = variant(kRushton, "type = \"stl\"\nfile = \"missing.stl\"\nclearance = 0.1\n");
  write_text(case_file, text);
  const CaseError e = file_error(case_file);
  EXPECT_EQ(e.key(), "impeller[1].file");
  EXPECT_EQ(e.file(), case_file.string());
  EXPECT_EQ(e.line(), line_of(text, "file = "));
  // The path as resolved against the case folder, so the user sees where it was looked for.
  EXPECT_TRUE(contains(e.reason(), (dir.path() / "missing.stl").string())) << e.what();
  EXPECT_TRUE(contains(e.reason(), "no such file")) << e.what();
}

TEST(TankCase, OpenStlIsNotWatertight) {
  const TempDir dir("stirlb-tank-case");
  write_text(dir.path() / "open.stl",
             "solid open\n"
             "  facet normal 0 0 1\n"
             "    outer loop\n"
             "      vertex 0 0 0\n"
             "      vertex 50 0 0\n"
             "      vertex 0 50 0\n"
             "    endloop\n"
             "  endfacet\n"
             "endsolid open\n");
  const fs::path case_file = dir.path() / "tank.toml";
  write_text(case_file,
             variant(kRushton, "type = \"stl\"\nfile = \"open.stl\"\nscale = 0.001\nclearance = 0.1\n"));
  const CaseError e = file_error(case_file);
  EXPECT_EQ(e.key(), "impeller[1].file");
  EXPECT_TRUE(contains(e.reason(), "watertight")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "3 open or non-manifold edges")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "open.stl")) << e.what();
}

TEST(TankCase, ImpellersMustNotOverlap) {
  // A second turbine 0.01 m above the first: their 0.02 m high blades overlap.
  const std::string text = variant(kRushton, kRushton + "[[impeller]]\ntype = \"rushton\"\ndiameter = 0.1\n"
                                                        "clearance = 0.11\n");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "impeller[2].clearance");
  EXPECT_EQ(e.line(), line_of(text, "clearance = 0.11"));
  EXPECT_TRUE(contains(e.reason(), "without overlap")) << e.what();

  // Listed top first, they overlap too: impellers go from the bottom up.
  const CaseError order = parse_error(
      variant(kRushton, "type = \"rushton\"\ndiameter = 0.1\nclearance = 0.2\n[[impeller]]\n" + kRushton));
  EXPECT_EQ(order.key(), "impeller[2].clearance");
  EXPECT_TRUE(contains(order.reason(), "bottom up")) << order.what();

  // Well apart, both are kept, and the larger one scales the lattice.
  const CaseModel c = parse_case_string(
      variant(kRushton, kRushton + "[[impeller]]\ntype = \"pitched_blade\"\ndiameter = 0.12\nclearance = 0.2\n"),
      "two");
  ASSERT_EQ(c.tank->impellers.size(), 2u);
  EXPECT_DOUBLE_EQ(c.flow.reference_length, 0.12);
}

TEST(TankCase, RevolutionsExcludeEndTimeAndSteps) {
  const std::string text = variant("revolutions = 2", "revolutions = 2\nend_time = 1.0");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "run.revolutions");
  EXPECT_EQ(e.line(), line_of(text, "revolutions = 2"));
  EXPECT_TRUE(contains(e.reason(), "only one of run.end_time, run.steps and run.revolutions")) << e.what();

  EXPECT_EQ(parse_error(variant("revolutions = 2", "revolutions = 2\nsteps = 100")).key(), "run.revolutions");

  // end_time alone still works for a tank.
  const CaseModel c = parse_case_string(variant("revolutions = 2", "end_time = 1.5"), "end_time");
  EXPECT_DOUBLE_EQ(*c.run.end_time, 1.5);
}

TEST(TankCase, LiquidMustFillTheDishedBottom) {
  // A 2:1 elliptical bottom of a 0.3 m vessel is 0.075 m deep.
  const std::string text =
      variant({{"liquid_height = 0.3", "liquid_height = 0.05"}, {"bottom = \"flat\"", "bottom = \"elliptical\""}});
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "vessel.liquid_height");
  EXPECT_EQ(e.line(), line_of(text, "liquid_height = 0.05"));
  EXPECT_TRUE(contains(e.reason(), "does not fill the dished bottom")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "0.075 m deep")) << e.what();

  const CaseError shape = parse_error(variant("\"flat\"", "\"hemispherical\""));
  EXPECT_EQ(shape.key(), "vessel.bottom");
  EXPECT_TRUE(contains(shape.reason(), "flat, torispherical, elliptical")) << shape.what();
}

TEST(TankCase, BafflesMustNotReachTheAxis) {
  const std::string text = variant("width = 0.03", "width = 0.16");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "vessel.baffles.width");
  EXPECT_EQ(e.line(), line_of(text, "width = 0.16"));
  EXPECT_TRUE(contains(e.reason(), "reaches the axis")) << e.what();

  const CaseError gap = parse_error(variant("width = 0.03", "width = 0.1\ngap = 0.05"));
  EXPECT_EQ(gap.key(), "vessel.baffles.width");
  EXPECT_TRUE(contains(gap.reason(), "width + gap = 0.15 m reaches the axis")) << gap.what();

  const CaseError count = parse_error(variant("count = 4", "count = 100"));
  EXPECT_EQ(count.key(), "vessel.baffles.count");
  EXPECT_TRUE(contains(count.reason(), "[0, 64]")) << count.what();
}

TEST(TankCase, BoxTablesAreUnknownInATank) {
  const std::string text = variant("[numerics]", "[domain]\ntype = \"box\"\nsize = [0.3, 0.3, 0.3]\n[numerics]");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "domain");
  EXPECT_EQ(e.line(), line_of(text, "[domain]"));
  EXPECT_TRUE(contains(e.reason(), "unknown table at the top level")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "impeller")) << "lists the tank's tables: " << e.what();

  const CaseError flow = parse_error(
      variant("[numerics]", "[flow]\nreference_length = 0.1\nreference_velocity = 0.3\n[numerics]"));
  EXPECT_EQ(flow.key(), "flow");
  EXPECT_TRUE(contains(flow.reason(), "unknown table at the top level")) << flow.what();
}

TEST(TankCase, CoarseResolutionIsRefusedByTheUnitConversion) {
  const CaseModel c = parse_case_string(variant("resolution = 20", "resolution = 4"), "coarse.toml");
  try {
    derive_lattice_units(c);
    FAIL() << "4 cells per impeller diameter accepted";
  } catch (const CaseError& e) {
    EXPECT_EQ(e.key(), "numerics.resolution");
    EXPECT_EQ(e.file(), "coarse.toml");
    EXPECT_TRUE(contains(e.reason(), "4 cells across the impeller diameter cannot resolve its blades")) << e.what();
    EXPECT_TRUE(contains(e.reason(), "at least 8")) << e.what();
  }
  // The threshold itself runs, with a warning.
  const LatticeUnits u = derive_lattice_units(parse_case_string(variant("resolution = 20", "resolution = 8"), "8"));
  EXPECT_TRUE(std::any_of(u.warnings.begin(), u.warnings.end(),
                          [](const std::string& w) { return contains(w, "coarse"); }));
}

TEST(TankCase, AveragingMustFitInTheRun) {
  const std::string text = variant("averaging_revolutions = 1", "averaging_revolutions = 3");
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), "run.averaging_revolutions");
  EXPECT_EQ(e.line(), line_of(text, "averaging_revolutions = 3"));
  EXPECT_TRUE(contains(e.reason(), "more than the run's 2")) << e.what();

  EXPECT_EQ(parse_error(variant("averaging_revolutions = 1", "averaging_revolutions = -1")).key(),
            "run.averaging_revolutions");
  // The whole run may be averaged.
  EXPECT_NO_THROW(parse_case_string(variant("averaging_revolutions = 1", "averaging_revolutions = 2"), "all"));
}

}  // namespace
}  // namespace stirlb
