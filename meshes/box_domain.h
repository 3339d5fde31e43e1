#pragma once
// A rectangular box of fluid cells, closed on non-periodic faces by one layer
// of solid cells. The wall sits halfway between the last fluid cell and that
// layer, so the fluid extent is exactly fluid_cells * dx.
#include <array>
#include <cstdint>
#include <vector>
#include "kernels/cell_flags.h"
#include "kernels/lattice_params.h"

namespace stirlb {

struct BoxFaceSpec {
  bool periodic = false;
  CellKind kind = kWall;  // kWall, kMovingWall or kFreeSlip when not periodic
  std::array<float, 3> velocity{0.f, 0.f, 0.f};  // lattice units, moving walls
};

struct BoxLattice {
  GridShape grid;                     // fluid plus solid layers
  std::vector<std::uint8_t> flags;    // x fastest
  std::array<int, 3> first_fluid{};   // index of the first fluid cell on each axis
  std::array<int, 3> fluid_cells{};
  float wall_velocity[kMaxWallVelocities][3] = {};
  // Lattice coordinate (cell i centred at i) of the physical origin: the
  // lower fluid corner of a box, or a tank's axis at the bottom's lowest point.
  std::array<double, 3> origin_cell{};
  std::int64_t liquid_cells = -1;  // fluid cells when not a full box; -1 for a box
  std::int64_t fluid_cell_count() const;
};

// Faces in the order x_min, x_max, y_min, y_max, z_min, z_max. Both faces of
// an axis must agree on periodicity. Where two closed faces meet, the edge
// cell takes the stricter law: wall over moving wall over free slip.
BoxLattice build_box_lattice(const std::array<int, 3>& fluid_cells, const std::array<BoxFaceSpec, 6>& faces);

}  // namespace stirlb
