// Microcarriers against walls and the rotor: inelastic contacts with
// friction, beads coming to rest on the bottom, no tunnelling through thin
// plates, diagonal staircases or zero-thickness blades, the rotor's bins, and
// bitwise determinism of the bead step.
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>
#include "kernels/particle_step.h"
#include "particle_test_box.h"

using namespace stirlb;
using stirlb::testing::bead_at;
using stirlb::testing::ParticleBox;

namespace {

BeadParams contact_params(float diameter) {
  BeadParams p;
  p.diameter = diameter;
  p.viscosity = 0.1f;
  p.restitution = 0.5f;
  p.friction = 0.3f;
  return p;
}

}  // namespace

TEST(StaticWalls, BounceOffTheFloorWithRestitutionAndFriction) {
  const ParticleBox tank(8, 8, 8, true);
  const BeadParams p = contact_params(0.4f);
  const float from[3] = {3.5f, 3.5f, 1.5f};
  float to[3] = {3.6f, 3.5f, 0.9f};
  float v[3] = {0.1f, 0.f, -0.2f};
  const WallContacts c = move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
  EXPECT_EQ(c.count, 1);
  EXPECT_TRUE(c.bottom);
  // v_n -> -e v_n; |dv_t| = mu (1 + e) |v_n| = 0.09 of the 0.1 there was.
  EXPECT_NEAR(v[2], 0.1f, 1e-7);
  EXPECT_NEAR(v[0], 0.01f, 1e-7);
  EXPECT_EQ(v[1], 0.f);
  // Radius plus the gap off the floor's face at z = 1; the tangential part
  // of the move goes on.
  EXPECT_NEAR(to[2], 1.f + 0.2f + kWallGap, 1e-6);
  EXPECT_NEAR(to[0], 3.6f, 1e-6);
  EXPECT_NEAR(to[1], 3.5f, 1e-6);
}

TEST(StaticWalls, FrictionStopsButNeverReversesSliding) {
  const ParticleBox tank(8, 8, 8, true);
  const BeadParams p = contact_params(0.4f);
  const float from[3] = {3.5f, 3.5f, 1.3f};
  float to[3] = {3.55f, 3.52f, 1.1f};
  float v[3] = {0.05f, 0.02f, -0.2f};
  move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
  EXPECT_EQ(v[0], 0.f);
  EXPECT_EQ(v[1], 0.f);
  EXPECT_NEAR(v[2], 0.1f, 1e-7);
}

TEST(StaticWalls, SideWallAndLidAreNotTheBottom) {
  const ParticleBox tank(8, 8, 8, true);
  const BeadParams p = contact_params(2.f);  // contact radius capped at 0.49
  {
    const float from[3] = {5.5f, 3.5f, 3.5f};
    float to[3] = {6.9f, 3.5f, 3.6f};
    float v[3] = {0.3f, 0.f, 0.05f};
    const WallContacts c = move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
    EXPECT_EQ(c.count, 1);
    EXPECT_FALSE(c.bottom);
    EXPECT_NEAR(to[0], 7.f - kMaxContactRadius - kWallGap, 1e-6);
    EXPECT_NEAR(v[0], -0.15f, 1e-7);
    EXPECT_EQ(v[2], 0.f);  // mu (1 + e) 0.3 > 0.05
  }
  {
    const float from[3] = {3.5f, 3.5f, 6.2f};
    float to[3] = {3.5f, 3.5f, 6.8f};
    float v[3] = {0.f, 0.f, 0.6f};
    const WallContacts c = move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
    EXPECT_EQ(c.count, 1);
    EXPECT_FALSE(c.bottom);
    EXPECT_NEAR(to[2], 7.f - kMaxContactRadius - kWallGap, 1e-6);
    EXPECT_NEAR(v[2], -0.3f, 1e-7);
  }
}

