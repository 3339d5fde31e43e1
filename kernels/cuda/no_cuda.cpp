// Linked instead of the CUDA backend when the build has no CUDA.
#include <stdexcept>
#include <string>
#include "../lattice_backend.h"

namespace stirlb {

bool cuda_available(std::string* why) {
  if (why) *why = "this build of stirlb has no CUDA support (configure with STIRLB_CUDA=ON)";
  return false;
}

void select_cuda_device(int) {}

std::unique_ptr<LatticeBackend> make_cuda_lattice(const LatticeConfig&) {
  throw std::runtime_error("--backend cuda: this build of stirlb has no CUDA support (configure with STIRLB_CUDA=ON)");
}

}  // namespace stirlb
