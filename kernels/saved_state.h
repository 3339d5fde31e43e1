#pragma once
// The lattice state without the AA pattern's parity: post-collision
// deviations per cell and direction (aa_streaming.h says where each lives).
// Checkpoints store this form, so they restart on any rank count or backend.
#include <cstdint>
#include "aa_streaming.h"
#include "cell_flags.h"
#include "precision.h"

namespace stirlb {

template <class L, class S>
struct SaveState {
  GridShape g;
  const typename S::type* f;
  const std::uint8_t* flags;
  bool last_odd;  // parity of the last step taken
  float* out;     // Q x cells

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(g, x, y, z), cells = g.cells();
    const bool fluid = flags[n] == kFluid;
    const Neighbourhood nb = neighbourhood(g, x, y, z);
    for (int k = 0; k < L::Q; ++k)
      out[k * cells + n] = fluid ? S::load(f[post_collision_slot<L>(nb, cells, 0, 0, 0, k, last_odd)]) : 0.f;
  }
};

template <class L, class S>
struct RestoreState {
  GridShape g;
  typename S::type* f;
  const std::uint8_t* flags;
  bool last_odd;
  const float* state;  // Q x cells

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(g, x, y, z), cells = g.cells();
    if (flags[n] != kFluid) return;
    const Neighbourhood nb = neighbourhood(g, x, y, z);
    for (int k = 0; k < L::Q; ++k)
      f[post_collision_slot<L>(nb, cells, 0, 0, 0, k, last_odd)] = S::store(state[k * cells + n]);
  }
};

}  // namespace stirlb
