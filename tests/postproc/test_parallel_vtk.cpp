// VtkSeriesWriter on a communicator of 1, 2 or 4 ranks (run under mpirun):
// each rank writes its piece of one image, and reading the step back gives
// the whole image with every cell where it belongs.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <vtkAOSDataArrayTemplate.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkObject.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLPImageDataReader.h>
#include <vtkXMLPPolyDataReader.h>
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLUtilities.h>

#include "postproc/vtk_series_writer.h"
#include "temp_dir.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;

// Odd sizes so that the pieces are uneven and x offsets are not all zero.
constexpr int NX = 6, NY = 5, NZ = 7;
constexpr double kSpacing = 0.25;
constexpr double kOrigin[3] = {-0.75, 0.5, 2.0};

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

// Values encode the GLOBAL cell index, so a piece written in the wrong place
// (or transposed) cannot pass. All are exact in float.
float code(int x, int y, int z) { return float(100 * z + 10 * y + x); }
float scalar(float offset, int x, int y, int z) { return offset + code(x, y, z); }
float vec(float offset, int c, int x, int y, int z) { return offset + 1000.0f * float(c + 1) + code(x, y, z); }
std::uint8_t flag(int x, int y, int z) { return std::uint8_t((x + 6 * y + 30 * z) % 251); }

