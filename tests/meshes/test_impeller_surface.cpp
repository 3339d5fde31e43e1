#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <vtkAppendPolyData.h>
#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkCleanPolyData.h>
#include <vtkCubeSource.h>
#include <vtkFeatureEdges.h>
#include <vtkNew.h>
#include <vtkPlaneSource.h>
#include <vtkPoints.h>
#include <vtkSTLWriter.h>
#include <vtkTriangleFilter.h>

#include "../postproc/temp_dir.h"
#include "meshes/impeller_surface.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using Vec = std::array<double, 3>;
using Surface = vtkSmartPointer<vtkPolyData>;
constexpr double kPi = std::numbers::pi;

// Standard Rushton turbine (Rushton 1950): D/4 x D/5 blades, disk 3D/4.
RushtonSpec standard_rushton(double d = 0.1) {
  RushtonSpec s;
  s.diameter = d;
  s.blades = 6;
  s.blade_length = d / 4;
  s.blade_height = d / 5;
  s.blade_thickness = 0.02 * d;
  s.disk_diameter = 0.75 * d;
  s.disk_thickness = 0.02 * d;
  return s;
}

PitchedBladeSpec pbt(bool down) {
  PitchedBladeSpec s;
  s.diameter = 0.1;
  s.blades = 4;
  s.angle_deg = 45;
  s.blade_width = 0.02;
  s.blade_thickness = 0.002;
  s.pumping_down = down;
  return s;
}

MarineSpec marine(bool down) {
  MarineSpec s;
  s.diameter = 0.1;
  s.blades = 3;
  s.pitch_ratio = 1.0;
  s.hub_diameter = 0.02;
  s.blade_area_ratio = 0.5;
  s.pumping_down = down;
  return s;
}

