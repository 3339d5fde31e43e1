#include "backend_choice.h"

#include <ostream>
#include <stdexcept>

namespace stirlb {

BackendKind choose_backend(const std::string& requested, std::ostream& log) {
  std::string why;
  if (requested == "cpu") return BackendKind::CPU;
  if (requested == "cuda") {
    if (!cuda_available(&why)) throw std::runtime_error("--backend cuda: " + why);
    return BackendKind::CUDA;
  }
  if (requested == "auto") {
    if (cuda_available(&why)) return BackendKind::CUDA;
    log << "backend: auto chose the CPU (" << why << ")\n";
    return BackendKind::CPU;
  }
  throw std::invalid_argument("--backend must be cpu, cuda or auto (got '" + requested + "')");
}

}  // namespace stirlb
