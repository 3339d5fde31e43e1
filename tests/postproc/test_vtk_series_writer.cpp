#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <cmath>
#include <limits>

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
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLUtilities.h>

#include "postproc/vtk_series_writer.h"
#include "temp_dir.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::slurp;

constexpr int NX = 4, NY = 3, NZ = 2, N = NX * NY * NZ;

// Values encode the cell's (x, y, z) so a transposed layout cannot pass.
float code(int x, int y, int z) { return float(100 * z + 10 * y + x); }

// Fields of one output step, stored as the solver stores them.
struct StepData {
  std::vector<float> rho, u[3], tau[6];
  std::vector<std::uint8_t> flags;

  explicit StepData(float offset) : rho(N), flags(N) {
    for (auto& c : u) c.resize(N);
    for (auto& c : tau) c.resize(N);
    for (int z = 0; z < NZ; ++z)
      for (int y = 0; y < NY; ++y)
        for (int x = 0; x < NX; ++x) {
          const int i = x + NX * (y + NY * z);
          rho[i] = offset + code(x, y, z);
          for (int c = 0; c < 3; ++c) u[c][i] = offset + 1000.0f * float(c + 1) + code(x, y, z);
          for (int c = 0; c < 6; ++c) tau[c][i] = offset - 1000.0f * float(c + 1) - code(x, y, z);
          flags[i] = std::uint8_t(x + 4 * y + 16 * z);
        }
  }
  std::vector<FieldView> fields() const {
    return {{"rho", {rho.data()}},
            {"u", {u[0].data(), u[1].data(), u[2].data()}},
            {"tau", {tau[0].data(), tau[1].data(), tau[2].data(), tau[3].data(), tau[4].data(),
                     tau[5].data()}}};
  }
  std::vector<ByteFieldView> byte_fields() const { return {{"flags", flags.data()}}; }
};

ImageGeometry geometry() {
  ImageGeometry g;
  g.nx = NX;
  g.ny = NY;
  g.nz = NZ;
  g.origin[0] = -0.5;
  g.origin[1] = 1.25;
  g.origin[2] = 2.0;
  g.spacing = 0.125;
  return g;
}

vtkSmartPointer<vtkImageData> read_vti(const fs::path& p) {
  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(p.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
  return reader->GetOutput();
}

void expect_step(const fs::path& vti, float offset) {
  auto image = read_vti(vti);
  ASSERT_TRUE(image);
  int dims[3];
  image->GetDimensions(dims);
  EXPECT_EQ(dims[0], NX + 1);
  EXPECT_EQ(dims[1], NY + 1);
  EXPECT_EQ(dims[2], NZ + 1);
  EXPECT_EQ(image->GetNumberOfCells(), N);
  double spacing[3], origin[3];
  image->GetSpacing(spacing);
  image->GetOrigin(origin);
  for (int a = 0; a < 3; ++a) {
    EXPECT_DOUBLE_EQ(spacing[a], 0.125);
    EXPECT_DOUBLE_EQ(origin[a], geometry().origin[a]);
  }

  vtkCellData* cd = image->GetCellData();
  EXPECT_EQ(cd->GetNumberOfArrays(), 4);
  vtkDataArray* rho = cd->GetArray("rho");
  vtkDataArray* u = cd->GetArray("u");
  vtkDataArray* tau = cd->GetArray("tau");
  auto* flags = vtkUnsignedCharArray::SafeDownCast(cd->GetAbstractArray("flags"));
  ASSERT_TRUE(rho && u && tau && flags);
  EXPECT_EQ(rho->GetNumberOfComponents(), 1);
  EXPECT_EQ(u->GetNumberOfComponents(), 3);
  EXPECT_EQ(tau->GetNumberOfComponents(), 6);
  EXPECT_EQ(flags->GetNumberOfComponents(), 1);
  EXPECT_STREQ(u->GetComponentName(2), "Z");
  EXPECT_STREQ(tau->GetComponentName(0), "XX");
  EXPECT_STREQ(tau->GetComponentName(5), "XZ");

  // VTK's own cell numbering, so the test does not assume the layout it checks.
  const int cells[][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {3, 2, 1}, {2, 1, 1}};
  for (const auto& xyz : cells) {
    int ijk[3] = {xyz[0], xyz[1], xyz[2]};
    const vtkIdType id = image->ComputeCellId(ijk);
    const float c = code(xyz[0], xyz[1], xyz[2]);
    SCOPED_TRACE(testing::Message() << "cell " << xyz[0] << "," << xyz[1] << "," << xyz[2]);
    EXPECT_EQ(rho->GetComponent(id, 0), offset + c);
    for (int k = 0; k < 3; ++k) EXPECT_EQ(u->GetComponent(id, k), offset + 1000.0f * float(k + 1) + c);
    for (int k = 0; k < 6; ++k)
      EXPECT_EQ(tau->GetComponent(id, k), offset - 1000.0f * float(k + 1) - c);
    EXPECT_EQ(flags->GetValue(id), xyz[0] + 4 * xyz[1] + 16 * xyz[2]);
  }
}

TEST(VtkSeriesWriter, WritesReadableCompressedSeries) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const StepData s0(0.0f), s1(0.5f);
  const fs::path f0 = writer.write(0.0, 0, geometry(), s0.fields(), s0.byte_fields());
  const fs::path f1 = writer.write(0.1, 250, geometry(), s1.fields(), s1.byte_fields());
  EXPECT_EQ(f0, d.path() / "flow_00000000.vti");
  EXPECT_EQ(f1, d.path() / "flow_00000250.vti");
  EXPECT_EQ(writer.collection_path(), d.path() / "flow.pvd");

  expect_step(f0, 0.0f);
  expect_step(f1, 0.5f);
  EXPECT_NE(slurp(f1).find("compressor=\"vtkZLibDataCompressor\""), std::string::npos);
  EXPECT_EQ(test::count_temporaries(d.path()), 0);

  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(writer.collection_path().c_str()));
  ASSERT_TRUE(root);
  EXPECT_STREQ(root->GetName(), "VTKFile");
  EXPECT_STREQ(root->GetAttribute("type"), "Collection");
  vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
  ASSERT_TRUE(collection);
  ASSERT_EQ(collection->GetNumberOfNestedElements(), 2);
  const double times[] = {0.0, 0.1};
  const char* files[] = {"flow_00000000.vti", "flow_00000250.vti"};
  for (int i = 0; i < 2; ++i) {
    vtkXMLDataElement* ds = collection->GetNestedElement(i);
    EXPECT_STREQ(ds->GetName(), "DataSet");
    double t = -1;
    ASSERT_TRUE(ds->GetScalarAttribute("timestep", t));
    EXPECT_EQ(t, times[i]);  // exact: times must round-trip
    EXPECT_STREQ(ds->GetAttribute("file"), files[i]);
    EXPECT_STREQ(ds->GetAttribute("part"), "0");
  }
}

