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

struct LatticeConfig {
  LatticeParams params;  // its wall_velocity pointer is set by the backend
  float wall_velocity[kMaxWallVelocities][3] = {};
  SiScales si;
  Stencil stencil = Stencil::D3Q19;
  Precision precision = Precision::FP32;
  CollisionOperator collision = CollisionOperator::Regularized;
  std::vector<std::uint8_t> flags;  // one per cell, x fastest
};

class LatticeBackend {
 public:
  virtual ~LatticeBackend() = default;

  // Equilibrium from lattice density and velocity (3 x cells, SoA).
  virtual void initialize(const std::vector<float>& rho, const std::vector<float>& u) = 0;
  virtual void step(int count = 1) = 0;
  std::int64_t steps_done() const { return steps_; }

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

  // Time averages: add the current state to the running sums; the means
  // (kAverageComponentCount x cells, SoA, SI) over the samples taken since
  // the last reset.
  virtual void sample_averages() = 0;
  virtual void reset_averages() = 0;
  virtual std::int64_t average_samples() const = 0;
  virtual void averages(std::vector<float>& out) = 0;

  virtual FieldSums sums() = 0;
  // kDerivedComponentCount x cells, SoA, SI units.
  virtual void derived_fields(std::vector<float>& out) = 0;
  // Populations f_i (not deviations) as each cell would stream them in next,
  // i x cells, SoA: the state to compare between backends.
  virtual std::vector<float> populations() = 0;

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

// True if this build has CUDA and a device can be used; otherwise false and
// `why` says what is missing.
bool cuda_available(std::string* why);

}  // namespace stirlb
