#include "solver/tank_parser.h"
#include "solver/rotor.h"

#include <cmath>
#include <filesystem>
#include <numbers>

namespace stirlb {

using namespace case_detail;

namespace {

double non_negative(const Table& t, std::string_view name, double fallback) {
  const double v = t.get<double>(name).value_or(fallback);
  if (v < 0) t.fail(name, "must not be negative, got " + num(v));
  return v;
}

double positive_or(const Table& t, std::string_view name, double fallback) {
  const double v = t.get<double>(name).value_or(fallback);
  if (v <= 0) t.fail(name, "must be positive, got " + num(v));
  return v;
}

int count_in(const Table& t, std::string_view name, int fallback, int lo, int hi) {
  const std::int64_t v = t.get<std::int64_t>(name).value_or(fallback);
  if (v < lo || v > hi) t.fail(name, "must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                                         "], got " + std::to_string(v));
  return int(v);
}

void parse_baffles(const Table& t, const VesselSpec& v, BaffleSpec& b) {
  t.allow_only({"count", "width", "gap", "thickness", "angle_offset_deg"});
  b.count = count_in(t, "count", 4, 0, 64);
  if (b.count == 0) return;
  b.width = positive(t, "width");
  b.gap = non_negative(t, "gap", 0.0);
  b.thickness = non_negative(t, "thickness", 0.0);
  b.angle_offset_deg = t.get<double>("angle_offset_deg").value_or(0.0);
  if (b.width + b.gap >= 0.5 * v.diameter)
    t.fail("width", "width + gap = " + num(b.width + b.gap) + " m reaches the axis of a vessel of radius " +
                        num(0.5 * v.diameter) + " m");
}

void parse_vessel(const Table& t, VesselSpec& v) {
  t.allow_only({"diameter", "liquid_height", "bottom", "baffles"});
  v.diameter = positive(t, "diameter");
  v.liquid_height = positive(t, "liquid_height");
  const static Options<BottomShape> bottoms = {{"flat", BottomShape::Flat},
                                               {"torispherical", BottomShape::Torispherical},
                                               {"elliptical", BottomShape::Elliptical}};
  v.bottom = pick(t, "bottom", bottoms).value_or(BottomShape::Flat);
  if (v.liquid_height <= bottom_depth(v))
    t.fail("liquid_height", "the liquid (" + num(v.liquid_height) + " m) does not fill the dished bottom, which is " +
                                num(bottom_depth(v)) + " m deep");
  if (auto b = t.get<Table>("baffles")) parse_baffles(*b, v, v.baffles);
}

void parse_shaft(const Table& t, ShaftSpec& s) {
  t.allow_only({"diameter", "speed_rpm", "direction", "ramp_revolutions"});
  s.diameter = positive(t, "diameter");
  s.speed_rpm = positive(t, "speed_rpm");
  const static Options<bool> directions = {{"counterclockwise", false}, {"clockwise", true}};
  s.clockwise = pick(t, "direction", directions).value_or(false);
  s.ramp_revolutions = non_negative(t, "ramp_revolutions", 1.0);
}

bool pumps_down(const Table& t) {
  const static Options<bool> ways = {{"down", true}, {"up", false}};
  return pick(t, "pumping", ways).value_or(true);
}

// Dimensions default to the standard proportions of each impeller, so that a
// case can name only the diameter; every given value overrides its default.
ImpellerShape parse_shape(const Table& t, const std::string& type, const std::filesystem::path& case_dir,
                          ImpellerSpec& spec) {
  if (type == "stl") {
    t.allow_only({"type", "clearance", "file", "scale"});
    StlImpellerSpec s;
    s.file = t.need<std::string>("file");
    const std::filesystem::path p(s.file);
    s.file = (p.is_absolute() ? p : case_dir / p).lexically_normal().string();
    s.scale = positive_or(t, "scale", 1.0);
    vtkSmartPointer<vtkPolyData> surface;
    try {
      surface = read_stl_surface(s.file, s.scale);
    } catch (const std::exception& e) {
      t.fail("file", e.what());
    }
    spec.diameter = 2 * surface_extent(surface).radius;
    return s;
  }
  const double d = positive(t, "diameter");
  spec.diameter = d;
  if (type == "rushton") {
    t.allow_only({"type", "clearance", "diameter", "blades", "blade_length", "blade_height", "blade_thickness",
                  "disk_diameter", "disk_thickness", "hub_diameter"});
    RushtonSpec s;
    s.diameter = d;
    s.blades = count_in(t, "blades", 6, 2, 16);
    s.blade_length = positive_or(t, "blade_length", d / 4);
    s.blade_height = positive_or(t, "blade_height", d / 5);
    s.blade_thickness = positive_or(t, "blade_thickness", d / 50);
    s.disk_diameter = positive_or(t, "disk_diameter", 0.75 * d);
    s.disk_thickness = positive_or(t, "disk_thickness", d / 50);
    s.hub_diameter = non_negative(t, "hub_diameter", 0.0);
    if (s.blade_length >= d / 2) t.fail("blade_length", "must be shorter than the impeller radius " + num(d / 2));
    if (s.disk_diameter >= d) t.fail("disk_diameter", "must be smaller than the impeller diameter " + num(d));
    if (s.disk_diameter < d - 2 * s.blade_length)
      t.fail("disk_diameter", "leaves the blades unattached: they start at radius " + num(d / 2 - s.blade_length) +
                                  " m, outside the disk's " + num(s.disk_diameter / 2) + " m");
    if (s.hub_diameter >= s.disk_diameter)
      t.fail("hub_diameter", "must be smaller than the disk diameter " + num(s.disk_diameter));
    if (s.disk_thickness >= s.blade_height)
      t.fail("disk_thickness", "must be thinner than the blade height " + num(s.blade_height));
    return s;
  }
  if (type == "pitched_blade") {
    t.allow_only({"type", "clearance", "diameter", "blades", "angle_deg", "blade_width", "blade_thickness",
                  "pumping", "hub_diameter"});
    PitchedBladeSpec s;
    s.diameter = d;
    s.blades = count_in(t, "blades", 4, 2, 16);
    s.angle_deg = t.get<double>("angle_deg").value_or(45.0);
    require_in(t, "angle_deg", s.angle_deg, s.angle_deg > 0 && s.angle_deg < 90, "(0, 90) degrees");
    s.blade_width = positive_or(t, "blade_width", d / 5);
    s.blade_thickness = positive_or(t, "blade_thickness", d / 50);
    s.pumping_down = pumps_down(t);
    s.hub_diameter = non_negative(t, "hub_diameter", 0.0);
    if (s.hub_diameter >= d) t.fail("hub_diameter", "must be smaller than the impeller diameter " + num(d));
    return s;
  }
  if (type == "marine") {
    t.allow_only({"type", "clearance", "diameter", "blades", "pitch_ratio", "blade_area_ratio", "pumping",
                  "hub_diameter"});
    MarineSpec s;
    s.diameter = d;
    s.blades = count_in(t, "blades", 3, 2, 8);
    s.pitch_ratio = positive_or(t, "pitch_ratio", 1.0);
    s.blade_area_ratio = t.get<double>("blade_area_ratio").value_or(0.5);
    require_in(t, "blade_area_ratio", s.blade_area_ratio, s.blade_area_ratio > 0 && s.blade_area_ratio < 1, "(0, 1)");
    s.pumping_down = pumps_down(t);
    s.hub_diameter = non_negative(t, "hub_diameter", 0.0);
    if (s.hub_diameter >= d) t.fail("hub_diameter", "must be smaller than the impeller diameter " + num(d));
    return s;
  }
  t.fail("type", "unknown impeller type '" + type + "'" +
                     did_you_mean(type, {"rushton", "pitched_blade", "marine", "stl"}) +
                     "; allowed values: rushton, pitched_blade, marine, stl");
}

// Where the impeller must not go, checked in the order a user would fix it.
void check_fit(const Table& t, const TankSpec& tank, const ImpellerSpec& imp) {
  const VesselSpec& v = tank.vessel;
  const double r = imp.diameter / 2, R = v.diameter / 2;
  if (r >= R) t.fail("diameter", "an impeller of diameter " + num(imp.diameter) +
                                     " m does not fit a vessel of diameter " + num(v.diameter) + " m");
  if (v.baffles.count > 0) {
    const double inner = R - v.baffles.gap - v.baffles.width;
    if (r >= inner)
      t.fail("diameter", "the blade tips (radius " + num(r) + " m) hit the baffles, whose inner edge is at radius " +
                             num(inner) + " m");
  }
  if (imp.diameter <= tank.shaft.diameter)
    t.fail("diameter", "the impeller is no wider than the shaft (" + num(tank.shaft.diameter) + " m)");
  const double low = imp.lowest(), high = imp.highest();
  const double floor_at_tip = bottom_height(v, std::min(r, R));
  if (low <= floor_at_tip)
    t.fail("clearance", "clearance " + num(imp.clearance) + " m puts the impeller's lower edge (" + num(low) +
                            " m) into the bottom, which is " + num(floor_at_tip) + " m high at the blade tips; " +
                            "the clearance must exceed " + num(floor_at_tip - imp.extent_low) + " m");
  if (high >= v.liquid_height)
    t.fail("clearance", "clearance " + num(imp.clearance) + " m puts the impeller's upper edge (" + num(high) +
                            " m) above the liquid surface at " + num(v.liquid_height) + " m");
}

}  // namespace

double TankSpec::impeller_diameter() const {
  double d = 0;
  for (const ImpellerSpec& i : impellers) d = std::max(d, i.diameter);
  return d;
}

void parse_tank(const Table& root, CaseModel& c) {
  TankSpec tank;
  parse_vessel(root.need<Table>("vessel"), tank.vessel);
  parse_shaft(root.need<Table>("shaft"), tank.shaft);
  if (!root.find("impeller"))
    root.fail("impeller", "a tank needs at least one [[impeller]] table");
  const toml::array* list = root.find("impeller")->as_array();
  if (!list || !list->is_array_of_tables()) root.fail("impeller", "write each impeller as an [[impeller]] table");
  const std::filesystem::path case_dir = std::filesystem::path(c.source).parent_path();
  for (std::size_t k = 0; k < list->size(); ++k) {
    const toml::table& raw = *list->get(k)->as_table();
    const Table t(c.source, raw, "impeller[" + std::to_string(k + 1) + "]");
    ImpellerSpec imp;
    imp.line = line_of(raw);
    imp.type = t.need<std::string>("type");
    imp.shape = parse_shape(t, imp.type, case_dir, imp);
    imp.clearance = positive(t, "clearance");
    try {
      // Coarse triangles are enough to measure the extent.
      const SurfaceExtent e = surface_extent(impeller_surface(imp, imp.diameter / 16));
      imp.extent_low = e.z_min;
      imp.extent_high = e.z_max;
    } catch (const std::exception& e) {
      t.fail("type", std::string("cannot build this impeller: ") + e.what());
    }
    check_fit(t, tank, imp);
    if (!tank.impellers.empty()) {
      const ImpellerSpec& below = tank.impellers.back();
      if (imp.lowest() <= below.highest())
        t.fail("clearance", "list impellers from the bottom up without overlap: this one reaches down to " +
                                num(imp.lowest()) + " m, the one below up to " + num(below.highest()) + " m");
    }
    tank.impellers.push_back(std::move(imp));
  }
  if (auto t = root.get<Table>("immersed_boundary")) {
    t->allow_only({"passes", "marker_spacing"});
    tank.ib.passes = count_in(*t, "passes", 3, 1, 20);
    tank.ib.marker_spacing = t->get<double>("marker_spacing").value_or(0.7);
    require_in(*t, "marker_spacing", tank.ib.marker_spacing,
               tank.ib.marker_spacing >= 0.3 && tank.ib.marker_spacing <= 1.0,
               "[0.3, 1.0] cells (denser wastes time, sparser leaks)");
  }
  c.flow.reference_length = tank.impeller_diameter();
  c.flow.reference_velocity = std::numbers::pi * tank.speed_rps() * c.flow.reference_length;
  c.tank = std::move(tank);
}

}  // namespace stirlb
