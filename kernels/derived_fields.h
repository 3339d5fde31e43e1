#pragma once
// Fields users look at, computed where the populations live and already in SI
// units: density, pressure, velocity, strain-rate tensor, shear rate, shear
// stress (molecular and eddy parts), dissipation (molecular and eddy parts),
// Kolmogorov length and eddy viscosity.
#include <cmath>
#include <cstdint>
#include "stream_collide.h"

namespace stirlb {

// Components of the packed derived-field array, in output order. The tensor
// uses VTK's symmetric order XX YY ZZ XY YZ XZ.
enum DerivedComponent : int {
  kDensity = 0,
  kPressure,
  kVelocityX, kVelocityY, kVelocityZ,
  kStrainXX, kStrainYY, kStrainZZ, kStrainXY, kStrainYZ, kStrainXZ,
  kShearRate,
  kShearStress,
  kEddyShearStress,
  kDissipation,
  kDissipationMolecular,
  kDissipationEddy,
  kKolmogorovLength,
  kEddyViscosity,
  kDerivedComponentCount
};

// Below this lattice dissipation the Kolmogorov length is reported as if the
// flow dissipated this much: still finite, and far above any cell size.
constexpr float kMinLatticeDissipation = 1e-30f;

// What a fluid cell's populations say about its flow, in lattice units.
struct CellFlow {
  Moments m;
  float strain[6];  // xx yy zz xy xz yz
  float nu0, nut;   // molecular and eddy viscosity
  float shear_rate;
  float eps_mol, eps_eddy;
};

template <class L, class S>
STIRLB_HD CellFlow cell_flow(const LatticeParams& p, const typename S::type* __restrict__ f,
                             const std::uint8_t* __restrict__ flags, const ForceBoxes& forces, int x, int y, int z,
                             bool next_odd) {
  float fh[L::Q];
  load_cell<L, S>(p, f, flags, neighbourhood(p.grid, x, y, z), !next_odd, fh);
  float force[3];
  cell_force<L>(p, forces, x, y, z, fh, force);
  CellFlow c;
  c.m = compute_moments<L>(fh, force);
  const float tau = effective_tau<L>(p, c.m, force);
  strain_rate(c.m, force, tau, c.strain);
  const float ss = double_dot(c.strain);
  c.nu0 = kCs2 * (p.tau - 0.5f);
  c.nut = kCs2 * (tau - p.tau);
  c.shear_rate = sqrtf(2.f * ss);
  c.eps_mol = 2.f * c.nu0 * ss;
  c.eps_eddy = 2.f * c.nut * ss;
  return c;
}

template <class L, class S>
struct ComputeDerivedFields {
  LatticeParams p;
  SiScales si;
  const typename S::type* f;
  const std::uint8_t* flags;
  ForceBoxes forces;
  bool next_odd;  // parity of the step that would run next
  float* out;     // kDerivedComponentCount x cells, SoA

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(p.grid, x, y, z);
    const std::int64_t cells = p.grid.cells();
    if (flags[n] != kFluid) {
      for (int k = 0; k < kDerivedComponentCount; ++k) out[k * cells + n] = 0.f;
      return;
    }
    const CellFlow c = cell_flow<L, S>(p, f, flags, forces, x, y, z, next_odd);
    const Moments& m = c.m;
    const float* strain = c.strain;
    const float nu0 = c.nu0, nut = c.nut, shear_rate = c.shear_rate;
    const float eps_mol = c.eps_mol, eps_eddy = c.eps_eddy;
    const float eps = fmaxf(eps_mol + eps_eddy, kMinLatticeDissipation);
    const float kolmogorov = sqrtf(sqrtf(nu0 * nu0 * nu0 / eps));

    out[kDensity * cells + n] = m.rho * si.density;
    out[kPressure * cells + n] = kCs2 * (m.rho - 1.f) * si.stress;
    out[kVelocityX * cells + n] = m.u[0] * si.velocity;
    out[kVelocityY * cells + n] = m.u[1] * si.velocity;
    out[kVelocityZ * cells + n] = m.u[2] * si.velocity;
    out[kStrainXX * cells + n] = strain[0] * si.rate;
    out[kStrainYY * cells + n] = strain[1] * si.rate;
    out[kStrainZZ * cells + n] = strain[2] * si.rate;
    out[kStrainXY * cells + n] = strain[3] * si.rate;
    out[kStrainYZ * cells + n] = strain[5] * si.rate;
    out[kStrainXZ * cells + n] = strain[4] * si.rate;
    out[kShearRate * cells + n] = shear_rate * si.rate;
    // Stresses use the reference density: mu = rho_ref nu.
    out[kShearStress * cells + n] = nu0 * shear_rate * si.stress;
    out[kEddyShearStress * cells + n] = nut * shear_rate * si.stress;
    out[kDissipation * cells + n] = (eps_mol + eps_eddy) * si.specific_power;
    out[kDissipationMolecular * cells + n] = eps_mol * si.specific_power;
    out[kDissipationEddy * cells + n] = eps_eddy * si.specific_power;
    out[kKolmogorovLength * cells + n] = kolmogorov * si.length;
    out[kEddyViscosity * cells + n] = nut * si.viscosity;
  }
};

// Whole-field sums for diagnostics, in lattice units. Double accumulators so
// that a 10^8-cell sum keeps the mass drift measurable at 1e-9.
struct FieldSums {
  double mass = 0.0;
  double momentum[3] = {0.0, 0.0, 0.0};
  double kinetic_energy = 0.0;
  double max_speed = 0.0;
  double fluid_cells = 0.0;
  bool finite = true;

  STIRLB_HD FieldSums& operator+=(const FieldSums& o) {
    mass += o.mass;
    for (int a = 0; a < 3; ++a) momentum[a] += o.momentum[a];
    kinetic_energy += o.kinetic_energy;
    max_speed = max_speed > o.max_speed ? max_speed : o.max_speed;
    fluid_cells += o.fluid_cells;
    finite = finite && o.finite;
    return *this;
  }
};

struct CombineFieldSums {
  STIRLB_HD FieldSums operator()(FieldSums a, const FieldSums& b) const { return a += b; }
};

template <class L, class S>
struct CellSums {
  LatticeParams p;
  const typename S::type* f;
  const std::uint8_t* flags;
  ForceBoxes forces;
  bool next_odd;

  STIRLB_HD FieldSums operator()(std::int64_t n) const {
    FieldSums r;
    if (flags[n] != kFluid) return r;
    const GridShape& g = p.grid;
    const int x = int(n % g.nx), y = int((n / g.nx) % g.ny), z = int(n / (std::int64_t(g.nx) * g.ny));
    float fh[L::Q];
    load_cell<L, S>(p, f, flags, neighbourhood(p.grid, x, y, z), !next_odd, fh);
    float force[3];
    cell_force<L>(p, forces, x, y, z, fh, force);
    const Moments m = compute_moments<L>(fh, force);
    const double uu = double(m.u[0]) * m.u[0] + double(m.u[1]) * m.u[1] + double(m.u[2]) * m.u[2];
    r.mass = m.rho;
    for (int a = 0; a < 3; ++a) r.momentum[a] = double(m.rho) * m.u[a];
    r.kinetic_energy = 0.5 * m.rho * uu;
    r.max_speed = sqrt(uu);
    r.fluid_cells = 1.0;
    // x - x is 0 for finite x and NaN for NaN or infinity.
    const float probe = m.rho + m.u[0] + m.u[1] + m.u[2];
    r.finite = (probe - probe) == 0.f;
    return r;
  }
};

}  // namespace stirlb
