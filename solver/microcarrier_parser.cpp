#include "solver/microcarrier_parser.h"
#include "solver/resolution_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace stirlb {

using namespace case_detail;

// Hydrated mean diameters and densities. The solver's correctness does not
// depend on them; they only spare users looking them up, and an explicit
// `diameter` or `density` overrides them.
//  - Cytodex 1 and Cytodex 3 (Cytiva, formerly GE Healthcare / Pharmacia):
//    "Microcarrier Cell Culture: Principles and Methods" handbook and the
//    Cytodex data files: Cytodex 1 d50 ~190 um (d5-d95 about 147-248 um),
//    1.03 g/mL, ~4.3e6 beads per g dry weight; Cytodex 3 d50 ~175 um (about
//    141-211 um), 1.04 g/mL, ~3e6 beads per g dry weight.
//  - Corning (formerly Pall SoloHill) plastic microcarriers: polystyrene,
//    125-212 um, specific gravity ~1.022-1.030; approximate, from the maker's
//    data sheet (mid-range values taken). Rigid beads, so the dry and
//    hydrated mass agree and no per-gram count is needed.
//  - Cultispher-S (Percell Biolytica, sold by Sigma-Aldrich): macroporous
//    gelatin, 130-380 um hydrated, ~1.04 g/mL; approximate, from the maker's
//    product information (mid-range diameter). No per-gram count is used, so
//    its g/L loading means hydrated bead mass.
const std::vector<MicrocarrierPreset>& microcarrier_presets() {
  static const std::vector<MicrocarrierPreset> presets = {
      {"cytodex-1", "Cytodex 1", 190e-6, 1030.0, 4.3e6},
      {"cytodex-3", "Cytodex 3", 175e-6, 1040.0, 3.0e6},
      {"solohill-plastic", "Corning/SoloHill Plastic", 160e-6, 1026.0, 0.0},
      {"cultispher-s", "Cultispher-S", 255e-6, 1040.0, 0.0},
  };
  return presets;
}

double case_liquid_volume(const CaseModel& c) {
  if (c.tank) return liquid_volume(c.tank->vessel);
  const auto& s = c.domain.size;
  return s[0] * s[1] * s[2];
}

