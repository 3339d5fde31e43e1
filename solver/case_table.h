#pragma once
// Reading one table of a case file with errors that name the file, line, key
// and reason. Shared by the parsers of each part of a case; not for users of
// the solver.
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "solver/case_parser.h"

namespace stirlb::case_detail {

using Vec3 = std::array<double, 3>;
using Names = std::vector<std::string_view>;

inline std::string join(const Names& names) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// Shortest readable form: 1e-07 rather than std::to_string's 0.000000.
inline std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

inline int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

inline const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo is usually one or two keystrokes away from the intended name.
inline std::string did_you_mean(std::string_view given, const Names& allowed) {
  for (auto name : allowed)
    if (edit_distance(given, name) <= 2) return " (did you mean '" + std::string(name) + "'?)";
  return "";
}

// One table of the case file, known by its dotted path, so that every read
// can name the full key and the line when it fails.
class Table {
 public:
  Table(const std::string& file, const toml::table& t, std::string path)
      : file_(&file), t_(&t), path_(std::move(path)) {}

  std::string key(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  std::string header() const { return path_.empty() ? "the top level" : "[" + path_ + "]"; }
  // The root has no line of its own to point at.
  int line() const { return path_.empty() ? 0 : line_of(*t_); }
  const toml::node* find(std::string_view name) const { return t_->get(name); }

  // At the key's line when it is present, else at the table's.
  [[noreturn]] void fail(std::string_view name, const std::string& reason) const {
    const toml::node* n = find(name);
    throw CaseError(*file_, n ? line_of(*n) : line(), key(name), reason);
  }
  [[noreturn]] void fail_at(const toml::node& n, std::string_view name,
                            const std::string& reason) const {
    throw CaseError(*file_, line_of(n), key(name), reason);
  }

  void allow_only(const Names& allowed) const {
    const toml::key* first = nullptr;
    for (auto&& entry : *t_) {
      const toml::key& k = entry.first;
      const bool known = std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end();
      // The table is sorted by name; report the unknown key that comes first in the file.
      if (!known && (!first || k.source().begin.line < first->source().begin.line)) first = &k;
    }
    if (!first) return;
    const std::string where =
        path_.empty() ? "unknown table at the top level" : "unknown key in " + header();
    throw CaseError(*file_, static_cast<int>(first->source().begin.line), key(first->str()),
                    where + did_you_mean(first->str(), allowed) + "; allowed: " + join(allowed));
  }

  // Absent keys give nullopt; present ones must have the right type.
  template <class T>
  std::optional<T> get(std::string_view name) const {
    const toml::node* n = find(name);
    if (!n) return std::nullopt;
    return convert<T>(*n, name);
  }

  template <class T>
  T need(std::string_view name) const {
    if (!find(name)) {
      if (path_.empty()) fail(name, "required table [" + std::string(name) + "] is missing");
      fail(name, "required key is missing from " + header());
    }
    return *get<T>(name);
  }

 private:
  [[noreturn]] void wrong_type(const toml::node& n, std::string_view name,
                               const std::string& expected) const {
    fail_at(n, name, "expected " + expected + ", got " + type_name(n));
  }

  double number(const toml::node& n, std::string_view name, const std::string& what) const {
    double v = 0;
    if (auto i = n.as_integer())
      v = static_cast<double>(i->get());
    else if (auto f = n.as_floating_point())
      v = f->get();
    else
      wrong_type(n, name, what);
    if (!std::isfinite(v)) fail_at(n, name, "must be a finite number");
    return v;
  }

  template <class T>
  T convert(const toml::node& n, std::string_view name) const {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!n.is_string()) wrong_type(n, name, "a string");
      return n.as_string()->get();
    } else if constexpr (std::is_same_v<T, double>) {
      return number(n, name, "a number");
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      if (!n.is_integer()) wrong_type(n, name, "an integer");
      return n.as_integer()->get();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!n.is_boolean()) wrong_type(n, name, "a boolean (true or false)");
      return n.as_boolean()->get();
    } else if constexpr (std::is_same_v<T, Vec3>) {
      const toml::array* a = n.as_array();
      if (!a || a->size() != 3) {
        if (a) fail_at(n, name, "expected an array of 3 numbers, got " + std::to_string(a->size()));
        wrong_type(n, name, "an array of 3 numbers");
      }
      Vec3 v{};
      for (std::size_t i = 0; i < 3; ++i)
        v[i] =
            number(*a->get(i), name, "an array of 3 numbers (element " + std::to_string(i) + ")");
      return v;
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const toml::array* a = n.as_array();
      if (!a) wrong_type(n, name, "an array of strings");
      std::vector<std::string> out;
      for (const toml::node& e : *a) {
        if (!e.is_string()) wrong_type(e, name, "an array of strings");
        out.push_back(e.as_string()->get());
      }
      return out;
    } else {
      static_assert(std::is_same_v<T, Table>);
      if (!n.is_table()) wrong_type(n, name, "a table");
      return Table(*file_, *n.as_table(), key(name));
    }
  }

  const std::string* file_;
  const toml::table* t_;
  std::string path_;
};

template <class E>
using Options = std::vector<std::pair<std::string_view, E>>;

template <class E>
std::optional<E> pick(const Table& t, std::string_view name, const Options<E>& options) {
  auto given = t.get<std::string>(name);
  if (!given) return std::nullopt;
  for (const auto& [text, value] : options)
    if (*given == text) return value;
  Names allowed;
  for (const auto& o : options) allowed.push_back(o.first);
  t.fail(name, "unknown value '" + *given + "'" + did_you_mean(*given, allowed) +
                   "; allowed values: " + join(allowed));
}

template <class E>
E need_pick(const Table& t, std::string_view name, const Options<E>& options) {
  t.need<std::string>(name);
  return *pick(t, name, options);
}

// Ranges: the reason says what the value must be, the key says which one.
inline double positive(const Table& t, std::string_view name) {
  const double v = t.need<double>(name);
  if (v <= 0) t.fail(name, "must be positive, got " + num(v));
  return v;
}

inline void require_in(const Table& t, std::string_view name, double v, bool ok,
                const std::string& range) {
  if (!ok) t.fail(name, "must be in " + range + ", got " + num(v));
}

// For mutually exclusive alternatives; true when `a` is the one given.
inline bool exactly_one(const Table& t, std::string_view a, std::string_view b) {
  const bool has_a = t.find(a) != nullptr, has_b = t.find(b) != nullptr;
  const std::string both = t.key(a) + " and " + t.key(b);
  if (has_a && has_b) t.fail(b, "give only one of " + both);
  if (!has_a && !has_b) t.fail(a, "one of " + both + " is required; neither is given");
  return has_a;
}


}  // namespace stirlb::case_detail
