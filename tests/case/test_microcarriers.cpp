// The [microcarriers] table: presets, every key, every refusal (naming the key
// and the reason), the checks against the lattice, and the initial placement
// of the parcels.
#include <gtest/gtest.h>
#include "solver/simulation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <set>
#include <string>
#include <vector>
#include "meshes/box_domain.h"
#include "meshes/vessel.h"
#include "solver/bead_seeding.h"
#include "solver/case_parser.h"
#include "solver/microcarrier_parser.h"
#include "solver/resolution_report.h"
#include "solver/units.h"
#include "tests/case/case_test_support.h"

namespace stirlb {
namespace {

using testing::line_of;

constexpr double kPi = std::numbers::pi;

// A baffled, flat-bottomed tank: T = 0.3 m, H = T, one Rushton turbine.
const std::string kTank = R"([case]
name = "beads-test"
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
[[impeller]]
type = "rushton"
diameter = 0.1
clearance = 0.1
[numerics]
resolution = 20
lattice_velocity = 0.1
[run]
revolutions = 2
)";

// A closed box of 10 x 10 x 10 mm at 1 mm cells.
const std::string kBox = R"([case]
name = "beads-box"
[domain]
type = "box"
size = [0.01, 0.01, 0.01]
[boundaries]
x_min = "wall"
x_max = "wall"
y_min = "wall"
y_max = "wall"
z_min = "wall"
z_max = "wall"
[fluid]
density = 1000.0
kinematic_viscosity = 1.0e-6
[flow]
reference_length = 0.01
reference_velocity = 0.01
[numerics]
resolution = 10
les = true
[run]
steps = 10
)";

const std::string kCytodex = "preset = \"cytodex-1\"\nloading_g_per_L = 3.0\nparcels = 100\n";

std::string tank_with(const std::string& body) { return kTank + "[microcarriers]\n" + body; }

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

MicrocarrierSpec parse_beads(const std::string& text) {
  const CaseModel c = parse_case_string(text, "beads.toml");
  EXPECT_TRUE(c.microcarriers.has_value());
  return c.microcarriers.value_or(MicrocarrierSpec{});
}

CaseError parse_error(const std::string& text) { return testing::parse_error(text, "beads.toml"); }

// The error a [microcarriers] body gives in the tank: it names `key` and says
// `reason`, at the line where `at` is written.
void expect_refused(const std::string& body, const std::string& key, const std::string& reason,
                    const std::string& at = "") {
  const std::string text = tank_with(body);
  const CaseError e = parse_error(text);
  EXPECT_EQ(e.key(), key) << e.what();
  EXPECT_TRUE(contains(e.reason(), reason)) << e.what();
  EXPECT_EQ(e.file(), "beads.toml");
  if (!at.empty()) {
    EXPECT_EQ(e.line(), line_of(text, at)) << e.what();
  }
}

// ---------------------------------------------------------------- parsing

TEST(Microcarriers, AbsentTableLeavesNone) {
  EXPECT_FALSE(parse_case_string(kTank, "t.toml").microcarriers.has_value());
  EXPECT_FALSE(parse_case_string(kBox, "b.toml").microcarriers.has_value());
}

TEST(Microcarriers, PresetGivesMaterialAndDefaultsFillTheRest) {
  const std::string text = tank_with(kCytodex);
  const MicrocarrierSpec m = parse_beads(text);
  EXPECT_EQ(m.preset, "cytodex-1");
  EXPECT_DOUBLE_EQ(m.diameter, 190e-6);
  EXPECT_DOUBLE_EQ(m.density, 1030.0);
  EXPECT_DOUBLE_EQ(m.beads_per_gram, 4.3e6);
  EXPECT_EQ(m.loading_unit, LoadingUnit::GramsPerLitre);
  EXPECT_DOUBLE_EQ(m.loading, 3.0);
  EXPECT_EQ(m.parcels, 100);
  EXPECT_EQ(m.initial, BeadStart::Settled);
  EXPECT_EQ(m.release_time, 0.0);
  EXPECT_EQ(m.restitution, 0.5);
  EXPECT_EQ(m.friction, 0.3);
  EXPECT_EQ(m.added_mass, 0.5);
  EXPECT_TRUE(m.pressure_gradient);
  EXPECT_FALSE(m.two_way_coupling);
  EXPECT_EQ(m.suspension_window, 1.0);
  EXPECT_EQ(m.homogeneity_zones, 10);
  EXPECT_EQ(m.seed, 1u);
  EXPECT_EQ(m.gravity, (std::array<double, 3>{0, 0, -9.81}));
  EXPECT_EQ(m.line, line_of(text, "[microcarriers]"));
}

