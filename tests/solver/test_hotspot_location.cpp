// Location tags of points in the standard baffled Rushton tank (T = 0.3 m,
// D = T/3, C = T/3, four baffles T/10 wide, blades D/5 high): one point per
// tag, the precedence where zones overlap, and tanks with two impellers or
// without baffles.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "solver/hotspot_location.h"

namespace stirlb {
namespace {

constexpr double T = 0.3, D = 0.1, C = 0.1;

ImpellerSpec rushton(double clearance) {
  ImpellerSpec imp;
  imp.type = "rushton";
  imp.shape = RushtonSpec{D, 6, D / 4, D / 5, 0.002, 0.075, 0.002, 0.0};
  imp.diameter = D;
  imp.clearance = clearance;
  imp.extent_low = -D / 10;  // blades D/5 high, centred on the disk
  imp.extent_high = D / 10;
  return imp;
}

TankSpec tank(int baffles = 4, double offset_deg = 0) {
  TankSpec t;
  t.vessel.diameter = T;
  t.vessel.liquid_height = T;
  t.vessel.baffles = BaffleSpec{baffles, T / 10, 0.0, 0.0, offset_deg};
  t.shaft = ShaftSpec{0.01, 120, false, 0.25};
  t.impellers.push_back(rushton(C));
  return t;
}

// Cylindrical coordinates: radius, angle from +x (degrees), height.
std::array<double, 3> at(double r, double deg, double z) {
  const double a = deg * std::numbers::pi / 180;
  return {r * std::cos(a), r * std::sin(a), z};
}

TEST(HotspotLocation, OnePointPerTag) {
  const TankSpec t = tank();
  EXPECT_EQ(location_tag(t, at(0.02, 30, C)), "impeller-swept");       // r = 0.4 R, on the disk plane
  EXPECT_EQ(location_tag(t, at(0.05, 30, C + 0.015)), "blade-tip");    // at the tip, above the blades
  EXPECT_EQ(location_tag(t, at(0.09, 45, C + 0.02)), "impeller-discharge");  // between baffles
  EXPECT_EQ(location_tag(t, at(0.135, 2, 0.25)), "baffle");            // beside the baffle at 0 degrees
  EXPECT_EQ(location_tag(t, at(0.09, 45, 0.25)), "bulk");              // above the discharge
  EXPECT_EQ(location_tag(t, {0.0, 0.0, 0.28}), "bulk");                // on the axis near the surface
}

TEST(HotspotLocation, ZoneBoundaries) {
  const TankSpec t = tank();
  // Swept only within the blades' own height; the tip zone reaches 0.1 D
  // beyond it, the discharge 0.25 D.
  EXPECT_EQ(location_tag(t, at(0.02, 0, C + 0.011)), "bulk");
  EXPECT_EQ(location_tag(t, at(0.05, 0, C + 0.019)), "blade-tip");
  EXPECT_EQ(location_tag(t, at(0.05, 0, C + 0.021)), "bulk");
  EXPECT_EQ(location_tag(t, at(0.061, 45, C + 0.034)), "impeller-discharge");
  EXPECT_EQ(location_tag(t, at(0.061, 45, C + 0.036)), "bulk");
  // Radially: tip ring 0.75 R..1.2 R, discharge out to the baffles' inner edge (0.12 m).
  EXPECT_EQ(location_tag(t, at(0.036, 45, C)), "impeller-swept");
  EXPECT_EQ(location_tag(t, at(0.059, 45, C)), "blade-tip");
  EXPECT_EQ(location_tag(t, at(0.119, 45, C)), "impeller-discharge");
  EXPECT_EQ(location_tag(t, at(0.121, 45, C)), "bulk");
  // Where the jet meets a baffle (r >= T/2 - T/10 - 0.05 T = 0.105 m), the baffle wins.
  EXPECT_EQ(location_tag(t, at(0.11, 0, C)), "baffle");
}

TEST(HotspotLocation, BafflesSitAtTheOffsetAndEveryQuarterTurn) {
  const TankSpec t = tank();
  for (double deg : {0.0, 90.0, 180.0, 270.0, -90.0}) EXPECT_EQ(location_tag(t, at(0.14, deg, 0.2)), "baffle") << deg;
  // One baffle width of arc at r = 0.14 m: 0.03 / 0.14 rad = 12.3 degrees.
  EXPECT_EQ(location_tag(t, at(0.14, 12, 0.2)), "baffle");
  EXPECT_EQ(location_tag(t, at(0.14, 13, 0.2)), "bulk");
  EXPECT_EQ(location_tag(t, at(0.14, 77, 0.2)), "bulk");
  EXPECT_EQ(location_tag(t, at(0.14, 78, 0.2)), "baffle");
  const TankSpec turned = tank(4, 45);
  EXPECT_EQ(location_tag(turned, at(0.14, 45, 0.2)), "baffle");
  EXPECT_EQ(location_tag(turned, at(0.14, -45, 0.2)), "baffle");
  EXPECT_EQ(location_tag(turned, at(0.14, 0, 0.2)), "bulk");
}

TEST(HotspotLocation, UnbaffledTankDischargesToTheWall) {
  const TankSpec t = tank(0);
  EXPECT_EQ(location_tag(t, at(0.145, 0, C)), "impeller-discharge");
  EXPECT_EQ(location_tag(t, at(0.145, 0, 0.25)), "bulk");
}

TEST(HotspotLocation, EveryImpellerOfAStackCounts) {
  TankSpec t = tank();
  t.impellers.push_back(rushton(0.2));
  EXPECT_EQ(location_tag(t, at(0.02, 0, 0.2)), "impeller-swept");
  EXPECT_EQ(location_tag(t, at(0.05, 30, 0.2)), "blade-tip");
  EXPECT_EQ(location_tag(t, at(0.09, 45, 0.2)), "impeller-discharge");
  EXPECT_EQ(location_tag(t, at(0.09, 45, 0.15)), "bulk");  // between the two discharge zones
  EXPECT_EQ(location_tag(t, at(0.09, 45, C)), "impeller-discharge");
}

}  // namespace
}  // namespace stirlb
