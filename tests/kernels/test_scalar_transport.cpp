// The blend tracer's finite-volume laws (kernels/scalar_transport.h), cell by
// cell: the limiter, the face flux, and what a whole update must keep.
#include <gtest/gtest.h>
#include <cmath>
#include <random>
#include <vector>
#include "kernels/scalar_transport.h"

using namespace stirlb;

TEST(ScalarTransport, VanLeerSlopeVanishesAtExtremaAndIsBounded) {
  EXPECT_EQ(van_leer_slope(1.f, -1.f), 0.f);
  EXPECT_EQ(van_leer_slope(0.f, 2.f), 0.f);
  EXPECT_FLOAT_EQ(van_leer_slope(0.5f, 0.5f), 0.5f);  // smooth: the central difference
  EXPECT_FLOAT_EQ(van_leer_slope(-0.3f, -0.3f), -0.3f);
  // Never more than twice the smaller side: no new extremum at the face.
  for (float a : {0.01f, 0.1f, 1.f, 10.f})
    for (float b : {0.01f, 0.1f, 1.f, 10.f}) EXPECT_LE(van_leer_slope(a, b), 2.f * std::min(a, b) + 1e-6f);
}

TEST(ScalarTransport, FaceFluxTakesTheUpwindSideAndDiffusesDownTheGradient) {
  ScalarParams p;
  // Flow to the right carries the left cell's face value, c + slope / 2.
  EXPECT_FLOAT_EQ(face_flux(p, 1.f, 0.2f, 3.f, 0.f, 0.1f, 0.1f, 0.f, 0.f), 0.1f * 1.1f);
  // To the left, the right cell's, c - slope / 2.
  EXPECT_FLOAT_EQ(face_flux(p, 1.f, 0.f, 3.f, 0.4f, -0.1f, -0.1f, 0.f, 0.f), -0.1f * 2.8f);
  // Diffusion alone: -D (c_R - c_L) with the mean of the two diffusivities.
  EXPECT_FLOAT_EQ(face_flux(p, 1.f, 0.f, 3.f, 0.f, 0.f, 0.f, 0.02f, 0.04f), -0.03f * 2.f);
  // Held at the explicit scheme's stability limit.
  EXPECT_FLOAT_EQ(face_flux(p, 1.f, 0.f, 3.f, 0.f, 0.f, 0.f, 1.f, 1.f), -p.max_diffusivity * 2.f);
}

TEST(ScalarTransport, EddyDiffusivityComesFromTheSubgridViscosity) {
  ScalarParams p;
  p.molecular_diffusivity = 1e-4f;
  p.molecular_viscosity = 0.01f;
  p.inverse_turbulent_schmidt = 1.f / 0.7f;
  EXPECT_FLOAT_EQ(scalar_diffusivity(p, 0.01f), 1e-4f);                  // no subgrid part
  EXPECT_FLOAT_EQ(scalar_diffusivity(p, 0.08f), 1e-4f + 0.07f / 0.7f);  // nu_t / Sc_t
}

namespace {

// A closed box of n^3 fluid cells inside one ghost layer of walls, with a
// random flow, viscosity and concentration; `steps` updates by the functors.
struct Box {
  GridShape g;
  std::vector<std::uint8_t> flags;
  std::vector<float> flow, c, next, slope;
  ScalarParams p;

  explicit Box(int n, unsigned seed, bool still) {
    g.nx = g.ny = g.nz = n + 2;
    const std::int64_t cells = g.cells();
    flags.assign(std::size_t(cells), make_flag(kWall));
    flow.assign(std::size_t(kParticleFieldComponents * cells), 0.f);
    c.assign(std::size_t(cells), 0.f);
    slope.assign(std::size_t(3 * cells), 0.f);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.08f, 0.08f), nu(0.01f, 0.05f), value(0.f, 2.f);
    p.molecular_viscosity = 0.01f;
    p.inverse_turbulent_schmidt = 1.f / 0.7f;
    p.molecular_diffusivity = 1e-3f;
    for (int z = 1; z <= n; ++z)
      for (int y = 1; y <= n; ++y)
        for (int x = 1; x <= n; ++x) {
          const std::int64_t i = cell_index(g, x, y, z);
          flags[std::size_t(i)] = kFluid;
          for (int a = 0; a < 3; ++a) flow[std::size_t(a * cells + i)] = still ? 0.f : u(rng);
          flow[std::size_t(kFluidViscosity * cells + i)] = nu(rng);
          c[std::size_t(i)] = value(rng);
        }
    next = c;
  }
  void step() {
    for (int z = 0; z < g.nz; ++z)
      for (int y = 0; y < g.ny; ++y)
        for (int x = 0; x < g.nx; ++x) ScalarSlopes{g, flags.data(), c.data(), slope.data()}(x, y, z);
    for (int z = 0; z < g.nz; ++z)
      for (int y = 0; y < g.ny; ++y)
        for (int x = 0; x < g.nx; ++x)
          ScalarUpdate{g, p, flags.data(), flow.data(), c.data(), slope.data(), next.data()}(x, y, z);
    std::swap(c, next);
  }
  double total() const {
    double t = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
      if (flags[i] == kFluid) t += c[i];
    return t;
  }
};

}  // namespace

