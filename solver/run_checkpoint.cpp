#include "run_checkpoint.h"

#include <cmath>
#include <sstream>
#include "parallel/checkpoint_file.h"
#include "parallel/profiling.h"

namespace stirlb {

namespace {

constexpr int kHistoryColumns = 10;

std::array<int, 3> global_dims(const Simulation& sim) { return sim.decomposition().block().global; }

std::string dims_text(const std::array<int, 3>& d) {
  std::ostringstream s;
  s << d[0] << " x " << d[1] << " x " << d[2];
  return s.str();
}

std::vector<double> history_table(const std::vector<RotorLoads>& history) {
  std::vector<double> t;
  t.reserve(history.size() * kHistoryColumns);
  for (const RotorLoads& l : history)
    t.insert(t.end(), {l.time, l.speed_rps, l.angle, l.torque, l.power, l.power_number, l.force[0], l.force[1],
                       l.force[2], l.slip});
  return t;
}

std::vector<RotorLoads> history_rows(const std::vector<double>& t) {
  std::vector<RotorLoads> h(t.size() / kHistoryColumns);
  for (std::size_t r = 0; r < h.size(); ++r) {
    const double* v = t.data() + r * kHistoryColumns;
    h[r] = RotorLoads{v[0], v[1], v[2], v[3], v[4], v[5], {v[6], v[7], v[8]}, v[9]};
  }
  return h;
}

// Same within rounding of the decimal the case file gave.
bool same(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)); }

}  // namespace

void write_checkpoint(Simulation& sim, const std::filesystem::path& path) {
  ProfileScope scope(profile_events().checkpoint);
  const Block& b = sim.decomposition().block();
  const int q = velocity_count(sim.lattice().config().stencil);
  std::vector<float> state, sums;
  sim.owned_state(state);
  sim.owned_average_sums(sums);
  CheckpointWriter w(sim.comm(), path);
  w.attribute("case_name", sim.model().name);
  w.attribute("stencil", to_string(sim.lattice().config().stencil));
  w.attribute("storage_precision", to_string(sim.lattice().config().precision));
  w.attribute("dx_m", sim.units().dx);
  w.attribute("dt_s", sim.units().dt);
  w.attribute("step", sim.step());
  w.attribute("time_s", sim.time());
  w.attribute("ranks", std::int64_t(sim.decomposition().size()));
  w.attribute("lattice_cells", dims_text(global_dims(sim)));
  w.block("state", q, b.global, b.lo, b.n, state.data());
  const std::int64_t samples = sim.lattice().average_samples();
  w.attribute("average_samples", samples);
  const int components = sim.lattice().average_components();
  w.attribute("average_components", std::int64_t(components));
  if (samples > 0) w.block("average_sums", components, b.global, b.lo, b.n, sums.data());
  w.series("rotor_history", history_table(sim.rotor_history()), kHistoryColumns);
  if (sim.particles()) w.series("beads", sim.particles()->gathered_table(), ParticleCloud::kTableColumns);
  // The beads' force on the fluid for the next step: without it a two-way
  // run would resume with one step of uncoupled fluid.
  if (sim.particles() && sim.particles()->spec().two_way_coupling) {
    std::vector<float> force;
    sim.owned_particle_forces(force);
    w.block("particle_force", kParticleForceComponents, b.global, b.lo, b.n, force.data());
  }
  if (sim.blend()) {
    std::vector<float> c;
    sim.owned_blend_concentration(c);
    w.attribute("blend_injected", std::int64_t(sim.blend()->injected()));
    w.block("blend_concentration", 1, b.global, b.lo, b.n, c.data());
    w.series("blend_history", sim.blend()->history_table(), sim.blend()->history_columns());
  }
  w.commit();
}