namespace {

Names preset_names() {
  Names names;
  for (const MicrocarrierPreset& p : microcarrier_presets()) names.push_back(p.name);
  return names;
}

void apply_preset(const Table& t, MicrocarrierSpec& m) {
  auto name = t.get<std::string>("preset");
  if (!name) return;
  for (const MicrocarrierPreset& p : microcarrier_presets())
    if (*name == p.name) {
      m.preset = *name;
      m.diameter = p.diameter;
      m.density = p.density;
      m.beads_per_gram = p.beads_per_gram;
      return;
    }
  const Names known = preset_names();
  t.fail("preset", "unknown preset '" + *name + "'" + did_you_mean(*name, known) + "; known presets: " +
                       join(known));
}

// A key a preset may supply: required without one, and positive either way.
double material(const Table& t, std::string_view name, double from_preset, const std::string& unit) {
  if (!t.find(name) && from_preset <= 0)
    t.fail(name, "required key is missing from [microcarriers]: give it in " + unit + ", or a preset (" +
                     join(preset_names()) + ")");
  const double v = t.get<double>(name).value_or(from_preset);
  if (v <= 0) t.fail(name, "must be positive, got " + num(v));
  return v;
}

double in_range(const Table& t, std::string_view name, double fallback, double lo, double hi,
                const std::string& range) {
  const double v = t.get<double>(name).value_or(fallback);
  require_in(t, name, v, v >= lo && v <= hi, range);
  return v;
}

void parse_loading(const Table& t, MicrocarrierSpec& m) {
  if (exactly_one(t, "loading_g_per_L", "beads_per_mL")) {
    m.loading_unit = LoadingUnit::GramsPerLitre;
    m.loading = positive(t, "loading_g_per_L");
  } else {
    m.loading_unit = LoadingUnit::BeadsPerMillilitre;
    m.loading = positive(t, "beads_per_mL");
  }
}

std::string_view loading_key(const MicrocarrierSpec& m) {
  return m.loading_unit == LoadingUnit::GramsPerLitre ? "loading_g_per_L" : "beads_per_mL";
}

// Beads cannot take up more of the liquid than a random close packing, and
// a loading near it is no suspension the model describes either.
std::string overfull(const MicrocarrierSpec& m, double beads, double room, const std::string& where) {
  const double volume = beads * m.bead_volume();
  const double percent = std::round(1000 * volume / room) / 10;
  return num(beads) + " beads of " + num(m.diameter * 1e6) + " um take up " + num(volume) + " m^3, " +
         num(percent) + " % of " + where + " (" + num(room) + " m^3), more than a random close packing (" +
         num(100 * kRandomClosePacking) + " %): they cannot fit the vessel";
}

void check_loading_fits(const Table& t, const MicrocarrierSpec& m, double liquid) {
  const double beads = m.total_beads(liquid);
  if (beads * m.bead_volume() > kRandomClosePacking * liquid)
    t.fail(loading_key(m), overfull(m, beads, liquid, "the liquid volume"));
}

std::int64_t parse_parcels(const Table& t) {
  constexpr std::int64_t kMaxParcels = 1'000'000'000;  // 72 GB of beads
  const std::int64_t n = t.need<std::int64_t>("parcels");
  if (n < 1) t.fail("parcels", "must be at least 1, got " + std::to_string(n));
  if (n > kMaxParcels)
    t.fail("parcels", std::to_string(n) + " parcels are more than a run can hold; use at most " +
                          std::to_string(kMaxParcels));
  return n;
}

// A settled bed lies on the bottom, and the seeding knows only -z as down
// (the vessel axis points up).
void check_settled(const Table& t, const MicrocarrierSpec& m, const FluidProperties& fluid) {
  if (m.initial != BeadStart::Settled) return;
  const auto& g = m.gravity;
  if (g[0] != 0 || g[1] != 0 || !(g[2] < 0))
    t.fail("initial", "\"settled\" places the beads on a bottom below them along -z, but gravity is [" +
                          num(g[0]) + ", " + num(g[1]) + ", " + num(g[2]) +
                          "] m/s^2; use gravity = [0, 0, -g] or initial = \"uniform\"");
  if (m.density <= fluid.density)
    t.fail("initial", "beads of density " + num(m.density) + " kg/m^3 are no heavier than the fluid (" +
                          num(fluid.density) + " kg/m^3) and do not settle; use initial = \"uniform\"");
}

}  // namespace

void parse_microcarriers(const Table& t, CaseModel& c) {
  t.allow_only({"preset", "diameter", "density", "loading_g_per_L", "beads_per_mL", "parcels", "initial",
                "release_time", "restitution", "friction", "added_mass", "pressure_gradient",
                "two_way_coupling", "suspension_window", "homogeneity_zones", "seed", "gravity"});
  MicrocarrierSpec m;
  m.line = t.line();
  apply_preset(t, m);
  m.diameter = material(t, "diameter", m.diameter, "m");
  m.density = material(t, "density", m.density, "kg/m^3");
  parse_loading(t, m);
  m.parcels = parse_parcels(t);
  const static Options<BeadStart> starts = {{"settled", BeadStart::Settled}, {"uniform", BeadStart::Uniform}};
  m.initial = pick(t, "initial", starts).value_or(m.initial);
  m.release_time = in_range(t, "release_time", m.release_time, 0, std::numeric_limits<double>::max(),
                            "[0, inf) s");
  m.restitution = in_range(t, "restitution", m.restitution, 0, 1, "[0, 1]");
  m.friction = in_range(t, "friction", m.friction, 0, std::numeric_limits<double>::max(), "[0, inf)");
  m.added_mass = in_range(t, "added_mass", m.added_mass, 0, std::numeric_limits<double>::max(),
                          "[0, inf) (0.5 for a sphere)");
  m.pressure_gradient = t.get<bool>("pressure_gradient").value_or(m.pressure_gradient);
  m.two_way_coupling = t.get<bool>("two_way_coupling").value_or(m.two_way_coupling);
  m.suspension_window = t.get<double>("suspension_window").value_or(m.suspension_window);
  require_in(t, "suspension_window", m.suspension_window, m.suspension_window > 0,
             "(0, inf) s (Zwietering: 1-2 s)");
  const std::int64_t zones = t.get<std::int64_t>("homogeneity_zones").value_or(m.homogeneity_zones);
  if (zones < 1 || zones > 1000)
    t.fail("homogeneity_zones", "must be a whole number in [1, 1000], got " + std::to_string(zones));
  m.homogeneity_zones = int(zones);
  const std::int64_t seed = t.get<std::int64_t>("seed").value_or(std::int64_t(m.seed));
  if (seed < 0) t.fail("seed", "must not be negative, got " + std::to_string(seed));
  m.seed = std::uint64_t(seed);
  m.gravity = t.get<Vec3>("gravity").value_or(m.gravity);
  check_settled(t, m, c.fluid);
  check_loading_fits(t, m, case_liquid_volume(c));
  c.microcarriers = std::move(m);
}

