#include "../copy_bandwidth.h"
#include <omp.h>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <stdexcept>
#include "cpu_exec.h"

namespace stirlb {

namespace {

struct HostBuffer {
  explicit HostBuffer(std::size_t bytes) : data(CpuExec::allocate<char>(bytes)) {}
  ~HostBuffer() { CpuExec::release(data); }
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  char* data;
};

// Each thread copies one contiguous share, as the static cell loop does.
void copy_in_shares(char* dst, const char* src, std::size_t bytes) {
#pragma omp parallel
  {
    const std::size_t threads = std::size_t(omp_get_num_threads());
    const std::size_t t = std::size_t(omp_get_thread_num());
    const std::size_t begin = bytes * t / threads, end = bytes * (t + 1) / threads;
    // glibc's memcpy streams blocks this large with non-temporal stores, so the
    // destination is not read first: the same traffic as the in-place AA
    // update, which only writes back lines it has just read.
    std::memcpy(dst + begin, src + begin, end - begin);
  }
}

}  // namespace

double cpu_copy_bandwidth(std::size_t bytes_per_array, int repetitions) {
  if (bytes_per_array == 0 || repetitions < 1)
    throw std::invalid_argument("copy bandwidth: need a non-empty array and at least one repetition");
  HostBuffer a(bytes_per_array), b(bytes_per_array);
  // First touch by the threads that will copy each share puts the pages on
  // their NUMA node.
#pragma omp parallel
  {
    const std::size_t threads = std::size_t(omp_get_num_threads());
    const std::size_t t = std::size_t(omp_get_thread_num());
    const std::size_t begin = bytes_per_array * t / threads, end = bytes_per_array * (t + 1) / threads;
    std::memset(a.data + begin, 1, end - begin);
    std::memset(b.data + begin, 0, end - begin);
  }
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < repetitions; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    copy_in_shares(b.data, a.data, bytes_per_array);
    const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    best = std::min(best, dt.count());
  }
  return 2.0 * double(bytes_per_array) / best;
}

}  // namespace stirlb
