// Connected hot-spot regions on a decomposed grid (run under mpirun with 1, 2
// and 4 ranks, over several process layouts): a synthetic mask whose regions
// are known from the shapes that make it, so every label, cell count,
// centroid and value statistic is checked against numbers computed here from
// the formula, not against another run.
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "solver/hotspot_regions.h"
#include "solver/parallel/decomposition.h"
#include "tests/parallel/mpi_world.h"

namespace stirlb {
namespace {

constexpr int X = 24, Y = 20, Z = 16;
constexpr std::int64_t kCells = std::int64_t(X) * Y * Z;

using testing::world_rank;
using testing::world_size;

struct Box {
  int x0, x1, y0, y1, z0, z1;  // inclusive
  bool has(int x, int y, int z) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1 && z >= z0 && z <= z1; }
};

// In the order their labels must come out: by size, then by smallest linear
// index. No two shapes share a face.
const std::vector<std::vector<Box>>& shapes() {
  static const std::vector<std::vector<Box>> s = {
      // An L: a 2x2 bar along x through the middle (crosses x = 12, y = 10 and
      // z = 8, where 2- and 4-rank splits cut) and a bar along y from its end.
      {{1, 22, 9, 10, 7, 8}, {1, 2, 11, 17, 7, 8}},  // 88 + 28 = 116 cells
      {{16, 20, 14, 17, 11, 13}},                    // a box, 60 cells
      // A U joined only at its top: a z-split sees two pieces on the lower rank.
      {{10, 10, 3, 3, 1, 12}, {14, 14, 3, 3, 1, 12}, {11, 13, 3, 3, 12, 12}},  // 27 cells
      {{2, 5, 2, 4, 2, 3}},                                                     // a box, 24 cells
      // Two cells touching at an edge only (across x = 12): two regions.
      {{11, 11, 15, 15, 14, 14}},
      {{12, 12, 16, 16, 14, 14}},
      {{22, 22, 18, 18, 15, 15}},  // a single cell
  };
  return s;
}
const std::vector<std::int64_t> kShapeCells = {116, 60, 27, 24, 1, 1, 1};

int shape_of(int x, int y, int z) {
  for (std::size_t s = 0; s < shapes().size(); ++s)
    for (const Box& b : shapes()[s])
      if (b.has(x, y, z)) return int(s);
  return -1;
}
std::int64_t linear(int x, int y, int z) { return x + std::int64_t(X) * (y + std::int64_t(Y) * z); }
// Quarter-integers: sums are exact in double, so means can be compared exactly.
float value_of(int x, int y, int z) {
  if (shape_of(x, y, z) < 0) return 1000.f;  // outside: must never reach a statistic
  return 1.f + float((7 * x + 13 * y + 29 * z) % 17) / 4.f;
}

struct Expected {
  std::int64_t cells = 0, sx = 0, sy = 0, sz = 0, min = std::numeric_limits<std::int64_t>::max();
  double sum = 0, max = -1;
};
std::vector<Expected> expected_regions() {
  std::vector<Expected> e(shapes().size());
  for (int z = 0; z < Z; ++z)
    for (int y = 0; y < Y; ++y)
      for (int x = 0; x < X; ++x) {
        const int s = shape_of(x, y, z);
        if (s < 0) continue;
        Expected& r = e[std::size_t(s)];
        ++r.cells, r.sx += x, r.sy += y, r.sz += z;
        r.min = std::min(r.min, linear(x, y, z));
        r.sum += value_of(x, y, z);
        r.max = std::max(r.max, double(value_of(x, y, z)));
      }
  return e;
}

GridShape grid(bool periodic = false) {
  GridShape g;
  g.nx = X, g.ny = Y, g.nz = Z;
  g.periodic[0] = g.periodic[1] = g.periodic[2] = periodic;
  return g;
}

template <class Mask, class Value>
void owned(const Block& b, Mask in, Value val, std::vector<std::uint8_t>& mask, std::vector<float>& value) {
  mask.clear();
  value.clear();
  for (int z = b.lo[2]; z < b.lo[2] + b.n[2]; ++z)
    for (int y = b.lo[1]; y < b.lo[1] + b.n[1]; ++y)
      for (int x = b.lo[0]; x < b.lo[0] + b.n[0]; ++x) {
        mask.push_back(in(x, y, z) ? 1 : 0);
        value.push_back(val(x, y, z));
      }
}

// The whole label field on rank 0 (empty elsewhere), from each rank's block.
std::vector<std::int32_t> gather_labels(const Decomposition& d, const std::vector<std::int32_t>& mine) {
  std::vector<int> counts(std::size_t(d.size())), displs(std::size_t(d.size()));
  for (int r = 0, at = 0; r < d.size(); ++r) {
    counts[std::size_t(r)] = int(d.block_of(r).owned_cells());
    displs[std::size_t(r)] = at;
    at += counts[std::size_t(r)];
  }
  std::vector<std::int32_t> packed(d.rank() == 0 ? std::size_t(kCells) : 0);
  MPI_Gatherv(mine.data(), int(mine.size()), MPI_INT32_T, packed.data(), counts.data(), displs.data(), MPI_INT32_T,
              0, d.comm());
  if (d.rank() != 0) return {};
  std::vector<std::int32_t> field(static_cast<std::size_t>(kCells));
  for (int r = 0; r < d.size(); ++r) {
    const Block b = d.block_of(r);
    std::size_t k = std::size_t(displs[std::size_t(r)]);
    for (int z = b.lo[2]; z < b.lo[2] + b.n[2]; ++z)
      for (int y = b.lo[1]; y < b.lo[1] + b.n[1]; ++y)
        for (int x = b.lo[0]; x < b.lo[0] + b.n[0]; ++x) field[std::size_t(linear(x, y, z))] = packed[k++];
  }
  return field;
}

std::vector<std::array<int, 3>> layouts() {
  const int n = world_size();
  std::vector<std::array<int, 3>> l = {{0, 0, 0}, {n, 1, 1}, {1, n, 1}, {1, 1, n}};
  if (n == 4) l.insert(l.end(), {{2, 2, 1}, {2, 1, 2}, {1, 2, 2}});
  return l;
}
std::string name(const std::array<int, 3>& p) {
  return "procs " + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]);
}

