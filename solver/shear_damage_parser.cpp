#include "solver/shear_damage_parser.h"

#include <algorithm>
#include <string>

#include "solver/quantity.h"

namespace stirlb {

using namespace case_detail;

// Giersiepen, Wurzinger, Opitz and Reul fitted D = C tau^beta t^alpha to the
// haemoglobin released by human red blood cells sheared in a Couette device
// (D in % of the haemoglobin). Nothing in the fit describes anchorage-
// dependent cells on microcarriers; the label says "red blood cells" so that
// every report that names the preset says so too, and damaged_at = 1 % is a
// placeholder a user should replace with a threshold of their own.
const std::vector<PowerLawPreset>& power_law_presets() {
  static const std::vector<PowerLawPreset> presets = {
      {"giersiepen-rbc", "Giersiepen et al. 1990, fitted to red blood cells (haemolysis, D in %)",
       "Giersiepen M, Wurzinger LJ, Opitz R, Reul H. Estimation of shear stress-related blood damage in "
       "heart valve prostheses - in vitro comparison of 25 aortic valves. Int J Artif Organs "
       "1990;13(5):300-306",
       3.62e-5, 0.785, 2.416, 1.0},
  };
  return presets;
}

namespace {

// The table as a whole is at fault, so the key is the table's own name.
[[noreturn]] void fail_table(const Table& t, const CaseModel& c, const std::string& table,
                             const std::string& reason) {
  throw CaseError(c.source, t.line(), table, reason);
}

// Beads set the Kolmogorov threshold when there are any, so the two cannot
// disagree; without beads the length is only meaningful for that threshold.
double hotspot_bead_diameter(const Table& t, const CaseModel& c, const HotspotSpec& h) {
  const bool given = t.find("bead_diameter") != nullptr;
  if (c.microcarriers) {
    if (given)
      t.fail("bead_diameter", "the bead diameter comes from [microcarriers] (" +
                                  num(c.microcarriers->diameter * 1e6) + " um); remove hotspots.bead_diameter");
    return c.microcarriers->diameter;
  }
  if (!h.kolmogorov_factor) {
    if (given) t.fail("bead_diameter", "is used only with hotspots.kolmogorov_factor; give that too or remove it");
    return 0;
  }
  if (!given)
    t.fail("kolmogorov_factor", "the Kolmogorov threshold is this factor times the bead diameter, and the case "
                                "has no beads: add [microcarriers] or hotspots.bead_diameter (such as \"180 um\")");
  return need_quantity(t, "bead_diameter", Dimension::Length);
}

}  // namespace

void parse_hotspots(const Table& t, CaseModel& c) {
  t.allow_only({"shear_stress", "dissipation", "kolmogorov_factor", "bead_diameter"});
  HotspotSpec h;
  h.line = t.line();
  h.shear_stress = get_quantity(t, "shear_stress", Dimension::Stress, "a threshold");
  h.dissipation = get_quantity(t, "dissipation", Dimension::SpecificPower, "a threshold");
  if (t.find("kolmogorov_factor")) h.kolmogorov_factor = positive(t, "kolmogorov_factor");
  if (!h.shear_stress && !h.dissipation && !h.kolmogorov_factor)
    fail_table(t, c, "hotspots",
               "[hotspots] sets no threshold; give at least one of shear_stress (such as \"0.5 Pa\"), "
               "dissipation (such as \"0.1 W/kg\") or kolmogorov_factor (such as 0.667)");
  h.bead_diameter = hotspot_bead_diameter(t, c, h);
  c.hotspots = h;
}

namespace {

const Options<DamageKind>& damage_kinds() {
  static const Options<DamageKind> kinds = [] {
    Options<DamageKind> o;
    for (DamageKind k : {DamageKind::KolmogorovEddy, DamageKind::PowerLaw, DamageKind::ShearThreshold,
                         DamageKind::DissipationThreshold})
      o.emplace_back(damage_kind_name(k), k);
    return o;
  }();
  return kinds;
}

Names keys_for(DamageKind kind) {
  switch (kind) {
    case DamageKind::KolmogorovEddy:
      return {"type", "name", "factor", "death_rate", "damaged_at"};
    case DamageKind::PowerLaw:
      return {"type", "name", "preset", "C", "alpha", "beta", "source", "damaged_at"};
    case DamageKind::ShearThreshold:
    case DamageKind::DissipationThreshold:
      break;
  }
  return {"type", "name", "threshold", "damaged_after"};
}

// The name labels per-bead arrays and summary entries, hence the file-name-safe alphabet.
std::string parse_name(const Table& t, const std::string& type) {
  const std::string name = t.get<std::string>("name").value_or(type);
  const bool safe = std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
  });
  if (name.empty() || !safe)
    t.fail("name", "'" + name + "' must be non-empty and use only a-z, 0-9, _ and - (it names output arrays)");
  return name;
}

void parse_kolmogorov_eddy(const Table& t, DamageModelSpec& m) {
  if (t.find("factor")) m.factor = positive(t, "factor");
  m.death_rate = need_quantity(t, "death_rate", Dimension::Rate);
  m.damaged_at = t.get<double>("damaged_at").value_or(0.5);
  require_in(t, "damaged_at", m.damaged_at, m.damaged_at > 0 && m.damaged_at < 1,
             "(0, 1) (the fraction of a bead's cells dead)");
}

const PowerLawPreset& find_power_preset(const Table& t) {
  const std::string name = t.need<std::string>("preset");
  Names known;
  for (const PowerLawPreset& p : power_law_presets()) {
    if (name == p.name) return p;
    known.push_back(p.name);
  }
  t.fail("preset", "unknown preset '" + name + "'" + did_you_mean(name, known) + "; known presets: " + join(known));
}

