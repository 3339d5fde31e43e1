#pragma once
// Guo, Zheng & Shi (2002) forcing term, without its (1 - omega/2) prefactor.
#include "lattice.h"

namespace stirlb {

template <class L>
STIRLB_HD float guo_source(int i, const float (&u)[3], const float (&force)[3]) {
  const float cx = float(L::cx(i)), cy = float(L::cy(i)), cz = float(L::cz(i));
  const float cu = cx * u[0] + cy * u[1] + cz * u[2];
  const float gx = 3.f * (cx - u[0]) + 9.f * cu * cx;
  const float gy = 3.f * (cy - u[1]) + 9.f * cu * cy;
  const float gz = 3.f * (cz - u[2]) + 9.f * cu * cz;
  return L::w(i) * (gx * force[0] + gy * force[1] + gz * force[2]);
}

}  // namespace stirlb
