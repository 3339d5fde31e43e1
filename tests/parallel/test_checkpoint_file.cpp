// The checkpoint file on 1, 2 and 4 ranks: blocks written from one
// decomposition read back exactly from another, commit() keeps the previous
// checkpoint, and every damaged or foreign file is refused with a
// CheckpointError naming the file and the reason.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <mpi.h>
#include <stdlib.h>

#include <array>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include "solver/parallel/checkpoint_file.h"
#include "solver/parallel/parallel_session.h"

using namespace stirlb;
namespace fs = std::filesystem;

namespace {

const MPI_Comm kComm = MPI_COMM_WORLD;
int rank() { return ParallelSession::rank(); }
int size() { return ParallelSession::size(); }
void barrier() { MPI_Barrier(kComm); }

constexpr std::array<int, 3> kGlobal{7, 5, 6};
constexpr int kComponents = 2;
constexpr std::int64_t kStep = (std::int64_t(1) << 40) + 3;  // needs 64 bits

struct Box {
  std::array<int, 3> lo, n;
};

// The writers' decomposition: slabs along z of uneven thickness (1, 1, ...,
// the rest).
Box z_slab(int r, int ranks) {
  const int z0 = r, nz = r < ranks - 1 ? 1 : kGlobal[2] - (ranks - 1);
  return {{0, 0, z0}, {kGlobal[0], kGlobal[1], nz}};
}
// The readers': x split as evenly as it goes (7 = 1 + 2 + 2 + 2 on 4 ranks).
Box x_split(int r, int ranks) {
  const int x0 = kGlobal[0] * r / ranks, x1 = kGlobal[0] * (r + 1) / ranks;
  return {{x0, 0, 0}, {x1 - x0, kGlobal[1], kGlobal[2]}};
}
Box everything() { return {{0, 0, 0}, kGlobal}; }
// Only the last rank owns cells; the others take part with none.
Box last_owns_all(int r, int ranks) { return r == ranks - 1 ? everything() : Box{{0, 0, 0}, {0, 0, 0}}; }

// Distinct, exactly representable values; `salt` tells checkpoints apart.
std::vector<float> values_of(const Box& b, float salt) {
  std::vector<float> v;
  for (int c = 0; c < kComponents; ++c)
    for (int z = b.lo[2]; z < b.lo[2] + b.n[2]; ++z)
      for (int y = b.lo[1]; y < b.lo[1] + b.n[1]; ++y)
        for (int x = b.lo[0]; x < b.lo[0] + b.n[0]; ++x)
          v.push_back(salt + 1000.0f * float(c) + 100.0f * float(z) + 10.0f * float(y) + float(x) + 0.25f);
  return v;
}

std::vector<double> history(double salt) {
  std::vector<double> h;
  for (int i = 0; i < 12; ++i) h.push_back(salt + 0.1 * i);  // 4 rows x 3 columns
  return h;
}

void write_checkpoint(const fs::path& path, float salt, std::int64_t step) {
  CheckpointWriter w(kComm, path);
  w.attribute("step", step);
  w.attribute("time_s", 0.1);
  w.attribute("stencil", "D3Q19");
  w.attribute("note", std::string());
  const Box mine = z_slab(rank(), size());
  w.block("populations", kComponents, kGlobal, mine.lo, mine.n, values_of(mine, salt).data());
  const Box sparse = last_owns_all(rank(), size());
  w.block("sparse", kComponents, kGlobal, sparse.lo, sparse.n, values_of(sparse, -salt).data());
  w.series("history", history(salt), 3);
  w.series("no_history", {}, 2);
  w.commit();
}

std::vector<float> read_block(const CheckpointReader& r, const std::string& name, const Box& b) {
  std::vector<float> v(std::size_t(kComponents) * std::size_t(b.n[0] * b.n[1] * b.n[2]));
  r.block(name, kComponents, kGlobal, b.lo, b.n, v.data());
  return v;
}

// Runs f, which must throw a CheckpointError whose message holds every part.
template <class F>
void expect_checkpoint_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no CheckpointError";
  } catch (const CheckpointError& e) {
    const std::string message = e.what();
    for (const std::string& p : parts) EXPECT_NE(message.find(p), std::string::npos) << message << "\nlacks: " << p;
  }
}

