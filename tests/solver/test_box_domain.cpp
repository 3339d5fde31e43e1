// The box geometry: solid layers only on closed faces, the stricter law on
// edges, and the details the boundary kernels read.
#include <gtest/gtest.h>
#include "meshes/box_domain.h"

using namespace stirlb;

namespace {
std::uint8_t flag_at(const BoxLattice& b, int x, int y, int z) {
  return b.flags[std::size_t(x + b.grid.nx * (y + b.grid.ny * z))];
}
}  // namespace

TEST(BoxDomain, ClosedAxesGetOneSolidLayerPeriodicAxesNone) {
  std::array<BoxFaceSpec, 6> faces;
  faces[0].periodic = faces[1].periodic = true;
  faces[5].kind = kMovingWall;
  faces[5].velocity = {0.05f, 0.f, 0.f};
  faces[4].kind = kFreeSlip;
  const BoxLattice b = build_box_lattice({8, 6, 5}, faces);
  EXPECT_EQ(b.grid.nx, 8);
  EXPECT_EQ(b.grid.ny, 8);
  EXPECT_EQ(b.grid.nz, 7);
  EXPECT_TRUE(b.grid.periodic[0]);
  EXPECT_FALSE(b.grid.periodic[1]);
  EXPECT_EQ(b.first_fluid[0], 0);
  EXPECT_EQ(b.first_fluid[2], 1);
  EXPECT_EQ(b.fluid_cell_count(), 8 * 6 * 5);
  std::int64_t fluid = 0;
  for (auto f : b.flags) fluid += f == kFluid;
  EXPECT_EQ(fluid, 8 * 6 * 5);
  // Lid: moving wall with its velocity slot; bottom: free slip about z.
  const std::uint8_t lid = flag_at(b, 3, 3, 6), bottom = flag_at(b, 3, 3, 0);
  EXPECT_EQ(cell_kind(lid), kMovingWall);
  EXPECT_FLOAT_EQ(b.wall_velocity[cell_detail(lid)][0], 0.05f);
  EXPECT_EQ(cell_kind(bottom), kFreeSlip);
  EXPECT_EQ(cell_detail(bottom), 2);
  // Where the lid meets a side wall, the no-slip wall wins.
  EXPECT_EQ(cell_kind(flag_at(b, 3, 0, 6)), kWall);
}

TEST(BoxDomain, RefusesPeriodicOnOneFaceOnly) {
  std::array<BoxFaceSpec, 6> faces;
  faces[2].periodic = true;
  EXPECT_THROW(build_box_lattice({4, 4, 4}, faces), std::invalid_argument);
}
