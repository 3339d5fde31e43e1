#pragma once
#include <iosfwd>
#include <string>
#include "kernels/lattice_backend.h"

namespace stirlb {

// "cpu", "cuda" or "auto". Asking for cuda without a usable GPU throws with
// the reason; auto falls back to the CPU and says so on `log`.
BackendKind choose_backend(const std::string& requested, std::ostream& log);

}  // namespace stirlb
