#pragma once
// Field output for ParaView: one vtkImageData (.vti) file per output step and
// a .pvd collection that ParaView opens as a single time-dependent dataset.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

class vtkPolyData;

namespace stirlb {

struct ImageGeometry {
  int nx = 0, ny = 0, nz = 0;    // cells
  double origin[3] = {0, 0, 0};  // m: lower corner of cell (0,0,0)
  double spacing = 1.0;          // m: cubic cells
};

// One field as separate component arrays (structure of arrays, as the solver
// stores them), each nx*ny*nz floats, x fastest then y then z.
// 1 component = scalar, 3 = vector, 6 = symmetric tensor in VTK's order
// XX YY ZZ XY YZ XZ.
struct FieldView {
  std::string name;
  std::vector<const float*> components;
};

// One byte per cell, same ordering (cell flags, material ids).
struct ByteFieldView {
  std::string name;
  const std::uint8_t* data;
};

class VtkSeriesWriter {
 public:
  VtkSeriesWriter(std::filesystem::path dir, std::string basename);

  // Writes dir/<basename>_<step as %08lld>.vti as zlib-compressed, appended
  // binary CELL data (the image has nx+1 x ny+1 x nz+1 points), then rewrites
  // dir/<basename>.pvd listing every step written so far; both atomically.
  // Writing a step again replaces its entry. Returns the .vti path.
  // DataSet entries carry timestep, part="0" and file, but no group="" (VTK's
  // XML element cannot hold an empty attribute; ParaView does not need it).
  // Throws std::invalid_argument on bad geometry or fields, and
  // std::runtime_error if a file cannot be written.
  std::filesystem::path write(double time, std::int64_t step, const ImageGeometry& geometry,
                              const std::vector<FieldView>& fields,
                              const std::vector<ByteFieldView>& byte_fields = {});

  // Writes a surface (the impeller at this step) as dir/<basename>_surface_
  // <step>.vtp and lists it in the same .pvd as part 1, so that ParaView shows
  // it in the same time base as the fields.
  std::filesystem::path write_surface(double time, std::int64_t step, vtkPolyData* surface);

  const std::filesystem::path& collection_path() const { return collection_path_; }

 private:
  struct Entry {
    double time;
    std::string file;  // relative to dir_, so the output folder can be moved
    int part;
  };
  void add_entry(double time, const std::string& file, int part);

  void write_collection() const;

  std::filesystem::path dir_;
  std::string basename_;
  std::filesystem::path collection_path_;
  std::vector<Entry> entries_;
};

}  // namespace stirlb
