#pragma once
// A passive scalar (a tracer for blend time) carried by the lattice's flow:
// finite volumes on the lattice cells, one explicit update per lattice step.
//
// Why finite volumes and not a second (D3Q7) lattice: a tracer's diffusivity
// is tiny, and a scalar lattice at tau -> 1/2 rings and goes negative at
// every sharp front; a limited finite-volume flux stays bounded. Hartmann, Derksen & Van den Akker (AIChE J. 52,
// 2006) made the same choice for LES mixing times in stirred tanks.
//
// The face value is MUSCL (van Leer's limited slope, second order where the
// field is smooth, upwind at extrema) and the diffusive flux is central, with
// the diffusivity D = D_mol + nu_t / Sc_t from the subgrid viscosity of the
// same step. Faces onto solid cells carry nothing (walls, baffles, shaft).
// The impeller is an immersed boundary, so the tracer follows the fluid
// through it, as the fluid does.
//
// Advective, not conservative, form: dc/dt = -div(u c) + c div(u). The
// lattice's velocity is not discretely divergence-free (the fluid is weakly
// compressible, and next to a wall the cell velocities averaged onto the
// open faces do not cancel), and the conservative form turns that
// divergence into concentration: a uniform tracer in the stirred tank grew a
// 10 % relative standard deviation in three revolutions and the blend time
// never came. The advective form keeps a uniform field exactly uniform; the
// price is that the total is no longer conserved to rounding but drifts by
// the integral of c div(u), which the run reports
// (conservation_relative_error) and scalar-conservation bounds.
//
// Each face's flux is computed from the two cells in the same order (left,
// right) by both of them.
#include <cmath>
#include <cstdint>
#include "aa_streaming.h"
#include "cell_flags.h"
#include "particle_types.h"

namespace stirlb {

struct ScalarParams {
  float molecular_diffusivity = 0.f;    // lattice units (dx^2 / dt)
  float inverse_turbulent_schmidt = 0.f;  // 1 / Sc_t; 0 leaves the subgrid viscosity out
  float molecular_viscosity = 0.f;      // lattice nu_0, subtracted from the sampled total
  // Explicit diffusion is stable for D <= 1/6 per axis pair in 3D; the few
  // cells where the subgrid viscosity asks for more (blade tips) are held at
  // this, which only slows mixing there.
  float max_diffusivity = 0.1f;
};

// The pulse's tails decay exponentially into subnormal floats, which cost
// the CPU a hundred times a normal operation each (the tracer took longer
// than the lattice step). Concentrations are relative to the mixed value 1,
// so anything below a trillionth of it is taken as none.
constexpr float kScalarFloor = 1e-12f;

// Cells that hold the scalar: fluid this rank owns and fluid in its ghosts.
STIRLB_HD bool holds_scalar(std::uint8_t flag) { return flag == kFluid || flag == kGhostFluid; }

// van Leer's harmonic limiter: zero at extrema, the smaller side dominates.
STIRLB_HD float van_leer_slope(float left_difference, float right_difference) {
  const float product = left_difference * right_difference;
  return product > 0.f ? 2.f * product / (left_difference + right_difference) : 0.f;
}

STIRLB_HD float scalar_diffusivity(const ScalarParams& p, float total_viscosity) {
  const float eddy = total_viscosity > p.molecular_viscosity ? total_viscosity - p.molecular_viscosity : 0.f;
  return p.molecular_diffusivity + eddy * p.inverse_turbulent_schmidt;
}

// Flux from the left cell into the right one across their shared face (per
// unit face area and step, lattice units): the limited upwind face value
// carried by the mean of the two cells' velocities, less the central
// diffusive flux.
STIRLB_HD float face_flux(const ScalarParams& p, float c_left, float slope_left, float c_right,
                                 float slope_right, float u_left, float u_right, float d_left, float d_right) {
  const float u = 0.5f * (u_left + u_right);
  const float face = u > 0.f ? c_left + 0.5f * slope_left : c_right - 0.5f * slope_right;
  float d = 0.5f * (d_left + d_right);
  if (d > p.max_diffusivity) d = p.max_diffusivity;
  return u * face - d * (c_right - c_left);
}

// Pass one: the limited slope of every owned cell along each axis (3 x
// cells, SoA). A wall neighbour counts as the cell's own value (no gradient
// into a wall).
struct ScalarSlopes {
  GridShape g;
  const std::uint8_t* flags;
  const float* c;
  float* slope;

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(g, x, y, z);
    if (flags[n] != kFluid) return;
    const Neighbourhood nb = neighbourhood(g, x, y, z);
    const std::int64_t cells = g.cells();
    for (int a = 0; a < 3; ++a) {
      const int dx = a == 0, dy = a == 1, dz = a == 2;
      const std::int64_t lo = nb.at(-dx, -dy, -dz), hi = nb.at(dx, dy, dz);
      const float c_lo = holds_scalar(flags[lo]) ? c[lo] : c[n];
      const float c_hi = holds_scalar(flags[hi]) ? c[hi] : c[n];
      slope[a * cells + n] = van_leer_slope(c[n] - c_lo, c_hi - c[n]);
    }
  }
};

