#pragma once
// One run's lattice: geometry, units and backend put together from a case,
// stepped in lattice time and reported in SI.
#include <memory>
#include <vector>
#include "case_model.h"
#include "kernels/lattice_backend.h"
#include "meshes/box_domain.h"
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

  void advance(std::int64_t steps) { lattice_->step(int(steps)); }
  std::int64_t step() const { return lattice_->steps_done(); }
  double time() const { return double(step()) * units_.dt; }

  Diagnostics diagnostics();
  // kDerivedComponentCount x cells, SI (kernels/derived_fields.h).
  void derived_fields(std::vector<float>& out) { lattice_->derived_fields(out); }

  // Physical position of the centre of cell index `i` along `axis`, with the
  // origin at the lower wall (or periodic edge) of the fluid box.
  double cell_centre(int axis, int i) const { return (i - box_.first_fluid[axis] + 0.5) * units_.dx; }
  double cell_volume() const { return units_.dx * units_.dx * units_.dx; }

 private:
  void initialize();

  CaseModel model_;
  LatticeUnits units_;
  BoxLattice box_;
  std::unique_ptr<LatticeBackend> lattice_;
  double initial_mass_ = 0.0;
};

// The lattice configuration a case asks for, without allocating it.
LatticeConfig lattice_config(const CaseModel& model, const LatticeUnits& units, const BoxLattice& box);
BoxLattice box_lattice(const CaseModel& model, const LatticeUnits& units);
std::unique_ptr<LatticeBackend> make_lattice_backend(BackendKind backend, const LatticeConfig& config);

}  // namespace stirlb