TEST(ScalarTransport, UniformConcentrationStaysUniformInAnyFlow) {
  // A random flow is far from divergence-free; the advective form still
  // keeps a uniform tracer uniform (and so its total), to the last bit.
  Box box(8, 7, false);
  for (std::size_t i = 0; i < box.c.size(); ++i)
    if (box.flags[i] == kFluid) box.c[i] = 1.25f;
  for (int s = 0; s < 50; ++s) box.step();
  for (std::size_t i = 0; i < box.c.size(); ++i) {
    if (box.flags[i] == kFluid) {
      ASSERT_EQ(box.c[i], 1.25f) << "cell " << i;
    }
  }
}

TEST(ScalarTransport, DiffusionAloneKeepsTheTotal) {
  // Without flow every flux is a diffusive face flux that one cell loses and
  // its neighbour gains: only rounding drifts.
  Box box(10, 9, true);
  const double before = box.total();
  for (int s = 0; s < 100; ++s) box.step();
  EXPECT_NEAR(box.total() / before, 1.0, 1e-6);
}

TEST(ScalarTransport, TotalDriftsByTheDivergenceOfTheFlow) {
  // In a non-solenoidal flow the total changes by sum(c div u) per step
  // (div u from the face velocities): the one place the advective form
  // gives up conservation, and by exactly that much.
  Box box(6, 5, false);
  const std::int64_t cells = box.g.cells();
  double expected = 0;
  for (int z = 1; z <= 6; ++z)
    for (int y = 1; y <= 6; ++y)
      for (int x = 1; x <= 6; ++x) {
        const std::int64_t n = cell_index(box.g, x, y, z);
        double div = 0;
        for (int a = 0; a < 3; ++a) {
          const std::int64_t lo = cell_index(box.g, x - (a == 0), y - (a == 1), z - (a == 2));
          const std::int64_t hi = cell_index(box.g, x + (a == 0), y + (a == 1), z + (a == 2));
          const float* u = box.flow.data() + a * cells;
          if (box.flags[std::size_t(hi)] == kFluid) div += 0.5 * (double(u[n]) + u[hi]);
          if (box.flags[std::size_t(lo)] == kFluid) div -= 0.5 * (double(u[lo]) + u[n]);
        }
        expected += box.c[std::size_t(n)] * div;
      }
  const double before = box.total();
  box.step();
  EXPECT_NEAR(box.total() - before, expected, 1e-4 * before);
}

TEST(ScalarTransport, UniformConcentrationStaysUniformWithoutFlow) {
  Box box(6, 3, true);
  for (std::size_t i = 0; i < box.c.size(); ++i)
    if (box.flags[i] == kFluid) box.c[i] = 0.75f;
  for (int s = 0; s < 20; ++s) box.step();
  for (std::size_t i = 0; i < box.c.size(); ++i) {
    if (box.flags[i] == kFluid) {
      ASSERT_EQ(box.c[i], 0.75f) << "cell " << i;
    }
  }
}

TEST(ScalarTransport, DiffusionAloneIsTheDiscreteLaplacian) {
  Box box(6, 11, true);
  const std::vector<float> before = box.c;
  box.step();
  const std::int64_t cells = box.g.cells();
  const int x = 3, y = 2, z = 4;
  const std::int64_t n = cell_index(box.g, x, y, z);
  const float dn = scalar_diffusivity(box.p, box.flow[std::size_t(kFluidViscosity * cells + n)]);
  double expected = before[std::size_t(n)];
  for (int a = 0; a < 3; ++a)
    for (int side : {-1, 1}) {
      const std::int64_t m = cell_index(box.g, x + (a == 0) * side, y + (a == 1) * side, z + (a == 2) * side);
      const float dm = scalar_diffusivity(box.p, box.flow[std::size_t(kFluidViscosity * cells + m)]);
      expected += 0.5 * (double(dn) + dm) * (double(before[std::size_t(m)]) - before[std::size_t(n)]);
    }
  EXPECT_NEAR(box.c[std::size_t(n)], expected, 1e-5);
}