TEST(Microcarriers, EveryPresetIsKnownAndPlausible) {
  const std::vector<std::pair<std::string, double>> expected = {
      {"cytodex-1", 190e-6}, {"cytodex-3", 175e-6}, {"solohill-plastic", 160e-6}, {"cultispher-s", 255e-6}};
  ASSERT_EQ(microcarrier_presets().size(), expected.size());
  for (const auto& [name, d] : expected) {
    const MicrocarrierSpec m =
        parse_beads(tank_with("preset = \"" + name + "\"\nloading_g_per_L = 1\nparcels = 10\n"));
    EXPECT_EQ(m.preset, name);
    EXPECT_DOUBLE_EQ(m.diameter, d) << name;
    // Every commercial bead is a little heavier than medium.
    EXPECT_GT(m.density, 1020.0) << name;
    EXPECT_LT(m.density, 1050.0) << name;
  }
  EXPECT_DOUBLE_EQ(parse_beads(tank_with("preset = \"cytodex-3\"\nbeads_per_mL = 1\nparcels = 1\n")).density,
                   1040.0);
}

TEST(Microcarriers, ExplicitKeysOverrideThePreset) {
  const MicrocarrierSpec m =
      parse_beads(tank_with(kCytodex + "diameter = 200e-6\n"));
  EXPECT_DOUBLE_EQ(m.diameter, 200e-6);
  EXPECT_DOUBLE_EQ(m.density, 1030.0);
  const MicrocarrierSpec n = parse_beads(tank_with(kCytodex + "density = 1050\n"));
  EXPECT_DOUBLE_EQ(n.diameter, 190e-6);
  EXPECT_DOUBLE_EQ(n.density, 1050.0);
}

