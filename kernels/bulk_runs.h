#pragma once
// Where a grid's rows may take the bulk update (stream_collide_bulk.h): per
// row (y, z), the x ranges of cells that are fluid, whose neighbours along
// every lattice direction are fluid inside the grid, and which no force box
// covers. Found once on the host from the flags, again when the boxes change.
#include <cstdint>
#include <vector>
#include "aa_streaming.h"
#include "cell_flags.h"
#include "force_boxes.h"

namespace stirlb {

struct BulkRuns {
  int ny = 0;
  std::vector<std::int64_t> row_begin;  // ny * nz + 1 offsets into `runs`
  std::vector<int> runs;                // pairs [first, end) of x, per row in order

  // The runs of row (y, z), as pointers to their first pair and one past the last.
  const int* first(int y, int z) const { return runs.data() + 2 * row_begin[std::size_t(y) + std::size_t(ny) * z]; }
  const int* last(int y, int z) const { return runs.data() + 2 * row_begin[std::size_t(y) + std::size_t(ny) * z + 1]; }
};

template <class L>
bool is_bulk_cell(const GridShape& g, const std::uint8_t* flags, const ForceBoxes& boxes, int x, int y, int z) {
  if (x < 1 || y < 1 || z < 1 || x > g.nx - 2 || y > g.ny - 2 || z > g.nz - 2) return false;
  const std::int64_t n = cell_index(g, x, y, z);
  if (flags[n] != kFluid) return false;
  for (int i = 0; i < L::Q; ++i)
    if (cell_kind(flags[cell_index(g, x + L::cx(i), y + L::cy(i), z + L::cz(i))]) != kFluid) return false;
  return boxes.count == 0 || boxes.local_slot(x, y, z) < 0;
}

template <class L>
BulkRuns find_bulk_runs(const GridShape& g, const std::vector<std::uint8_t>& flags, const ForceBoxes& boxes) {
  BulkRuns r;
  r.ny = g.ny;
  r.row_begin.reserve(std::size_t(g.ny) * g.nz + 1);
  r.row_begin.push_back(0);
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y) {
      int x = 0;
      while (x < g.nx) {
        while (x < g.nx && !is_bulk_cell<L>(g, flags.data(), boxes, x, y, z)) ++x;
        const int first = x;
        while (x < g.nx && is_bulk_cell<L>(g, flags.data(), boxes, x, y, z)) ++x;
        if (x > first) {
          r.runs.push_back(first);
          r.runs.push_back(x);
        }
      }
      r.row_begin.push_back(std::int64_t(r.runs.size() / 2));
    }
  return r;
}

}  // namespace stirlb
