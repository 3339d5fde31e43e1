#pragma once
// This process's place in MPI_COMM_WORLD, for tests that split a global
// problem over however many ranks they were started on.
#include <mpi.h>

namespace stirlb::testing {

inline int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

inline int world_size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

}  // namespace stirlb::testing
