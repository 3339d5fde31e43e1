#pragma once
// Population i arriving at a fluid cell, from its upstream neighbour x - c_i
// or, when that neighbour is solid, from the boundary law of the solid cell.
// All walls sit halfway between the fluid cell and the solid one.
#include <cstdint>
#include "aa_streaming.h"
#include "cell_flags.h"

namespace stirlb {

// Direction whose velocity equals c_i with component `axis` negated. The
// table is built by the compiler; device code indexes a constant, never runs
// the search.
struct ReflectionTable {
  int r[3][27];
};

template <class L>
STIRLB_HD constexpr ReflectionTable build_reflections() {
  ReflectionTable t{};
  for (int axis = 0; axis < 3; ++axis)
    for (int i = 0; i < L::Q; ++i) {
      const int tx = axis == 0 ? -L::cx(i) : L::cx(i);
      const int ty = axis == 1 ? -L::cy(i) : L::cy(i);
      const int tz = axis == 2 ? -L::cz(i) : L::cz(i);
      t.r[axis][i] = i;
      for (int r = 0; r < L::Q; ++r)
        if (L::cx(r) == tx && L::cy(r) == ty && L::cz(r) == tz) t.r[axis][i] = r;
    }
  return t;
}

template <class L>
STIRLB_HD constexpr int reflect(int i, int axis) {
  return build_reflections<L>().r[axis][i];
}

template <class L>
STIRLB_HD constexpr int component(int i, int axis) {
  return axis == 0 ? L::cx(i) : (axis == 1 ? L::cy(i) : L::cz(i));
}

// `last_odd` is the parity of the previous step, whose post-collision values
// are what this step streams in. The direction is a template argument so that
// every table lookup below is resolved at compile time.
template <class L, class S, int i>
STIRLB_HD float incoming_population(const LatticeParams& p, const typename S::type* __restrict__ f,
                                    const std::uint8_t* __restrict__ flags, const CellCoord& c, bool last_odd) {
  const GridShape& g = p.grid;
  const CellCoord src{wrap(c.x - L::cx(i), g.nx), wrap(c.y - L::cy(i), g.ny), wrap(c.z - L::cz(i), g.nz)};
  const std::uint8_t src_flag = flags[cell_index(g, src.x, src.y, src.z)];
  const CellKind kind = cell_kind(src_flag);
  if (kind == kFluid) return S::load(f[post_collision_slot<L>(g, src, i, last_odd)]);

  // The population that left this cell towards the wall comes back reversed.
  const float bounced = S::load(f[post_collision_slot<L>(g, c, opposite(i), last_odd)]);
  if (kind == kWall) return bounced;
  if (kind == kMovingWall) {
    // Ladd (1994): the wall adds 2 w rho (c.u_w)/cs^2 with rho taken as the
    // reference density, which keeps mass exact for tangential walls.
    const float* uw = p.wall_velocity + 3 * cell_detail(src_flag);
    const float cu = float(L::cx(i)) * uw[0] + float(L::cy(i)) * uw[1] + float(L::cz(i)) * uw[2];
    return bounced + 6.f * L::w(i) * cu;
  }
  // Free slip: specular reflection off a plane normal to `axis`. The population
  // left the in-plane neighbour with its normal component reversed.
  const int axis = cell_detail(src_flag);
  const int normal = component<L>(i, axis);
  if (normal == 0) return bounced;  // a tangential link into a slip cell: a corner
  const int ox = axis == 0 ? 0 : L::cx(i), oy = axis == 1 ? 0 : L::cy(i), oz = axis == 2 ? 0 : L::cz(i);
  if (ox == 0 && oy == 0 && oz == 0) return bounced;  // normal incidence
  const CellCoord from{wrap(c.x - ox, g.nx), wrap(c.y - oy, g.ny), wrap(c.z - oz, g.nz)};
  if (cell_kind(flags[cell_index(g, from.x, from.y, from.z)]) != kFluid) return bounced;
  // One branch per axis keeps the reflected direction a compile-time constant.
  constexpr int r0 = reflect<L>(i, 0), r1 = reflect<L>(i, 1), r2 = reflect<L>(i, 2);
  if (axis == 0) return S::load(f[post_collision_slot<L>(g, from, r0, last_odd)]);
  if (axis == 1) return S::load(f[post_collision_slot<L>(g, from, r1, last_odd)]);
  return S::load(f[post_collision_slot<L>(g, from, r2, last_odd)]);
}

}  // namespace stirlb
