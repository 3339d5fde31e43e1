// GoogleTest main for tests that run under mpirun: MPI and PETSc come up
// once, only rank 0 prints, and every rank returns failure if any rank failed
// (so that mpirun and CTest see it whichever rank it was).
#include <gtest/gtest.h>
#include "solver/parallel/parallel_session.h"

int main(int argc, char** argv) {
  stirlb::ParallelSession session(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  if (stirlb::ParallelSession::rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0;
  int any = 0;
  MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any;
}
