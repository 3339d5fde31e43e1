#pragma once
// What a cell on a microcarrier takes per unit time from the local flow: the
// laws behind the hotspot exposure fields (per lattice cell) and the damage
// models (per bead along its path). Both call exposure_rate, so that a bead
// sitting in a cell accumulates exactly what the cell's Eulerian
// damage-potential field says. Everything here is SI: Pa, W/kg, s.
//
// The stress is the local total stress, molecular plus eddy: at practical
// resolutions the cell is several Kolmogorov lengths wide and the subgrid
// part carries much of the dissipation.
#include <cmath>
#include "hd.h"
#include "lattice_params.h"

namespace stirlb {

enum class ExposureKind : int {
  StressAbove,      // 1 while tau_total > threshold (Pa)
  DissipationAbove, // 1 while epsilon > threshold (W/kg)
  // 1 while lambda_K = (nu^3 / epsilon)^(1/4) < L. Stored as the equivalent
  // dissipation threshold nu^3 / L^4 (see kolmogorov_exposure_law): the same
  // test without a fourth root per cell and per bead.
  KolmogorovBelow,
  // tau_total^exponent: the rate of Grigioni's mechanical dose for the
  // power law D = C tau^beta t^alpha, exponent = beta / alpha. Summing the
  // dose and taking D = C dose^alpha at the end is exact for any split of a
  // constant stress into steps; summing D per step is not (alpha < 1).
  StressPower,
};

struct ExposureLaw {
  ExposureKind kind = ExposureKind::StressAbove;
  float threshold = 0.f;  // Pa or W/kg as kind says
  float exponent = 1.f;   // StressPower only
};

STIRLB_HD ExposureLaw kolmogorov_exposure_law(double molecular_viscosity, double length) {
  ExposureLaw law;
  law.kind = ExposureKind::KolmogorovBelow;
  law.threshold = float(molecular_viscosity * molecular_viscosity * molecular_viscosity /
                        (length * length * length * length));
  return law;
}

// The local total stress and dissipation, SI, from what the collision
// reports in lattice units: shear rate sqrt(2 S:S) and total kinematic
// viscosity nu + nu_t. tau = rho (nu + nu_t) gamma, epsilon = (nu + nu_t) gamma^2.
struct LocalStress {
  float stress;       // Pa
  float dissipation;  // W/kg
};

STIRLB_HD LocalStress local_stress(float shear_rate, float total_viscosity, const SiScales& si) {
  return {total_viscosity * shear_rate * si.stress, total_viscosity * shear_rate * shear_rate * si.specific_power};
}

STIRLB_HD float exposure_rate(const ExposureLaw& law, const LocalStress& s) {
  switch (law.kind) {
    case ExposureKind::StressAbove:
      return s.stress > law.threshold ? 1.f : 0.f;
    case ExposureKind::DissipationAbove:
    case ExposureKind::KolmogorovBelow:
      return s.dissipation > law.threshold ? 1.f : 0.f;
    case ExposureKind::StressPower:
      return s.stress > 0.f ? powf(s.stress, law.exponent) : 0.f;
  }
  return 0.f;
}

// Per-bead damage accumulators: one per damage model of the case.
constexpr int kMaxDamageLaws = 4;
// Per-cell exposure fields: the three hotspot thresholds plus one per model.
constexpr int kMaxExposureLaws = 3 + kMaxDamageLaws;

struct ExposureLaws {
  int count = 0;
  ExposureLaw law[kMaxExposureLaws];
};

// What the bead step needs to integrate the damage models (BeadParams).
struct DamageLaws {
  int count = 0;
  ExposureLaw law[kMaxDamageLaws];
  SiScales si;
  double step_seconds = 0.0;  // dt
};

// Adds `fraction` of a lattice step spent under `s` to each accumulator:
// seconds of exposure, or dose in Pa^(beta/alpha) s. Doubles: a bead's dose
// grows over 10^6 steps by increments that floats would round away.
STIRLB_HD void accumulate_damage(const DamageLaws& laws, const LocalStress& s, float fraction,
                                 double (&dose)[kMaxDamageLaws]) {
  const double dt = laws.step_seconds * double(fraction);
  for (int m = 0; m < laws.count; ++m) dose[m] += dt * double(exposure_rate(laws.law[m], s));
}

}  // namespace stirlb
