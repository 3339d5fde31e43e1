// Lid-driven cavity, two-dimensional (one periodic cell in z), compared with
// the centre-line velocities of Ghia, Ghia & Shin (1982).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "cases.h"
#include "ghia_1982.h"
#include "validation_support.h"

namespace stirlb {

namespace {

constexpr double kSide = 0.01, kViscosity = 1e-6;  // m, m^2/s

// Linear interpolation of `values` (one per fluid cell along an axis) at
// position `p` in units of the cavity side.
double along(const std::vector<double>& values, double p) {
  const int n = int(values.size());
  const double s = p * n - 0.5;  // cell-centre coordinate
  const int i = std::clamp(int(std::floor(s)), 0, n - 2);
  const double w = s - i;
  return (1.0 - w) * values[std::size_t(i)] + w * values[std::size_t(i) + 1];
}

ValidationResult run_cavity(const ValidationOptions& options, double reynolds, int cells, const double* u_ref,
                            const double* v_ref, std::int64_t max_passages) {
  const double lid = reynolds * kViscosity / kSide;
  const double dx = kSide / cells;
  CaseModel c = laminar_box("cavity", {kSide, kSide, dx},
                            {FaceType::Wall, FaceType::Wall, FaceType::Wall, FaceType::MovingWall,
                             FaceType::Periodic, FaceType::Periodic},
                            kViscosity, kSide, lid, cells, 0.1);
  c.domain.faces[kYMax].velocity = {lid, 0.0, 0.0};
  Simulation sim(c, options.backend);

  std::vector<float> d;
  const int f0 = sim.box().first_fluid[0];
  // The centre lines fall between the two middle cells: average them.
  auto centre_lines = [&](std::vector<double>& u, std::vector<double>& v) {
    sim.derived_fields(d);
    u.assign(std::size_t(cells), 0.0);
    v.assign(std::size_t(cells), 0.0);
    const int m0 = f0 + cells / 2 - 1, m1 = f0 + cells / 2;
    for (int j = 0; j < cells; ++j) {
      u[std::size_t(j)] = 0.5 * (sample(sim, d, kVelocityX, m0, f0 + j, 0) + sample(sim, d, kVelocityX, m1, f0 + j, 0)) / lid;
      v[std::size_t(j)] = 0.5 * (sample(sim, d, kVelocityY, f0 + j, m0, 0) + sample(sim, d, kVelocityY, f0 + j, m1, 0)) / lid;
    }
  };
  auto probe = [&] {
    std::vector<double> u, v;
    centre_lines(u, v);
    u.insert(u.end(), v.begin(), v.end());
    return u;
  };
  // One lid passage is the time the lid takes to cross the cavity. The centre
  // lines are averaged over 8 samples per passage (sound crosses the cavity
  // about 6 times per passage and rings for long at Re = 1000). The run stops
  // when the averages move by less than 1e-4 of the lid speed from one passage
  // to the next; it counts as steady below 1e-3, twenty times under the
  // tolerance of the comparison, which uses the last passage's averages.
  const std::int64_t passage = sim.units().steps_for(kSide / lid);
  const SteadyRun steady = run_to_steady(sim, probe, 1e-4, passage, max_passages * passage, 8);

  const std::vector<double> u(steady.values.begin(), steady.values.begin() + cells);
  const std::vector<double> v(steady.values.begin() + cells, steady.values.end());
  double worst_u = 0.0, worst_v = 0.0;
  // The first and last stations are the walls themselves; the interior ones are compared.
  for (int k = 1; k < ghia1982::kStations - 1; ++k) {
    worst_u = std::max(worst_u, std::fabs(along(u, ghia1982::kY[k]) - u_ref[k]));
    worst_v = std::max(worst_v, std::fabs(along(v, ghia1982::kX[k]) - v_ref[k]));
  }
  ValidationResult r;
  std::ostringstream s;
  s << cells << "^2 cells, Re = " << reynolds << ", tau = " << sim.units().tau << ", " << sim.step() << " steps";
  r.setup = s.str();
  r.checks.push_back(check_below("max |u - u_Ghia| / U_lid on x = 0.5", worst_u, 0.02));
  r.checks.push_back(check_below("max |v - v_Ghia| / U_lid on y = 0.5", worst_v, 0.02));
  r.checks.push_back(check_below("centre-line change over the last lid passage / U_lid", steady.last_change, 1e-3));
  return r;
}

}  // namespace

ValidationResult run_cavity_re100(const ValidationOptions& options) {
  return run_cavity(options, 100.0, options.quick ? 64 : 128, ghia1982::kU100, ghia1982::kV100, 40);
}

ValidationResult run_cavity_re1000(const ValidationOptions& options) {
  // Below 128 cells (grid Reynolds number above 8) the corner singularities
  // drive an oscillation that never settles, with either operator; at 128^2 a
  // residual one (2.6e-3 of the lid speed per passage) remains after 80
  // passages. At 160^2 the flow settles in 47 passages, which costs CI no more
  // than 80 passages at 128^2, so quick and full runs both use it.
  return run_cavity(options, 1000.0, 160, ghia1982::kU1000, ghia1982::kV1000, 80);
}

}  // namespace stirlb
