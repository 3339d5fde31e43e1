#pragma once
// Small cases for the distributed-run tests: a baffled tank with a turning
// Rushton turbine and LES, and a box with periodic sides, a wall and a
// free-slip lid. Both split over 4 ranks along any axis.
#include <numbers>
#include "solver/simulation.h"

namespace stirlb {

inline CaseModel small_tank() {
  CaseModel c;
  c.name = "rank-independence-tank";
  TankSpec t;
  const double T = 0.3, D = 0.1;
  t.vessel.diameter = T;
  t.vessel.liquid_height = T;
  t.vessel.baffles = BaffleSpec{4, T / 10, 0.0, 0.0, 0.0};
  t.shaft = ShaftSpec{0.01, 120, false, 0.05};
  ImpellerSpec imp;
  imp.diameter = D;
  imp.extent_low = -D / 10;
  imp.extent_high = D / 10;
  imp.clearance = T / 3;
  imp.type = "rushton";
  imp.shape = RushtonSpec{D, 6, D / 4, D / 5, 0.002, 0.075, 0.002, 0.0};
  t.impellers.push_back(imp);
  c.fluid.kinematic_viscosity = t.speed_rps() * D * D / 2000.0;
  c.flow.reference_length = D;
  c.flow.reference_velocity = std::numbers::pi * t.speed_rps() * D;
  c.tank = t;
  c.numerics.resolution = 10;
  c.numerics.les = true;  // the eddy viscosity depends on every population
  c.numerics.lattice_velocity = 0.1;
  c.run.steps = 1;
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
