#pragma once
// STIRLB_CHECK(MPI, MPI_Allreduce(...)): MPI's own error text, the call and
// its location (kernels/check.h). MPI_ERRORS_RETURN must be set on the
// communicators for errors to reach it instead of aborting the job; the
// ParallelSession does that for MPI_COMM_WORLD.
#include <mpi.h>
#include "kernels/check.h"

namespace stirlb {

inline void check_MPI(int rc, const char* call, const char* file, int line) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  raise_call_error("MPI", call, file, line, std::string(text, std::size_t(length)));
}

}  // namespace stirlb
