#pragma once
// The CUDA execution policy: one thread per cell, x fastest so that a warp
// reads consecutive addresses of each population array.
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>
#include <cstdint>
#include "../force_boxes.h"
#include "../lattice_params.h"
#include "cuda_check.h"

namespace stirlb {

template <class F>
__global__ void for_each_cell_kernel(GridShape g, F f) {
  const std::int64_t n = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (n >= g.cells()) return;
  const int x = int(n % g.nx);
  const std::int64_t yz = n / g.nx;
  f(x, int(yz % g.ny), int(yz / g.ny));
}

template <class F>
__global__ void for_each_cell_in_kernel(IndexBox b, F f) {
  const std::int64_t n = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (n >= b.cells()) return;
  const int x = int(n % b.extent(0));
  const std::int64_t yz = n / b.extent(0);
  f(b.lo[0] + x, b.lo[1] + int(yz % b.extent(1)), b.lo[2] + int(yz / b.extent(1)));
}

template <class F>
__global__ void for_each_index_kernel(std::int64_t count, F f) {
  const std::int64_t i = std::int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < count) f(i);
}

struct CudaExec {
  static const char* name() { return "cuda"; }
  static constexpr int kBlock = 256;

  template <class T>
  static T* allocate(std::size_t n) {
    void* p = nullptr;
    STIRLB_CHECK(CUDA, cudaMalloc(&p, n * sizeof(T)));
    return static_cast<T*>(p);
  }
  static void release(void* p) { cudaFree(p); }  // never throws from a destructor
  template <class T>
  static void upload(T* dst, const T* src, std::size_t n) {
    STIRLB_CHECK(CUDA, cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyHostToDevice));
  }
  template <class T>
  static void download(T* dst, const T* src, std::size_t n) {
    STIRLB_CHECK(CUDA, cudaMemcpy(dst, src, n * sizeof(T), cudaMemcpyDeviceToHost));
  }

  template <class F>
  static void for_each_cell(const GridShape& g, const F& f) {
    const std::int64_t blocks = (g.cells() + kBlock - 1) / kBlock;
    for_each_cell_kernel<<<unsigned(blocks), kBlock>>>(g, f);
    STIRLB_CHECK(CUDA, cudaGetLastError());
  }

  template <class F>
  static void for_each_cell_in(const IndexBox& b, const F& f) {
    if (b.extent(0) <= 0 || b.extent(1) <= 0 || b.extent(2) <= 0) return;
    for_each_cell_in_kernel<<<unsigned((b.cells() + kBlock - 1) / kBlock), kBlock>>>(b, f);
    STIRLB_CHECK(CUDA, cudaGetLastError());
  }

  // Halo messages leave through pinned host buffers unless MPI reads device
  // memory itself (GPU-aware MPI).
  static constexpr bool kHostMemory = false;
  // Threads take every cell through the general update: a warp pays little
  // for the boundary branches, and the bulk split is a CPU vector-loop device.
  static constexpr bool kBulkRows = false;
  template <class T>
  static T* allocate_pinned(std::size_t n) {
    void* p = nullptr;
    STIRLB_CHECK(CUDA, cudaMallocHost(&p, n * sizeof(T)));
    return static_cast<T*>(p);
  }
  static void release_pinned(void* p) { cudaFreeHost(p); }

  template <class F>
  static void for_each_index(std::int64_t count, const F& f) {
    if (count == 0) return;
    for_each_index_kernel<<<unsigned((count + kBlock - 1) / kBlock), kBlock>>>(count, f);
    STIRLB_CHECK(CUDA, cudaGetLastError());
  }
  // Every loop is wide on the device, heavy or not.
  template <class F>
  static void for_each_heavy_index(std::int64_t count, const F& f) {
    for_each_index(count, f);
  }
  // Iterations add into shared memory through atomics (scatter_add in hd.h).
  template <class F>
  static void for_each_scatter(std::int64_t count, const F& f) {
    for_each_index(count, f);
  }

  template <class T, class Map, class Combine>
  static T reduce(std::int64_t count, const Map& map, const Combine& combine) {
    const auto first = thrust::counting_iterator<std::int64_t>(0);
    return thrust::transform_reduce(thrust::device, first, first + count, map, T{}, combine);
  }
};

}  // namespace stirlb
