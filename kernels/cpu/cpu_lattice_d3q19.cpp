#include "../lattice_impl.h"
#include "cpu_exec.h"
#include "cpu_lattice.h"

namespace stirlb {
std::unique_ptr<LatticeBackend> make_cpu_lattice_d3q19(const LatticeConfig& config) {
  return make_lattice_for<CpuExec, D3Q19>(config);
}
}  // namespace stirlb
