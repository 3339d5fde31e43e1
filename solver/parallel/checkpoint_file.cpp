#include "checkpoint_file.h"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <type_traits>
#include <utility>
#include "hdf5_check.h"
#include "mpi_check.h"

namespace fs = std::filesystem;

namespace stirlb {

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header keeps HDF5 ids as std::int64_t");

namespace {

constexpr const char* kFormatAttribute = "format";
constexpr const char* kFormat = "stirlb-checkpoint-1";
constexpr const char* kChecksumAttribute = "checksum";
// verify() reads blocks in pieces of at most this many floats (16 MiB) per
// rank, so that checking a large lattice never needs another copy of it.
constexpr std::uint64_t kVerifyPiece = std::uint64_t(1) << 22;

// --- checksums --------------------------------------------------------------
// A dataset's checksum is the sum, modulo 2^64, over its elements of
// hash(global linear index, bit pattern). A sum does not depend on the order
// of its terms, so each rank adds up the cells it holds and MPI_SUM combines
// them: the same number for any decomposition. Hashing the index with the
// value makes moved or swapped values count as damage; hashing the bits
// (not the value) makes -0.0 vs 0.0 and NaN payloads count too.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Elements first..first+count-1 of a dataset, as floats or doubles.
template <class T>
std::uint64_t run_checksum(std::uint64_t first, const T* v, std::size_t count) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += splitmix64(splitmix64(first + i) ^ std::bit_cast<Bits>(v[i]));
  return sum;
}

// --- HDF5 handles and errors ------------------------------------------------
// Closes the id on every exit path. Filled inside the check so that the
// call's text shows in the error:  STIRLB_CHECK(HDF5, h.id = H5Dopen2(...)).
struct Handle {
  explicit Handle(herr_t (*closer)(hid_t)) : close(closer) {}
  Handle(Handle&& o) noexcept : id(std::exchange(o.id, -1)), close(o.close) {}
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id >= 0) close(id);
  }
  operator hid_t() const { return id; }
  hid_t id = -1;
  herr_t (*close)(hid_t);
};

// HDF5 failing inside the checkpoint code is about the file (a disk that is
// full, a damaged file): say so with the path, keeping HDF5's reason for
// whoever digs further. MPI calls stay outside these sections.
template <class F>
auto about_file(const fs::path& path, const std::string& reason, F&& f) {
  try {
    return f();
  } catch (const CallError& e) {
    throw CheckpointError(path.string() + ": " + reason + " (" + e.what() + ")");
  }
}

const std::string kUnreadable = "truncated or unreadable HDF5 file";

CheckpointError file_error(const fs::path& path, const std::string& why) {
  return CheckpointError(path.string() + ": " + why);
}

// Our messages replace HDF5's printed error stack (hdf5_check.h).
void quiet_hdf5() { STIRLB_CHECK(HDF5, H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr)); }

Handle mpio_access(MPI_Comm comm) {
  Handle fapl(H5Pclose);
  STIRLB_CHECK(HDF5, fapl.id = H5Pcreate(H5P_FILE_ACCESS));
  STIRLB_CHECK(HDF5, H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL));
  return fapl;
}

Handle collective_transfer() {
  Handle dxpl(H5Pclose);
  STIRLB_CHECK(HDF5, dxpl.id = H5Pcreate(H5P_DATASET_XFER));
  STIRLB_CHECK(HDF5, H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE));
  return dxpl;
}

// File and memory selections of the box [start, start + count) of a
// dataset; an empty box selects nothing, so the rank still takes part in
// the collective transfer.
struct Selection {
  Handle file{H5Sclose}, memory{H5Sclose};
};

