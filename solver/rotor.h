#pragma once
// The turning part of a tank, shaft and impellers, as immersed-boundary
// markers: where they are at each step, how fast they turn, and what their
// summed forces mean in SI (torque, power, power number).
#include <vector>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include "kernels/force_boxes.h"
#include "kernels/immersed_boundary.h"
#include "meshes/vessel.h"
#include "solver/tank_model.h"
#include "solver/units.h"

namespace stirlb {

struct RotorLoads {  // SI
  double time = 0;
  double speed_rps = 0;  // current speed, during the ramp below the set one
  double angle = 0;      // rad, accumulated
  double torque = 0;     // N m the motor supplies about the axis (positive when driving)
  double power = 0;      // W = torque * omega
  double power_number = 0;  // P / (rho N^3 D^5) at the current speed
  double force[3] = {0, 0, 0};  // N on the fluid
  double slip = 0;       // largest |u_body - u| at a marker before the last pass, fraction of the tip speed
};

class Rotor {
 public:
  Rotor(const TankSpec& tank, const FluidProperties& fluid, const LatticeUnits& units, const VesselLattice& vessel);

  const std::vector<IbMarker>& markers() const { return markers_; }
  const std::vector<IndexBox>& boxes() const { return boxes_; }
  int passes() const { return tank_.ib.passes; }
  double marker_spacing() const { return spacing_; }  // m

  // Signed angular speed (rad/s, positive counter-clockwise seen from above)
  // and angle at time t: a linear ramp over ramp_revolutions, then constant.
  double omega(double t) const;
  double angle(double t) const;
  RotorPose pose(double t) const;
  RotorLoads loads(const IbLoadSums& sums, double t) const;

  // Surface in the output frame (origin on the axis at the lowest point of the
  // bottom, m), turned to its angle at time t.
  vtkSmartPointer<vtkPolyData> surface(double t) const;
  // The same at angle 0 (beads collide with it in its own frame).
  vtkPolyData* body() const { return body_; }

 private:
  double full_omega() const;  // signed, rad/s
  double ramp_time() const;   // s; 0 without a ramp

  TankSpec tank_;
  FluidProperties fluid_;
  LatticeUnits units_;
  double axis_[2], bottom_z_;
  double spacing_ = 0;
  vtkSmartPointer<vtkPolyData> body_;  // angle 0, output frame
  std::vector<IbMarker> markers_;
  std::vector<IndexBox> boxes_;
};

// Every impeller and the shaft at angle 0, in the output frame: impellers at
// their clearance, mirrored for clockwise rotation; the shaft from the lowest
// impeller to just below the liquid surface.
std::vector<vtkSmartPointer<vtkPolyData>> rotor_parts(const TankSpec& tank, double dx);

}  // namespace stirlb
