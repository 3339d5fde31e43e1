// Velocity-set identities and equilibrium moments that the LBM's Chapman-Enskog
// expansion relies on. Exact in rational arithmetic; float round-off only.
#include <gtest/gtest.h>
#include "kernels/equilibrium.h"
#include "kernels/lattice.h"

using namespace stirlb;

template <class L>
class LatticeIdentities : public ::testing::Test {};
using Lattices = ::testing::Types<D3Q19, D3Q27>;
TYPED_TEST_SUITE(LatticeIdentities, Lattices);

namespace {
template <class L>
int c(int i, int a) {
  return a == 0 ? L::cx(i) : (a == 1 ? L::cy(i) : L::cz(i));
}
constexpr double kTol = 1e-7;
}  // namespace

TYPED_TEST(LatticeIdentities, OppositeDirectionsAreReversed) {
  using L = TypeParam;
  for (int i = 0; i < L::Q; ++i)
    for (int a = 0; a < 3; ++a) EXPECT_EQ(c<L>(opposite(i), a), -c<L>(i, a)) << "direction " << i;
}

TYPED_TEST(LatticeIdentities, DirectionsAreDistinct) {
  using L = TypeParam;
  for (int i = 0; i < L::Q; ++i)
    for (int j = i + 1; j < L::Q; ++j)
      EXPECT_FALSE(L::cx(i) == L::cx(j) && L::cy(i) == L::cy(j) && L::cz(i) == L::cz(j)) << i << " " << j;
}

TYPED_TEST(LatticeIdentities, WeightMomentsAreIsotropicToFourthOrder) {
  using L = TypeParam;
  const double cs2 = 1.0 / 3.0;
  double m0 = 0;
  for (int i = 0; i < L::Q; ++i) m0 += L::w(i);
  EXPECT_NEAR(m0, 1.0, kTol);
  for (int a = 0; a < 3; ++a) {
    double m1 = 0;
    for (int i = 0; i < L::Q; ++i) m1 += L::w(i) * c<L>(i, a);
    EXPECT_NEAR(m1, 0.0, kTol);
    for (int b = 0; b < 3; ++b) {
      double m2 = 0;
      for (int i = 0; i < L::Q; ++i) m2 += L::w(i) * c<L>(i, a) * c<L>(i, b);
      EXPECT_NEAR(m2, a == b ? cs2 : 0.0, kTol);
      for (int g = 0; g < 3; ++g) {
        double m3 = 0;
        for (int i = 0; i < L::Q; ++i) m3 += L::w(i) * c<L>(i, a) * c<L>(i, b) * c<L>(i, g);
        EXPECT_NEAR(m3, 0.0, kTol);
        for (int d = 0; d < 3; ++d) {
          double m4 = 0;
          for (int i = 0; i < L::Q; ++i) m4 += L::w(i) * c<L>(i, a) * c<L>(i, b) * c<L>(i, g) * c<L>(i, d);
          const double expect = cs2 * cs2 * ((a == b && g == d) + (a == g && b == d) + (a == d && b == g));
          EXPECT_NEAR(m4, expect, kTol) << a << b << g << d;
        }
      }
    }
  }
}

TYPED_TEST(LatticeIdentities, EquilibriumHasTheHydrodynamicMoments) {
  using L = TypeParam;
  const float rho = 1.03f, u[3] = {0.05f, -0.03f, 0.02f};
  double m0 = 0, m1[3] = {0, 0, 0}, m2[3][3] = {};
  for (int i = 0; i < L::Q; ++i) {
    const double f = equilibrium<L>(i, rho, u[0], u[1], u[2]);
    m0 += f;
    for (int a = 0; a < 3; ++a) {
      m1[a] += f * c<L>(i, a);
      for (int b = 0; b < 3; ++b) m2[a][b] += f * c<L>(i, a) * c<L>(i, b);
    }
  }
  EXPECT_NEAR(m0, rho, 1e-6);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(m1[a], rho * u[a], 1e-6);
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(m2[a][b], rho * (a == b) / 3.0 + rho * u[a] * u[b], 1e-6);
  }
}
