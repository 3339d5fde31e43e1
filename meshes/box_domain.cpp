#include "box_domain.h"

#include <stdexcept>

namespace stirlb {

namespace {

// Lower value wins where faces meet.
int strictness(CellKind k) { return k == kWall ? 0 : (k == kMovingWall ? 1 : 2); }

}  // namespace

std::int64_t BoxLattice::fluid_cell_count() const {
  if (liquid_cells >= 0) return liquid_cells;
  return std::int64_t(fluid_cells[0]) * fluid_cells[1] * fluid_cells[2];
}

BoxLattice build_box_lattice(const std::array<int, 3>& fluid_cells, const std::array<BoxFaceSpec, 6>& faces) {
  BoxLattice box;
  box.fluid_cells = fluid_cells;
  int dims[3];
  for (int a = 0; a < 3; ++a) {
    const BoxFaceSpec& lo = faces[2 * a];
    const BoxFaceSpec& hi = faces[2 * a + 1];
    if (lo.periodic != hi.periodic) throw std::invalid_argument("box: an axis is periodic on one face only");
    if (fluid_cells[a] < 1) throw std::invalid_argument("box: an axis has no fluid cells");
    box.grid.periodic[a] = lo.periodic;
    box.first_fluid[a] = lo.periodic ? 0 : 1;
    box.origin_cell[a] = box.first_fluid[a] - 0.5;
    dims[a] = fluid_cells[a] + (lo.periodic ? 0 : 2);
  }
  box.grid.nx = dims[0];
  box.grid.ny = dims[1];
  box.grid.nz = dims[2];

  // One velocity slot per moving face.
  int face_slot[6] = {0, 0, 0, 0, 0, 0};
  for (int f = 0; f < 6; ++f) {
    if (faces[f].periodic || faces[f].kind != kMovingWall) continue;
    face_slot[f] = f;
    for (int a = 0; a < 3; ++a) box.wall_velocity[f][a] = faces[f].velocity[a];
  }

  box.flags.assign(std::size_t(box.grid.cells()), make_flag(kFluid));
  for (int z = 0; z < dims[2]; ++z)
    for (int y = 0; y < dims[1]; ++y)
      for (int x = 0; x < dims[0]; ++x) {
        const int c[3] = {x, y, z};
        int best = -1;
        for (int a = 0; a < 3; ++a) {
          if (box.grid.periodic[a]) continue;
          int face = -1;
          if (c[a] == 0) face = 2 * a;
          if (c[a] == dims[a] - 1) face = 2 * a + 1;
          if (face < 0) continue;
          if (best < 0 || strictness(faces[face].kind) < strictness(faces[best].kind)) best = face;
        }
        if (best < 0) continue;
        const CellKind kind = faces[best].kind;
        // Free slip needs the normal axis of its plane; moving walls their slot.
        const int detail = kind == kFreeSlip ? best / 2 : (kind == kMovingWall ? face_slot[best] : 0);
        box.flags[std::size_t(x + std::int64_t(dims[0]) * (y + std::int64_t(dims[1]) * z))] = make_flag(kind, detail);
      }
  return box;
}

}  // namespace stirlb
