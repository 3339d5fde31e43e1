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
  for (const std::string& w : sim.units().warnings) std::cout << "warning: " << w << "\n";
  prepare_output_dir(dir, o.overwrite);
  std::cout << "backend: " << sim.lattice().describe() << "\noutput: " << dir.string() << "\n";

  const std::int64_t total = total_steps(sim, o);
  const double interval = sim.model().run.output_interval;
  const std::int64_t every = interval > 0 ? std::max<std::int64_t>(1, sim.units().steps_for(interval)) : total;
  FieldOutput output(sim, dir, fields);
  std::vector<float> derived;
  RunRecord record{"completed", sim.lattice().describe(), 0.0, 0.0, 0};
  auto write_fields = [&] {
    sim.derived_fields(derived);
    output.write(sim, derived);
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
  write_json_atomic(dir / "summary.json", run_summary(sim, record));
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
