#include "postproc/vtk_datasets.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkTypeInt64Array.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace stirlb {

namespace {

constexpr const char* kVectorNames[] = {"X", "Y", "Z"};
constexpr const char* kTensorNames[] = {"XX", "YY", "ZZ", "XY", "YZ", "XZ"};

// VTK stores tuples interleaved; the solver's arrays are one per component.
vtkNew<vtkFloatArray> interleave(const FieldView& f, vtkIdType tuples) {
  vtkNew<vtkFloatArray> a;
  const int nc = static_cast<int>(f.components.size());
  a->SetName(f.name.c_str());
  a->SetNumberOfComponents(nc);
  a->SetNumberOfTuples(tuples);
  float* out = a->GetPointer(0);
  for (int c = 0; c < nc; ++c) {
    const float* in = f.components[c];
    for (vtkIdType i = 0; i < tuples; ++i) out[i * nc + c] = in[i];
  }
  const char* const* labels = nc == 3 ? kVectorNames : nc == 6 ? kTensorNames : nullptr;
  if (labels)
    for (int c = 0; c < nc; ++c) a->SetComponentName(c, labels[c]);
  return a;
}

}  // namespace

CellBox piece_of(const ImageGeometry& g) {
  const int whole[3] = {g.nx, g.ny, g.nz};
  CellBox b{};
  const bool all_zero = g.piece_n[0] == 0 && g.piece_n[1] == 0 && g.piece_n[2] == 0;
  for (int a = 0; a < 3; ++a) {
    b.lo[a] = all_zero ? 0 : g.piece_lo[a];
    b.n[a] = all_zero ? whole[a] : g.piece_n[a];
    if (all_zero && g.piece_lo[a] != 0)
      throw std::invalid_argument("VtkSeriesWriter: piece_lo without piece_n");
    if (b.n[a] <= 0 || b.lo[a] < 0 || b.lo[a] > whole[a] - b.n[a])
      throw std::invalid_argument("VtkSeriesWriter: piece [" + std::to_string(b.lo[a]) + ", " +
                                  std::to_string(b.lo[a] + b.n[a]) + ") on axis " +
                                  std::to_string(a) + " is empty or outside the image of " +
                                  std::to_string(whole[a]) + " cells");
  }
  return b;
}

bool is_whole(const CellBox& b, const ImageGeometry& g) {
  return b.lo[0] == 0 && b.lo[1] == 0 && b.lo[2] == 0 && b.n[0] == g.nx && b.n[1] == g.ny &&
         b.n[2] == g.nz;
}

vtkSmartPointer<vtkImageData> make_image(const ImageGeometry& g, const CellBox& box,
                                         const std::vector<FieldView>& fields,
                                         const std::vector<ByteFieldView>& byte_fields) {
  const vtkIdType cells = box.cells();
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetExtent(box.lo[0], box.lo[0] + box.n[0], box.lo[1], box.lo[1] + box.n[1], box.lo[2],
                   box.lo[2] + box.n[2]);
  image->SetOrigin(g.origin[0], g.origin[1], g.origin[2]);
  image->SetSpacing(g.spacing, g.spacing, g.spacing);
  for (const FieldView& f : fields) image->GetCellData()->AddArray(interleave(f, cells));
  for (const ByteFieldView& f : byte_fields) {
    vtkNew<vtkUnsignedCharArray> a;
    a->SetName(f.name.c_str());
    a->SetNumberOfTuples(cells);
    std::copy(f.data, f.data + cells, a->GetPointer(0));
    image->GetCellData()->AddArray(a);
  }
  return image;
}

vtkSmartPointer<vtkPolyData> make_particles(const ParticleView& p, bool with_ids) {
  const vtkIdType n = static_cast<vtkIdType>(p.count);
  vtkNew<vtkDoubleArray> xyz;
  xyz->SetNumberOfComponents(3);
  xyz->SetNumberOfTuples(n);
  if (n > 0) std::copy(p.positions, p.positions + 3 * n, xyz->GetPointer(0));
  vtkNew<vtkPoints> points;
  points->SetData(xyz);
  vtkNew<vtkIdTypeArray> connectivity;
  connectivity->SetNumberOfTuples(n);
  if (n > 0) std::iota(connectivity->GetPointer(0), connectivity->GetPointer(0) + n, vtkIdType(0));
  vtkNew<vtkCellArray> verts;
  verts->SetData(1, connectivity);

  auto poly = vtkSmartPointer<vtkPolyData>::New();
  poly->SetPoints(points);
  poly->SetVerts(verts);
  vtkPointData* pd = poly->GetPointData();
  for (const FieldView& f : p.fields) pd->AddArray(interleave(f, n));
  for (const ByteFieldView& f : p.byte_fields) {
    vtkNew<vtkUnsignedCharArray> a;
    a->SetName(f.name.c_str());
    a->SetNumberOfTuples(n);
    if (n > 0) std::copy(f.data, f.data + n, a->GetPointer(0));
    pd->AddArray(a);
  }
  if (with_ids) {
    vtkNew<vtkTypeInt64Array> ids;
    ids->SetName(kIdArray);
    ids->SetNumberOfTuples(n);
    if (n > 0) std::copy(p.ids, p.ids + n, ids->GetPointer(0));
    pd->AddArray(ids);
  }
  return poly;
}

}  // namespace stirlb
