#pragma once
// Hydrodynamic moments of one cell's populations (held as deviations f_i - w_i).
#include "lattice.h"

namespace stirlb {

struct Moments {
  float rho;
  float u[3];        // velocity including the half-force shift of Guo's scheme
  float pi_neq[6];   // xx, yy, zz, xy, xz, yz of sum c c (f - f_eq(rho,u))
};

// Order of the symmetric-tensor components used everywhere: xx yy zz xy xz yz.
template <class L>
STIRLB_HD float tensor_weight_cc(int i, int comp) {
  const float cx = float(L::cx(i)), cy = float(L::cy(i)), cz = float(L::cz(i));
  switch (comp) {
    case 0: return cx * cx;
    case 1: return cy * cy;
    case 2: return cz * cz;
    case 3: return cx * cy;
    case 4: return cx * cz;
    default: return cy * cz;
  }
}

template <class L>
STIRLB_HD Moments compute_moments(const float (&fh)[L::Q], const float (&force)[3]) {
  float drho = 0.f, jx = 0.f, jy = 0.f, jz = 0.f;
  float p[6] = {0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
  STIRLB_UNROLL
  for (int i = 0; i < L::Q; ++i) {
    const float f = fh[i];
    drho += f;
    jx += float(L::cx(i)) * f;
    jy += float(L::cy(i)) * f;
    jz += float(L::cz(i)) * f;
    STIRLB_UNROLL
    for (int c = 0; c < 6; ++c) p[c] += tensor_weight_cc<L>(i, c) * f;
  }
  Moments m;
  m.rho = 1.f + drho;
  const float inv_rho = 1.f / m.rho;
  m.u[0] = (jx + 0.5f * force[0]) * inv_rho;
  m.u[1] = (jy + 0.5f * force[1]) * inv_rho;
  m.u[2] = (jz + 0.5f * force[2]) * inv_rho;
  // sum c c f = sum c c fh + cs^2 I, and the equilibrium carries rho cs^2 I + rho u u,
  // so the deviation form leaves only drho on the diagonal.
  const float ux = m.u[0], uy = m.u[1], uz = m.u[2], r = m.rho;
  m.pi_neq[0] = p[0] - kCs2 * drho - r * ux * ux;
  m.pi_neq[1] = p[1] - kCs2 * drho - r * uy * uy;
  m.pi_neq[2] = p[2] - kCs2 * drho - r * uz * uz;
  m.pi_neq[3] = p[3] - r * ux * uy;
  m.pi_neq[4] = p[4] - r * ux * uz;
  m.pi_neq[5] = p[5] - r * uy * uz;
  return m;
}

// The non-equilibrium flux that measures strain. With Guo forcing the raw
// moment carries a spurious -(u F + F u)/2 which is added back (Krueger et al.
// 2017, sec. 6.5).
STIRLB_HD void strain_flux(const Moments& m, const float (&force)[3], float (&out)[6]) {
  out[0] = m.pi_neq[0] + m.u[0] * force[0];
  out[1] = m.pi_neq[1] + m.u[1] * force[1];
  out[2] = m.pi_neq[2] + m.u[2] * force[2];
  out[3] = m.pi_neq[3] + 0.5f * (m.u[0] * force[1] + m.u[1] * force[0]);
  out[4] = m.pi_neq[4] + 0.5f * (m.u[0] * force[2] + m.u[2] * force[0]);
  out[5] = m.pi_neq[5] + 0.5f * (m.u[1] * force[2] + m.u[2] * force[1]);
}

// Frobenius norm squared of a symmetric tensor stored as 6 components.
STIRLB_HD float double_dot(const float (&t)[6]) {
  return t[0] * t[0] + t[1] * t[1] + t[2] * t[2] + 2.f * (t[3] * t[3] + t[4] * t[4] + t[5] * t[5]);
}

}  // namespace stirlb
