#pragma once
// The CPU execution policy: OpenMP loops over the grid, x fastest so that
// each thread walks contiguous memory.
#include <omp.h>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>
#include "../aa_streaming.h"
#include "../bulk_runs.h"
#include "../force_boxes.h"
#include "../lattice_params.h"

namespace stirlb {

struct CpuExec {
  static const char* name() { return "cpu"; }

  template <class T>
  static T* allocate(std::size_t n) {
    // 64-byte alignment keeps every population array on its own cache lines.
    const std::size_t bytes = ((n * sizeof(T) + 63) / 64) * 64;
    void* p = std::aligned_alloc(64, bytes);
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  static void release(void* p) { std::free(p); }
  template <class T>
  static void upload(T* dst, const T* src, std::size_t n) {
    std::memcpy(dst, src, n * sizeof(T));
  }
  template <class T>
  static void download(T* dst, const T* src, std::size_t n) {
    std::memcpy(dst, src, n * sizeof(T));
  }

  template <class F>
  static void for_each_cell(const GridShape& g, const F& f) {
    for_each_cell_in(IndexBox{{0, 0, 0}, {g.nx, g.ny, g.nz}}, f);
  }

  // The cells of one box of the grid (a rank's border shell or interior).
  template <class F>
  static void for_each_cell_in(const IndexBox& b, const F& f) {
#pragma omp parallel for collapse(2) schedule(static)
    for (int z = b.lo[2]; z < b.hi[2]; ++z)
      for (int y = b.lo[1]; y < b.hi[1]; ++y)
        for (int x = b.lo[0]; x < b.hi[0]; ++x) f(x, y, z);
  }

  // The cells of a box row by row: the stretches `runs` marks as bulk go
  // through `bulk` (called with the linear cell index) as a vector loop,
  // which the AA pattern makes safe (no two cells touch the same slot), and
  // the rest one by one through `general`.
  static constexpr bool kBulkRows = true;
  template <class G, class B>
  static void for_each_cell_split(const GridShape& g, const IndexBox& b, const BulkRuns& runs, const G& general,
                                  const B& bulk) {
#pragma omp parallel for collapse(2) schedule(static)
    for (int z = b.lo[2]; z < b.hi[2]; ++z)
      for (int y = b.lo[1]; y < b.hi[1]; ++y) {
        int x = b.lo[0];
        for (const int* r = runs.first(y, z); r != runs.last(y, z); r += 2) {
          const int first = r[0] > b.lo[0] ? r[0] : b.lo[0], end = r[1] < b.hi[0] ? r[1] : b.hi[0];
          if (first >= end) continue;
          for (; x < first; ++x) general(x, y, z);
          const std::int64_t row = cell_index(g, 0, y, z);
          // A local copy: the compiler may then keep the functor's fields in
          // registers, where through the reference every store to the
          // populations might have changed them.
          const B local = bulk;
#pragma omp simd
          for (int i = first; i < end; ++i) local(row + i);
          x = end;
        }
        for (; x < b.hi[0]; ++x) general(x, y, z);
      }
  }

  // Host memory for halo messages; the CPU's own memory already is.
  static constexpr bool kHostMemory = true;
  template <class T>
  static T* allocate_pinned(std::size_t n) {
    return allocate<T>(n);
  }
  static void release_pinned(void* p) { release(p); }

  // Below this many iterations a parallel region costs more than it saves
  // (immersed-boundary markers and boxes are often a few thousand), and on a
  // loaded machine a barrier can wait a whole scheduler slice.
  static constexpr std::int64_t kParallelThreshold = 32768;

  template <class F>
  static void for_each_index(std::int64_t count, const F& f) {
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
    for (std::int64_t i = 0; i < count; ++i) f(i);
  }

  // Loops whose every iteration reads a cell's populations or a marker's 27
  // kernel cells (immersed-boundary sampling and markers, beads) are worth
  // threads from a few thousand iterations on.
  static constexpr std::int64_t kHeavyParallelThreshold = 2048;

  template <class F>
  static void for_each_heavy_index(std::int64_t count, const F& f) {
#pragma omp parallel for schedule(static) if (count > kHeavyParallelThreshold)
    for (std::int64_t i = 0; i < count; ++i) f(i);
  }

  // Loops whose iterations add into shared memory (scatter_add in hd.h): one
  // thread, so the floating-point sums happen in index order every time.
  template <class F>
  static void for_each_scatter(std::int64_t count, const F& f) {
    for (std::int64_t i = 0; i < count; ++i) f(i);
  }

  // Per-thread partials combined in thread order: the same result on every run
  // with the same thread count.
  template <class T, class Map, class Combine>
  static T reduce(std::int64_t count, const Map& map, const Combine& combine) {
    std::vector<T> partial(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel if (count > kParallelThreshold)
    {
      T local{};
#pragma omp for schedule(static)
      for (std::int64_t i = 0; i < count; ++i) local = combine(local, map(i));
      partial[std::size_t(omp_get_thread_num())] = local;
    }
    T total{};
    for (const T& p : partial) total = combine(total, p);
    return total;
  }
};

}  // namespace stirlb
