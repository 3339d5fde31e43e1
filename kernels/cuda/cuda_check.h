#pragma once
#include <cuda_runtime.h>
#include "../check.h"

namespace stirlb {

inline void check_CUDA(cudaError_t result, const char* call, const char* file, int line) {
  if (result != cudaSuccess) raise_call_error("CUDA", call, file, line, cudaGetErrorString(result));
}

}  // namespace stirlb
