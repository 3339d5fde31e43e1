// CUDA lattice: the same functors as the CPU backend, launched on the device.
#include <cuda_runtime.h>
#include <stdexcept>
#include <string>
#include "cuda_check.h"
#include "cuda_lattice.h"

namespace stirlb {

bool cuda_available(std::string* why) {
  int count = 0;
  const cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess || count == 0) {
    if (why) *why = err != cudaSuccess ? std::string("no usable CUDA device: ") + cudaGetErrorString(err)
                                       : std::string("no CUDA device found");
    cudaGetLastError();  // clear the sticky error of the failed query
    return false;
  }
  return true;
}

void select_cuda_device(int node_local_rank) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    cudaGetLastError();
    return;  // make_cuda_lattice says why when it is asked for a device
  }
  STIRLB_CHECK(CUDA, cudaSetDevice(node_local_rank % count));
}

std::unique_ptr<LatticeBackend> make_cuda_lattice(const LatticeConfig& config) {
  std::string why;
  if (!cuda_available(&why)) throw std::runtime_error("--backend cuda: " + why);
  return config.stencil == Stencil::D3Q27 ? make_cuda_lattice_d3q27(config) : make_cuda_lattice_d3q19(config);
}

}  // namespace stirlb