Selection select_box(hid_t dset, const hsize_t* start, const hsize_t* count) {
  Selection s;
  STIRLB_CHECK(HDF5, s.file.id = H5Dget_space(dset));
  int rank = 0;
  STIRLB_CHECK(HDF5, rank = H5Sget_simple_extent_ndims(s.file));
  hsize_t total = 1;
  for (int d = 0; d < rank; ++d) total *= count[d];
  if (total == 0) {
    const hsize_t one = 1;
    STIRLB_CHECK(HDF5, s.memory.id = H5Screate_simple(1, &one, nullptr));
    STIRLB_CHECK(HDF5, H5Sselect_none(s.memory));
    STIRLB_CHECK(HDF5, H5Sselect_none(s.file));
  } else {
    STIRLB_CHECK(HDF5, s.memory.id = H5Screate_simple(1, &total, nullptr));
    STIRLB_CHECK(HDF5, H5Sselect_hyperslab(s.file, H5S_SELECT_SET, start, nullptr, count, nullptr));
  }
  return s;
}

std::vector<hsize_t> extent_of(hid_t dset) {
  Handle space(H5Sclose);
  STIRLB_CHECK(HDF5, space.id = H5Dget_space(dset));
  int rank = 0;
  STIRLB_CHECK(HDF5, rank = H5Sget_simple_extent_ndims(space));
  std::vector<hsize_t> dims(std::size_t(rank), 0);
  STIRLB_CHECK(HDF5, H5Sget_simple_extent_dims(space, dims.data(), nullptr));
  return dims;
}

// --- attributes -------------------------------------------------------------
void write_attribute(hid_t object, const std::string& name, hid_t file_type, hid_t memory_type, const void* value) {
  htri_t exists = 0;
  STIRLB_CHECK(HDF5, exists = H5Aexists(object, name.c_str()));
  if (exists) STIRLB_CHECK(HDF5, H5Adelete(object, name.c_str()));  // created only once
  Handle space(H5Sclose);
  STIRLB_CHECK(HDF5, space.id = H5Screate(H5S_SCALAR));
  Handle attr(H5Aclose);
  STIRLB_CHECK(HDF5, attr.id = H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT));
  STIRLB_CHECK(HDF5, H5Awrite(attr, memory_type, value));
}

// The scalar attribute `name` of `object`, of type class `kind`; otherwise a
// CheckpointError saying what is wrong with it.
Handle open_attribute(hid_t object, const fs::path& path, const std::string& owner, const std::string& name,
                      H5T_class_t kind, const char* kind_text) {
  htri_t exists = 0;
  STIRLB_CHECK(HDF5, exists = H5Aexists(object, name.c_str()));
  if (!exists) throw file_error(path, owner + "attribute '" + name + "' is missing");
  Handle attr(H5Aclose);
  STIRLB_CHECK(HDF5, attr.id = H5Aopen(object, name.c_str(), H5P_DEFAULT));
  Handle type(H5Tclose);
  STIRLB_CHECK(HDF5, type.id = H5Aget_type(attr));
  H5T_class_t stored = H5T_NO_CLASS;
  STIRLB_CHECK(HDF5, stored = H5Tget_class(type));
  Handle space(H5Sclose);
  STIRLB_CHECK(HDF5, space.id = H5Aget_space(attr));
  hssize_t points = 0;
  STIRLB_CHECK(HDF5, points = H5Sget_simple_extent_npoints(space));
  if (stored != kind || points != 1 || (kind == H5T_STRING && H5Tis_variable_str(type) > 0))
    throw file_error(path, owner + "attribute '" + name + "' is not " + kind_text);
  return attr;
}

std::uint64_t stored_checksum(hid_t dset, const fs::path& path, const std::string& name) {
  Handle attr = open_attribute(dset, path, "dataset '" + name + "': ", kChecksumAttribute, H5T_INTEGER, "an integer");
  std::uint64_t sum = 0;
  STIRLB_CHECK(HDF5, H5Aread(attr, H5T_NATIVE_UINT64, &sum));
  return sum;
}

CheckpointError checksum_mismatch(const fs::path& path, const std::string& name) {
  return file_error(path, "dataset '" + name + "' is corrupt (checksum mismatch)");
}

