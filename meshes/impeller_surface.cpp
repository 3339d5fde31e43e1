#include "meshes/impeller_surface.h"

#include <vtkAppendPolyData.h>
#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkCleanPolyData.h>
#include <vtkCommand.h>
#include <vtkCubeSource.h>
#include <vtkCylinderSource.h>
#include <vtkExecutive.h>
#include <vtkFeatureEdges.h>
#include <vtkCellData.h>
#include <vtkCellLocator.h>
#include <vtkDataArray.h>
#include <vtkPolyDataNormals.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyDataAlgorithm.h>
#include <vtkReverseSense.h>
#include <vtkSTLReader.h>
#include <vtkSTLWriter.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangle.h>
#include <vtkTriangleFilter.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <unordered_map>

namespace stirlb {
namespace {

using Vec = std::array<double, 3>;
constexpr double kPi = std::numbers::pi;
constexpr double kDeg = 180.0 / kPi;  // degrees per radian

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

Vec point(vtkPoints* pts, vtkIdType i) {
  Vec p;
  pts->GetPoint(i, p.data());
  return p;
}
Vec operator-(const Vec& a, const Vec& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec lerp(const Vec& a, const Vec& b, double t) {
  return {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
}
double norm(const Vec& a) { return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }

// Calls f(a, b, c) for every triangle of the surface's polygons, fanning any
// polygon with more than three corners (the generators and the STL reader
// only make triangles, but a caller's own polydata may not).
template <class F>
void for_each_triangle(vtkPolyData* surface, F&& f) {
  vtkPoints* pts = surface->GetPoints();
  vtkCellArray* polys = surface->GetPolys();
  if (!pts || !polys) return;
  auto it = vtk::TakeSmartPointer(polys->NewIterator());
  for (it->GoToFirstCell(); !it->IsDoneWithTraversal(); it->GoToNextCell()) {
    vtkIdType n;
    const vtkIdType* ids;
    it->GetCurrentCell(n, ids);
    for (vtkIdType k = 1; k + 1 < n; ++k) f(point(pts, ids[0]), point(pts, ids[k]), point(pts, ids[k + 1]));
  }
}

// Geometry only: the sources' normals and texture coordinates are wrong once
// coincident points are merged, so nothing downstream should see them. Points
// in double: VTK's sources and filters make floats unless told otherwise (each
// one here is told), which would break the parts' exact symmetry.
vtkSmartPointer<vtkPolyData> bare(vtkPolyData* in) {
  auto out = vtkSmartPointer<vtkPolyData>::New();
  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();  // DeepCopy converts to the receiving type
  pts->DeepCopy(in->GetPoints());
  vtkNew<vtkCellArray> polys;
  polys->DeepCopy(in->GetPolys());
  out->SetPoints(pts);
  out->SetPolys(polys);
  return out;
}

// A closed part: the VTK sources repeat points along sharp edges (one copy per
// face, for per-face normals), so they are merged to make neighbouring
// triangles share edges before the part is placed. Merging happens in the
// source's own coordinates, where the copies are bitwise equal.
vtkSmartPointer<vtkPolyData> closed_part(vtkPolyDataAlgorithm* source, vtkTransform* placement) {
  vtkNew<vtkCleanPolyData> merge;
  merge->SetInputConnection(source->GetOutputPort());
  merge->SetTolerance(0.0);
  vtkNew<vtkTriangleFilter> triangles;
  triangles->SetInputConnection(merge->GetOutputPort());
  vtkNew<vtkTransformPolyDataFilter> place;
  place->SetInputConnection(triangles->GetOutputPort());
  place->SetTransform(placement);
  place->Update();
  return bare(place->GetOutput());
}

int cylinder_resolution(double diameter, double max_edge) {
  return std::max(16, static_cast<int>(std::ceil(kPi * diameter / max_edge)));
}

// Closed cylinder on the z axis, centred on z = 0.
vtkSmartPointer<vtkPolyData> z_cylinder(double diameter, double height, double max_edge) {
  vtkNew<vtkCylinderSource> cylinder;
  cylinder->SetRadius(diameter / 2);
  cylinder->SetHeight(height);
  cylinder->SetResolution(cylinder_resolution(diameter, max_edge));
  cylinder->CappingOn();
  cylinder->SetOutputPointsPrecision(vtkAlgorithm::DOUBLE_PRECISION);
  vtkNew<vtkTransform> to_z;
  to_z->RotateX(90);  // vtkCylinderSource builds along +y
  return closed_part(cylinder, to_z);
}

// Closed box with edge lengths `size` centred at `center`, then moved by
// `placement`.
vtkSmartPointer<vtkPolyData> box(const Vec& center, const Vec& size, vtkTransform* placement) {
  vtkNew<vtkCubeSource> cube;
  cube->SetCenter(center[0], center[1], center[2]);
  cube->SetXLength(size[0]);
  cube->SetYLength(size[1]);
  cube->SetZLength(size[2]);
  cube->SetOutputPointsPrecision(vtkAlgorithm::DOUBLE_PRECISION);
  return closed_part(cube, placement);
}

// Parts are only collected, not boolean-merged: each stays closed on its own,
// and points where parts touch are kept apart so no edge becomes non-manifold.
vtkSmartPointer<vtkPolyData> collect(const std::vector<vtkSmartPointer<vtkPolyData>>& parts) {
  vtkNew<vtkAppendPolyData> append;
  for (const auto& p : parts) append->AddInputData(p);
  append->SetOutputPointsPrecision(vtkAlgorithm::DOUBLE_PRECISION);
  append->Update();
  return bare(append->GetOutput());
}

vtkSmartPointer<vtkPolyData> transformed(vtkPolyData* surface, vtkTransform* t) {
  vtkNew<vtkTransformPolyDataFilter> filter;
  filter->SetInputData(surface);
  filter->SetTransform(t);
  filter->SetOutputPointsPrecision(vtkAlgorithm::DOUBLE_PRECISION);  // STL brings floats
  filter->Update();
  // The filter's output shares the cell arrays with its input; a deep copy
  // keeps a later edit of one surface from showing up in the other.
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(filter->GetOutput());
  return out;
}

// Collects VTK's error messages for an exception instead of letting VTK print
// them; observing an object also stops its own printing. Warnings are
// swallowed: the STL reader's only one ("file type not recognized") comes
// before either a good binary read or an error reported here.
class VtkErrors {
 public:
  void watch(vtkObject* o) {
    vtkNew<vtkCallbackCommand> on_error;
    on_error->SetCallback(&VtkErrors::record);
    on_error->SetClientData(&message_);
    o->AddObserver(vtkCommand::ErrorEvent, on_error);
    vtkNew<vtkCallbackCommand> on_warning;
    o->AddObserver(vtkCommand::WarningEvent, on_warning);
  }
  bool any() const { return !message_.empty(); }
  // The part meant for a person: VTK prefixes the class and address of the
  // object ("vtkSTLReader (0x...): ").
  std::string text() const {
    std::string m = message_;
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    const auto prefix = m.find("): ");
    return prefix == std::string::npos ? m : m.substr(prefix + 3);
  }

 private:
  static void record(vtkObject*, unsigned long, void* client, void* call) {
    auto* message = static_cast<std::string*>(client);
    if (message->empty() && call) *message = static_cast<const char*>(call);
  }
  std::string message_;
};

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
  throw std::runtime_error(path + ": " + reason);
}

}  // namespace

vtkSmartPointer<vtkPolyData> rushton_surface(const RushtonSpec& s, double max_edge) {
  require(s.diameter > 0 && max_edge > 0, "Rushton turbine: diameter and max_edge must be positive");
  require(s.blades >= 1, "Rushton turbine: needs at least one blade");
  require(s.blade_length > 0 && s.blade_length <= s.diameter / 2 && s.blade_height > 0 && s.blade_thickness > 0,
          "Rushton turbine: blade length must be in (0, diameter/2], height and thickness positive");
  require(s.disk_diameter > 0 && s.disk_diameter <= s.diameter && s.disk_thickness > 0,
          "Rushton turbine: disk diameter must be in (0, diameter], thickness positive");
  require(s.hub_diameter >= 0 && s.hub_diameter < s.disk_diameter,
          "Rushton turbine: hub diameter must be in [0, disk diameter)");
  std::vector<vtkSmartPointer<vtkPolyData>> parts;
  parts.push_back(z_cylinder(s.disk_diameter, s.disk_thickness, max_edge));
  if (s.hub_diameter > 0) parts.push_back(z_cylinder(s.hub_diameter, s.blade_height, max_edge));
  const double r_tip = s.diameter / 2;
  for (int k = 0; k < s.blades; ++k) {
    vtkNew<vtkTransform> turn;
    turn->RotateZ(360.0 * k / s.blades);
    parts.push_back(box({r_tip - s.blade_length / 2, 0, 0}, {s.blade_length, s.blade_thickness, s.blade_height}, turn));
  }
  return collect(parts);
}

vtkSmartPointer<vtkPolyData> pitched_blade_surface(const PitchedBladeSpec& s, double max_edge) {
  require(s.diameter > 0 && max_edge > 0, "pitched-blade turbine: diameter and max_edge must be positive");
  require(s.blades >= 1, "pitched-blade turbine: needs at least one blade");
  require(s.blade_width > 0 && s.blade_thickness > 0,
          "pitched-blade turbine: blade width and thickness must be positive");
  require(s.angle_deg >= 0 && s.angle_deg <= 90, "pitched-blade turbine: angle must be in [0, 90] degrees");
  require(s.hub_diameter >= 0 && s.hub_diameter < s.diameter,
          "pitched-blade turbine: hub diameter must be in [0, diameter)");
  const double r_tip = s.diameter / 2;
  // Without a hub the blades still need a root; a tenth of the diameter is a
  // typical hub size.
  const double r_root = s.hub_diameter > 0 ? s.hub_diameter / 2 : s.diameter / 10;
  // Positive rotation about the blade's radial axis (+x) lifts its +y edge,
  // the leading edge for rotation about +z: the fluid in front of the blade
  // then meets a face that slopes down and is pushed down.
  const double tilt = s.pumping_down ? s.angle_deg : -s.angle_deg;
  std::vector<vtkSmartPointer<vtkPolyData>> parts;
  for (int k = 0; k < s.blades; ++k) {
    vtkNew<vtkTransform> place;
    place->PostMultiply();
    place->RotateX(tilt);
    place->RotateZ(360.0 * k / s.blades);
    parts.push_back(box({(r_root + r_tip) / 2, 0, 0}, {r_tip - r_root, s.blade_width, s.blade_thickness}, place));
  }
  if (s.hub_diameter > 0) {
    const double a = s.angle_deg / kDeg;
    const double blade_extent = s.blade_width * std::sin(a) + s.blade_thickness * std::cos(a);
    parts.push_back(z_cylinder(s.hub_diameter, blade_extent, max_edge));
  }
  return collect(parts);
}

vtkSmartPointer<vtkPolyData> marine_surface(const MarineSpec& s, double max_edge) {
  require(s.diameter > 0 && max_edge > 0, "marine propeller: diameter and max_edge must be positive");
  require(s.blades >= 1, "marine propeller: needs at least one blade");
  require(s.pitch_ratio > 0 && s.blade_area_ratio > 0,
          "marine propeller: pitch ratio and blade area ratio must be positive");
  require(s.hub_diameter >= 0 && s.hub_diameter < s.diameter, "marine propeller: hub diameter must be in [0, diameter)");
  const double r_tip = s.diameter / 2;
  const double hub_diameter = s.hub_diameter > 0 ? s.hub_diameter : 0.2 * s.diameter;
  const double r_hub = hub_diameter / 2;
  const double pitch = s.pitch_ratio * s.diameter;
  // z rises with the angle ahead of the blade centre line, so the blade meets
  // the fluid with a face that slopes down and pushes it down.
  const double lead = (s.pumping_down ? 1.0 : -1.0) * pitch / (2 * kPi);

  // Rows of constant radius from the hub to the tip. The blade's angular
  // half-width follows an elliptical outline, widest at 40 % of the span and
  // still three quarters of that at the hub (a root never ends in a point),
  // rounding off to nothing at the tip.
  const int rows = std::max(8, static_cast<int>(std::ceil((r_tip - r_hub) / max_edge)));
  std::vector<double> r(rows + 1), shape(rows + 1);
  for (int i = 0; i <= rows; ++i) {
    const double u = double(i) / rows;
    r[i] = r_hub + u * (r_tip - r_hub);
    shape[i] = i == rows ? 0.0 : std::sqrt(1 - std::pow((u - 0.4) / 0.6, 2));
  }
  // Projected area of one blade per unit half-width scale, for the outline as
  // meshed (half-width linear in r between rows), so the mesh itself carries
  // the requested area ratio rather than the smooth outline it approximates.
  double area_per_scale = 0;
  for (int i = 0; i < rows; ++i)
    area_per_scale +=
        (r[i + 1] - r[i]) / 3 * (shape[i] * (2 * r[i] + r[i + 1]) + shape[i + 1] * (r[i] + 2 * r[i + 1]));
  const double scale = s.blade_area_ratio * kPi * r_tip * r_tip / s.blades / area_per_scale;
  require(scale < kPi / s.blades, "marine propeller: blade area ratio too large, neighbouring blades would overlap");

  // The same number of columns on every row, enough for the longest row
  // measured along the helix.
  double longest = 0;
  for (int i = 0; i < rows; ++i)
    longest = std::max(longest, 2 * scale * shape[i] * std::hypot(r[i], lead));
  const int cols = std::max(4, static_cast<int>(std::ceil(longest / max_edge)));

  vtkNew<vtkPoints> pts;
  pts->SetDataTypeToDouble();
  vtkNew<vtkCellArray> tris;
  for (int b = 0; b < s.blades; ++b) {
    const double centre = 2 * kPi * b / s.blades;
    const vtkIdType first = pts->GetNumberOfPoints();
    const auto id = [&](int i, int j) { return first + vtkIdType(i) * (cols + 1) + j; };
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j <= cols; ++j) {
        const double offset = scale * shape[i] * (2.0 * j / cols - 1);
        pts->InsertNextPoint(r[i] * std::cos(centre + offset), r[i] * std::sin(centre + offset), lead * offset);
      }
    const vtkIdType tip = pts->InsertNextPoint(r_tip * std::cos(centre), r_tip * std::sin(centre), 0.0);
    for (int i = 0; i + 1 < rows; ++i)
      for (int j = 0; j < cols; ++j) {
        const vtkIdType quad_a[3] = {id(i, j), id(i, j + 1), id(i + 1, j + 1)};
        const vtkIdType quad_b[3] = {id(i, j), id(i + 1, j + 1), id(i + 1, j)};
        tris->InsertNextCell(3, quad_a);
        tris->InsertNextCell(3, quad_b);
      }
    for (int j = 0; j < cols; ++j) {
      const vtkIdType fan[3] = {id(rows - 1, j), id(rows - 1, j + 1), tip};
      tris->InsertNextCell(3, fan);
    }
  }
  auto sheets = vtkSmartPointer<vtkPolyData>::New();
  sheets->SetPoints(pts);
  sheets->SetPolys(tris);
  return collect({sheets, z_cylinder(hub_diameter, 0.3 * s.diameter, max_edge)});
}

std::int64_t open_edges(const vtkSmartPointer<vtkPolyData>& surface) {
  vtkNew<vtkFeatureEdges> open;
  open->SetInputData(surface);
  open->BoundaryEdgesOn();
  open->NonManifoldEdgesOn();
  open->FeatureEdgesOff();
  open->ManifoldEdgesOff();
  open->ColoringOff();
  open->Update();
  return open->GetOutput()->GetNumberOfLines();
}

void retract_points(const vtkSmartPointer<vtkPolyData>& surface, std::vector<std::array<double, 3>>& points,
                    double distance) {
  if (points.empty()) return;
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(surface);
  normals->ComputeCellNormalsOn();
  normals->ComputePointNormalsOff();
  normals->SplittingOff();
  normals->ConsistencyOff();  // the generators and the STL check already orient them
  normals->Update();
  vtkPolyData* with = normals->GetOutput();
  vtkDataArray* n = with->GetCellData()->GetNormals();
  vtkNew<vtkCellLocator> locator;
  locator->SetDataSet(with);
  locator->BuildLocator();
  for (auto& p : points) {
    double closest[3], d2 = 0;
    vtkIdType cell = -1;
    int sub = 0;
    locator->FindClosestPoint(p.data(), closest, cell, sub, d2);
    if (cell < 0) continue;
    const double* v = n->GetTuple3(cell);
    for (int a = 0; a < 3; ++a) p[a] -= distance * v[a];
  }
}

vtkSmartPointer<vtkPolyData> read_stl_surface(const std::string& path, double scale) {
  require(scale > 0, "read_stl_surface: scale must be positive");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(path, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) fail(path, "not a regular file");
  if (!std::ifstream(path, std::ios::binary)) fail(path, "cannot open for reading");

  vtkNew<vtkSTLReader> reader;
  reader->SetFileName(path.c_str());
  reader->MergingOff();  // merged below, in one place for every input
  VtkErrors errors;
  errors.watch(reader);
  errors.watch(reader->GetExecutive());
  reader->Update();
  if (errors.any() || reader->GetErrorCode() != 0)
    fail(path, "unreadable STL" + (errors.any() ? " (" + errors.text() + ")" : std::string()));

  // STL stores every triangle with its own three corners; without merging no
  // two triangles share an edge and nothing would look closed.
  vtkNew<vtkCleanPolyData> merge;
  merge->SetInputConnection(reader->GetOutputPort());
  merge->SetTolerance(0.0);
  merge->Update();
  auto surface = bare(merge->GetOutput());
  if (surface->GetNumberOfPolys() == 0) fail(path, "no triangles");

  const vtkIdType bad = open_edges(surface);
  if (bad > 0) fail(path, "not watertight: " + std::to_string(bad) + " open or non-manifold edges");

  vtkNew<vtkTransform> t;
  t->Scale(scale, scale, scale);
  return transformed(surface, t);
}

void write_stl_surface(const vtkSmartPointer<vtkPolyData>& surface, const std::string& path) {
  const std::string tmp = path + ".tmp";
  vtkNew<vtkSTLWriter> writer;
  writer->SetInputData(surface);
  writer->SetFileName(tmp.c_str());
  writer->SetFileTypeToBinary();
  VtkErrors errors;
  errors.watch(writer);
  errors.watch(writer->GetExecutive());
  const int ok = writer->Write();
  std::error_code ec;
  if (!ok || errors.any() || writer->GetErrorCode() != 0) {
    std::filesystem::remove(tmp, ec);
    fail(path, "cannot write STL" + (errors.any() ? " (" + errors.text() + ")" : std::string()));
  }
  // Readers never see a half-written file under the final name.
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    fail(path, "cannot rename " + tmp + ": " + ec.message());
  }
}

