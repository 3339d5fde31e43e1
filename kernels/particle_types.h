#pragma once
// Microcarrier parcels and what the particle kernels need to move them, in
// lattice units (length dx, time dt). Trivially copyable so that they travel
// to the device by value or in plain arrays.
#include <cstdint>
#include "damage_laws.h"
#include "hd.h"

namespace stirlb {

// Per-cell fluid quantities the particle kernels sample, written by the
// lattice step (structure of arrays over the backend's local grid, ghosts
// filled by a halo exchange): velocity (half-force corrected), shear rate
// sqrt(2 S:S) and total (molecular + eddy) kinematic viscosity. Zero in solid
// cells.
enum ParticleFieldComponent : int {
  kFluidUx = 0,
  kFluidUy,
  kFluidUz,
  kFluidShearRate,
  kFluidViscosity,
  kParticleFieldComponents
};

// Bead state bits.
enum BeadState : std::uint32_t {
  kBeadReleased = 1u,       // moving; before its release time a bead waits where it was seeded
  kBeadBottomContact = 2u,  // touched an upward-facing static wall during the last step
  kBeadLeftBlock = 4u,      // its cell belongs to another rank now (set by the step, cleared on migration)
};

// One computational parcel: the motion of one bead, standing for `weight`
// real beads in the statistics. Positions are whole-lattice coordinates in
// cells: cell i spans [i, i + 1), its centre is at i + 0.5.
struct Bead {
  float x[3];
  float v[3];
  float fluid_u[3];         // fluid velocity sampled at the bead in the previous step (for Du/Dt)
  float shear_rate;         // sampled at the bead in the last step (lattice units)
  float viscosity;          // total kinematic viscosity sampled at the bead (lattice units)
  float age;                // steps since release
  float bottom_time;        // consecutive steps in contact with the bottom (0 when off it)
  float since_bottom;       // steps since the last bottom contact (large if never)
  float weight;             // real beads this parcel stands for
  std::uint32_t state;
  std::int64_t id;          // unique over the run, the order every reduction follows
  // What each damage model (BeadParams::damage) accumulated since release:
  // seconds of exposure or mechanical dose, see kernels/damage_laws.h.
  double damage[kMaxDamageLaws];
};

// Material and physics of the beads, lattice units.
struct BeadParams {
  float diameter = 0.f;         // d_p in cells
  float density_ratio = 1.f;    // rho_p / rho_f
  float viscosity = 0.f;        // molecular kinematic viscosity nu
  float gravity[3] = {0, 0, 0}; // acceleration
  float added_mass = 0.5f;      // C_A of a sphere
  float restitution = 0.5f;     // normal velocity kept after a wall contact
  float friction = 0.3f;        // Coulomb coefficient for the tangential impulse
  std::int64_t release_step = 0;
  bool pressure_gradient = true;  // include the fluid-acceleration force
  DamageLaws damage;              // integrated along the path from release on
};

// Where this backend's grid sits (see BlockPlacement): the local cell index
// of a whole-lattice position x is floor(x) - origin.
struct ParticleGrid {
  int nx = 0, ny = 0, nz = 0;  // local grid with ghosts
  int origin[3] = {0, 0, 0};
  int owned_lo[3] = {0, 0, 0}, owned_hi[3] = {0, 0, 0};  // local indices of the owned cells
  STIRLB_HD std::int64_t cells() const { return std::int64_t(nx) * ny * nz; }
};

// The rotor's surface as triangles in its own frame (angle 0), lattice
// coordinates, with a uniform grid of bins over its bounding box listing the
// triangles that touch each bin (CSR: bin_start has bins + 1 entries).
struct RotorTriangles {
  const float* vertices = nullptr;  // 9 floats per triangle
  int triangles = 0;
  const int* bin_start = nullptr;
  const int* bin_items = nullptr;
  float lo[3] = {0, 0, 0};
  float bin_size = 1.f;
  int bins[3] = {0, 0, 0};
};

// The rotor's motion over one step: rotation about the vertical axis through
// (axis_x, axis_y) by `angle_before` at the start of the step and
// `angle_after` at its end, turning at `omega` rad per step at the end.
struct RotorMotion {
  float axis_x = 0.f, axis_y = 0.f;
  float angle_before = 0.f, angle_after = 0.f;
  float omega = 0.f;
};

}  // namespace stirlb
