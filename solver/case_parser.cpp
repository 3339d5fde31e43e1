#include "solver/case_parser.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <type_traits>
#include <utility>

namespace stirlb {

namespace {

std::string format_what(const std::string& file, int line, const std::string& key,
                        const std::string& reason) {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  s += ": ";
  if (!key.empty()) s += "key '" + key + "': ";
  return s + reason;
}

}  // namespace

CaseError::CaseError(std::string file, int line, std::string key, std::string reason)
    : std::runtime_error(format_what(file, line, key, reason)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      reason_(std::move(reason)) {}

namespace {

using Vec3 = std::array<double, 3>;
using Names = std::vector<std::string_view>;

std::string join(const Names& names) {
  std::string s;
  for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// Shortest readable form: 1e-07 rather than std::to_string's 0.000000.
std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

const char* type_name(const toml::node& n) {
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

std::size_t edit_distance(std::string_view a, std::string_view b) {
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
std::string did_you_mean(std::string_view given, const Names& allowed) {
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
double positive(const Table& t, std::string_view name) {
  const double v = t.need<double>(name);
  if (v <= 0) t.fail(name, "must be positive, got " + num(v));
  return v;
}

void require_in(const Table& t, std::string_view name, double v, bool ok,
                const std::string& range) {
  if (!ok) t.fail(name, "must be in " + range + ", got " + num(v));
}

// For mutually exclusive alternatives; true when `a` is the one given.
bool exactly_one(const Table& t, std::string_view a, std::string_view b) {
  const bool has_a = t.find(a) != nullptr, has_b = t.find(b) != nullptr;
  const std::string both = t.key(a) + " and " + t.key(b);
  if (has_a && has_b) t.fail(b, "give only one of " + both);
  if (!has_a && !has_b) t.fail(a, "one of " + both + " is required; neither is given");
  return has_a;
}

void parse_domain(const Table& d, BoxDomain& domain) {
  d.allow_only({"type", "size"});
  const static Options<int> types = {{"box", 0}};
  need_pick(d, "type", types);
  domain.size = d.need<Vec3>("size");
  for (double s : domain.size)
    if (s <= 0) d.fail("size", "every extent must be positive, got " + num(s));
}

FaceBoundary parse_face(const Table& b, Face face) {
  const static Options<FaceType> types = {{"wall", FaceType::Wall},
                                          {"free_slip", FaceType::FreeSlip},
                                          {"periodic", FaceType::Periodic},
                                          {"moving_wall", FaceType::MovingWall}};
  const std::string name = face_name(face);
  const toml::node& n = *b.find(name);
  FaceBoundary fb;
  std::optional<Table> form;
  if (n.is_table()) {
    form = b.need<Table>(name);
    fb.type = need_pick(*form, "type", types);
    form->allow_only(fb.type == FaceType::MovingWall ? Names{"type", "velocity"} : Names{"type"});
  } else if (n.is_string()) {
    fb.type = *pick(b, name, types);
  } else {
    b.fail(name, std::string("expected a string or a table, got ") + type_name(n));
  }
  if (fb.type != FaceType::MovingWall) return fb;
  if (!form || !form->find("velocity"))
    b.fail(name,
           "a moving_wall needs a velocity in m/s: write { type = \"moving_wall\", "
           "velocity = [u, v, w] }");
  fb.velocity = form->need<Vec3>("velocity");
  const int axis = face / 2;
  if (fb.velocity[axis] != 0.0)
    form->fail("velocity", "a moving wall slides in its own plane; the " +
                               std::string(1, "xyz"[axis]) + " component is normal to " + name +
                               " and must be 0, got " + num(fb.velocity[axis]));
  return fb;
}

void parse_boundaries(const Table& b, BoxDomain& domain) {
  Names faces;
  for (int f = 0; f < kFaceCount; ++f) faces.push_back(face_name(Face(f)));
  b.allow_only(faces);
  for (int f = 0; f < kFaceCount; ++f) {
    if (!b.find(faces[f]))
      b.fail(faces[f], "required key is missing from [boundaries]; all six faces must be given");
    domain.faces[f] = parse_face(b, Face(f));
  }
  // A periodic face wraps onto its opposite, which therefore must wrap too.
  for (int axis = 0; axis < 3; ++axis) {
    const bool lo = domain.faces[2 * axis].type == FaceType::Periodic;
    const bool hi = domain.faces[2 * axis + 1].type == FaceType::Periodic;
    if (lo != hi)
      b.fail(faces[lo ? 2 * axis + 1 : 2 * axis],
             "periodic on " + std::string(faces[lo ? 2 * axis : 2 * axis + 1]) +
                 " only; make both faces of the axis periodic or neither");
  }
}

void parse_fluid(const Table& f, FluidProperties& fluid) {
  f.allow_only({"density", "dynamic_viscosity", "kinematic_viscosity"});
  fluid.density = positive(f, "density");
  if (exactly_one(f, "dynamic_viscosity", "kinematic_viscosity"))
    fluid.kinematic_viscosity = positive(f, "dynamic_viscosity") / fluid.density;
  else
    fluid.kinematic_viscosity = positive(f, "kinematic_viscosity");
}

void parse_flow(const Table& f, FlowScales& flow) {
  f.allow_only({"reference_length", "reference_velocity", "body_acceleration"});
  flow.reference_length = positive(f, "reference_length");
  flow.reference_velocity = positive(f, "reference_velocity");
  if (auto a = f.get<Vec3>("body_acceleration")) flow.body_acceleration = *a;
}

void parse_initial(const Table& t, InitialState& init) {
  const static Options<InitialKind> kinds = {{"rest", InitialKind::Rest},
                                             {"uniform", InitialKind::Uniform},
                                             {"taylor-green", InitialKind::TaylorGreen}};
  init.kind = need_pick(t, "type", kinds);
  switch (init.kind) {
    case InitialKind::Rest:
      t.allow_only({"type"});
      break;
    case InitialKind::Uniform:
      t.allow_only({"type", "velocity"});
      init.velocity = t.need<Vec3>("velocity");
      break;
    case InitialKind::TaylorGreen:
      t.allow_only({"type", "amplitude"});
      init.amplitude = positive(t, "amplitude");
      break;
  }
}

void parse_numerics(const Table& t, Numerics& num) {
  t.allow_only({"resolution", "lattice", "collision", "les", "smagorinsky_constant", "precision",
                "lattice_velocity"});
  const std::int64_t res = t.need<std::int64_t>("resolution");
  if (res <= 0 || res > std::numeric_limits<int>::max())
    t.fail("resolution", "must be a positive number of cells, got " + std::to_string(res));
  num.resolution = static_cast<int>(res);
  const static Options<Stencil> stencils = {{"D3Q19", Stencil::D3Q19}, {"D3Q27", Stencil::D3Q27}};
  const static Options<CollisionOperator> collisions = {
      {"bgk", CollisionOperator::BGK}, {"regularized", CollisionOperator::Regularized}};
  const static Options<Precision> precisions = {{"fp32", Precision::FP32},
                                                {"fp16", Precision::FP16}};
  num.stencil = pick(t, "lattice", stencils).value_or(num.stencil);
  num.collision = pick(t, "collision", collisions).value_or(num.collision);
  num.precision = pick(t, "precision", precisions).value_or(num.precision);
  num.les = t.get<bool>("les").value_or(num.les);
  num.smagorinsky_constant =
      t.get<double>("smagorinsky_constant").value_or(num.smagorinsky_constant);
  require_in(t, "smagorinsky_constant", num.smagorinsky_constant,
             num.smagorinsky_constant >= 0 && num.smagorinsky_constant <= 0.5, "[0, 0.5]");
  num.lattice_velocity = t.get<double>("lattice_velocity").value_or(num.lattice_velocity);
  require_in(t, "lattice_velocity", num.lattice_velocity,
             num.lattice_velocity > 0 && num.lattice_velocity <= 0.3, "(0, 0.3]");
}

void parse_run(const Table& t, RunControl& run) {
  t.allow_only({"end_time", "steps", "output_interval"});
  if (exactly_one(t, "end_time", "steps")) {
    run.end_time = positive(t, "end_time");
  } else {
    run.steps = t.need<std::int64_t>("steps");
    if (*run.steps <= 0) t.fail("steps", "must be positive, got " + std::to_string(*run.steps));
  }
  run.output_interval = t.get<double>("output_interval").value_or(0.0);
  require_in(t, "output_interval", run.output_interval, run.output_interval >= 0,
             "[0, inf) (0 writes the final state only)");
}

void parse_output(const Table& t, OutputSpec& out) {
  t.allow_only({"fields"});
  const auto& known = known_output_fields();
  auto fields = t.get<std::vector<std::string>>("fields");
  if (!fields) {
    out.fields = known;
    return;
  }
  if (fields->empty())
    t.fail("fields", "lists no field; name at least one, or leave fields out for all");
  const auto* array = t.find("fields")->as_array();
  for (std::size_t i = 0; i < fields->size(); ++i) {
    const std::string& f = (*fields)[i];
    if (std::find(known.begin(), known.end(), f) == known.end()) {
      const Names names(known.begin(), known.end());
      t.fail_at(
          *array->get(i), "fields",
          "unknown field '" + f + "'" + did_you_mean(f, names) + "; known fields: " + join(names));
    }
    if (std::find(fields->begin(), fields->begin() + static_cast<std::ptrdiff_t>(i), f) !=
        fields->begin() + static_cast<std::ptrdiff_t>(i))
      t.fail_at(*array->get(i), "fields", "field '" + f + "' is listed twice");
  }
  out.fields = std::move(*fields);
}

CaseModel build_model(const Table& root, const std::string& source) {
  root.allow_only(
      {"case", "domain", "boundaries", "fluid", "flow", "initial", "numerics", "run", "output"});
  CaseModel c;
  c.source = source;
  const Table meta = root.need<Table>("case");
  meta.allow_only({"name", "description"});
  c.name = meta.need<std::string>("name");
  if (c.name.empty()) meta.fail("name", "must not be empty");
  c.description = meta.get<std::string>("description").value_or("");
  parse_domain(root.need<Table>("domain"), c.domain);
  parse_boundaries(root.need<Table>("boundaries"), c.domain);
  parse_fluid(root.need<Table>("fluid"), c.fluid);
  parse_flow(root.need<Table>("flow"), c.flow);
  if (auto t = root.get<Table>("initial")) parse_initial(*t, c.initial);
  parse_numerics(root.need<Table>("numerics"), c.numerics);
  parse_run(root.need<Table>("run"), c.run);
  if (auto t = root.get<Table>("output"))
    parse_output(*t, c.output);
  else
    c.output.fields = known_output_fields();
  return c;
}

}  // namespace

CaseModel parse_case_string(std::string_view toml, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(source_name));
  } catch (const toml::parse_error& e) {
    throw CaseError(source_name, static_cast<int>(e.source().begin.line), "",
                    "malformed TOML: " + std::string(e.description()));
  }
  return build_model(Table(source_name, root, ""), source_name);
}

CaseModel parse_case_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw CaseError(name, 0, "", "case file does not exist");
  if (std::filesystem::is_directory(path, ec))
    throw CaseError(name, 0, "", "is a directory, not a case file");
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad())
    throw CaseError(name, 0, "", "case file cannot be read (check its permissions)");
  return parse_case_string(text, name);
}

}  // namespace stirlb
