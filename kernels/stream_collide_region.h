#pragma once
// One stream-collide pass over a region of the grid, for an execution policy:
// every cell through the general update (StreamCollide) or, where the policy
// has vector rows (the CPU), the bulk runs through StreamCollideBulk and the
// rest through the general update. Both give the same populations.
#include <type_traits>
#include "bulk_runs.h"
#include "stream_collide.h"
#include "stream_collide_bulk.h"

namespace stirlb {

template <class Exec, class L, class S, class Op>
void stream_collide_region(const LatticeParams& p, typename S::type* f, const std::uint8_t* flags,
                           const ForceBoxes& forces, const BulkRuns& runs, const IndexBox& region, bool odd) {
  const StreamCollide<L, S, Op> general{p, f, flags, forces, odd};
  if constexpr (Exec::kBulkRows) {
    // The choices every bulk cell shares become template arguments, so that
    // the vector loop has no branch left.
    const bool beads = p.particle_force || p.particle_field, body = has_force(p.body_force);
    auto split = [&](auto bulk) { Exec::for_each_cell_split(p.grid, region, runs, general, bulk); };
    auto with_parity = [&](auto parity) {
      constexpr bool O = decltype(parity)::value;
      if (beads)
        split(StreamCollideBulk<L, S, Op, O, true, Forcing::kWhereNonZero>{p, f});
      else if (body)
        split(StreamCollideBulk<L, S, Op, O, false, Forcing::kAlways>{p, f});
      else
        split(StreamCollideBulk<L, S, Op, O, false, Forcing::kNever>{p, f});
    };
    if (odd)
      with_parity(std::true_type{});
    else
      with_parity(std::false_type{});
  } else {
    Exec::for_each_cell_in(region, general);
  }
}

}  // namespace stirlb
