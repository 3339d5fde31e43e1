#include "solver/hotspot_regions.h"

#include <algorithm>
#include <climits>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "solver/parallel/mpi_check.h"

// Three steps, so that no rank ever holds more than its own cells plus its
// faces, and rank 0 only one record per local piece:
//  1. union-find over the owned cells: local pieces, each named by its
//     smallest global linear index (unique, since pieces are disjoint);
//  2. each rank sends the piece names of its upper face layers to the face
//     neighbours above, which turn touching masked cells into name pairs;
//  3. rank 0 joins the pieces through the pairs, ranks the regions and hands
//     every rank the final label of each of its pieces.

namespace stirlb {
namespace {

// Path halving; the smaller index becomes the root, which in the local pass
// makes the root the piece's first cell in x-fastest order, i.e. the one
// with the smallest global linear index.
template <class Index>
struct DisjointSets {
  std::vector<Index> parent;
  Index find(Index a) {
    while (parent[std::size_t(a)] != a) {
      parent[std::size_t(a)] = parent[std::size_t(parent[std::size_t(a)])];
      a = parent[std::size_t(a)];
    }
    return a;
  }
  void unite(Index a, Index b) {
    a = find(a);
    b = find(b);
    if (a < b) parent[std::size_t(b)] = a;
    else if (b < a) parent[std::size_t(a)] = b;
  }
};

// Per piece, packed for MPI: integers exact, so a region's cell count,
// centroid and id do not depend on how it was cut.
constexpr int kInts = 5;     // id, cells, sum x, sum y, sum z
constexpr int kDoubles = 2;  // sum of values, max value
constexpr int kFaceTag = 7301;

struct Pieces {
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::size_t count() const { return ints.size() / kInts; }
  std::int64_t id(std::size_t k) const { return ints[kInts * k]; }
};

// Local pass: `labels` gets the piece index of every masked cell.
Pieces local_pieces(const Block& b, std::span<const std::uint8_t> mask, std::span<const float> value,
                    std::vector<std::int32_t>& labels) {
  const int nx = b.n[0], ny = b.n[1], nz = b.n[2];
  const std::int64_t sx = 1, sy = nx, sz = std::int64_t(nx) * ny;
  DisjointSets<std::int32_t> sets;
  sets.parent.assign(std::size_t(b.owned_cells()), 0);
  for (std::int64_t c = 0, z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x, ++c) {
        if (!mask[std::size_t(c)]) continue;
        sets.parent[std::size_t(c)] = std::int32_t(c);
        if (x > 0 && mask[std::size_t(c - sx)]) sets.unite(std::int32_t(c), std::int32_t(c - sx));
        if (y > 0 && mask[std::size_t(c - sy)]) sets.unite(std::int32_t(c), std::int32_t(c - sy));
        if (z > 0 && mask[std::size_t(c - sz)]) sets.unite(std::int32_t(c), std::int32_t(c - sz));
      }
  Pieces p;
  const std::int64_t X = b.global[0], Y = b.global[1];
  for (std::int64_t c = 0, z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x, ++c) {
        if (!mask[std::size_t(c)]) continue;
        const std::int64_t gx = b.lo[0] + x, gy = b.lo[1] + y, gz = b.lo[2] + z;
        const std::int32_t root = sets.find(std::int32_t(c));
        std::size_t k;
        if (root == c) {  // first cell of a new piece: it names it
          k = p.count();
          p.ints.insert(p.ints.end(), {gx + X * (gy + Y * gz), 0, 0, 0, 0});
          p.doubles.insert(p.doubles.end(), {0.0, -std::numeric_limits<double>::infinity()});
        } else {
          k = std::size_t(labels[std::size_t(root)]);
        }
        labels[std::size_t(c)] = std::int32_t(k);
        std::int64_t* s = &p.ints[kInts * k];
        s[1] += 1, s[2] += gx, s[3] += gy, s[4] += gz;
        double* d = &p.doubles[kDoubles * k];
        d[0] += double(value[std::size_t(c)]);
        d[1] = std::max(d[1], double(value[std::size_t(c)]));
      }
  return p;
}

// Pairs (my piece, piece below) for masked cells touching across my lower
// faces. A face is only shared with the rank that owns the cells across it
// (DMDA blocks form a tensor grid), so both sides walk it in the same order.
std::vector<std::int64_t> face_pairs(MPI_Comm comm, const Block& b, std::span<const std::uint8_t> mask,
                                     const std::vector<std::int32_t>& labels, const Pieces& p) {
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  const std::array<std::int64_t, 3> stride{1, b.n[0], std::int64_t(b.n[0]) * b.n[1]};
  for (int a = 0; a < 3; ++a) {
    const int u = (a + 1) % 3, v = (a + 2) % 3;
    std::array<int, 3> up{}, down{};
    up[std::size_t(a)] = 1;
    down[std::size_t(a)] = -1;
    // No wrap on periodic axes (see the header): the box faces exchange nothing.
    const bool has_up = b.lo[std::size_t(a)] + b.n[std::size_t(a)] < b.global[std::size_t(a)];
    const bool has_down = b.lo[std::size_t(a)] > 0;
    const int to = has_up ? b.neighbour[std::size_t(neighbour_index(up[0], up[1], up[2]))] : MPI_PROC_NULL;
    const int from =
        has_down ? b.neighbour[std::size_t(neighbour_index(down[0], down[1], down[2]))] : MPI_PROC_NULL;
    const std::size_t layer = std::size_t(b.n[std::size_t(u)]) * std::size_t(b.n[std::size_t(v)]);
    std::vector<std::int64_t> send(layer, -1), recv(layer, -1);
    const std::int64_t top = std::int64_t(b.n[std::size_t(a)] - 1) * stride[std::size_t(a)];
    auto cell = [&](std::size_t i, std::int64_t base) {
      return base + std::int64_t(i % std::size_t(b.n[std::size_t(u)])) * stride[std::size_t(u)] +
             std::int64_t(i / std::size_t(b.n[std::size_t(u)])) * stride[std::size_t(v)];
    };
    if (to != MPI_PROC_NULL)
      for (std::size_t i = 0; i < layer; ++i) {
        const std::size_t c = std::size_t(cell(i, top));
        if (mask[c]) send[i] = p.id(std::size_t(labels[c]));
      }
    STIRLB_CHECK(MPI, MPI_Sendrecv(send.data(), int(layer), MPI_INT64_T, to, kFaceTag, recv.data(), int(layer),
                                   MPI_INT64_T, from, kFaceTag, comm, MPI_STATUS_IGNORE));
    if (from != MPI_PROC_NULL)
      for (std::size_t i = 0; i < layer; ++i) {
        const std::size_t c = std::size_t(cell(i, 0));
        if (mask[c] && recv[i] >= 0) pairs.emplace_back(p.id(std::size_t(labels[c])), recv[i]);
      }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::int64_t> flat;
  flat.reserve(2 * pairs.size());
  for (const auto& [first, second] : pairs) flat.insert(flat.end(), {first, second});
  return flat;
}

struct Ranked {
  std::vector<std::int32_t> piece_label;  // per gathered piece
  std::vector<std::int64_t> ints;         // per region by label: cells, min index, sum x, y, z
  std::vector<double> doubles;            // per region by label: sum, max
};

// Rank 0: pieces joined through the pairs, regions ranked.
Ranked rank_regions(const std::vector<std::int64_t>& ints, const std::vector<double>& doubles,
                    const std::vector<std::int64_t>& pairs) {
  const std::size_t m = ints.size() / kInts;
  std::vector<std::pair<std::int64_t, std::int64_t>> by_id(m);
  for (std::size_t k = 0; k < m; ++k) by_id[k] = {ints[kInts * k], std::int64_t(k)};
  std::sort(by_id.begin(), by_id.end());
  auto index_of = [&](std::int64_t id) {
    const auto it = std::lower_bound(by_id.begin(), by_id.end(), std::pair<std::int64_t, std::int64_t>{id, -1});
    if (it == by_id.end() || it->first != id) throw std::logic_error("hotspot regions: unknown piece id");
    return it->second;
  };
  DisjointSets<std::int64_t> sets;
  sets.parent.resize(m);
  std::iota(sets.parent.begin(), sets.parent.end(), std::int64_t(0));
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) sets.unite(index_of(pairs[i]), index_of(pairs[i + 1]));

  std::vector<std::int64_t> slot_of(m, -1);
  std::vector<std::int64_t> rint;  // cells, min id, sums
  std::vector<double> rdouble;     // sum, max
  std::vector<std::int64_t> piece_slot(m);
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t root = std::size_t(sets.find(std::int64_t(k)));
    if (slot_of[root] < 0) {
      slot_of[root] = std::int64_t(rint.size() / kInts);
      rint.insert(rint.end(), {0, std::numeric_limits<std::int64_t>::max(), 0, 0, 0});
      rdouble.insert(rdouble.end(), {0.0, -std::numeric_limits<double>::infinity()});
    }
    const std::size_t s = std::size_t(slot_of[root]);
    piece_slot[k] = std::int64_t(s);
    const std::int64_t* in = &ints[kInts * k];
    std::int64_t* r = &rint[kInts * s];
    r[0] += in[1], r[1] = std::min(r[1], in[0]), r[2] += in[2], r[3] += in[3], r[4] += in[4];
    rdouble[kDoubles * s] += doubles[kDoubles * k];
    rdouble[kDoubles * s + 1] = std::max(rdouble[kDoubles * s + 1], doubles[kDoubles * k + 1]);
  }
  const std::size_t n = rint.size() / kInts;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rint[kInts * a] != rint[kInts * b]) return rint[kInts * a] > rint[kInts * b];
    return rint[kInts * a + 1] < rint[kInts * b + 1];
  });
  Ranked out;
  std::vector<std::int32_t> label_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Past INT32_MAX regions this wraps; the caller refuses that case before using it.
    label_of[order[i]] = std::int32_t(i + 1);
    out.ints.insert(out.ints.end(), &rint[kInts * order[i]], &rint[kInts * order[i]] + kInts);
    out.doubles.insert(out.doubles.end(), &rdouble[kDoubles * order[i]], &rdouble[kDoubles * order[i]] + kDoubles);
  }
  out.piece_label.resize(m);
  for (std::size_t k = 0; k < m; ++k) out.piece_label[k] = label_of[std::size_t(piece_slot[k])];
  return out;
}

