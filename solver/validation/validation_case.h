#pragma once
// A validation case compares one run of the solver with an analytic solution
// or a published table, and states its own tolerance.
#include <functional>
#include <string>
#include <vector>
#include "kernels/lattice_backend.h"

namespace stirlb {

struct ValidationCheck {
  std::string quantity;
  double measured = 0.0;
  double reference = 0.0;
  double tolerance = 0.0;
  std::string comparison;  // how measured is judged against reference and tolerance, in words
  bool pass = false;
};

struct ValidationResult {
  std::string name;
  std::string setup;  // resolution and parameters actually used
  std::vector<ValidationCheck> checks;
  double wall_seconds = 0.0;
  bool passed() const;
};

struct ValidationOptions {
  bool quick = false;  // the CI resolution
  BackendKind backend = BackendKind::CPU;
};

struct ValidationCase {
  std::string name;
  std::string reference;  // where the expected answer comes from
  std::function<ValidationResult(const ValidationOptions&)> run;
};

const std::vector<ValidationCase>& validation_cases();

// Checks used by the cases, phrased so that the printed line explains itself.
ValidationCheck check_below(std::string quantity, double measured, double limit);
ValidationCheck check_relative(std::string quantity, double measured, double reference, double tolerance);
ValidationCheck check_absolute(std::string quantity, double measured, double reference, double tolerance);

}  // namespace stirlb
