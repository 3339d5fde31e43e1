#include "solver/rotor.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vtkAppendPolyData.h>
#include <vtkCylinderSource.h>
#include <vtkNew.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangleFilter.h>

#include "kernels/immersed_boundary_setup.h"

namespace stirlb {

namespace {

constexpr double kPi = std::numbers::pi;

}  // namespace

vtkSmartPointer<vtkPolyData> impeller_surface(const ImpellerSpec& imp, double max_edge) {
  return std::visit(
      [&](const auto& s) -> vtkSmartPointer<vtkPolyData> {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, RushtonSpec>) return rushton_surface(s, max_edge);
        if constexpr (std::is_same_v<T, PitchedBladeSpec>) return pitched_blade_surface(s, max_edge);
        if constexpr (std::is_same_v<T, MarineSpec>) return marine_surface(s, max_edge);
        if constexpr (std::is_same_v<T, StlImpellerSpec>) return read_stl_surface(s.file, s.scale);
      },
      imp.shape);
}

namespace {

vtkSmartPointer<vtkPolyData> shaft_surface(double diameter, double z_lo, double z_hi, double max_edge) {
  vtkNew<vtkCylinderSource> c;
  c->SetRadius(diameter / 2);
  c->SetHeight(z_hi - z_lo);
  c->SetResolution(std::max(16, int(std::ceil(kPi * diameter / max_edge))));
  c->SetCapping(true);
  vtkNew<vtkTransform> t;  // the source's axis is y; ours is z
  t->Translate(0, 0, 0.5 * (z_lo + z_hi));
  t->RotateX(90);
  vtkNew<vtkTransformPolyDataFilter> f;
  f->SetInputConnection(c->GetOutputPort());
  f->SetTransform(t);
  vtkNew<vtkTriangleFilter> tri;
  tri->SetInputConnection(f->GetOutputPort());
  tri->Update();
  vtkSmartPointer<vtkPolyData> out = vtkSmartPointer<vtkPolyData>::New();
  out->DeepCopy(tri->GetOutput());
  return out;
}

}  // namespace

std::vector<vtkSmartPointer<vtkPolyData>> rotor_parts(const TankSpec& tank, double dx) {
  std::vector<vtkSmartPointer<vtkPolyData>> parts;
  for (const ImpellerSpec& imp : tank.impellers) {
    vtkSmartPointer<vtkPolyData> s = impeller_surface(imp, dx);
    if (tank.shaft.clockwise) s = mirrored_surface(s);
    parts.push_back(placed_surface(s, 0.0, {0.0, 0.0, imp.clearance}));
  }
  // The shaft's top markers must keep their kernel inside the liquid layers.
  const double top = tank.vessel.liquid_height - dx;
  const double bottom = tank.impellers.front().clearance;
  if (top > bottom) parts.push_back(shaft_surface(tank.shaft.diameter, bottom, top, dx));
  return parts;
}

