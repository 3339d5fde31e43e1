#pragma once
// MPI and PETSc for the life of the process. Every command runs inside one,
// so a plain `stirlb run` is a run on one rank and `mpirun -n 4 stirlb run`
// the same code on four.
#include <mpi.h>

namespace stirlb {

class ParallelSession {
 public:
  // Initialises MPI (threads funnelled through the main thread: OpenMP
  // regions never call MPI) and PETSc, unless someone already did.
  ParallelSession(int* argc, char*** argv);
  ~ParallelSession();
  ParallelSession(const ParallelSession&) = delete;
  ParallelSession& operator=(const ParallelSession&) = delete;

  static int rank(MPI_Comm comm = MPI_COMM_WORLD);
  static int size(MPI_Comm comm = MPI_COMM_WORLD);
  // Rank among the processes on this node: picks the GPU on clusters.
  static int node_local_rank();

 private:
  bool finalize_mpi_ = false;
  bool finalize_petsc_ = false;
};

}  // namespace stirlb
