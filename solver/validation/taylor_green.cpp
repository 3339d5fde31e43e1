// Two-dimensional Taylor-Green vortex in a periodic box: the kinetic energy
// decays as exp(-4 nu k^2 t), so the decay rate measures the viscosity the
// lattice actually has.
#include <cmath>
#include <numbers>
#include <sstream>

#include "cases.h"
#include "validation_support.h"

namespace stirlb {

ValidationResult run_taylor_green(const ValidationOptions& options) {
  constexpr double kSide = 0.01, kAmplitude = 0.01, kViscosity = 1e-6;  // Re = 100
  const int cells = options.quick ? 32 : 64;
  const double dx = kSide / cells;
  CaseModel c = laminar_box("taylor-green", {kSide, kSide, dx},
                            {FaceType::Periodic, FaceType::Periodic, FaceType::Periodic, FaceType::Periodic,
                             FaceType::Periodic, FaceType::Periodic},
                            kViscosity, kSide, kAmplitude, cells, 0.05);
  c.initial.kind = InitialKind::TaylorGreen;
  c.initial.amplitude = kAmplitude;
  Simulation sim(c, options.backend);

  const double k = 2.0 * std::numbers::pi / kSide;
  const double decay_time = 1.0 / (4.0 * kViscosity * k * k);
  // Skip the first tenth of a decay time, where the initial equilibrium
  // populations relax to the Navier-Stokes ones, then measure over one.
  sim.advance(sim.units().steps_for(0.1 * decay_time));
  const double t1 = sim.time(), e1 = sim.diagnostics().kinetic_energy_J;
  sim.advance(sim.units().steps_for(decay_time));
  const double t2 = sim.time(), e2 = sim.diagnostics().kinetic_energy_J;
  const double measured_nu = std::log(e1 / e2) / (4.0 * k * k * (t2 - t1));

  ValidationResult r;
  std::ostringstream s;
  s << cells << "^2 cells, Re = 100, tau = " << sim.units().tau << ", " << sim.step() << " steps";
  r.setup = s.str();
  r.checks.push_back(check_relative("viscosity from the energy decay (m^2/s)", measured_nu, kViscosity, 0.01));
  return r;
}

}  // namespace stirlb