// A folder every rank sees: rank 0 makes it, broadcasts its name and removes
// it once every rank is done with it.
class SharedTempDir {
 public:
  SharedTempDir() {
    std::string name;
    if (rank() == 0) {
      static int counter = 0;
      path_ = fs::temp_directory_path() /
              ("stirlb-pvtk-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
      fs::remove_all(path_);
      fs::create_directories(path_);
      name = path_.string();
    }
    int n = static_cast<int>(name.size());
    MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
    name.resize(static_cast<std::size_t>(n));
    MPI_Bcast(name.data(), n, MPI_CHAR, 0, MPI_COMM_WORLD);
    path_ = name;
  }
  ~SharedTempDir() {
    MPI_Barrier(MPI_COMM_WORLD);
    std::error_code ignored;
    if (rank() == 0) fs::remove_all(path_, ignored);
  }
  SharedTempDir(const SharedTempDir&) = delete;
  SharedTempDir& operator=(const SharedTempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// This rank's box: z split in uneven slabs; with 4 ranks x is split in two as
// well, so pieces differ in x and z.
struct Piece {
  int lo[3], n[3];
};
Piece my_piece() {
  const int s = size(), r = rank();
  const int px = (s % 2 == 0 && s >= 4) ? 2 : 1, pz = s / px;
  const int ix = r % px, iz = r / px;
  Piece p{};
  p.lo[0] = NX * ix / px;
  p.n[0] = NX * (ix + 1) / px - p.lo[0];
  p.lo[1] = 0;
  p.n[1] = NY;
  p.lo[2] = NZ * iz / pz;
  p.n[2] = NZ * (iz + 1) / pz - p.lo[2];
  return p;
}

ImageGeometry geometry() {
  ImageGeometry g;
  g.nx = NX;
  g.ny = NY;
  g.nz = NZ;
  for (int a = 0; a < 3; ++a) g.origin[a] = kOrigin[a];
  g.spacing = kSpacing;
  const Piece p = my_piece();
  for (int a = 0; a < 3; ++a) {
    g.piece_lo[a] = p.lo[a];
    g.piece_n[a] = p.n[a];
  }
  return g;
}

// This rank's cells, stored as the solver stores them: one array per
// component, x fastest, local indices.
struct PieceData {
  std::vector<float> rho, u[3];
  std::vector<std::uint8_t> flags;

  explicit PieceData(float offset) {
    const Piece p = my_piece();
    const std::size_t n = std::size_t(p.n[0]) * std::size_t(p.n[1]) * std::size_t(p.n[2]);
    rho.resize(n);
    flags.resize(n);
    for (auto& c : u) c.resize(n);
    std::size_t i = 0;
    for (int z = p.lo[2]; z < p.lo[2] + p.n[2]; ++z)
      for (int y = p.lo[1]; y < p.lo[1] + p.n[1]; ++y)
        for (int x = p.lo[0]; x < p.lo[0] + p.n[0]; ++x, ++i) {
          rho[i] = scalar(offset, x, y, z);
          for (int c = 0; c < 3; ++c) u[c][i] = vec(offset, c, x, y, z);
          flags[i] = flag(x, y, z);
        }
  }
  std::vector<FieldView> fields() const {
    return {{"rho", {rho.data()}}, {"u", {u[0].data(), u[1].data(), u[2].data()}}};
  }
  std::vector<ByteFieldView> byte_fields() const { return {{"flags", flags.data()}}; }
};

std::string step_file(int step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "flow_%08d", step);
  return std::string(buf) + (size() > 1 ? ".pvti" : ".vti");
}

vtkSmartPointer<vtkImageData> read_step(const fs::path& p) {
  if (size() > 1) {
    vtkNew<vtkXMLPImageDataReader> reader;
    reader->SetFileName(p.c_str());
    reader->Update();
    EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
    return reader->GetOutput();
  }
  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(p.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
  return reader->GetOutput();
}

// Rank 0 only: the whole image, every cell.
void expect_whole_image(const fs::path& file, float offset) {
  SCOPED_TRACE(file.string());
  auto image = read_step(file);
  ASSERT_TRUE(image);
  int extent[6];
  image->GetExtent(extent);
  const int whole[6] = {0, NX, 0, NY, 0, NZ};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(extent[i], whole[i]) << "extent[" << i << "]";
  ASSERT_EQ(image->GetNumberOfCells(), NX * NY * NZ);
  double spacing[3], origin[3];
  image->GetSpacing(spacing);
  image->GetOrigin(origin);
  for (int a = 0; a < 3; ++a) {
    EXPECT_EQ(spacing[a], kSpacing);
    EXPECT_EQ(origin[a], kOrigin[a]);
  }
  vtkCellData* cd = image->GetCellData();
  EXPECT_EQ(cd->GetNumberOfArrays(), 3);
  vtkDataArray* rho = cd->GetArray("rho");
  vtkDataArray* u = cd->GetArray("u");
  auto* flags = vtkUnsignedCharArray::SafeDownCast(cd->GetAbstractArray("flags"));
  ASSERT_TRUE(rho && u && flags);
  ASSERT_EQ(rho->GetNumberOfComponents(), 1);
  ASSERT_EQ(u->GetNumberOfComponents(), 3);
  // VTK 9.1's .pvti lists arrays without their component names, so they come
  // back only from a single .vti (the pieces carry them: expect_pieces).
  if (size() == 1) {
    EXPECT_STREQ(u->GetComponentName(2), "Z");
  }
  ASSERT_EQ(rho->GetNumberOfTuples(), NX * NY * NZ);
  ASSERT_EQ(u->GetNumberOfTuples(), NX * NY * NZ);
  ASSERT_EQ(flags->GetNumberOfTuples(), NX * NY * NZ);
  int wrong = 0;
  for (int z = 0; z < NZ; ++z)
    for (int y = 0; y < NY; ++y)
      for (int x = 0; x < NX; ++x) {
        int ijk[3] = {x, y, z};
        const vtkIdType id = image->ComputeCellId(ijk);  // VTK's numbering, not ours
        bool ok = rho->GetComponent(id, 0) == scalar(offset, x, y, z) &&
                  flags->GetValue(id) == flag(x, y, z);
        for (int c = 0; c < 3; ++c) ok = ok && u->GetComponent(id, c) == vec(offset, c, x, y, z);
        if (!ok && ++wrong <= 5)
          ADD_FAILURE() << "cell " << x << "," << y << "," << z << ": rho " << rho->GetComponent(id, 0)
                        << ", expected " << scalar(offset, x, y, z);
      }
  EXPECT_EQ(wrong, 0);
}

struct Listed {
  double time;
  std::string part, file;
};

std::vector<Listed> read_collection(const fs::path& pvd) {
  std::vector<Listed> out;
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(pvd.c_str()));
  if (!root) return out;
  vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
  if (!collection) return out;
  for (int i = 0; i < collection->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* ds = collection->GetNestedElement(i);
    Listed l{-1.0, "", ""};
    ds->GetScalarAttribute("timestep", l.time);
    if (const char* p = ds->GetAttribute("part")) l.part = p;
    if (const char* f = ds->GetAttribute("file")) l.file = f;
    out.push_back(l);
  }
  return out;
}

// Rank 0 only: the .pvti names one piece per rank in the step's folder, each
// compressed appended binary, and the root holds no stray files.
void expect_pieces(const fs::path& dir, int step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "flow_%08d", step);
  const std::string name = buf;
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile((dir / (name + ".pvti")).c_str()));
  ASSERT_TRUE(root);
  vtkXMLDataElement* pimage = root->FindNestedElementWithName("PImageData");
  ASSERT_TRUE(pimage);
  EXPECT_STREQ(pimage->GetAttribute("WholeExtent"), "0 6 0 5 0 7");
  std::set<std::string> sources;
  for (int i = 0; i < pimage->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* e = pimage->GetNestedElement(i);
    if (std::string(e->GetName()) == "Piece") sources.insert(e->GetAttribute("Source"));
  }
  ASSERT_EQ(int(sources.size()), size());
  for (int r = 0; r < size(); ++r) {
    const std::string source = name + "/" + name + "_" + std::to_string(r) + ".vti";
    EXPECT_EQ(sources.count(source), 1u) << source;
    const std::string piece = test::slurp(dir / source);
    EXPECT_NE(piece.find("compressor=\"vtkZLibDataCompressor\""), std::string::npos) << source;
    EXPECT_NE(piece.find("format=\"appended\""), std::string::npos) << source;
    EXPECT_NE(piece.find("header_type=\"UInt64\""), std::string::npos) << source;
    EXPECT_NE(piece.find("ComponentName2=\"Z\""), std::string::npos) << source;
  }
  int in_folder = 0;
  for (const auto& e : fs::directory_iterator(dir / name)) in_folder += e.is_regular_file();
  EXPECT_EQ(in_folder, size());
}

