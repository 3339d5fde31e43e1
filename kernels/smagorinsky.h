#pragma once
// Smagorinsky eddy viscosity from the local non-equilibrium momentum flux: no
// finite differences, the strain is already in the populations. Solving
// tau = tau0 + 3 C^2 |S| with |S| = 3 sqrt(2) |Pi| / (2 rho tau) for tau gives
// the closed form below (Hou et al. 1996; Malaspinas & Sagaut 2012).
#include <cmath>
#include "hd.h"

namespace stirlb {

STIRLB_HD float smagorinsky_tau(float tau0, float smagorinsky_c2, float rho, float pi_norm) {
  if (smagorinsky_c2 <= 0.f) return tau0;
  const float k = 18.f * 1.41421356f * smagorinsky_c2 * pi_norm / rho;
  return 0.5f * (tau0 + sqrtf(tau0 * tau0 + k));
}

}  // namespace stirlb
