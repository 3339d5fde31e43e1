#pragma once
// One run's lattice: geometry, units and backend put together from a case,
// stepped in lattice time and reported in SI.
#include <mpi.h>
#include <array>
#include <memory>
#include <vector>
#include "case_model.h"
#include "kernels/lattice_backend.h"
#include "meshes/box_domain.h"
#include "parallel/decomposition.h"
#include "parallel/halo_plan.h"
#include "parallel/halo_transport.h"
#include "blend_tracer.h"
#include "particle_cloud.h"
#include "rotor.h"
#include "units.h"

namespace stirlb {

struct Diagnostics {  // SI
  double mass_kg = 0.0;
  double mass_drift = 0.0;  // relative to the initial mass
  double kinetic_energy_J = 0.0;
  double max_speed_m_s = 0.0;
  bool finite = true;
};

// How a run is spread over MPI ranks.
struct ParallelOptions {
  MPI_Comm comm = MPI_COMM_WORLD;
  std::array<int, 3> procs{0, 0, 0};  // ranks per axis; 0 = PETSc decides
  bool device_halo = false;           // hand device memory to MPI (GPU-aware MPI)
  bool petsc_sf = false;              // halo through PetscSF instead of MPI on the neighbours
};

class Simulation {
 public:
  // Throws CaseError if the case cannot be run safely (see units.h). Every
  // rank of options.comm constructs its Simulation; each holds its block.
  Simulation(CaseModel model, BackendKind backend, ParallelOptions options = {});
  ~Simulation();

  const CaseModel& model() const { return model_; }
  const LatticeUnits& units() const { return units_; }
  // The whole lattice's geometry (every rank has it).
  const BoxLattice& box() const { return box_; }
  // This rank's part of it: the backend's grid is the block plus ghosts.
  LatticeBackend& lattice() { return *lattice_; }
  const LatticeBackend& lattice() const { return *lattice_; }
  const Decomposition& decomposition() const { return *decomposition_; }
  const LoadBalance& load_balance() const { return balance_; }
  const HaloPlan& halo_plan() const { return halo_plan_; }
  MPI_Comm comm() const { return options_.comm; }
  bool root() const { return decomposition_->rank() == 0; }
  // Sum over ranks, the same on every rank.
  double sum_over_ranks(double local) const;

  // Steps the lattice; a tank's rotor forces the fluid before every step and
  // its loads go into rotor_history().
  void advance(std::int64_t steps);
  std::int64_t step() const { return lattice_->steps_done(); }
  double time() const { return double(step()) * units_.dt; }

  Diagnostics diagnostics();
  // kDerivedComponentCount x cells of this rank's block (no ghosts), SI
  // (kernels/derived_fields.h); the output and global statistics use these.
  void local_derived_fields(std::vector<float>& out);
  // Time averages likewise (average_components() x block cells).
  void local_averages(std::vector<float>& out);
  // The same over the whole lattice, gathered on every rank: for validation
  // cases and small runs, not for production sizes.
  void derived_fields(std::vector<float>& out);
  void averages(std::vector<float>& out);
  // The lattice state (LatticeBackend::saved_state) of the whole lattice,
  // gathered on every rank: what rank-count independence is judged by.
  void global_state(std::vector<float>& out);
  // Checkpoints (run_checkpoint.h): this rank's block of the state and of the
  // average sums, and putting them back.
  void owned_state(std::vector<float>& out);
  void owned_average_sums(std::vector<float>& out);
  void restore(const std::vector<float>& owned_state, std::int64_t steps, const std::vector<float>& owned_sums,
               std::int64_t samples, std::vector<RotorLoads> history);
  // Two-way coupling: this rank's block of the beads' force on the fluid
  // (3 x owned cells), and putting it back.
  void owned_particle_forces(std::vector<float>& out);
  void restore_particle_forces(const std::vector<float>& owned);
  // This rank's block of the whole lattice's flags.
  std::vector<std::uint8_t> local_box_flags() const;

  // Physical position of the centre of whole-lattice cell `i` along `axis`: from the
  // lower wall (or periodic edge) of a box, from the axis and the lowest
  // point of the bottom of a tank.
  double cell_centre(int axis, int i) const { return (i - box_.origin_cell[axis]) * units_.dx; }

  // Cases with [microcarriers] only (null otherwise).
  ParticleCloud* particles() { return particles_.get(); }
  const ParticleCloud* particles() const { return particles_.get(); }
  // Wall time spent moving and migrating beads.
  double particle_seconds() const { return particle_seconds_; }

  // Cases with [blend] only (null otherwise).
  BlendTracer* blend() { return blend_.get(); }
  const BlendTracer* blend() const { return blend_.get(); }
  // Checkpoints: this rank's block of the tracer's concentration, and
  // putting it back with the tracer's history.
  void owned_blend_concentration(std::vector<float>& out);
  void restore_blend(const std::vector<float>& owned, bool injected, std::vector<BlendSample> history);
  // The whole lattice's concentration on every rank (validation, tests).
  void blend_concentration(std::vector<float>& out);
  double blend_seconds() const { return blend_seconds_; }

  // Tanks only (null otherwise).
  const Rotor* rotor() const { return rotor_.get(); }
  const std::vector<RotorLoads>& rotor_history() const { return history_; }
  // Wall time spent in immersed-boundary forcing and torque reduction.
  double immersed_boundary_seconds() const { return ib_seconds_; }
  // From step `first` on, add the state to the time averages every `every` steps.
  void schedule_averaging(std::int64_t first, std::int64_t every) {
    average_from_ = first;
    average_every_ = std::max<std::int64_t>(every, 1);
  }
  double cell_volume() const { return units_.dx * units_.dx * units_.dx; }

 private:
  void initialize();
  void step_once();
  void exchange_halo(int parity);
  // Owned block of a local (ghosted) array of `components` fields.
  void owned_block(const std::vector<float>& local, int components, std::vector<float>& out) const;
  // The reverse: an owned block into a local array with zero ghosts.
  std::vector<float> local_from_owned(const std::vector<float>& owned, int components) const;
  void gather(const std::vector<float>& owned, int components, std::vector<float>& out) const;

  CaseModel model_;
  ParallelOptions options_;
  LatticeUnits units_;
  BoxLattice box_;
  std::unique_ptr<Decomposition> decomposition_;
  LoadBalance balance_;
  HaloPlan halo_plan_;
  std::unique_ptr<HaloTransport> transport_;
  std::unique_ptr<PartialSumReducer> reducer_;
  // Where the step is split so that messages travel during the interior.
  std::vector<IndexBox> border_;
  IndexBox interior_;
  std::unique_ptr<LatticeBackend> lattice_;
  std::unique_ptr<Rotor> rotor_;
  std::vector<RotorLoads> history_;
  std::unique_ptr<ParticleCloud> particles_;
  double particle_seconds_ = 0.0;
  std::unique_ptr<BlendTracer> blend_;
  double blend_seconds_ = 0.0;
  std::int64_t average_from_ = -1, average_every_ = 1;
  double ib_seconds_ = 0.0;
  double initial_mass_ = 0.0;
};

// The lattice configuration a case asks for, without allocating it.
LatticeConfig lattice_config(const CaseModel& model, const LatticeUnits& units, const BoxLattice& box);
BoxLattice box_lattice(const CaseModel& model, const LatticeUnits& units);
BoxLattice tank_lattice(const VesselLattice& vessel);
std::unique_ptr<LatticeBackend> make_lattice_backend(BackendKind backend, const LatticeConfig& config);

}  // namespace stirlb
