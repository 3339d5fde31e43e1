#pragma once
// Collision operators. Each takes the populations of one cell (as deviations
// from rest), its moments and the relaxation rate, and overwrites them with
// post-collision deviations, Guo forcing included.
#include "equilibrium.h"
#include "forcing.h"
#include "moments.h"

namespace stirlb {

// Most cells of a stirred tank carry no force (only those near the impeller
// markers do), so the 19-27 source terms are skipped where F = 0.
STIRLB_HD bool has_force(const float (&force)[3]) { return force[0] != 0.f || force[1] != 0.f || force[2] != 0.f; }

// What a caller knows of the force before the collision: a per-cell test,
// or (a loop whose cells all share one force, see stream_collide_bulk.h) the
// answer already, which leaves no branch in the loop body. The source term
// of F = 0 is zero, so every choice gives the same populations.
enum class Forcing { kWhereNonZero, kAlways, kNever };

template <Forcing M>
STIRLB_HD bool add_source(const float (&force)[3]) {
  if constexpr (M == Forcing::kAlways) return true;
  if constexpr (M == Forcing::kNever) return false;
  return has_force(force);
}

// Single-relaxation-time BGK: the reference operator.
struct CollideBGK {
  static constexpr const char* name = "bgk";
  template <class L, Forcing M = Forcing::kWhereNonZero>
  STIRLB_HD static void apply(float (&fh)[L::Q], const Moments& m, float omega, const float (&force)[3]) {
    const float source_factor = 1.f - 0.5f * omega;
    const bool forced = add_source<M>(force);
    STIRLB_UNROLL
    for (int i = 0; i < L::Q; ++i) {
      const float feq = equilibrium_deviation<L>(i, m.rho, m.u[0], m.u[1], m.u[2]);
      fh[i] = fh[i] - omega * (fh[i] - feq);
      if (forced) fh[i] += source_factor * guo_source<L>(i, m.u, force);
    }
  }
};

// Regularized BGK (Latt & Chopard 2006): the non-equilibrium part is replaced
// by its projection on the second-order Hermite polynomial before relaxing.
// Ghost moments that BGK lets grow in under-resolved turbulence are filtered
// every step, at the cost of a few more flops and no extra memory traffic.
// With Guo forcing the first-order non-equilibrium moment is j - rho u = -F/2;
// it is kept in the projection, or the fluid would gain less than F per step.
struct CollideRegularized {
  static constexpr const char* name = "regularized";
  template <class L, Forcing M = Forcing::kWhereNonZero>
  STIRLB_HD static void apply(float (&fh)[L::Q], const Moments& m, float omega, const float (&force)[3]) {
    const float source_factor = 1.f - 0.5f * omega;
    const bool forced = add_source<M>(force);
    const float* p = m.pi_neq;
    const float trace = p[0] + p[1] + p[2];
    STIRLB_UNROLL
    for (int i = 0; i < L::Q; ++i) {
      const float cx = float(L::cx(i)), cy = float(L::cy(i)), cz = float(L::cz(i));
      // Q_i : Pi with Q_i = c_i c_i - cs^2 I
      const float q_pi = cx * cx * p[0] + cy * cy * p[1] + cz * cz * p[2] +
                         2.f * (cx * cy * p[3] + cx * cz * p[4] + cy * cz * p[5]) - kCs2 * trace;
      const float cf = cx * force[0] + cy * force[1] + cz * force[2];
      const float f1 = L::w(i) * (4.5f * q_pi - 1.5f * cf);
      const float feq = equilibrium_deviation<L>(i, m.rho, m.u[0], m.u[1], m.u[2]);
      fh[i] = feq + (1.f - omega) * f1;
      if (forced) fh[i] += source_factor * guo_source<L>(i, m.u, force);
    }
  }
};

}  // namespace stirlb
