#pragma once
// A box of fluid for the bead-kernel tests: the particle field and flags of
// one rank that owns all of it, optionally closed by a one-cell solid shell,
// and the bead step run over it on the host.
#include <cstdint>
#include <vector>
#include "kernels/particle_step.h"

namespace stirlb::testing {

struct ParticleBox {
  ParticleGrid grid;
  std::vector<float> field;
  std::vector<std::uint8_t> flags;
  float viscosity;

  ParticleBox(int nx, int ny, int nz, bool shell, float nu = 0.1f) : viscosity(nu) {
    grid.nx = nx, grid.ny = ny, grid.nz = nz;
    grid.owned_hi[0] = nx, grid.owned_hi[1] = ny, grid.owned_hi[2] = nz;
    field.assign(std::size_t(kParticleFieldComponents) * std::size_t(grid.cells()), 0.f);
    flags.assign(std::size_t(grid.cells()), kFluid);
    for (int z = 0; z < nz; ++z)
      for (int y = 0; y < ny; ++y)
        for (int x = 0; x < nx; ++x) {
          if (shell && (x == 0 || y == 0 || z == 0 || x == nx - 1 || y == ny - 1 || z == nz - 1))
            solid(x, y, z);
          else
            at(kFluidViscosity, cell(x, y, z)) = nu;
        }
  }
  std::int64_t cell(int x, int y, int z) const { return x + std::int64_t(grid.nx) * (y + std::int64_t(grid.ny) * z); }
  float& at(int component, std::int64_t c) { return field[std::size_t(component * grid.cells() + c)]; }
  void solid(int x, int y, int z) {
    const std::int64_t c = cell(x, y, z);
    flags[std::size_t(c)] = make_flag(kWall);
    for (int k = 0; k < kParticleFieldComponents; ++k) at(k, c) = 0.f;
  }
  bool open_at(const float (&x)[3]) const {
    int c[3];
    cell_of(x, c);
    for (int k = 0; k < 3; ++k)
      if (c[k] < 0 || c[k] >= (k == 0 ? grid.nx : k == 1 ? grid.ny : grid.nz)) return false;
    return flags[std::size_t(cell(c[0], c[1], c[2]))] == kFluid;
  }
  // Sets u at every cell centre from f(x, y, z, u).
  template <class F>
  void set_velocity(F f) {
    for (int z = 0; z < grid.nz; ++z)
      for (int y = 0; y < grid.ny; ++y)
        for (int x = 0; x < grid.nx; ++x) {
          double u[3];
          f(x + 0.5, y + 0.5, z + 0.5, u);
          for (int k = 0; k < 3; ++k) at(k, cell(x, y, z)) = float(u[k]);
        }
  }
  AdvanceBeads advance(std::vector<Bead>& beads, const BeadParams& p, std::int64_t step,
                       const RotorTriangles& rotor = RotorTriangles{}, const RotorMotion& motion = RotorMotion{},
                       float* reaction = nullptr) const {
    return AdvanceBeads{beads.data(), field.data(), flags.data(), grid, p, rotor, motion, step, reaction};
  }
  // Advances the beads over steps [first, first + count).
  void run(std::vector<Bead>& beads, const BeadParams& p, std::int64_t first, std::int64_t count = 1,
           std::vector<float>* reaction = nullptr) const {
    if (reaction) reaction->assign(3 * beads.size(), 0.f);
    for (std::int64_t s = first; s < first + count; ++s) {
      const AdvanceBeads a = advance(beads, p, s, RotorTriangles{}, RotorMotion{}, reaction ? reaction->data() : nullptr);
      for (std::int64_t i = 0; i < std::int64_t(beads.size()); ++i) a(i);
    }
  }
};

inline Bead bead_at(float x, float y, float z) {
  Bead b{};
  b.x[0] = x, b.x[1] = y, b.x[2] = z;
  b.since_bottom = 1e6f;
  b.weight = 1.f;
  return b;
}

}  // namespace stirlb::testing