TEST(HotspotRegions, ShapesComeOutWithTheirExactStatisticsOnEveryLayout) {
  const std::vector<Expected> e = expected_regions();
  for (std::size_t s = 0; s < e.size(); ++s) ASSERT_EQ(e[s].cells, kShapeCells[s]) << "the test's own shapes";
  for (const auto& procs : layouts()) {
    SCOPED_TRACE(name(procs));
    const Decomposition d(MPI_COMM_WORLD, grid(), procs);
    std::vector<std::uint8_t> mask;
    std::vector<float> value;
    owned(d.block(), [](int x, int y, int z) { return shape_of(x, y, z) >= 0; }, value_of, mask, value);
    const HotspotRegions h = find_hotspot_regions(d.comm(), d.block(), mask, value, kCells);

    // The L must be cut by the decomposition, or the test proves nothing.
    if (d.size() > 1) {
      std::set<int> owners;
      for (const Box& b : shapes()[0])
        for (int z = b.z0; z <= b.z1; ++z)
          for (int y = b.y0; y <= b.y1; ++y)
            for (int x = b.x0; x <= b.x1; ++x) owners.insert(d.owner_of({x, y, z}));
      EXPECT_GT(owners.size(), 1u);
    }

    EXPECT_EQ(h.region_count, 7);
    EXPECT_EQ(h.omitted_regions, 0);
    EXPECT_EQ(h.omitted_cells, 0);
    ASSERT_EQ(h.regions.size(), e.size());
    for (std::size_t s = 0; s < e.size(); ++s) {
      SCOPED_TRACE("region " + std::to_string(s + 1));
      const HotspotRegion& r = h.regions[s];
      EXPECT_EQ(r.label, int(s) + 1);
      EXPECT_EQ(r.cells, e[s].cells);
      EXPECT_EQ(r.min_index, e[s].min);
      EXPECT_DOUBLE_EQ(r.volume_fraction, double(e[s].cells) / double(kCells));
      EXPECT_DOUBLE_EQ(r.centroid[0], double(e[s].sx) / double(e[s].cells));
      EXPECT_DOUBLE_EQ(r.centroid[1], double(e[s].sy) / double(e[s].cells));
      EXPECT_DOUBLE_EQ(r.centroid[2], double(e[s].sz) / double(e[s].cells));
      EXPECT_EQ(r.mean_value, e[s].sum / double(e[s].cells));
      EXPECT_EQ(r.max_value, e[s].max);
      if (s > 0) {  // descending size, ties by ascending smallest index
        const HotspotRegion& q = h.regions[s - 1];
        EXPECT_TRUE(q.cells > r.cells || (q.cells == r.cells && q.min_index < r.min_index));
      }
    }

    const std::vector<std::int32_t> field = gather_labels(d, h.labels);
    if (d.rank() == 0) {
      std::int64_t wrong = 0;
      for (int z = 0; z < Z; ++z)
        for (int y = 0; y < Y; ++y)
          for (int x = 0; x < X; ++x)
            wrong += field[std::size_t(linear(x, y, z))] != shape_of(x, y, z) + 1;
      EXPECT_EQ(wrong, 0) << "cells labelled otherwise than their shape";
    }
  }
}

