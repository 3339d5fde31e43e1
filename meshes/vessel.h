#pragma once
// A cylindrical stirred vessel turned into cell flags: the lattice box is
// sized from the vessel, the vessel axis is the lattice z axis, gravity
// points to -z. A cell is liquid when its centre lies inside the liquid; the
// halfway bounce-back wall then sits between it and its solid neighbour.
#include <array>
#include <cstdint>
#include <vector>
#include "kernels/cell_flags.h"
#include "kernels/lattice_params.h"

namespace stirlb {

enum class BottomShape { Flat, Torispherical, Elliptical };

struct BaffleSpec {
  int count = 0;
  double width = 0;             // m, radial
  double gap = 0;               // m, between the baffle's outer edge and the wall
  double thickness = 0;         // m; thinner than a cell still blocks every link
  double angle_offset_deg = 0;  // angle of the first baffle from +x
};

struct VesselSpec {
  double diameter = 0;       // T, m
  double liquid_height = 0;  // H, m, from the lowest point of the bottom
  BottomShape bottom = BottomShape::Flat;
  BaffleSpec baffles;
};

// Depth of the dished bottom below the cylindrical wall's lower end (m):
// 0 flat; 2:1 elliptical T/4; torispherical (Kloepper, DIN 28011: crown
// radius T, knuckle radius T/10) about 0.1935 T.
double bottom_depth(const VesselSpec& v);
// Height of the bottom surface above its lowest point at radius r <= T/2 (m).
double bottom_height(const VesselSpec& v, double r);

// Liquid volume of the vessel with its baffles removed (m^3).
double liquid_volume(const VesselSpec& v);

struct VesselLattice {
  GridShape grid;                  // no periodic axis
  std::vector<std::uint8_t> flags; // x fastest
  double dx = 0;                   // m
  // Lattice coordinates (cell i has its centre at i) of the vessel axis and of
  // the lowest point of the bottom; physical position of cell (i, j, k) is
  // ((i - axis_x) dx, (j - axis_y) dx, (k - bottom_z) dx).
  double axis_x = 0, axis_y = 0, bottom_z = 0;
  std::int64_t liquid_cells = 0;
};

// Liquid cells kFluid; vessel wall, bottom and baffles kWall; the flat liquid
// surface a layer of kFreeSlip cells (normal z) above the last liquid layer,
// which is the one whose centre is below H. One solid layer surrounds the
// vessel. Throws std::invalid_argument on a vessel that cannot be built.
VesselLattice voxelise_vessel(const VesselSpec& v, double dx);

}  // namespace stirlb
