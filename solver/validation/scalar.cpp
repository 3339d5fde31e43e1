// The blend-time tracer (kernels/scalar_transport.h) against what it must do
// exactly or analytically:
//   scalar-diffusion: a pulse in a periodic box, at rest and carried by a
//     uniform flow, spreads as a Gaussian: each axis' variance grows by
//     2 D t, the centroid moves with the flow, and the profile approaches
//     the Gaussian of that variance;
//   scalar-conservation: in a closed, lid-driven box with LES a mixed tracer
//     stays mixed and keeps its total to the bit; a pulse stays within its
//     initial bounds and changes its total only by the lattice's
//     compressibility (the advective form, kernels/scalar_transport.h).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <limits>
#include <optional>
#include <sstream>

#include "cases.h"
#include "validation_support.h"

namespace stirlb {

namespace {

// Moments of the tracer over the whole lattice, in cells from cell 0.
struct PulseMoments {
  double total = 0, centroid[3] = {0, 0, 0}, variance[3] = {0, 0, 0}, max = 0, min = 0;
  double min_liquid = 0;  // the smallest non-zero value (walls hold 0)
};

std::vector<float> whole_concentration(Simulation& sim) {
  std::vector<float> whole;
  sim.blend_concentration(whole);
  return whole;
}

PulseMoments moments(Simulation& sim) {
  const std::vector<float> c = whole_concentration(sim);
  const std::array<int, 3> g = sim.decomposition().block().global;
  PulseMoments m;
  m.min = m.max = c.front();
  m.min_liquid = std::numeric_limits<double>::max();
  double first[3] = {0, 0, 0}, second[3] = {0, 0, 0};
  for (int z = 0; z < g[2]; ++z)
    for (int y = 0; y < g[1]; ++y)
      for (int x = 0; x < g[0]; ++x) {
        const double v = c[std::size_t(x) + std::size_t(g[0]) * (std::size_t(y) + std::size_t(g[1]) * std::size_t(z))];
        const double p[3] = {double(x), double(y), double(z)};
        m.total += v;
        m.max = std::max(m.max, v);
        m.min = std::min(m.min, v);
        if (v != 0) m.min_liquid = std::min(m.min_liquid, v);
        for (int a = 0; a < 3; ++a) first[a] += v * p[a], second[a] += v * p[a] * p[a];
      }
  for (int a = 0; a < 3; ++a) {
    m.centroid[a] = first[a] / m.total;
    m.variance[a] = second[a] / m.total - m.centroid[a] * m.centroid[a];
  }
  return m;
}

// The L2 distance between the tracer and the Gaussian of the measured
// moments, relative to the Gaussian's L2 norm.
double gaussian_misfit(Simulation& sim, const PulseMoments& m) {
  const std::vector<float> c = whole_concentration(sim);
  const std::array<int, 3> g = sim.decomposition().block().global;
  double diff = 0, norm = 0;
  const double scale = m.total / std::pow(2 * std::numbers::pi, 1.5) /
                       std::sqrt(m.variance[0] * m.variance[1] * m.variance[2]);
  for (int z = 0; z < g[2]; ++z)
    for (int y = 0; y < g[1]; ++y)
      for (int x = 0; x < g[0]; ++x) {
        const double p[3] = {double(x), double(y), double(z)};
        double e = 0;
        for (int a = 0; a < 3; ++a) e += (p[a] - m.centroid[a]) * (p[a] - m.centroid[a]) / (2 * m.variance[a]);
        const double ref = scale * std::exp(-e);
        const double v = c[std::size_t(x) + std::size_t(g[0]) * (std::size_t(y) + std::size_t(g[1]) * std::size_t(z))];
        diff += (v - ref) * (v - ref);
        norm += ref * ref;
      }
  return std::sqrt(diff / norm);
}

// A periodic box of `cells`^3 at rest or in uniform flow along x; the tracer's
// lattice diffusivity is `d` and the pulse sits at `start` (cells).
CaseModel pulse_box(const std::string& name, int cells, double lattice_u, double d, double start_x) {
  constexpr double kSide = 0.048, kViscosity = 1e-4;  // Re = 24: tau well above 1/2
  const double dx = kSide / cells;
  // The reference speed sets dt: lattice speed 0.05 for 0.05 m/s.
  CaseModel c = laminar_box(name, {kSide, kSide, kSide},
                            {FaceType::Periodic, FaceType::Periodic, FaceType::Periodic, FaceType::Periodic,
                             FaceType::Periodic, FaceType::Periodic},
                            kViscosity, kSide, 0.05, cells, 0.05);
  const double dt = dx * 0.05 / 0.05;
  c.initial.kind = InitialKind::Uniform;
  c.initial.velocity = {lattice_u * dx / dt, 0.0, 0.0};
  BlendSpec b;
  b.injection_point = {(start_x + 0.5) * dx, 0.5 * kSide, 0.5 * kSide};
  b.injection_radius = 2.5 * dx;
  b.molecular_diffusivity = d * dx * dx / dt;
  b.sample_interval = dt;
  c.blend = b;
  return c;
}

}  // namespace

ValidationResult run_scalar_diffusion(const ValidationOptions& options) {
  const int cells = options.quick ? 32 : 64;
  const double d = 0.05;
  const std::int64_t steps = options.quick ? 200 : 800;  // variance + 20 (+ 80) cells^2
  ValidationResult r;
  std::ostringstream setup;
  setup << cells << "^3 periodic box, pulse of radius 2.5 cells, D = " << d << " dx^2/dt, " << steps
        << " steps; at rest and in uniform flow u = 0.05 dx/dt along x";
  r.setup = setup.str();
  for (double u : {0.0, 0.05}) {
    const std::string flow = u == 0 ? "at rest" : "in uniform flow";
    Simulation sim(pulse_box("scalar-diffusion", cells, u, d, u == 0 ? cells / 2 : cells / 4), options.backend);
    sim.advance(1);  // injects at step 1 (time 0 maps to the first step's end)
    const PulseMoments m0 = moments(sim);
    const std::int64_t start = sim.step();
    sim.advance(steps);
    const PulseMoments m1 = moments(sim);
    const double t = double(sim.step() - start);
    for (int a = 0; a < 3; ++a) {
      const char* axis[3] = {"x", "y", "z"};
      // Pure diffusion grows the discrete variance by exactly 2 D per step
      // on an unbounded lattice (the Laplacian's second moment); the tails
      // that wrap round the periodic box take 0.2 % off here, and upwinding
      // adds a little along the flow.
      const double tolerance = (u != 0 && a == 0) ? 0.1 : 0.005;
      r.checks.push_back(check_relative(std::string("variance growth along ") + axis[a] + " (cells^2), " + flow,
                                        m1.variance[a] - m0.variance[a], 2 * d * t, tolerance));
    }
    r.checks.push_back(check_absolute("centroid travel along x (cells), " + flow, m1.centroid[0] - m0.centroid[0],
                                      u * t, 0.05 * std::max(1.0, u * t)));
    r.checks.push_back(check_below("L2 misfit to the Gaussian of that variance, " + flow, gaussian_misfit(sim, m1),
                                   0.05));
    r.checks.push_back(check_below("relative change of the total, " + flow, std::abs(m1.total / m0.total - 1), 1e-5));
  }
  return r;
}

ValidationResult run_scalar_conservation(const ValidationOptions& options) {
  const int cells = options.quick ? 24 : 48;
  const std::int64_t steps = options.quick ? 3000 : 10000;
  // The same closed LES box twice: a pulse near the lid, and the tracer
  // already mixed (a pulse wider than the box).
  auto run = [&](std::optional<double> radius, PulseMoments& before, PulseMoments& after) {
    CaseModel c = lid_driven_les_box("scalar-conservation", cells);
    BlendSpec b;
    b.injection_point = {0.2 * kLidBoxSide, 0.5 * kLidBoxSide, 0.9 * kLidBoxSide};
    b.injection_radius = radius;
    c.blend = b;
    Simulation sim(c, options.backend);
    sim.advance(1);
    before = moments(sim);
    sim.advance(steps);
    after = moments(sim);
    return sim.blend()->history();
  };
  PulseMoments m0, m1, u0, u1;
  const std::vector<BlendSample> h = run(std::nullopt, m0, m1);  // the default radius, 1.5 dx
  run(10 * kLidBoxSide, u0, u1);

  ValidationResult r;
  std::ostringstream s;
  s << cells << "^3 closed box with a moving lid, Re = 10^4, LES, " << steps
    << " steps: a pulse near the lid, and a tracer mixed from the start";
  r.setup = s.str();
  // What blend times rest on: a mixed tracer stays mixed, bit for bit.
  r.checks.push_back(
      check_below("mixed tracer: largest deviation from 1", std::max(u1.max - 1, 1 - u1.min_liquid), 1e-6));
  r.checks.push_back(check_below("mixed tracer: relative change of the total", std::abs(u1.total / u0.total - 1), 1e-6));
  // The advective form's price (kernels/scalar_transport.h): a tracer that is
  // not yet mixed changes its total by the integral of c div(u) of the
  // weakly compressible lattice, here with the pulse in the box's fastest
  // corner; the bound catches a scheme that loses the tracer.
  r.checks.push_back(check_below("pulse: relative change of the total", std::abs(m1.total / m0.total - 1), 0.1));
  // Limited fluxes keep the field within its initial range (to rounding).
  r.checks.push_back(check_below("pulse: undershoot below 0, relative to the pulse", std::max(0.0, -m1.min) / m0.max, 1e-3));
  r.checks.push_back(check_below("pulse: overshoot above the pulse, relative", std::max(0.0, m1.max / m0.max - 1), 1e-3));
  r.checks.push_back(check_below("pulse: relative standard deviation after mixing / at injection",
                                 h.back().rsd / h.front().rsd, 0.5));
  return r;
}

}  // namespace stirlb
