#pragma once
// Connected regions of a cell mask on a decomposed grid: where the shear or
// dissipation hot spots are, how big, how intense. Regions are joined through
// faces only (6-connectivity): two cells touching at an edge or a corner are
// two regions, because a hot spot that thin is not one structure the flow
// carries. Labels do not depend on the rank count: they are numbered by
// descending size, ties by ascending smallest global linear cell index.
//
// Periodic axes are not wrapped: a region crossing a periodic face counts as
// two. Stirred tanks have no periodic axis, and wrapping would make a
// centroid meaningless anyway.
#include <mpi.h>
#include <array>
#include <cstdint>
#include <span>
#include <vector>
#include "solver/parallel/decomposition.h"

namespace stirlb {

struct HotspotRegion {
  std::int32_t label = 0;           // 1..region_count
  std::int64_t cells = 0;
  double volume_fraction = 0;       // cells / total_cells
  double mean_value = 0;            // of the value array over the region's cells
  double max_value = 0;
  std::array<double, 3> centroid{}; // global cell-index coordinates (cell i has its centre at i)
  std::int64_t min_index = 0;       // smallest x + X (y + Y z): the region's canonical id
};

struct HotspotRegions {
  // Per owned cell (x fastest, block.n), 0 outside every region. Every
  // region is labelled here, also those the table below leaves out.
  std::vector<std::int32_t> labels;
  // The largest regions, by label; identical on every rank.
  std::vector<HotspotRegion> regions;
  std::int64_t region_count = 0;          // all regions, kept or not
  std::int64_t omitted_regions = 0;       // left out of `regions` by max_regions
  std::int64_t omitted_cells = 0;
  double omitted_volume_fraction = 0;
};

// Collective over `comm`, whose ranks own the blocks (block.neighbour are
// ranks of `comm`). `mask` (non-zero: in a region) and `value` hold the owned
// cells, x fastest. `total_cells` is what volume fractions refer to (the
// liquid cell count), > 0. `max_regions` > 0 keeps only that many regions in
// the table; 0 keeps all. Throws std::invalid_argument on every rank if any
// rank's arrays do not match its block. Mean values are sums in double of
// the per-rank partial sums, so they may differ in the last bits between
// rank counts; everything else is exact.
HotspotRegions find_hotspot_regions(MPI_Comm comm, const Block& block, std::span<const std::uint8_t> mask,
                                    std::span<const float> value, std::int64_t total_cells,
                                    std::size_t max_regions = 0);

}  // namespace stirlb