TEST(ParallelVtk, PiecesReadBackAsTheWholeImage) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData s0(0.0f), s1(0.5f);
  const fs::path f0 = writer.write(0.0, 0, geometry(), s0.fields(), s0.byte_fields());
  const fs::path f1 = writer.write(0.1, 250, geometry(), s1.fields(), s1.byte_fields());
  // Every rank gets the step's path.
  EXPECT_EQ(f0, d.path() / step_file(0));
  EXPECT_EQ(f1, d.path() / step_file(250));
  EXPECT_EQ(writer.collection_path(), d.path() / "flow.pvd");
  MPI_Barrier(MPI_COMM_WORLD);

  if (rank() == 0) {
    expect_whole_image(f0, 0.0f);
    expect_whole_image(f1, 0.5f);
    if (size() > 1) {
      expect_pieces(d.path(), 0);
      expect_pieces(d.path(), 250);
    } else {
      // One rank writes exactly what the serial writer always wrote.
      EXPECT_FALSE(fs::exists(d.path() / "flow_00000250"));
      EXPECT_NE(test::slurp(f1).find("compressor=\"vtkZLibDataCompressor\""), std::string::npos);
    }
    EXPECT_EQ(test::count_temporaries(d.path()), 0);
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].time, 0.0);
    EXPECT_EQ(listed[1].time, 0.1);  // exact: times must round-trip
    EXPECT_EQ(listed[0].file, step_file(0));
    EXPECT_EQ(listed[1].file, step_file(250));
    EXPECT_EQ(listed[0].part, "0");
    EXPECT_EQ(listed[1].part, "0");
  }
}

TEST(ParallelVtk, RewritingAStepReplacesItsEntryAndData) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData a(0.0f), b(3.0f);
  writer.write(1.0, 7, geometry(), a.fields(), a.byte_fields());
  const fs::path f = writer.write(2.0, 7, geometry(), b.fields(), b.byte_fields());
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    expect_whole_image(f, 3.0f);
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].time, 2.0);
    EXPECT_EQ(listed[0].file, step_file(7));
  }
}

vtkSmartPointer<vtkPolyData> triangle() {
  vtkNew<vtkPoints> points;
  points->InsertNextPoint(0, 0, 0);
  points->InsertNextPoint(1, 0, 0);
  points->InsertNextPoint(0, 1, 0);
  vtkNew<vtkCellArray> cells;
  const vtkIdType ids[3] = {0, 1, 2};
  cells->InsertNextCell(3, ids);
  auto surface = vtkSmartPointer<vtkPolyData>::New();
  surface->SetPoints(points);
  surface->SetPolys(cells);
  return surface;
}