TEST(VtkSeriesWriter, RewritingAStepReplacesItsEntry) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const StepData s(0.0f);
  writer.write(1.0, 7, geometry(), s.fields());
  writer.write(2.0, 7, geometry(), s.fields());
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(writer.collection_path().c_str()));
  ASSERT_TRUE(root);
  vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
  ASSERT_TRUE(collection);
  ASSERT_EQ(collection->GetNumberOfNestedElements(), 1);
  double t = 0;
  ASSERT_TRUE(collection->GetNestedElement(0)->GetScalarAttribute("timestep", t));
  EXPECT_EQ(t, 2.0);
}

TEST(VtkSeriesWriter, RejectsBadFieldsWithoutWriting) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const StepData s(0.0f);
  const std::vector<FieldView> two_components = {{"bad", {s.rho.data(), s.rho.data()}}};
  EXPECT_THROW(writer.write(0.0, 0, geometry(), two_components), std::invalid_argument);
  const std::vector<FieldView> duplicate = {{"rho", {s.rho.data()}}, {"rho", {s.rho.data()}}};
  EXPECT_THROW(writer.write(0.0, 0, geometry(), duplicate), std::invalid_argument);
  ImageGeometry empty = geometry();
  empty.ny = 0;
  EXPECT_THROW(writer.write(0.0, 0, empty, s.fields()), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(d.path()));
}

TEST(VtkSeriesWriter, MissingFolderThrowsAndLeavesNothing) {
  TempDir d;
  VtkSeriesWriter writer(d.path() / "missing", "flow");
  const StepData s(0.0f);
  vtkObject::GlobalWarningDisplayOff();  // the failure is expected; keep the log clean
  EXPECT_THROW(writer.write(0.0, 0, geometry(), s.fields()), std::runtime_error);
  vtkObject::GlobalWarningDisplayOn();
  EXPECT_TRUE(fs::is_empty(d.path()));
}

// Particles as the solver holds them: positions interleaved, fields one
// array per component. Values derive from the id, so a reordered array
// cannot pass.
struct Particles {
  std::vector<double> xyz;
  std::vector<float> v[3], d;
  std::vector<std::uint8_t> state;
  std::vector<std::int64_t> ids;

