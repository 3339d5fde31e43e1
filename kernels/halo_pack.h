#pragma once
// Moving halo populations between the lattice and contiguous message
// buffers, by the slot lists of solver/parallel/halo_plan.h. Plain gathers
// and scatters: each slot appears once per list, so no two iterations touch
// the same memory.
#include <cstdint>
#include "hd.h"

namespace stirlb {

template <class T>
struct PackSlots {
  const T* f;
  const std::int64_t* slots;
  T* buffer;
  STIRLB_HD void operator()(std::int64_t i) const { buffer[i] = f[slots[i]]; }
};

template <class T>
struct UnpackSlots {
  T* f;
  const std::int64_t* slots;
  const T* buffer;
  STIRLB_HD void operator()(std::int64_t i) const { f[slots[i]] = buffer[i]; }
};

}  // namespace stirlb
