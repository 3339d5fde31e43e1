#pragma once
// A run's microcarriers: the parcels this rank owns, moved after every
// lattice step by the backend (kernels/particle_step.h), handed to the rank
// that owns their new cell, and put back into the fluid with two-way
// coupling. Beads are kept sorted by id on every rank, so that everything
// summed over them happens in one order whatever the rank count.
#include <mpi.h>
#include <cstdint>
#include <memory>
#include <vector>
#include "kernels/lattice_backend.h"
#include "kernels/particle_types.h"
#include "meshes/box_domain.h"
#include "parallel/decomposition.h"
#include "parallel/cell_field_halo.h"
#include "solver/microcarrier_model.h"
#include "solver/rotor.h"
#include "solver/units.h"

namespace stirlb {

// Per-bead quantities for output and statistics, SI.
struct BeadSample {
  double position[3];     // m, the output frame
  float velocity[3];      // m/s
  float shear_stress;     // Pa, molecular plus eddy
  float eddy_shear_stress;  // Pa, the eddy part
  float dissipation;      // W/kg
  float kolmogorov;       // m
  float age;              // s since release
  bool bottom_contact;    // touched the bottom in the last step
  bool resting;           // on the bottom for longer than the suspension window
  bool suspended;         // off the bottom for longer than the window
};

class ParticleCloud {
 public:
  // Seeds the case's beads and keeps those in this rank's block. The
  // loading refers to `liquid_volume` (m^3, the case's, as the parser sees it).
  ParticleCloud(const MicrocarrierSpec& spec, const FluidProperties& fluid, const LatticeUnits& units,
                const BoxLattice& box, double liquid_volume, const Decomposition& decomposition,
                LatticeBackend& lattice, const Rotor* rotor, const DamageLaws& damage = {});

  // After a lattice step from t to t + dt: the field's ghosts, the move, the
  // migration, and (two-way) the beads' force for the next step.
  void advance(LatticeBackend& lattice, const Rotor* rotor, double t);

  const std::vector<Bead>& beads() const { return beads_; }
  std::int64_t total() const { return total_; }  // over all ranks, constant
  std::int64_t count_over_ranks() const;         // counted now (conservation checks)
  const BeadParams& params() const { return params_; }
  const MicrocarrierSpec& spec() const { return spec_; }
  double real_beads() const { return real_beads_; }
  BeadSample sample(const Bead& b) const;
  // The whole lattice's bead coordinate of the lowest liquid point and the
  // liquid height in cells (suspension metrics).
  double bottom() const { return bottom_; }
  double liquid_height() const { return liquid_height_; }
  // Liquid cells in each of `zones` equal-height layers, bottom up.
  std::vector<double> zone_volumes(int zones) const;

  // Checkpoints: every bead of every rank, by id (collective), and back.
  std::vector<double> gathered_table() const;
  static constexpr int kTableColumns = 18 + kMaxDamageLaws;
  void restore(const std::vector<double>& table);

 private:
  void migrate();
  void deposit_reaction(LatticeBackend& lattice, const std::vector<std::int64_t>& start_cells,
                        const std::vector<float>& start_v);
  bool owns(const Bead& b) const;
  RotorMotion motion(const Rotor& rotor, double t) const;

  MicrocarrierSpec spec_;
  LatticeUnits units_;
  double density_ = 0;
  const Decomposition& decomposition_;
  Block block_;
  BeadParams params_;
  ParticleGrid grid_;
  std::vector<Bead> beads_;
  std::int64_t total_ = 0;
  double real_beads_ = 0;
  std::array<double, 3> origin_cell_{};  // BoxLattice::origin_cell
  std::array<int, 3> global_{};
  std::array<bool, 3> periodic_{};
  double bottom_ = 0, liquid_height_ = 0;
  std::vector<int> liquid_per_layer_;  // fluid cells per z layer of the whole lattice
  std::unique_ptr<CellFieldHalo> halo_;
  std::vector<float> reaction_;
};

}  // namespace stirlb