Handle open_dataset(hid_t file, const fs::path& path, const std::string& name) {
  htri_t exists = 0;
  STIRLB_CHECK(HDF5, exists = H5Lexists(file, name.c_str(), H5P_DEFAULT));
  if (!exists) throw file_error(path, "dataset '" + name + "' is missing");
  Handle dset(H5Dclose);
  STIRLB_CHECK(HDF5, dset.id = H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  return dset;
}

// Every rank reads the whole (small) table and checks its checksum.
std::vector<double> read_series(hid_t file, const fs::path& path, const std::string& name, int& columns) {
  Handle dset = open_dataset(file, path, name);
  const std::vector<hsize_t> dims = extent_of(dset);
  if (dims.size() != 2) throw file_error(path, "dataset '" + name + "' is not a series (a 2-D table)");
  std::vector<double> values(dims[0] * dims[1]);
  if (!values.empty())
    STIRLB_CHECK(HDF5, H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, collective_transfer(), values.data()));
  if (run_checksum(0, values.data(), values.size()) != stored_checksum(dset, path, name))
    throw checksum_mismatch(path, name);
  columns = int(dims[1]);
  return values;
}

// --- boxes ------------------------------------------------------------------
// A wrong box is a bug in the caller, not a problem with the file.
void check_box(int components, std::array<int, 3> global, std::array<int, 3> lo, std::array<int, 3> n) {
  bool ok = components >= 1;
  for (int a = 0; a < 3; ++a) ok = ok && global[a] >= 1 && lo[a] >= 0 && n[a] >= 0 && lo[a] + n[a] <= global[a];
  if (!ok) throw std::invalid_argument("checkpoint block: the box [lo, lo + n) does not lie in the global box");
}

std::string extent_text(std::array<int, 3> e) {
  return std::to_string(e[0]) + " x " + std::to_string(e[1]) + " x " + std::to_string(e[2]);
}

// The dataset's [components][nz][ny][nx] dimensions, start and count of a box.
struct BoxSlab {
  hsize_t dims[4], start[4], count[4];
};

BoxSlab box_slab(int components, std::array<int, 3> global, std::array<int, 3> lo, std::array<int, 3> n) {
  BoxSlab s{};
  s.dims[0] = hsize_t(components);
  s.start[0] = 0;
  s.count[0] = hsize_t(components);
  for (int a = 0; a < 3; ++a) {
    s.dims[3 - a] = hsize_t(global[a]);
    s.start[3 - a] = hsize_t(lo[a]);
    s.count[3 - a] = hsize_t(n[a]);
  }
  return s;
}

// This rank's part of a block checksum: one run of global indices per row.
std::uint64_t block_checksum(int components, std::array<int, 3> global, std::array<int, 3> lo,
                             std::array<int, 3> n, const float* data) {
  std::uint64_t sum = 0;
  for (std::uint64_t c = 0; c < std::uint64_t(components); ++c)
    for (int z = 0; z < n[2]; ++z)
      for (int y = 0; y < n[1]; ++y, data += n[0]) {
        const std::uint64_t row = (c * std::uint64_t(global[2]) + std::uint64_t(lo[2] + z)) * std::uint64_t(global[1]) +
                                  std::uint64_t(lo[1] + y);
        sum += run_checksum(row * std::uint64_t(global[0]) + std::uint64_t(lo[0]), data, std::size_t(n[0]));
      }
  return sum;
}

// verify() gives rank r the planes (component, z) numbered [P r / size,
// P (r + 1) / size) of P = components * nz, read in pieces that stay within
// one component (a rectangular hyperslab) and within kVerifyPiece floats.
struct Piece {
  hsize_t component, z0, planes;
};

std::vector<Piece> pieces_of(int rank, int size, hsize_t components, hsize_t nz, hsize_t plane) {
  const hsize_t total = components * nz;
  const hsize_t end = total * hsize_t(rank + 1) / hsize_t(size);
  const hsize_t most = std::max<hsize_t>(1, kVerifyPiece / plane);
  std::vector<Piece> pieces;
  for (hsize_t g = total * hsize_t(rank) / hsize_t(size); g < end;) {
    const hsize_t z = g % nz, len = std::min({end - g, most, nz - z});
    pieces.push_back({g / nz, z, len});
    g += len;
  }
  return pieces;
}

