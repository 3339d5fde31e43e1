#pragma once
// An external force density (immersed boundary, tests) held only where it can
// be non-zero: a few disjoint boxes of cells packed into one array. The cells
// of a rotating impeller occupy a few percent of a vessel's lattice, so a
// full-grid force field would cost every cell 12 bytes of traffic per step
// for nothing; a box test costs a few comparisons.
#include <cstdint>
#include "hd.h"

namespace stirlb {

constexpr int kMaxForceBoxes = 8;

struct IndexBox {
  int lo[3] = {0, 0, 0};
  int hi[3] = {0, 0, 0};  // exclusive
  STIRLB_HD bool contains(int x, int y, int z) const {
    return x >= lo[0] && x < hi[0] && y >= lo[1] && y < hi[1] && z >= lo[2] && z < hi[2];
  }
  STIRLB_HD int extent(int a) const { return hi[a] - lo[a]; }
  STIRLB_HD std::int64_t cells() const { return std::int64_t(extent(0)) * extent(1) * extent(2); }
  // Index of a contained cell within the box, x fastest.
  STIRLB_HD std::int64_t local(int x, int y, int z) const {
    return (x - lo[0]) + std::int64_t(extent(0)) * ((y - lo[1]) + std::int64_t(extent(1)) * (z - lo[2]));
  }
};

struct ForceBoxes {
  int count = 0;
  IndexBox box[kMaxForceBoxes];
  std::int64_t offset[kMaxForceBoxes] = {};  // first packed slot of each box
  std::int64_t total = 0;                    // packed slots over all boxes
  const float* force = nullptr;              // 3 x total, SoA, lattice force density
  int wrap[3] = {0, 0, 0};  // whole lattice's size along periodic axes, 0 along closed ones
  // Boxes are in whole-lattice cells; a backend holding one rank's block
  // (decomposed runs) has its cell (0, 0, 0) at `origin`.
  int origin[3] = {0, 0, 0};

  // Packed slot of cell (x, y, z), or -1 where no box holds it. A kernel
  // support may step one cell past a periodic edge; it wraps around.
  STIRLB_HD std::int64_t slot(int x, int y, int z) const {
    if (wrap[0]) x = x < 0 ? x + wrap[0] : (x >= wrap[0] ? x - wrap[0] : x);
    if (wrap[1]) y = y < 0 ? y + wrap[1] : (y >= wrap[1] ? y - wrap[1] : y);
    if (wrap[2]) z = z < 0 ? z + wrap[2] : (z >= wrap[2] ? z - wrap[2] : z);
    for (int b = 0; b < count; ++b)
      if (box[b].contains(x, y, z)) return offset[b] + box[b].local(x, y, z);
    return -1;
  }
  // Packed slot of a cell of the backend's own grid.
  STIRLB_HD std::int64_t local_slot(int x, int y, int z) const {
    return slot(x + origin[0], y + origin[1], z + origin[2]);
  }
  // The cell of packed slot s (inverse of slot()).
  STIRLB_HD void cell_of(std::int64_t s, int& x, int& y, int& z) const {
    int b = 0;
    while (b + 1 < count && s >= offset[b + 1]) ++b;
    const IndexBox& B = box[b];
    const std::int64_t l = s - offset[b];
    x = B.lo[0] + int(l % B.extent(0));
    const std::int64_t yz = l / B.extent(0);
    y = B.lo[1] + int(yz % B.extent(1));
    z = B.lo[2] + int(yz / B.extent(1));
  }
};

}  // namespace stirlb
