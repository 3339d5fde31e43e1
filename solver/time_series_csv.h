#pragma once
// A CSV file of rows keyed by time (first column, seconds) that rank 0 writes
// during a run and every rank hears the outcome of. A fresh run starts the
// file anew; a resumed run keeps the rows up to the time it resumes from.
// The header is written atomically, rows are appended and flushed, so a
// killed run leaves every row it reported.
#include <mpi.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace stirlb {

class TimeSeriesCsv {
 public:
  // Collective over comm (MPI_COMM_SELF makes no MPI call). Throws
  // std::runtime_error on every rank if rank 0 cannot write the file.
  TimeSeriesCsv(std::filesystem::path file, std::string header, MPI_Comm comm,
                std::optional<double> continue_from_time = std::nullopt);
  // Collective; `row` without the line end (only rank 0's is used).
  void append(const std::string& row);

 private:
  void check(bool ok, const std::string& what) const;

  std::filesystem::path file_;
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  std::ofstream out_;
};

}  // namespace stirlb
