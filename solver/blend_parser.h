#pragma once
// The [blend] table of a case file and its [[blend.probe]] entries (see
// solver/blend_model.h). Times, lengths and diffusivities carry their unit
// ("2 s", "5 mm", "1e-9 m2/s"); points are arrays of three numbers in m.
#include "solver/case_model.h"
#include "solver/case_table.h"

namespace stirlb {

// Fills c.blend. Needs the vessel or box parsed: the points must lie in it.
void parse_blend(const case_detail::Table& t, CaseModel& c);

// The probes a tank gets when [blend] lists none: three at 0.35 T from the
// axis, midway between two baffles, at 10, 50 and 90 % of the liquid height
// (bottom, middle and top of the circulation loops).
std::vector<BlendProbe> default_tank_probes(const CaseModel& c);

}  // namespace stirlb