void check_microcarriers_fit(const CaseModel& c, const LatticeUnits& units, const BoxLattice& box,
                             const std::vector<GapReport>& gaps) {
  if (!c.microcarriers) return;
  const MicrocarrierSpec& m = *c.microcarriers;
  const std::string diameter = "microcarriers.diameter";
  auto fail = [&](const std::string& key, const std::string& reason) {
    throw CaseError(c.source, m.line, key, reason);
  };
  const auto narrowest = std::min_element(gaps.begin(), gaps.end(),
                                          [](const GapReport& a, const GapReport& b) { return a.metres < b.metres; });
  if (narrowest != gaps.end() && m.diameter >= narrowest->metres)
    fail(diameter, "a bead of " + num(m.diameter) + " m does not pass the narrowest gap, " + narrowest->name +
                       " (" + num(narrowest->metres) + " m)");
  if (m.diameter > units.dx) {
    const double finest = std::floor(c.flow.reference_length / m.diameter);
    fail(diameter, "a point-particle model needs beads smaller than a lattice cell, but d = " + num(m.diameter) +
                       " m is " + num(m.diameter / units.dx) + " cells of dx = " + num(units.dx) +
                       " m; numerics.resolution must be at most " + num(finest) + " (dx >= d) for these beads");
  }
  const double room = double(box.fluid_cell_count()) * units.dx * units.dx * units.dx;
  const double beads = m.total_beads(case_liquid_volume(c));
  if (beads * m.bead_volume() > kRandomClosePacking * room)
    fail("microcarriers." + std::string(loading_key(m)), overfull(m, beads, room, "the lattice's liquid cells"));
  // Two-way coupling puts each parcel's reaction into the cell it sits in: a
  // parcel much heavier than that cell's fluid is a point force the cell
  // cannot carry (it drives the cell unstable), so such parcels are refused.
  if (m.two_way_coupling) {
    const double cell_mass = c.fluid.density * units.dx * units.dx * units.dx;
    const double parcel_mass = beads / double(m.parcels) * m.bead_mass();
    if (parcel_mass > kMaxTwoWayParcelMass * cell_mass) {
      const double needed = std::ceil(beads * m.bead_mass() / (kMaxTwoWayParcelMass * cell_mass));
      fail("microcarriers.parcels", "with two_way_coupling each parcel (" + num(beads / double(m.parcels)) +
                                        " beads, " + num(parcel_mass) + " kg) may weigh at most " +
                                        num(kMaxTwoWayParcelMass) + " of a cell's fluid (" + num(cell_mass) +
                                        " kg); use at least " + num(needed) + " parcels or switch coupling off");
    }
  }
}

}  // namespace stirlb