TEST(StaticWalls, BeadLeavingAWallIsNotHeldBack) {
  const ParticleBox tank(8, 8, 8, true);
  const BeadParams p = contact_params(0.4f);
  const float from[3] = {3.5f, 3.5f, 1.f + 0.2f + kWallGap};
  float to[3] = {3.5f, 3.5f, 1.5f};
  float v[3] = {0.f, 0.f, 0.3f};
  const WallContacts c = move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
  EXPECT_EQ(c.count, 0);
  EXPECT_EQ(to[2], 1.5f);
  EXPECT_EQ(v[2], 0.3f);
}

TEST(StaticWalls, DiagonalStaircaseCannotBeCrossed) {
  // Solid cells (i, i, z) split the box into y < x and y > x; neighbours
  // across the staircase share only an edge, the lattice's diagonal link.
  const int n = 16;
  ParticleBox tank(n, n, 4, true);
  for (int i = 0; i < n; ++i)
    for (int z = 0; z < 4; ++z) tank.solid(i, i, z);
  auto below = [](const float (&x)[3]) { return std::floor(x[1]) < std::floor(x[0]); };
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  for (float diameter : {0.f, 0.3f, 0.98f}) {
    const BeadParams p = contact_params(diameter);
    for (int i = 2; i < n - 2; ++i) {
      // Exactly through the corner (i, i) that the solid cells (i-1, i-1) and
      // (i, i) share, from the centre of (i, i-1) to the centre of (i-1, i).
      {
        const float from[3] = {i + 0.5f, i - 0.5f, 1.5f};
        float to[3] = {i - 0.5f, i + 0.5f, 1.5f};
        float v[3] = {-1.f, 1.f, 0.f};
        move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
        EXPECT_TRUE(tank.open_at(to) && below(to)) << "corner " << i << " d " << diameter;
      }
      // Repeated diagonal shots with jitter, from all over the cell below.
      for (int shot = 0; shot < 50; ++shot) {
        float x[3] = {i + unit(rng), i - 1 + unit(rng), 1.f + 2.f * unit(rng)};
        if (!tank.open_at(x)) continue;
        for (int s = 0; s < 10; ++s) {
          const float jitter = shot < 10 ? 0.f : 0.1f * (unit(rng) - 0.5f);
          const float len = 0.2f + 0.5f * unit(rng);
          float v[3] = {-len + jitter, len, 0.f};
          const float from[3] = {x[0], x[1], x[2]};
          float to[3] = {x[0] + v[0], x[1] + v[1], x[2]};
          move_past_walls(tank.flags.data(), tank.grid, p, from, to, v);
          ASSERT_TRUE(tank.open_at(to) && below(to))
              << "from " << from[0] << " " << from[1] << " to " << to[0] << " " << to[1] << " d " << diameter;
          for (int k = 0; k < 3; ++k) x[k] = to[k];
        }
      }
    }
  }
}

