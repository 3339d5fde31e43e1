// Damage models against their closed forms in plane Couette flow, where the
// total stress tau = mu U / H is the same everywhere: neutrally buoyant
// beads, released once the flow is steady, ride the streamlines and must
// accumulate exactly what each model's formula gives for tau over the time
// since release. Beads within one cell of a wall are left out: the fluid
// field is interpolated between the wall cell and the solid, so they see
// less than the wall stress, which is the interpolation, not the law.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "cases.h"
#include "solver/shear_damage_laws.h"
#include "validation_support.h"

namespace stirlb {

namespace {

// Re = U H / nu = 4: tau = 0.8 at a lattice velocity of 0.025, so the start-up
// diffuses across the gap in few steps.
constexpr double kHeight = 0.01, kWallSpeed = 0.01, kViscosity = 2.5e-5;
constexpr int kCells = 16;

CaseModel sheared_beads(double release_time) {
  const double dx = kHeight / kCells;
  CaseModel c = laminar_box("damage-uniform-shear", {4 * dx, kHeight, 4 * dx},
                            {FaceType::Periodic, FaceType::Periodic, FaceType::Wall, FaceType::MovingWall,
                             FaceType::Periodic, FaceType::Periodic},
                            kViscosity, kHeight, kWallSpeed, kCells, 0.025);
  c.domain.faces[kYMax].velocity = {kWallSpeed, 0.0, 0.0};
  MicrocarrierSpec m;
  m.diameter = 150e-6;
  m.density = c.fluid.density;  // neutral: no settling, the beads keep their streamline
  m.loading_unit = LoadingUnit::BeadsPerMillilitre;
  m.loading = 10;
  m.parcels = 64;
  m.initial = BeadStart::Uniform;
  m.release_time = release_time;
  m.gravity = {0.0, 0.0, 0.0};
  c.microcarriers = m;

  const double tau = c.fluid.dynamic_viscosity() * kWallSpeed / kHeight;
  DamageModelSpec kolmogorov;  // lambda_K = 5 mm here: exposed with a factor of 40 on 150 um
  kolmogorov.name = "kolmogorov";
  kolmogorov.kind = DamageKind::KolmogorovEddy;
  kolmogorov.factor = 40;
  kolmogorov.death_rate = 0.05;
  kolmogorov.damaged_at = 0.5;
  DamageModelSpec power;
  power.name = "giersiepen";
  power.kind = DamageKind::PowerLaw;
  power.preset = "giersiepen-rbc";
  power.C = 3.62e-5, power.alpha = 0.785, power.beta = 2.416;
  power.damaged_at = 1.0;
  DamageModelSpec above;
  above.name = "above";
  above.kind = DamageKind::ShearThreshold;
  above.threshold = 0.5 * tau;
  above.damaged_at = 1.0;
  DamageModelSpec below;  // never reached: must stay at zero
  below.name = "below";
  below.kind = DamageKind::ShearThreshold;
  below.threshold = 2 * tau;
  below.damaged_at = 1.0;
  c.damage.models = {kolmogorov, power, above, below};
  return c;
}

}  // namespace

ValidationResult run_damage_uniform_shear(const ValidationOptions& options) {
  // The slowest start-up mode decays as exp(-pi^2 nu t / H^2): after 5 s it
  // is below 1e-5 of U.
  const double release = 5.0, exposure = options.quick ? 2.0 : 10.0;
  const CaseModel c = sheared_beads(release);
  Simulation sim(c, options.backend);
  const std::int64_t steps = std::int64_t(std::ceil((release + exposure) / sim.units().dt));
  sim.advance(steps);

  const double tau = c.fluid.dynamic_viscosity() * kWallSpeed / kHeight;
  const double dx = sim.units().dx;
  double worst[4] = {0, 0, 0, 0};
  int counted = 0;
  for (const Bead& b : sim.particles()->beads()) {
    const double y = (double(b.x[1]) - 0.5 - sim.box().origin_cell[1]) * dx;  // from the fixed wall
    if (y < 1.5 * dx || y > kHeight - 1.5 * dx) continue;
    ++counted;
    const double t = double(b.age) * sim.units().dt;
    const double exact[4] = {
        -std::expm1(-c.damage.models[0].death_rate * t),
        c.damage.models[1].C * std::pow(tau, c.damage.models[1].beta) * std::pow(t, c.damage.models[1].alpha),
        t,
        0.0,
    };
    for (int m = 0; m < 4; ++m) {
      const double got = damage_value(c.damage.models[std::size_t(m)], b.damage[m]);
      const double scale = m == 3 ? t : exact[m];
      worst[m] = std::max(worst[m], std::fabs(got - exact[m]) / scale);
    }
  }
  ValidationResult r;
  std::ostringstream s;
  s << "Couette H = " << kCells << " cells, tau = " << tau << " Pa, " << counted << " beads off the walls, exposed "
    << exposure << " s after a " << release << " s start-up";
  r.setup = s.str();
  r.checks.push_back(check_below("Kolmogorov-eddy: max |1 - exp(-k t)| relative error", worst[0], 0.01));
  r.checks.push_back(check_below("power law (Grigioni dose): max |D - C tau^b t^a| / D", worst[1], 0.01));
  r.checks.push_back(check_below("shear threshold below tau: max |t_exposed - t| / t", worst[2], 0.01));
  r.checks.push_back(check_below("shear threshold above tau: max t_exposed / t", worst[3], 1e-12));
  r.checks.push_back(check_absolute("beads checked (> 0 = yes)", counted > 0 ? 1 : 0, 1, 0));
  return r;
}

}  // namespace stirlb
