#include "validation_support.h"

#include <algorithm>
#include <cmath>

namespace stirlb {

CaseModel laminar_box(const std::string& name, std::array<double, 3> size, std::array<FaceType, 6> faces,
                      double kinematic_viscosity, double reference_length, double reference_velocity,
                      int resolution, double lattice_velocity) {
  CaseModel c;
  c.name = name;
  c.source = "stirlb validate " + name;
  c.domain.size = size;
  for (int f = 0; f < kFaceCount; ++f) c.domain.faces[f].type = faces[f];
  c.fluid.density = 1000.0;
  c.fluid.kinematic_viscosity = kinematic_viscosity;
  c.flow.reference_length = reference_length;
  c.flow.reference_velocity = reference_velocity;
  c.numerics.resolution = resolution;
  c.numerics.lattice_velocity = lattice_velocity;
  c.numerics.les = false;
  c.run.steps = 1;
  return c;
}

CaseModel lid_driven_les_box(const std::string& name, int cells) {
  constexpr double kLid = 0.2, kViscosity = 1e-6;  // Re = 10^4
  CaseModel c = laminar_box(name, {kLidBoxSide, kLidBoxSide, kLidBoxSide},
                            {FaceType::Wall, FaceType::Wall, FaceType::Wall, FaceType::Wall, FaceType::FreeSlip,
                             FaceType::MovingWall},
                            kViscosity, kLidBoxSide, kLid, cells, 0.1);
  c.domain.faces[kZMax].velocity = {kLid, 0.0, 0.0};
  c.numerics.les = true;
  return c;
}

float sample(const Simulation& sim, const std::vector<float>& derived, int component, int x, int y, int z) {
  const GridShape& g = sim.box().grid;
  return derived[std::size_t(component) * std::size_t(g.cells()) +
                 std::size_t(x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z))];
}

std::vector<double> channel_profile(Simulation& sim, std::vector<float>& derived) {
  sim.derived_fields(derived);
  std::vector<double> profile;
  const int y0 = sim.box().first_fluid[1];
  for (int j = 0; j < sim.box().fluid_cells[1]; ++j) profile.push_back(sample(sim, derived, kVelocityX, 0, y0 + j, 0));
  return profile;
}

SteadyRun run_to_steady(Simulation& sim, const std::function<std::vector<double>()>& probe, double tolerance,
                        std::int64_t interval, std::int64_t max_steps, int samples) {
  SteadyRun r;
  const std::int64_t stride = std::max<std::int64_t>(1, interval / samples);
  auto averaged = [&] {
    std::vector<double> sum;
    for (int k = 0; k < samples; ++k) {
      sim.advance(stride);
      r.steps += stride;
      const std::vector<double> v = probe();
      if (sum.empty()) sum.assign(v.size(), 0.0);
      for (std::size_t i = 0; i < v.size(); ++i) sum[i] += v[i] / samples;
    }
    return sum;
  };
  r.values = samples == 1 ? probe() : averaged();
  while (r.steps < max_steps) {
    const std::vector<double> now = averaged();
    r.last_change = 0.0;
    for (std::size_t k = 0; k < now.size(); ++k) r.last_change = std::max(r.last_change, std::fabs(now[k] - r.values[k]));
    r.values = now;
    if (!std::isfinite(r.last_change)) return r;
    if (r.last_change < tolerance) {
      r.converged = true;
      return r;
    }
  }
  return r;
}

}  // namespace stirlb
