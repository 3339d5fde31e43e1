#pragma once
// The lattice update of a bulk cell: one whose every neighbour is fluid, lies
// inside the grid without wrapping, and which carries no force-box force.
// Such a cell streams with no boundary logic, every address is its own index
// plus a compile-time offset (the AA parity is a template parameter), and
// consecutive cells of a row are independent, so the CPU loop vectorises a
// run of them. Most cells of a tank are bulk. The arithmetic is
// StreamCollide's, call for call, so both give the same populations.
#include <cstdint>
#include "stream_collide.h"

namespace stirlb {

// The 3 x 3 x 3 neighbourhood of linear index n on a grid where it does not
// wrap: the same address rule as neighbourhood(), without the wrap.
STIRLB_HD Neighbourhood bulk_neighbourhood(const GridShape& g, std::int64_t n) {
  const std::int64_t sy = g.nx, sz = std::int64_t(g.nx) * g.ny;
  Neighbourhood nb;
  nb.x[0] = n - 1, nb.x[1] = n, nb.x[2] = n + 1;
  nb.y[0] = -sy, nb.y[1] = 0, nb.y[2] = sy;
  nb.z[0] = -sz, nb.z[1] = 0, nb.z[2] = sz;
  return nb;
}

// `Beads`: whether the microcarriers' field and force are on. Without them
// every bulk cell has the body force alone, whose being zero or not the
// caller states as `M`; the loop body is then free of branches and of
// conditional memory access, which is what lets it vectorise. With beads it
// still saves the boundary logic.
template <class L, class S, class Op, bool Odd, bool Beads, Forcing M>
struct StreamCollideBulk {
  LatticeParams p;
  typename S::type* f;

  STIRLB_HD void operator()(std::int64_t n) const {
    const std::int64_t cells = p.grid.cells();
    const Neighbourhood nb = bulk_neighbourhood(p.grid, n);
    float fh[L::Q];
    static_for<L::Q>([&](auto direction) STIRLB_LAMBDA_INLINE {
      constexpr int i = decltype(direction)::value;
      fh[i] = S::load(f[post_collision_slot<L>(nb, cells, -L::cx(i), -L::cy(i), -L::cz(i), i, !Odd)]);
    });
    float force[3] = {p.body_force[0], p.body_force[1], p.body_force[2]};
    if constexpr (Beads) add_particle_force<L>(p, n, fh, force);
    collide_cell<L, Op, Beads, M>(p, n, force, fh);
    store_cell<L, S>(p.grid, f, nb, Odd, fh);
  }
};

}  // namespace stirlb
