#pragma once
// Second-order Maxwell-Boltzmann equilibrium, written for deviations from the
// rest state (f_i - w_i) so that it matches how populations are stored.
#include "lattice.h"

namespace stirlb {

template <class L>
STIRLB_HD float equilibrium_deviation(int i, float rho, float ux, float uy, float uz) {
  const float cu = float(L::cx(i)) * ux + float(L::cy(i)) * uy + float(L::cz(i)) * uz;
  const float uu = ux * ux + uy * uy + uz * uz;
  // w (rho - 1) + w rho (3 cu + 4.5 cu^2 - 1.5 uu)
  return L::w(i) * ((rho - 1.f) + rho * (3.f * cu + 4.5f * cu * cu - 1.5f * uu));
}

template <class L>
STIRLB_HD float equilibrium(int i, float rho, float ux, float uy, float uz) {
  return L::w(i) + equilibrium_deviation<L>(i, rho, ux, uy, uz);
}

}  // namespace stirlb