SurfaceExtent surface_extent(const vtkSmartPointer<vtkPolyData>& surface) {
  SurfaceExtent e;
  vtkPoints* pts = surface->GetPoints();
  if (!pts || pts->GetNumberOfPoints() == 0) return e;
  e.z_min = e.z_max = point(pts, 0)[2];
  for (vtkIdType i = 0; i < pts->GetNumberOfPoints(); ++i) {
    const Vec p = point(pts, i);
    e.radius = std::max(e.radius, std::hypot(p[0], p[1]));
    e.z_min = std::min(e.z_min, p[2]);
    e.z_max = std::max(e.z_max, p[2]);
  }
  return e;
}

double surface_area(const vtkSmartPointer<vtkPolyData>& surface) {
  double area = 0;
  for_each_triangle(surface, [&](const Vec& a, const Vec& b, const Vec& c) {
    area += vtkTriangle::TriangleArea(a.data(), b.data(), c.data());
  });
  return area;
}

namespace {

// Greedy Poisson-disk selection: a point is kept unless a kept point lies
// closer than `radius`. Kept points are binned in cubes of edge `radius`, so
// each test looks at the 27 cubes around the point only.
class DiskSampler {
 public:
  explicit DiskSampler(double radius) : radius_(radius) {}

  void offer(const Vec& p) {
    const Cell c = cell_of(p);
    for (std::int64_t dx = -1; dx <= 1; ++dx)
      for (std::int64_t dy = -1; dy <= 1; ++dy)
        for (std::int64_t dz = -1; dz <= 1; ++dz) {
          const auto found = grid_.find({c.i + dx, c.j + dy, c.k + dz});
          if (found == grid_.end()) continue;
          for (const std::size_t n : found->second)
            if (norm(kept_[n] - p) < radius_) return;
        }
    grid_[c].push_back(kept_.size());
    kept_.push_back(p);
  }
  std::vector<Vec> take() { return std::move(kept_); }