TEST(Microcarriers, EveryKeyIsRead) {
  const MicrocarrierSpec m = parse_beads(tank_with(R"(diameter = 150e-6
density = 1100
beads_per_mL = 2000
parcels = 5000
initial = "uniform"
release_time = 2.5
restitution = 0.8
friction = 0.1
added_mass = 0.25
pressure_gradient = false
two_way_coupling = true
suspension_window = 2
homogeneity_zones = 20
seed = 42
gravity = [0.5, 0, -9.8]
)"));
  EXPECT_EQ(m.preset, "");
  EXPECT_DOUBLE_EQ(m.diameter, 150e-6);
  EXPECT_DOUBLE_EQ(m.density, 1100.0);
  EXPECT_EQ(m.beads_per_gram, 0.0);
  EXPECT_EQ(m.loading_unit, LoadingUnit::BeadsPerMillilitre);
  EXPECT_DOUBLE_EQ(m.loading, 2000.0);
  EXPECT_EQ(m.parcels, 5000);
  EXPECT_EQ(m.initial, BeadStart::Uniform);
  EXPECT_DOUBLE_EQ(m.release_time, 2.5);
  EXPECT_DOUBLE_EQ(m.restitution, 0.8);
  EXPECT_DOUBLE_EQ(m.friction, 0.1);
  EXPECT_DOUBLE_EQ(m.added_mass, 0.25);
  EXPECT_FALSE(m.pressure_gradient);
  EXPECT_TRUE(m.two_way_coupling);
  EXPECT_DOUBLE_EQ(m.suspension_window, 2.0);
  EXPECT_EQ(m.homogeneity_zones, 20);
  EXPECT_EQ(m.seed, 42u);
  EXPECT_EQ(m.gravity, (std::array<double, 3>{0.5, 0, -9.8}));
}

TEST(Microcarriers, BoxCasesTakeTheTableToo) {
  const CaseModel c = parse_case_string(kBox + "[microcarriers]\n" + kCytodex, "box.toml");
  ASSERT_TRUE(c.microcarriers);
  EXPECT_EQ(c.microcarriers->preset, "cytodex-1");
  EXPECT_DOUBLE_EQ(case_liquid_volume(c), 1e-6);
}

TEST(Microcarriers, LoadingCountsBeads) {
  MicrocarrierSpec m = parse_beads(tank_with(kCytodex));
  // Dry-weight count: 3 g/L x 4.3e6 beads/g in 1 L.
  EXPECT_NEAR(real_bead_count(m, 1e-3), 1.29e7, 1.29e7 * 1e-12);
  EXPECT_NEAR(m.parcel_weight(1e-3), 1.29e5, 1.29e5 * 1e-12);
  // Without a per-gram count, from the hydrated mass of one bead.
  m = parse_beads(tank_with("preset = \"solohill-plastic\"\nloading_g_per_L = 10\nparcels = 1\n"));
  const double bead_kg = 1026.0 * kPi / 6 * std::pow(160e-6, 3);
  EXPECT_NEAR(real_bead_count(m, 2e-3), 2 * 10e-3 / bead_kg, 1e-9 * 2 * 10e-3 / bead_kg);
  // Per mL: 1 L holds 1000 mL.
  m = parse_beads(tank_with("preset = \"cytodex-3\"\nbeads_per_mL = 3000\nparcels = 1\n"));
  EXPECT_DOUBLE_EQ(real_bead_count(m, 1e-3), 3e6);
  EXPECT_DOUBLE_EQ(m.volume_fraction(), 3e6 * 1e3 * kPi / 6 * std::pow(175e-6, 3));
}

TEST(Microcarriers, TankLiquidVolumeIsTheVessels) {
  const CaseModel c = parse_case_string(tank_with(kCytodex), "t.toml");
  EXPECT_DOUBLE_EQ(case_liquid_volume(c), liquid_volume(c.tank->vessel));
}

// ---------------------------------------------------------------- refusals

TEST(MicrocarrierErrors, UnknownKeySuggestsTheNearestOne) {
  expect_refused(kCytodex + "resitution = 0.5\n", "microcarriers.resitution", "did you mean 'restitution'",
                 "resitution");
}

TEST(MicrocarrierErrors, UnknownPresetListsTheKnownOnes) {
  expect_refused("preset = \"cytodex-2\"\nloading_g_per_L = 1\nparcels = 1\n", "microcarriers.preset",
                 "known presets: cytodex-1, cytodex-3, solohill-plastic, cultispher-s", "preset");
  expect_refused("preset = \"cytodex-2\"\nloading_g_per_L = 1\nparcels = 1\n", "microcarriers.preset",
                 "unknown preset 'cytodex-2'");
}

TEST(MicrocarrierErrors, MaterialIsRequiredWithoutAPreset) {
  expect_refused("density = 1030\nloading_g_per_L = 1\nparcels = 1\n", "microcarriers.diameter",
                 "required key is missing");
  expect_refused("diameter = 1e-4\nloading_g_per_L = 1\nparcels = 1\n", "microcarriers.density",
                 "or a preset (cytodex-1");
}

TEST(MicrocarrierErrors, MaterialMustBePositive) {
  expect_refused(kCytodex + "diameter = 0\n", "microcarriers.diameter", "must be positive, got 0",
                 "diameter = 0\n");
  expect_refused(kCytodex + "diameter = -1e-4\n", "microcarriers.diameter", "must be positive");
  expect_refused(kCytodex + "density = 0\n", "microcarriers.density", "must be positive, got 0", "density = 0\n");
  expect_refused(kCytodex + "density = -5\n", "microcarriers.density", "must be positive");
}

TEST(MicrocarrierErrors, ExactlyOneLoading) {
  expect_refused("preset = \"cytodex-1\"\nparcels = 1\n", "microcarriers.loading_g_per_L", "neither is given");
  expect_refused(kCytodex + "beads_per_mL = 100\n", "microcarriers.beads_per_mL", "give only one of",
                 "beads_per_mL");
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 0\nparcels = 1\n", "microcarriers.loading_g_per_L",
                 "must be positive");
  expect_refused("preset = \"cytodex-1\"\nbeads_per_mL = -1\nparcels = 1\n", "microcarriers.beads_per_mL",
                 "must be positive");
}

