#pragma once
// The one place where SI quantities of a case become lattice units. The
// mapping fixes dx by numerics.resolution and dt by numerics.lattice_velocity;
// everything else follows, and setups that would run unstable or inaccurate
// are refused here, before any memory is allocated.
#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include "kernels/lattice_params.h"
#include "solver/case_model.h"

namespace stirlb {

struct LatticeUnits {
  double dx = 0, dt = 0;                       // m, s
  std::array<int, 3> fluid_cells{};            // cells across the box per axis
  double tau = 0;                              // molecular relaxation time
  double lattice_viscosity = 0;                // nu dt / dx^2
  double lattice_velocity = 0;                 // flow.reference_velocity in lattice units
  double mach = 0;                             // lattice_velocity * sqrt(3)
  double reynolds = 0;                         // U L / nu, SI
  std::array<double, 3> lattice_body_force{};  // a dt^2 / dx, per unit lattice density
  SiScales si;                                 // lattice -> SI factors
  std::vector<std::string> warnings;           // accepted but worth the user's attention

  double to_lattice_velocity(double v) const { return v * dt / dx; }
  double to_lattice_time(double t) const { return t / dt; }
  // Steps needed to reach time t; the tolerance keeps t = k dt from rounding up to k + 1.
  std::int64_t steps_for(double t) const;
};

// Throws CaseError (file = c.source, key = what to change) for a setup that
// must not run; the reason says how to fix it.
LatticeUnits derive_lattice_units(const CaseModel& c);

// Human-readable table of the conversion for logs and the run directory.
std::string unit_report(const CaseModel& c, const LatticeUnits& u);

}  // namespace stirlb
