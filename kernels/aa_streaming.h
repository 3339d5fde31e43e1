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

struct CellCoord {
  int x, y, z;
};

STIRLB_HD std::int64_t cell_index(const GridShape& g, int x, int y, int z) {
  return std::int64_t(x) + std::int64_t(g.nx) * (std::int64_t(y) + std::int64_t(g.ny) * z);
}

STIRLB_HD int wrap(int v, int n) { return v < 0 ? v + n : (v >= n ? v - n : v); }

// Neighbour at offset (dx,dy,dz) with periodic wrap. On closed axes the solid
// boundary layer guarantees that fluid cells never wrap.
STIRLB_HD std::int64_t neighbour(const GridShape& g, int x, int y, int z, int dx, int dy, int dz) {
  return cell_index(g, wrap(x + dx, g.nx), wrap(y + dy, g.ny), wrap(z + dz, g.nz));
}

template <class L>
STIRLB_HD std::int64_t neighbour(const GridShape& g, const CellCoord& c, int k, int sign) {
  return neighbour(g, c.x, c.y, c.z, sign * L::cx(k), sign * L::cy(k), sign * L::cz(k));
}

// Address of the post-collision population k of cell zc after a step of
// parity `last_odd`.
template <class L>
STIRLB_HD std::int64_t post_collision_slot(const GridShape& g, const CellCoord& zc, int k, bool last_odd) {
  const std::int64_t n = g.cells();
  if (last_odd) return std::int64_t(k) * n + neighbour<L>(g, zc, k, +1);
  return std::int64_t(opposite(k)) * n + cell_index(g, zc.x, zc.y, zc.z);
}

}  // namespace stirlb
