#include "parallel_session.h"

#include <petscsys.h>
#include "mpi_check.h"
#include "petsc_check.h"

namespace stirlb {

ParallelSession::ParallelSession(int* argc, char*** argv) {
  int initialized = 0;
  STIRLB_CHECK(MPI, MPI_Initialized(&initialized));
  if (!initialized) {
    int provided = 0;
    STIRLB_CHECK(MPI, MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided));
    finalize_mpi_ = true;
  }
  // Errors come back as codes that STIRLB_CHECK turns into messages, rather
  // than aborting every rank without saying which call failed.
  STIRLB_CHECK(MPI, MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  PetscBool petsc_up = PETSC_FALSE;
  STIRLB_CHECK(PETSC, PetscInitialized(&petsc_up));
  if (!petsc_up) {
    // No arguments: the command line belongs to CLI11; PETSc options can
    // still come from the PETSC_OPTIONS environment variable.
    STIRLB_CHECK(PETSC, PetscInitializeNoArguments());
    finalize_petsc_ = true;
  }
}

ParallelSession::~ParallelSession() {
  if (finalize_petsc_) PetscFinalize();
  if (finalize_mpi_) MPI_Finalize();
}

int ParallelSession::rank(MPI_Comm comm) {
  int r = 0;
  STIRLB_CHECK(MPI, MPI_Comm_rank(comm, &r));
  return r;
}

int ParallelSession::size(MPI_Comm comm) {
  int s = 1;
  STIRLB_CHECK(MPI, MPI_Comm_size(comm, &s));
  return s;
}

int ParallelSession::node_local_rank() {
  MPI_Comm node;
  STIRLB_CHECK(MPI, MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  const int r = rank(node);
  STIRLB_CHECK(MPI, MPI_Comm_free(&node));
  return r;
}

}  // namespace stirlb
