#include "solver/quantity.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace stirlb {

namespace {

// value_SI = value * mul / div: dividing by 1000 rather than multiplying by
// 1e-3 keeps "250 mPa" at exactly 0.25.
struct Unit {
  std::string_view symbol;
  Dimension dimension;
  double mul = 1, div = 1;
  bool listed = true;  // false for spellings messages need not repeat
};

// The micro sign (U+00B5) is what keyboards give; the Greek mu (U+03BC) is
// what many papers contain. Both read as micro.
constexpr Unit kUnits[] = {
    {"Pa", Dimension::Stress},
    {"mPa", Dimension::Stress, 1, 1000},
    {"kPa", Dimension::Stress, 1000, 1},
    {"dyn/cm2", Dimension::Stress, 1, 10},
    {"W/kg", Dimension::SpecificPower},
    {"mW/kg", Dimension::SpecificPower, 1, 1000},
    {"m2/s3", Dimension::SpecificPower},
    {"m", Dimension::Length},
    {"mm", Dimension::Length, 1, 1e3},
    {"um", Dimension::Length, 1, 1e6},
    {"\u00b5m", Dimension::Length, 1, 1e6},
    {"\u03bcm", Dimension::Length, 1, 1e6, false},
    {"s", Dimension::Time},
    {"ms", Dimension::Time, 1, 1000},
    {"min", Dimension::Time, 60, 1},
    {"h", Dimension::Time, 3600, 1},
    {"1/s", Dimension::Rate},
    {"1/min", Dimension::Rate, 1, 60},
    {"1/h", Dimension::Rate, 1, 3600},
    {"m2/s", Dimension::Diffusivity},
    {"cm2/s", Dimension::Diffusivity, 1, 1e4},
    {"mm2/s", Dimension::Diffusivity, 1, 1e6},
};

const Unit* find_unit(std::string_view symbol) {
  for (const Unit& u : kUnits)
    if (u.symbol == symbol) return &u;
  return nullptr;
}

// Built by appending: GCC 12 warns (-Wrestrict) on "literal" + std::string(...).
std::string in_quotes(std::string_view s, char mark) {
  std::string out(1, mark);
  out += s;
  out += mark;
  return out;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char ch) { return ch == ' ' || ch == '\t'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// What follows the number but cannot start a unit: the number itself went on
// ("1.5.2 Pa", "1 2 Pa", "1,5 Pa").
bool continues_number(std::string_view rest) {
  return rest.find_first_of(" \t") != std::string_view::npos ||
         std::string_view("0123456789.,+-").find(rest.front()) != std::string_view::npos;
}

[[noreturn]] void refuse(std::string_view text, Dimension d, const std::string& why) {
  throw std::invalid_argument("cannot read " + in_quotes(text, '"') + " as " + std::string(dimension_noun(d)) +
                              ": " + why + "; accepted units: " + accepted_units(d) + " (for example " +
                              in_quotes(example_quantity(d), '"') + ")");
}

}  // namespace

std::string_view dimension_noun(Dimension d) {
  switch (d) {
    case Dimension::Stress:
      return "a stress";
    case Dimension::SpecificPower:
      return "a specific power";
    case Dimension::Length:
      return "a length";
    case Dimension::Time:
      return "a time";
    case Dimension::Rate:
      return "a rate";
    case Dimension::Diffusivity:
      return "a diffusivity";
  }
  return "a quantity";
}

std::string_view example_quantity(Dimension d) {
  switch (d) {
    case Dimension::Stress:
      return "0.5 Pa";
    case Dimension::SpecificPower:
      return "0.1 W/kg";
    case Dimension::Length:
      return "180 um";
    case Dimension::Time:
      return "300 s";
    case Dimension::Rate:
      return "0.01 1/s";
    case Dimension::Diffusivity:
      return "1e-9 m2/s";
  }
  return "";
}

std::string accepted_units(Dimension d) {
  std::string s;
  for (const Unit& u : kUnits)
    if (u.dimension == d && u.listed) s += (s.empty() ? "" : ", ") + std::string(u.symbol);
  return s;
}

double parse_quantity(std::string_view text, Dimension d) {
  const std::string_view s = trim(text);
  if (s.empty()) refuse(text, d, "it is empty");
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (ec == std::errc::invalid_argument) refuse(text, d, "it does not start with a number");
  if (ec == std::errc::result_out_of_range) refuse(text, d, "the number is out of range");
  const std::string_view rest = s.substr(static_cast<std::size_t>(end - s.data()));
  // from_chars takes "0.011/s" as 0.011 and "/s": the reader could mean either.
  if (!rest.empty() && rest.front() == '/')
    refuse(text, d, "write a space before a unit such as 1/s, as in \"0.01 1/s\"");
  const std::string_view symbol = trim(rest);
  if (symbol.empty()) refuse(text, d, "it has no unit");
  const Unit* u = find_unit(symbol);
  if (!u && continues_number(symbol)) refuse(text, d, "the number is malformed");
  if (!u) refuse(text, d, "unknown unit " + in_quotes(symbol, '\''));
  if (u->dimension != d)
    refuse(text, d, in_quotes(symbol, '\'') + " is a unit of " + std::string(dimension_noun(u->dimension)));
  const double si = v * u->mul / u->div;
  if (!std::isfinite(si)) refuse(text, d, "the number must be finite");
  return si;
}

namespace case_detail {

std::optional<double> get_quantity(const Table& t, std::string_view name, Dimension d, std::string_view noun) {
  const toml::node* n = t.find(name);
  if (!n) return std::nullopt;
  const std::string role(noun.empty() ? dimension_noun(d) : noun);
  const std::string example = in_quotes(example_quantity(d), '"');
  if (n->is_integer() || n->is_floating_point()) {
    const double bare = n->is_integer() ? double(n->as_integer()->get()) : n->as_floating_point()->get();
    t.fail(name, role + " needs a unit, write it as " + example + " (a quoted string; units: " +
                     accepted_units(d) + "), not the bare number " + num(bare));
  }
  if (!n->is_string()) t.fail(name, "expected a string with a unit such as " + example + ", got " + type_name(*n));
  const std::string& text = n->as_string()->get();
  double v = 0;
  try {
    v = parse_quantity(text, d);
  } catch (const std::invalid_argument& e) {
    t.fail(name, e.what());
  }
  if (!(v > 0)) t.fail(name, "must be positive, got " + in_quotes(text, '"'));
  return v;
}

double need_quantity(const Table& t, std::string_view name, Dimension d, std::string_view noun) {
  if (!t.find(name))
    t.fail(name, "required key is missing from " + t.header() + ": give " +
                     std::string(noun.empty() ? dimension_noun(d) : noun) + " with a unit, such as " +
                     in_quotes(example_quantity(d), '"'));
  return *get_quantity(t, name, d, noun);
}

}  // namespace case_detail

}  // namespace stirlb
