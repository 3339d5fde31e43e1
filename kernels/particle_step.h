#pragma once
// One lattice step (dt = 1) of one bead: sample the fluid, integrate the
// forces (particle_laws.h) in sub-steps, keep the bead out of the walls and
// the rotor (particle_walls.h), and book-keep its contact history. The CPU
// backend runs it over the beads with OpenMP, the CUDA backend one thread per
// bead; each bead only reads shared data and writes its own slots, so the
// result is the same on every run (no atomics, no random numbers).
#include <cstdint>
#include "particle_field.h"
#include "particle_laws.h"
#include "particle_types.h"
#include "particle_walls.h"

namespace stirlb {

// Rotor angle k/n of the way through the step (the short way round, should
// the caller wrap the angle in between); the ends exactly as given, so that
// one step's end and the next one's start put the rotor in the same place.
STIRLB_HD float rotor_angle_at(const RotorMotion& m, int k, int n) {
  if (k == 0) return m.angle_before;
  if (k == n) return m.angle_after;
  return m.angle_before + rotor_turn(m) * (float(k) / float(n));
}

struct AdvanceBeads {
  Bead* beads;
  const float* field;
  const std::uint8_t* flags;
  ParticleGrid grid;
  BeadParams params;
  RotorTriangles rotor;
  RotorMotion motion;
  std::int64_t step;  // index of the step being taken
  float* reaction;    // nullable: 3 floats per bead, the force on the fluid (lattice units)

  STIRLB_HD void operator()(std::int64_t i) const {
    Bead b = beads[i];
    const FluidSample here = sample_particle_field(field, grid, b.x);
    float force[3] = {0.f, 0.f, 0.f};
    bool bottom = false;
    if (step >= params.release_step) {
      // Du/Dt as the change of the sampled velocity along the bead's path
      // since the previous step. Microcarriers are nearly neutrally buoyant
      // and slip little, so this is close to the material derivative, and it
      // costs no extra field (nor a time level of the velocity). The step of
      // release has no previous sample on the path: it takes 0.
      const bool first = (b.state & kBeadReleased) == 0u;
      float du_dt[3], a_other[3];
      for (int k = 0; k < 3; ++k) du_dt[k] = first ? 0.f : here.u[k] - b.fluid_u[k];
      other_acceleration(params, du_dt, a_other);
      b.state |= kBeadReleased;

      // As far as either the bead's own velocity or its equilibrium velocity
      // in this flow would carry it.
      const float tau = response_time(params, here.u, b.v);
      float v2 = 0.f, eq2 = 0.f;
      for (int k = 0; k < 3; ++k) {
        const float eq = here.u[k] + tau * a_other[k];
        v2 += b.v[k] * b.v[k];
        eq2 += eq * eq;
      }
      const int n = bead_substeps(sqrtf(fmaxf(v2, eq2)));
      const float h = 1.f / float(n);
      const auto fluid_velocity = [&](const float (&x)[3], float (&u)[3]) {
        const FluidSample s = sample_particle_field(field, grid, x);
        for (int k = 0; k < 3; ++k) u[k] = s.u[k];
      };
      float dv[3] = {0.f, 0.f, 0.f};  // what the fluid forces changed, for the reaction
      for (int sub = 0; sub < n; ++sub) {
        // Each sub-step takes its share of the damage dose under the stress
        // where it starts: a uniform stress gives the same dose whatever n.
        const FluidSample start = sub == 0 ? here : sample_particle_field(field, grid, b.x);
        accumulate_damage(params.damage, local_stress(start.shear_rate, start.viscosity, params.damage.si), h,
                          b.damage);
        const float u_start[3] = {start.u[0], start.u[1], start.u[2]};
        const float x0[3] = {b.x[0], b.x[1], b.x[2]};
        const float v0[3] = {b.v[0], b.v[1], b.v[2]};
        advance_bead(params, a_other, u_start, h, fluid_velocity, b.x, b.v);
        for (int k = 0; k < 3; ++k) dv[k] += b.v[k] - v0[k];
        bottom = move_past_walls(flags, grid, params, x0, b.x, b.v).bottom || bottom;
        RotorMotion part = motion;
        part.angle_before = rotor_angle_at(motion, sub, n);
        part.angle_after = rotor_angle_at(motion, sub + 1, n);
        float pushed[3] = {b.x[0], b.x[1], b.x[2]};
        if (collide_with_rotor(rotor, part, params, x0, pushed, b.v)) {
          // The push off the rotor must not carry the bead into a wall either.
          const float at[3] = {b.x[0], b.x[1], b.x[2]};
          bottom = move_past_walls(flags, grid, params, at, pushed, b.v).bottom || bottom;
          for (int k = 0; k < 3; ++k) b.x[k] = pushed[k];
        }
      }
      fluid_reaction(params, b.weight, dv, a_other, 1.f, force);
      b.age += 1.f;
      b.bottom_time = bottom ? b.bottom_time + 1.f : 0.f;
      b.since_bottom = bottom ? 0.f : b.since_bottom + 1.f;
    }
    // The samples at the start of the step: the next step's Du/Dt compares
    // its own start-of-step sample with this one, one step apart on the path.
    for (int k = 0; k < 3; ++k) b.fluid_u[k] = here.u[k];
    b.shear_rate = here.shear_rate;
    b.viscosity = here.viscosity;
    b.state = bottom ? (b.state | kBeadBottomContact) : (b.state & ~std::uint32_t(kBeadBottomContact));
    int cell[3];
    cell_of(b.x, cell);
    bool owned = true;
    for (int k = 0; k < 3; ++k) {
      const int local = cell[k] - grid.origin[k];
      owned = owned && local >= grid.owned_lo[k] && local < grid.owned_hi[k];
    }
    b.state = owned ? (b.state & ~std::uint32_t(kBeadLeftBlock)) : (b.state | kBeadLeftBlock);
    beads[i] = b;
    if (reaction)
      for (int k = 0; k < 3; ++k) reaction[3 * i + k] = force[k];
  }
};

}  // namespace stirlb