TEST(MicrocarrierErrors, ParcelsAreAWholePositiveNumber) {
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 1\n", "microcarriers.parcels",
                 "required key is missing");
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 1\nparcels = 0\n", "microcarriers.parcels",
                 "must be at least 1, got 0", "parcels");
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 1\nparcels = 10.5\n", "microcarriers.parcels",
                 "expected an integer");
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 1\nparcels = 2000000000000\n",
                 "microcarriers.parcels", "more than a run can hold");
}

TEST(MicrocarrierErrors, RangesNameTheirKey) {
  expect_refused(kCytodex + "initial = \"floating\"\n", "microcarriers.initial",
                 "allowed values: settled, uniform", "initial");
  expect_refused(kCytodex + "release_time = -1\n", "microcarriers.release_time", "must be in [0, inf)");
  expect_refused(kCytodex + "restitution = 1.5\n", "microcarriers.restitution", "must be in [0, 1], got 1.5");
  expect_refused(kCytodex + "restitution = -0.1\n", "microcarriers.restitution", "must be in [0, 1]");
  expect_refused(kCytodex + "friction = -0.2\n", "microcarriers.friction", "must be in [0, inf)");
  expect_refused(kCytodex + "added_mass = -0.5\n", "microcarriers.added_mass", "must be in [0, inf)");
  expect_refused(kCytodex + "suspension_window = 0\n", "microcarriers.suspension_window", "must be in (0, inf)");
  expect_refused(kCytodex + "homogeneity_zones = 0\n", "microcarriers.homogeneity_zones", "[1, 1000], got 0");
  expect_refused(kCytodex + "homogeneity_zones = 1001\n", "microcarriers.homogeneity_zones",
                 "[1, 1000], got 1001");
  expect_refused(kCytodex + "seed = -3\n", "microcarriers.seed", "must not be negative");
  expect_refused(kCytodex + "gravity = [0, -9.81]\n", "microcarriers.gravity", "array of 3 numbers, got 2");
  expect_refused(kCytodex + "pressure_gradient = 1\n", "microcarriers.pressure_gradient", "a boolean");
  expect_refused(kCytodex + "two_way_coupling = \"yes\"\n", "microcarriers.two_way_coupling", "a boolean");
}

TEST(MicrocarrierErrors, SettledNeedsGravityAlongMinusZ) {
  expect_refused(kCytodex + "gravity = [9.81, 0, 0]\n", "microcarriers.initial", "along -z");
  expect_refused(kCytodex + "gravity = [0, 0, 0]\n", "microcarriers.initial", "along -z");
  expect_refused(kCytodex + "gravity = [0, 0, 9.81]\n", "microcarriers.initial", "along -z");
  // Uniform beads need no bottom.
  EXPECT_NO_THROW(parse_beads(tank_with(kCytodex + "initial = \"uniform\"\ngravity = [9.81, 0, 0]\n")));
}

TEST(MicrocarrierErrors, SettledNeedsBeadsHeavierThanTheFluid) {
  expect_refused(kCytodex + "density = 1000\n", "microcarriers.initial", "do not settle");
  EXPECT_NO_THROW(parse_beads(tank_with(kCytodex + "density = 1000\ninitial = \"uniform\"\n")));
}