 private:
  struct Cell {
    std::int64_t i, j, k;
    bool operator==(const Cell&) const = default;
  };
  struct CellHash {
    std::size_t operator()(const Cell& c) const {
      // Odd multipliers spread neighbouring cells over the buckets.
      return std::size_t(c.i * 0x9E3779B97F4A7C15ull ^ c.j * 0xC2B2AE3D27D4EB4Full ^ c.k * 0x165667B19E3779F9ull);
    }
  };
  Cell cell_of(const Vec& p) const {
    return {std::int64_t(std::floor(p[0] / radius_)), std::int64_t(std::floor(p[1] / radius_)),
            std::int64_t(std::floor(p[2] / radius_))};
  }

  double radius_;
  std::vector<Vec> kept_;
  std::unordered_map<Cell, std::vector<std::size_t>, CellHash> grid_;
};

// Candidates on one triangle, no surface point farther than `step` from one:
// rows parallel to the shortest edge, at most `step` apart along the other two
// edges, each row divided into pieces of at most `step`. (A point is within
// step/2 of the matching point on the nearest row, and that one within step/2
// of a candidate on the row.) The corners are candidates too.
template <class F>
void triangle_candidates(Vec a, Vec b, Vec c, double step, F&& offer) {
  // Apex opposite the shortest edge, so the rows run across the triangle's
  // narrow direction and a sliver costs few candidates.
  const double ab = norm(b - a), bc = norm(c - b), ca = norm(a - c);
  if (ca < bc && ca <= ab)
    std::swap(a, b);
  else if (ab < bc)
    std::swap(a, c);
  const int rows = std::max(1, static_cast<int>(std::ceil(std::max(norm(b - a), norm(c - a)) / step)));
  for (int i = 0; i <= rows; ++i) {
    const double u = double(i) / rows;
    const Vec p = lerp(a, b, u), q = lerp(a, c, u);
    const int pieces = static_cast<int>(std::ceil(norm(q - p) / step));
    if (pieces == 0) {
      offer(p);
      continue;
    }
    for (int j = 0; j <= pieces; ++j) offer(lerp(p, q, double(j) / pieces));
  }
}

}  // namespace

