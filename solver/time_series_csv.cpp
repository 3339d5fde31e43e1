#include "time_series_csv.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <utility>
#include "parallel/mpi_check.h"
#include "postproc/atomic_file.h"

namespace stirlb {

namespace {

// The data rows of `file` whose time (first column) is at most `time`.
std::string rows_up_to(const std::filesystem::path& file, double time) {
  std::ifstream in(file);
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    if (std::exchange(header, false)) continue;
    const std::size_t comma = line.find(',');
    double t = 0;
    const auto r = std::from_chars(line.data(), line.data() + std::min(comma, line.size()), t);
    if (comma == std::string::npos || r.ec != std::errc() || r.ptr != line.data() + comma) continue;
    if (t <= time) kept += line + "\n";
  }
  return kept;
}

}  // namespace

TimeSeriesCsv::TimeSeriesCsv(std::filesystem::path file, std::string header, MPI_Comm comm,
                             std::optional<double> continue_from_time)
    : file_(std::move(file)), comm_(comm) {
  if (comm_ != MPI_COMM_SELF) {
    STIRLB_CHECK(MPI, MPI_Comm_rank(comm_, &rank_));
    STIRLB_CHECK(MPI, MPI_Comm_size(comm_, &size_));
  }
  bool ok = true;
  std::string error;
  if (rank_ == 0) {
    try {
      std::string content = header + "\n";
      if (continue_from_time && std::filesystem::exists(file_)) content += rows_up_to(file_, *continue_from_time);
      write_file_atomic(file_, content);
      out_.open(file_, std::ios::app);
      ok = out_.good();
    } catch (const std::exception& e) {
      ok = false;
      error = e.what();
    }
  }
  check(ok, error.empty() ? "cannot open '" + file_.string() + "' for appending" : error);
}

void TimeSeriesCsv::append(const std::string& row) {
  bool ok = true;
  if (rank_ == 0) {
    out_ << row << '\n';
    out_.flush();
    ok = out_.good();
  }
  check(ok, "cannot append to '" + file_.string() + "'");
}

// Rank 0's outcome, on every rank.
void TimeSeriesCsv::check(bool ok, const std::string& what) const {
  int good = ok;
  if (size_ > 1) STIRLB_CHECK(MPI, MPI_Bcast(&good, 1, MPI_INT, 0, comm_));
  if (!good) throw std::runtime_error(rank_ == 0 ? what : what + " (rank 0 failed)");
}

}  // namespace stirlb