// This rank's share of the checksum of block `dset`.
std::uint64_t share_checksum(hid_t dset, const std::vector<hsize_t>& dims, int rank, int size) {
  const hsize_t plane = dims[2] * dims[3];
  const std::vector<Piece> mine = pieces_of(rank, size, dims[0], dims[1], plane);
  // Collective reads: every rank makes as many calls as the busiest one.
  std::size_t calls = 0;
  for (int r = 0; r < size; ++r) calls = std::max(calls, pieces_of(r, size, dims[0], dims[1], plane).size());
  const Handle xfer = collective_transfer();
  std::vector<float> buffer;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < calls; ++i) {
    const Piece p = i < mine.size() ? mine[i] : Piece{0, 0, 0};
    const hsize_t start[4] = {p.component, p.z0, 0, 0}, count[4] = {p.planes ? 1u : 0u, p.planes, dims[2], dims[3]};
    buffer.resize(std::max<std::size_t>(1, p.planes * plane));
    Selection s = select_box(dset, start, count);
    STIRLB_CHECK(HDF5, H5Dread(dset, H5T_NATIVE_FLOAT, s.memory, s.file, xfer, buffer.data()));
    sum += run_checksum((p.component * dims[1] + p.z0) * plane, buffer.data(), p.planes * plane);
  }
  return sum;
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->push_back(name);
  return 0;
}

std::uint64_t sum_over_ranks(MPI_Comm comm, std::uint64_t mine) {
  std::uint64_t total = 0;
  STIRLB_CHECK(MPI, MPI_Allreduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, comm));
  return total;
}

// Rank 0 decides some things alone (the file's kind, publication); the
// others learn the outcome, which also holds them until rank 0 is done.
void broadcast(MPI_Comm comm, std::string& text) {
  long long length = static_cast<long long>(text.size());
  STIRLB_CHECK(MPI, MPI_Bcast(&length, 1, MPI_LONG_LONG, 0, comm));
  text.resize(std::size_t(length));
  if (length > 0) STIRLB_CHECK(MPI, MPI_Bcast(text.data(), int(length), MPI_CHAR, 0, comm));
}

int rank_in(MPI_Comm comm) {
  int r = 0;
  STIRLB_CHECK(MPI, MPI_Comm_rank(comm, &r));
  return r;
}

// Rank 0, before the collective open: why `path` cannot be a checkpoint,
// in plain words, or "" if it looks like an HDF5 file.
std::string unreadable_reason(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "does not exist";
  if (fs::is_directory(st)) return "is a directory, not a checkpoint file";
  if (!std::ifstream(path, std::ios::binary)) return "cannot be opened for reading";
  const htri_t hdf5 = H5Fis_hdf5(path.c_str());
  if (hdf5 == 0) return "not a stirlb checkpoint (no HDF5 signature)";
  if (hdf5 < 0) return kUnreadable;
  return "";
}

// Rank 0, after the file is closed: make it durable, then give it its name.
// Returns "" or what went wrong.
std::string publish(const fs::path& tmp, const fs::path& final_path) {
  const auto failed = [&](const std::string& step, int err) {
    return final_path.string() + ": cannot publish the checkpoint (" + step + ": " + std::strerror(err) + ")";
  };
  // Without the fsync a crash soon after the rename could leave the name
  // pointing at data that never reached the disk.
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failed("open " + tmp.string(), errno);
  const int synced = ::fsync(fd), sync_errno = errno;
  if (::close(fd) != 0 || synced != 0) return failed("fsync " + tmp.string(), synced != 0 ? sync_errno : errno);
  // Both renames are atomic; whenever we stop, the old checkpoint is
  // complete under one of its names and the new one under one of its own.
  std::error_code ec;
  if (fs::exists(final_path, ec)) {
    const fs::path previous = previous_checkpoint_path(final_path);
    if (::rename(final_path.c_str(), previous.c_str()) != 0) return failed("rename to " + previous.string(), errno);
  }
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) return failed("rename " + tmp.string(), errno);
  // Makes the renames durable too; a filesystem that cannot sync a directory
  // still has the file published, so that is not an error.
  const fs::path dir = final_path.has_parent_path() ? final_path.parent_path() : fs::path(".");
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return "";
}

