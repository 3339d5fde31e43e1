#pragma once
// Shear hotspots and cell-damage models as the case file describes them, in
// SI units: the [hotspots] thresholds that define exposure fields and
// hotspot regions, and the [[damage.model]] list integrated along each
// microcarrier's path. kernels/damage_laws.h evaluates them; the stress is
// always the local total stress (molecular plus eddy).
#include <optional>
#include <string>
#include <vector>

namespace stirlb {

// [hotspots]: each threshold is optional; at least one is given.
struct HotspotSpec {
  std::optional<double> shear_stress;       // Pa: tau_total above it
  std::optional<double> dissipation;        // W/kg: epsilon above it
  std::optional<double> kolmogorov_factor;  // k: lambda_K below k * bead_diameter
  double bead_diameter = 0;  // m: [microcarriers] diameter, or hotspots.bead_diameter without beads
  int line = 0;              // where [hotspots] starts, for messages
  // lambda_K below which a cell counts as a Kolmogorov hotspot (m); 0 if none.
  double kolmogorov_length() const { return kolmogorov_factor ? *kolmogorov_factor * bead_diameter : 0.0; }
};

enum class DamageKind {
  KolmogorovEddy,        // Croughan et al.: time with lambda_K < factor * d_bead, first-order death while exposed
  PowerLaw,              // Giersiepen D = C tau^beta t^alpha, accumulated as Grigioni's mechanical dose
  ShearThreshold,        // time with tau_total > threshold
  DissipationThreshold,  // time with epsilon > threshold
};

// The case file's name of each kind (damage.model.type), also used in reports.
inline const char* damage_kind_name(DamageKind k) {
  switch (k) {
    case DamageKind::KolmogorovEddy:
      return "kolmogorov-eddy";
    case DamageKind::PowerLaw:
      return "power-law";
    case DamageKind::ShearThreshold:
      return "shear-threshold";
    case DamageKind::DissipationThreshold:
      return "dissipation-threshold";
  }
  return "";
}

// One [[damage.model]]. Every model accumulates one number per bead along
// its path, and turns it into the model's damage value:
//   KolmogorovEddy        exposure t_K (s)              -> 1 - exp(-death_rate t_K)  (fraction of cells dead)
//   PowerLaw              dose  M = int tau^(beta/alpha) dt -> D = C M^alpha         (units of C, % for the RBC set)
//   Shear/Dissipation-    time above threshold (s)      -> that time (s)
//   Threshold
// A bead counts as damaged once the damage value reaches damaged_at.
struct DamageModelSpec {
  std::string name;  // unique; names the per-bead arrays and summary entries
  DamageKind kind = DamageKind::ShearThreshold;
  // KolmogorovEddy
  double factor = 2.0 / 3.0;  // lambda_K below factor * bead diameter
  double death_rate = 0;      // 1/s while exposed
  // PowerLaw (tau in Pa, t in s)
  std::string preset;  // "giersiepen-rbc" or "" for user-supplied constants
  std::string source;  // citation of the constants (required without a preset)
  double C = 0, alpha = 0, beta = 0;
  // ShearThreshold (Pa) / DissipationThreshold (W/kg)
  double threshold = 0;
  double damaged_at = 0;  // in the damage value's units (see above)
  int line = 0;           // where this [[damage.model]] starts

  // The exponent of the mechanical dose, tau^(beta/alpha).
  double dose_exponent() const { return beta / alpha; }
};

struct DamageSpec {
  std::vector<DamageModelSpec> models;  // in case-file order; empty: no damage models
};

// Most models one run can carry (each costs one accumulator per bead and one
// exposure field per cell).
constexpr int kMaxDamageModelsPerCase = 4;

}  // namespace stirlb
