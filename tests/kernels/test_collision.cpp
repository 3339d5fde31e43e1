// Collision operators conserve mass, gain exactly the applied force as
// momentum, and the Smagorinsky closed form solves its defining equation.
#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include "kernels/collision.h"
#include "kernels/precision.h"
#include "kernels/smagorinsky.h"

using namespace stirlb;

namespace {

// Equilibrium plus a random non-equilibrium part, as deviations from rest.
template <class L>
void perturbed_state(unsigned seed, float (&fh)[L::Q]) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> noise(-2e-3f, 2e-3f);
  for (int i = 0; i < L::Q; ++i)
    fh[i] = equilibrium_deviation<L>(i, 1.02f, 0.04f, -0.02f, 0.03f) + L::w(i) * noise(gen);
}

template <class L>
void moments_of(const float (&fh)[L::Q], double& mass, double (&mom)[3]) {
  mass = 0;
  mom[0] = mom[1] = mom[2] = 0;
  for (int i = 0; i < L::Q; ++i) {
    mass += fh[i] + L::w(i);
    mom[0] += L::cx(i) * fh[i];
    mom[1] += L::cy(i) * fh[i];
    mom[2] += L::cz(i) * fh[i];
  }
}

template <class L, class Op>
void check_conservation(const float (&force)[3]) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    float fh[L::Q];
    perturbed_state<L>(seed, fh);
    double mass0, mom0[3];
    moments_of<L>(fh, mass0, mom0);
    const Moments m = compute_moments<L>(fh, force);
    Op::template apply<L>(fh, m, 1.f / 0.53f, force);
    double mass1, mom1[3];
    moments_of<L>(fh, mass1, mom1);
    EXPECT_NEAR(mass1, mass0, 2e-6) << Op::name << " seed " << seed;
    for (int a = 0; a < 3; ++a) EXPECT_NEAR(mom1[a], mom0[a] + force[a], 2e-6) << Op::name << " axis " << a;
  }
}

}  // namespace

TEST(Collision, BgkConservesMassAndMomentum) {
  const float none[3] = {0, 0, 0};
  check_conservation<D3Q19, CollideBGK>(none);
  check_conservation<D3Q27, CollideBGK>(none);
}

TEST(Collision, RegularizedConservesMassAndMomentum) {
  const float none[3] = {0, 0, 0};
  check_conservation<D3Q19, CollideRegularized>(none);
  check_conservation<D3Q27, CollideRegularized>(none);
}

TEST(Collision, ForcedCollisionAddsExactlyTheForceAsMomentum) {
  const float force[3] = {1e-4f, -2e-4f, 5e-5f};
  check_conservation<D3Q19, CollideBGK>(force);
  check_conservation<D3Q19, CollideRegularized>(force);
  check_conservation<D3Q27, CollideBGK>(force);
  check_conservation<D3Q27, CollideRegularized>(force);
}

TEST(Forcing, GuoSourceMoments) {
  // sum G = 0, sum G c = F, sum G c c = u F + F u  (Guo et al. 2002)
  const float u[3] = {0.05f, -0.01f, 0.02f}, force[3] = {1e-3f, 2e-3f, -5e-4f};
  double m0 = 0, m1[3] = {0, 0, 0}, m2[3][3] = {};
  for (int i = 0; i < D3Q19::Q; ++i) {
    const double g = guo_source<D3Q19>(i, u, force);
    const int c[3] = {D3Q19::cx(i), D3Q19::cy(i), D3Q19::cz(i)};
    m0 += g;
    for (int a = 0; a < 3; ++a) {
      m1[a] += g * c[a];
      for (int b = 0; b < 3; ++b) m2[a][b] += g * c[a] * c[b];
    }
  }
  EXPECT_NEAR(m0, 0.0, 1e-9);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(m1[a], force[a], 1e-9);
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(m2[a][b], u[a] * force[b] + force[a] * u[b], 1e-9);
  }
}

TEST(Collision, RegularizedMatchesBgkWhenNonEquilibriumIsSecondOrderOnly) {
  // A non-equilibrium part that is already a pure second-order Hermite term is
  // left unchanged by regularization, so both operators give the same result.
  const float force[3] = {0, 0, 0};
  float a[D3Q19::Q], b[D3Q19::Q];
  const float pi[6] = {1e-4f, -5e-5f, 2e-5f, 3e-5f, -1e-5f, 4e-5f};
  for (int i = 0; i < D3Q19::Q; ++i) {
    const float cx = D3Q19::cx(i), cy = D3Q19::cy(i), cz = D3Q19::cz(i);
    const float q = cx * cx * pi[0] + cy * cy * pi[1] + cz * cz * pi[2] +
                    2 * (cx * cy * pi[3] + cx * cz * pi[4] + cy * cz * pi[5]) - (pi[0] + pi[1] + pi[2]) / 3;
    a[i] = b[i] = equilibrium_deviation<D3Q19>(i, 1.0f, 0.03f, 0.01f, -0.02f) + 4.5f * D3Q19::w(i) * q;
  }
  const Moments m = compute_moments<D3Q19>(a, force);
  CollideBGK::apply<D3Q19>(a, m, 1.f / 0.7f, force);
  CollideRegularized::apply<D3Q19>(b, m, 1.f / 0.7f, force);
  for (int i = 0; i < D3Q19::Q; ++i) EXPECT_NEAR(a[i], b[i], 1e-7) << i;
}

TEST(Smagorinsky, ClosedFormSolvesTheImplicitEquation) {
  // tau = tau0 + 3 C^2 |S|, |S| = 3 sqrt(2) |Pi| / (2 rho tau)
  const float tau0 = 0.502f, c = 0.12f, rho = 1.01f;
  for (float pi_norm : {1e-6f, 1e-4f, 1e-2f}) {
    const float tau = smagorinsky_tau(tau0, c * c, rho, pi_norm);
    const float s = 3.f * std::sqrt(2.f) * pi_norm / (2.f * rho * tau);
    EXPECT_NEAR(tau, tau0 + 3.f * c * c * s, 1e-6f * tau) << pi_norm;
    EXPECT_GE(tau, tau0);
  }
  EXPECT_EQ(smagorinsky_tau(tau0, 0.f, rho, 1.f), tau0);
}

// With the model off the closed form has no branch (so that cell loops
// vectorise): it relies on sqrt(tau0 * tau0) == tau0 to the last bit, which
// correctly rounded binary arithmetic guarantees. Checked over the whole
// range of relaxation times a case can have, every float from 0.5 to 4.
TEST(Smagorinsky, OffReturnsTheMolecularTauExactly) {
  int checked = 0;
  for (float tau0 = 0.5f; tau0 <= 4.f; tau0 = std::nextafter(tau0, 5.f), ++checked)
    ASSERT_EQ(smagorinsky_tau(tau0, 0.f, 1.f, 1e-3f), tau0) << tau0;
  EXPECT_GT(checked, 20000000);
}

TEST(Precision, Fp16RoundTripKeepsRelativeErrorBelowHalfUlp) {
  for (float v : {0.f, 1e-4f, -3.3e-3f, 0.05f, -0.2f}) {
    const float back = StoreFP16::load(StoreFP16::store(v));
    EXPECT_LE(std::fabs(back - v), std::fabs(v) * 4.9e-4f + 6e-8f) << v;
  }
  EXPECT_EQ(StoreFP32::load(StoreFP32::store(0.123f)), 0.123f);
}
