#pragma once
// One lattice update of one cell: stream in (with boundaries), collide, store
// for the next step. The whole time step is this functor over every cell.
#include <cstdint>
#include "boundary.h"
#include "collision.h"
#include "force_boxes.h"
#include "moments.h"
#include "smagorinsky.h"

namespace stirlb {

// The beads' reaction on the fluid (two-way coupling), added to `force`. The
// drag is F = E - K u, with u the velocity of this very step,
// u = (j + F_total/2)/rho (Guo): solved for F here, it damps every mode of the
// fluid, where a drag taken from the velocity of the step before (one step
// late) feeds the lattice's odd-even (period-two) oscillation instead and
// blew two-way tank runs up. `fh` are the cell's incoming populations.
template <class L>
STIRLB_HD void add_particle_force(const LatticeParams& p, std::int64_t n, const float (&fh)[L::Q],
                                  float (&force)[3]) {
  if (!p.particle_force) return;
  const std::int64_t cells = p.grid.cells();
  float fp[3] = {p.particle_force[n], p.particle_force[cells + n], p.particle_force[2 * cells + n]};
  const float k = p.particle_force[3 * cells + n];
  if (k > 0.f) {
    float drho = 0.f, j[3] = {0.f, 0.f, 0.f};
    for (int i = 0; i < L::Q; ++i) {
      drho += fh[i];
      j[0] += float(L::cx(i)) * fh[i];
      j[1] += float(L::cy(i)) * fh[i];
      j[2] += float(L::cz(i)) * fh[i];
    }
    const float inv_rho = 1.f / (1.f + drho);
    const float implicit = 1.f / (1.f + 0.5f * k * inv_rho);
    for (int a = 0; a < 3; ++a) fp[a] = (fp[a] - k * (j[a] + 0.5f * force[a]) * inv_rho) * implicit;
  }
  force[0] += fp[0];
  force[1] += fp[1];
  force[2] += fp[2];
}

// Uniform body force plus whatever the force boxes hold at this cell, plus
// the beads' reaction.
template <class L>
STIRLB_HD void cell_force(const LatticeParams& p, const ForceBoxes& boxes, int x, int y, int z,
                          const float (&fh)[L::Q], float (&force)[3]) {
  force[0] = p.body_force[0];
  force[1] = p.body_force[1];
  force[2] = p.body_force[2];
  if (boxes.count > 0) {
    const std::int64_t s = boxes.local_slot(x, y, z);
    if (s >= 0) {
      force[0] += boxes.force[s];
      force[1] += boxes.force[boxes.total + s];
      force[2] += boxes.force[2 * boxes.total + s];
    }
  }
  add_particle_force<L>(p, cell_index(p.grid, x, y, z), fh, force);
}

template <class L, class S>
STIRLB_HD void load_cell(const LatticeParams& p, const typename S::type* __restrict__ f,
                         const std::uint8_t* __restrict__ flags, const Neighbourhood& nb, bool last_odd,
                         float (&fh)[L::Q]) {
  const std::int64_t cells = p.grid.cells();
  static_for<L::Q>([&](auto direction) STIRLB_LAMBDA_INLINE {
    constexpr int i = decltype(direction)::value;
    fh[i] = incoming_population<L, S, i>(p, f, flags, nb, cells, last_odd);
  });
}

template <class L, class S>
STIRLB_HD void store_cell(const GridShape& g, typename S::type* __restrict__ f, const Neighbourhood& nb,
                          bool this_odd, const float (&fh)[L::Q]) {
  const std::int64_t cells = g.cells();
  static_for<L::Q>([&](auto direction) STIRLB_LAMBDA_INLINE {
    constexpr int i = decltype(direction)::value;
    f[post_collision_slot<L>(nb, cells, 0, 0, 0, i, this_odd)] = S::store(fh[i]);
  });
}

// Strain-rate tensor S = -Pi_neq / (2 rho cs^2 tau) from the non-equilibrium
// flux, xx yy zz xy xz yz: what the subgrid model, the derived fields and the
// particles all measure the local shear by.
STIRLB_HD void strain_rate(const Moments& m, const float (&force)[3], float tau, float (&strain)[6]) {
  float s[6];
  strain_flux(m, force, s);
  const float k = -1.5f / (m.rho * tau);
  for (int i = 0; i < 6; ++i) strain[i] = k * s[i];
}

// What the particles sample, from the moments the step has just computed:
// written here rather than in a separate pass so that particles cost no
// extra read of the populations.
STIRLB_HD void store_particle_field(const LatticeParams& p, std::int64_t n, const Moments& m,
                                    const float (&force)[3], float tau) {
  const std::int64_t cells = p.grid.cells();
  float strain[6];
  strain_rate(m, force, tau, strain);
  p.particle_field[n] = m.u[0];
  p.particle_field[cells + n] = m.u[1];
  p.particle_field[2 * cells + n] = m.u[2];
  p.particle_field[3 * cells + n] = sqrtf(2.f * double_dot(strain));
  p.particle_field[4 * cells + n] = kCs2 * (tau - 0.5f);
}

// Relaxation time after the subgrid model, from the strain-measuring flux
// (p.tau itself when the model is off, see smagorinsky_tau).
template <class L>
STIRLB_HD float effective_tau(const LatticeParams& p, const Moments& m, const float (&force)[3]) {
  float s[6];
  strain_flux(m, force, s);
  return smagorinsky_tau(p.tau, p.smagorinsky_c2, m.rho, sqrtf(double_dot(s)));
}

// Everything a cell does between streaming in and streaming out: moments,
// subgrid relaxation time, what the particles sample, collision.
// `MayStoreField` false promises that the particle field is off; `M`, what
// the caller knows of the force (collision.h).
template <class L, class Op, bool MayStoreField = true, Forcing M = Forcing::kWhereNonZero>
STIRLB_HD void collide_cell(const LatticeParams& p, std::int64_t n, const float (&force)[3], float (&fh)[L::Q]) {
  const Moments m = compute_moments<L>(fh, force);
  const float tau = effective_tau<L>(p, m, force);
  if constexpr (MayStoreField)
    if (p.particle_field) store_particle_field(p, n, m, force, tau);
  Op::template apply<L, M>(fh, m, 1.f / tau, force);
}

template <class L, class S, class Op>
struct StreamCollide {
  LatticeParams p;
  typename S::type* f;
  const std::uint8_t* flags;
  ForceBoxes forces;
  bool odd;                  // parity of this step

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(p.grid, x, y, z);
    if (flags[n] != kFluid) return;
    const Neighbourhood nb = neighbourhood(p.grid, x, y, z);
    float fh[L::Q];
    load_cell<L, S>(p, f, flags, nb, !odd, fh);
    float force[3];
    cell_force<L>(p, forces, x, y, z, fh, force);
    collide_cell<L, Op>(p, n, force, fh);
    store_cell<L, S>(p.grid, f, nb, odd, fh);
  }
};

// Equilibrium populations for a given density and velocity, stored as if the
// previous step had been odd, which is what step 0 (even) streams in. Writing
// through the same rule as a real step also fills the slots that boundary
// links read, so the first step sees a consistent state.
template <class L, class S>
struct InitializeEquilibrium {
  GridShape g;
  typename S::type* f;
  const std::uint8_t* flags;
  const float* rho;  // lattice density per cell
  const float* u;    // lattice velocity, 3 x cells SoA

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(g, x, y, z);
    if (flags[n] != kFluid) return;
    const std::int64_t cells = g.cells();
    float fh[L::Q];
    STIRLB_UNROLL
    for (int i = 0; i < L::Q; ++i)
      fh[i] = equilibrium_deviation<L>(i, rho[n], u[n], u[cells + n], u[2 * cells + n]);
    store_cell<L, S>(g, f, neighbourhood(g, x, y, z), true, fh);
  }
};

}  // namespace stirlb
