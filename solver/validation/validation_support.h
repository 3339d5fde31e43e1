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

// One component of the SI derived fields at grid cell (x, y, z).
float sample(const Simulation& sim, const std::vector<float>& derived, int component, int x, int y, int z);

// Steps until `probe` (a vector of monitored values) changes by less than
// `tolerance` (max abs) over `interval` steps, or `max_steps` have run.
// Returns the number of steps taken; `converged` says which ended it.
std::int64_t run_to_steady(Simulation& sim, const std::function<std::vector<double>()>& probe, double tolerance,
                           std::int64_t interval, std::int64_t max_steps, bool& converged);

}  // namespace stirlb
