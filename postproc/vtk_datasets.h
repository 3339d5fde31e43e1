#pragma once
// The solver's arrays (one per component, cells or particles) as VTK
// datasets: the image piece a rank holds and its particles. The series
// writer (vtk_series_writer.h) decides where and how they are written.
#include <vtkImageData.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <vector>
#include "postproc/vtk_series_writer.h"

namespace stirlb {

// The particles' id array, written when the caller gives ids.
inline constexpr const char* kIdArray = "id";

// The box of cells this rank holds, with piece_n all 0 resolved to the whole
// image.
struct CellBox {
  int lo[3];
  int n[3];
  vtkIdType cells() const { return vtkIdType(n[0]) * vtkIdType(n[1]) * vtkIdType(n[2]); }
};

// `g`'s piece (piece_n all 0: the whole image); throws std::invalid_argument
// for an empty piece or one outside the image.
CellBox piece_of(const ImageGeometry& g);
bool is_whole(const CellBox& b, const ImageGeometry& g);

// The cells of `box` as an image whose extent is in global point indices, so
// that a piece sits where it belongs in the whole image.
vtkSmartPointer<vtkImageData> make_image(const ImageGeometry& g, const CellBox& box,
                                         const std::vector<FieldView>& fields,
                                         const std::vector<ByteFieldView>& byte_fields);

// One vertex cell per particle: ParaView renders a vtkPolyData's points only
// through its cells. Empty arrays (0 particles) still carry their names and
// types, so that every piece of a step has the same arrays.
vtkSmartPointer<vtkPolyData> make_particles(const ParticleView& p, bool with_ids);

}  // namespace stirlb