Rotor::Rotor(const TankSpec& tank, const FluidProperties& fluid, const LatticeUnits& units,
             const VesselLattice& vessel)
    : tank_(tank), fluid_(fluid), units_(units), axis_{vessel.axis_x, vessel.axis_y}, bottom_z_(vessel.bottom_z) {
  const double dx = units.dx;
  spacing_ = tank.ib.marker_spacing * dx;
  const auto parts = rotor_parts(tank, dx);
  vtkNew<vtkAppendPolyData> all;
  for (const auto& p : parts) all->AddInputData(p);
  all->Update();
  body_ = vtkSmartPointer<vtkPolyData>::New();
  body_->DeepCopy(all->GetOutput());

  // Markers in lattice units, body frame: x, y from the axis, z absolute.
  const float weight = float(tank.ib.marker_spacing * tank.ib.marker_spacing);
  std::vector<std::array<double, 2>> part_z;  // lattice z range of each part's markers
  std::vector<int> part_of;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    double lo = 1e300, hi = -1e300;
    std::vector<std::array<double, 3>> points = sample_surface(parts[k], spacing_);
    // Closed parts act 0.3 cells larger than their markers; open sheets (the
    // propeller's blades) have no inside to retract into.
    if (open_edges(parts[k]) == 0) retract_points(parts[k], points, kMarkerRetraction * dx);
    for (const auto& p : points) {
      const float z = float(bottom_z_ + p[2] / dx);
      markers_.push_back(IbMarker{float(p[0] / dx), float(p[1] / dx), z, weight, 0.f});
      part_of.push_back(int(k));
      lo = std::min(lo, double(z)), hi = std::max(hi, double(z));
    }
    part_z.push_back({lo, hi});
  }
  if (markers_.empty()) throw std::runtime_error("rotor: the impeller surfaces produced no markers");
  compute_marker_stiffness(markers_);

  // One box per impeller around its swept support; the shaft's boxes fill the
  // z gaps between them, so that boxes never overlap.
  const int n_imp = int(tank.impellers.size());
  std::vector<IndexBox> imp_boxes;
  for (int i = 0; i < n_imp; ++i) {
    std::vector<int> which;
    for (std::size_t k = 0; k < markers_.size(); ++k)
      if (part_of[k] == i) which.push_back(int(k));
    IndexBox b = swept_support_box(markers_, which, float(axis_[0]), float(axis_[1]));
    // Shaft markers at the impeller's height share its box.
    if (!imp_boxes.empty() && b.lo[2] < imp_boxes.back().hi[2]) {
      IndexBox& prev = imp_boxes.back();  // neighbours that touch merge into one box
      for (int a = 0; a < 3; ++a) prev.lo[a] = std::min(prev.lo[a], b.lo[a]), prev.hi[a] = std::max(prev.hi[a], b.hi[a]);
    } else {
      imp_boxes.push_back(b);
    }
  }
  if (int(parts.size()) > n_imp) {
    std::vector<int> shaft;
    for (std::size_t k = 0; k < markers_.size(); ++k)
      if (part_of[k] == n_imp) shaft.push_back(int(k));
    const IndexBox column = swept_support_box(markers_, shaft, float(axis_[0]), float(axis_[1]));
    int z = column.lo[2];
    std::vector<IndexBox> all_boxes;
    for (const IndexBox& b : imp_boxes) {
      if (z < b.lo[2]) {
        IndexBox s = column;
        s.lo[2] = z, s.hi[2] = b.lo[2];
        all_boxes.push_back(s);
      }
      all_boxes.push_back(b);
      z = std::max(z, b.hi[2]);
    }
    if (z < column.hi[2]) {
      IndexBox s = column;
      s.lo[2] = z;
      all_boxes.push_back(s);
    }
    imp_boxes = all_boxes;
  }
  const int dims[3] = {vessel.grid.nx, vessel.grid.ny, vessel.grid.nz};
  for (IndexBox& b : imp_boxes)
    for (int a = 0; a < 3; ++a) {
      if (b.lo[a] < 0 || b.hi[a] > dims[a])
        throw std::runtime_error("rotor: the impeller's kernel support leaves the lattice; it is too close to a "
                                 "vessel wall, the bottom or the liquid surface");
    }
  if (imp_boxes.size() > std::size_t(kMaxForceBoxes))
    throw std::runtime_error("rotor: more than " + std::to_string(kMaxForceBoxes / 2 - 1) +
                             " impellers on one shaft are not supported");
  boxes_ = imp_boxes;
}

double Rotor::full_omega() const { return 2 * kPi * tank_.speed_rps() * (tank_.shaft.clockwise ? -1 : 1); }

// The linear ramp to full speed takes 2 R / N seconds and covers R revolutions.
double Rotor::ramp_time() const { return 2 * tank_.shaft.ramp_revolutions / tank_.speed_rps(); }

double Rotor::omega(double t) const {
  const double full = full_omega(), ramp = ramp_time();
  return t < ramp ? full * t / ramp : full;
}

double Rotor::angle(double t) const {
  const double full = full_omega(), ramp = ramp_time();
  if (t < ramp) return 0.5 * full * t * t / ramp;
  return 0.5 * full * ramp + full * (t - ramp);
}

RotorPose Rotor::pose(double t) const {
  const double a = std::fmod(angle(t), 2 * kPi);
  RotorPose p;
  p.axis_x = float(axis_[0]);
  p.axis_y = float(axis_[1]);
  p.cos_angle = float(std::cos(a));
  p.sin_angle = float(std::sin(a));
  p.omega = float(omega(t) * units_.dt);
  return p;
}

RotorLoads Rotor::loads(const IbLoadSums& s, double t) const {
  RotorLoads r;
  r.time = t;
  const double w = omega(t);
  r.speed_rps = std::abs(w) / (2 * kPi);
  r.angle = angle(t);
  // Lattice force (density times volume) to newtons; torque takes one more dx.
  const double force_scale = double(units_.si.stress) * units_.dx * units_.dx;
  for (int a = 0; a < 3; ++a) r.force[a] = s.force[a] * force_scale;
  r.torque = s.torque_z * force_scale * units_.dx * (w < 0 ? -1 : 1);
  r.power = r.torque * std::abs(w);
  const double d = tank_.impeller_diameter();
  const double n3d5 = std::pow(r.speed_rps, 3) * std::pow(d, 5);
  r.power_number = n3d5 > 0 ? r.power / (fluid_.density * n3d5) : 0.0;
  const double tip = std::abs(w) * d / 2 * units_.dt / units_.dx;
  r.slip = tip > 0 ? s.slip_max / tip : 0.0;
  return r;
}

vtkSmartPointer<vtkPolyData> Rotor::surface(double t) const {
  return placed_surface(body_, std::fmod(angle(t), 2 * kPi), {0.0, 0.0, 0.0});
}

}  // namespace stirlb