TEST(ParallelVtk, SurfaceIsWrittenOnceAsPartOne) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData s(0.0f);
  writer.write(0.5, 3, geometry(), s.fields(), s.byte_fields());
  const fs::path vtp = writer.write_surface(0.5, 3, triangle());
  EXPECT_EQ(vtp, d.path() / "flow_surface_00000003.vtp");
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    int surfaces = 0;
    for (const auto& e : fs::recursive_directory_iterator(d.path()))
      surfaces += e.path().extension() == ".vtp";
    EXPECT_EQ(surfaces, 1);
    EXPECT_TRUE(fs::is_regular_file(vtp));
    EXPECT_EQ(test::count_temporaries(d.path()), 0);
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[0].file, step_file(3));
    EXPECT_EQ(listed[0].part, "0");
    EXPECT_EQ(listed[1].file, "flow_surface_00000003.vtp");
    EXPECT_EQ(listed[1].part, "1");
    EXPECT_EQ(listed[1].time, 0.5);
  }
}

// A bad input on one rank must make every rank throw, not leave the others
// waiting in a collective call, and must list nothing.
TEST(ParallelVtk, BadInputOnOneRankThrowsOnAll) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData s(0.0f);
  ImageGeometry g = geometry();
  if (rank() == size() - 1) g.piece_lo[0] = NX;  // outside the image
  EXPECT_THROW(writer.write(0.0, 1, g, s.fields(), s.byte_fields()), std::invalid_argument);
  if (size() > 1) {
    // Every rank claiming the whole image: the pieces overlap.
    ImageGeometry all = geometry();
    for (int a = 0; a < 3; ++a) all.piece_lo[a] = all.piece_n[a] = 0;
    EXPECT_THROW(writer.write(0.0, 2, all, {}, {}), std::invalid_argument);
  }
  EXPECT_THROW(writer.write_surface(0.0, 1, rank() == 0 ? nullptr : triangle().Get()),
               std::invalid_argument);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    EXPECT_FALSE(fs::exists(writer.collection_path()));
    EXPECT_TRUE(fs::is_empty(d.path()));
  }
}

// A piece that cannot be written on one rank only (a folder sits at its
// name): every rank throws, and the step is not listed.
TEST(ParallelVtk, WriteFailureOnOneRankThrowsOnAll) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData s(0.0f);
  writer.write(0.0, 0, geometry(), s.fields(), s.byte_fields());
  if (rank() == 0) {
    const std::string last = std::to_string(size() - 1);
    fs::create_directories(size() > 1 ? d.path() / "flow_00000004" / ("flow_00000004_" + last + ".vti")
                                      : d.path() / "flow_00000004.vti");
  }
  MPI_Barrier(MPI_COMM_WORLD);
  vtkObject::GlobalWarningDisplayOff();  // the failure is expected; keep the log clean
  EXPECT_THROW(writer.write(0.4, 4, geometry(), s.fields(), s.byte_fields()), std::runtime_error);
  vtkObject::GlobalWarningDisplayOn();
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].file, step_file(0));
    if (size() > 1) {
      EXPECT_FALSE(fs::exists(d.path() / "flow_00000004.pvti"));
    }
  }
  // The writer still works afterwards.
  writer.write(0.5, 5, geometry(), s.fields(), s.byte_fields());
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    EXPECT_EQ(read_collection(writer.collection_path()).size(), 2u);
    expect_whole_image(d.path() / step_file(5), 0.0f);
  }
}

// This rank's particles: ids are unique over the ranks, and every value
// derives from the id, so a particle read back can be checked on its own.
double position(std::int64_t id, int a) { return 0.001 * double(id) + 0.5 * a; }
float speed(std::int64_t id, int a) { return float(id % 1000) + 0.25f * float(a + 1); }
std::uint8_t state_of(std::int64_t id) { return std::uint8_t(id % 7); }

