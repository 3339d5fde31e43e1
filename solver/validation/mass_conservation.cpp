// Mass in a closed vessel: a lid-driven box at Re = 10^4 with LES, the
// production collision operator and every wall law in use, must keep the sum
// of the density constant to float precision.
#include <cmath>
#include <sstream>

#include "cases.h"
#include "validation_support.h"

namespace stirlb {

ValidationResult run_mass_conservation(const ValidationOptions& options) {
  const int cells = options.quick ? 24 : 48;
  const CaseModel c = lid_driven_les_box("mass-conservation", cells);
  Simulation sim(c, options.backend);
  const std::int64_t steps = options.quick ? 3000 : 10000;
  sim.advance(steps);
  const Diagnostics d = sim.diagnostics();

  ValidationResult r;
  std::ostringstream s;
  s << cells << "^3 cells, closed box with a moving lid, Re = 10^4, LES, " << steps << " steps";
  r.setup = s.str();
  r.checks.push_back(check_below("relative mass drift |M/M0 - 1|", std::fabs(d.mass_drift), 1e-6));
  r.checks.push_back(check_absolute("fields finite (1 = yes)", d.finite ? 1 : 0, 1, 0));
  return r;
}

}  // namespace stirlb
