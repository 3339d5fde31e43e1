#pragma once
// Physical quantities written with their unit, as in "18 Pa" or "5 min".
// Thresholds for cell damage span orders of magnitude and come from papers
// in mixed units (mPa, dyn/cm2, mW/kg); a bare number would leave the reader
// of a case file guessing which one was meant, so these keys take a string
// with a unit and the parser converts it to SI.
#include <optional>
#include <string>
#include <string_view>

#include "solver/case_table.h"

namespace stirlb {

enum class Dimension {
  Stress,         // Pa, mPa, kPa, dyn/cm2
  SpecificPower,  // W/kg, mW/kg, m2/s3
  Length,         // m, mm, um, µm
  Time,           // s, min, h
  Rate,           // 1/s, 1/min, 1/h
  Diffusivity,    // m2/s, cm2/s, mm2/s
};

// "a stress", "a specific power", ...: for messages.
std::string_view dimension_noun(Dimension d);
// The units a dimension accepts, comma-separated, SI unit first.
std::string accepted_units(Dimension d);
// A plausible value with an accepted unit, e.g. "0.5 Pa", for messages.
std::string_view example_quantity(Dimension d);

// The value of `text` in SI units. The number must be a complete decimal
// number; whitespace between it and the unit is optional; units are
// case-sensitive (mPa is not MPa). Throws std::invalid_argument whose what()
// says what is wrong and lists the accepted units. The sign is not checked.
double parse_quantity(std::string_view text, Dimension d);

namespace case_detail {

// A key written as a string with a unit, converted to SI and required to be
// positive. A bare number is refused with an example of the right form.
// `noun` names the key's role in messages ("a threshold"); empty: the
// dimension's noun.
std::optional<double> get_quantity(const Table& t, std::string_view name, Dimension d,
                                   std::string_view noun = {});
double need_quantity(const Table& t, std::string_view name, Dimension d, std::string_view noun = {});

}  // namespace case_detail

}  // namespace stirlb
