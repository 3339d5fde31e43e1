#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include "solver/case_parser.h"
#include "solver/units.h"

namespace stirlb {
namespace {

// L = 0.1 m, N = 64, U = 0.05 m/s, lattice velocity 0.05, nu = 1e-6 m^2/s:
// dx = dt = 1.5625e-3, nu_lat = 6.4e-4, tau = 0.50192, Re = 5000.
CaseModel reference_case() {
  CaseModel c;
  c.source = "unit.toml";
  c.name = "unit";
  c.domain.size = {0.1, 0.1, 0.1};
  c.fluid.density = 1000.0;
  c.fluid.kinematic_viscosity = 1e-6;
  c.flow.reference_length = 0.1;
  c.flow.reference_velocity = 0.05;
  c.numerics.resolution = 64;
  c.numerics.lattice_velocity = 0.05;
  c.run.end_time = 10.0;
  return c;
}

void expect_rel(double actual, double expected, double rel = 1e-12) {
  EXPECT_NEAR(actual, expected, rel * std::abs(expected)) << "expected " << expected;
}

CaseError units_error(const CaseModel& c) {
  try {
    derive_lattice_units(c);
  } catch (const CaseError& e) {
    return e;
  }
  ADD_FAILURE() << "derive_lattice_units accepted the case";
  return CaseError("", 0, "", "no error");
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

bool warned(const LatticeUnits& u, const std::string& part) {
  for (const auto& w : u.warnings)
    if (contains(w, part)) return true;
  return false;
}

// The number that follows `marker` in `text`, e.g. a suggested resolution.
int number_after(const std::string& text, const std::string& marker) {
  const auto pos = text.find(marker);
  EXPECT_NE(pos, std::string::npos) << marker << " in " << text;
  return pos == std::string::npos ? 0 : std::stoi(text.substr(pos + marker.size()));
}

TEST(Units, HandComputedReferenceCase) {
  const LatticeUnits u = derive_lattice_units(reference_case());
  const double dx = 0.1 / 64, dt = 0.05 * dx / 0.05;
  expect_rel(u.dx, 1.5625e-3);
  expect_rel(u.dt, 1.5625e-3);
  expect_rel(u.lattice_viscosity, 6.4e-4);
  expect_rel(u.tau, 0.50192);
  expect_rel(u.lattice_velocity, 0.05);
  expect_rel(u.mach, 0.05 * std::sqrt(3.0));
  expect_rel(u.reynolds, 5000.0);
  EXPECT_EQ(u.fluid_cells, (std::array<int, 3>{64, 64, 64}));
  EXPECT_EQ(u.lattice_body_force, (std::array<double, 3>{0, 0, 0}));
  EXPECT_TRUE(u.warnings.empty());

  expect_rel(u.si.density, 1000.0, 1e-7);
  expect_rel(u.si.velocity, dx / dt, 1e-7);
  expect_rel(u.si.rate, 1 / dt, 1e-7);
  expect_rel(u.si.stress, 1000.0 * dx * dx / (dt * dt), 1e-7);
  expect_rel(u.si.specific_power, dx * dx / (dt * dt * dt), 1e-7);
  expect_rel(u.si.length, dx, 1e-7);
  expect_rel(u.si.viscosity, dx * dx / dt, 1e-7);

  expect_rel(u.to_lattice_velocity(0.05), 0.05);
  expect_rel(u.to_lattice_time(1.0), 640.0);
  EXPECT_EQ(u.steps_for(10.0), 6400);
  EXPECT_EQ(u.steps_for(64 * dt), 64);  // an exact multiple does not round up
  EXPECT_EQ(u.steps_for(64.5 * dt), 65);
}

TEST(Units, LatticeVelocitySetsTheTimeStep) {
  CaseModel c = reference_case();
  c.numerics.lattice_velocity = 0.1;
  c.flow.body_acceleration = {0.0, 0.0, -0.5};
  const LatticeUnits u = derive_lattice_units(c);
  expect_rel(u.dt, 0.1 * (0.1 / 64) / 0.05);
  expect_rel(u.tau, 0.5 + 3 * 1e-6 * u.dt / (u.dx * u.dx));
  expect_rel(u.lattice_body_force[2], -0.5 * u.dt * u.dt / u.dx);
}

TEST(Units, ParsedCaseDerivesAndReports) {
  const CaseModel c = parse_case_file(std::string(STIRLB_TEST_DATA) + "/cases/valid_box.toml");
  const LatticeUnits u = derive_lattice_units(c);
  EXPECT_EQ(u.fluid_cells, (std::array<int, 3>{64, 64, 32}));
  const std::string report = unit_report(c, u);
  for (const char* part : {"dx", "dt", "tau", "lattice viscosity", "lattice velocity", "Mach",
                           "Reynolds", "64 x 64 x 32", "131072"})
    EXPECT_TRUE(contains(report, part)) << part << " missing from\n" << report;
}

TEST(Units, MachAboveLimitIsRefusedAndNearItWarned) {
  CaseModel c = reference_case();
  c.numerics.lattice_velocity = 0.2;  // Mach 0.35
  const CaseError e = units_error(c);
  EXPECT_EQ(e.file(), "unit.toml");
  EXPECT_EQ(e.key(), "numerics.lattice_velocity");
  EXPECT_TRUE(contains(e.reason(), "lower numerics.lattice_velocity")) << e.what();
  EXPECT_TRUE(contains(e.what(), "unit.toml: key 'numerics.lattice_velocity': Mach")) << e.what();

  c.numerics.lattice_velocity = 0.15;  // Mach 0.26
  const LatticeUnits u = derive_lattice_units(c);
  EXPECT_TRUE(warned(u, "Mach")) << "no Mach warning";
}

TEST(Units, FastMovingWallIsRefused) {
  CaseModel c = reference_case();
  c.domain.faces[kZMax] = {FaceType::MovingWall, {1.0, 0.0, 0.0}};  // 20 x the reference velocity
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "flow.reference_velocity");
  EXPECT_TRUE(contains(e.reason(), "z_max")) << e.what();
}

TEST(Units, TauTooCloseToHalfWithoutLesIsRefused) {
  CaseModel c = reference_case();
  c.numerics.les = false;  // tau = 0.50192
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "numerics.resolution");
  EXPECT_TRUE(contains(e.reason(), "without LES")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "numerics.les")) << e.what();

