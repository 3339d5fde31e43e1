#include "lattice_backend.h"

namespace stirlb {

std::string to_string(Stencil s) { return s == Stencil::D3Q27 ? "D3Q27" : "D3Q19"; }
std::string to_string(Precision p) { return p == Precision::FP16 ? "fp16" : "fp32"; }
std::string to_string(CollisionOperator c) { return c == CollisionOperator::BGK ? "bgk" : "regularized"; }
std::string to_string(BackendKind b) { return b == BackendKind::CUDA ? "cuda" : "cpu"; }
int velocity_count(Stencil s) { return s == Stencil::D3Q27 ? 27 : 19; }
int bytes_per_population(Precision p) { return p == Precision::FP16 ? 2 : 4; }

}  // namespace stirlb
