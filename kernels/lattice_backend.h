#pragma once
// What the solver sees of a lattice, whichever device holds it. Virtual calls
// happen once per step or per output, never per cell.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include "derived_fields.h"
#include "immersed_boundary.h"
#include "time_averages.h"
#include "lattice_params.h"
#include "particle_types.h"
#include "particle_walls.h"
#include "scalar_tracer.h"

namespace stirlb {

enum class Stencil { D3Q19, D3Q27 };
enum class Precision { FP32, FP16 };
enum class CollisionOperator { BGK, Regularized };
enum class BackendKind { CPU, CUDA };

std::string to_string(Stencil s);
std::string to_string(Precision p);
std::string to_string(CollisionOperator c);
std::string to_string(BackendKind b);
int velocity_count(Stencil s);
int bytes_per_population(Precision p);

// Where a backend's grid sits in the whole lattice. A decomposed run gives
// each rank its block plus a ghost layer (solver/parallel/decomposition.h);
// left at its defaults, the grid is the whole lattice.
struct BlockPlacement {
  int origin[3] = {0, 0, 0};  // whole-lattice index of the grid's cell (0, 0, 0)
  int global[3] = {0, 0, 0};  // whole lattice; 0 = the grid itself
  bool periodic[3] = {false, false, false};  // of the whole lattice
  IndexBox owned;             // cells this backend updates and reports; empty = all
};

// Combines the ranks' partial immersed-boundary samples: sums `count` floats
// in place across ranks (each cell is non-zero on one rank only, so the sum
// is exact and every rank ends with the same numbers).
class PartialSumReducer {
 public:
  virtual ~PartialSumReducer() = default;
  virtual void sum(float* host_values, std::size_t count) = 0;
};

struct LatticeConfig {
  LatticeParams params;  // its wall_velocity pointer is set by the backend
  float wall_velocity[kMaxWallVelocities][3] = {};
  SiScales si;
  Stencil stencil = Stencil::D3Q19;
  Precision precision = Precision::FP32;
  CollisionOperator collision = CollisionOperator::Regularized;
  std::vector<std::uint8_t> flags;  // one per cell, x fastest
  BlockPlacement placement;
};

// Halo messages as the backend packs them (solver/parallel/halo_plan.h).
struct HaloBuffers {
  void* send = nullptr;
  void* recv = nullptr;
  std::size_t element_bytes = 0;  // one stored population
  bool device = false;            // device memory (GPU-aware MPI), else host
};

class LatticeBackend {
 public:
  virtual ~LatticeBackend() = default;

  // Equilibrium from lattice density and velocity (3 x cells, SoA).
  virtual void initialize(const std::vector<float>& rho, const std::vector<float>& u) = 0;
  virtual void step(int count = 1) = 0;
  std::int64_t steps_done() const { return steps_; }

  // A step in parts, so that halo messages travel while the interior
  // updates: step_region over boxes covering every cell once, then end_step.
  virtual void step_region(const IndexBox& region) = 0;
  void end_step() { ++steps_; }

  // Halo exchange of a decomposed run: the slots to send and receive after
  // an even [0] and an odd [1] step, each message's populations contiguous.
  virtual void set_halo(const std::vector<std::int64_t> (&send)[2], const std::vector<std::int64_t> (&recv)[2],
                        bool device_buffers) = 0;
  virtual HaloBuffers halo_buffers() = 0;
  // `parity` is that of the step whose results travel (0 even, 1 odd).
  virtual void pack_halo(int parity) = 0;
  virtual void unpack_halo(int parity) = 0;
  // The population array itself (device memory on a GPU), for transports
  // that move slots without our packing (PetscSF).
  virtual void* population_storage() = 0;

  // The state in a form independent of the AA parity: the post-collision
  // deviations f_i - w_i of every owned fluid cell (Q x owned cells, x
  // fastest; zero elsewhere), as float. restore_state puts such a state back
  // as it stood after step `steps`; the halo must then be exchanged for that
  // step's parity before stepping on.
  virtual std::vector<float> saved_state() = 0;
  virtual void restore_state(const std::vector<float>& state, std::int64_t steps) = 0;

  // Per-cell force density (3 x cells, SoA, lattice units) added to the
  // uniform body force; an empty vector removes it. Replaces any immersed
  // boundary.
  virtual void set_force_field(const std::vector<float>& force) = 0;

