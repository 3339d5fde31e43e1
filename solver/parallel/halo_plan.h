#pragma once
// What a halo exchange moves, apart from how (halo_transport.h). The AA
// pattern (kernels/aa_streaming.h) needs two different exchanges:
//   after an even step, every post-collision population lies in its own
//   cell, and the odd step will pull the ones that cross into this block
//   from the ghost cells: owners fill their neighbours' ghosts;
//   after an odd step, border cells have pushed populations into ghost
//   cells: those go back to the ranks that own the cells.
// Only populations that cross the shared face, edge or corner move: 5 per
// face cell, 1 per edge cell and none per corner in D3Q19.
#include <array>
#include <cstdint>
#include <vector>
#include "decomposition.h"

namespace stirlb {

struct HaloMessage {
  int neighbour_index;  // offset from this rank, neighbour_index() numbering
  int rank;             // the rank there (may be this one, across a periodic axis)
  std::int64_t offset;  // first population of this message in the send and receive buffers
  std::int64_t count;   // populations each way (the exchange is symmetric)
};

struct HaloPlan {
  std::vector<HaloMessage> messages;
  // Local population slots (direction slot x local cells + cell), in
  // message order: [0] after an even step, [1] after an odd one.
  std::vector<std::int64_t> send_slots[2], recv_slots[2];
  std::int64_t populations() const { return std::int64_t(send_slots[0].size()); }
};

// `velocities`: the velocity set, in the kernels' order (opposites paired).
HaloPlan make_halo_plan(const Block& block, const std::vector<std::array<int, 3>>& velocities);

// The velocity set of the stencil named ("D3Q19" or "D3Q27").
std::vector<std::array<int, 3>> velocity_set(int q);

}  // namespace stirlb
