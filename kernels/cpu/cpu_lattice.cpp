// CPU lattice: the reference backend.
#include "cpu_lattice.h"

namespace stirlb {

std::unique_ptr<LatticeBackend> make_cpu_lattice(const LatticeConfig& config) {
  return config.stencil == Stencil::D3Q27 ? make_cpu_lattice_d3q27(config) : make_cpu_lattice_d3q19(config);
}

}  // namespace stirlb
