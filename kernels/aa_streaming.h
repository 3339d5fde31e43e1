#pragma once
// In-place streaming by the AA pattern (Bailey et al. 2009): one array of
// populations, no second copy. Even steps read and write a cell's own slots
// (writing each direction into its opposite's slot); odd steps pull from and
// push to the neighbours. Every location a cell reads is the one it writes,
// so cells never race.
//
// The one rule both steps share: after a step of parity p, the post-collision
// population k of cell z lives at
//   p even: slot opposite(k) of cell z
//   p odd:  slot k of cell z + c_k
// Reading, boundary conditions and initialisation are all phrased with it.
#include <cstdint>
#include "lattice.h"
#include "lattice_params.h"

namespace stirlb {

STIRLB_HD std::int64_t cell_index(const GridShape& g, int x, int y, int z) {
  return std::int64_t(x) + std::int64_t(g.nx) * (std::int64_t(y) + std::int64_t(g.ny) * z);
}

STIRLB_HD int wrap(int v, int n) { return v < 0 ? v + n : (v >= n ? v - n : v); }

// The 3 x 3 x 3 cells around one cell, wrapped on periodic axes, as index
// parts per axis. Every address the AA rule touches lies in it, so a cell
// computes these nine numbers once and each access is two additions (with the
// offsets compile-time constants). On closed axes the solid boundary layer
// guarantees that fluid cells never wrap.
struct Neighbourhood {
  std::int64_t x[3], y[3], z[3];
  STIRLB_HD std::int64_t at(int dx, int dy, int dz) const { return x[dx + 1] + y[dy + 1] + z[dz + 1]; }
};

STIRLB_HD Neighbourhood neighbourhood(const GridShape& g, int x, int y, int z) {
  const std::int64_t sy = g.nx, sz = std::int64_t(g.nx) * g.ny;
  Neighbourhood nb;
  for (int d = -1; d <= 1; ++d) {
    nb.x[d + 1] = wrap(x + d, g.nx);
    nb.y[d + 1] = sy * wrap(y + d, g.ny);
    nb.z[d + 1] = sz * wrap(z + d, g.nz);
  }
  return nb;
}

// Address of the post-collision population k of the cell at offset
// (ox, oy, oz) from the neighbourhood's centre, after a step of parity
// `last_odd`; `cells` is the grid's cell count.
template <class L>
STIRLB_HD std::int64_t post_collision_slot(const Neighbourhood& nb, std::int64_t cells, int ox, int oy, int oz,
                                           int k, bool last_odd) {
  if (last_odd) return std::int64_t(k) * cells + nb.at(ox + L::cx(k), oy + L::cy(k), oz + L::cz(k));
  return std::int64_t(opposite(k)) * cells + nb.at(ox, oy, oz);
}

}  // namespace stirlb
