#pragma once
// The [scale_up] table of a case file (written by `stirlb scale`): read,
// written back as TOML, and echoed into summary.json. One file owns the key
// names so that the three agree.
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "solver/case_model.h"
#include "solver/case_table.h"
#include "solver/scale_up_model.h"

namespace stirlb {

// Fills c.scale_up; unknown keys, wrong types, an unknown rule and
// non-positive factors are CaseErrors naming the key.
void parse_scale_up(const case_detail::Table& t, CaseModel& c);

// The table as `stirlb scale` writes it; parse_scale_up reads it back to
// the same values.
toml::table scale_up_toml(const ScaleUpProvenance& p);

// summary.json's "scale_up": source_case, rule, volume_factor,
// linear_factor, ... and "predicted" with the values present.
nlohmann::json scale_up_json(const ScaleUpProvenance& p);

}  // namespace stirlb
