#include "postproc/vtk_series_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkIndent.h>
#include <vtkNew.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLImageDataWriter.h>
#include <vtkXMLPolyDataWriter.h>
#include <vtkXMLWriter.h>
#include <vtkPolyData.h>
#include <vtkXMLUtilities.h>
#include <vtkZLibDataCompressor.h>

#include "postproc/atomic_file.h"

namespace stirlb {
namespace {

constexpr const char* kVectorNames[] = {"X", "Y", "Z"};
constexpr const char* kTensorNames[] = {"XX", "YY", "ZZ", "XY", "YZ", "XZ"};

void check_inputs(double time, const ImageGeometry& g, const std::vector<FieldView>& fields,
                  const std::vector<ByteFieldView>& byte_fields) {
  if (!std::isfinite(time)) throw std::invalid_argument("VtkSeriesWriter: time is not finite");
  if (g.nx <= 0 || g.ny <= 0 || g.nz <= 0)
    throw std::invalid_argument("VtkSeriesWriter: grid needs at least one cell per axis");
  if (!(g.spacing > 0)) throw std::invalid_argument("VtkSeriesWriter: spacing must be > 0");
  // Duplicate names would make ParaView show only one of the arrays.
  std::set<std::string> names;
  const auto check_name = [&](const std::string& name) {
    if (name.empty()) throw std::invalid_argument("VtkSeriesWriter: field without a name");
    if (!names.insert(name).second)
      throw std::invalid_argument("VtkSeriesWriter: field '" + name + "' given twice");
  };
  for (const FieldView& f : fields) {
    check_name(f.name);
    const std::size_t n = f.components.size();
    if (n != 1 && n != 3 && n != 6)
      throw std::invalid_argument("VtkSeriesWriter: field '" + f.name +
                                  "' needs 1, 3 or 6 components, not " + std::to_string(n));
    for (const float* c : f.components)
      if (!c) throw std::invalid_argument("VtkSeriesWriter: field '" + f.name + "' has no data");
  }
  for (const ByteFieldView& f : byte_fields) {
    check_name(f.name);
    if (!f.data) throw std::invalid_argument("VtkSeriesWriter: field '" + f.name + "' has no data");
  }
}

// VTK stores tuples interleaved; the solver's arrays are one per component.
vtkNew<vtkFloatArray> interleave(const FieldView& f, vtkIdType cells) {
  vtkNew<vtkFloatArray> a;
  const int nc = static_cast<int>(f.components.size());
  a->SetName(f.name.c_str());
  a->SetNumberOfComponents(nc);
  a->SetNumberOfTuples(cells);
  float* out = a->GetPointer(0);
  for (int c = 0; c < nc; ++c) {
    const float* in = f.components[c];
    for (vtkIdType i = 0; i < cells; ++i) out[i * nc + c] = in[i];
  }
  const char* const* labels = nc == 3 ? kVectorNames : nc == 6 ? kTensorNames : nullptr;
  if (labels)
    for (int c = 0; c < nc; ++c) a->SetComponentName(c, labels[c]);
  return a;
}

// Shortest text that reads back as the same double, so ParaView's time
// values match the solver's exactly.
std::string exact(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Compressed, raw appended data, written under a temporary name and renamed
// when complete, for every XML file of the series.
void write_atomically(vtkXMLWriter* writer, const std::filesystem::path& path) {
  const std::filesystem::path tmp = temporary_sibling(path);
  vtkNew<vtkZLibDataCompressor> compressor;
  writer->SetFileName(tmp.c_str());
  writer->SetDataModeToAppended();
  writer->EncodeAppendedDataOff();  // raw bytes: base64 would add a third
  writer->SetCompressor(compressor);
  if (writer->Write() != 1 || writer->GetErrorCode() != 0) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot write '" + path.string() + "' (VTK error code " +
                             std::to_string(writer->GetErrorCode()) + ")");
  }
  commit_file(tmp, path);
}

}  // namespace

VtkSeriesWriter::VtkSeriesWriter(std::filesystem::path dir, std::string basename)
    : dir_(std::move(dir)),
      basename_(std::move(basename)),
      collection_path_(dir_ / (basename_ + ".pvd")) {}

std::filesystem::path VtkSeriesWriter::write(double time, std::int64_t step,
                                             const ImageGeometry& geometry,
                                             const std::vector<FieldView>& fields,
                                             const std::vector<ByteFieldView>& byte_fields) {
  check_inputs(time, geometry, fields, byte_fields);
  const vtkIdType cells =
      vtkIdType(geometry.nx) * vtkIdType(geometry.ny) * vtkIdType(geometry.nz);

  vtkNew<vtkImageData> image;
  image->SetDimensions(geometry.nx + 1, geometry.ny + 1, geometry.nz + 1);
  image->SetOrigin(geometry.origin[0], geometry.origin[1], geometry.origin[2]);
  image->SetSpacing(geometry.spacing, geometry.spacing, geometry.spacing);
  for (const FieldView& f : fields) image->GetCellData()->AddArray(interleave(f, cells));
  for (const ByteFieldView& f : byte_fields) {
    vtkNew<vtkUnsignedCharArray> a;
    a->SetName(f.name.c_str());
    a->SetNumberOfTuples(cells);
    std::copy(f.data, f.data + cells, a->GetPointer(0));
    image->GetCellData()->AddArray(a);
  }

  char file[64];
  std::snprintf(file, sizeof file, "_%08lld.vti", static_cast<long long>(step));
  const std::string name = basename_ + file;
  vtkNew<vtkXMLImageDataWriter> writer;
  writer->SetInputData(image);
  writer->SetHeaderTypeToUInt64();  // 32-bit headers overflow above 4 GiB per array
  const std::filesystem::path path = dir_ / name;
  write_atomically(writer, path);
  add_entry(time, name, 0);
  return path;
}

std::filesystem::path VtkSeriesWriter::write_surface(double time, std::int64_t step, vtkPolyData* surface) {
  if (!std::isfinite(time)) throw std::invalid_argument("VtkSeriesWriter: time is not finite");
  if (!surface) throw std::invalid_argument("VtkSeriesWriter: no surface");
  char file[64];
  std::snprintf(file, sizeof file, "_surface_%08lld.vtp", static_cast<long long>(step));
  const std::string name = basename_ + file;
  vtkNew<vtkXMLPolyDataWriter> writer;
  writer->SetInputData(surface);
  const std::filesystem::path path = dir_ / name;
  write_atomically(writer, path);
  add_entry(time, name, 1);
  return path;
}

void VtkSeriesWriter::add_entry(double time, const std::string& name, int part) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.file == name; });
  if (it == entries_.end())
    entries_.push_back({time, name, part});
  else
    it->time = time;
  write_collection();
}

void VtkSeriesWriter::write_collection() const {
  vtkNew<vtkXMLDataElement> root;
  root->SetName("VTKFile");
  root->SetAttribute("type", "Collection");
  root->SetAttribute("version", "0.1");
  root->SetAttribute("byte_order", "LittleEndian");
  vtkNew<vtkXMLDataElement> collection;
  collection->SetName("Collection");
  for (const Entry& e : entries_) {
    vtkNew<vtkXMLDataElement> ds;
    ds->SetName("DataSet");
    ds->SetAttribute("timestep", exact(e.time).c_str());
    // No group="": vtkXMLDataElement drops empty attributes, and ParaView
    // treats a missing group as the default one.
    ds->SetAttribute("part", std::to_string(e.part).c_str());
    ds->SetAttribute("file", e.file.c_str());
    collection->AddNestedElement(ds);
  }
  root->AddNestedElement(collection);

  std::ostringstream xml;
  vtkIndent indent;
  vtkXMLUtilities::FlattenElement(root, xml, &indent);
  write_file_atomic(collection_path_, xml.str());
}

}  // namespace stirlb
