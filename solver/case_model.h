#pragma once
// A case as the user wrote it, in SI units, after parsing and validation.
// Nothing here is in lattice units; solver/units.h does that conversion.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "kernels/lattice_backend.h"
#include "solver/blend_model.h"
#include "solver/microcarrier_model.h"
#include "solver/scale_up_model.h"
#include "solver/shear_damage_model.h"
#include "solver/tank_model.h"

namespace stirlb {

enum class FaceType { Wall, MovingWall, FreeSlip, Periodic };

// Faces in the order x_min, x_max, y_min, y_max, z_min, z_max.
enum Face : int { kXMin = 0, kXMax, kYMin, kYMax, kZMin, kZMax, kFaceCount };
const char* face_name(Face f);  // "x_min", ...

struct FaceBoundary {
  FaceType type = FaceType::Wall;
  std::array<double, 3> velocity{0.0, 0.0, 0.0};  // m/s, moving walls only
};

struct BoxDomain {
  std::array<double, 3> size{0.0, 0.0, 0.0};  // m, fluid extent between the walls
  std::array<FaceBoundary, kFaceCount> faces{};
};

struct FluidProperties {
  double density = 1000.0;              // kg/m^3
  double kinematic_viscosity = 1.0e-6;  // m^2/s (the parser also accepts dynamic viscosity)
  double dynamic_viscosity() const { return density * kinematic_viscosity; }
};

struct FlowScales {
  double reference_length = 0.0;    // m: resolution counts cells across it; Re uses it
  double reference_velocity = 0.0;  // m/s: mapped to numerics.lattice_velocity; Re uses it
  std::array<double, 3> body_acceleration{0.0, 0.0, 0.0};  // m/s^2, force per unit mass
};

enum class InitialKind { Rest, Uniform, TaylorGreen };

struct InitialState {
  InitialKind kind = InitialKind::Rest;
  std::array<double, 3> velocity{0.0, 0.0, 0.0};  // m/s, Uniform
  // TaylorGreen: u = U sin(kx x) cos(ky y), v = -U cos(kx x) sin(ky y), one
  // wavelength across the box in x and y; U is `amplitude` in m/s.
  double amplitude = 0.0;
};

struct Numerics {
  int resolution = 0;  // cells across flow.reference_length
  Stencil stencil = Stencil::D3Q19;
  CollisionOperator collision = CollisionOperator::Regularized;
  bool les = true;
  double smagorinsky_constant = 0.12;
  Precision precision = Precision::FP32;
  double lattice_velocity = 0.05;  // lattice speed of flow.reference_velocity
};

struct RunControl {
  std::optional<double> end_time;       // s
  std::optional<std::int64_t> steps;    // exactly one of end_time and steps is set
  double output_interval = 0.0;         // s; 0 writes only the final state
  // Tanks: statistics (Np, time-averaged fields) over the last this many
  // revolutions of the run; 0 switches averaging off.
  double averaging_revolutions = 0.0;
};

// Short field names users may list in [output] fields.
const std::vector<std::string>& known_output_fields();

struct OutputSpec {
  std::vector<std::string> fields;  // empty: every known field
};

struct CaseModel {
  std::string source;  // file the case came from ("" when built in code)
  std::string name;
  std::string description;
  // A case is either a box ([domain], [boundaries], [flow]) or a stirred
  // tank ([vessel], [shaft], [[impeller]]); for a tank, flow holds the
  // impeller diameter and tip speed and domain is unused.
  std::optional<TankSpec> tank;
  BoxDomain domain;
  FluidProperties fluid;
  FlowScales flow;
  InitialState initial;
  Numerics numerics;
  RunControl run;
  OutputSpec output;
  std::optional<MicrocarrierSpec> microcarriers;  // [microcarriers]: absent runs the fluid alone
  std::optional<HotspotSpec> hotspots;            // [hotspots]: absent marks no hotspots
  DamageSpec damage;                              // [[damage.model]]: needs microcarriers
  std::optional<ScaleUpProvenance> scale_up;      // [scale_up]: written by `stirlb scale`, echoed in summary.json
  std::optional<BlendSpec> blend;                 // [blend]: a tracer pulse and the blend time
};

}  // namespace stirlb