TEST(StaticWalls, SettlingBeadComesToRestOnTheBottom) {
  struct Case {
    float diameter, density_ratio, viscosity, gravity, start;
    int steps;
  };
  // tau_p = 0.7 dt, creeping down; and tau_p = 7 dt, bouncing before it rests.
  for (const Case& k : {Case{0.9f, 1.05f, 0.1f, 1e-2f, 1.5f, 800}, Case{0.6f, 3.f, 0.01f, 2e-3f, 3.5f, 3000}}) {
    const ParticleBox tank(8, 8, 8, true, k.viscosity);
    BeadParams p = contact_params(k.diameter);
    p.density_ratio = k.density_ratio;
    p.viscosity = k.viscosity;
    p.gravity[2] = -k.gravity;
    std::vector<Bead> beads{bead_at(3.3f, 4.6f, k.start)};
    float last_bottom_time = 0.f, height = 0.f;
    for (int s = 0; s < k.steps; ++s) {
      tank.run(beads, p, s);
      ASSERT_TRUE(tank.open_at(beads[0].x));
      if (s == k.steps - 101) height = beads[0].x[2];
      if (s >= k.steps - 100) {
        EXPECT_TRUE(beads[0].state & kBeadBottomContact) << "step " << s;
        EXPECT_EQ(beads[0].bottom_time, last_bottom_time + 1.f);
        EXPECT_EQ(beads[0].since_bottom, 0.f);
      }
      last_bottom_time = beads[0].bottom_time;
    }
    const float rest = 1.f + 0.5f * k.diameter + kWallGap;
    EXPECT_NEAR(beads[0].x[2], rest, 2e-3) << "d " << k.diameter;
    EXPECT_NEAR(beads[0].x[0], 3.3f, 1e-6);
    EXPECT_GT(beads[0].bottom_time, 100.f);
    // At rest: it stays put, and what is left of its velocity is the rebound
    // of the last step's settling (restitution times a fraction of it).
    EXPECT_NEAR(beads[0].x[2], height, 1e-4f);
    const double settling = (k.density_ratio - 1) * k.gravity * k.diameter * k.diameter / (18 * k.viscosity);
    EXPECT_LT(std::abs(beads[0].v[2]), p.restitution * settling);
  }
}

TEST(StaticWalls, RandomBeadsNeverEnterSolidsOrLeaveTheBox) {
  // A closed box with a thin plate across most of it, a thin shelf, and a
  // diagonal staircase, in a random flow of up to 0.4 cells/step that changes
  // every 100 steps; light and heavy beads start with random velocities.
  const int n = 24;
  ParticleBox tank(n, n, n, true);
  for (int z = 1; z < n - 1; ++z)
    for (int y = 1; y < 16; ++y) tank.solid(8, y, z);
  for (int y = 1; y < n - 1; ++y)
    for (int x = 12; x < n - 1; ++x) tank.solid(x, y, 12);
  for (int i = 1; i < n - 1; ++i)
    for (int z = 1; z < 7; ++z) tank.solid(i, i, z);
  std::mt19937 rng(2024);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  auto random_vector = [&](float length, float (&v)[3]) {
    float d[3], norm;
    do {
      for (float& c : d) c = 2.f * unit(rng) - 1.f;
      norm = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    } while (norm > 1.f || norm < 1e-3f);
    const float scale = length * unit(rng) / norm;
    for (int k = 0; k < 3; ++k) v[k] = d[k] * scale;
  };
  auto stir = [&]() {
    for (int z = 0; z < n; ++z)
      for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
          const std::int64_t c = tank.cell(x, y, z);
          if (tank.flags[std::size_t(c)] != kFluid) continue;
          float u[3];
          random_vector(0.4f, u);
          for (int k = 0; k < 3; ++k) tank.at(k, c) = u[k];
        }
  };
  BeadParams light = contact_params(0.3f);
  light.density_ratio = 1.05f;
  light.gravity[2] = -1e-3f;
  BeadParams heavy = contact_params(1.2f);
  heavy.density_ratio = 8.f;
  heavy.viscosity = 0.01f;
  heavy.restitution = 0.9f;
  heavy.friction = 0.1f;
  heavy.gravity[2] = -1e-3f;
  std::vector<Bead> group[2];
  for (auto& beads : group)
    while (beads.size() < 1000) {
      Bead b = bead_at(1.f + (n - 2) * unit(rng), 1.f + (n - 2) * unit(rng), 1.f + (n - 2) * unit(rng));
      if (!tank.open_at(b.x)) continue;
      random_vector(0.4f, b.v);
      beads.push_back(b);
    }
  int contacts = 0;
  for (int s = 0; s < 2000; ++s) {
    if (s % 100 == 0) stir();
    for (int g = 0; g < 2; ++g) {
      tank.run(group[g], g == 0 ? light : heavy, s);
      for (const Bead& b : group[g]) {
        ASSERT_TRUE(tank.open_at(b.x)) << "step " << s << " bead at " << b.x[0] << " " << b.x[1] << " " << b.x[2];
        contacts += b.since_bottom == 0.f;
      }
    }
  }
  EXPECT_GT(contacts, 1000);  // the beads did meet the floors
}

