#include "solver/blend_parser.h"

#include <cmath>
#include <numbers>
#include <string>

#include "solver/quantity.h"

namespace stirlb {

using namespace case_detail;

namespace {

// Where a point may lie: inside the vessel's cylinder and below the liquid
// surface, or inside the box. Walls, baffles and the shaft are checked on the
// lattice, where the run sees them (BlendTracer).
void check_inside(const Table& t, std::string_view key, const std::array<double, 3>& p, const CaseModel& c) {
  if (c.tank) {
    const VesselSpec& v = c.tank->vessel;
    const double r = std::hypot(p[0], p[1]);
    if (r >= 0.5 * v.diameter || p[2] <= 0 || p[2] >= v.liquid_height)
      t.fail(key, "lies outside the liquid: it must be within " + num(0.5 * v.diameter) +
                      " m of the axis (it is " + num(r) + " m) and between the bottom (z = 0) and the surface (z = " +
                      num(v.liquid_height) + " m), z = " + num(p[2]) + " m");
    return;
  }
  for (int a = 0; a < 3; ++a)
    if (p[std::size_t(a)] < 0 || p[std::size_t(a)] > c.domain.size[std::size_t(a)])
      t.fail(key, "lies outside the box: each coordinate must be between 0 and the domain size (" +
                      num(c.domain.size[0]) + ", " + num(c.domain.size[1]) + ", " + num(c.domain.size[2]) + " m)");
}

std::vector<BlendProbe> parse_probes(const Table& t, const CaseModel& c) {
  std::vector<BlendProbe> probes;
  const toml::node* n = t.find("probe");
  if (!n) return probes;
  const toml::array* list = n->as_array();
  if (!list || !list->is_array_of_tables()) t.fail("probe", "write each probe as a [[blend.probe]] table");
  for (std::size_t k = 0; k < list->size(); ++k) {
    const Table p(c.source, *list->get(k)->as_table(), "blend.probe[" + std::to_string(k + 1) + "]");
    p.allow_only({"name", "position"});
    BlendProbe probe;
    probe.name = p.get<std::string>("name").value_or("probe" + std::to_string(k + 1));
    // Names become CSV columns and JSON keys.
    if (probe.name.empty() || probe.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                           "0123456789_-") != std::string::npos)
      p.fail("name", "must be letters, digits, '_' or '-', got '" + probe.name + "'");
    for (const BlendProbe& other : probes)
      if (other.name == probe.name) p.fail("name", "another probe is named '" + probe.name + "' already");
    probe.position = p.need<Vec3>("position");
    check_inside(p, "position", probe.position, c);
    probes.push_back(probe);
  }
  return probes;
}

}  // namespace

std::vector<BlendProbe> default_tank_probes(const CaseModel& c) {
  const VesselSpec& v = c.tank->vessel;
  const int baffles = std::max(v.baffles.count, 1);
  const double angle = (v.baffles.angle_offset_deg + 180.0 / baffles) * std::numbers::pi / 180.0;
  const double r = 0.35 * v.diameter;
  std::vector<BlendProbe> probes;
  for (auto [name, f] : {std::pair{"bottom", 0.1}, std::pair{"middle", 0.5}, std::pair{"top", 0.9}})
    probes.push_back({name, {r * std::cos(angle), r * std::sin(angle), f * v.liquid_height}});
  return probes;
}

void parse_blend(const Table& t, CaseModel& c) {
  t.allow_only({"injection_point", "injection_time", "injection_radius", "threshold", "molecular_diffusivity",
                "turbulent_schmidt", "sample_interval", "probe"});
  BlendSpec b;
  b.line = t.line();
  b.injection_point = t.need<Vec3>("injection_point");
  check_inside(t, "injection_point", b.injection_point, c);
  if (t.find("injection_time")) {
    const std::optional<std::string> text = t.get<std::string>("injection_time");
    // Zero is a valid time here, so the quantity's positivity rule is not.
    try {
      b.injection_time = parse_quantity(*text, Dimension::Time);
    } catch (const std::invalid_argument& e) {
      t.fail("injection_time", e.what());
    }
    if (b.injection_time < 0) t.fail("injection_time", "must not be negative, got " + *text);
  }
  b.injection_radius = get_quantity(t, "injection_radius", Dimension::Length);
  if (t.find("threshold")) {
    b.threshold = t.need<double>("threshold");
    require_in(t, "threshold", b.threshold, b.threshold > 0 && b.threshold < 1, "(0, 1) (0.05 is 5 %)");
  }
  if (auto d = get_quantity(t, "molecular_diffusivity", Dimension::Diffusivity)) b.molecular_diffusivity = *d;
  if (t.find("turbulent_schmidt")) b.turbulent_schmidt = positive(t, "turbulent_schmidt");
  b.sample_interval = get_quantity(t, "sample_interval", Dimension::Time);
  b.probes = parse_probes(t, c);
  if (b.probes.empty() && c.tank) b.probes = default_tank_probes(c);
  c.blend = b;
}

}  // namespace stirlb
