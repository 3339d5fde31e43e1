#include "solver/case_parser.h"
#include "solver/case_table.h"
#include "solver/microcarrier_parser.h"
#include "solver/scale_up_parser.h"
#include "solver/blend_parser.h"
#include "solver/shear_damage_parser.h"
#include "solver/tank_parser.h"

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

using namespace case_detail;

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

// Tanks may give the run length in revolutions of the impeller.
void parse_run(const Table& t, RunControl& run, const std::optional<TankSpec>& tank) {
  if (!tank) {
    t.allow_only({"end_time", "steps", "output_interval"});
  } else {
    t.allow_only({"end_time", "steps", "revolutions", "output_interval", "averaging_revolutions"});
  }
  if (tank && t.find("revolutions")) {
    if (t.find("end_time") || t.find("steps"))
      t.fail("revolutions", "give only one of run.end_time, run.steps and run.revolutions");
    run.end_time = positive(t, "revolutions") / tank->speed_rps();
  } else if (exactly_one(t, "end_time", "steps")) {
    run.end_time = positive(t, "end_time");
  } else {
    run.steps = t.need<std::int64_t>("steps");
    if (*run.steps <= 0) t.fail("steps", "must be positive, got " + std::to_string(*run.steps));
  }
  if (tank) {
    run.averaging_revolutions = t.get<double>("averaging_revolutions").value_or(0.0);
    require_in(t, "averaging_revolutions", run.averaging_revolutions, run.averaging_revolutions >= 0,
               "[0, inf) (0: no averaging)");
    if (run.end_time && run.averaging_revolutions > *run.end_time * tank->speed_rps())
      t.fail("averaging_revolutions", "averages over " + num(run.averaging_revolutions) +
                                          " revolutions, more than the run's " +
                                          num(*run.end_time * tank->speed_rps()));
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
  const bool tank = root.find("vessel") != nullptr;
  if (tank)
    root.allow_only({"case", "vessel", "shaft", "impeller", "immersed_boundary", "fluid", "numerics", "run",
                     "output", "microcarriers", "hotspots", "damage", "blend", "scale_up"});
  else
    root.allow_only({"case", "domain", "boundaries", "fluid", "flow", "initial", "numerics", "run", "output",
                     "microcarriers", "hotspots", "damage", "blend"});
  CaseModel c;
  c.source = source;
  const Table meta = root.need<Table>("case");
  meta.allow_only({"name", "description"});
  c.name = meta.need<std::string>("name");
  if (c.name.empty()) meta.fail("name", "must not be empty");
  c.description = meta.get<std::string>("description").value_or("");
  if (tank) {
    parse_fluid(root.need<Table>("fluid"), c.fluid);
    parse_tank(root, c);
  } else {
    parse_domain(root.need<Table>("domain"), c.domain);
    parse_boundaries(root.need<Table>("boundaries"), c.domain);
    parse_fluid(root.need<Table>("fluid"), c.fluid);
    parse_flow(root.need<Table>("flow"), c.flow);
    if (auto t = root.get<Table>("initial")) parse_initial(*t, c.initial);
  }
  // After the fluid and the vessel or box: the loading check needs their volume and density.
  if (auto t = root.get<Table>("microcarriers")) parse_microcarriers(*t, c);
  // After the beads: the Kolmogorov thresholds are multiples of their diameter.
  if (auto t = root.get<Table>("hotspots")) parse_hotspots(*t, c);
  if (auto t = root.get<Table>("damage")) parse_damage(*t, c);
  if (auto t = root.get<Table>("scale_up")) parse_scale_up(*t, c);  // tanks only: `stirlb scale`
  if (auto t = root.get<Table>("blend")) parse_blend(*t, c);
  parse_numerics(root.need<Table>("numerics"), c.numerics);
  parse_run(root.need<Table>("run"), c.run, c.tank);
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