// Counts and displacements for MPI's int-sized vector calls, refusing what
// does not fit (every rank sees the same counts, so all refuse together).
void displacements(const std::vector<std::int64_t>& counts, std::vector<int>& count, std::vector<int>& displ) {
  count.resize(counts.size());
  displ.resize(counts.size());
  std::int64_t at = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (at + counts[r] > INT_MAX) throw std::length_error("hotspot regions: too many pieces to gather on one rank");
    count[r] = int(counts[r]);
    displ[r] = int(at);
    at += counts[r];
  }
}

}  // namespace

HotspotRegions find_hotspot_regions(MPI_Comm comm, const Block& block, std::span<const std::uint8_t> mask,
                                    std::span<const float> value, std::int64_t total_cells,
                                    std::size_t max_regions) {
  const std::int64_t owned = block.owned_cells();
  int ok = std::int64_t(mask.size()) == owned && std::int64_t(value.size()) == owned && total_cells > 0 &&
           owned < INT32_MAX;
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, comm));
  if (!ok)
    throw std::invalid_argument(
        "hotspot regions: a rank's mask or values do not match its block, or the total cell count is not positive");
  int rank = 0, size = 1;
  STIRLB_CHECK(MPI, MPI_Comm_rank(comm, &rank));
  STIRLB_CHECK(MPI, MPI_Comm_size(comm, &size));

  HotspotRegions out;
  out.labels.assign(std::size_t(owned), 0);
  const Pieces pieces = local_pieces(block, mask, value, out.labels);
  const std::vector<std::int64_t> pairs = face_pairs(comm, block, mask, out.labels, pieces);

  const std::int64_t mine[2] = {std::int64_t(pieces.count()), std::int64_t(pairs.size())};
  const std::size_t ranks = std::size_t(size);
  std::vector<std::int64_t> all(2 * ranks);
  STIRLB_CHECK(MPI, MPI_Allgather(mine, 2, MPI_INT64_T, all.data(), 2, MPI_INT64_T, comm));
  std::vector<std::int64_t> n_pieces(ranks), n_ints(ranks), n_doubles(ranks), n_pairs(ranks);
  for (std::size_t r = 0; r < ranks; ++r) {
    n_pieces[r] = all[2 * r];
    n_ints[r] = kInts * all[2 * r];
    n_doubles[r] = kDoubles * all[2 * r];
    n_pairs[r] = all[2 * r + 1];
  }
  std::vector<int> c_pieces, d_pieces, c_ints, d_ints, c_doubles, d_doubles, c_pairs, d_pairs;
  displacements(n_pieces, c_pieces, d_pieces);
  displacements(n_ints, c_ints, d_ints);
  displacements(n_doubles, c_doubles, d_doubles);
  displacements(n_pairs, c_pairs, d_pairs);

  const bool root = rank == 0;
  std::vector<std::int64_t> g_ints, g_pairs;
  std::vector<double> g_doubles;
  if (root) {
    g_ints.resize(std::size_t(d_ints.back()) + std::size_t(c_ints.back()));
    g_doubles.resize(std::size_t(d_doubles.back()) + std::size_t(c_doubles.back()));
    g_pairs.resize(std::size_t(d_pairs.back()) + std::size_t(c_pairs.back()));
  }
  STIRLB_CHECK(MPI, MPI_Gatherv(pieces.ints.data(), int(pieces.ints.size()), MPI_INT64_T, g_ints.data(),
                                c_ints.data(), d_ints.data(), MPI_INT64_T, 0, comm));
  STIRLB_CHECK(MPI, MPI_Gatherv(pieces.doubles.data(), int(pieces.doubles.size()), MPI_DOUBLE, g_doubles.data(),
                                c_doubles.data(), d_doubles.data(), MPI_DOUBLE, 0, comm));
  STIRLB_CHECK(MPI, MPI_Gatherv(pairs.data(), int(pairs.size()), MPI_INT64_T, g_pairs.data(), c_pairs.data(),
                                d_pairs.data(), MPI_INT64_T, 0, comm));

  Ranked ranked;
  std::int64_t head[2] = {0, 0};  // regions, regions in the table
  if (root) {
    ranked = rank_regions(g_ints, g_doubles, g_pairs);
    head[0] = std::int64_t(ranked.ints.size() / kInts);
    head[1] = max_regions > 0 ? std::min<std::int64_t>(head[0], std::int64_t(max_regions)) : head[0];
  }
  STIRLB_CHECK(MPI, MPI_Bcast(head, 2, MPI_INT64_T, 0, comm));
  if (head[0] > INT32_MAX) throw std::length_error("hotspot regions: more regions than an int32 label can number");

  std::vector<std::int32_t> piece_label(pieces.count());
  STIRLB_CHECK(MPI, MPI_Scatterv(ranked.piece_label.data(), c_pieces.data(), d_pieces.data(), MPI_INT32_T,
                                 piece_label.data(), int(piece_label.size()), MPI_INT32_T, 0, comm));
  for (std::size_t c = 0; c < out.labels.size(); ++c)
    out.labels[c] = mask[c] ? piece_label[std::size_t(out.labels[c])] : 0;

  // The whole ranked table would be O(regions) on every rank; the kept rows
  // plus the omitted totals are all a report needs.
  const std::size_t kept = std::size_t(head[1]);
  std::vector<std::int64_t> t_ints(kInts * kept + 1);
  std::vector<double> t_doubles(kDoubles * kept);
  if (root) {
    std::copy_n(ranked.ints.begin(), t_ints.size() - 1, t_ints.begin());
    std::copy_n(ranked.doubles.begin(), t_doubles.size(), t_doubles.begin());
    std::int64_t rest = 0;
    for (std::size_t i = kept; i < std::size_t(head[0]); ++i) rest += ranked.ints[kInts * i];
    t_ints.back() = rest;
  }
  STIRLB_CHECK(MPI, MPI_Bcast(t_ints.data(), int(t_ints.size()), MPI_INT64_T, 0, comm));
  STIRLB_CHECK(MPI, MPI_Bcast(t_doubles.data(), int(t_doubles.size()), MPI_DOUBLE, 0, comm));

  out.region_count = head[0];
  out.omitted_regions = head[0] - head[1];
  out.omitted_cells = t_ints.back();
  out.omitted_volume_fraction = double(out.omitted_cells) / double(total_cells);
  out.regions.resize(kept);
  for (std::size_t i = 0; i < kept; ++i) {
    const std::int64_t* r = &t_ints[kInts * i];
    HotspotRegion& h = out.regions[i];
    h.label = std::int32_t(i + 1);
    h.cells = r[0];
    h.min_index = r[1];
    h.volume_fraction = double(h.cells) / double(total_cells);
    h.centroid = {double(r[2]) / double(h.cells), double(r[3]) / double(h.cells), double(r[4]) / double(h.cells)};
    h.mean_value = t_doubles[kDoubles * i] / double(h.cells);
    h.max_value = t_doubles[kDoubles * i + 1];
  }
  return out;
}

}  // namespace stirlb
