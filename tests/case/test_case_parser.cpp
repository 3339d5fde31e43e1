#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include "solver/case_parser.h"

namespace stirlb {
namespace {

const std::string kCases = std::string(STIRLB_TEST_DATA) + "/cases/";

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string& valid_text() {
  static const std::string text = read_text(kCases + "valid_box.toml");
  return text;
}

// 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

// The valid fixture with one piece of text replaced: each bad case differs
// from a good one in exactly the way under test, at a known line.
std::string variant(const std::string& from, const std::string& to) {
  std::string text = valid_text();
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

CaseError parse_error(const std::string& text) {
  try {
    parse_case_string(text, "variant.toml");
  } catch (const CaseError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error:\n" << text;
  return CaseError("", 0, "", "no error");
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(CaseError, WhatNamesFileLineAndKey) {
  EXPECT_STREQ(CaseError("a.toml", 7, "numerics.resolution", "too small").what(),
               "a.toml:7: key 'numerics.resolution': too small");
  EXPECT_STREQ(CaseError("a.toml", 0, "", "missing").what(), "a.toml: missing");
  const CaseError e("b.toml", 3, "run.steps", "why");
  EXPECT_EQ(e.file(), "b.toml");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.key(), "run.steps");
  EXPECT_EQ(e.reason(), "why");
}

TEST(CaseParser, FullValidFileParsesToTheModel) {
  const std::string path = kCases + "valid_box.toml";
  const CaseModel c = parse_case_file(path);
  EXPECT_EQ(c.source, path);
  EXPECT_EQ(c.name, "demo");
  EXPECT_EQ(c.description, "Periodic channel driven by a moving lid");
  EXPECT_EQ(c.domain.size, (std::array<double, 3>{0.1, 0.1, 0.05}));

  const auto& f = c.domain.faces;
  EXPECT_EQ(f[kXMin].type, FaceType::Periodic);
  EXPECT_EQ(f[kXMax].type, FaceType::Periodic);  // table form
  EXPECT_EQ(f[kYMin].type, FaceType::Wall);
  EXPECT_EQ(f[kYMax].type, FaceType::FreeSlip);
  EXPECT_EQ(f[kZMin].type, FaceType::Wall);
  EXPECT_EQ(f[kZMax].type, FaceType::MovingWall);
  EXPECT_EQ(f[kZMax].velocity, (std::array<double, 3>{0.05, -0.01, 0.0}));
  EXPECT_EQ(f[kYMin].velocity, (std::array<double, 3>{0.0, 0.0, 0.0}));

  EXPECT_DOUBLE_EQ(c.fluid.density, 1000.0);
  EXPECT_DOUBLE_EQ(c.fluid.kinematic_viscosity, 1.0e-6);  // mu / rho
  EXPECT_DOUBLE_EQ(c.fluid.dynamic_viscosity(), 1.0e-3);

  EXPECT_DOUBLE_EQ(c.flow.reference_length, 0.1);
  EXPECT_DOUBLE_EQ(c.flow.reference_velocity, 0.05);
  EXPECT_EQ(c.flow.body_acceleration, (std::array<double, 3>{1e-3, 0.0, 0.0}));

  EXPECT_EQ(c.initial.kind, InitialKind::Uniform);
  EXPECT_EQ(c.initial.velocity, (std::array<double, 3>{0.01, 0.0, 0.0}));

  EXPECT_EQ(c.numerics.resolution, 64);
  EXPECT_EQ(c.numerics.stencil, Stencil::D3Q27);
  EXPECT_EQ(c.numerics.collision, CollisionOperator::BGK);
  EXPECT_TRUE(c.numerics.les);
  EXPECT_DOUBLE_EQ(c.numerics.smagorinsky_constant, 0.1);
  EXPECT_EQ(c.numerics.precision, Precision::FP16);
  EXPECT_DOUBLE_EQ(c.numerics.lattice_velocity, 0.04);

  ASSERT_TRUE(c.run.end_time.has_value());
  EXPECT_DOUBLE_EQ(*c.run.end_time, 10.0);
  EXPECT_FALSE(c.run.steps.has_value());
  EXPECT_DOUBLE_EQ(c.run.output_interval, 0.5);
  EXPECT_EQ(c.output.fields, (std::vector<std::string>{"velocity", "pressure", "shear_stress"}));
}

TEST(CaseParser, OptionalKeysTakeTheirDefaults) {
  const CaseModel c = parse_case_string(R"(
[case]
name = "minimal"
[domain]
type = "box"
size = [0.1, 0.1, 0.1]
[boundaries]
x_min = "wall"
x_max = "wall"
y_min = "wall"
y_max = "wall"
z_min = "wall"
z_max = "wall"
[fluid]
density = 1000.0
kinematic_viscosity = 1e-6
[flow]
reference_length = 0.1
reference_velocity = 0.05
[numerics]
resolution = 32
[run]
steps = 100
)",
                                        "minimal");
  EXPECT_EQ(c.source, "minimal");
  EXPECT_EQ(c.description, "");
  EXPECT_DOUBLE_EQ(c.fluid.kinematic_viscosity, 1e-6);
  EXPECT_EQ(c.flow.body_acceleration, (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(c.initial.kind, InitialKind::Rest);
  EXPECT_EQ(c.numerics.stencil, Stencil::D3Q19);
  EXPECT_EQ(c.numerics.collision, CollisionOperator::Regularized);
  EXPECT_TRUE(c.numerics.les);
  EXPECT_DOUBLE_EQ(c.numerics.smagorinsky_constant, 0.12);
  EXPECT_EQ(c.numerics.precision, Precision::FP32);
  EXPECT_DOUBLE_EQ(c.numerics.lattice_velocity, 0.05);
  EXPECT_EQ(c.run.steps, 100);
  EXPECT_FALSE(c.run.end_time.has_value());
  EXPECT_DOUBLE_EQ(c.run.output_interval, 0.0);
  EXPECT_EQ(c.output.fields, known_output_fields());
}

TEST(CaseParser, TaylorGreenInitialState) {
  const CaseModel c = parse_case_string(variant("type = \"uniform\"\nvelocity = [0.01, 0.0, 0.0]",
                                                "type = \"taylor-green\"\namplitude = 0.02"),
                                        "tg");
  EXPECT_EQ(c.initial.kind, InitialKind::TaylorGreen);
  EXPECT_DOUBLE_EQ(c.initial.amplitude, 0.02);
}

TEST(CaseParser, MalformedTomlReportsItsLine) {
  const std::string path = kCases + "bad_malformed.toml";
  try {
    parse_case_file(path);
    FAIL() << "malformed TOML parsed";
  } catch (const CaseError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 5);
    EXPECT_EQ(e.key(), "");
    EXPECT_TRUE(contains(e.reason(), "malformed TOML")) << e.what();
    EXPECT_TRUE(contains(e.what(), path + ":5: ")) << e.what();
  }
}

TEST(CaseParser, UnknownKeyIsNamedWithItsLineAndTheAllowedKeys) {
  const std::string path = kCases + "bad_unknown_key.toml";
  try {
    parse_case_file(path);
    FAIL() << "unknown key accepted";
  } catch (const CaseError& e) {
    const int line = line_of(read_text(path), "resolutoin");
    EXPECT_EQ(e.key(), "numerics.resolutoin");
    EXPECT_EQ(e.line(), line);
    EXPECT_TRUE(contains(e.reason(), "[numerics]")) << e.what();
    EXPECT_TRUE(contains(e.reason(), "did you mean 'resolution'")) << e.what();
    EXPECT_TRUE(contains(e.reason(), "lattice_velocity")) << "lists allowed keys: " << e.what();
    EXPECT_TRUE(
        contains(e.what(), path + ":" + std::to_string(line) + ": key 'numerics.resolutoin': "))
        << e.what();
  }
}

TEST(CaseParser, UnknownKeysAtEveryLevel) {
  const CaseError top = parse_error(variant("[output]", "[outputs]"));
  EXPECT_EQ(top.key(), "outputs");
  EXPECT_EQ(top.line(), line_of(valid_text(), "[output]"));

  const CaseError inline_table = parse_error(variant("velocity = [0.05", "velocty = [0.05"));
  EXPECT_EQ(inline_table.key(), "boundaries.z_max.velocty");
  EXPECT_EQ(inline_table.line(), line_of(valid_text(), "z_max ="));

  // Keys that belong to another initial type are as wrong as typos.
  const CaseError initial =
      parse_error(variant("velocity = [0.01", "amplitude = 1\nvelocity = [0.01"));
  EXPECT_EQ(initial.key(), "initial.amplitude");
}

TEST(CaseParser, WrongTypesSayExpectedAndGot) {
  const CaseError e = parse_error(variant("resolution = 64", "resolution = \"64\""));
  EXPECT_EQ(e.key(), "numerics.resolution");
  EXPECT_EQ(e.line(), line_of(valid_text(), "resolution = 64"));
  EXPECT_TRUE(contains(e.reason(), "expected an integer, got a string")) << e.what();

  EXPECT_EQ(parse_error(variant("end_time = 10", "steps = 100.0")).reason(),
            "expected an integer, got a floating-point number");
  EXPECT_TRUE(
      contains(parse_error(variant("les = true", "les = 1")).reason(), "expected a boolean"));
  EXPECT_TRUE(contains(parse_error(variant("[0.1, 0.1, 0.05]", "[0.1, \"0.1\", 0.05]")).reason(),
                       "element 1"));
  EXPECT_TRUE(contains(parse_error(variant("[0.1, 0.1, 0.05]", "[0.1, 0.1]")).reason(),
                       "3 numbers, got 2"));
  EXPECT_TRUE(contains(parse_error(variant("y_min = \"wall\"", "y_min = 3")).reason(),
                       "expected a string or a table"));
  EXPECT_EQ(parse_error(variant("density = 1000 ", "density = nan ")).reason(),
            "must be a finite number");
}

TEST(CaseParser, MissingKeyPointsAtItsTable) {
  const CaseError e = parse_error(
      variant("density = 1000              # an integer where a float is expected\n", ""));
  EXPECT_EQ(e.key(), "fluid.density");
  EXPECT_EQ(e.line(), line_of(valid_text(), "[fluid]"));
  EXPECT_TRUE(contains(e.reason(), "missing")) << e.what();

  const CaseError table = parse_error(variant("[run]\nend_time = 10\noutput_interval = 0.5\n", ""));
  EXPECT_EQ(table.key(), "run");
  EXPECT_EQ(table.line(), 0);
  EXPECT_TRUE(contains(table.reason(), "[run]"));

  EXPECT_EQ(parse_error(variant("y_max = \"free_slip\"\n", "")).key(), "boundaries.y_max");
}

TEST(CaseParser, OutOfRangeValuesAreRejected) {
  struct Bad {
    std::string from, to, key;
  };
  const std::vector<Bad> cases = {
      {"[0.1, 0.1, 0.05]", "[0.1, -0.1, 0.05]", "domain.size"},
      {"[0.1, 0.1, 0.05]", "[0.1, 0.1, 0]", "domain.size"},
      {"density = 1000", "density = -1", "fluid.density"},
      {"dynamic_viscosity = 1.0e-3", "dynamic_viscosity = 0", "fluid.dynamic_viscosity"},
      {"dynamic_viscosity = 1.0e-3", "kinematic_viscosity = -1e-6", "fluid.kinematic_viscosity"},
      {"reference_length = 0.1", "reference_length = 0", "flow.reference_length"},
      {"reference_velocity = 0.05", "reference_velocity = -0.05", "flow.reference_velocity"},
      {"resolution = 64", "resolution = 0", "numerics.resolution"},
      {"resolution = 64", "resolution = 99999999999", "numerics.resolution"},
      {"lattice_velocity = 0.04", "lattice_velocity = 0", "numerics.lattice_velocity"},
      {"lattice_velocity = 0.04", "lattice_velocity = 0.31", "numerics.lattice_velocity"},
      {"smagorinsky_constant = 0.1", "smagorinsky_constant = -0.1",
       "numerics.smagorinsky_constant"},
      {"smagorinsky_constant = 0.1", "smagorinsky_constant = 0.6", "numerics.smagorinsky_constant"},
      {"output_interval = 0.5", "output_interval = -1", "run.output_interval"},
      {"end_time = 10", "end_time = 0", "run.end_time"},
      {"end_time = 10", "steps = 0", "run.steps"},
      {"name = \"demo\"", "name = \"\"", "case.name"},
  };
  for (const Bad& b : cases) {
    SCOPED_TRACE(b.to);
    const CaseError e = parse_error(variant(b.from, b.to));
    EXPECT_EQ(e.key(), b.key) << e.what();
    EXPECT_EQ(e.line(), line_of(variant(b.from, b.to), b.to));
  }
  // The range edges themselves are valid.
  EXPECT_NO_THROW(
      parse_case_string(variant("lattice_velocity = 0.04", "lattice_velocity = 0.3"), "edge"));
  EXPECT_NO_THROW(
      parse_case_string(variant("smagorinsky_constant = 0.1", "smagorinsky_constant = 0"), "edge"));
}

TEST(CaseParser, MutuallyExclusiveKeys) {
  const CaseError both = parse_error(variant("end_time = 10", "end_time = 10\nsteps = 100"));
  EXPECT_EQ(both.key(), "run.steps");
  EXPECT_EQ(both.line(), line_of(valid_text(), "end_time = 10") + 1);
  EXPECT_TRUE(contains(both.reason(), "only one of run.end_time and run.steps")) << both.what();

  const CaseError neither = parse_error(variant("end_time = 10\n", ""));
  EXPECT_EQ(neither.line(), line_of(valid_text(), "[run]"));
  EXPECT_TRUE(contains(neither.reason(), "neither")) << neither.what();

  const CaseError viscosities = parse_error(variant(
      "dynamic_viscosity = 1.0e-3", "dynamic_viscosity = 1.0e-3\nkinematic_viscosity = 1e-6"));
  EXPECT_EQ(viscosities.key(), "fluid.kinematic_viscosity");
}

TEST(CaseParser, BadEnumStringsListTheAllowedValues) {
  const CaseError lattice = parse_error(variant("\"D3Q27\"", "\"D3Q15\""));
  EXPECT_EQ(lattice.key(), "numerics.lattice");
  EXPECT_TRUE(contains(lattice.reason(), "'D3Q15'"));
  EXPECT_TRUE(contains(lattice.reason(), "D3Q19, D3Q27")) << lattice.what();

  const CaseError face = parse_error(variant("\"free_slip\"", "\"slip\""));
  EXPECT_EQ(face.key(), "boundaries.y_max");
  EXPECT_TRUE(contains(face.reason(), "wall, free_slip, periodic, moving_wall")) << face.what();

  EXPECT_EQ(parse_error(variant("{ type = \"wall\" }", "{ type = \"wal\" }")).key(),
            "boundaries.z_min.type");
  EXPECT_EQ(parse_error(variant("\"bgk\"", "\"mrt\"")).key(), "numerics.collision");
  EXPECT_EQ(parse_error(variant("\"fp16\"", "\"fp64\"")).key(), "numerics.precision");
  EXPECT_EQ(parse_error(variant("\"box\"", "\"cylinder\"")).key(), "domain.type");
  EXPECT_EQ(parse_error(variant("\"uniform\"", "\"still\"")).key(), "initial.type");
}

TEST(CaseParser, PeriodicOnOneFaceOnlyIsRejected) {
  const CaseError e = parse_error(variant("x_max = { type = \"periodic\" }", "x_max = \"wall\""));
  EXPECT_EQ(e.key(), "boundaries.x_max");
  EXPECT_EQ(e.line(), line_of(valid_text(), "x_max"));
  EXPECT_TRUE(contains(e.reason(), "both faces")) << e.what();
}

TEST(CaseParser, MovingWallNeedsATangentialVelocity) {
  const CaseError string_form = parse_error(
      variant("{ type = \"moving_wall\", velocity = [0.05, -0.01, 0.0] }", "\"moving_wall\""));
  EXPECT_EQ(string_form.key(), "boundaries.z_max");
  EXPECT_TRUE(contains(string_form.reason(), "velocity")) << string_form.what();

  const CaseError table_form = parse_error(variant(", velocity = [0.05, -0.01, 0.0]", ""));
  EXPECT_EQ(table_form.key(), "boundaries.z_max");

  const CaseError normal = parse_error(variant("[0.05, -0.01, 0.0]", "[0.05, -0.01, 0.002]"));
  EXPECT_EQ(normal.key(), "boundaries.z_max.velocity");
  EXPECT_EQ(normal.line(), line_of(valid_text(), "z_max"));
  EXPECT_TRUE(contains(normal.reason(), "z component")) << normal.what();

  // Only moving walls carry a velocity.
  EXPECT_EQ(parse_error(variant("{ type = \"wall\" }", "{ type = \"wall\", velocity = [1, 0, 0] }"))
                .key(),
            "boundaries.z_min.velocity");
}

TEST(CaseParser, OutputFieldsMustBeKnown) {
  const CaseError e = parse_error(variant("\"shear_stress\"]", "\"shear_stres\"]"));
  EXPECT_EQ(e.key(), "output.fields");
  EXPECT_EQ(e.line(), line_of(valid_text(), "fields ="));
  EXPECT_TRUE(contains(e.reason(), "'shear_stres'"));
  EXPECT_TRUE(contains(e.reason(), "did you mean 'shear_stress'"));
  for (const auto& known : known_output_fields()) EXPECT_TRUE(contains(e.reason(), known)) << known;

  EXPECT_TRUE(
      contains(parse_error(variant("\"shear_stress\"]", "\"velocity\"]")).reason(), "twice"));
  EXPECT_EQ(parse_error(variant("[\"velocity\", \"pressure\", \"shear_stress\"]", "[]")).key(),
            "output.fields");
}

TEST(CaseParser, MissingFileIsACaseError) {
  const std::string path = kCases + "no_such_case.toml";
  try {
    parse_case_file(path);
    FAIL() << "missing file accepted";
  } catch (const CaseError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 0);
    EXPECT_TRUE(contains(e.what(), path + ": ")) << e.what();
  }
  EXPECT_THROW(parse_case_file(kCases), CaseError);  // a directory
}

// The user documentation's full example must stay a valid case.
TEST(CaseParser, ReadmeExampleParses) {
  const std::string readme = read_text(std::string(STIRLB_TEST_DATA) + "/../../cases/README.md");
  const std::string open = "```toml\n";
  const auto begin = readme.find(open);
  ASSERT_NE(begin, std::string::npos);
  const auto end = readme.find("```", begin + open.size());
  ASSERT_NE(end, std::string::npos);
  const CaseModel c = parse_case_string(
      readme.substr(begin + open.size(), end - begin - open.size()), "cases/README.md");
  EXPECT_FALSE(c.name.empty());
}

}  // namespace
}  // namespace stirlb
