#include "solver/scale_case_toml.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <sstream>
#include <string_view>
#include <vector>

#include "solver/quantity.h"

namespace stirlb {

namespace {

// Keys that are lengths wherever they appear in these tables.
constexpr std::string_view kVesselLengths[] = {"diameter", "liquid_height"};
constexpr std::string_view kBaffleLengths[] = {"width", "gap", "thickness"};
constexpr std::string_view kImpellerLengths[] = {"diameter",      "clearance",      "blade_length",
                                                 "blade_height",  "blade_thickness", "blade_width",
                                                 "disk_diameter", "disk_thickness",  "hub_diameter"};

constexpr int kLengthDigits = 9;

std::optional<double> number_of(const toml::node* n) {
  if (!n) return std::nullopt;
  if (auto i = n->as_integer()) return double(i->get());
  if (auto f = n->as_floating_point()) return f->get();
  return std::nullopt;
}

void scale_number(toml::table& t, std::string_view key, double factor) {
  if (auto v = number_of(t.get(key)))
    t.insert_or_assign(std::string(key), round_significant(*v * factor, kLengthDigits));
}

void scale_vec3(toml::table& t, std::string_view key, double factor) {
  toml::array* a = t.get_as<toml::array>(key);
  if (!a) return;
  toml::array scaled;
  for (const toml::node& e : *a) {
    const auto v = number_of(&e);
    if (!v) return;  // not what the parser accepted: leave it for the parser to refuse
    scaled.push_back(round_significant(*v * factor, kLengthDigits));
  }
  t.insert_or_assign(std::string(key), std::move(scaled));
}

// "5 mm" times 2 is "10 mm": the number changes, the unit as written stays.
void scale_quantity(toml::table& t, std::string_view key, double factor, Dimension d) {
  const toml::value<std::string>* s = t.get_as<std::string>(key);
  if (!s) return;
  const std::string& text = s->get();
  try {
    parse_quantity(text, d);  // only what the parser accepts is rewritten
  } catch (const std::invalid_argument&) {
    return;
  }
  const std::size_t start = text.find_first_not_of(" \t");
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data() + start, text.data() + text.size(), v);
  if (ec != std::errc()) return;
  std::ostringstream os;
  os.precision(kLengthDigits);
  os << round_significant(v * factor, kLengthDigits)
     << std::string_view(end, std::size_t(text.data() + text.size() - end));
  t.insert_or_assign(std::string(key), os.str());
}

void scale_impeller(toml::table& imp, const CaseScaling& s) {
  const toml::value<std::string>* type = imp.get_as<std::string>("type");
  if (type && type->get() == "stl") {
    const double scale = number_of(imp.get("scale")).value_or(1.0);
    imp.insert_or_assign("scale", round_significant(scale * s.linear_factor, kLengthDigits));
    if (const toml::value<std::string>* file = imp.get_as<std::string>("file")) {
      const std::filesystem::path p(file->get());
      const std::filesystem::path resolved =
          std::filesystem::absolute(p.is_absolute() ? p : s.source_dir / p).lexically_normal();
      // Relative where the two folders share more than the root (the case
      // and its mesh move together), else absolute.
      const std::filesystem::path out = std::filesystem::absolute(s.output_dir).lexically_normal();
      std::error_code ec;
      const std::filesystem::path rel = std::filesystem::relative(resolved, out, ec);
      const bool shared = std::distance(resolved.begin(), resolved.end()) > 1 &&
                          std::distance(out.begin(), out.end()) > 1 &&
                          *std::next(resolved.begin()) == *std::next(out.begin());
      imp.insert_or_assign("file", (ec || rel.empty() || !shared ? resolved : rel).generic_string());
    }
  }
  for (std::string_view k : kImpellerLengths) scale_number(imp, k, s.linear_factor);
}

// The shortest spelling that reads back to the same double, as a TOML float
// ("2" becomes "2.0").
std::string shortest_float(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // n: inf and nan stay as they are
  return s;
}

bool is_float_char(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

// toml++ as packaged writes floats with 17 digits (0.1 as
// 0.10000000000000001); the case should read as a person would write it.
// Values only: the text after " = " and array elements on lines of their
// own, and never inside a string (a line holding a quote is left alone).
std::string tidy_floats(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  for (std::string line; std::getline(in, line);) {
    std::size_t from = std::string::npos;
    const std::size_t eq = line.find(" = ");
    if (eq != std::string::npos && line.front() != '[')
      from = eq + 3;
    else if (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
      from = 0;
    if (from == std::string::npos || line.find_first_of("'\"", from) != std::string::npos) {
      out << line << "\n";
      continue;
    }
    std::string tidy = line.substr(0, from);
    for (std::size_t i = from; i < line.size();) {
      const bool starts = std::isdigit(static_cast<unsigned char>(line[i])) ||
                          ((line[i] == '-' || line[i] == '+') && i + 1 < line.size() &&
                           std::isdigit(static_cast<unsigned char>(line[i + 1])));
      if (!starts) {
        tidy += line[i++];
        continue;
      }
      std::size_t j = i;
      while (j < line.size() && is_float_char(line[j])) ++j;
      const std::string token = line.substr(i, j - i);
      double v = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
      const bool is_float = token.find_first_of(".eE") != std::string::npos;
      tidy += (ec == std::errc() && end == token.data() + token.size() && is_float) ? shortest_float(v) : token;
      i = j;
    }
    out << tidy << "\n";
  }
  return out.str();
}

}  // namespace

double round_significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
  return std::strtod(buf, nullptr);
}

void scale_case_table(toml::table& root, const CaseScaling& s) {
  const double f = s.linear_factor;
  if (toml::table* c = root.get_as<toml::table>("case")) {
    if (const auto* name = c->get_as<std::string>("name")) c->insert_or_assign("name", name->get() + s.name_suffix);
    const auto* d = c->get_as<std::string>("description");
    const std::string before = d ? d->get() : std::string();
    c->insert_or_assign("description", before.empty() ? s.description_note : before + " " + s.description_note);
  }
  if (toml::table* v = root.get_as<toml::table>("vessel")) {
    for (std::string_view k : kVesselLengths) scale_number(*v, k, f);
    if (toml::table* b = v->get_as<toml::table>("baffles"))
      for (std::string_view k : kBaffleLengths) scale_number(*b, k, f);
  }
  if (toml::table* sh = root.get_as<toml::table>("shaft")) {
    scale_number(*sh, "diameter", f);
    sh->insert_or_assign("speed_rpm", s.speed_rpm);
  }
  if (toml::array* imps = root.get_as<toml::array>("impeller"))
    for (toml::node& n : *imps)
      if (toml::table* imp = n.as_table()) scale_impeller(*imp, s);
  if (toml::table* run = root.get_as<toml::table>("run")) {
    // Revolutions and steps already keep the number of revolutions: the
    // steps per revolution, pi resolution / lattice_velocity, do not change.
    scale_number(*run, "end_time", s.time_factor);
    scale_number(*run, "output_interval", s.time_factor);
  }
  if (toml::table* m = root.get_as<toml::table>("microcarriers")) scale_number(*m, "release_time", s.time_factor);
  if (toml::table* b = root.get_as<toml::table>("blend")) {
    scale_vec3(*b, "injection_point", f);
    scale_quantity(*b, "injection_radius", f, Dimension::Length);
    scale_quantity(*b, "injection_time", s.time_factor, Dimension::Time);
    scale_quantity(*b, "sample_interval", s.time_factor, Dimension::Time);
    if (toml::array* probes = b->get_as<toml::array>("probe"))
      for (toml::node& n : *probes)
        if (toml::table* p = n.as_table()) scale_vec3(*p, "position", f);
  }
  root.erase("scale_up");
}

std::string case_toml_text(const toml::table& root, const std::string& header) {
  std::ostringstream os;
  std::istringstream lines(header);
  for (std::string line; std::getline(lines, line);) os << (line.empty() ? "#" : "# " + line) << "\n";
  static constexpr std::string_view kOrder[] = {"case",          "fluid",    "vessel", "shaft",     "impeller",
                                                "immersed_boundary", "microcarriers", "hotspots", "damage",
                                                "blend",         "numerics", "run",    "output",    "scale_up"};
  std::vector<std::string> keys;
  for (std::string_view k : kOrder)
    if (root.contains(k)) keys.emplace_back(k);
  for (auto&& [k, v] : root) {
    (void)v;
    bool listed = false;
    for (std::string_view o : kOrder) listed = listed || k.str() == o;
    if (!listed) keys.emplace_back(k.str());
  }
  const auto flags = toml::toml_formatter::default_flags & ~toml::format_flags::indent_sub_tables;
  for (const std::string& k : keys) {
    toml::table one;
    one.insert(k, *root.get(k));
    std::ostringstream table;
    table << toml::toml_formatter(one, flags);
    os << "\n" << tidy_floats(table.str());
  }
  return os.str();
}

}  // namespace stirlb
