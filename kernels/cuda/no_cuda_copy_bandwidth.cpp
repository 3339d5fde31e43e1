// Linked instead of the device copy benchmark when the build has no CUDA.
#include <stdexcept>
#include "../copy_bandwidth.h"

namespace stirlb {

double cuda_copy_bandwidth(std::size_t, int) {
  throw std::runtime_error("--backend cuda: this build of stirlb has no CUDA support (configure with STIRLB_CUDA=ON)");
}

}  // namespace stirlb
