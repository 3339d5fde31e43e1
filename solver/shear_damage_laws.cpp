#include "shear_damage_laws.h"

#include <cmath>
#include <stdexcept>

namespace stirlb {

namespace {

ExposureLaw model_law(const DamageModelSpec& m, const CaseModel& c) {
  ExposureLaw law;
  switch (m.kind) {
    case DamageKind::KolmogorovEddy:
      return kolmogorov_exposure_law(c.fluid.kinematic_viscosity, m.factor * c.microcarriers->diameter);
    case DamageKind::PowerLaw:
      law.kind = ExposureKind::StressPower;
      law.exponent = float(m.dose_exponent());
      return law;
    case DamageKind::ShearThreshold:
      law.kind = ExposureKind::StressAbove;
      law.threshold = float(m.threshold);
      return law;
    case DamageKind::DissipationThreshold:
      law.kind = ExposureKind::DissipationAbove;
      law.threshold = float(m.threshold);
      return law;
  }
  throw std::logic_error("shear_damage_laws: unknown damage kind");
}

}  // namespace

std::vector<ExposureField> exposure_fields(const CaseModel& c) {
  std::vector<ExposureField> f;
  if (c.hotspots) {
    const HotspotSpec& h = *c.hotspots;
    if (h.shear_stress)
      f.push_back({"exposure_shear_stress", "1", "fraction of time with tau_total > tau_crit", -1,
                   {ExposureKind::StressAbove, float(*h.shear_stress), 1.f}});
    if (h.dissipation)
      f.push_back({"exposure_dissipation", "1", "fraction of time with epsilon > epsilon_crit", -1,
                   {ExposureKind::DissipationAbove, float(*h.dissipation), 1.f}});
    if (h.kolmogorov_factor)
      f.push_back({"exposure_kolmogorov", "1", "fraction of time with lambda_K < k d_bead", -1,
                   kolmogorov_exposure_law(c.fluid.kinematic_viscosity, h.kolmogorov_length())});
  }
  for (std::size_t m = 0; m < c.damage.models.size(); ++m)
    f.push_back({"damage_potential_1h_" + c.damage.models[m].name, damage_unit(c.damage.models[m]),
                 "damage a bead would take staying one hour in the cell", int(m), model_law(c.damage.models[m], c)});
  return f;
}

ExposureLaws exposure_laws(const CaseModel& c) {
  ExposureLaws laws;
  for (const ExposureField& f : exposure_fields(c)) {
    if (laws.count == kMaxExposureLaws) throw std::logic_error("shear_damage_laws: too many exposure fields");
    laws.law[laws.count++] = f.law;
  }
  return laws;
}

DamageLaws damage_laws(const CaseModel& c, const LatticeUnits& units) {
  DamageLaws laws;
  if (c.damage.models.size() > std::size_t(kMaxDamageLaws))
    throw std::logic_error("shear_damage_laws: more damage models than the bead carries");
  for (const DamageModelSpec& m : c.damage.models) laws.law[laws.count++] = model_law(m, c);
  laws.si = units.si;
  laws.step_seconds = units.dt;
  return laws;
}

double damage_value(const DamageModelSpec& m, double accumulated) {
  switch (m.kind) {
    case DamageKind::KolmogorovEddy:
      return -std::expm1(-m.death_rate * accumulated);
    case DamageKind::PowerLaw:
      return accumulated > 0 ? m.C * std::pow(accumulated, m.alpha) : 0.0;
    case DamageKind::ShearThreshold:
    case DamageKind::DissipationThreshold:
      return accumulated;
  }
  return 0.0;
}

std::string damage_unit(const DamageModelSpec& m) {
  switch (m.kind) {
    case DamageKind::KolmogorovEddy:
      return "1";
    case DamageKind::PowerLaw:
      return m.preset == "giersiepen-rbc" ? "%" : "1";
    case DamageKind::ShearThreshold:
    case DamageKind::DissipationThreshold:
      return "s";
  }
  return "1";
}

double damage_potential(const DamageModelSpec& m, double mean_exposure_rate) {
  return damage_value(m, mean_exposure_rate * kPotentialSeconds);
}

}  // namespace stirlb
