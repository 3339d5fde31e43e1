#include "solver/units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include "solver/case_parser.h"

namespace stirlb {

namespace {

// Stability and accuracy limits, named for the messages that cite them.
constexpr double kMachError = 0.3, kMachWarn = 0.2;
constexpr double kTauErrorNoLes = 0.503, kTauWarnNoLes = 0.51;
constexpr double kTauErrorLes = 0.5 + 1e-6, kTauWarnHigh = 2.0;
constexpr double kGridTolerance = 1e-3;  // relative mismatch allowed between size/dx and an integer
constexpr double kMaxBodyForce = 1e-2;
constexpr double kMaxSteps = 1e15;  // far beyond any run, well inside int64
const double kSqrt3 = std::sqrt(3.0);

std::string num(double v, int digits = 4) {
  std::ostringstream os;
  os.precision(digits);
  os << v;
  return os.str();
}

double norm(const std::array<double, 3>& v) {
  return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

// Cells across `size` at dx, if within `tolerance` (relative) of a whole number.
bool whole_cells(double size, double dx, double* cells, double tolerance = kGridTolerance) {
  const double n = size / dx, whole = std::round(n);
  if (cells) *cells = whole;
  return whole >= 1 && std::abs(n - whole) <= tolerance * whole;
}

// A periodic axis may be a single cell thick (a 2D flow); a closed one needs
// two fluid cells between its walls.
int min_cells(const CaseModel& c, int axis) {
  return c.domain.faces[2 * axis].type == FaceType::Periodic ? 1 : 2;
}

// Suggestions fit exactly, up to round-off, so that the box keeps the size the user gave.
bool resolution_fits(const CaseModel& c, int resolution) {
  const double dx = c.flow.reference_length / resolution;
  double cells = 0;
  for (int a = 0; a < 3; ++a)
    if (!whole_cells(c.domain.size[a], dx, &cells, 1e-9) || cells < min_cells(c, a)) return false;
  return true;
}

// The resolution nearest to the requested one that puts whole cells across
// every axis, or 0 if none is near enough to be worth suggesting.
int nearest_fitting_resolution(const CaseModel& c) {
  const int n = c.numerics.resolution;
  const int reach = std::min(3 * std::min(n, 1 << 20), 10000);
  for (int d = 1; d <= reach; ++d) {
    if (n <= std::numeric_limits<int>::max() - d && resolution_fits(c, n + d)) return n + d;
    if (n - d >= 1 && resolution_fits(c, n - d)) return n - d;
  }
  return 0;
}

class Checker {
 public:
  explicit Checker(const CaseModel& c) : c_(c) {}
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const {
    throw CaseError(c_.source, 0, key, reason);
  }
  void require(bool ok, const std::string& key, const std::string& reason) const {
    if (!ok) fail(key, reason);
  }

 private:
  const CaseModel& c_;
};

// derive_lattice_units also serves models built in code, which the parser
// has not range-checked; division by zero must not slip through.
void check_inputs(const CaseModel& c, const Checker& check) {
  check.require(c.numerics.resolution > 0, "numerics.resolution", "must be positive");
  check.require(c.numerics.lattice_velocity > 0, "numerics.lattice_velocity", "must be positive");
  check.require(c.flow.reference_length > 0, "flow.reference_length", "must be positive");
  check.require(c.flow.reference_velocity > 0, "flow.reference_velocity", "must be positive");
  check.require(c.fluid.kinematic_viscosity > 0, "fluid.kinematic_viscosity", "must be positive");
  check.require(c.fluid.density > 0, "fluid.density", "must be positive");
}

void check_grid(const CaseModel& c, const Checker& check, LatticeUnits& u) {
  for (int a = 0; a < 3; ++a) {
    const double size = c.domain.size[a], n = size / u.dx;
    const std::string axis = std::string(1, "xyz"[a]);
    const int least = min_cells(c, a);
    if (!(n >= least * (1 - kGridTolerance))) {
      // The tolerance keeps an exact fit from rounding up past it.
      const int needed = int(std::ceil(least * c.flow.reference_length / size - 1e-9));
      check.fail("domain.size", "the " + axis + " extent " + num(size) + " m is only " + num(n) +
                                    " cells of dx = " + num(u.dx) + " m; at least " + std::to_string(least) +
                                    " are needed: " +
                                    "raise numerics.resolution to " + std::to_string(needed) +
                                    " or more");
    }
    check.require(n < double(std::numeric_limits<int>::max()), "domain.size",
                  "the " + axis + " extent is " + num(n) + " cells, more than any run can hold");
    double cells = 0;
    if (!whole_cells(size, u.dx, &cells)) {
      const int better = nearest_fitting_resolution(c);
      check.fail("domain.size", "the " + axis + " extent " + num(size, 8) + " m is " + num(n, 8) +
                                    " cells of dx = " + num(u.dx, 8) + " m, not a whole number; " +
                                    (better ? "numerics.resolution = " + std::to_string(better) +
                                                  " fits every axis, or "
                                            : std::string()) +
                                    "make each extent a whole multiple of flow.reference_length / "
                                    "numerics.resolution");
    }
    u.fluid_cells[a] = int(cells);
  }
}

// The fastest speed the case prescribes anywhere, and what sets it.
std::pair<double, std::string> fastest_speed(const CaseModel& c) {
  std::pair<double, std::string> best{c.flow.reference_velocity, "flow.reference_velocity"};
  auto consider = [&](double speed, std::string what) {
    if (speed > best.first) best = {speed, std::move(what)};
  };
  for (int f = 0; f < kFaceCount; ++f)
    if (c.domain.faces[f].type == FaceType::MovingWall)
      consider(norm(c.domain.faces[f].velocity),
               "the moving wall boundaries." + std::string(face_name(Face(f))));
  if (c.initial.kind == InitialKind::Uniform)
    consider(norm(c.initial.velocity), "initial.velocity");
  if (c.initial.kind == InitialKind::TaylorGreen)
    consider(c.initial.amplitude, "initial.amplitude");
  return best;
}

void check_mach(const CaseModel& c, const Checker& check, LatticeUnits& u) {
  check.require(u.mach <= kMachError, "numerics.lattice_velocity",
                "Mach = " + num(u.mach) + " exceeds " + num(kMachError) +
                    ", where compressibility errors spoil the flow; lower "
                    "numerics.lattice_velocity to " +
                    num(kMachError / kSqrt3, 3) + " or less");
  if (u.mach > kMachWarn)
    u.warnings.push_back("Mach = " + num(u.mach) + " is above " + num(kMachWarn) +
                         "; compressibility errors are noticeable. Lower numerics.lattice_velocity "
                         "to " +
                         num(kMachWarn / kSqrt3, 3) + " or less for accurate results");

  // Walls and initial fields may outrun the reference velocity the lattice was scaled for.
  const auto [speed, what] = fastest_speed(c);
  const double mach = u.to_lattice_velocity(speed) * kSqrt3;
  if (speed <= c.flow.reference_velocity) return;
  check.require(mach <= kMachError, "flow.reference_velocity",
                what + " moves at " + num(speed) + " m/s, Mach " + num(mach) +
                    " on this lattice (limit " + num(kMachError) +
                    "); set flow.reference_velocity to the fastest speed in the case, " +
                    num(speed) + " m/s");
  if (mach > kMachWarn)
    u.warnings.push_back(what + " moves at " + num(speed) + " m/s, Mach " + num(mach) +
                         " on this lattice; consider flow.reference_velocity = " + num(speed));
}

void check_tau(const CaseModel& c, const Checker& check, LatticeUnits& u) {
  // A zero Smagorinsky constant adds no eddy viscosity, so it gives no margin either.
  const bool les = c.numerics.les && c.numerics.smagorinsky_constant > 0;
  const double tau_min = les ? kTauErrorLes : kTauErrorNoLes;
  // nu_lat = nu lattice_velocity N / (U L), so tau rises with the resolution N.
  // Strictly above the bound, so that the suggestion passes this very check.
  const double re = c.flow.reference_velocity * c.flow.reference_length / c.fluid.kinematic_viscosity;
  const double needed = std::floor((tau_min - 0.5) / 3 * re / c.numerics.lattice_velocity) + 1;
  const std::string raise = "; raise numerics.resolution (to " + num(needed, 10) +
                            " or more at this lattice_velocity) or numerics.lattice_velocity";
  if (les) {
    check.require(
        u.tau > kTauErrorLes, "numerics.resolution",
        "tau = " + num(u.tau, 8) + " leaves no molecular viscosity to relax with" + raise);
  } else {
    check.require(u.tau >= kTauErrorNoLes, "numerics.resolution",
                  "tau = " + num(u.tau, 6) + " is too close to 0.5 for a stable run without LES" +
                      raise + ", or enable numerics.les");
    if (u.tau < kTauWarnNoLes)
      u.warnings.push_back("tau = " + num(u.tau, 6) +
                           " is close to 0.5 and the run may go "
                           "unstable without LES; consider numerics.les = true or a finer "
                           "numerics.resolution");
  }
  if (u.tau > kTauWarnHigh)
    u.warnings.push_back("tau = " + num(u.tau) + " is above " + num(kTauWarnHigh) +
                         ": the wall location error grows with tau; lower "
                         "numerics.lattice_velocity or numerics.resolution");
}

void check_body_force(const Checker& check, const LatticeUnits& u) {
  const double f = norm(u.lattice_body_force);
  check.require(f <= kMaxBodyForce, "numerics.lattice_velocity",
                "flow.body_acceleration is " + num(f) + " in lattice units, above " +
                    num(kMaxBodyForce) +
                    " where the forcing scheme loses accuracy; lower "
                    "numerics.lattice_velocity (the force scales with its square) or raise "
                    "numerics.resolution");
}

void check_run_length(const CaseModel& c, const Checker& check, const LatticeUnits& u) {
  for (auto [t, key] : {std::pair{c.run.end_time.value_or(0), "run.end_time"},
                        std::pair{c.run.output_interval, "run.output_interval"}})
    check.require(u.to_lattice_time(t) < kMaxSteps, key,
                  num(t) + " s is " + num(u.to_lattice_time(t)) + " steps of dt = " + num(u.dt) +
                      " s, more than any run can take");
}

// A tank's lattice comes from its vessel; what can be checked here is that
// the impeller is resolved at all.
constexpr int kMinCellsPerImpeller = 8, kWarnCellsPerImpeller = 20;

void check_tank_grid(const CaseModel& c, const Checker& check, LatticeUnits& u) {
  const TankSpec& t = *c.tank;
  const int n = c.numerics.resolution;
  check.require(n >= kMinCellsPerImpeller, "numerics.resolution",
                std::to_string(n) + " cells across the impeller diameter cannot resolve its blades; " +
                    "use at least " + std::to_string(kMinCellsPerImpeller) + " (power numbers need 40 or more)");
  if (n < kWarnCellsPerImpeller)
    u.warnings.push_back(std::to_string(n) + " cells per impeller diameter is coarse: expect the power number "
                         "to be off by tens of percent; use 40 or more for numbers to report");
  if (t.shaft.diameter / u.dx < 2)
    u.warnings.push_back("the shaft is " + num(t.shaft.diameter / u.dx, 3) +
                         " cells across; it acts as a thin line of markers");
  const double across = std::ceil(t.vessel.diameter / u.dx);
  const double high = std::round(t.vessel.liquid_height / u.dx);
  check.require(across * across * high < 4e9, "numerics.resolution",
                "the vessel would need " + num(across * across * high, 3) + " cells, more than one run can hold");
  u.fluid_cells = {int(across), int(across), int(high)};
  u.reynolds = t.speed_rps() * c.flow.reference_length * c.flow.reference_length / c.fluid.kinematic_viscosity;
}

}  // namespace

std::int64_t LatticeUnits::steps_for(double t) const {
  return static_cast<std::int64_t>(std::ceil(t / dt - 1e-9));
}

LatticeUnits derive_lattice_units(const CaseModel& c) {
  const Checker check(c);
  check_inputs(c, check);
  LatticeUnits u;
  const double nu = c.fluid.kinematic_viscosity, rho = c.fluid.density;
  u.dx = c.flow.reference_length / c.numerics.resolution;
  u.dt = c.numerics.lattice_velocity * u.dx / c.flow.reference_velocity;
  u.lattice_viscosity = nu * u.dt / (u.dx * u.dx);
  u.tau = 3 * u.lattice_viscosity + 0.5;
  u.lattice_velocity = c.numerics.lattice_velocity;
  u.mach = u.lattice_velocity * kSqrt3;
  u.reynolds = c.flow.reference_velocity * c.flow.reference_length / nu;
  for (int a = 0; a < 3; ++a)
    u.lattice_body_force[a] = c.flow.body_acceleration[a] * u.dt * u.dt / u.dx;
  u.si.density = float(rho);
  u.si.velocity = float(u.dx / u.dt);
  u.si.rate = float(1 / u.dt);
  u.si.stress = float(rho * u.dx * u.dx / (u.dt * u.dt));
  u.si.specific_power = float(u.dx * u.dx / (u.dt * u.dt * u.dt));
  u.si.length = float(u.dx);
  u.si.viscosity = float(u.dx * u.dx / u.dt);

  if (c.tank)
    check_tank_grid(c, check, u);
  else
    check_grid(c, check, u);
  check_mach(c, check, u);
  check_tau(c, check, u);
  check_body_force(check, u);
  check_run_length(c, check, u);
  return u;
}

std::string unit_report(const CaseModel& c, const LatticeUnits& u) {
  std::ostringstream os;
  auto row = [&](const char* name, const std::string& value, const char* unit = "") {
    char line[128];
    std::snprintf(line, sizeof line, "  %-20s %-14s %s\n", name, value.c_str(), unit);
    os << line;
  };
  os << "Unit conversion for case '" << c.name << "'\n";
  row("dx", num(u.dx, 6), "m");
  row("dt", num(u.dt, 6), "s");
  row("tau", num(u.tau, 6));
  row("lattice viscosity", num(u.lattice_viscosity, 6));
  row("lattice velocity", num(u.lattice_velocity, 6));
  row("Mach", num(u.mach, 4));
  row(c.tank ? "Reynolds N D^2/nu" : "Reynolds", num(u.reynolds, 6));
  if (c.tank) {
    row("cells per impeller D", std::to_string(c.numerics.resolution));
    row("tip speed", num(c.flow.reference_velocity, 4), "m/s");
    row("steps per revolution", num(1.0 / (c.tank->speed_rps() * u.dt), 6));
  }
  const auto& n = u.fluid_cells;
  row("cells per axis",
      std::to_string(n[0]) + " x " + std::to_string(n[1]) + " x " + std::to_string(n[2]));
  row("total cells", std::to_string(std::int64_t(n[0]) * n[1] * n[2]));
  if (c.run.steps) row("steps", std::to_string(*c.run.steps));
  if (c.run.end_time) row("steps", std::to_string(u.steps_for(*c.run.end_time)));
  for (const auto& w : u.warnings) os << "  warning: " << w << "\n";
  return os.str();
}

}  // namespace stirlb
