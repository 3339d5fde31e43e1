#pragma once
// From the case's [hotspots] and [[damage.model]] (SI, solver/shear_damage_model.h)
// to what the kernels evaluate (kernels/damage_laws.h), and back from a
// bead's accumulators to each model's damage value. The one place that
// knows in which order the exposure fields sit behind the time averages.
#include <string>
#include <vector>
#include "kernels/damage_laws.h"
#include "solver/case_model.h"
#include "solver/units.h"

namespace stirlb {

// One exposure field per cell: what it is called in the VTK output and in
// summary.json, and what its time average means.
struct ExposureField {
  std::string name;  // e.g. exposure_shear_stress, damage_rate_giersiepen
  std::string unit;  // of the time average: "1" (fraction of time), "1/s", "Pa^k"
  std::string meaning;
  int model = -1;    // index into CaseModel::damage.models, -1 for a hotspot threshold
  ExposureLaw law;   // what the backend averages for it
};

// Hotspot thresholds first (shear stress, dissipation, Kolmogorov, those
// the case sets), then one per damage model, in case-file order;
// exposure_laws is their laws in that order, for the backend.
std::vector<ExposureField> exposure_fields(const CaseModel& c);
ExposureLaws exposure_laws(const CaseModel& c);

// The damage models for the bead step (BeadParams::damage).
DamageLaws damage_laws(const CaseModel& c, const LatticeUnits& units);

// A model's damage value from what a bead accumulated: the fraction of its
// cells dead (Kolmogorov), D = C dose^alpha (power law) or seconds above the
// threshold.
double damage_value(const DamageModelSpec& m, double accumulated);
// The unit of damage_value, for column names ("1", "%", "s" ...).
std::string damage_unit(const DamageModelSpec& m);

// The Eulerian damage potential of a cell: the damage value a bead would
// accumulate by staying there for kPotentialSeconds, from the cell's time
// average of the model's exposure rate. A damage value rather than a rate:
// the power law's D grows like t^alpha, so it has no constant rate.
constexpr double kPotentialSeconds = 3600.0;
double damage_potential(const DamageModelSpec& m, double mean_exposure_rate);

}  // namespace stirlb