TEST(HotspotRegions, MaxRegionsKeepsTheLargestAndCountsTheRest) {
  const Decomposition d(MPI_COMM_WORLD, grid());
  std::vector<std::uint8_t> mask;
  std::vector<float> value;
  owned(d.block(), [](int x, int y, int z) { return shape_of(x, y, z) >= 0; }, value_of, mask, value);
  const HotspotRegions h = find_hotspot_regions(d.comm(), d.block(), mask, value, kCells, 3);
  EXPECT_EQ(h.region_count, 7);
  ASSERT_EQ(h.regions.size(), 3u);
  for (std::size_t s = 0; s < 3; ++s) EXPECT_EQ(h.regions[s].cells, kShapeCells[s]);
  EXPECT_EQ(h.omitted_regions, 4);
  EXPECT_EQ(h.omitted_cells, 24 + 3);
  EXPECT_DOUBLE_EQ(h.omitted_volume_fraction, 27.0 / double(kCells));
  // The label field still names every region.
  std::int32_t top = 0;
  for (std::int32_t l : h.labels) top = std::max(top, l);
  MPI_Allreduce(MPI_IN_PLACE, &top, 1, MPI_INT32_T, MPI_MAX, MPI_COMM_WORLD);
  EXPECT_EQ(top, 7);
}

TEST(HotspotRegions, EmptyAndFullMasks) {
  const Decomposition d(MPI_COMM_WORLD, grid());
  std::vector<std::uint8_t> mask;
  std::vector<float> value;
  owned(d.block(), [](int, int, int) { return false; }, value_of, mask, value);
  const HotspotRegions none = find_hotspot_regions(d.comm(), d.block(), mask, value, kCells);
  EXPECT_EQ(none.region_count, 0);
  EXPECT_TRUE(none.regions.empty());
  EXPECT_EQ(std::count(none.labels.begin(), none.labels.end(), 0), std::int64_t(none.labels.size()));

  owned(d.block(), [](int, int, int) { return true; }, [](int x, int, int) { return float(x); }, mask, value);
  const HotspotRegions all = find_hotspot_regions(d.comm(), d.block(), mask, value, kCells);
  ASSERT_EQ(all.regions.size(), 1u);
  const HotspotRegion& r = all.regions[0];
  EXPECT_EQ(r.cells, kCells);
  EXPECT_EQ(r.min_index, 0);
  EXPECT_EQ(r.volume_fraction, 1.0);
  EXPECT_EQ(r.centroid, (std::array<double, 3>{(X - 1) / 2.0, (Y - 1) / 2.0, (Z - 1) / 2.0}));
  EXPECT_EQ(r.mean_value, (X - 1) / 2.0);
  EXPECT_EQ(r.max_value, X - 1);
}

// Periodic axes do not wrap: slabs on opposite faces stay two regions.
TEST(HotspotRegions, PeriodicFacesDoNotJoinRegions) {
  for (const auto& procs : layouts()) {
    SCOPED_TRACE(name(procs));
    const Decomposition d(MPI_COMM_WORLD, grid(true), procs);
    std::vector<std::uint8_t> mask;
    std::vector<float> value;
    owned(d.block(), [](int x, int y, int) { return (x == 0 || x == X - 1) && y == 5; }, value_of, mask, value);
    const HotspotRegions h = find_hotspot_regions(d.comm(), d.block(), mask, value, kCells);
    EXPECT_EQ(h.region_count, 2);
    ASSERT_EQ(h.regions.size(), 2u);
    EXPECT_EQ(h.regions[0].min_index, linear(0, 5, 0));  // equal sizes: smaller index first
    EXPECT_EQ(h.regions[1].min_index, linear(X - 1, 5, 0));
  }
}

// One rank's arrays do not match its block: every rank refuses, none hangs.
TEST(HotspotRegions, EveryRankRefusesAMismatchedArray) {
  const Decomposition d(MPI_COMM_WORLD, grid());
  std::vector<std::uint8_t> mask;
  std::vector<float> value;
  owned(d.block(), [](int, int, int) { return true; }, value_of, mask, value);
  if (world_rank() == world_size() - 1) mask.pop_back();
  EXPECT_THROW(find_hotspot_regions(d.comm(), d.block(), mask, value, kCells), std::invalid_argument);
}

}  // namespace
}  // namespace stirlb