  // A rotating immersed body: markers, and the disjoint boxes that hold their
  // kernel supports (see immersed_boundary.h). Replaces any force field.
  virtual void set_immersed_boundary(const std::vector<IndexBox>& boxes, const std::vector<IbMarker>& markers,
                                     int passes) = 0;
  // Computes the immersed-boundary force for the step about to run, with the
  // body at `pose`, and returns what the body does to the fluid.
  virtual IbLoadSums force_immersed_boundary(const RotorPose& pose) = 0;
  // Decomposed runs: how the ranks' samples are combined (none: one rank).
  virtual void set_partial_sum_reducer(PartialSumReducer* reducer) = 0;

  // Exposure fields (kernels/damage_laws.h) to average beside the fixed
  // components; set before the first sample.
  virtual void set_exposure_laws(const ExposureLaws& laws) = 0;
  // kAverageComponentCount plus one per exposure law.
  virtual int average_components() const = 0;
  // Time averages: add the current state to the running sums; the means
  // (average_components() x cells, SoA, SI; maxima as they are) over the
  // samples taken since the last reset.
  virtual void sample_averages() = 0;
  virtual void reset_averages() = 0;
  virtual std::int64_t average_samples() const = 0;
  virtual void averages(std::vector<float>& out) = 0;
  // The running sums themselves, for checkpoints (average_components() x
  // cells; empty when no sample was taken).
  virtual std::vector<float> average_sums() = 0;
  virtual void restore_average_sums(const std::vector<float>& sums, std::int64_t samples) = 0;

  virtual FieldSums sums() = 0;
  // kDerivedComponentCount x cells, SoA, SI units.
  virtual void derived_fields(std::vector<float>& out) = 0;
  // Populations f_i (not deviations) as each cell would stream them in next,
  // i x cells, SoA: the state to compare between backends.
  virtual std::vector<float> populations() = 0;

  // Microcarriers (kernels/particle_types.h). After enable_particles every
  // step leaves the particle field of its owned fluid cells behind.
  virtual void enable_particles(const ParticleGrid& grid, const BeadParams& params) = 0;
  // The particle field's halo, as slots (component x cells + cell) to send
  // and to receive, one message buffer of floats each way, host memory.
  virtual void set_particle_halo(const std::vector<std::int64_t>& send_slots,
                                 const std::vector<std::int64_t>& recv_slots) = 0;
  virtual void pack_particle_halo(std::vector<float>& out) = 0;
  virtual void unpack_particle_halo(const std::vector<float>& in) = 0;
  // The rotor's surface for bead collisions (whole-lattice bead coordinates).
  virtual void set_rotor_triangles(const std::vector<float>& vertices, const RotorTriangleBins& bins) = 0;
  // Moves the beads over the step just taken, with the particle field it
  // left. The beads live on the host between steps (they migrate between
  // ranks there); `reaction`, if given, receives their force on the fluid,
  // 3 floats per bead.
  virtual void advance_particles(std::vector<Bead>& beads, const RotorMotion& motion,
                                 std::vector<float>* reaction) = 0;
  // Two-way coupling: the force density and drag coefficient the beads put
  // into the fluid for the steps to come (LatticeParams::particle_force), at
  // particle-force slots (component x cells + cell);
  // replaces the previous set.
  virtual void set_particle_forces(const std::vector<std::int64_t>& slots, const std::vector<float>& values) = 0;
  // That force density and drag coefficient, kParticleForceComponents x
  // cells (zeros where none), for checkpoints.
  virtual std::vector<float> particle_forces() = 0;
  virtual std::vector<float> particle_field() = 0;
  // A prescribed particle field (validation of the particle laws in a known
  // flow); the next step overwrites the fluid cells.
  virtual void set_particle_field(const std::vector<float>& field) = 0;

  // A passive scalar carried by this lattice's flow (kernels/scalar_tracer.h):
  // from now on every step leaves the particle field of its owned fluid cells
  // behind, which the tracer reads; the backend must outlive the tracer.
  virtual std::unique_ptr<ScalarTracer> make_scalar_tracer(const ScalarParams& params) = 0;

  virtual std::string describe() const = 0;
  const LatticeConfig& config() const { return config_; }

 protected:
  explicit LatticeBackend(LatticeConfig config) : config_(std::move(config)) {}
  LatticeConfig config_;
  std::int64_t steps_ = 0;
};

std::unique_ptr<LatticeBackend> make_cpu_lattice(const LatticeConfig& config);
// Throws if this build has no CUDA or no usable device is present.
std::unique_ptr<LatticeBackend> make_cuda_lattice(const LatticeConfig& config);

// One rank per GPU: the rank's place among the ranks of its node picks the
// device (modulo the devices visible). No effect without CUDA.
void select_cuda_device(int node_local_rank);

// True if this build has CUDA and a device can be used; otherwise false and
// `why` says what is missing.
bool cuda_available(std::string* why);

}  // namespace stirlb
