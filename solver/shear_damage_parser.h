#pragma once
// The [hotspots] and [damage] tables of a case file (see
// solver/shear_damage_model.h). Stresses, dissipation rates, lengths, times
// and rates are written with their unit ("18 Pa", "5 min"); see
// solver/quantity.h.
#include <string_view>
#include <vector>

#include "solver/case_model.h"
#include "solver/case_table.h"

namespace stirlb {

// A published set of power-law constants, D = C tau^beta t^alpha (tau in Pa,
// t in s), as [[damage.model]] preset names it.
struct PowerLawPreset {
  std::string_view name;    // as written in the case file
  std::string_view label;   // what the constants were fitted to, and by whom
  std::string_view source;  // the citation
  double C = 0, alpha = 0, beta = 0;
  double damaged_at = 0;    // default threshold, in the units of D
};

const std::vector<PowerLawPreset>& power_law_presets();

// Fills c.hotspots. Needs c.microcarriers parsed (its diameter sets the
// Kolmogorov threshold).
void parse_hotspots(const case_detail::Table& t, CaseModel& c);

// Fills c.damage from [damage] and its [[damage.model]] tables. Needs
// c.microcarriers parsed: the models act on beads.
void parse_damage(const case_detail::Table& t, CaseModel& c);

}  // namespace stirlb
