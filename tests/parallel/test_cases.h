#pragma once
// Small cases for the solver and distributed-run tests: a baffled tank with a turning
// Rushton turbine and LES, and a box with periodic sides, a wall and a
// free-slip lid. Both split over 4 ranks along any axis.
#include <numbers>
#include "solver/simulation.h"

namespace stirlb {

// The standard baffled tank (T = 0.3 m, H = T, D = T/3, C = T/3) with a
// Rushton turbine, parametric or from the reference STL, at Re = 50.
inline CaseModel rushton_tank(int cells_per_d, bool from_stl) {
  CaseModel c;
  c.name = "rotor-test";
  TankSpec t;
  const double T = 0.3, D = 0.1;
  t.vessel.diameter = T;
  t.vessel.liquid_height = T;
  t.vessel.baffles = BaffleSpec{4, T / 10, 0.0, 0.0, 0.0};
  t.shaft = ShaftSpec{0.01, 120, false, 0.25};
  ImpellerSpec imp;
  imp.diameter = D;
  imp.extent_low = -D / 10;
  imp.extent_high = D / 10;
  imp.clearance = T / 3;
  if (from_stl) {
    imp.type = "stl";
    imp.shape = StlImpellerSpec{STIRLB_SOURCE_DIR "/meshes/reference/rushton_standard_d100mm.stl", 1e-3};
  } else {
    // The dimensions the reference STL was made with (meshes/reference/README.md).
    imp.type = "rushton";
    imp.shape = RushtonSpec{D, 6, D / 4, D / 5, 0.002, 0.075, 0.002, 0.0};
  }
  t.impellers.push_back(imp);
  c.fluid.kinematic_viscosity = t.speed_rps() * D * D / 50.0;  // Re = 50: laminar, quick to settle
  c.flow.reference_length = D;
  c.flow.reference_velocity = std::numbers::pi * t.speed_rps() * D;
  c.tank = t;
  c.numerics.resolution = cells_per_d;
  c.numerics.les = false;
  c.numerics.lattice_velocity = 0.1;
  c.run.steps = 1;
  return c;
}

// The same tank at Re = 2000 with LES and a short ramp: a turbulent-model
// run whose every term (eddy viscosity included) crosses rank borders.
inline CaseModel small_tank() {
  CaseModel c = rushton_tank(10, false);
  c.name = "rank-independence-tank";
  c.tank->shaft.ramp_revolutions = 0.05;
  const double D = c.tank->impeller_diameter();
  c.fluid.kinematic_viscosity = c.tank->speed_rps() * D * D / 2000.0;
  c.numerics.les = true;
  return c;
}

inline CaseModel periodic_box() {
  CaseModel c;
  c.name = "rank-independence-box";
  c.domain.size = {1.0, 1.0, 0.5};
  for (auto& f : c.domain.faces) f.type = FaceType::Periodic;
  c.domain.faces[4].type = FaceType::Wall;  // z- : a wall, z+ : free slip
  c.domain.faces[5].type = FaceType::FreeSlip;
  c.fluid.kinematic_viscosity = 1e-3;
  c.flow.reference_length = 1.0;
  c.flow.reference_velocity = 0.1;
  c.initial.kind = InitialKind::TaylorGreen;
  c.initial.amplitude = 0.1;
  c.numerics.resolution = 20;
  c.numerics.lattice_velocity = 0.1;
  c.run.steps = 1;
  return c;
}

}  // namespace stirlb
