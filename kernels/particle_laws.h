#pragma once
// The forces on one microcarrier and the step that integrates them. Lattice
// units throughout (rho_f = 1), each force per unit bead volume and fluid
// density, so that the bead's equation of motion reads
//
//   (r + C_A) dv/dt = (r + C_A)(u - v)/tau_p + (r - 1) g + (1 + C_A) Du/Dt
//
// with r = rho_p/rho_f: Schiller-Naumann drag, gravity less buoyancy, and the
// fluid-acceleration force of the undisturbed flow (its pressure gradient)
// together with the part of the added mass that follows the fluid. Divided
// through, dv/dt = (u - v)/tau_p + a_other, which the exponential step below
// integrates exactly for frozen u, tau_p and a_other. Beads much smaller than
// a cell see the resolved velocity as their undisturbed flow, and the
// molecular viscosity as theirs: the eddy viscosity models scales far larger
// than a bead.
#include <cmath>
#include "particle_types.h"

namespace stirlb {

// Schiller & Naumann (1933): C_D = 24/Re (1 + 0.15 Re^0.687), the drag over
// Stokes drag, good to Re_p of about 800. From Re_p = 1000 on C_D stays at
// Newton's 0.44, where the two laws meet to 0.4%.
STIRLB_HD float schiller_naumann(float re) {
  if (re < 1000.f) return 1.f + 0.15f * powf(re, 0.687f);
  return (0.44f / 24.f) * re;
}

STIRLB_HD float bead_volume(float diameter) { return 0.5235987756f * diameter * diameter * diameter; }

// Re_p = |u - v| d / nu with the molecular viscosity (which must be positive).
STIRLB_HD float bead_reynolds(const BeadParams& p, const float (&u)[3], const float (&v)[3]) {
  float slip2 = 0.f;
  for (int a = 0; a < 3; ++a) slip2 += (u[a] - v[a]) * (u[a] - v[a]);
  return sqrtf(slip2) * p.diameter / p.viscosity;
}

// tau_p = (r + C_A) d^2 / (18 nu f): the time drag takes to bring the bead to
// the fluid's velocity, added mass included. A bead of zero diameter has
// tau_p = 0 and is a tracer.
STIRLB_HD float response_time(const BeadParams& p, float re) {
  return (p.density_ratio + p.added_mass) * p.diameter * p.diameter /
         (18.f * p.viscosity * schiller_naumann(re));
}

STIRLB_HD float response_time(const BeadParams& p, const float (&u)[3], const float (&v)[3]) {
  return response_time(p, bead_reynolds(p, u, v));
}

// a_other = [(r - 1) g + (1 + C_A) Du/Dt] / (r + C_A); without the
// pressure-gradient force the fluid-acceleration term goes entirely.
STIRLB_HD void other_acceleration(const BeadParams& p, const float (&du_dt)[3], float (&a)[3]) {
  const float inertia = 1.f / (p.density_ratio + p.added_mass);
  const float follows = p.pressure_gradient ? 1.f + p.added_mass : 0.f;
  for (int k = 0; k < 3; ++k) a[k] = ((p.density_ratio - 1.f) * p.gravity[k] + follows * du_dt[k]) * inertia;
}

// Exact solution of dv/dt = (u - v)/tau + a over h for frozen u, tau and a:
// v relaxes towards v_eq = u + tau a, and x follows the integral of v. Stable
// for any h/tau, so beads with tau_p << dt (most microcarriers on a lattice)
// simply take v_eq, the fluid's velocity plus their settling. expm1f keeps
// 1 - e^{-h/tau} accurate when h << tau; tau = 0 gives v = v_eq.
STIRLB_HD void exponential_step(const float (&u)[3], const float (&a)[3], float tau, float h, float (&x)[3],
                                float (&v)[3]) {
  const float decay = -expm1f(-h / tau);  // 1 - e^{-h/tau}
  const float lag = tau * decay;          // integral of e^{-s/tau} over [0, h]
  for (int k = 0; k < 3; ++k) {
    const float v_eq = u[k] + tau * a[k];
    const float excess = v[k] - v_eq;
    x[k] += v_eq * h + excess * lag;
    v[k] -= excess * decay;
  }
}

// Sub-steps for a step of dt = 1 moving about `travel` cells: none moves more
// than half a cell, so that the walls see short segments and the fluid
// velocity is sampled densely enough; at most 8 (a NaN gives 1).
constexpr int kMaxBeadSubsteps = 8;
STIRLB_HD int bead_substeps(float travel) {
  if (!(travel > 0.5f)) return 1;
  if (travel >= 0.5f * float(kMaxBeadSubsteps)) return kMaxBeadSubsteps;
  return int(ceilf(travel / 0.5f));
}

// One (sub-)step of length h through a flow that varies along the path.
// Freezing u at the start would be first order in time and spirals a tracer
// outward in rotating flow; a predictor with the velocity at the start
// position x_n and a corrector with the velocity at the midpoint of x_n and
// the predicted end is second order (explicit midpoint rule for tracers).
// `fluid_velocity(const float (&x)[3], float (&u)[3])` samples the flow.
template <class FluidVelocity>
STIRLB_HD void advance_bead(const BeadParams& p, const float (&a_other)[3], const float (&u_start)[3], float h,
                            const FluidVelocity& fluid_velocity, float (&x)[3], float (&v)[3]) {
  float xp[3] = {x[0], x[1], x[2]}, vp[3] = {v[0], v[1], v[2]};
  exponential_step(u_start, a_other, response_time(p, u_start, v), h, xp, vp);
  const float mid[3] = {0.5f * (x[0] + xp[0]), 0.5f * (x[1] + xp[1]), 0.5f * (x[2] + xp[2])};
  float u_mid[3];
  fluid_velocity(mid, u_mid);
  exponential_step(u_mid, a_other, response_time(p, u_mid, v), h, x, v);
}

// The bead's force on the fluid over a step of length dt, lattice units, for
// the whole parcel: the reaction to the drag, i.e. the momentum change less
// what gravity, buoyancy and the fluid-acceleration terms supplied,
//   F = -weight rho_f V_p (r + C_A) (dv/dt - a_other).
// The fluid-acceleration (pressure-gradient and added-mass) terms are left
// out of the reaction: their Du/Dt is a difference of sampled velocities in
// the cell the reaction goes into, and feeding it back made every two-way
// tank run diverge (the parcel's own force accelerated its cell, which raised
// its Du/Dt, and so on). In steady settling the drag carries the excess
// weight, so the fluid still bears (r - 1) g per bead volume.
// dv is the change the fluid forces made, without wall impulses: the walls,
// not the fluid, take those.
STIRLB_HD void fluid_reaction(const BeadParams& p, float weight, const float (&dv)[3], const float (&a_other)[3],
                              float dt, float (&force)[3]) {
  const float parcel = weight * bead_volume(p.diameter);
  for (int k = 0; k < 3; ++k) force[k] = -parcel * (p.density_ratio + p.added_mass) * (dv[k] / dt - a_other[k]);
}

}  // namespace stirlb
