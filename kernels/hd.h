#pragma once
// Marks functions callable from both host and device code. Physics lives in
// such functions so that the CPU and CUDA backends run the very same source.
#if defined(__CUDACC__)
#define STIRLB_HD __host__ __device__ __forceinline__
#else
#define STIRLB_HD inline __attribute__((always_inline))
#endif
// The device pass and the host compiler each get the unroll pragma they know;
// the host pass of a .cu file runs no cell loops and gets none.
#if defined(__CUDA_ARCH__)
#define STIRLB_UNROLL _Pragma("unroll")
#elif defined(__CUDACC__)
#define STIRLB_UNROLL
#else
#define STIRLB_UNROLL _Pragma("GCC unroll 32")
#endif

#include <utility>

// Lambdas that carry per-direction code must vanish into their caller; GCC
// otherwise keeps 19-27 small calls per cell. nvcc inlines device lambdas.
#if defined(__CUDACC__)
#define STIRLB_LAMBDA_INLINE
#else
#define STIRLB_LAMBDA_INLINE __attribute__((always_inline))
#endif

namespace stirlb {

// Calls f(std::integral_constant<int, i>{}) for i = 0..N-1, so that a
// direction index is a constant expression inside f: tables indexed by it fold
// away on both compilers instead of landing in (device) local memory.
template <class F, int... I>
STIRLB_HD void static_for_impl(F&& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}
template <int N, class F>
STIRLB_HD void static_for(F&& f) {
  static_for_impl(f, std::make_integer_sequence<int, N>{});
}

// Adds into memory that other threads may add into too. The CUDA backend runs
// such loops in parallel; the CPU backend runs them serially so that the sum
// order, and with it the result, is the same on every run.
STIRLB_HD void scatter_add(float* target, float value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(target, value);
#else
  *target += value;
#endif
}

}  // namespace stirlb
