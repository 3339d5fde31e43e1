#pragma once
// What a bead sees of the fluid: the particle field (particle_types.h)
// interpolated trilinearly between cell centres at the bead's position.
#include <cmath>
#include <cstdint>
#include "particle_types.h"

namespace stirlb {

struct FluidSample {
  float u[3];
  float shear_rate;
  float viscosity;
};

// Component c of local cell n lives at field[c * cells + n], n = x + nx (y +
// ny z); cell i has its centre at i + 0.5. Beads stay within one cell of the
// owned block, so all eight corners are in the local grid with its ghosts;
// the indices are clamped all the same, so that a stray position reads the
// nearest cells instead of memory outside the field.
//
// The velocity is zero in solid cells, which is the wall's velocity: near a
// wall the interpolation leans towards no slip, as it should. The shear rate
// and viscosity are zero there only because solid cells have none, so those
// two are averaged over the fluid corners alone (viscosity > 0 marks fluid:
// every fluid cell has at least the molecular viscosity).
STIRLB_HD FluidSample sample_particle_field(const float* field, const ParticleGrid& g, const float (&x)[3]) {
  const int n[3] = {g.nx, g.ny, g.nz};
  int lo[3], hi[3];
  float w[3];
  for (int a = 0; a < 3; ++a) {
    // Weights from the whole-lattice coordinate and only the integer index
    // shifted to the block: float arithmetic relative to the block's origin
    // would round differently on each rank count.
    const float centred = x[a] - 0.5f;
    const float below = floorf(centred);
    w[a] = fminf(fmaxf(centred - below, 0.f), 1.f);
    int i = int(below) - g.origin[a];
    i = i < -1 ? -1 : (i > n[a] ? n[a] : i);
    lo[a] = i < 0 ? 0 : (i > n[a] - 1 ? n[a] - 1 : i);
    hi[a] = i + 1 < 0 ? 0 : (i + 1 > n[a] - 1 ? n[a] - 1 : i + 1);
  }
  const std::int64_t cells = g.cells();
  FluidSample s = {{0.f, 0.f, 0.f}, 0.f, 0.f};
  float fluid_weight = 0.f;
  for (int dz = 0; dz < 2; ++dz)
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const float wc = (dx ? w[0] : 1.f - w[0]) * (dy ? w[1] : 1.f - w[1]) * (dz ? w[2] : 1.f - w[2]);
        const std::int64_t c =
            (dx ? hi[0] : lo[0]) + std::int64_t(g.nx) * ((dy ? hi[1] : lo[1]) + std::int64_t(g.ny) * (dz ? hi[2] : lo[2]));
        for (int k = 0; k < 3; ++k) s.u[k] += wc * field[k * cells + c];
        const float nu = field[kFluidViscosity * cells + c];
        if (nu > 0.f) {
          s.shear_rate += wc * field[kFluidShearRate * cells + c];
          s.viscosity += wc * nu;
          fluid_weight += wc;
        }
      }
  if (fluid_weight > 0.f) {
    s.shear_rate /= fluid_weight;
    s.viscosity /= fluid_weight;
  }
  return s;
}

}  // namespace stirlb