std::vector<std::array<double, 3>> sample_surface(const vtkSmartPointer<vtkPolyData>& surface, double spacing) {
  require(spacing > 0, "sample_surface: spacing must be positive");
  // Every surface point is within spacing/4 of a candidate and every candidate
  // within 0.7 spacing of a kept point, so within 0.95 spacing in all; kept
  // points are at least 0.7 spacing apart. A second sheet nearer than that to
  // the first finds its candidates already covered.
  DiskSampler sampler(0.7 * spacing);
  for_each_triangle(surface, [&](const Vec& a, const Vec& b, const Vec& c) {
    triangle_candidates(a, b, c, spacing / 4, [&](const Vec& p) { sampler.offer(p); });
  });
  return sampler.take();
}

vtkSmartPointer<vtkPolyData> placed_surface(const vtkSmartPointer<vtkPolyData>& surface, double angle,
                                            const std::array<double, 3>& offset) {
  vtkNew<vtkTransform> t;
  t->PostMultiply();
  t->RotateZ(angle * kDeg);
  t->Translate(offset[0], offset[1], offset[2]);
  return transformed(surface, t);
}

vtkSmartPointer<vtkPolyData> mirrored_surface(const vtkSmartPointer<vtkPolyData>& surface) {
  vtkNew<vtkTransform> t;
  t->Scale(1, -1, 1);
  // A reflection turns every triangle inside out; reversing the corner order
  // turns it back.
  vtkNew<vtkTransformPolyDataFilter> mirror;
  mirror->SetInputData(surface);
  mirror->SetTransform(t);
  mirror->SetOutputPointsPrecision(vtkAlgorithm::DOUBLE_PRECISION);
  vtkNew<vtkReverseSense> reverse;
  reverse->SetInputConnection(mirror->GetOutputPort());
  reverse->ReverseCellsOn();
  reverse->ReverseNormalsOn();
  reverse->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(reverse->GetOutput());
  return out;
}

}  // namespace stirlb
