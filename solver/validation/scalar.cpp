// The blend-time tracer (kernels/scalar_transport.h) against what it must do
// exactly or analytically:
//   scalar-diffusion: a pulse in a periodic box, at rest and carried by a
//     uniform flow, spreads as a Gaussian: each axis' variance grows by
//     2 D t, the centroid moves with the flow, and the profile approaches
//     the Gaussian of that variance;
//   scalar-conservation: in a closed, lid-driven box with LES the total stays
//     what was injected and the concentration stays within its initial bounds
//     while the pulse mixes.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>

#include "cases.h"
#include "validation_support.h"

namespace stirlb {

namespace {

// Moments of the tracer over the whole lattice, in cells from cell 0.
struct PulseMoments {
  double total = 0, centroid[3] = {0, 0, 0}, variance[3] = {0, 0, 0}, max = 0, min = 0;
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
  double first[3] = {0, 0, 0}, second[3] = {0, 0, 0};
  for (int z = 0; z < g[2]; ++z)
    for (int y = 0; y < g[1]; ++y)
      for (int x = 0; x < g[0]; ++x) {
        const double v = c[std::size_t(x) + std::size_t(g[0]) * (std::size_t(y) + std::size_t(g[1]) * std::size_t(z))];
        const double p[3] = {double(x), double(y), double(z)};
        m.total += v;
        m.max = std::max(m.max, v);
        m.min = std::min(m.min, v);
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
  CaseModel c = lid_driven_les_box("scalar-conservation", cells);
  constexpr double kSide = kLidBoxSide;
  BlendSpec b;
  b.injection_point = {0.2 * kSide, 0.5 * kSide, 0.9 * kSide};
  b.injection_time = 0.0;
  c.blend = b;
  Simulation sim(c, options.backend);
  sim.advance(1);
  const PulseMoments m0 = moments(sim);
  const std::int64_t steps = options.quick ? 3000 : 10000;
  sim.advance(steps);
  const PulseMoments m1 = moments(sim);
  const std::vector<BlendSample>& h = sim.blend()->history();

  ValidationResult r;
  std::ostringstream s;
  s << cells << "^3 closed box with a moving lid, Re = 10^4, LES, pulse near the lid, " << steps << " steps";
  r.setup = s.str();
  r.checks.push_back(check_below("relative change of the total tracer", std::abs(m1.total / m0.total - 1), 1e-5));
  r.checks.push_back(check_below("relative change of the sampled total (summary's number)",
                                 std::abs(h.back().total / h.front().total - 1), 1e-5));
  // Limited fluxes keep the field within its initial range (to rounding).
  r.checks.push_back(check_below("undershoot below 0, relative to the pulse", std::max(0.0, -m1.min) / m0.max, 1e-3));
  r.checks.push_back(check_below("overshoot above the pulse, relative", std::max(0.0, m1.max / m0.max - 1), 1e-3));
  r.checks.push_back(check_below("relative standard deviation after mixing / at injection", h.back().rsd / h.front().rsd,
                                 0.5));
  return r;
}

}  // namespace stirlb