void restore_checkpoint(Simulation& sim, const std::filesystem::path& path) {
  CheckpointReader r(sim.comm(), path);
  const std::string file = path.string();
  auto refuse = [&](const std::string& why) { throw CheckpointError(file + ": " + why); };
  if (r.text("case_name") != sim.model().name)
    refuse("was written by case '" + r.text("case_name") + "', not '" + sim.model().name + "'");
  if (r.text("lattice_cells") != dims_text(global_dims(sim)))
    refuse("was written for a " + r.text("lattice_cells") + " lattice, this run has " + dims_text(global_dims(sim)));
  const std::string stencil = to_string(sim.lattice().config().stencil);
  if (r.text("stencil") != stencil) refuse("holds a " + r.text("stencil") + " lattice, this run uses " + stencil);
  if (!same(r.real("dx_m"), sim.units().dx) || !same(r.real("dt_s"), sim.units().dt)) {
    std::ostringstream s;
    s << "was written with dx = " << r.real("dx_m") << " m, dt = " << r.real("dt_s") << " s; this run has dx = "
      << sim.units().dx << " m, dt = " << sim.units().dt << " s (resolution or speed changed)";
    refuse(s.str());
  }
  r.verify();  // every checksum, before any state is replaced
  const Block& b = sim.decomposition().block();
  const int q = velocity_count(sim.lattice().config().stencil);
  std::vector<float> state(std::size_t(q) * std::size_t(b.owned_cells()));
  r.block("state", q, b.global, b.lo, b.n, state.data());
  const std::int64_t samples = r.integer("average_samples");
  std::vector<float> sums;
  if (samples > 0) {
    // Exposure fields follow the case's [hotspots] and damage models.
    const int components = sim.lattice().average_components();
    if (r.integer("average_components") != components)
      refuse("holds " + std::to_string(r.integer("average_components")) + " time-averaged fields, this case needs " +
             std::to_string(components) + " (were [hotspots] or [[damage.model]] changed?)");
    sums.resize(std::size_t(components) * std::size_t(b.owned_cells()));
    r.block("average_sums", components, b.global, b.lo, b.n, sums.data());
  }
  int columns = 0;
  std::vector<double> table = r.series("rotor_history", columns);
  if (!table.empty() && columns != kHistoryColumns) refuse("rotor history has an unexpected layout");
  std::vector<double> beads;
  if (sim.particles()) {
    beads = r.series("beads", columns);
    if (columns != ParticleCloud::kTableColumns)
      refuse("holds no microcarriers, or beads without the damage accumulators of this version (" +
             std::to_string(columns) + " columns, expected " + std::to_string(ParticleCloud::kTableColumns) + ")");
    if (std::int64_t(beads.size() / ParticleCloud::kTableColumns) != sim.particles()->total())
      refuse("holds a different number of microcarriers than this case seeds");
  }
  std::vector<float> particle_force;
  if (sim.particles() && sim.particles()->spec().two_way_coupling) {
    particle_force.resize(std::size_t(kParticleForceComponents) * std::size_t(b.owned_cells()));
    r.block("particle_force", kParticleForceComponents, b.global, b.lo, b.n, particle_force.data());
  }
  std::vector<float> blend_concentration;
  std::vector<double> blend_history;
  bool blend_injected = false;
  if (sim.blend()) {
    if (!r.has("blend_injected"))
      refuse("holds no blend tracer, and this case has [blend]: it was written without [blend] or by an older "
             "version; restart without --restart, or remove [blend]");
    blend_injected = r.integer("blend_injected") != 0;
    blend_concentration.resize(std::size_t(b.owned_cells()));
    r.block("blend_concentration", 1, b.global, b.lo, b.n, blend_concentration.data());
    blend_history = r.series("blend_history", columns);
    if (!blend_history.empty() && columns != sim.blend()->history_columns())
      refuse("holds a blend history of " + std::to_string(columns) + " columns, this case needs " +
             std::to_string(sim.blend()->history_columns()) + " (were [[blend.probe]] entries changed?)");
  }
  sim.restore(state, r.integer("step"), sums, samples, history_rows(table));
  if (sim.particles()) sim.particles()->restore(beads);
  if (!particle_force.empty()) sim.restore_particle_forces(particle_force);
  if (sim.blend())
    sim.restore_blend(blend_concentration, blend_injected, sim.blend()->history_rows(blend_history));
}

}  // namespace stirlb
