#pragma once
// Sums the ranks' partial immersed-boundary samples (kernels/lattice_backend.h):
// each value is non-zero on one rank only, so MPI's sum is exact in any
// order and every rank ends with identical numbers.
#include <mpi.h>
#include "kernels/lattice_backend.h"
#include "mpi_check.h"

namespace stirlb {

class MpiPartialSum final : public PartialSumReducer {
 public:
  explicit MpiPartialSum(MPI_Comm comm) : comm_(comm) {}
  void sum(float* values, std::size_t count) override {
    STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, values, int(count), MPI_FLOAT, MPI_SUM, comm_));
  }

 private:
  MPI_Comm comm_;
};

}  // namespace stirlb
