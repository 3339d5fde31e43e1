#pragma once
// A stirred tank as the case file describes it, in SI units: vessel, shaft,
// impellers and the immersed-boundary settings that turn them.
#include <optional>
#include <string>
#include <variant>
#include <vector>
#include "meshes/impeller_surface.h"
#include "meshes/vessel.h"

namespace stirlb {

struct StlImpellerSpec {
  std::string file;    // resolved against the case file's folder
  double scale = 1.0;  // file units to m (1e-3 for mm)
};

using ImpellerShape = std::variant<RushtonSpec, PitchedBladeSpec, MarineSpec, StlImpellerSpec>;

struct ImpellerSpec {
  std::string type;        // as written: rushton, pitched_blade, marine, stl
  ImpellerShape shape;
  double clearance = 0;    // m, lowest point of the bottom to the impeller mid-plane
  double diameter = 0;     // m; for STL, measured from the surface
  // Axial extent of the built surface relative to the clearance plane (m),
  // measured from the surface itself, so that every fit check sees what the
  // run will see (an STL need not be centred on its origin).
  double extent_low = 0, extent_high = 0;
  int line = 0;            // where the case file defines it, for error messages
  double lowest() const { return clearance + extent_low; }
  double highest() const { return clearance + extent_high; }
  double height() const { return extent_high - extent_low; }
};

// The impeller's surface in its own frame (see meshes/impeller_surface.h).
vtkSmartPointer<vtkPolyData> impeller_surface(const ImpellerSpec& imp, double max_edge);

struct ShaftSpec {
  double diameter = 0;          // m
  double speed_rpm = 0;
  bool clockwise = false;       // seen from above
  double ramp_revolutions = 1;  // the speed rises linearly over this many revolutions
};

struct ImmersedBoundarySettings {
  int passes = 3;                // multi-direct forcing iterations per step
  double marker_spacing = 0.7;   // cells
};

struct TankSpec {
  VesselSpec vessel;
  ShaftSpec shaft;
  std::vector<ImpellerSpec> impellers;  // bottom to top
  ImmersedBoundarySettings ib;
  double impeller_diameter() const;     // the largest: resolution and Re refer to it
  double speed_rps() const { return shaft.speed_rpm / 60.0; }
};

}  // namespace stirlb
