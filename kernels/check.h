#pragma once
// One macro checks every CUDA, MPI and PETSc call, and the error names the
// call and where it was made:  STIRLB_CHECK(CUDA, cudaMalloc(&p, n));
// Each API provides check_<API>(result, call, file, line) next to its headers.
#include <stdexcept>
#include <string>

#define STIRLB_CHECK(api, call) ::stirlb::check_##api((call), #call, __FILE__, __LINE__)

namespace stirlb {

class CallError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void raise_call_error(const char* api, const char* call, const char* file, int line,
                                          const std::string& message) {
  throw CallError(std::string(api) + " call failed: " + call + " at " + file + ":" + std::to_string(line) +
                  ": " + message);
}

}  // namespace stirlb
