#pragma once
// A run's blend-time tracer: the pulse of [blend] placed in the liquid at its
// injection time, carried by the flow after every lattice step
// (kernels/scalar_transport.h), and sampled: the relative standard deviation
// over the liquid and the probes' concentrations, normalised so that the
// fully mixed value is 1.
#include <mpi.h>
#include <cstdint>
#include <memory>
#include <vector>
#include "kernels/lattice_backend.h"
#include "meshes/box_domain.h"
#include "parallel/cell_field_halo.h"
#include "parallel/decomposition.h"
#include "solver/blend_model.h"
#include "solver/units.h"

namespace stirlb {

struct BlendSample {
  double time = 0;   // s since the start of the run
  double rsd = 0;    // standard deviation / mean over the liquid
  double total = 0;  // sum of the concentration over the liquid cells (injected: the liquid cell count)
  std::vector<double> probes;  // concentration at each probe, mixed = 1
};

class BlendTracer {
 public:
  // Throws CaseError if the injection point or a probe lies in a wall,
  // baffle or the shaft on this lattice. `flow_halo_elsewhere`: the particle
  // cloud already exchanges the flow field's ghosts after every step.
  BlendTracer(const BlendSpec& spec, const std::string& case_file, const LatticeUnits& units, const BoxLattice& box,
              const Decomposition& decomposition, LatticeBackend& lattice, double revolutions_per_second,
              bool flow_halo_elsewhere);

  // After lattice step `steps_done` (and the particles' move, which
  // exchanges the flow's ghosts when there are beads). Collective.
  void advance(LatticeBackend& lattice, std::int64_t steps_done);

  const BlendSpec& spec() const { return spec_; }
  bool injected() const { return injected_; }
  double injection_time() const { return double(injection_step_) * units_.dt; }
  std::int64_t injection_cells() const { return injection_cells_; }
  std::int64_t liquid_cells() const { return liquid_cells_; }
  const std::vector<BlendSample>& history() const { return history_; }

  // Checkpoints: the concentration of this rank's grid (ghosts included)
  // and the history, and putting them back. Collective.
  std::vector<float> local_concentration() { return tracer_->get(); }
  void restore(const std::vector<float>& local_concentration, bool injected, std::vector<BlendSample> history);
  // History as a flat table of 3 + probes columns, and back.
  std::vector<double> history_table() const;
  int history_columns() const { return 3 + int(spec_.probes.size()); }
  std::vector<BlendSample> history_rows(const std::vector<double>& table) const;

 private:
  void inject();
  void sample(std::int64_t steps_done);
  void exchange(ScalarHaloField field, CellFieldHalo& halo);

  BlendSpec spec_;
  LatticeUnits units_;
  MPI_Comm comm_;
  std::unique_ptr<ScalarTracer> tracer_;
  std::unique_ptr<CellFieldHalo> flow_halo_, concentration_halo_, slope_halo_;
  std::vector<std::int64_t> injection_local_;  // this rank's cells of the pulse, local indices
  std::int64_t injection_cells_ = 0, liquid_cells_ = 0;
  std::vector<std::int64_t> probe_local_;      // local index on the owning rank, -1 elsewhere
  std::int64_t injection_step_ = 0, sample_every_ = 1;
  std::int64_t local_cells_ = 0;
  bool injected_ = false;
  std::vector<BlendSample> history_;
};

}  // namespace stirlb
