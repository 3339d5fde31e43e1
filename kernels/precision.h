#pragma once
// Storage precision of the populations. Arithmetic is always FP32; what is
// stored is the deviation f_i - w_i from the rest state, which keeps the
// significant digits where the flow information is (FluidX3D, Lehmann 2022).
#include <cstdint>
#include "hd.h"
#if defined(__CUDACC__)
#include <cuda_fp16.h>
#endif

namespace stirlb {

struct StoreFP32 {
  using type = float;
  static constexpr const char* name = "fp32";
  STIRLB_HD static float load(type v) { return v; }
  STIRLB_HD static type store(float v) { return v; }
};

// IEEE binary16, round to nearest even on both backends so that the CPU and
// the GPU store bit-identical values.
struct StoreFP16 {
  using type = std::uint16_t;
  static constexpr const char* name = "fp16";
  STIRLB_HD static float load(type v) {
#if defined(__CUDACC__)
    return __half2float(__ushort_as_half(v));
#else
    _Float16 h;
    __builtin_memcpy(&h, &v, sizeof h);
    return static_cast<float>(h);
#endif
  }
  STIRLB_HD static type store(float v) {
#if defined(__CUDACC__)
    return __half_as_ushort(__float2half_rn(v));
#else
    const _Float16 h = static_cast<_Float16>(v);
    type out;
    __builtin_memcpy(&out, &h, sizeof out);
    return out;
#endif
  }
};

}  // namespace stirlb