  explicit Particles(int n) {
    for (int i = 0; i < n; ++i) {
      const std::int64_t id = (std::int64_t(1) << 40) + 7 * i;  // needs 64 bits
      ids.push_back(id);
      for (int a = 0; a < 3; ++a) xyz.push_back(0.001 * double(i) + 0.1 * a - 0.05);
      for (int a = 0; a < 3; ++a) v[a].push_back(float(i) + 0.25f * float(a + 1));
      d.push_back(1e-4f * float(i + 1));
      state.push_back(std::uint8_t(i % 3));
    }
  }
  ParticleView view() const {
    ParticleView p;
    p.count = ids.size();
    p.positions = xyz.data();
    p.fields = {{"velocity", {v[0].data(), v[1].data(), v[2].data()}}, {"diameter", {d.data()}}};
    p.byte_fields = {{"state", state.data()}};
    p.ids = ids.data();
    return p;
  }
};

vtkSmartPointer<vtkPolyData> read_vtp(const fs::path& p) {
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName(p.c_str());
  reader->Update();
  EXPECT_EQ(reader->GetErrorCode(), 0u) << p;
  return reader->GetOutput();
}

struct Listed {
  double time;
  std::string part, file;
};

std::vector<Listed> read_collection(const fs::path& pvd) {
  std::vector<Listed> out;
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(pvd.c_str()));
  vtkXMLDataElement* collection = root ? root->FindNestedElementWithName("Collection") : nullptr;
  if (!collection) return out;
  for (int i = 0; i < collection->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* ds = collection->GetNestedElement(i);
    Listed l{-1.0, "", ""};
    ds->GetScalarAttribute("timestep", l.time);
    if (const char* part = ds->GetAttribute("part")) l.part = part;
    if (const char* file = ds->GetAttribute("file")) l.file = file;
    out.push_back(l);
  }
  return out;
}

TEST(VtkSeriesWriter, WritesParticlesAsPartTwo) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const StepData s(0.0f);
  const Particles beads(5);
  writer.write(0.25, 12, geometry(), s.fields(), s.byte_fields());
  const fs::path vtp = writer.write_particles(0.25, 12, beads.view());
  EXPECT_EQ(vtp, d.path() / "flow_particles_00000012.vtp");
  EXPECT_NE(slurp(vtp).find("compressor=\"vtkZLibDataCompressor\""), std::string::npos);
  EXPECT_NE(slurp(vtp).find("format=\"appended\""), std::string::npos);
  EXPECT_NE(slurp(vtp).find("type=\"Int64\" Name=\"id\""), std::string::npos);
  EXPECT_EQ(test::count_temporaries(d.path()), 0);

  auto poly = read_vtp(vtp);
  ASSERT_TRUE(poly);
  ASSERT_EQ(poly->GetNumberOfPoints(), 5);
  // One vertex per particle, so that ParaView renders them.
  ASSERT_EQ(poly->GetNumberOfVerts(), 5);
  EXPECT_EQ(poly->GetNumberOfCells(), 5);
  EXPECT_EQ(poly->GetPoints()->GetDataType(), VTK_DOUBLE);
  vtkPointData* pd = poly->GetPointData();
  EXPECT_EQ(pd->GetNumberOfArrays(), 4);
  vtkDataArray* v = pd->GetArray("velocity");
  vtkDataArray* dia = pd->GetArray("diameter");
  auto* state = vtkUnsignedCharArray::SafeDownCast(pd->GetAbstractArray("state"));
  // The reader makes an Int64 array whatever class the writer used.
  auto* ids = vtkAOSDataArrayTemplate<vtkTypeInt64>::SafeDownCast(pd->GetAbstractArray("id"));
  ASSERT_TRUE(v && dia && state && ids);
  EXPECT_EQ(v->GetNumberOfComponents(), 3);
  EXPECT_STREQ(v->GetComponentName(1), "Y");
  EXPECT_EQ(dia->GetNumberOfComponents(), 1);
  for (vtkIdType i = 0; i < 5; ++i) {
    SCOPED_TRACE(testing::Message() << "particle " << i);
    double x[3];
    poly->GetPoint(i, x);
    for (int a = 0; a < 3; ++a) {
      EXPECT_EQ(x[a], beads.xyz[std::size_t(3 * i + a)]);  // exact: stored as Float64
      EXPECT_EQ(v->GetComponent(i, a), beads.v[a][std::size_t(i)]);
    }
    EXPECT_EQ(dia->GetComponent(i, 0), beads.d[std::size_t(i)]);
    EXPECT_EQ(state->GetValue(i), beads.state[std::size_t(i)]);
    EXPECT_EQ(ids->GetValue(i), beads.ids[std::size_t(i)]);
  }

  const std::vector<Listed> listed = read_collection(writer.collection_path());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].file, "flow_00000012.vti");
  EXPECT_EQ(listed[0].part, "0");
  EXPECT_EQ(listed[1].file, "flow_particles_00000012.vtp");
  EXPECT_EQ(listed[1].part, "2");
  EXPECT_EQ(listed[1].time, 0.25);
}