Vec sub(const Vec& a, const Vec& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
Vec cross(const Vec& a, const Vec& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec& a, const Vec& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double dist(const Vec& a, const Vec& b) { return std::sqrt(dot(sub(a, b), sub(a, b))); }

std::vector<std::array<Vec, 3>> triangles(const Surface& s) {
  std::vector<std::array<Vec, 3>> out;
  auto it = vtk::TakeSmartPointer(s->GetPolys()->NewIterator());
  for (it->GoToFirstCell(); !it->IsDoneWithTraversal(); it->GoToNextCell()) {
    vtkIdType n;
    const vtkIdType* ids;
    it->GetCurrentCell(n, ids);
    EXPECT_EQ(n, 3) << "surfaces must be triangulated";
    std::array<Vec, 3> t;
    for (int k = 0; k < 3; ++k) s->GetPoint(ids[k], t[k].data());
    out.push_back(t);
  }
  return out;
}

std::vector<Vec> vertices(const Surface& s) {
  std::vector<Vec> out(s->GetNumberOfPoints());
  for (vtkIdType i = 0; i < s->GetNumberOfPoints(); ++i) s->GetPoint(i, out[i].data());
  return out;
}

// Enclosed volume by the divergence theorem: positive when every closed part
// has its triangles ordered with outward normals.
double signed_volume(const Surface& s) {
  double v = 0;
  for (const auto& t : triangles(s)) v += dot(t[0], cross(t[1], t[2])) / 6;
  return v;
}

vtkIdType open_edges(const Surface& s) {
  vtkNew<vtkFeatureEdges> e;
  e->SetInputData(s);
  e->BoundaryEdgesOn();
  e->NonManifoldEdgesOn();
  e->FeatureEdgesOff();
  e->ManifoldEdgesOff();
  e->Update();
  return e->GetOutput()->GetNumberOfLines();
}

double closed_cylinder_area(double d, double h) { return kPi * d * d / 2 + kPi * d * h; }
double box_area(double a, double b, double c) { return 2 * (a * b + b * c + c * a); }

double min_pair_distance(const std::vector<Vec>& p) {
  double m = INFINITY;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j) m = std::min(m, dist(p[i], p[j]));
  return m;
}

double distance_to_nearest(const Vec& q, const std::vector<Vec>& p) {
  double m = INFINITY;
  for (const auto& x : p) m = std::min(m, dist(q, x));
  return m;
}

// --- Rushton turbine -------------------------------------------------------

TEST(RushtonSurface, ExtentIsTipRadiusAndBladeHeight) {
  const RushtonSpec s = standard_rushton();
  const SurfaceExtent e = surface_extent(rushton_surface(s, 0.005));
  // The blades' outer faces sit at D/2; their corners reach sqrt((D/2)^2 + (t/2)^2).
  const double corner = std::hypot(s.diameter / 2, s.blade_thickness / 2);
  EXPECT_NEAR(e.radius, corner, 1e-9 * corner);
  EXPECT_NEAR(e.z_min, -s.blade_height / 2, 1e-12);
  EXPECT_NEAR(e.z_max, s.blade_height / 2, 1e-12);
}

TEST(RushtonSurface, AreaAndVolumeMatchTheParts) {
  const RushtonSpec s = standard_rushton();
  const Surface surf = rushton_surface(s, 0.005);
  // Parts overlap (blades pass through the disk) and are not merged, so the
  // total is the sum of the closed parts; 1 % covers the polygonal disk.
  const double area = closed_cylinder_area(s.disk_diameter, s.disk_thickness) +
                      s.blades * box_area(s.blade_length, s.blade_height, s.blade_thickness);
  EXPECT_NEAR(surface_area(surf), area, 0.01 * area);
  const double volume = kPi * s.disk_diameter * s.disk_diameter / 4 * s.disk_thickness +
                        s.blades * s.blade_length * s.blade_height * s.blade_thickness;
  EXPECT_NEAR(signed_volume(surf), volume, 0.01 * volume) << "parts must be closed with outward normals";
  EXPECT_EQ(open_edges(surf), 0);
}

TEST(RushtonSurface, BladesEvenlySpacedFromPlusX) {
  const RushtonSpec s = standard_rushton();
  int blade_points = 0;
  for (const Vec& p : vertices(rushton_surface(s, 0.005))) {
    if (std::hypot(p[0], p[1]) <= s.disk_diameter / 2 * 1.0001) continue;
    ++blade_points;
    // Distance of the point from the nearest blade's mid-plane.
    double nearest = INFINITY;
    for (int k = 0; k < s.blades; ++k) {
      const double a = 2 * kPi * k / s.blades;
      if (p[0] * std::cos(a) + p[1] * std::sin(a) > 0)
        nearest = std::min(nearest, std::abs(-p[0] * std::sin(a) + p[1] * std::cos(a)));
    }
    EXPECT_NEAR(nearest, s.blade_thickness / 2, 1e-12);
  }
  EXPECT_EQ(blade_points, 6 * 4);  // outer four corners of each blade
}

TEST(RushtonSurface, HubAddsAClosedCylinder) {
  RushtonSpec s = standard_rushton();
  // Fine enough that the 1 % covers the hub's polygonal caps too.
  const double without = surface_area(rushton_surface(s, 0.001));
  s.hub_diameter = 0.02;
  const Surface surf = rushton_surface(s, 0.001);
  const double hub = closed_cylinder_area(s.hub_diameter, s.blade_height);
  EXPECT_NEAR(surface_area(surf) - without, hub, 0.01 * hub);
  EXPECT_EQ(open_edges(surf), 0);
}

TEST(RushtonSurface, CylinderResolutionFollowsMaxEdge) {
  const RushtonSpec s = standard_rushton();
  // Coarse: the 16-gon floor; fine: a 1 mm edge on the 75 mm disk.
  const Surface coarse = rushton_surface(s, 1.0), fine = rushton_surface(s, 0.001);
  EXPECT_LT(coarse->GetNumberOfPoints(), fine->GetNumberOfPoints());
  const double area = closed_cylinder_area(s.disk_diameter, s.disk_thickness) +
                      s.blades * box_area(s.blade_length, s.blade_height, s.blade_thickness);
  EXPECT_NEAR(surface_area(fine), area, 1e-4 * area);
}

TEST(RushtonSurface, RejectsImpossibleDimensions) {
  RushtonSpec s = standard_rushton();
  s.blade_length = 0.06;  // longer than the radius
  EXPECT_THROW(rushton_surface(s, 0.005), std::invalid_argument);
  EXPECT_THROW(rushton_surface(standard_rushton(), 0.0), std::invalid_argument);
}

// --- Pitched-blade turbine -------------------------------------------------

// Mean z of the vertices of the +x blade on its +y (leading) and -y sides.
std::pair<double, double> leading_and_trailing_z(const Surface& surf) {
  double lead = 0, trail = 0;
  int n_lead = 0, n_trail = 0;
  for (const Vec& p : vertices(surf)) {
    if (p[0] <= 0 || std::abs(p[1]) >= p[0]) continue;  // within 45 degrees of +x
    if (p[1] > 0) {
      lead += p[2];
      ++n_lead;
    } else {
      trail += p[2];
      ++n_trail;
    }
  }
  EXPECT_EQ(n_lead, 4);
  EXPECT_EQ(n_trail, 4);
  return {lead / n_lead, trail / n_trail};
}

TEST(PitchedBladeSurface, LeadingEdgeIsHigherWhenPumpingDown) {
  const auto [lead, trail] = leading_and_trailing_z(pitched_blade_surface(pbt(true), 0.005));
  // 45 degrees: the edges differ in height by the blade width times sin 45.
  EXPECT_NEAR(lead - trail, 0.02 * std::sin(kPi / 4), 1e-9);
}

TEST(PitchedBladeSurface, LeadingEdgeIsLowerWhenPumpingUp) {
  const auto [lead, trail] = leading_and_trailing_z(pitched_blade_surface(pbt(false), 0.005));
  EXPECT_NEAR(lead - trail, -0.02 * std::sin(kPi / 4), 1e-9);
}

TEST(PitchedBladeSurface, BladesAreClosedAndCentredOnTheMidPlane) {
  const PitchedBladeSpec s = pbt(true);
  const Surface surf = pitched_blade_surface(s, 0.005);
  const double a = kPi / 4;
  const double half_height = (s.blade_width * std::sin(a) + s.blade_thickness * std::cos(a)) / 2;
  const SurfaceExtent e = surface_extent(surf);
  EXPECT_NEAR(e.z_max, half_height, 1e-12);
  EXPECT_NEAR(e.z_min, -half_height, 1e-12);
  // Without a hub the blades start at D/10.
  const double volume = s.blades * (s.diameter / 2 - s.diameter / 10) * s.blade_width * s.blade_thickness;
  EXPECT_NEAR(signed_volume(surf), volume, 1e-9 * volume);
  EXPECT_EQ(open_edges(surf), 0);
}

TEST(PitchedBladeSurface, HubSpansTheBlades) {
  PitchedBladeSpec s = pbt(true);
  s.hub_diameter = 0.02;
  const Surface surf = pitched_blade_surface(s, 0.005);
  const double blade_extent = s.blade_width * std::sin(kPi / 4) + s.blade_thickness * std::cos(kPi / 4);
  const double blades = s.blades * box_area(s.diameter / 2 - s.hub_diameter / 2, s.blade_width, s.blade_thickness);
  const double hub = closed_cylinder_area(s.hub_diameter, blade_extent);
  EXPECT_NEAR(surface_area(surf), blades + hub, 0.01 * (blades + hub));
  EXPECT_EQ(open_edges(surf), 0);
}

// --- Marine propeller ------------------------------------------------------

// Triangles of the blades: the hub's triangles have every corner on the hub
// radius, a blade triangle always has one further out.
std::vector<std::array<Vec, 3>> blade_triangles(const Surface& surf, double hub_radius) {
  std::vector<std::array<Vec, 3>> out;
  for (const auto& t : triangles(surf))
    if (std::any_of(t.begin(), t.end(), [&](const Vec& p) { return std::hypot(p[0], p[1]) > hub_radius * (1 + 1e-6); }))
      out.push_back(t);
  return out;
}

TEST(MarineSurface, ProjectedBladeAreaMatchesTheAreaRatio) {
  const MarineSpec s = marine(true);
  const Surface surf = marine_surface(s, 0.002);
  double projected = 0;
  for (const auto& t : blade_triangles(surf, s.hub_diameter / 2))
    projected += std::abs(cross(sub(t[1], t[0]), sub(t[2], t[0]))[2]) / 2;
  const double ratio = projected / (kPi * s.diameter * s.diameter / 4);
  EXPECT_NEAR(ratio, s.blade_area_ratio, 0.1 * s.blade_area_ratio);
  EXPECT_NEAR(surface_extent(surf).radius, s.diameter / 2, 0.02 * s.diameter / 2);
}

// Every blade point lies on the helicoid z = p (theta - theta_blade) / 2 pi,
// rising with theta (ahead in the turning direction) when pumping down.
void expect_helicoid(const MarineSpec& s, double sign) {
  const Surface surf = marine_surface(s, 0.002);
  const double pitch = s.pitch_ratio * s.diameter;
  double z_min = INFINITY, z_max = -INFINITY;
  int n = 0;
  for (const Vec& p : vertices(surf)) {
    if (std::hypot(p[0], p[1]) <= s.hub_diameter / 2 * (1 + 1e-6)) continue;
    const double theta = std::atan2(p[1], p[0]);
    // Angle from the nearest blade's centre line (blades at 0, 120, 240 deg).
    const double step = 2 * kPi / s.blades;
    const double from_centre = theta - step * std::round(theta / step);
    EXPECT_NEAR(p[2], sign * pitch * from_centre / (2 * kPi), 1e-12);
    z_min = std::min(z_min, p[2]);
    z_max = std::max(z_max, p[2]);
    ++n;
  }
  EXPECT_GT(n, 100);
  EXPECT_NEAR(z_max, -z_min, 1e-12) << "blades centred on the mid-plane";
}

TEST(MarineSurface, BladesAreHelicoidsRisingAheadWhenPumpingDown) { expect_helicoid(marine(true), +1); }
TEST(MarineSurface, BladesFallAheadWhenPumpingUp) { expect_helicoid(marine(false), -1); }

TEST(MarineSurface, HubIsClosedAndBladesAreOpenSheets) {
  const MarineSpec s = marine(true);
  const Surface surf = marine_surface(s, 0.002);
  const SurfaceExtent e = surface_extent(surf);
  EXPECT_NEAR(e.z_max, 0.15 * s.diameter, 1e-12);
  EXPECT_NEAR(e.z_min, -0.15 * s.diameter, 1e-12);
  // Hub: about its analytic area; blades: open, so boundary edges exist.
  double hub_area = 0;
  const auto blades = blade_triangles(surf, s.hub_diameter / 2);
  for (const auto& t : triangles(surf)) hub_area += dist({0, 0, 0}, cross(sub(t[1], t[0]), sub(t[2], t[0]))) / 2;
  for (const auto& t : blades) hub_area -= dist({0, 0, 0}, cross(sub(t[1], t[0]), sub(t[2], t[0]))) / 2;
  const double hub = closed_cylinder_area(s.hub_diameter, 0.3 * s.diameter);
  EXPECT_NEAR(hub_area, hub, 0.01 * hub);
  EXPECT_GT(open_edges(surf), 0);
}

TEST(MarineSurface, RejectsOverlappingBlades) {
  MarineSpec s = marine(true);
  s.blade_area_ratio = 1.5;
  EXPECT_THROW(marine_surface(s, 0.002), std::invalid_argument);
}

// --- Sampling --------------------------------------------------------------

TEST(SampleSurface, SpacedAndCovering) {
  const Surface surf = rushton_surface(standard_rushton(), 0.005);
  const double spacing = 0.004;
  std::vector<Vec> samples = sample_surface(surf, spacing);
  ASSERT_GT(samples.size(), 100u);
  EXPECT_GE(min_pair_distance(samples), 0.5 * spacing);
  for (const Vec& v : vertices(surf)) EXPECT_LE(distance_to_nearest(v, samples), spacing);
  // Random points on the triangles, not only their corners.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uni(0, 1);
  const auto tris = triangles(surf);
  double worst = 0;
  for (int n = 0; n < 2000; ++n) {
    const auto& t = tris[rng() % tris.size()];
    double a = uni(rng), b = uni(rng);
    if (a + b > 1) a = 1 - a, b = 1 - b;
    Vec q;
    for (int k = 0; k < 3; ++k) q[k] = t[0][k] + a * (t[1][k] - t[0][k]) + b * (t[2][k] - t[0][k]);
    worst = std::max(worst, distance_to_nearest(q, samples));
  }
  EXPECT_LE(worst, spacing);
}

// A square sheet of side `side` at height z.
Surface sheet(double side, double z) {
  vtkNew<vtkPlaneSource> plane;
  plane->SetOrigin(0, 0, z);
  plane->SetPoint1(side, 0, z);
  plane->SetPoint2(0, side, z);
  plane->SetResolution(7, 5);
  vtkNew<vtkTriangleFilter> tri;
  tri->SetInputConnection(plane->GetOutputPort());
  tri->Update();
  Surface s = Surface::New();
  s->DeepCopy(tri->GetOutput());
  return s;
}

TEST(SampleSurface, SheetsCloserThanTheSpacingShareOneLayer) {
  const double spacing = 0.01, side = 20 * spacing;
  const std::size_t one = sample_surface(sheet(side, 0), spacing).size();
  vtkNew<vtkAppendPolyData> both;
  both->AddInputData(sheet(side, 0));
  both->AddInputData(sheet(side, 0.3 * spacing));
  both->Update();
  const std::size_t two = sample_surface(both->GetOutput(), spacing).size();
  EXPECT_NEAR(double(two) / double(one), 1.0, 0.2) << one << " points on one sheet, " << two << " on two";
  // A single sheet gets about one point per (0.7 spacing)^2 or so.
  EXPECT_GT(one, 0.5 * side * side / (spacing * spacing));
}

TEST(SampleSurface, Deterministic) {
  const Surface surf = marine_surface(marine(true), 0.004);
  EXPECT_EQ(sample_surface(surf, 0.003), sample_surface(surf, 0.003));
}

// --- STL files -------------------------------------------------------------

TEST(StlSurface, RoundTripKeepsAreaAndIsWatertight) {
  TempDir dir;
  const Surface surf = rushton_surface(standard_rushton(), 0.005);
  const std::string path = (dir.path() / "rushton.stl").string();
  write_stl_surface(surf, path);
  // Written through a temporary that is gone afterwards.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  const Surface back = read_stl_surface(path, 1.0);
  EXPECT_NEAR(surface_area(back), surface_area(surf), 1e-5 * surface_area(surf));
  EXPECT_EQ(back->GetNumberOfPolys(), surf->GetNumberOfPolys());
  // A file in millimetres read with scale 1e-3 gives metres.
  const Surface mm = read_stl_surface(path, 1e-3);
  EXPECT_NEAR(surface_area(mm), 1e-6 * surface_area(surf), 1e-5 * 1e-6 * surface_area(surf));
}

TEST(StlSurface, RejectsAnOpenSurface) {
  TempDir dir;
  vtkNew<vtkCubeSource> cube;
  vtkNew<vtkTriangleFilter> tri;
  tri->SetInputConnection(cube->GetOutputPort());
  vtkNew<vtkCleanPolyData> merged;
  merged->SetInputConnection(tri->GetOutputPort());
  merged->Update();
  // The cube less one triangle: three edges lose their second triangle.
  Surface holed = Surface::New();
  holed->SetPoints(merged->GetOutput()->GetPoints());
  vtkNew<vtkCellArray> polys;
  auto it = vtk::TakeSmartPointer(merged->GetOutput()->GetPolys()->NewIterator());
  for (it->GoToFirstCell(), it->GoToNextCell(); !it->IsDoneWithTraversal(); it->GoToNextCell())
    polys->InsertNextCell(it->GetCurrentCell());
  holed->SetPolys(polys);
  ASSERT_EQ(holed->GetNumberOfPolys(), 11);
  const std::string path = (dir.path() / "holed.stl").string();
  vtkNew<vtkSTLWriter> writer;
  writer->SetInputData(holed);
  writer->SetFileName(path.c_str());
  ASSERT_EQ(writer->Write(), 1);
  try {
    read_stl_surface(path, 1.0);
    FAIL() << "an open surface was accepted";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(path), std::string::npos) << m;
    EXPECT_NE(m.find("not watertight: 3 open"), std::string::npos) << m;
  }
}

