// What the halo sends: only the populations that cross each face, edge and
// corner, each slot once, the same count both ways.
#include <gtest/gtest.h>
#include <set>
#include "solver/parallel/halo_plan.h"

using namespace stirlb;

namespace {

// A block of 4 x 5 x 6 cells with a neighbour on every side (all periodic,
// as on one rank that wraps onto itself).
Block surrounded_block() {
  Block b;
  b.global = {4, 5, 6};
  b.lo = {0, 0, 0};
  b.n = {4, 5, 6};
  b.periodic = {true, true, true};
  b.procs = {1, 1, 1};
  b.neighbour.fill(0);
  return b;
}

// Populations that leave the block, counted cell by cell: each must travel
// exactly once, in the message of the neighbour it lands in.
std::int64_t leaving(const Block& b, const std::vector<std::array<int, 3>>& c) {
  std::int64_t count = 0;
  for (int z = 1; z <= b.n[2]; ++z)
    for (int y = 1; y <= b.n[1]; ++y)
      for (int x = 1; x <= b.n[0]; ++x)
        for (const auto& v : c) {
          const int t[3] = {x + v[0], y + v[1], z + v[2]};
          bool inside = true;
          for (int a = 0; a < 3; ++a) inside = inside && t[a] >= 1 && t[a] <= b.n[std::size_t(a)];
          count += !inside;
        }
  return count;
}

}  // namespace

TEST(HaloPlan, D3Q19SendsEveryLeavingPopulationOnce) {
  const Block b = surrounded_block();
  const HaloPlan plan = make_halo_plan(b, velocity_set(19));
  EXPECT_EQ(plan.populations(), leaving(b, velocity_set(19)));
  // Only the crossing ones: 5 of 19 per cell of a face, far less than all.
  EXPECT_LT(plan.populations(), 2 * 5 * (4 * 5 + 5 * 6 + 4 * 6) + 4 * (4 + 5 + 6));
  EXPECT_EQ(plan.messages.size(), 18u);  // 6 faces + 12 edges; corners carry nothing in D3Q19
}

TEST(HaloPlan, D3Q27AddsCorners) {
  const Block b = surrounded_block();
  const HaloPlan plan = make_halo_plan(b, velocity_set(27));
  EXPECT_EQ(plan.populations(), leaving(b, velocity_set(27)));
  EXPECT_EQ(plan.messages.size(), 26u);
}

TEST(HaloPlan, EverySlotAppearsOncePerListAndListsMatch) {
  const Block b = surrounded_block();
  const HaloPlan plan = make_halo_plan(b, velocity_set(19));
  for (int p = 0; p < 2; ++p) {
    ASSERT_EQ(plan.send_slots[p].size(), plan.recv_slots[p].size());
    for (const auto* list : {&plan.send_slots[p], &plan.recv_slots[p]}) {
      const std::set<std::int64_t> unique(list->begin(), list->end());
      EXPECT_EQ(unique.size(), list->size()) << "parity " << p;
    }
  }
  // Messages tile the buffers in order.
  std::int64_t at = 0;
  for (const HaloMessage& m : plan.messages) {
    EXPECT_EQ(m.offset, at);
    at += m.count;
  }
  EXPECT_EQ(at, plan.populations());
}

TEST(HaloPlan, NoNeighbourNoMessage) {
  Block b = surrounded_block();
  b.neighbour.fill(-1);  // closed on every side, one rank
  EXPECT_TRUE(make_halo_plan(b, velocity_set(19)).messages.empty());
  // A neighbour only across +x (5 x 6 face): the straight population from
  // every face cell, the four diagonal ones where they stay within the face.
  b.neighbour[std::size_t(neighbour_index(1, 0, 0))] = 1;
  const HaloPlan plan = make_halo_plan(b, velocity_set(19));
  ASSERT_EQ(plan.messages.size(), 1u);
  EXPECT_EQ(plan.messages[0].count, 5 * 6 + 2 * 4 * 6 + 2 * 5 * 5);
  EXPECT_EQ(plan.messages[0].rank, 1);
}