namespace {

// A flat blade of zero thickness: two triangles in the plane y = axis_y at
// angle 0, from 1 to 30 cells off the axis, z from 10 to 20.
struct Blade {
  float ax = 41.f, ay = 41.f;
  std::vector<float> vertices;
  RotorTriangleBins bins;
  Blade() {
    const float x0 = ax + 1.f, x1 = ax + 30.f, z0 = 10.f, z1 = 20.f;
    vertices = {x0, ay, z0, x1, ay, z0, x1, ay, z1,  // first triangle
                x0, ay, z0, x1, ay, z1, x0, ay, z1};
    bins = bin_triangles(vertices, 2.f);
  }
  RotorTriangles triangles() const {
    RotorTriangles r;
    r.vertices = vertices.data();
    r.triangles = int(vertices.size() / 9);
    r.bin_start = bins.start.data();
    r.bin_items = bins.items.data();
    for (int k = 0; k < 3; ++k) r.lo[k] = bins.lo[k], r.bins[k] = bins.bins[k];
    r.bin_size = bins.bin_size;
    return r;
  }
  RotorMotion motion(float omega, int step) const {
    RotorMotion m;
    m.axis_x = ax, m.axis_y = ay;
    m.angle_before = omega * float(step);
    m.angle_after = omega * float(step + 1);
    m.omega = omega;
    return m;
  }
  // Body-frame position (double) of a lab point with the blade at `angle`.
  void body(const float (&x)[3], double angle, double (&b)[3]) const {
    const double c = std::cos(angle), s = std::sin(angle), rx = x[0] - ax, ry = x[1] - ay;
    b[0] = c * rx + s * ry, b[1] = -s * rx + c * ry, b[2] = x[2];
  }
};

}  // namespace

TEST(RotorContact, BinsListEveryTriangleNearIt) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  std::vector<float> v;
  for (int t = 0; t < 40; ++t)
    for (int k = 0; k < 9; ++k) v.push_back(20.f * unit(rng) + (k % 3 == 2 ? 5.f : 0.f));
  for (float size : {0.7f, 2.f, 5.f}) {
    const RotorTriangleBins b = bin_triangles(v, size);
    ASSERT_EQ(b.start.size(), std::size_t(b.bins[0]) * b.bins[1] * b.bins[2] + 1);
    for (int t = 0; t < 40; ++t)
      for (int sample = 0; sample < 200; ++sample) {
        // A point on the triangle, moved up to kRotorBinPad in any direction.
        float l1 = unit(rng), l2 = unit(rng);
        if (l1 + l2 > 1) l1 = 1 - l1, l2 = 1 - l2;
        int bin[3];
        for (int k = 0; k < 3; ++k) {
          const float* p = &v[std::size_t(9 * t)];
          const float x = p[k] + l1 * (p[3 + k] - p[k]) + l2 * (p[6 + k] - p[k]) +
                          0.99f * kRotorBinPad / std::sqrt(3.f) * (2 * unit(rng) - 1);
          bin[k] = int(std::floor((x - b.lo[k]) / b.bin_size));
          ASSERT_GE(bin[k], 0);
          ASSERT_LT(bin[k], b.bins[k]);
        }
        const int id = bin[0] + b.bins[0] * (bin[1] + b.bins[1] * bin[2]);
        const auto first = b.items.begin() + b.start[std::size_t(id)];
        const auto last = b.items.begin() + b.start[std::size_t(id) + 1];
        ASSERT_NE(std::find(first, last, t), last) << "triangle " << t << " bin size " << size;
      }
  }
}

