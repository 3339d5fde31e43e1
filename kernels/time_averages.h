#pragma once
// Running sums for time-averaged fields, kept where the populations live so
// that sampling costs one read pass and no transfer. Sums are in SI units;
// the mean is the sum over the sample count.
#include "derived_fields.h"

namespace stirlb {

enum AverageComponent : int {
  kMeanVelocityX = 0, kMeanVelocityY, kMeanVelocityZ,
  kMeanSquareVelocityX, kMeanSquareVelocityY, kMeanSquareVelocityZ,
  kMeanDissipation,   // molecular plus eddy, W/kg
  kMeanShearStress,   // molecular plus eddy, Pa
  kAverageComponentCount
};

template <class L, class S>
struct AccumulateAverages {
  LatticeParams p;
  SiScales si;
  const typename S::type* f;
  const std::uint8_t* flags;
  ForceBoxes forces;
  bool next_odd;
  float* sums;  // kAverageComponentCount x cells, SoA

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
    sums[kMeanDissipation * cells + n] += (c.eps_mol + c.eps_eddy) * si.specific_power;
    sums[kMeanShearStress * cells + n] += (c.nu0 + c.nut) * c.shear_rate * si.stress;
  }
};

}  // namespace stirlb