TEST(MicrocarrierErrors, ALoadingBeyondClosePackingCannotFit) {
  // Cytodex 1 at 4.3e6 beads/g of 190 um: 45 g/L fills 69 % of the liquid.
  expect_refused("preset = \"cytodex-1\"\nloading_g_per_L = 45\nparcels = 10\n",
                 "microcarriers.loading_g_per_L", "cannot fit the vessel", "loading_g_per_L");
  EXPECT_NO_THROW(parse_beads(tank_with("preset = \"cytodex-1\"\nloading_g_per_L = 40\nparcels = 10\n")));
  // Hydrated mass: beads of 1030 kg/m^3 at 700 g/L are 68 % of the liquid.
  expect_refused("diameter = 1e-4\ndensity = 1030\nloading_g_per_L = 700\nparcels = 10\n",
                 "microcarriers.loading_g_per_L", "random close packing");
  // A bead per (100 um)^3 cube, 1e6 per mL, is a volume fraction of pi/6 = 0.52; 1.3e6 per mL are 0.68.
  EXPECT_NO_THROW(parse_beads(tank_with("diameter = 1e-4\ndensity = 1030\nbeads_per_mL = 1e6\nparcels = 10\n")));
  expect_refused("diameter = 1e-4\ndensity = 1030\nbeads_per_mL = 1.3e6\nparcels = 10\n",
                 "microcarriers.beads_per_mL", "cannot fit the vessel");
}

// ---------------------------------------------------------------- fit to the lattice

struct BoxSetup {
  CaseModel c;
  LatticeUnits units;
  BoxLattice box;
};

BoxSetup box_setup(const std::string& body) {
  BoxSetup s;
  s.c = parse_case_string(kBox + "[microcarriers]\n" + body, "box.toml");
  s.units = derive_lattice_units(s.c);
  s.box = build_box_lattice(s.units.fluid_cells, {});
  return s;
}

CaseError fit_error(const BoxSetup& s, const std::vector<GapReport>& gaps) {
  try {
    check_microcarriers_fit(s.c, s.units, s.box, gaps);
  } catch (const CaseError& e) {
    return e;
  }
  ADD_FAILURE() << "fitted without error";
  return CaseError("", 0, "", "no error");
}

TEST(MicrocarrierFit, SmallBeadsFit) {
  const BoxSetup s = box_setup(kCytodex);
  EXPECT_NO_THROW(check_microcarriers_fit(s.c, s.units, s.box, {}));
  EXPECT_NO_THROW(check_microcarriers_fit(s.c, s.units, s.box, {{"wide gap", 1e-3, 1.0}}));
  const CaseModel without = parse_case_string(kBox, "box.toml");
  EXPECT_NO_THROW(check_microcarriers_fit(without, s.units, s.box, {{"tiny gap", 1e-9, 1e-6}}));
}

TEST(MicrocarrierFit, ABeadAsWideAsTheNarrowestGapIsRefused) {
  const BoxSetup s = box_setup(kCytodex);
  const CaseError e =
      fit_error(s, {{"blade tip to wall (impeller 1)", 5e-3, 5.0}, {"baffle to wall", 190e-6, 0.19}});
  EXPECT_EQ(e.key(), "microcarriers.diameter");
  EXPECT_EQ(e.file(), "box.toml");
  EXPECT_EQ(e.line(), s.c.microcarriers->line);
  EXPECT_TRUE(contains(e.reason(), "narrowest gap, baffle to wall")) << e.what();
}