// A preset is one published fit; mixing in single constants would give a law
// nobody fitted while still carrying the preset's name.
void apply_power_preset(const Table& t, DamageModelSpec& m) {
  const PowerLawPreset& p = find_power_preset(t);
  std::string preset = "preset '";
  preset += p.name;
  preset += '\'';
  if (t.find("C") && t.find("alpha") && t.find("beta"))
    t.fail("preset", "give either a preset or the constants C, alpha and beta, not both");
  for (std::string_view k : {"C", "alpha", "beta"})
    if (t.find(k))
      t.fail(k, "the constants of " + preset + " cannot be overridden one by one; drop the preset and give "
                    "C, alpha, beta, source and damaged_at to use constants of your own");
  if (t.find("source")) t.fail("source", preset + " names its own source; remove this key");
  m.preset = p.name;
  m.source = std::string(p.label) + "; " + std::string(p.source);
  m.C = p.C;
  m.alpha = p.alpha;
  m.beta = p.beta;
  m.damaged_at = t.get<double>("damaged_at").value_or(p.damaged_at);
  require_in(t, "damaged_at", m.damaged_at, m.damaged_at > 0, "(0, inf) (% for this preset)");
}

double power_constant(const Table& t, std::string_view name) {
  const double v = t.need<double>(name);
  if (v <= 0)
    t.fail(name, "must be positive, got " + num(v) +
                     ": a negative exponent or constant would make the damage fall as stress or exposure grows, "
                     "and a zero one removes it");
  return v;
}

void parse_power_constants(const Table& t, DamageModelSpec& m) {
  for (std::string_view k : {"C", "alpha", "beta", "source", "damaged_at"})
    if (!t.find(k))
      t.fail(k, "required key is missing: a power-law model without a preset needs C, alpha, beta, "
                "source and damaged_at");
  m.C = power_constant(t, "C");
  m.alpha = power_constant(t, "alpha");
  m.beta = power_constant(t, "beta");
  m.source = t.need<std::string>("source");
  if (m.source.find_first_not_of(" \t") == std::string::npos)
    t.fail("source", "must say where the constants come from (a paper, or a fit to your own cells)");
  m.damaged_at = positive(t, "damaged_at");
}

void parse_power_law(const Table& t, DamageModelSpec& m) {
  if (t.find("preset")) {
    apply_power_preset(t, m);
    return;
  }
  if (!t.find("C") && !t.find("alpha") && !t.find("beta"))
    t.fail("preset", "a power-law model needs preset = \"giersiepen-rbc\" (fitted to red blood cells) or the "
                     "constants C, alpha, beta with source and damaged_at");
  parse_power_constants(t, m);
}

void parse_threshold(const Table& t, DamageModelSpec& m, Dimension d) {
  m.threshold = need_quantity(t, "threshold", d, "a threshold");
  m.damaged_at = need_quantity(t, "damaged_after", Dimension::Time);
}

DamageModelSpec parse_model(const Table& t, int line) {
  DamageModelSpec m;
  m.line = line;
  m.kind = need_pick(t, "type", damage_kinds());
  // Before any value: a misspelt key explains a "missing" one.
  t.allow_only(keys_for(m.kind));
  m.name = parse_name(t, t.need<std::string>("type"));
  switch (m.kind) {
    case DamageKind::KolmogorovEddy:
      parse_kolmogorov_eddy(t, m);
      break;
    case DamageKind::PowerLaw:
      parse_power_law(t, m);
      break;
    case DamageKind::ShearThreshold:
      parse_threshold(t, m, Dimension::Stress);
      break;
    case DamageKind::DissipationThreshold:
      parse_threshold(t, m, Dimension::SpecificPower);
      break;
  }
  return m;
}

std::string type_list() {
  Names names;
  for (const auto& k : damage_kinds()) names.push_back(k.first);
  return join(names);
}

const toml::array& model_list(const Table& t) {
  const toml::node* n = t.find("model");
  const toml::array* list = n ? n->as_array() : nullptr;
  if (!n || (list && list->empty()))
    t.fail("model", "[damage] lists no model; add a [[damage.model]] table with a type (" + type_list() + ")");
  if (!list || !list->is_array_of_tables()) t.fail("model", "write each damage model as a [[damage.model]] table");
  if (list->size() > std::size_t(kMaxDamageModelsPerCase))
    t.fail_at(*list->get(std::size_t(kMaxDamageModelsPerCase)), "model",
              "a case can carry at most " + std::to_string(kMaxDamageModelsPerCase) +
                  " damage models (each costs an accumulator per bead and an exposure field per cell); " +
                  std::to_string(list->size()) + " are given");
  return *list;
}

void check_unique_name(const Table& t, const std::vector<DamageModelSpec>& models) {
  const DamageModelSpec& m = models.back();
  for (std::size_t i = 0; i + 1 < models.size(); ++i)
    if (models[i].name == m.name)
      t.fail("name", "damage.model[" + std::to_string(i + 1) + "] is named '" + m.name +
                         "' already; give each model its own name" +
                         (t.find("name") ? "" : " (a model without one is named after its type)"));
}

}  // namespace

void parse_damage(const Table& t, CaseModel& c) {
  if (!c.microcarriers)
    fail_table(t, c, "damage",
               "damage models act on microcarriers, and this case has no [microcarriers]; add the beads or "
               "remove [damage]");
  t.allow_only({"model"});
  const toml::array& list = model_list(t);
  DamageSpec damage;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const toml::table& raw = *list.get(k)->as_table();
    const Table m(c.source, raw, "damage.model[" + std::to_string(k + 1) + "]");
    damage.models.push_back(parse_model(m, line_of(raw)));
    check_unique_name(m, damage.models);
  }
  c.damage = std::move(damage);
}

}  // namespace stirlb