TEST(RotorContact, PathThroughTheSharedEdgeOrAVertexHits) {
  const Blade blade;
  const RotorTriangles r = blade.triangles();
  const RotorMotion still = blade.motion(0.f, 0);
  const BeadParams p = contact_params(0.f);
  // On the diagonal both triangles share, and at the corner they share.
  for (float s : {0.f, 0.25f, 0.5f, 1.f}) {
    const float x = blade.ax + 1.f + 29.f * s, z = 10.f + 10.f * s;
    const float from[3] = {x, blade.ay + 0.3f, z};
    float to[3] = {x, blade.ay - 0.3f, z};
    float v[3] = {0.f, -0.6f, 0.f};
    ASSERT_TRUE(collide_with_rotor(r, still, p, from, to, v)) << "s " << s;
    EXPECT_NEAR(to[1], blade.ay + kWallGap, 1e-5);
    EXPECT_NEAR(v[1], 0.3f, 1e-6);
  }
  // Just past the tip: a miss.
  const float from[3] = {blade.ax + 30.01f, blade.ay + 0.3f, 15.f};
  float to[3] = {blade.ax + 30.01f, blade.ay - 0.3f, 15.f};
  float v[3] = {0.f, -0.6f, 0.f};
  EXPECT_FALSE(collide_with_rotor(r, still, p, from, to, v));
}

TEST(RotorContact, HitBeadTakesTheBladesNormalVelocity) {
  const Blade blade;
  const RotorTriangles r = blade.triangles();
  const float omega = 0.05f;
  const RotorMotion m = blade.motion(omega, 0);
  const BeadParams p = contact_params(0.2f);
  // At rest 0.3 cells ahead of the blade at radius 15; the blade moves 0.75.
  const float from[3] = {blade.ax + 15.f, blade.ay + 0.3f, 15.f};
  float to[3] = {from[0], from[1], from[2]};
  float v[3] = {0.f, 0.f, 0.f};
  ASSERT_TRUE(collide_with_rotor(r, m, p, from, to, v));
  double b[3];
  blade.body(to, m.angle_after, b);
  EXPECT_NEAR(b[1], 0.1 + kWallGap, 1e-5);  // radius plus gap in front of the blade
  // Normal of the blade at angle_after, and the blade's velocity there.
  const double c = std::cos(m.angle_after), s = std::sin(m.angle_after);
  const double n[2] = {-s, c};
  const double wall_n = omega * b[0];  // omega z x r, normal part: omega times the radial distance
  const double vn = v[0] * n[0] + v[1] * n[1];
  EXPECT_NEAR(vn, (1 + p.restitution) * wall_n, 1e-5 * wall_n);
  // Friction takes the small tangential slip along the blade entirely.
  const double wall_t = -omega * b[1];
  EXPECT_NEAR(v[0] * c + v[1] * s, wall_t, 1e-6);
  EXPECT_EQ(v[2], 0.f);
}

