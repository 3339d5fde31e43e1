#pragma once
// Checkpoint files: one parallel HDF5 file (MPI-IO driver) holding root-group
// attributes, "blocks" (fields over the whole lattice) and "series" (small
// replicated tables). Blocks are stored in the GLOBAL layout
// [components][nz][ny][nx] (x fastest), so a run can restart on any number of
// ranks: each rank writes and reads only its own sub-box.
//
// Safety:
//  * The writer fills "<path>.tmp" and publishes it in commit() only when it
//    is complete and fsynced: the old file becomes "<stem>.previous<ext>",
//    then the new one takes its name (both renames are atomic). A writer
//    destroyed without commit() removes the .tmp and touches nothing else.
//  * Every dataset carries a 64-bit checksum attribute that does not depend
//    on the decomposition (see checkpoint_file.cpp), so the reader's verify()
//    finds a corrupt file before the solver overwrites any state.
//  * Everything a user can get wrong (missing, truncated, corrupt or foreign
//    file, missing attribute or dataset, other lattice) is a CheckpointError
//    whose message starts with the file's path and says why in plain words.
//
// All member functions are collective over the communicator: every rank
// calls them in the same order with the same names (and the same attribute
// and series values).
#include <mpi.h>
#include <array>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace stirlb {

class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "<dir>/<stem>.previous<ext>": where commit() keeps the checkpoint it
// replaces (checkpoint.h5 -> checkpoint.previous.h5).
std::filesystem::path previous_checkpoint_path(const std::filesystem::path& path);

// Throws CheckpointError "<file>: was written for a <stored> <what>, this run
// has <current>" unless stored == current; extents print as "64 x 64 x 80".
void require_equal(const std::filesystem::path& file, const std::string& what, const std::string& stored,
                   const std::string& current);
void require_equal(const std::filesystem::path& file, const std::string& what, std::array<int, 3> stored,
                   std::array<int, 3> current);

class CheckpointWriter {
 public:
  // Creates <final_path>.tmp (truncating a stale one) and marks it with the
  // format attribute. Throws CheckpointError if the file cannot be created.
  CheckpointWriter(MPI_Comm comm, std::filesystem::path final_path);
  // Without commit(): closes and removes the .tmp; never throws.
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // Root-group attributes; writing a name again replaces the value.
  void attribute(const std::string& name, std::int64_t value);
  template <std::integral T>  // int, std::size_t, ... without ambiguity
  void attribute(const std::string& name, T value) {
    attribute(name, static_cast<std::int64_t>(value));
  }
  void attribute(const std::string& name, double value);
  void attribute(const std::string& name, const std::string& value);
  void attribute(const std::string& name, const char* value) { attribute(name, std::string(value)); }

  // Dataset `name`, float32 [components][global z][global y][global x]. This
  // rank supplies the cells [lo, lo + n) as `components` arrays of n cells
  // each (x fastest). Ranks may own no cells (n with a zero). The boxes of
  // all ranks must tile the global box (an uncovered cell is undefined).
  void block(const std::string& name, int components, std::array<int, 3> global, std::array<int, 3> lo,
             std::array<int, 3> n, const float* data);

  // Dataset `name`, float64 [values.size() / columns][columns]; every rank
  // passes the same values (rank 0's are written). Zero rows are allowed.
  void series(const std::string& name, const std::vector<double>& values, int columns);

  // Closes the file, then rank 0 fsyncs it and publishes it (see above). All
  // ranks return once the file is in place, or all throw CheckpointError.
  void commit();

  const std::filesystem::path& path() const { return final_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  std::filesystem::path final_, tmp_;
  std::int64_t file_ = -1;  // hid_t
  bool committed_ = false;
};

class CheckpointReader {
 public:
  // Throws CheckpointError if the file is missing, not HDF5, truncated or
  // unreadable, or not a stirlb checkpoint (no or another format marker).
  CheckpointReader(MPI_Comm comm, std::filesystem::path path);
  ~CheckpointReader();
  CheckpointReader(const CheckpointReader&) = delete;
  CheckpointReader& operator=(const CheckpointReader&) = delete;

  // Root-group attributes; missing, or of another kind: CheckpointError
  // naming the attribute.
  std::int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;
  std::string text(const std::string& name) const;
  // An attribute or a dataset of that name exists.
  bool has(const std::string& name) const;

  // Global extent {nx, ny, nz} and component count of block `name`.
  std::array<int, 3> block_extent(const std::string& name, int& components) const;
  // Reads this rank's cells [lo, lo + n) of block `name` into `out` (layout
  // as CheckpointWriter::block), whatever decomposition wrote it. Throws
  // CheckpointError if the dataset is missing or has another shape. Does not
  // check the checksum: call verify() first.
  void block(const std::string& name, int components, std::array<int, 3> global, std::array<int, 3> lo,
             std::array<int, 3> n, float* out) const;
  // The table of series `name` and its column count; checks its checksum.
  std::vector<double> series(const std::string& name, int& columns) const;

  // Reads every dataset once, each rank a share of every block, and compares
  // its checksum with the stored one: CheckpointError "dataset '<name>' is
  // corrupt (checksum mismatch)" on any difference. Costs one extra pass
  // over the file, which is small next to what a wrong restart costs.
  void verify() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
  std::filesystem::path path_;
  std::int64_t file_ = -1;  // hid_t
};

}  // namespace stirlb