  // The suggested resolution must actually be enough.
  c.numerics.resolution = number_after(e.reason(), "raise numerics.resolution (to ");
  EXPECT_GE(c.numerics.resolution, 100);
  EXPECT_NO_THROW(derive_lattice_units(c)) << "suggested resolution " << c.numerics.resolution;

  // A zero Smagorinsky constant is no LES at all.
  c = reference_case();
  c.numerics.smagorinsky_constant = 0.0;
  EXPECT_EQ(units_error(c).key(), "numerics.resolution");
}

TEST(Units, TauNearHalfWithoutLesIsWarned) {
  CaseModel c = reference_case();
  c.numerics.les = false;
  c.numerics.resolution = 200;  // tau = 0.506
  const LatticeUnits u = derive_lattice_units(c);
  expect_rel(u.tau, 0.506);
  EXPECT_TRUE(warned(u, "tau")) << "no tau warning";
}

TEST(Units, TauAtHalfIsRefusedEvenWithLes) {
  CaseModel c = reference_case();
  c.fluid.kinematic_viscosity = 1e-10;  // tau - 0.5 = 1.9e-7
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "numerics.resolution");
  EXPECT_TRUE(contains(e.reason(), "tau")) << e.what();
}

TEST(Units, LargeTauIsWarned) {
  CaseModel c = reference_case();
  c.fluid.kinematic_viscosity = 1e-3;  // tau = 2.42
  const LatticeUnits u = derive_lattice_units(c);
  EXPECT_GT(u.tau, 2.0);
  EXPECT_TRUE(warned(u, "wall location")) << "no large-tau warning";
}

TEST(Units, SizeThatIsNotWholeCellsIsRefusedWithAFittingResolution) {
  CaseModel c = reference_case();
  c.domain.size[1] = 0.105;  // 67.2 cells
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "domain.size");
  EXPECT_TRUE(contains(e.reason(), "not a whole number")) << e.what();

  c.numerics.resolution = number_after(e.reason(), "numerics.resolution = ");
  EXPECT_EQ(c.numerics.resolution, 60);  // 63 cells across 0.105 m, nearest to 64
  EXPECT_EQ(derive_lattice_units(c).fluid_cells, (std::array<int, 3>{60, 63, 60}));
}

TEST(Units, SizeWithinToleranceRoundsToWholeCells) {
  CaseModel c = reference_case();
  c.domain.size[0] = 0.1 * (1 + 5e-4);
  EXPECT_EQ(derive_lattice_units(c).fluid_cells[0], 64);
}

TEST(Units, FewerThanTwoCellsIsRefused) {
  CaseModel c = reference_case();
  c.domain.size[2] = 0.001;  // 0.64 cells
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "domain.size");
  EXPECT_TRUE(contains(e.reason(), "at least 2")) << e.what();
  c.numerics.resolution = number_after(e.reason(), "raise numerics.resolution to ");
  EXPECT_EQ(derive_lattice_units(c).fluid_cells[2], 2);
}

TEST(Units, LargeBodyForceIsRefused) {
  CaseModel c = reference_case();
  c.flow.body_acceleration = {10.0, 0.0, 0.0};  // 1.6e-2 in lattice units
  const CaseError e = units_error(c);
  EXPECT_EQ(e.key(), "numerics.lattice_velocity");
  EXPECT_TRUE(contains(e.reason(), "numerics.resolution")) << e.what();
}

TEST(Units, ModelsBuiltInCodeAreCheckedToo) {
  CaseModel c = reference_case();
  c.numerics.resolution = 0;
  EXPECT_EQ(units_error(c).key(), "numerics.resolution");
  c = reference_case();
  c.flow.reference_velocity = 0;
  EXPECT_EQ(units_error(c).key(), "flow.reference_velocity");
}

}  // namespace
}  // namespace stirlb
