// The CPU's bulk update (stream_collide_bulk.h) is the general update minus
// the boundary logic, for cells that need none, run as a vector loop. A grid
// stepped through the split (bulk runs plus general cells, in several
// regions as a decomposed rank steps its shell and interior) must hold the
// populations and particle field of the same grid stepped cell by cell
// through the general update: the arithmetic is the same call for call, so
// they are compared to the last bit.
#include <gtest/gtest.h>
#include <cstring>
#include <random>
#include <vector>
#include "kernels/cpu/cpu_exec.h"
#include "kernels/particle_types.h"
#include "kernels/precision.h"
#include "kernels/stream_collide_region.h"

using namespace stirlb;

namespace {

enum class Drive { kNone, kBody, kBeads };

// Periodic in x, no-slip walls at y ends, a moving lid on top, free slip at
// the bottom, a solid block inside (rows with several runs) and one force
// box: every kind of cell beside the bulk.
struct Box {
  GridShape g;
  std::vector<std::uint8_t> flags;
  std::vector<float> wall_velocity = std::vector<float>(3 * kMaxWallVelocities, 0.f);
  std::vector<float> box_force;
  ForceBoxes boxes;

  Box() {
    g.nx = 14, g.ny = 12, g.nz = 11;
    g.periodic[0] = true;
    wall_velocity[3] = 0.05f;
    flags.assign(g.cells(), kFluid);
    for (int z = 0; z < g.nz; ++z)
      for (int y = 0; y < g.ny; ++y)
        for (int x = 0; x < g.nx; ++x) {
          std::uint8_t& f = flags[cell_index(g, x, y, z)];
          if (y == 0 || y == g.ny - 1) f = make_flag(kWall);
          else if (z == g.nz - 1) f = make_flag(kMovingWall, 1);
          else if (z == 0) f = make_flag(kFreeSlip, 2);
          else if (x >= 8 && x < 10 && y >= 5 && y < 7 && z >= 4 && z < 7) f = make_flag(kWall);
        }
    boxes.count = 1;
    boxes.box[0] = IndexBox{{2, 3, 3}, {6, 8, 6}};
    boxes.total = boxes.box[0].cells();
    boxes.wrap[0] = g.nx;
    box_force.resize(3 * boxes.total);
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> d(-1e-4f, 1e-4f);
    for (float& v : box_force) v = d(gen);
    boxes.force = box_force.data();
  }
};

template <class L, class S>
std::vector<typename S::type> random_populations(const GridShape& g, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> d(-0.01f, 0.01f);
  std::vector<typename S::type> f(std::size_t(L::Q) * g.cells());
  for (auto& v : f) v = S::store(d(gen));
  return f;
}

// Beads: a reaction force everywhere, with a drag coefficient K that is
// zero in some cells.
std::vector<float> particle_force(const GridShape& g) {
  std::mt19937 gen(11);
  std::uniform_real_distribution<float> d(-2e-5f, 2e-5f), k(0.f, 0.2f);
  std::vector<float> out(4 * std::size_t(g.cells()));
  for (std::int64_t n = 0; n < g.cells(); ++n) {
    for (int a = 0; a < 3; ++a) out[a * g.cells() + n] = d(gen);
    out[3 * g.cells() + n] = n % 3 == 0 ? 0.f : k(gen);
  }
  return out;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

template <class L, class S, class Op>
void expect_split_matches_general(bool les, Drive drive) {
  const Box box;
  LatticeParams p;
  p.grid = box.g;
  p.tau = 0.53f;
  p.smagorinsky_c2 = les ? 0.12f * 0.12f : 0.f;
  p.wall_velocity = box.wall_velocity.data();
  if (drive == Drive::kBody) p.body_force[0] = 3e-6f, p.body_force[2] = -1e-6f;
  const std::vector<float> beads = particle_force(box.g);
  if (drive == Drive::kBeads) p.particle_force = beads.data();
  const std::size_t field_size = std::size_t(kParticleFieldComponents) * box.g.cells();
  std::vector<float> field_general(field_size, 0.f), field_split(field_size, 0.f);

  const BulkRuns runs = find_bulk_runs<L>(box.g, box.flags, box.boxes);
  std::int64_t bulk = 0, fluid = 0;
  for (std::size_t r = 0; r < runs.runs.size(); r += 2) bulk += runs.runs[r + 1] - runs.runs[r];
  for (std::uint8_t f : box.flags) fluid += f == kFluid;
  ASSERT_GT(bulk, fluid / 4) << "the box should exercise the bulk update";
  ASSERT_LT(bulk, fluid);

  auto general = random_populations<L, S>(box.g, 3), split = general;
  const GridShape& g = box.g;
  // Three regions that tile the grid and cut runs in x.
  const IndexBox regions[3] = {IndexBox{{0, 0, 0}, {5, g.ny, g.nz}}, IndexBox{{5, 0, 0}, {g.nx, g.ny, 4}},
                               IndexBox{{5, 0, 4}, {g.nx, g.ny, g.nz}}};
  for (int step = 0; step < 6; ++step) {
    const bool odd = step % 2 == 1;
    p.particle_field = drive == Drive::kBeads ? field_general.data() : nullptr;
    CpuExec::for_each_cell_in(IndexBox{{0, 0, 0}, {g.nx, g.ny, g.nz}},
                              StreamCollide<L, S, Op>{p, general.data(), box.flags.data(), box.boxes, odd});
    p.particle_field = drive == Drive::kBeads ? field_split.data() : nullptr;
    for (const IndexBox& region : regions)
      stream_collide_region<CpuExec, L, S, Op>(p, split.data(), box.flags.data(), box.boxes, runs, region, odd);
    ASSERT_TRUE(same_bits(general, split)) << "populations differ after step " << step;
    ASSERT_TRUE(same_bits(field_general, field_split)) << "particle field differs after step " << step;
  }
}

template <class T>
class BulkUpdate : public ::testing::Test {};
template <class L, class S, class Op>
struct Combo {
  using Lattice = L;
  using Storage = S;
  using Collision = Op;
};
using Combos = ::testing::Types<Combo<D3Q19, StoreFP32, CollideRegularized>, Combo<D3Q19, StoreFP32, CollideBGK>,
                                Combo<D3Q19, StoreFP16, CollideRegularized>, Combo<D3Q27, StoreFP32, CollideRegularized>,
                                Combo<D3Q27, StoreFP16, CollideBGK>>;
TYPED_TEST_SUITE(BulkUpdate, Combos);

}  // namespace

TYPED_TEST(BulkUpdate, SplitStepMatchesTheGeneralUpdateBitForBit) {
  using L = typename TypeParam::Lattice;
  using S = typename TypeParam::Storage;
  using Op = typename TypeParam::Collision;
  for (bool les : {false, true})
    for (Drive drive : {Drive::kNone, Drive::kBody, Drive::kBeads}) {
      SCOPED_TRACE(::testing::Message() << "les " << les << ", drive " << int(drive));
      expect_split_matches_general<L, S, Op>(les, drive);
    }
}

TEST(BulkRuns, TakeOnlyCellsThatNeedNoBoundaryLogic) {
  const Box box;
  const GridShape& g = box.g;
  const BulkRuns runs = find_bulk_runs<D3Q19>(g, box.flags, box.boxes);
  std::vector<bool> in_run(g.cells(), false);
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (const int* r = runs.first(y, z); r != runs.last(y, z); r += 2) {
        ASSERT_LT(r[0], r[1]);
        for (int x = r[0]; x < r[1]; ++x) in_run[cell_index(g, x, y, z)] = true;
      }
  // The same cells as the per-cell rule, and the rule as stated.
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y)
      for (int x = 0; x < g.nx; ++x)
        EXPECT_EQ(in_run[cell_index(g, x, y, z)], is_bulk_cell<D3Q19>(g, box.flags.data(), box.boxes, x, y, z))
            << x << " " << y << " " << z;
  EXPECT_TRUE(in_run[cell_index(g, 7, 6, 8)]) << "open fluid";
  EXPECT_FALSE(in_run[cell_index(g, 0, 6, 8)]) << "wraps around the periodic x axis";
  EXPECT_FALSE(in_run[cell_index(g, 7, 1, 8)]) << "next to the no-slip wall";
  EXPECT_FALSE(in_run[cell_index(g, 7, 6, 1)]) << "next to the free-slip floor";
  EXPECT_FALSE(in_run[cell_index(g, 10, 6, 7)]) << "linked to the solid block along an edge direction";
  EXPECT_TRUE(in_run[cell_index(g, 10, 7, 7)]) << "touches the block only at a corner, which D3Q19 has no link to";
  EXPECT_FALSE(is_bulk_cell<D3Q27>(g, box.flags.data(), box.boxes, 10, 7, 7)) << "D3Q27 has that link";
  EXPECT_FALSE(in_run[cell_index(g, 3, 5, 4)]) << "inside the force box";
  EXPECT_FALSE(in_run[cell_index(g, 8, 5, 5)]) << "solid";
}