// Pass two: each owned cell's new value from the fluxes through its six
// faces, into a second array (the neighbours still read the old one).
struct ScalarUpdate {
  GridShape g;
  ScalarParams p;
  const std::uint8_t* flags;
  const float* flow;  // the particle field of this step: velocity and total viscosity
  const float* c;
  const float* slope;
  float* c_next;

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(g, x, y, z);
    if (flags[n] != kFluid) return;
    const Neighbourhood nb = neighbourhood(g, x, y, z);
    const std::int64_t cells = g.cells();
    const float d_here = scalar_diffusivity(p, flow[kFluidViscosity * cells + n]);
    float change = 0.f;
    for (int a = 0; a < 3; ++a) {
      const int dx = a == 0, dy = a == 1, dz = a == 2;
      const float* u = flow + a * cells;
      const float* s = slope + a * cells;
      const std::int64_t lo = nb.at(-dx, -dy, -dz), hi = nb.at(dx, dy, dz);
      // Each face's flux less what it would carry of this cell's own value:
      // the advective form, which keeps a uniform field uniform (see above).
      if (holds_scalar(flags[lo])) {
        const float d_lo = scalar_diffusivity(p, flow[kFluidViscosity * cells + lo]);
        change += face_flux(p, c[lo], s[lo], c[n], s[n], u[lo], u[n], d_lo, d_here) - 0.5f * (u[lo] + u[n]) * c[n];
      }
      if (holds_scalar(flags[hi])) {
        const float d_hi = scalar_diffusivity(p, flow[kFluidViscosity * cells + hi]);
        change -= face_flux(p, c[n], s[n], c[hi], s[hi], u[n], u[hi], d_here, d_hi) - 0.5f * (u[n] + u[hi]) * c[n];
      }
    }
    const float value = c[n] + change;
    c_next[n] = fabsf(value) < kScalarFloor ? 0.f : value;
  }
};

// Sums over the owned fluid cells: the total, and what the relative standard
// deviation needs.
struct ScalarSums {
  double total = 0.0, squares = 0.0;
  std::int64_t cells = 0;
};

struct AddScalarSums {
  STIRLB_HD ScalarSums operator()(const ScalarSums& a, const ScalarSums& b) const {
    return {a.total + b.total, a.squares + b.squares, a.cells + b.cells};
  }
};

struct MapScalarSums {
  const std::uint8_t* flags;
  const float* c;
  STIRLB_HD ScalarSums operator()(std::int64_t n) const {
    if (flags[n] != kFluid) return {};
    const double v = c[n];
    return {v, v * v, 1};
  }
};

}  // namespace stirlb
