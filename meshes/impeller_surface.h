#pragma once
// Impeller surfaces as triangle meshes, in SI units and in the impeller's own
// frame: the shaft axis is +z, the origin is on the axis at the impeller's
// mid-plane (the disk mid-plane of a Rushton turbine, the blade mid-height of
// a pitched-blade turbine or propeller). Every generator builds the impeller
// for counter-clockwise rotation seen from above (angular velocity along +z);
// the solver mirrors it (y -> -y) for clockwise rotation.
#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

namespace stirlb {

struct RushtonSpec {
  double diameter = 0;         // m, tip to tip
  int blades = 6;
  double blade_length = 0;     // m, radial extent; blades end at diameter/2
  double blade_height = 0;     // m, axial extent, centred on the disk
  double blade_thickness = 0;  // m
  double disk_diameter = 0;    // m
  double disk_thickness = 0;   // m
  double hub_diameter = 0;     // m, 0: no hub
};

struct PitchedBladeSpec {
  double diameter = 0;         // m, tip to tip
  int blades = 4;
  double angle_deg = 45;       // blade pitch from the horizontal plane
  double blade_width = 0;      // m, measured in the blade's own plane
  double blade_thickness = 0;  // m
  bool pumping_down = true;    // for counter-clockwise rotation seen from above
  double hub_diameter = 0;     // m; blades start at the hub
};

struct MarineSpec {
  double diameter = 0;       // m
  int blades = 3;
  double pitch_ratio = 1.0;  // pitch / diameter
  double hub_diameter = 0;   // m
  double blade_area_ratio = 0.5;  // projected blade area / swept disk area
  bool pumping_down = true;
};

// Each returns a triangulated surface, closed where the part has volume. A
// marine propeller's blades are zero-thickness helicoidal sheets. `max_edge`
// bounds the triangle edge length so curved parts are resolved (m).
vtkSmartPointer<vtkPolyData> rushton_surface(const RushtonSpec& s, double max_edge);
vtkSmartPointer<vtkPolyData> pitched_blade_surface(const PitchedBladeSpec& s, double max_edge);
vtkSmartPointer<vtkPolyData> marine_surface(const MarineSpec& s, double max_edge);

// Reads an STL file, scales it by `scale` (e.g. 1e-3 for a file in mm) and
// checks it. Throws std::runtime_error whose message names the file and the
// reason: unreadable, empty, or not watertight (with the count of open or
// non-manifold edges).
vtkSmartPointer<vtkPolyData> read_stl_surface(const std::string& path, double scale);
// Binary STL, written through a temporary file and a rename.
void write_stl_surface(const vtkSmartPointer<vtkPolyData>& surface, const std::string& path);

// Radius of the cylinder the surface sweeps, and its axial extent (m).
struct SurfaceExtent {
  double radius = 0;
  double z_min = 0, z_max = 0;
};
SurfaceExtent surface_extent(const vtkSmartPointer<vtkPolyData>& surface);

double surface_area(const vtkSmartPointer<vtkPolyData>& surface);

// Points that cover the surface with a nearly uniform spacing: no two closer
// than 0.5 * spacing, and every surface point within `spacing` of one. Where
// two sheets lie closer than the spacing (both faces of a blade thinner than
// a cell), they share one layer of points. Deterministic: the same surface
// and spacing give the same points in the same order.
std::vector<std::array<double, 3>> sample_surface(const vtkSmartPointer<vtkPolyData>& surface, double spacing);

// Open or non-manifold edges: 0 for a closed (watertight) surface.
std::int64_t open_edges(const vtkSmartPointer<vtkPolyData>& surface);

// Moves each point `distance` (m) inward along the normal of the nearest
// triangle; for markers of a closed surface (see kMarkerRetraction).
void retract_points(const vtkSmartPointer<vtkPolyData>& surface, std::vector<std::array<double, 3>>& points,
                    double distance);

// Rotation about +z by `angle` (rad) and a shift, for output of the turning impeller.
vtkSmartPointer<vtkPolyData> placed_surface(const vtkSmartPointer<vtkPolyData>& surface, double angle,
                                            const std::array<double, 3>& offset);
// y -> -y with the triangle order flipped so normals stay outward.
vtkSmartPointer<vtkPolyData> mirrored_surface(const vtkSmartPointer<vtkPolyData>& surface);

}  // namespace stirlb