struct RankParticles {
  std::vector<double> xyz;
  std::vector<float> v[3];
  std::vector<std::uint8_t> state;
  std::vector<std::int64_t> ids;

  // Ids of rank r: r * 1000 + i, i < count.
  explicit RankParticles(int count) {
    for (int i = 0; i < count; ++i) {
      const std::int64_t id = std::int64_t(rank()) * 1000 + i;
      ids.push_back(id);
      for (int a = 0; a < 3; ++a) {
        xyz.push_back(position(id, a));
        v[a].push_back(speed(id, a));
      }
      state.push_back(state_of(id));
    }
  }
  // A rank without particles passes the (null) data of its empty vectors.
  ParticleView view() const {
    ParticleView p;
    p.count = ids.size();
    p.positions = xyz.data();
    p.fields = {{"velocity", {v[0].data(), v[1].data(), v[2].data()}}};
    p.byte_fields = {{"state", state.data()}};
    p.ids = ids.data();
    return p;
  }
};

std::string particle_file(int step) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "flow_particles_%08d", step);
  return std::string(buf) + (size() > 1 ? ".pvtp" : ".vtp");
}

vtkSmartPointer<vtkPolyData> read_particles(const fs::path& p) {
  if (size() > 1) {
    vtkNew<vtkXMLPPolyDataReader> reader;
    reader->SetFileName(p.c_str());
    reader->Update();
    EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
    return reader->GetOutput();
  }
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName(p.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
  return reader->GetOutput();
}

// Rank 0 only: every rank's particles, each once, with its own values; and
// the .pvtp lists one piece per rank, empty ones included.
void expect_all_particles(const fs::path& file, const std::vector<int>& counts) {
  SCOPED_TRACE(file.string());
  std::set<std::int64_t> expected;
  for (int r = 0; r < int(counts.size()); ++r)
    for (int i = 0; i < counts[std::size_t(r)]; ++i) expected.insert(std::int64_t(r) * 1000 + i);
  auto poly = read_particles(file);
  ASSERT_TRUE(poly);
  ASSERT_EQ(poly->GetNumberOfPoints(), vtkIdType(expected.size()));
  EXPECT_EQ(poly->GetNumberOfVerts(), vtkIdType(expected.size()));
  vtkPointData* pd = poly->GetPointData();
  auto* ids = vtkAOSDataArrayTemplate<vtkTypeInt64>::SafeDownCast(pd->GetAbstractArray("id"));
  vtkDataArray* v = pd->GetArray("velocity");
  auto* state = vtkUnsignedCharArray::SafeDownCast(pd->GetAbstractArray("state"));
  ASSERT_TRUE(ids && v && state);
  ASSERT_EQ(v->GetNumberOfComponents(), 3);
  std::set<std::int64_t> found;
  int wrong = 0;
  for (vtkIdType i = 0; i < poly->GetNumberOfPoints(); ++i) {
    const std::int64_t id = ids->GetValue(i);
    found.insert(id);
    double x[3];
    poly->GetPoint(i, x);
    bool ok = state->GetValue(i) == state_of(id);
    for (int a = 0; a < 3; ++a) ok = ok && x[a] == position(id, a) && v->GetComponent(i, a) == speed(id, a);
    if (!ok && ++wrong <= 5) ADD_FAILURE() << "particle " << id << " has wrong values";
  }
  EXPECT_EQ(found, expected);
  if (size() == 1) return;

  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(file.c_str()));
  ASSERT_TRUE(root);
  vtkXMLDataElement* ppoly = root->FindNestedElementWithName("PPolyData");
  ASSERT_TRUE(ppoly);
  std::set<std::string> sources;
  for (int i = 0; i < ppoly->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* e = ppoly->GetNestedElement(i);
    if (std::string(e->GetName()) == "Piece") sources.insert(e->GetAttribute("Source"));
  }
  const std::string name = file.stem().string();
  ASSERT_EQ(int(sources.size()), size());
  for (int r = 0; r < size(); ++r) {
    const std::string source = name + "/" + name + "_" + std::to_string(r) + ".vtp";
    EXPECT_EQ(sources.count(source), 1u) << source;
    const std::string piece = test::slurp(file.parent_path() / source);
    EXPECT_NE(piece.find("compressor=\"vtkZLibDataCompressor\""), std::string::npos) << source;
    EXPECT_NE(piece.find("NumberOfPoints=\"" + std::to_string(counts[std::size_t(r)]) + "\""),
              std::string::npos)
        << source;
  }
}

