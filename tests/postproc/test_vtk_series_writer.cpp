#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkObject.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLImageDataReader.h>
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

}  // namespace
}  // namespace stirlb
