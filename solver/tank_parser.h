#pragma once
// The stirred-tank part of a case file: [vessel], [vessel.baffles], [shaft],
// [[impeller]] and [immersed_boundary]. Checks that the parts fit together
// (impeller inside the vessel, clear of baffles, bottom and surface) and
// names the key that is wrong when they do not.
#include "solver/case_model.h"
#include "solver/case_table.h"

namespace stirlb {

// Fills c.tank and, from the largest impeller, c.flow (diameter, tip speed).
void parse_tank(const case_detail::Table& root, CaseModel& c);

}  // namespace stirlb