TEST(RotorContact, ThinBladeSweepsRestingBeadsWithoutTunnelling) {
  const Blade blade;
  const RotorTriangles r = blade.triangles();
  const ParticleBox tank(82, 82, 32, false);
  const float omega = 0.05f;
  const int steps = int(std::ceil(2 * M_PI / omega)) + 1;
  BeadParams light = contact_params(0.2f);  // tau_p = 0.03: stops right after each push
  BeadParams heavy = contact_params(1.f);   // tau_p = 28: flies off ahead
  heavy.density_ratio = 10.f;
  for (const BeadParams& p : {light, heavy}) {
    std::vector<Bead> beads;
    for (float radius = 1.5f; radius <= 29.6f; radius += 1.f)
      for (float ahead : {0.001f, 0.02f, 0.3f, 3.f, 6.27f})
        for (float z : {10.05f, 15.f, 19.95f})
          beads.push_back(bead_at(blade.ax + radius * std::cos(ahead), blade.ay + radius * std::sin(ahead), z));
    const std::vector<Bead> start = beads;
    int pushed = 0;
    for (int s = 0; s < steps; ++s) {
      const RotorMotion m = blade.motion(omega, s);
      std::vector<Bead> before = beads;
      std::vector<float> reaction(3 * beads.size());
      const AdvanceBeads a = tank.advance(beads, p, s, r, m, reaction.data());
      for (std::int64_t i = 0; i < std::int64_t(beads.size()); ++i) a(i);
      for (std::size_t i = 0; i < beads.size(); ++i) {
        // The relative path, body frame: it must not pass through the blade.
        double b0[3], b1[3];
        blade.body(before[i].x, m.angle_before, b0);
        blade.body(beads[i].x, m.angle_after, b1);
        if ((b0[1] > 0) != (b1[1] > 0)) {
          const double f = b0[1] / (b0[1] - b1[1]);
          const double x = b0[0] + f * (b1[0] - b0[0]), z = b0[2] + f * (b1[2] - b0[2]);
          ASSERT_FALSE(x >= 1 && x <= 30 && z >= 10 && z <= 20)
              << "bead " << i << " went through the blade at step " << s << ", x " << x << " z " << z;
        }
        pushed += std::abs(b1[1] - (contact_radius(p) + kWallGap)) < 1e-3 && b1[0] >= 1 && b1[0] <= 30;
      }
    }
    EXPECT_GT(pushed, int(beads.size()));
    // Light beads well inside the blade's reach are still right in front of it.
    for (std::size_t i = 0; i < beads.size(); ++i) {
      const float radius = std::hypot(start[i].x[0] - blade.ax, start[i].x[1] - blade.ay);
      if (p.density_ratio > 1.f || radius > 20.f || start[i].x[2] != 15.f) continue;
      double b[3];
      blade.body(beads[i].x, omega * steps, b);
      EXPECT_GT(b[1], 0.0) << "bead " << i;
      EXPECT_LT(std::atan2(b[1], b[0]), 0.1) << "bead " << i << " at radius " << radius;
    }
  }
}

TEST(BeadStep, RunsAreBitwiseIdentical) {
  const Blade blade;
  const RotorTriangles r = blade.triangles();
  ParticleBox tank(82, 82, 32, true);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> unit(-1.f, 1.f);
  for (std::int64_t c = 0; c < tank.grid.cells(); ++c)
    if (tank.flags[std::size_t(c)] == kFluid)
      for (int k = 0; k < 3; ++k) tank.at(k, c) = 0.2f * unit(rng);
  std::vector<Bead> beads;
  for (int i = 0; i < 3000; ++i) {
    Bead b = bead_at(41.f + 30.f * unit(rng), 41.f + 30.f * unit(rng), 16.f + 14.f * unit(rng));
    for (int k = 0; k < 3; ++k) b.v[k] = 0.3f * unit(rng);
    b.id = i;
    beads.push_back(b);
  }
  BeadParams p = contact_params(0.5f);
  p.density_ratio = 1.1f;
  p.gravity[2] = -1e-3f;
  std::vector<Bead> copy = beads;
  std::vector<float> f1(3 * beads.size()), f2(3 * beads.size());
  for (int s = 0; s < 50; ++s) {
    const RotorMotion m = blade.motion(0.05f, s);
    const AdvanceBeads a1 = tank.advance(beads, p, s, r, m, f1.data());
    const AdvanceBeads a2 = tank.advance(copy, p, s, r, m, f2.data());
    for (std::int64_t i = 0; i < std::int64_t(beads.size()); ++i) a1(i);
    for (std::int64_t i = std::int64_t(beads.size()) - 1; i >= 0; --i) a2(i);  // another order
    ASSERT_EQ(std::memcmp(beads.data(), copy.data(), beads.size() * sizeof(Bead)), 0) << "step " << s;
    ASSERT_EQ(std::memcmp(f1.data(), f2.data(), f1.size() * sizeof(float)), 0) << "step " << s;
  }
}