TEST(MicrocarrierFit, ABeadWiderThanACellIsRefusedWithTheResolutionThatWorks) {
  // 2.5 mm beads in 1 mm cells; dx >= d needs at most 0.01 / 2.5e-3 = 4 cells across L.
  const BoxSetup s = box_setup("diameter = 2.5e-3\ndensity = 1050\nbeads_per_mL = 1\nparcels = 10\n");
  const CaseError e = fit_error(s, {});
  EXPECT_EQ(e.key(), "microcarriers.diameter");
  EXPECT_TRUE(contains(e.reason(), "a point-particle model needs beads smaller than a lattice cell")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "2.5 cells of dx = 0.001 m")) << e.what();
  EXPECT_TRUE(contains(e.reason(), "numerics.resolution must be at most 4")) << e.what();
}

TEST(MicrocarrierFit, MoreBeadVolumeThanTheLiquidCellsHoldIsRefused) {
  // 60 % of the box in beads passes the parse; walling off half the cells
  // leaves room for 32 %.
  BoxSetup s = box_setup("diameter = 1e-4\ndensity = 1030\nloading_g_per_L = 618\nparcels = 10\n");
  EXPECT_NO_THROW(check_microcarriers_fit(s.c, s.units, s.box, {}));
  const int nx = s.box.grid.nx, ny = s.box.grid.ny;
  std::int64_t fluid = 0;
  for (std::size_t i = 0; i < s.box.flags.size(); ++i) {
    if (int(i / std::size_t(nx * ny)) > 5) s.box.flags[i] = make_flag(kWall);
    fluid += s.box.flags[i] == kFluid;
  }
  s.box.liquid_cells = fluid;
  const CaseError e = fit_error(s, {});
  EXPECT_EQ(e.key(), "microcarriers.loading_g_per_L");
  EXPECT_TRUE(contains(e.reason(), "cannot fit")) << e.what();
}

TEST(MicrocarrierFit, TheShippedDemoFitsItsLattice) {
  const CaseModel c = parse_case_file(std::string(STIRLB_SOURCE_DIR) + "/cases/demo_microcarriers.toml");
  ASSERT_TRUE(c.microcarriers);
  const MicrocarrierSpec& m = *c.microcarriers;
  EXPECT_EQ(m.preset, "cytodex-1");
  EXPECT_EQ(m.initial, BeadStart::Settled);
  EXPECT_EQ(m.parcels, 2000);
  EXPECT_DOUBLE_EQ(m.loading, 3.0);
  // Released once the shaft is at full speed.
  EXPECT_GE(m.release_time, 2 * c.tank->shaft.ramp_revolutions / c.tank->speed_rps());
  const LatticeUnits units = derive_lattice_units(c);
  const VesselLattice v = voxelise_vessel(c.tank->vessel, units.dx);
  const BoxLattice box = tank_lattice(v);
  const ResolutionReport report = resolution_report(c, units, box, nullptr);
  EXPECT_FALSE(report.gaps.empty());
  EXPECT_NO_THROW(check_microcarriers_fit(c, units, box, report.gaps));
}

// ---------------------------------------------------------------- lattice units

TEST(BeadParams, ConvertToLatticeUnits) {
  const MicrocarrierSpec m = parse_beads(tank_with(kCytodex +
                                                   "release_time = 0.5\nrestitution = 0.7\nfriction = 0.2\n"
                                                   "added_mass = 0.4\npressure_gradient = false\n"));
  LatticeUnits u;
  u.dx = 1e-3;
  u.dt = 1e-4;
  u.lattice_viscosity = 0.1;
  FluidProperties f;
  f.density = 1000;
  const BeadParams p = bead_params(m, f, u);
  EXPECT_FLOAT_EQ(p.diameter, 0.19f);
  EXPECT_FLOAT_EQ(p.density_ratio, 1.03f);
  EXPECT_FLOAT_EQ(p.viscosity, 0.1f);
  EXPECT_FLOAT_EQ(p.gravity[0], 0.f);
  EXPECT_FLOAT_EQ(p.gravity[2], float(-9.81 * 1e-8 / 1e-3));
  EXPECT_FLOAT_EQ(p.added_mass, 0.4f);
  EXPECT_FLOAT_EQ(p.restitution, 0.7f);
  EXPECT_FLOAT_EQ(p.friction, 0.2f);
  EXPECT_EQ(p.release_step, 5000);
  EXPECT_FALSE(p.pressure_gradient);
}