// Rank 0 without particles (it writes the .pvtp from its own, empty, input),
// then the last rank without particles.
TEST(ParallelVtk, ParticlePiecesReadBackWhole) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const PieceData s(0.0f);
  std::vector<int> first, second;
  for (int r = 0; r < size(); ++r) {
    first.push_back(r == 0 ? 0 : 2 * r + 1);
    second.push_back(r == size() - 1 && size() > 1 ? 0 : r + 3);
  }
  const RankParticles a(first[std::size_t(rank())]), b(second[std::size_t(rank())]);
  writer.write(0.5, 5, geometry(), s.fields(), s.byte_fields());
  const fs::path f0 = writer.write_particles(0.5, 5, a.view());
  const fs::path f1 = writer.write_particles(0.75, 6, b.view());
  EXPECT_EQ(f0, d.path() / particle_file(5));
  EXPECT_EQ(f1, d.path() / particle_file(6));
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    expect_all_particles(f0, first);
    expect_all_particles(f1, second);
    EXPECT_EQ(test::count_temporaries(d.path()), 0);
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 3u);
    EXPECT_EQ(listed[0].file, step_file(5));
    EXPECT_EQ(listed[0].part, "0");
    EXPECT_EQ(listed[1].file, particle_file(5));
    EXPECT_EQ(listed[1].part, "2");
    EXPECT_EQ(listed[1].time, 0.5);
    EXPECT_EQ(listed[2].file, particle_file(6));
    EXPECT_EQ(listed[2].part, "2");
    EXPECT_EQ(listed[2].time, 0.75);
  }
}

// Particles whose arrays differ between ranks, or a rank with particles but
// no ids: every rank throws and nothing is listed.
TEST(ParallelVtk, BadParticlesOnOneRankThrowOnAll) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const RankParticles p(2);
  ParticleView renamed = p.view();
  if (rank() == size() - 1) renamed.byte_fields[0].name = "flags";
  if (size() > 1) {
    EXPECT_THROW(writer.write_particles(0.0, 1, renamed), std::invalid_argument);
  }
  ParticleView no_ids = p.view();
  if (rank() == size() - 1) no_ids.ids = nullptr;
  if (size() > 1) {
    EXPECT_THROW(writer.write_particles(0.0, 1, no_ids), std::invalid_argument);
  }
  ParticleView no_positions = p.view();
  if (rank() == size() - 1) no_positions.positions = nullptr;
  EXPECT_THROW(writer.write_particles(0.0, 1, no_positions), std::invalid_argument);
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    EXPECT_FALSE(fs::exists(writer.collection_path()));
    EXPECT_TRUE(fs::is_empty(d.path()));
  }
}

// A piece that cannot be written on the last rank only: every rank throws,
// the step is not listed, and the writer goes on working.
TEST(ParallelVtk, ParticleWriteFailureOnOneRankThrowsOnAll) {
  SharedTempDir d;
  VtkSeriesWriter writer(d.path(), "flow", MPI_COMM_WORLD);
  const RankParticles p(rank() == 0 ? 0 : 4);
  if (rank() == 0) {
    const std::string name = "flow_particles_00000002";
    const std::string last = std::to_string(size() - 1);
    fs::create_directories(size() > 1 ? d.path() / name / (name + "_" + last + ".vtp")
                                      : d.path() / (name + ".vtp"));
  }
  MPI_Barrier(MPI_COMM_WORLD);
  vtkObject::GlobalWarningDisplayOff();  // the failure is expected; keep the log clean
  EXPECT_THROW(writer.write_particles(0.2, 2, p.view()), std::runtime_error);
  vtkObject::GlobalWarningDisplayOn();
  writer.write_particles(0.3, 3, p.view());
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    const std::vector<Listed> listed = read_collection(writer.collection_path());
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].file, particle_file(3));
    if (size() > 1) {
      EXPECT_FALSE(fs::exists(d.path() / "flow_particles_00000002.pvtp"));
    }
  }
}

}  // namespace
}  // namespace stirlb
