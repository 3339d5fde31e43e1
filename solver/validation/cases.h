#pragma once
// The validation cases, one per file in this folder.
#include "validation_case.h"

namespace stirlb {
ValidationResult run_poiseuille(const ValidationOptions& options);
ValidationResult run_couette(const ValidationOptions& options);
ValidationResult run_taylor_green(const ValidationOptions& options);
ValidationResult run_cavity_re100(const ValidationOptions& options);
ValidationResult run_cavity_re1000(const ValidationOptions& options);
ValidationResult run_mass_conservation(const ValidationOptions& options);
ValidationResult run_taylor_couette(const ValidationOptions& options);
ValidationResult run_rushton_laminar(const ValidationOptions& options);
ValidationResult run_rushton_turbulent(const ValidationOptions& options);
ValidationResult run_energy_balance(const ValidationOptions& options);
ValidationResult run_stokes_settling(const ValidationOptions& options);
ValidationResult run_schiller_naumann(const ValidationOptions& options);
ValidationResult run_solid_body_tracer(const ValidationOptions& options);
ValidationResult run_damage_uniform_shear(const ValidationOptions& options);
ValidationResult run_scalar_diffusion(const ValidationOptions& options);
ValidationResult run_scalar_conservation(const ValidationOptions& options);
}  // namespace stirlb
