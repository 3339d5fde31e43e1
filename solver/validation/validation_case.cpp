#include "validation_case.h"

#include <cmath>
#include <sstream>

#include "cases.h"

namespace stirlb {

bool ValidationResult::passed() const {
  if (checks.empty()) return false;  // a case that measured nothing has not passed
  for (const auto& c : checks)
    if (!c.pass) return false;
  return true;
}

ValidationCheck check_below(std::string quantity, double measured, double limit) {
  return {std::move(quantity), measured, limit, limit, "measured < limit", std::isfinite(measured) && measured < limit};
}

ValidationCheck check_relative(std::string quantity, double measured, double reference, double tolerance) {
  const bool ok = std::isfinite(measured) && std::fabs(measured - reference) <= tolerance * std::fabs(reference);
  return {std::move(quantity), measured, reference, tolerance, "|measured - reference| <= tol * |reference|", ok};
}

ValidationCheck check_absolute(std::string quantity, double measured, double reference, double tolerance) {
  const bool ok = std::isfinite(measured) && std::fabs(measured - reference) <= tolerance;
  return {std::move(quantity), measured, reference, tolerance, "|measured - reference| <= tol", ok};
}

const std::vector<ValidationCase>& validation_cases() {
  static const std::vector<ValidationCase> cases = {
      {"poiseuille", "u(y) = G/(2 mu) y (H - y), halfway bounce-back walls", run_poiseuille},
      {"couette", "u(y) = U y / H; wall shear stress mu U / H", run_couette},
      {"taylor-green", "kinetic energy ~ exp(-4 nu k^2 t), 2D mode", run_taylor_green},
      {"cavity-re100", "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) 387, Re = 100", run_cavity_re100},
      {"cavity-re1000", "Ghia, Ghia & Shin, J. Comput. Phys. 48 (1982) 387, Re = 1000", run_cavity_re1000},
      {"mass-conservation", "sum of rho constant in a closed vessel", run_mass_conservation},
      {"taylor-couette", "M/L = 4 pi mu Omega R1^2 R2^2 / (R2^2 - R1^2); u = A r + B / r", run_taylor_couette},
      {"rushton-laminar", "standard Rushton tank, Re = 2: Np Re = Kp = 65-71", run_rushton_laminar},
      {"energy-balance", "standard Rushton tank, Re = 300: integral of rho eps = 2 pi N M", run_energy_balance},
      {"rushton-turbulent", "standard Rushton tank, Re = 2e4: Np = 5.0 (Derksen & Van den Akker 1999)",
       run_rushton_turbulent},
      {"stokes-settling", "v_t = (rho_p - rho_f) g d^2 / (18 mu) at Re_p << 1", run_stokes_settling},
      {"schiller-naumann", "drag 3 pi mu d v (1 + 0.15 Re_p^0.687) = (rho_p - rho_f) g V at Re_p ~ 10",
       run_schiller_naumann},
      {"solid-body-tracer", "a tracer in u = Omega x r keeps its radius", run_solid_body_tracer},
      {"damage-uniform-shear", "each damage model's dose in Couette flow against its closed form",
       run_damage_uniform_shear},
      {"scalar-diffusion", "a tracer pulse's variance grows by 2 D t and it travels with the flow (Gaussian spread)",
       run_scalar_diffusion},
      {"scalar-conservation", "a mixed tracer stays mixed with its total to the bit; a pulse stays bounded in a closed LES box",
       run_scalar_conservation},
  };
  return cases;
}

}  // namespace stirlb