TEST(VtkSeriesWriter, WritesZeroParticles) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  // Pointers of empty vectors may be null; the names still come through.
  const std::vector<float> none;
  ParticleView empty;
  empty.fields = {{"diameter", {none.data()}}};
  const fs::path vtp = writer.write_particles(0.0, 0, empty);
  auto poly = read_vtp(vtp);
  ASSERT_TRUE(poly);
  EXPECT_EQ(poly->GetNumberOfPoints(), 0);
  EXPECT_EQ(poly->GetNumberOfVerts(), 0);
  EXPECT_TRUE(poly->GetPointData()->GetArray("diameter"));
  // Kept, empty, so that "id" does not come and go along the series.
  EXPECT_TRUE(poly->GetPointData()->GetAbstractArray("id"));
  const std::vector<Listed> listed = read_collection(writer.collection_path());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].part, "2");
}

TEST(VtkSeriesWriter, ParticlesWithoutIdsHaveNoIdArray) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const Particles beads(3);
  ParticleView p = beads.view();
  p.ids = nullptr;
  p.fields.push_back({"id", {beads.d.data()}});  // free to use then
  auto poly = read_vtp(writer.write_particles(0.0, 0, p));
  ASSERT_TRUE(poly);
  EXPECT_EQ(poly->GetNumberOfPoints(), 3);
  vtkDataArray* id = poly->GetPointData()->GetArray("id");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->GetDataType(), VTK_FLOAT);
}

TEST(VtkSeriesWriter, RewritingParticlesReplacesTheirEntry) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  writer.write_particles(1.0, 3, Particles(2).view());
  const fs::path vtp = writer.write_particles(1.5, 3, Particles(4).view());
  EXPECT_EQ(read_vtp(vtp)->GetNumberOfPoints(), 4);
  const std::vector<Listed> listed = read_collection(writer.collection_path());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].time, 1.5);
}

TEST(VtkSeriesWriter, RejectsBadParticlesWithoutWriting) {
  TempDir d;
  VtkSeriesWriter writer(d.path(), "flow");
  const Particles beads(3);
  ParticleView p = beads.view();
  p.fields.push_back({"id", {beads.d.data()}});  // the writer's own array
  EXPECT_THROW(writer.write_particles(0.0, 0, p), std::invalid_argument);
  p = beads.view();
  p.fields.push_back({"state", {beads.d.data()}});
  EXPECT_THROW(writer.write_particles(0.0, 0, p), std::invalid_argument);
  p = beads.view();
  p.fields[0].components.resize(6, beads.d.data());  // no tensors on particles
  EXPECT_THROW(writer.write_particles(0.0, 0, p), std::invalid_argument);
  p = beads.view();
  p.positions = nullptr;
  EXPECT_THROW(writer.write_particles(0.0, 0, p), std::invalid_argument);
  p = beads.view();
  p.byte_fields[0].data = nullptr;
  EXPECT_THROW(writer.write_particles(0.0, 0, p), std::invalid_argument);
  EXPECT_THROW(writer.write_particles(std::numeric_limits<double>::quiet_NaN(), 0, beads.view()),
               std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(d.path()));
}

TEST(VtkSeriesWriter, ContinueSeriesKeepsEveryPart) {
  TempDir d;
  const StepData s(0.0f);
  const Particles beads(2);
  {
    VtkSeriesWriter writer(d.path(), "flow");
    for (int step = 1; step <= 2; ++step) {
      writer.write(0.1 * step, step, geometry(), s.fields());
      writer.write_particles(0.1 * step, step, beads.view());
    }
  }
  VtkSeriesWriter resumed(d.path(), "flow");
  resumed.continue_series(0.15);
  resumed.write_particles(0.3, 3, beads.view());
  const std::vector<Listed> listed = read_collection(resumed.collection_path());
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].file, "flow_00000001.vti");
  EXPECT_EQ(listed[0].part, "0");
  EXPECT_EQ(listed[1].file, "flow_particles_00000001.vtp");
  EXPECT_EQ(listed[1].part, "2");
  EXPECT_EQ(listed[1].time, 0.1);
  EXPECT_EQ(listed[2].file, "flow_particles_00000003.vtp");
  EXPECT_EQ(listed[2].part, "2");
}

}  // namespace
}  // namespace stirlb
