#include "../lattice_impl.h"
#include "cuda_exec.cuh"
#include "cuda_lattice.h"

namespace stirlb {
std::unique_ptr<LatticeBackend> make_cuda_lattice_d3q19(const LatticeConfig& config) {
  return make_lattice_for<CudaExec, D3Q19>(config);
}
}  // namespace stirlb