TEST(StlSurface, MissingFileNamesThePath) {
  TempDir dir;
  const std::string path = (dir.path() / "nope.stl").string();
  try {
    read_stl_surface(path, 1.0);
    FAIL() << "a missing file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(StlSurface, EmptyAndGarbageFilesAreRefused) {
  TempDir dir;
  const auto path_of = [&](const char* name, const std::string& content) {
    const std::string p = (dir.path() / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  };
  for (const std::string& p : {path_of("empty.stl", "solid nothing\nendsolid nothing\n"),
                               path_of("garbage.stl", "not an stl file at all")}) {
    try {
      read_stl_surface(p, 1.0);
      ADD_FAILURE() << p << " was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(p + ": ", 0), 0u) << e.what();
    }
  }
}

TEST(StlSurface, ReferenceRushtonMatchesTheGenerator) {
  // The shipped file is in millimetres; see meshes/reference/README.md.
  const Surface file = read_stl_surface(STIRLB_MESH_REFERENCE "/rushton_standard_d100mm.stl", 1e-3);
  const Surface built = rushton_surface(standard_rushton(0.1), 0.005);
  EXPECT_EQ(file->GetNumberOfPolys(), built->GetNumberOfPolys());
  EXPECT_NEAR(surface_area(file), surface_area(built), 1e-5 * surface_area(built));
  const SurfaceExtent f = surface_extent(file), b = surface_extent(built);
  EXPECT_NEAR(f.radius, b.radius, 1e-6 * b.radius);
  EXPECT_NEAR(f.z_min, b.z_min, 1e-8);
  EXPECT_NEAR(f.z_max, b.z_max, 1e-8);
}

// --- Placement and mirroring -----------------------------------------------

TEST(PlacedSurface, RotatesAboutZThenShifts) {
  const Surface surf = rushton_surface(standard_rushton(), 0.005);
  const Vec offset{0.5, -0.25, 0.3};
  const Surface placed = placed_surface(surf, kPi / 2, offset);
  ASSERT_EQ(placed->GetNumberOfPoints(), surf->GetNumberOfPoints());
  for (vtkIdType i = 0; i < surf->GetNumberOfPoints(); ++i) {
    Vec p, q;
    surf->GetPoint(i, p.data());
    placed->GetPoint(i, q.data());
    EXPECT_NEAR(q[0], -p[1] + offset[0], 1e-12);
    EXPECT_NEAR(q[1], p[0] + offset[1], 1e-12);
    EXPECT_NEAR(q[2], p[2] + offset[2], 1e-12);
  }
  EXPECT_NEAR(surface_area(placed), surface_area(surf), 1e-12);
  EXPECT_NE(placed->GetPolys(), surf->GetPolys()) << "a copy, not shared cells";
}

TEST(MirroredSurface, FlipsYAndKeepsNormalsOutward) {
  const Surface surf = pitched_blade_surface(pbt(true), 0.005);
  const Surface mirrored = mirrored_surface(surf);
  double b[6], m[6];
  surf->GetBounds(b);
  mirrored->GetBounds(m);
  EXPECT_NEAR(m[2], -b[3], 1e-12);
  EXPECT_NEAR(m[3], -b[2], 1e-12);
  EXPECT_NEAR(surface_area(mirrored), surface_area(surf), 1e-12);
  EXPECT_NEAR(signed_volume(mirrored), signed_volume(surf), 1e-12);
  EXPECT_GT(signed_volume(mirrored), 0);
  // Mirrored, a down-pumping turbine pumps down for clockwise rotation: the
  // +x blade now leads with its -y edge, which is the higher one.
  const auto [plus_y, minus_y] = leading_and_trailing_z(mirrored);
  EXPECT_LT(plus_y, minus_y);
}

}  // namespace
}  // namespace stirlb
