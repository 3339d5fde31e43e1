// The damage laws (kernels/damage_laws.h) against their closed forms, and
// their integration along a bead's path in the bead step: exact exposure
// times in a synthetic field, and a dose that does not depend on how a step
// is split into sub-steps.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>
#include "kernels/damage_laws.h"
#include "tests/kernels/particle_test_box.h"

namespace stirlb {
namespace {

using testing::ParticleBox;
using testing::bead_at;

// Lattice-to-SI factors of a plausible run: dx = 1 mm, dt = 1 ms, water.
SiScales water_scales() {
  SiScales si;
  si.length = 1e-3f;
  si.rate = 1e3f;
  si.velocity = 1.f;
  si.viscosity = 1e-3f;
  si.stress = 1000.f;         // rho dx^2 / dt^2
  si.specific_power = 1e3f;   // dx^2 / dt^3
  return si;
}

TEST(DamageLaws, LocalStressIsTotalViscosityTimesShearRate) {
  const SiScales si = water_scales();
  const LocalStress s = local_stress(0.02f, 0.05f, si);
  EXPECT_NEAR(s.stress, 0.05 * 0.02 * 1000.0, 1e-6);            // rho (nu + nu_t) gamma
  EXPECT_NEAR(s.dissipation, 0.05 * 0.02 * 0.02 * 1e3, 1e-7);   // (nu + nu_t) gamma^2
}

TEST(DamageLaws, KolmogorovLawFlagsEddiesSmallerThanTheLength) {
  const double nu = 1e-6, length = 100e-6;  // lambda_K = length at epsilon = nu^3 / length^4 = 0.01 W/kg
  const ExposureLaw law = kolmogorov_exposure_law(nu, length);
  EXPECT_NEAR(law.threshold, 0.01, 1e-9);
  for (double lambda : {50e-6, 99e-6, 101e-6, 200e-6}) {
    const float eps = float(nu * nu * nu / std::pow(lambda, 4));
    EXPECT_EQ(exposure_rate(law, {0.f, eps}), lambda < length ? 1.f : 0.f) << "lambda_K " << lambda;
  }
}

TEST(DamageLaws, ThresholdLawsCountOnlyAboveTheThreshold) {
  const ExposureLaw stress{ExposureKind::StressAbove, 2.f, 1.f};
  const ExposureLaw dissipation{ExposureKind::DissipationAbove, 0.5f, 1.f};
  EXPECT_EQ(exposure_rate(stress, {1.9f, 9.f}), 0.f);
  EXPECT_EQ(exposure_rate(stress, {2.1f, 0.f}), 1.f);
  EXPECT_EQ(exposure_rate(dissipation, {9.f, 0.4f}), 0.f);
  EXPECT_EQ(exposure_rate(dissipation, {0.f, 0.6f}), 1.f);
}

// Giersiepen's red-blood-cell constants (tau in Pa, t in s, D in %).
constexpr double kC = 3.62e-5, kAlpha = 0.785, kBeta = 2.416;

TEST(DamageLaws, MechanicalDoseGivesTheClosedFormWhateverTheSplit) {
  DamageLaws laws;
  laws.count = 1;
  laws.law[0] = {ExposureKind::StressPower, 0.f, float(kBeta / kAlpha)};
  const double tau = 5.0, total = 2.0;
  const double closed = kC * std::pow(tau, kBeta) * std::pow(total, kAlpha);
  for (int steps : {1, 7, 100, 1000}) {
    laws.step_seconds = total / steps;
    double dose[kMaxDamageLaws] = {};
    double naive = 0;  // summing D per step: what Grigioni's scheme replaces
    for (int s = 0; s < steps; ++s) {
      accumulate_damage(laws, {float(tau), 0.f}, 1.f, dose);
      naive += kC * std::pow(tau, kBeta) * std::pow(laws.step_seconds, kAlpha);
    }
    const double d = kC * std::pow(dose[0], kAlpha);
    EXPECT_NEAR(d / closed, 1.0, 1e-5) << steps << " steps";
    if (steps >= 7) {
      EXPECT_GT(naive / closed, 1.5) << "the naive sum grows with the step count";
    }
  }
}

// A box whose left half has lambda_K = L / 2 and right half 2 L, at rest.
struct KolmogorovBox {
  ParticleBox box{8, 4, 4, false, 0.05f};
  BeadParams params;
  double length = 0;

  KolmogorovBox(float u) {
    const SiScales si = water_scales();
    const double nu = 0.05 * si.viscosity;  // molecular = total here: no eddy viscosity
    length = 100e-6;
    for (int z = 0; z < 4; ++z)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x) {
          const double lambda = x < 4 ? length / 2 : 2 * length;
          const double eps = nu * nu * nu / std::pow(lambda, 4);  // W/kg
          // epsilon = nu_lattice gamma_lattice^2 x specific_power
          const double g = std::sqrt(eps / (0.05 * si.specific_power));
          box.at(kFluidShearRate, box.cell(x, y, z)) = float(g);
          box.at(kFluidUx, box.cell(x, y, z)) = u;
        }
    params.diameter = 0.2f;
    params.viscosity = 0.05f;
    params.density_ratio = 1.f;  // neutral: moves with the fluid
    params.damage.count = 2;
    params.damage.law[0] = kolmogorov_exposure_law(nu, length);
    params.damage.law[1] = {ExposureKind::StressPower, 0.f, 2.f};
    params.damage.si = si;
    params.damage.step_seconds = 1e-3;
  }
};

TEST(DamageLaws, BeadsInASyntheticFieldGetExactExposureTimes) {
  KolmogorovBox k(0.f);
  std::vector<Bead> beads = {bead_at(1.5f, 2.5f, 2.5f), bead_at(6.5f, 1.5f, 2.5f)};
  const int steps = 250;
  k.box.run(beads, k.params, 0, steps);
  EXPECT_NEAR(beads[0].damage[0], steps * 1e-3, 1e-12) << "inside the Kolmogorov hotspot every step";
  EXPECT_EQ(beads[1].damage[0], 0.0) << "never inside";
}

TEST(DamageLaws, DoseDoesNotDependOnTheSubstepCount) {
  // The same uniform stress seen by a bead at rest (one sub-step per step)
  // and by one carried at 3 cells per step (six sub-steps).
  KolmogorovBox slow(0.f), fast(3.f);
  for (KolmogorovBox* k : {&slow, &fast})
    for (int z = 0; z < 4; ++z)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x) k->box.at(kFluidShearRate, k->box.cell(x, y, z)) = 0.01f;
  std::vector<Bead> a = {bead_at(1.5f, 2.5f, 2.5f)}, b = a;
  slow.box.run(a, slow.params, 0, 1);
  fast.box.run(b, fast.params, 0, 1);
  ASSERT_EQ(bead_substeps(3.f), 6);
  const double tau = 0.05 * 0.01 * 1000.0;
  EXPECT_NEAR(a[0].damage[1], tau * tau * 1e-3, 1e-9 * tau * tau);
  EXPECT_NEAR(b[0].damage[1] / a[0].damage[1], 1.0, 1e-6);
}

}  // namespace
}  // namespace stirlb
