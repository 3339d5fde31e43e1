#pragma once
// Small pieces the validation cases share: a laminar box case in SI units,
// field sampling, and running to a steady state.
#include <functional>
#include <string>
#include <vector>
#include "solver/case_model.h"
#include "solver/simulation.h"

namespace stirlb {

// A box case with LES off (the analytic references are laminar). Faces are
// given as types; moving walls get `lid_velocity`.
CaseModel laminar_box(const std::string& name, std::array<double, 3> size, std::array<FaceType, 6> faces,
                      double kinematic_viscosity, double reference_length, double reference_velocity,
                      int resolution, double lattice_velocity);

// A closed box of side kLidBoxSide with walls on four sides, free slip
// below and a lid moving at 0.2 m/s along x, at Re = 10^4 with LES: every
// wall law and the subgrid model at once (mass and tracer conservation).
constexpr double kLidBoxSide = 0.05;
CaseModel lid_driven_les_box(const std::string& name, int cells);

// One component of the SI derived fields at grid cell (x, y, z).
float sample(const Simulation& sim, const std::vector<float>& derived, int component, int x, int y, int z);

// u_x (SI) at x = 0, z = 0 across every fluid cell of the y axis: the profile
// of a channel between y walls. Refreshes `derived`.
std::vector<double> channel_profile(Simulation& sim, std::vector<float>& derived);

struct SteadyRun {
  std::int64_t steps = 0;
  double last_change = 0.0;    // max |change| of the probe between the last two intervals
  std::vector<double> values;  // the probe over the last interval
  bool converged = false;
};

// Steps until `probe` (a vector of monitored values), averaged over
// `samples` evenly spaced samples per interval, changes by less than
// `tolerance` (max abs) from one interval to the next, or `max_steps` have
// run. Averaging filters sound waves that ring in closed boxes at low
// viscosity, which say nothing about whether the flow is steady.
SteadyRun run_to_steady(Simulation& sim, const std::function<std::vector<double>()>& probe, double tolerance,
                        std::int64_t interval, std::int64_t max_steps, int samples = 1);

}  // namespace stirlb
