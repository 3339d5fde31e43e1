#pragma once
// The two geometries `stirlb bench` times, and the timing itself, kept apart
// from the command line so that they can be run without it.
#include <cstdint>
#include <string>
#include "kernels/particle_types.h"
#include "kernels/lattice_backend.h"

namespace stirlb {

enum class BenchGeometry {
  Periodic,  // N^3, every cell fluid, periodic on all axes
  Cavity,    // N^3 with a solid layer on every face, the z-max layer a moving lid
};

struct BenchSetup {
  BackendKind backend = BackendKind::CPU;
  int size = 96;
  Stencil stencil = Stencil::D3Q19;
  Precision precision = Precision::FP32;
  CollisionOperator collision = CollisionOperator::Regularized;
  bool les = true;
  int steps = 0;                // 0: enough steps to fill target_seconds
  double target_seconds = 3.0;
};

struct BenchCaseResult {
  std::string name;
  std::string lattice;  // the backend's own description
  std::int64_t cells = 0;
  std::int64_t fluid_cells = 0;
  std::int64_t steps = 0;
  double seconds = 0.0;
  bool finite = true;  // state still finite after the timed steps
  // Million fluid-cell updates per second: solid cells are skipped by the
  // kernel, so counting them would flatter walled boxes.
  double mlups() const { return double(fluid_cells) * double(steps) / seconds / 1e6; }
};

std::string to_string(BenchGeometry g);
BenchCaseResult run_bench_case(const BenchSetup& setup, BenchGeometry geometry);

// Microcarriers on the same lattice: the particle field enabled (every step
// writes 5 floats per fluid cell) and `beads` beads at random positions in
// the fluid cells, moved by advance_particles after every step, as a
// one-rank run does (no halo to exchange, no migration). The lattice starts
// from a Taylor-Green velocity field of amplitude kBeadBenchFlow, so that the
// beads cross cells and, in the cavity, meet the walls. (A one-rank grid has
// no ghost layer, so in the periodic box the beads take the box's faces for
// walls too; nothing wraps them round.)
constexpr float kBeadBenchFlow = 0.05f;        // lattice units, the lid speed
constexpr double kBeadBenchDiameterM = 190e-6;  // Cytodex 1, hydrated
constexpr double kBeadBenchDxM = 1e-3;          // a 96-cell lattice across a ~10 cm vessel
constexpr float kBeadBenchGravity = 1e-6f;      // lattice units, along -z

// The beads' parameters: 190 um at dx = 1 mm (0.19 cells), rho_p / rho_f =
// 1.03, the lattice's molecular viscosity, released at once.
BeadParams bench_bead_params();

struct BeadBenchResult {
  std::string name;  // the geometry
  std::int64_t beads = 0;
  std::int64_t cells = 0;
  std::int64_t fluid_cells = 0;
  std::int64_t steps = 0;
  double lattice_seconds = 0.0;   // in step() (and, on CUDA, the wait for it)
  double particle_seconds = 0.0;  // in advance_particles
  bool finite = true;             // lattice state still finite
  bool beads_finite = true;       // every bead position and velocity finite
  double seconds() const { return lattice_seconds + particle_seconds; }
  double mlups() const { return double(fluid_cells) * double(steps) / lattice_seconds / 1e6; }
  double ns_per_bead_step() const {
    return beads > 0 ? particle_seconds / (double(beads) * double(steps)) * 1e9 : 0.0;
  }
  double particle_share() const { return particle_seconds / seconds(); }
};

// How the beads lie in memory. Random: in no relation to where they are, as a
// run's beads (kept in id order) end up after some mixing. ByCell: sorted by
// the cell they start in (z, then y, then x), as a periodic sort would keep
// them, so that neighbours in memory read the same part of the field.
enum class BeadOrder { Random, ByCell };

// Times steps of lattice step + bead advance; steps as in run_bench_case
// (setup.steps, or calibrated to setup.target_seconds for the pair).
BeadBenchResult run_bead_bench_case(const BenchSetup& setup, BenchGeometry geometry, std::int64_t beads,
                                    BeadOrder order = BeadOrder::Random);

// What writing the particle field costs the lattice step: two lattices from
// the same Taylor-Green start, one with particles enabled (no beads), stepped
// in turn two steps at a time (in the order ABBA, so that a drift in the
// machine's speed weighs on both alike). On a shared machine separate runs
// differ by more than this cost; interleaved, both see the same conditions.
struct FieldCostResult {
  std::string name;  // the geometry
  std::int64_t fluid_cells = 0;
  std::int64_t steps = 0;  // each lattice
  double seconds_without = 0.0, seconds_with = 0.0;
  bool finite = true;
  double mlups_without() const { return double(fluid_cells) * double(steps) / seconds_without / 1e6; }
  double mlups_with() const { return double(fluid_cells) * double(steps) / seconds_with / 1e6; }
  double change() const { return seconds_without / seconds_with - 1.0; }  // of MLUPs/s
};

// Steps per lattice: setup.steps, or calibrated to setup.target_seconds each.
FieldCostResult run_field_cost_case(const BenchSetup& setup, BenchGeometry geometry);

}  // namespace stirlb
