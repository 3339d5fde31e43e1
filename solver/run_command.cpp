// stirlb run CASE.toml: parse, convert units, refuse unsafe setups, then step
// the lattice, writing VTK fields and summary.json into the output folder.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "backend_choice.h"
#include "case_parser.h"
#include "commands.h"
#include "field_output.h"
#include "postproc/atomic_file.h"
#include "postproc/output_dir.h"
#include "progress.h"
#include "resolution_report.h"
#include "tank_report.h"
#include "run_summary.h"
#include "simulation.h"

namespace stirlb {

namespace {

struct RunOptions {
  std::string case_file;
  std::string output_dir;
  std::string backend = "auto";
  std::int64_t steps = 0;
  bool overwrite = false;
};

std::int64_t total_steps(const Simulation& sim, const RunOptions& o) {
  if (o.steps > 0) return o.steps;
  const RunControl& run = sim.model().run;
  return run.steps ? *run.steps : sim.units().steps_for(*run.end_time);
}

int run_case(const RunOptions& o) {
  // Everything that can be refused is checked before anything is written.
  CaseModel model = parse_case_file(o.case_file);
  const BackendKind backend = choose_backend(o.backend, std::cout);
  const std::filesystem::path dir = o.output_dir.empty() ? std::filesystem::path("runs") / model.name
                                                         : std::filesystem::path(o.output_dir);
  const std::vector<std::string> fields = model.output.fields;
  Simulation sim(std::move(model), backend);
  std::cout << unit_report(sim.model(), sim.units());
  const bool tank = sim.model().tank.has_value();
  if (tank) std::cout << to_text(resolution_report(sim.model(), sim.units(), sim.box(), sim.rotor()));
  prepare_output_dir(dir, o.overwrite);
  std::cout << "backend: " << sim.lattice().describe() << "\noutput: " << dir.string() << "\n";

  const std::int64_t total = total_steps(sim, o);
  const double interval = sim.model().run.output_interval;
  const std::int64_t every = interval > 0 ? std::max<std::int64_t>(1, sim.units().steps_for(interval)) : total;
  FieldOutput output(sim, dir, fields);
  std::vector<float> derived, averages;
  RunRecord record{"completed", sim.lattice().describe(), 0.0, 0.0, 0};
  // Tanks average over the last averaging_revolutions of the run, sampling
  // the fields 64 times per revolution: often enough for converged means,
  // rarely enough to cost a few percent of the run.
  // Without an averaging window, the power number is averaged over the second
  // half of the run.
  double window_start = 0.5 * double(total) * sim.units().dt;
  if (tank && sim.model().run.averaging_revolutions > 0) {
    const double steps_per_rev = 1.0 / (sim.model().tank->speed_rps() * sim.units().dt);
    const std::int64_t window = std::min<std::int64_t>(
        total, std::int64_t(std::llround(sim.model().run.averaging_revolutions * steps_per_rev)));
    sim.schedule_averaging(total - window, std::int64_t(steps_per_rev / 64));
    window_start = double(total - window) * sim.units().dt;
  }
  auto write_fields = [&] {
    sim.derived_fields(derived);
    const bool have_averages = sim.lattice().average_samples() > 0;
    if (have_averages) sim.lattice().averages(averages);
    output.write(sim, derived, have_averages ? &averages : nullptr);
    if (tank) write_torque_csv(dir / "torque.csv", sim.rotor_history());
    ++record.outputs;
  };
  if (interval > 0) write_fields();

  Progress progress(total, sim.units().dt, sim.box().fluid_cell_count());
  // Steps go in chunks of about a quarter second between progress updates.
  // The divergence check is a full reduction over the lattice, so it runs at
  // each output and at most every few seconds, never per step.
  std::int64_t chunk = 16;
  double last_check = 0.0;
  while (sim.step() < total) {
    const std::int64_t next_output = (sim.step() / every + 1) * every;
    const std::int64_t n = std::min({chunk, total - sim.step(), next_output - sim.step()});
    const double before = progress.elapsed();
    sim.advance(n);
    const double took = progress.elapsed() - before;
    if (took < 0.1 && chunk < (1 << 20)) chunk *= 2;
    if (took > 0.5 && chunk > 1) chunk /= 2;
    const bool output_due = sim.step() % every == 0 || sim.step() == total;
    if (output_due || progress.elapsed() - last_check > 5.0) {
      last_check = progress.elapsed();
      if (!sim.diagnostics().finite) {
        record.status = "diverged";
        break;
      }
    }
    if (output_due) write_fields();
    progress.update(sim.step());
  }
  progress.finish(sim.step());
  record.wall_seconds = progress.elapsed();
  record.mlups = progress.mlups(sim.step());
  nlohmann::json summary = run_summary(sim, record);
  if (tank) {
    if (sim.lattice().average_samples() > 0) sim.lattice().averages(averages);
    const PowerStatistics power = power_statistics(sim.rotor_history(), window_start, sim.model().tank->speed_rps());
    summary["tank"] = tank_summary(sim, power, sim.lattice().average_samples() > 0 ? averages : std::vector<float>{});
    summary["resolution"] = to_json(resolution_report(sim.model(), sim.units(), sim.box(), sim.rotor()));
    summary["run"]["immersed_boundary_wall_time_s"] = sim.immersed_boundary_seconds();
    summary["run"]["immersed_boundary_share"] =
        record.wall_seconds > 0 ? sim.immersed_boundary_seconds() / record.wall_seconds : 0.0;
    if (power.samples == 0)
      std::cout << "warning: no step of the averaging window ran at full speed; no power number. Run longer "
                   "than the speed ramp (shaft.ramp_revolutions)\n";
    if (power.samples > 0)
      std::cout << "power number " << power.power_number_mean << " +- " << power.power_number_std << " over "
                << power.samples << " steps from t = " << power.window_start_s << " s\n";
  }
  write_json_atomic(dir / "summary.json", summary);
  if (record.status != "completed") {
    std::cerr << "error: the run became unstable (non-finite velocity or density) before step " << sim.step()
              << " (t = " << sim.time() << " s). Lower numerics.lattice_velocity, raise numerics.resolution, "
              << "or enable numerics.les. The last good fields are in " << dir.string() << "\n";
    return kExitFailure;
  }
  std::cout << "wrote " << record.outputs << " field files (" << output.collection().string() << ") and "
            << (dir / "summary.json").string() << "\n";
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a case file (SI units) and write VTK fields and summary.json");
  run->add_option("case", options->case_file, "Case file (TOML)")->required()->check(CLI::ExistingFile);
  run->add_option("-o,--output", options->output_dir, "Output folder (default runs/<case name>)");
  run->add_option("--backend", options->backend, "cpu, cuda or auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
  run->add_option("--steps", options->steps, "Run this many steps instead of the case's end time")
      ->check(CLI::PositiveNumber);
  run->add_flag("--overwrite", options->overwrite, "Replace the contents of an existing output folder");
  run->final_callback([options] { throw CLI::RuntimeError(run_case(*options)); });
}

}  // namespace stirlb
