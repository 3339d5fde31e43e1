#pragma once
// Everything a lattice kernel needs to know, in lattice units. Trivially
// copyable so that it travels to the device by value in each launch.
#include <cstdint>
#include "cell_flags.h"
#include "hd.h"

namespace stirlb {

// Components per cell of LatticeParams::particle_force: E_x, E_y, E_z, K.
constexpr int kParticleForceComponents = 4;

struct GridShape {
  int nx = 0, ny = 0, nz = 0;
  // Periodic axes wrap around; the others are closed by solid cells the
  // geometry puts on the box faces.
  bool periodic[3] = {true, true, true};
  STIRLB_HD constexpr std::int64_t cells() const { return std::int64_t(nx) * ny * nz; }
};

struct LatticeParams {
  GridShape grid;
  float tau = 0.6f;            // molecular relaxation time
  float smagorinsky_c2 = 0.f;  // C_s^2 of the Smagorinsky model; 0 switches LES off
  float body_force[3] = {0.f, 0.f, 0.f};  // force density, uniform over the fluid
  // Moving-wall velocities, kMaxWallVelocities x 3, in memory the kernels can
  // read (device memory for the CUDA backend). Indexed by a per-cell slot, so
  // it cannot live in the by-value kernel arguments without a local copy.
  const float* wall_velocity = nullptr;
  // Microcarriers' reaction on the fluid (two-way coupling), 4 x cells SoA
  // (kParticleForceComponents): per cell the explicit force density E (3)
  // and a drag coefficient K (1); the cell gets F = E - K u with u the
  // velocity of the step itself, solved implicitly (cell_force). Null when
  // the beads do not act on the fluid.
  const float* particle_force = nullptr;
  // Where each step leaves the quantities the particles sample
  // (kParticleFieldComponents x cells, kernels/particle_types.h); null when
  // the run has no particles.
  float* particle_field = nullptr;
};

// Factors that turn lattice quantities into SI ones, applied where derived
// fields are computed so that the host only ever sees physical values.
struct SiScales {
  float density = 1.f;        // kg/m^3 per lattice density unit
  float velocity = 1.f;       // m/s, dx/dt
  float rate = 1.f;           // 1/s, 1/dt
  float stress = 1.f;         // Pa, rho dx^2/dt^2
  float specific_power = 1.f; // W/kg, dx^2/dt^3
  float length = 1.f;         // m, dx
  float viscosity = 1.f;      // m^2/s, dx^2/dt
};

}  // namespace stirlb