// ---------------------------------------------------------------- seeding

// A closed box of nx x ny x nz fluid cells (walls around, so fluid cell i
// spans [i, i + 1) for i in 1..n).
constexpr int kNx = 10, kNy = 8, kNz = 12;
constexpr double kDx = 1e-3;

BoxLattice closed_box() { return build_box_lattice({kNx, kNy, kNz}, {}); }

MicrocarrierSpec spec(BeadStart start, std::int64_t parcels, std::uint64_t seed = 1) {
  MicrocarrierSpec m;
  m.diameter = 190e-6;
  m.density = 1030;
  m.parcels = parcels;
  m.initial = start;
  m.seed = seed;
  return m;
}

std::size_t cell_of(const BoxLattice& box, const Bead& b) {
  const auto at = [&](int a) { return std::size_t(std::floor(b.x[a])); };
  return at(0) + std::size_t(box.grid.nx) * (at(1) + std::size_t(box.grid.ny) * at(2));
}

bool same(const Bead& a, const Bead& b) { return std::memcmp(&a, &b, sizeof(Bead)) == 0; }

TEST(BeadSeeding, SameSeedSameBeadsOtherSeedOtherBeads) {
  const BoxLattice box = closed_box();
  for (BeadStart start : {BeadStart::Uniform, BeadStart::Settled}) {
    const auto a = seed_beads(spec(start, 500, 7), box, kDx, 1e5);
    const auto b = seed_beads(spec(start, 500, 7), box, kDx, 1e5);
    const auto c = seed_beads(spec(start, 500, 8), box, kDx, 1e5);
    ASSERT_EQ(a.size(), 500u);
    ASSERT_EQ(c.size(), 500u);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), same));
    int differ = 0;
    for (std::size_t k = 0; k < a.size(); ++k) differ += !same(a[k], c[k]);
    EXPECT_GT(differ, 490);
  }
}

TEST(BeadSeeding, BeadsStartAtRestInFluidCellsClearOfTheirFaces) {
  const BoxLattice box = closed_box();
  const double d = 190e-6 / kDx;
  for (BeadStart start : {BeadStart::Uniform, BeadStart::Settled}) {
    const auto beads = seed_beads(spec(start, 2000), box, kDx, 3e5);
    for (std::size_t k = 0; k < beads.size(); ++k) {
      const Bead& b = beads[k];
      EXPECT_EQ(b.id, std::int64_t(k));
      ASSERT_EQ(box.flags[cell_of(box, b)], kFluid) << b.x[0] << " " << b.x[1] << " " << b.x[2];
      for (int a = 0; a < 3; ++a) {
        const double inside = b.x[a] - std::floor(b.x[a]);
        EXPECT_GE(inside, 0.5 * d) << k;
        EXPECT_LE(inside, 1 - 0.5 * d) << k;
        EXPECT_EQ(b.v[a], 0.f);
        EXPECT_EQ(b.fluid_u[a], 0.f);
      }
      EXPECT_EQ(b.state, 0u);
      EXPECT_EQ(b.age, 0.f);
      EXPECT_GE(b.since_bottom, 1e29f);
    }
  }
}

TEST(BeadSeeding, WeightsSumToTheRealBeads) {
  const BoxLattice box = closed_box();
  const double real = 1.29e7;
  const auto beads = seed_beads(spec(BeadStart::Uniform, 3000), box, kDx, real);
  double sum = 0;
  for (const Bead& b : beads) sum += b.weight;
  EXPECT_NEAR(sum, real, real * 1e-6);
  EXPECT_FLOAT_EQ(beads.front().weight, float(real / 3000));
}

// Cells a settled bed of `real` beads needs at packing 0.6, rounded up to
// whole layers of the flat floor: the bed's height in cells.
int bed_layers(double real) {
  const double d = 190e-6 / kDx;
  const double cells = std::ceil(real * kPi / 6 * d * d * d / kSettledPacking);
  return std::max(1, int(std::ceil(cells / (kNx * kNy))));
}

