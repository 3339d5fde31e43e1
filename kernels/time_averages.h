#pragma once
// Running sums for time-averaged fields, kept where the populations live so
// that sampling costs one read pass and no transfer. Sums are in SI units;
// the mean is the sum over the sample count, except for the maxima, which
// are kept as they are. After the fixed components come the exposure
// fields, one per ExposureLaw (kernels/damage_laws.h): the time average of
// its rate, i.e. the fraction of time above a hotspot threshold, or the mean
// damage-dose rate a bead would take sitting in the cell.
#include "damage_laws.h"
#include "derived_fields.h"

namespace stirlb {

enum AverageComponent : int {
  kMeanVelocityX = 0, kMeanVelocityY, kMeanVelocityZ,
  kMeanSquareVelocityX, kMeanSquareVelocityY, kMeanSquareVelocityZ,
  kMeanDissipation,   // molecular plus eddy, W/kg
  kMeanShearStress,   // molecular plus eddy, Pa
  kMeanEddyShearStress,  // the eddy part, Pa
  kMaxDissipation,    // over the samples, W/kg
  kMaxShearStress,    // over the samples, Pa
  kAverageComponentCount  // the exposure fields follow
};

STIRLB_HD constexpr bool is_maximum(int component) {
  return component == kMaxDissipation || component == kMaxShearStress;
}

template <class L, class S>
struct AccumulateAverages {
  LatticeParams p;
  SiScales si;
  const typename S::type* f;
  const std::uint8_t* flags;
  ForceBoxes forces;
  bool next_odd;
  ExposureLaws exposure;
  float* sums;  // (kAverageComponentCount + exposure.count) x cells, SoA

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(p.grid, x, y, z);
    if (flags[n] != kFluid) return;
    const std::int64_t cells = p.grid.cells();
    const CellFlow c = cell_flow<L, S>(p, f, flags, forces, x, y, z, next_odd);
    for (int a = 0; a < 3; ++a) {
      const float u = c.m.u[a] * si.velocity;
      sums[(kMeanVelocityX + a) * cells + n] += u;
      sums[(kMeanSquareVelocityX + a) * cells + n] += u * u;
    }
    const LocalStress s = local_stress(c.shear_rate, c.nu0 + c.nut, si);
    sums[kMeanDissipation * cells + n] += s.dissipation;
    sums[kMeanShearStress * cells + n] += s.stress;
    sums[kMeanEddyShearStress * cells + n] += c.nut * c.shear_rate * si.stress;
    float& eps_max = sums[kMaxDissipation * cells + n];
    float& tau_max = sums[kMaxShearStress * cells + n];
    eps_max = fmaxf(eps_max, s.dissipation);
    tau_max = fmaxf(tau_max, s.stress);
    for (int e = 0; e < exposure.count; ++e)
      sums[(kAverageComponentCount + e) * cells + n] += exposure_rate(exposure.law[e], s);
  }
};

}  // namespace stirlb