// Closes the file if open (collective, like every other call) and removes
// the unpublished .tmp; errors are of no use any more where this runs.
void discard(std::int64_t& file, int rank, const fs::path& tmp) noexcept {
  if (file >= 0) H5Fclose(std::exchange(file, -1));
  if (rank == 0) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
  }
}

void close_file(std::int64_t& file) noexcept {
  if (file >= 0) H5Fclose(std::exchange(file, -1));
}

}  // namespace

fs::path previous_checkpoint_path(const fs::path& path) {
  fs::path name = path.stem();
  name += ".previous";
  name += path.extension();
  return path.parent_path() / name;
}

void require_equal(const fs::path& file, const std::string& what, const std::string& stored,
                   const std::string& current) {
  if (stored != current)
    throw file_error(file, "was written for a " + stored + " " + what + ", this run has " + current);
}

void require_equal(const fs::path& file, const std::string& what, std::array<int, 3> stored,
                   std::array<int, 3> current) {
  require_equal(file, what, extent_text(stored), extent_text(current));
}

// --- writer -----------------------------------------------------------------

CheckpointWriter::CheckpointWriter(MPI_Comm comm, fs::path final_path)
    : comm_(comm), rank_(rank_in(comm)), final_(std::move(final_path)), tmp_(final_.string() + ".tmp") {
  quiet_hdf5();
  about_file(tmp_, "cannot create the checkpoint file", [&] {
    const Handle fapl = mpio_access(comm_);
    STIRLB_CHECK(HDF5, file_ = H5Fcreate(tmp_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl));
  });
  try {
    attribute(kFormatAttribute, std::string(kFormat));
  } catch (...) {
    discard(file_, rank_, tmp_);  // no destructor for a constructor that throws
    throw;
  }
}

CheckpointWriter::~CheckpointWriter() {
  if (!committed_) discard(file_, rank_, tmp_);
}

void CheckpointWriter::attribute(const std::string& name, std::int64_t value) {
  about_file(tmp_, "cannot write attribute '" + name + "'",
             [&] { write_attribute(file_, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value); });
}

void CheckpointWriter::attribute(const std::string& name, double value) {
  about_file(tmp_, "cannot write attribute '" + name + "'",
             [&] { write_attribute(file_, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value); });
}

void CheckpointWriter::attribute(const std::string& name, const std::string& value) {
  about_file(tmp_, "cannot write attribute '" + name + "'", [&] {
    // Fixed length with the terminating NUL: HDF5 has no empty string type.
    Handle type(H5Tclose);
    STIRLB_CHECK(HDF5, type.id = H5Tcopy(H5T_C_S1));
    STIRLB_CHECK(HDF5, H5Tset_size(type, value.size() + 1));
    STIRLB_CHECK(HDF5, H5Tset_strpad(type, H5T_STR_NULLTERM));
    STIRLB_CHECK(HDF5, H5Tset_cset(type, H5T_CSET_UTF8));
    write_attribute(file_, name, type, type, value.c_str());
  });
}

