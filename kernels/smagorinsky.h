#pragma once
// Smagorinsky eddy viscosity from the local non-equilibrium momentum flux: no
// finite differences, the strain is already in the populations. Solving
// tau = tau0 + 3 C^2 |S| with |S| = 3 sqrt(2) |Pi| / (2 rho tau) for tau gives
// the closed form below (Hou et al. 1996; Malaspinas & Sagaut 2012).
#include <cmath>
#include "hd.h"

namespace stirlb {

// No branch for the model being off (C = 0), so that a loop over cells
// vectorises: k is then 0, and sqrt(tau0 * tau0) is exactly tau0 in binary
// floating point with correct rounding, so tau0 comes back unchanged.
STIRLB_HD float smagorinsky_tau(float tau0, float smagorinsky_c2, float rho, float pi_norm) {
  const float k = 18.f * 1.41421356f * fmaxf(smagorinsky_c2, 0.f) * pi_norm / rho;
  return 0.5f * (tau0 + sqrtf(tau0 * tau0 + k));
}

}  // namespace stirlb
