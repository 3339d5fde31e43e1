#pragma once
#include "../lattice_backend.h"

namespace stirlb {
std::unique_ptr<LatticeBackend> make_cuda_lattice_d3q19(const LatticeConfig& config);
std::unique_ptr<LatticeBackend> make_cuda_lattice_d3q27(const LatticeConfig& config);
}  // namespace stirlb
