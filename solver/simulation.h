#pragma once
// One run's lattice: geometry, units and backend put together from a case,
// stepped in lattice time and reported in SI.
#include <memory>
#include <vector>
#include "case_model.h"
#include "kernels/lattice_backend.h"
#include "meshes/box_domain.h"
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

class Simulation {
 public:
  // Throws CaseError if the case cannot be run safely (see units.h).
  Simulation(CaseModel model, BackendKind backend);

  const CaseModel& model() const { return model_; }
  const LatticeUnits& units() const { return units_; }
  const BoxLattice& box() const { return box_; }
  LatticeBackend& lattice() { return *lattice_; }

  // Steps the lattice; a tank's rotor forces the fluid before every step and
  // its loads go into rotor_history().
  void advance(std::int64_t steps);
  std::int64_t step() const { return lattice_->steps_done(); }
  double time() const { return double(step()) * units_.dt; }

  Diagnostics diagnostics();
  // kDerivedComponentCount x cells, SI (kernels/derived_fields.h).
  void derived_fields(std::vector<float>& out) { lattice_->derived_fields(out); }

  // Physical position of the centre of cell index `i` along `axis`: from the
  // lower wall (or periodic edge) of a box, from the axis and the lowest
  // point of the bottom of a tank.
  double cell_centre(int axis, int i) const { return (i - box_.origin_cell[axis]) * units_.dx; }

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

  CaseModel model_;
  LatticeUnits units_;
  BoxLattice box_;
  std::unique_ptr<LatticeBackend> lattice_;
  std::unique_ptr<Rotor> rotor_;
  std::vector<RotorLoads> history_;
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