TEST(BeadSeeding, SettledBedLiesBelowItsAnalyticHeight) {
  const BoxLattice box = closed_box();
  const double bead_cells = kPi / 6 * std::pow(190e-6 / kDx, 3);
  // 2.5 layers of packed beads fill three layers; a handful fill the floor.
  for (double layers : {2.5, 0.01}) {
    const double real = layers * kNx * kNy * kSettledPacking / bead_cells;
    const int top = 1 + bed_layers(real);  // first fluid layer is z = 1
    EXPECT_EQ(bed_layers(real), layers > 1 ? 3 : 1);
    const auto beads = seed_beads(spec(BeadStart::Settled, 3000), box, kDx, real);
    std::set<int> used;
    for (const Bead& b : beads) {
      EXPECT_LT(b.x[2], float(top));
      used.insert(int(std::floor(b.x[2])));
    }
    // Every layer of the bed holds beads.
    EXPECT_EQ(int(used.size()), top - 1);
  }
}

TEST(BeadSeeding, UniformBeadsFillTheHeight) {
  const BoxLattice box = closed_box();
  const int n = 20000;
  const auto beads = seed_beads(spec(BeadStart::Uniform, n), box, kDx, 1e6);
  double mean[3] = {0, 0, 0};
  for (const Bead& b : beads)
    for (int a = 0; a < 3; ++a) mean[a] += b.x[a] / n;
  // Fluid cells 1..n span [1, n + 1): the mean is 1 + n/2, the standard
  // deviation of a uniform spread n/sqrt(12), so the standard error of the
  // mean is n/sqrt(12 N); allow 5 of them.
  const int cells[3] = {kNx, kNy, kNz};
  for (int a = 0; a < 3; ++a)
    EXPECT_NEAR(mean[a], 1 + cells[a] / 2.0, 5 * cells[a] / std::sqrt(12.0 * n)) << "axis " << a;
}

TEST(BeadSeeding, SettledBedCoversADishedFloor) {
  // An elliptical bottom is T/4 deep: a tiny loading still lines the whole
  // dish, which rises well above its lowest layer.
  VesselSpec v;
  v.diameter = 0.03;
  v.liquid_height = 0.03;
  v.bottom = BottomShape::Elliptical;
  const VesselLattice vl = voxelise_vessel(v, kDx);
  BoxLattice box;
  box.grid = vl.grid;
  box.flags = vl.flags;
  const auto beads = seed_beads(spec(BeadStart::Settled, 4000), box, kDx, 10);
  float low = 1e9f, high = -1e9f;
  for (const Bead& b : beads) {
    ASSERT_EQ(box.flags[cell_of(box, b)], kFluid);
    low = std::min(low, b.x[2]);
    high = std::max(high, b.x[2]);
  }
  const double dish_cells = 0.25 * v.diameter / kDx;
  EXPECT_GT(high - low, 0.5 * dish_cells);
  EXPECT_LT(high, float(vl.bottom_z + dish_cells + 2));
}

TEST(BeadSeeding, RefusesWhatItCannotPlace) {
  const BoxLattice box = closed_box();
  MicrocarrierSpec sideways = spec(BeadStart::Settled, 10);
  sideways.gravity = {9.81, 0, 0};
  EXPECT_THROW(seed_beads(sideways, box, kDx, 100), std::invalid_argument);
  EXPECT_THROW(seed_beads(spec(BeadStart::Uniform, 0), box, kDx, 100), std::invalid_argument);
  BoxLattice solid = box;
  std::fill(solid.flags.begin(), solid.flags.end(), make_flag(kWall));
  EXPECT_THROW(seed_beads(spec(BeadStart::Uniform, 10), solid, kDx, 100), std::invalid_argument);
}

}  // namespace
}  // namespace stirlb
