#include "solver/bead_seeding.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>

namespace stirlb {

namespace {

// std::mt19937_64's output is fixed by the standard; the distributions are
// not, so the conversions to indices and reals are ours, and a seed places
// the beads identically with every standard library.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1) from the top 53 bits.
  double unit() { return double(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), without modulo bias.
  std::size_t index(std::size_t n) {
    const std::uint64_t range = n;
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % range;
    std::uint64_t r = 0;
    do r = engine_();
    while (r >= limit);
    return std::size_t(r % range);
  }

 private:
  std::mt19937_64 engine_;
};

struct CellIndex {
  int x, y, z;
};

std::vector<std::size_t> fluid_cells(const BoxLattice& box) {
  std::vector<std::size_t> cells;
  for (std::size_t i = 0; i < box.flags.size(); ++i)
    if (box.flags[i] == kFluid) cells.push_back(i);
  return cells;
}

CellIndex unflatten(const BoxLattice& box, std::size_t i) {
  const std::size_t nx = std::size_t(box.grid.nx), ny = std::size_t(box.grid.ny);
  return {int(i % nx), int(i / nx % ny), int(i / (nx * ny))};
}

// A fluid cell resting on a wall (or on the lattice's lowest layer).
bool on_floor(const BoxLattice& box, std::size_t i) {
  const std::size_t layer = std::size_t(box.grid.nx) * std::size_t(box.grid.ny);
  return i < layer || cell_kind(box.flags[i - layer]) != kFluid;
}

// Flat indices sort by z first (x fastest), so `fluid` is ordered by height
// and its prefix is the lowest cells. The bed ends with a whole layer, so
// that it has a level top rather than one filled along y.
std::vector<std::size_t> settled_bed(const BoxLattice& box, const std::vector<std::size_t>& fluid,
                                     double bead_cells) {
  const double needed = std::ceil(bead_cells / kSettledPacking);
  const std::size_t count = std::size_t(std::clamp(needed, 1.0, double(fluid.size())));
  const int top = unflatten(box, fluid[count - 1]).z;
  std::vector<std::size_t> bed;
  for (std::size_t i : fluid)
    if (unflatten(box, i).z <= top || on_floor(box, i)) bed.push_back(i);
  return bed;
}

// Inside [i, i + 1), at least `margin` from both faces.
float coordinate(int i, double margin, double u) {
  const float x = float(i + margin + u * (1 - 2 * margin));
  return std::clamp(x, float(i), std::nextafter(float(i + 1), float(i)));
}

}  // namespace

BeadParams bead_params(const MicrocarrierSpec& spec, const FluidProperties& fluid, const LatticeUnits& units) {
  BeadParams p;
  p.diameter = float(spec.diameter / units.dx);
  p.density_ratio = float(spec.density / fluid.density);
  p.viscosity = float(units.lattice_viscosity);
  for (int a = 0; a < 3; ++a) p.gravity[a] = float(spec.gravity[a] * units.dt * units.dt / units.dx);
  p.added_mass = float(spec.added_mass);
  p.restitution = float(spec.restitution);
  p.friction = float(spec.friction);
  p.release_step = units.steps_for(spec.release_time);
  p.pressure_gradient = spec.pressure_gradient;
  return p;
}

double real_bead_count(const MicrocarrierSpec& spec, double liquid_volume_m3) {
  return spec.total_beads(liquid_volume_m3);
}

std::vector<Bead> seed_beads(const MicrocarrierSpec& spec, const BoxLattice& box, double dx, double real_beads) {
  if (spec.parcels < 1) throw std::invalid_argument("seed_beads: parcels must be at least 1");
  if (!(dx > 0)) throw std::invalid_argument("seed_beads: dx must be positive");
  if (!(real_beads >= 0) || !std::isfinite(real_beads))
    throw std::invalid_argument("seed_beads: the real bead count must be finite and not negative");
  const std::vector<std::size_t> fluid = fluid_cells(box);
  if (fluid.empty()) throw std::invalid_argument("seed_beads: the lattice has no fluid cell");

  const double d = spec.diameter / dx;  // cells
  std::vector<std::size_t> cells = fluid;
  if (spec.initial == BeadStart::Settled) {
    const auto& g = spec.gravity;
    if (g[0] != 0 || g[1] != 0 || !(g[2] < 0))
      throw std::invalid_argument("seed_beads: initial = \"settled\" needs gravity along -z");
    cells = settled_bed(box, fluid, real_beads * std::numbers::pi / 6 * d * d * d);
  }
  // Clear of the cell's faces, so that a bead starts off every wall.
  const double margin = std::min(0.5 * d + 1e-3, 0.49);

  Draw draw(spec.seed);
  std::vector<Bead> beads(std::size_t(spec.parcels));
  for (std::size_t k = 0; k < beads.size(); ++k) {
    Bead& b = beads[k];
    const CellIndex c = unflatten(box, cells[draw.index(cells.size())]);
    const int at[3] = {c.x, c.y, c.z};
    for (int a = 0; a < 3; ++a) {
      b.x[a] = coordinate(at[a], margin, draw.unit());
      b.v[a] = 0.f;
      b.fluid_u[a] = 0.f;
    }
    b.shear_rate = 0.f;
    b.viscosity = 0.f;
    b.age = 0.f;
    b.bottom_time = 0.f;
    b.since_bottom = 1e30f;
    b.weight = float(real_beads / double(spec.parcels));
    b.state = 0;
    b.id = std::int64_t(k);
  }
  return beads;
}

}  // namespace stirlb