// Rank 0 flips `count` bytes in the middle of dataset `name`'s raw data,
// found with the serial HDF5 API while the other ranks wait.
void flip_bytes(const fs::path& path, const std::string& name, int count) {
  barrier();
  if (rank() == 0) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t dset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
    const haddr_t offset = H5Dget_offset(dset);
    const hsize_t bytes = H5Dget_storage_size(dset);
    H5Dclose(dset);
    H5Fclose(file);
    ASSERT_NE(offset, HADDR_UNDEF);
    ASSERT_GT(bytes, hsize_t(count));
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    for (int i = 0; i < count; ++i) {
      const auto at = std::streamoff(offset + bytes / 2 + hsize_t(i));
      char c = 0;
      f.seekg(at);
      f.get(c);
      f.seekp(at);
      f.put(char(c ^ 0x5A));
    }
    ASSERT_TRUE(f.good());
  }
  barrier();
}

class CheckpointFile : public ::testing::Test {
 protected:
  // Rank 0 makes a fresh directory and tells the others its name.
  void SetUp() override {
    std::string name;
    if (rank() == 0) {
      char pattern[] = "/tmp/stirlb-checkpoint-XXXXXX";
      if (mkdtemp(pattern)) name = pattern;
    }
    int length = int(name.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, kComm);
    name.resize(std::size_t(length));
    MPI_Bcast(name.data(), length, MPI_CHAR, 0, kComm);
    ASSERT_FALSE(name.empty());
    dir_ = name;
  }
  void TearDown() override {
    barrier();
    if (rank() == 0) fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(CheckpointFile, RoundTripAcrossDecompositions) {
  const fs::path path = dir_ / "checkpoint.h5";
  write_checkpoint(path, 0.5f, kStep);
  CheckpointReader r(kComm, path);
  r.verify();
  EXPECT_EQ(r.integer("step"), kStep);
  EXPECT_EQ(r.real("time_s"), 0.1);
  EXPECT_EQ(r.text("stencil"), "D3Q19");
  EXPECT_EQ(r.text("note"), "");
  EXPECT_TRUE(r.has("step"));
  EXPECT_TRUE(r.has("populations"));
  EXPECT_FALSE(r.has("velocity"));
  int components = 0;
  EXPECT_EQ(r.block_extent("populations", components), kGlobal);
  EXPECT_EQ(components, kComponents);

  // Written as z slabs, read as x slabs and as a whole on every rank.
  for (const Box& b : {x_split(rank(), size()), everything()}) {
    EXPECT_EQ(read_block(r, "populations", b), values_of(b, 0.5f));
    EXPECT_EQ(read_block(r, "sparse", b), values_of(b, -0.5f));
  }
  // A rank may also read nothing.
  const Box none = last_owns_all(rank(), size());
  EXPECT_EQ(read_block(r, "populations", none), values_of(none, 0.5f));

  int columns = 0;
  EXPECT_EQ(r.series("history", columns), history(0.5));
  EXPECT_EQ(columns, 3);
  EXPECT_TRUE(r.series("no_history", columns).empty());
  EXPECT_EQ(columns, 2);
}

TEST_F(CheckpointFile, CommitKeepsThePreviousCheckpoint) {
  const fs::path path = dir_ / "checkpoint.h5", tmp = dir_ / "checkpoint.h5.tmp",
                 previous = dir_ / "checkpoint.previous.h5";
  EXPECT_EQ(previous_checkpoint_path(path), previous);
  write_checkpoint(path, 1.0f, 1);
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_FALSE(fs::exists(previous));
  write_checkpoint(path, 2.0f, 2);

  const auto expect_contents = [&](const fs::path& p, float salt, std::int64_t step) {
    CheckpointReader r(kComm, p);
    r.verify();
    EXPECT_EQ(r.integer("step"), step) << p;
    const Box b = x_split(rank(), size());
    EXPECT_EQ(read_block(r, "populations", b), values_of(b, salt)) << p;
  };
  expect_contents(path, 2.0f, 2);
  expect_contents(previous, 1.0f, 1);

  {  // Abandoned half way: the .tmp goes, the published files stay.
    CheckpointWriter w(kComm, path);
    w.attribute("step", std::int64_t(3));
    const Box mine = z_slab(rank(), size());
    w.block("populations", kComponents, kGlobal, mine.lo, mine.n, values_of(mine, 3.0f).data());
    EXPECT_TRUE(fs::exists(tmp));
  }
  barrier();
  EXPECT_FALSE(fs::exists(tmp));
  expect_contents(path, 2.0f, 2);
  expect_contents(previous, 1.0f, 1);

  write_checkpoint(path, 4.0f, 4);  // replaces the older previous
  expect_contents(path, 4.0f, 4);
  expect_contents(previous, 2.0f, 2);
}

TEST_F(CheckpointFile, CorruptDataFailsVerification) {
  const fs::path path = dir_ / "checkpoint.h5";
  write_checkpoint(path, 0.5f, kStep);
  flip_bytes(path, "populations", 3);
  CheckpointReader r(kComm, path);  // the structure is intact
  expect_checkpoint_error([&] { r.verify(); },
                          {path.string() + ": ", "dataset 'populations' is corrupt (checksum mismatch)"});
}

TEST_F(CheckpointFile, CorruptSeriesFailsOnRead) {
  const fs::path path = dir_ / "checkpoint.h5";
  write_checkpoint(path, 0.5f, kStep);
  flip_bytes(path, "history", 1);
  CheckpointReader r(kComm, path);
  int columns = 0;
  expect_checkpoint_error([&] { r.series("history", columns); }, {path.string(), "'history'", "checksum mismatch"});
  expect_checkpoint_error([&] { r.verify(); }, {path.string(), "'history'", "checksum mismatch"});
}

TEST_F(CheckpointFile, TruncatedFileIsRefused) {
  const fs::path path = dir_ / "checkpoint.h5";
  write_checkpoint(path, 0.5f, kStep);
  barrier();
  if (rank() == 0) fs::resize_file(path, fs::file_size(path) / 2);
  barrier();
  expect_checkpoint_error(
      [&] {
        CheckpointReader r(kComm, path);
        r.verify();
      },
      {path.string() + ": ", "truncated or unreadable HDF5 file"});
}

TEST_F(CheckpointFile, ForeignFilesAreRefused) {
  const fs::path text = dir_ / "notes.txt", empty = dir_ / "empty.h5", plain = dir_ / "plain.h5";
  if (rank() == 0) {
    std::ofstream(text) << "this is not a checkpoint\n";
    std::ofstream{empty};
    H5Fclose(H5Fcreate(plain.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));  // HDF5, but not ours
  }
  barrier();
  const auto open = [&](const fs::path& p) { return [&, p] { CheckpointReader r(kComm, p); }; };
  expect_checkpoint_error(open(text), {text.string() + ": not a stirlb checkpoint (no HDF5 signature)"});
  expect_checkpoint_error(open(empty), {empty.string() + ": not a stirlb checkpoint"});
  expect_checkpoint_error(open(plain), {plain.string() + ": not a stirlb checkpoint (no format marker)"});
  expect_checkpoint_error(open(dir_ / "missing.h5"), {(dir_ / "missing.h5").string() + ": does not exist"});
  expect_checkpoint_error(open(dir_), {dir_.string() + ": is a directory"});
}

TEST_F(CheckpointFile, MissingOrMismatchedContentsAreNamed) {
  const fs::path path = dir_ / "checkpoint.h5";
  write_checkpoint(path, 0.5f, kStep);
  CheckpointReader r(kComm, path);
  const std::string where = path.string() + ": ";
  expect_checkpoint_error([&] { r.integer("revolutions"); }, {where + "attribute 'revolutions' is missing"});
  expect_checkpoint_error([&] { r.text("step"); }, {where + "attribute 'step' is not text"});
  expect_checkpoint_error([&] { r.real("stencil"); }, {where + "attribute 'stencil' is not a real number"});
  const Box b = everything();
  std::vector<float> out(1000);
  expect_checkpoint_error([&] { r.block("velocity", kComponents, kGlobal, b.lo, b.n, out.data()); },
                          {where + "dataset 'velocity' is missing"});
  expect_checkpoint_error([&] { r.block("populations", kComponents, {8, 5, 6}, b.lo, b.n, out.data()); },
                          {where + "was written for a 7 x 5 x 6 lattice, this run has 8 x 5 x 6"});
  expect_checkpoint_error([&] { r.block("populations", 3, kGlobal, b.lo, b.n, out.data()); },
                          {where + "dataset 'populations' has 2 components, this run expects 3"});
  int columns = 0;
  expect_checkpoint_error([&] { r.series("populations", columns); }, {where + "dataset 'populations' is not a series"});
  EXPECT_NO_THROW(require_equal(path, "velocity set", "D3Q19", "D3Q19"));
  expect_checkpoint_error([&] { require_equal(path, "velocity set", "D3Q19", "D3Q27"); },
                          {where + "was written for a D3Q19 velocity set, this run has D3Q27"});
}

TEST_F(CheckpointFile, UncreatableFileIsRefused) {
  const fs::path path = dir_ / "no" / "such" / "checkpoint.h5";
  expect_checkpoint_error([&] { CheckpointWriter w(kComm, path); }, {path.string(), "cannot create"});
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
