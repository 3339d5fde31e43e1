// Taylor-Couette flow: an inner cylinder of radius R1 turned at Omega by the
// immersed boundary, inside a fixed outer cylinder of radius R2 voxelised
// with halfway bounce-back, periodic along the axis. Laminar, so
//   torque per length  M/L = 4 pi mu Omega R1^2 R2^2 / (R2^2 - R1^2)
//   u_theta(r)         = A r + B / r,  A = -Omega R1^2 / (R2^2 - R1^2),
//                                      B = Omega R1^2 R2^2 / (R2^2 - R1^2).
// The whole check runs in lattice units: the case tests the immersed
// boundary, not the unit conversion.
#include <cmath>
#include <numbers>
#include <sstream>

#include "cases.h"
#include "kernels/immersed_boundary_setup.h"
#include "solver/simulation.h"

namespace stirlb {

namespace {

struct Annulus {
  double r1, r2;  // cells
  int layers;
};

LatticeConfig annulus_lattice(const Annulus& a, double tau, double& centre) {
  LatticeConfig c;
  const int n = int(std::ceil(2 * a.r2)) + 2;
  c.params.grid = GridShape{n, n, a.layers, {false, false, true}};
  c.params.tau = float(tau);
  c.collision = CollisionOperator::Regularized;
  centre = 0.5 * (n - 1);
  c.flags.assign(std::size_t(c.params.grid.cells()), make_flag(kWall));
  for (int z = 0; z < a.layers; ++z)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x)
        if (std::hypot(x - centre, y - centre) < a.r2) c.flags[std::size_t(x + n * (y + std::int64_t(n) * z))] = kFluid;
  return c;
}

std::vector<IbMarker> cylinder_markers(double r, int layers, double spacing) {
  std::vector<IbMarker> m;
  const int around = int(std::ceil(2 * std::numbers::pi * r / spacing));
  const int rings = int(std::ceil(layers / spacing));
  for (int k = 0; k < rings; ++k) {
    const double z = (k + 0.5) * layers / rings - 0.5;
    for (int j = 0; j < around; ++j) {
      const double a = 2 * std::numbers::pi * (j + 0.5 * (k & 1)) / around;
      m.push_back(IbMarker{float(r * std::cos(a)), float(r * std::sin(a)), float(z), float(spacing * spacing), 0.f});
    }
  }
  return m;
}

}  // namespace

ValidationResult run_taylor_couette(const ValidationOptions& options) {
  // The gap is what the profile must resolve: 12 cells quick, 24 full.
  const Annulus a = options.quick ? Annulus{12.0, 24.0, 4} : Annulus{24.0, 48.0, 4};
  const double tau = 0.8, nu = (tau - 0.5) / 3.0;
  const double tip = 0.02, omega = tip / a.r1;
  double centre = 0;
  LatticeConfig config = annulus_lattice(a, tau, centre);
  auto lattice = make_lattice_backend(options.backend, config);
  const auto cells = std::size_t(config.params.grid.cells());
  lattice->initialize(std::vector<float>(cells, 1.f), std::vector<float>(3 * cells, 0.f));
  std::vector<IbMarker> markers = cylinder_markers(a.r1 - kMarkerRetraction, a.layers, 0.7);
  compute_marker_stiffness(markers);
  // The cylinder spans the periodic axis: one box over all layers.
  IndexBox box;
  const int lo = int(std::floor(centre - a.r1 + 0.5)) - 2, hi = int(std::floor(centre + a.r1 + 0.5)) + 3;
  box.lo[0] = box.lo[1] = lo;
  box.hi[0] = box.hi[1] = hi;
  box.lo[2] = 0;
  box.hi[2] = a.layers;
  lattice->set_immersed_boundary({box}, markers, 3);
  const RotorPose pose{float(centre), float(centre), 1.f, 0.f, float(omega)};

  // Steady after a few viscous times of the gap.
  const double gap = a.r2 - a.r1;
  const std::int64_t steps = std::int64_t(3.0 * gap * gap / nu);
  IbLoadSums loads;
  for (std::int64_t s = 0; s < steps; ++s) {
    loads = lattice->force_immersed_boundary(pose);
    lattice->step(1);
  }
  const double r1 = a.r1, r2 = a.r2, d2 = r2 * r2 - r1 * r1;
  const double torque_exact = 4 * std::numbers::pi * nu * omega * r1 * r1 * r2 * r2 / d2 * a.layers;
  // Profile along a radius through the middle layer, away from both walls'
  // diffuse or staircase cells: 2 cells off each.
  std::vector<float> d;
  lattice->derived_fields(d);
  const double A = -omega * r1 * r1 / d2, B = omega * r1 * r1 * r2 * r2 / d2;
  const int n = config.params.grid.nx;
  const int y = int(std::lround(centre)), z = a.layers / 2;
  double worst = 0;
  int points = 0;
  for (int x = 0; x < n; ++x) {
    const double r = x - centre, rr = std::fabs(r);
    if (rr < r1 + 2 || rr > r2 - 2) continue;
    // u_theta at (r, 0) is u_y times the sign of r; derived fields are SI
    // with unit scales here (velocity scale 1).
    const double u = d[std::size_t(kVelocityY) * cells + std::size_t(x + n * (y + std::int64_t(n) * z))] *
                     (r > 0 ? 1 : -1);
    worst = std::max(worst, std::fabs(u - (A * rr + B / rr)) / tip);
    ++points;
  }
  ValidationResult result;
  std::ostringstream s;
  s << "R1 = " << r1 << ", R2 = " << r2 << " cells, tau = " << tau << ", wall speed " << tip << ", " << steps
    << " steps, " << markers.size() << " markers";
  result.setup = s.str();
  result.checks.push_back(check_relative("torque per length from the markers", loads.torque_z / a.layers,
                                         torque_exact / a.layers, 0.03));
  result.checks.push_back(check_below("max |u_theta - (A r + B/r)| / (Omega R1), " + std::to_string(points) +
                                          " points 2+ cells off the walls",
                                      worst, 0.03));
  return result;
}

}  // namespace stirlb
