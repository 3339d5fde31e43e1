#pragma once
// A folder every rank agrees on, removed at the end: named after rank 0's
// process, so that runs side by side (the 1-, 2- and 4-rank tests under
// ctest -j, or two builds' tests) never remove each other's files.
#include <mpi.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include "solver/parallel/parallel_session.h"

namespace stirlb::testing {

struct SharedTempDir {
  std::filesystem::path path;
  explicit SharedTempDir(const std::string& prefix) {
    std::string p;
    if (ParallelSession::rank() == 0)
      p = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()));
    int n = int(p.size());
    MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
    p.resize(std::size_t(n));
    MPI_Bcast(p.data(), n, MPI_CHAR, 0, MPI_COMM_WORLD);
    path = p;
    if (ParallelSession::rank() == 0) std::filesystem::create_directories(path);
    MPI_Barrier(MPI_COMM_WORLD);
  }
  ~SharedTempDir() {
    MPI_Barrier(MPI_COMM_WORLD);
    if (ParallelSession::rank() == 0) std::filesystem::remove_all(path);
  }
  SharedTempDir(const SharedTempDir&) = delete;
  SharedTempDir& operator=(const SharedTempDir&) = delete;
};

}  // namespace stirlb::testing
