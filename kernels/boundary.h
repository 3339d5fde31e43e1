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

template <class L, class S, int i, int axis>
STIRLB_HD float specular(const typename S::type* __restrict__ f, const std::uint8_t* __restrict__ flags,
                         const Neighbourhood& nb, std::int64_t cells, bool last_odd, float bounced) {
  constexpr int normal = component<L>(i, axis);
  constexpr int tx = axis == 0 ? 0 : L::cx(i), ty = axis == 1 ? 0 : L::cy(i), tz = axis == 2 ? 0 : L::cz(i);
  // A tangential link into a slip cell is a corner; normal incidence reflects
  // straight back. Both are plain bounce-back.
  if constexpr (normal == 0 || (tx == 0 && ty == 0 && tz == 0)) {
    return bounced;
  } else {
    if (cell_kind(flags[nb.at(-tx, -ty, -tz)]) != kFluid) return bounced;
    constexpr int r = reflect<L>(i, axis);
    return S::load(f[post_collision_slot<L>(nb, cells, -tx, -ty, -tz, r, last_odd)]);
  }
}

// `last_odd` is the parity of the previous step, whose post-collision values
// are what this step streams in. The direction is a template argument so that
// every table lookup and neighbour offset below is a compile-time constant.
template <class L, class S, int i>
STIRLB_HD float incoming_population(const LatticeParams& p, const typename S::type* __restrict__ f,
                                    const std::uint8_t* __restrict__ flags, const Neighbourhood& nb,
                                    std::int64_t cells, bool last_odd) {
  constexpr int cx = L::cx(i), cy = L::cy(i), cz = L::cz(i);
  const std::uint8_t src_flag = flags[nb.at(-cx, -cy, -cz)];
  const CellKind kind = cell_kind(src_flag);
  if (kind == kFluid) return S::load(f[post_collision_slot<L>(nb, cells, -cx, -cy, -cz, i, last_odd)]);

  // The population that left this cell towards the wall comes back reversed.
  const float bounced = S::load(f[post_collision_slot<L>(nb, cells, 0, 0, 0, opposite(i), last_odd)]);
  if (kind == kWall) return bounced;
  if (kind == kMovingWall) {
    // Ladd (1994): the wall adds 2 w rho (c.u_w)/cs^2 with rho taken as the
    // reference density, which keeps mass exact for tangential walls.
    const float* uw = p.wall_velocity + 3 * cell_detail(src_flag);
    return bounced + 6.f * L::w(i) * (float(cx) * uw[0] + float(cy) * uw[1] + float(cz) * uw[2]);
  }
  // Free slip: specular reflection off a plane normal to `axis`. The population
  // left the in-plane neighbour (this cell minus the tangential part of c_i)
  // with its normal component reversed. One branch per axis keeps every
  // offset a compile-time constant.
  const int axis = cell_detail(src_flag);
  if (axis == 0) return specular<L, S, i, 0>(f, flags, nb, cells, last_odd, bounced);
  if (axis == 1) return specular<L, S, i, 1>(f, flags, nb, cells, last_odd, bounced);
  return specular<L, S, i, 2>(f, flags, nb, cells, last_odd, bounced);
}

}  // namespace stirlb