void CheckpointWriter::block(const std::string& name, int components, std::array<int, 3> global,
                             std::array<int, 3> lo, std::array<int, 3> n, const float* data) {
  check_box(components, global, lo, n);
  const std::uint64_t checksum = sum_over_ranks(comm_, block_checksum(components, global, lo, n, data));
  about_file(tmp_, "cannot write dataset '" + name + "'", [&] {
    const BoxSlab slab = box_slab(components, global, lo, n);
    Handle space(H5Sclose);
    STIRLB_CHECK(HDF5, space.id = H5Screate_simple(4, slab.dims, nullptr));
    Handle dcpl(H5Pclose);
    STIRLB_CHECK(HDF5, dcpl.id = H5Pcreate(H5P_DATASET_CREATE));
    // Every cell gets written: filling the dataset first would only cost time.
    STIRLB_CHECK(HDF5, H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER));
    Handle dset(H5Dclose);
    STIRLB_CHECK(HDF5,
                 dset.id = H5Dcreate2(file_, name.c_str(), H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    const Selection s = select_box(dset, slab.start, slab.count);
    const float none = 0;  // HDF5 wants a buffer even for an empty selection
    STIRLB_CHECK(HDF5, H5Dwrite(dset, H5T_NATIVE_FLOAT, s.memory, s.file, collective_transfer(), data ? data : &none));
    write_attribute(dset, kChecksumAttribute, H5T_STD_U64LE, H5T_NATIVE_UINT64, &checksum);
  });
}

void CheckpointWriter::series(const std::string& name, const std::vector<double>& values, int columns) {
  if (columns < 1 || values.size() % std::size_t(columns) != 0)
    throw std::invalid_argument("checkpoint series '" + name + "': " + std::to_string(values.size()) +
                                " values do not make rows of " + std::to_string(columns));
  const std::uint64_t checksum = run_checksum(0, values.data(), values.size());
  about_file(tmp_, "cannot write dataset '" + name + "'", [&] {
    const hsize_t dims[2] = {values.size() / std::size_t(columns), hsize_t(columns)}, start[2] = {0, 0},
                  nothing[2] = {0, 0};
    Handle space(H5Sclose);
    STIRLB_CHECK(HDF5, space.id = H5Screate_simple(2, dims, nullptr));
    Handle dset(H5Dclose);
    STIRLB_CHECK(HDF5, dset.id = H5Dcreate2(file_, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                                            H5P_DEFAULT));
    if (!values.empty()) {
      // Every rank holds the table: rank 0 writes it, the others join the
      // collective call with nothing.
      const Selection s = select_box(dset, start, rank_ == 0 ? dims : nothing);
      STIRLB_CHECK(HDF5, H5Dwrite(dset, H5T_NATIVE_DOUBLE, s.memory, s.file, collective_transfer(), values.data()));
    }
    write_attribute(dset, kChecksumAttribute, H5T_STD_U64LE, H5T_NATIVE_UINT64, &checksum);
  });
}

void CheckpointWriter::commit() {
  if (file_ < 0) throw std::logic_error("CheckpointWriter::commit: already committed or failed");
  // Closing flushes everything; a failure leaves the .tmp for the destructor.
  about_file(tmp_, "cannot complete the checkpoint file",
             [&] { STIRLB_CHECK(HDF5, H5Fclose(std::exchange(file_, -1))); });
  std::string error;
  if (rank_ == 0) error = publish(tmp_, final_);
  broadcast(comm_, error);
  if (!error.empty()) throw CheckpointError(error);
  committed_ = true;
}

// --- reader -----------------------------------------------------------------

CheckpointReader::CheckpointReader(MPI_Comm comm, fs::path path) : comm_(comm), path_(std::move(path)) {
  rank_ = rank_in(comm_);
  STIRLB_CHECK(MPI, MPI_Comm_size(comm_, &size_));
  quiet_hdf5();
  // A missing or foreign file gets a plain reason rather than HDF5's.
  std::string problem;
  if (rank_ == 0) problem = unreadable_reason(path_);
  broadcast(comm_, problem);
  if (!problem.empty()) throw file_error(path_, problem);
  about_file(path_, kUnreadable, [&] {
    const Handle fapl = mpio_access(comm_);
    STIRLB_CHECK(HDF5, file_ = H5Fopen(path_.c_str(), H5F_ACC_RDONLY, fapl));
  });
  try {
    if (!has(kFormatAttribute)) throw file_error(path_, "not a stirlb checkpoint (no format marker)");
    const std::string format = text(kFormatAttribute);
    if (format != kFormat)
      throw file_error(path_, "not a stirlb checkpoint this version can read (format '" + format + "', expected '" +
                                  kFormat + "')");
  } catch (...) {
    close_file(file_);  // no destructor for a constructor that throws
    throw;
  }
}

CheckpointReader::~CheckpointReader() { close_file(file_); }

std::int64_t CheckpointReader::integer(const std::string& name) const {
  return about_file(path_, kUnreadable, [&] {
    const Handle attr = open_attribute(file_, path_, "", name, H5T_INTEGER, "an integer");
    std::int64_t value = 0;
    STIRLB_CHECK(HDF5, H5Aread(attr, H5T_NATIVE_INT64, &value));
    return value;
  });
}

double CheckpointReader::real(const std::string& name) const {
  return about_file(path_, kUnreadable, [&] {
    const Handle attr = open_attribute(file_, path_, "", name, H5T_FLOAT, "a real number");
    double value = 0;
    STIRLB_CHECK(HDF5, H5Aread(attr, H5T_NATIVE_DOUBLE, &value));
    return value;
  });
}

std::string CheckpointReader::text(const std::string& name) const {
  return about_file(path_, kUnreadable, [&] {
    const Handle attr = open_attribute(file_, path_, "", name, H5T_STRING, "text");
    Handle stored(H5Tclose);
    STIRLB_CHECK(HDF5, stored.id = H5Aget_type(attr));
    const std::size_t size = H5Tget_size(stored);  // 0 on error
    if (size == 0) throw file_error(path_, "attribute '" + name + "' is unreadable");
    std::vector<char> buffer(size + 1, '\0');  // NUL-terminated whatever the padding
    STIRLB_CHECK(HDF5, H5Aread(attr, stored, buffer.data()));  // as stored: no conversion
    return std::string(buffer.data());
  });
}

bool CheckpointReader::has(const std::string& name) const {
  return about_file(path_, kUnreadable, [&] {
    htri_t attribute = 0, link = 0;
    STIRLB_CHECK(HDF5, attribute = H5Aexists(file_, name.c_str()));
    STIRLB_CHECK(HDF5, link = H5Lexists(file_, name.c_str(), H5P_DEFAULT));
    return attribute > 0 || link > 0;
  });
}

std::array<int, 3> CheckpointReader::block_extent(const std::string& name, int& components) const {
  return about_file(path_, kUnreadable, [&] {
    const std::vector<hsize_t> dims = extent_of(open_dataset(file_, path_, name));
    if (dims.size() != 4) throw file_error(path_, "dataset '" + name + "' is not a block (components x nz x ny x nx)");
    components = int(dims[0]);
    return std::array<int, 3>{int(dims[3]), int(dims[2]), int(dims[1])};
  });
}

void CheckpointReader::block(const std::string& name, int components, std::array<int, 3> global,
                             std::array<int, 3> lo, std::array<int, 3> n, float* out) const {
  check_box(components, global, lo, n);
  int stored_components = 0;
  require_equal(path_, "lattice", block_extent(name, stored_components), global);
  if (stored_components != components)
    throw file_error(path_, "dataset '" + name + "' has " + std::to_string(stored_components) +
                                " components, this run expects " + std::to_string(components));
  about_file(path_, kUnreadable, [&] {
    const Handle dset = open_dataset(file_, path_, name);
    const BoxSlab slab = box_slab(components, global, lo, n);
    const Selection s = select_box(dset, slab.start, slab.count);
    float none = 0;
    STIRLB_CHECK(HDF5, H5Dread(dset, H5T_NATIVE_FLOAT, s.memory, s.file, collective_transfer(), out ? out : &none));
  });
}

std::vector<double> CheckpointReader::series(const std::string& name, int& columns) const {
  return about_file(path_, kUnreadable, [&] { return read_series(file_, path_, name, columns); });
}

void CheckpointReader::verify() const {
  std::vector<std::string> names;
  about_file(path_, kUnreadable, [&] {
    STIRLB_CHECK(HDF5, H5Literate(file_, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names));
  });
  for (const std::string& name : names) {
    // Series check themselves as every rank reads them whole; blocks are
    // shared out and the shares' sums added up, outside the HDF5 section.
    std::uint64_t stored = 0, share = 0;
    const bool is_block = about_file(path_, kUnreadable, [&] {
      const Handle dset = open_dataset(file_, path_, name);
      const std::vector<hsize_t> dims = extent_of(dset);
      if (dims.size() == 2) {
        int columns = 0;
        read_series(file_, path_, name, columns);
        return false;
      }
      if (dims.size() != 4) throw file_error(path_, "dataset '" + name + "' is neither a block nor a series");
      stored = stored_checksum(dset, path_, name);
      share = share_checksum(dset, dims, rank_, size_);
      return true;
    });
    if (is_block && sum_over_ranks(comm_, share) != stored) throw checksum_mismatch(path_, name);
  }
}

}  // namespace stirlb
