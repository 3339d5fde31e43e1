// stirlb run CASE.toml: parse, convert units, refuse unsafe setups, then step
// the lattice, writing VTK fields and summary.json into the output folder.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <numbers>
#include <optional>

#include "backend_choice.h"
#include "blend_report.h"
#include "case_parser.h"
#include "commands.h"
#include "field_output.h"
#include "hotspot_report.h"
#include "postproc/atomic_file.h"
#include "postproc/output_dir.h"
#include "damage_report.h"
#include "particle_report.h"
#include "shear_damage_laws.h"
#include "progress.h"
#include "resolution_report.h"
#include "tank_report.h"
#include "run_case.h"
#include "run_checkpoint.h"
#include "run_checks.h"
#include "run_summary.h"
#include "parallel/checkpoint_file.h"
#include "simulation.h"
#include "parallel/mpi_check.h"
#include "parallel/parallel_session.h"
#include "parallel/profiling.h"

namespace stirlb {

namespace {


// Slurm and most batch systems send SIGTERM (or a requested SIGUSR1) some
// time before the kill: the run finishes its chunk of steps, writes a
// checkpoint and exits cleanly.
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void request_stop(int signal) { g_stop_signal = signal; }

// Runs `work` on rank 0 only; its failure becomes the same OutputDirError on
// every rank, so that no rank waits forever for one that gave up.
template <class Work>
void on_root(MPI_Comm comm, Work&& work) {
  int rank = 0;
  STIRLB_CHECK(MPI, MPI_Comm_rank(comm, &rank));
  std::string error;
  if (rank == 0) {
    try {
      work();
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "unknown error";
    }
  }
  int length = int(error.size());
  STIRLB_CHECK(MPI, MPI_Bcast(&length, 1, MPI_INT, 0, comm));
  error.resize(std::size_t(length));
  STIRLB_CHECK(MPI, MPI_Bcast(error.data(), length, MPI_CHAR, 0, comm));
  if (length > 0) throw OutputDirError(error);
}

ParallelOptions parallel_options(const RunOptions& o, BackendKind backend) {
  ParallelOptions p;
  if (!o.procs.empty()) {
    if (o.procs.size() != 3) throw CaseError(o.case_file, 0, "", "--procs needs three numbers, X,Y,Z (ranks along each axis)");
    for (int a = 0; a < 3; ++a) p.procs[std::size_t(a)] = o.procs[std::size_t(a)];
  }
  p.petsc_sf = o.halo == "petsc-sf";
  // Device memory goes to MPI only when the library says it can take it.
  p.device_halo = backend == BackendKind::CUDA &&
                  (o.device_halo == "on" || (o.device_halo == "auto" && mpi_supports_device_memory()));
  return p;
}

std::int64_t total_steps(const Simulation& sim, const RunOptions& o) {
  if (o.steps > 0) return o.steps;
  const RunControl& run = sim.model().run;
  return run.steps ? *run.steps : sim.units().steps_for(*run.end_time);
}

}  // namespace

void set_speed(CaseModel& model, double rpm) {
  if (!model.tank) throw CaseError(model.source, 0, "shaft.speed_rpm", "only a stirred tank has a shaft speed to change");
  if (!(rpm > 0)) throw CaseError(model.source, 0, "shaft.speed_rpm", "a speed must be positive, got " + std::to_string(rpm));
  model.tank->shaft.speed_rpm = rpm;
  model.flow.reference_velocity = std::numbers::pi * model.tank->speed_rps() * model.flow.reference_length;
}

int run_case(const RunOptions& o) {
  // Everything that can be refused is checked before anything is written.
  if (o.profile) start_profiling();
  CaseModel model = parse_case_file(o.case_file);
  if (o.speed_rpm) set_speed(model, *o.speed_rpm);
  const BackendKind backend = choose_backend(o.backend, std::cout);
  if (backend == BackendKind::CUDA) select_cuda_device(ParallelSession::node_local_rank());
  const std::filesystem::path dir = o.output_dir.empty() ? std::filesystem::path("runs") / model.name
                                                         : std::filesystem::path(o.output_dir);
  const std::vector<std::string> fields = model.output.fields;
  std::unique_ptr<Simulation> owner;
  try {
    owner = std::make_unique<Simulation>(std::move(model), backend, parallel_options(o, backend));
  } catch (const std::invalid_argument& e) {  // a decomposition the lattice cannot take
    throw CaseError(o.case_file, 0, "", e.what());
  }
  Simulation& sim = *owner;
  const bool resuming = !o.restart.empty();
  if (resuming) {
    // Checked (checksums, case, lattice) before anything in the output
    // folder is touched.
    restore_checkpoint(sim, o.restart);
    std::cout << "restarted from " << o.restart << " at step " << sim.step() << " (t = " << sim.time() << " s)\n";
  }
  std::cout << unit_report(sim.model(), sim.units());
  const bool tank = sim.model().tank.has_value();
  if (tank) std::cout << to_text(resolution_report(sim.model(), sim.units(), sim.box(), sim.rotor()));
  std::cout << to_text(sim.decomposition(), sim.load_balance());
  // A resumed run continues in its folder; a new one gets an empty folder.
  on_root(sim.comm(), [&] {
    if (resuming) std::filesystem::create_directories(dir);
    else prepare_output_dir(dir, o.overwrite);
  });
  std::cout << "backend: " << sim.lattice().describe() << "\noutput: " << dir.string() << "\n";

  const std::int64_t total = total_steps(sim, o);
  const double interval = sim.model().run.output_interval;
  const std::int64_t every = interval > 0 ? std::max<std::int64_t>(1, sim.units().steps_for(interval)) : total;
  FieldOutput output(sim, dir, fields);
  std::vector<float> derived, averages, tracer;
  RunRecord record{"completed", sim.lattice().describe(), 0.0, 0.0, 0};
  // Tanks average over the last averaging_revolutions of the run, sampling
  // the fields 64 times per revolution: often enough for converged means,
  // rarely enough to cost a few percent of the run.
  // Without an averaging window, the power number is averaged over the second
  // half of the run.
  double window_start = 0.5 * double(total) * sim.units().dt;
  if (tank && sim.model().run.averaging_revolutions > 0) {
    const double steps_per_rev = 1.0 / (sim.model().tank->speed_rps() * sim.units().dt);
    const std::int64_t requested = std::int64_t(std::llround(sim.model().run.averaging_revolutions * steps_per_rev));
    const std::int64_t window = std::min<std::int64_t>(total, requested);
    if (requested > total)
      std::cout << "warning: run.averaging_revolutions (" << sim.model().run.averaging_revolutions
                << ") is longer than the run (" << double(total) / steps_per_rev
                << " revolutions); averaging over the whole run, start-up included\n";
    sim.schedule_averaging(total - window, std::int64_t(steps_per_rev / 64));
    window_start = double(total - window) * sim.units().dt;
  } else if (!tank && !exposure_fields(sim.model()).empty()) {
    // Boxes with hotspot thresholds or damage models: exposure over the
    // second half of the run, in about 256 samples.
    const std::int64_t from = sim.step() + (total - sim.step()) / 2;
    sim.schedule_averaging(from, std::max<std::int64_t>(1, (total - from) / 256));
  }
  std::unique_ptr<SuspensionCsv> suspension_csv;
  std::vector<SuspensionMetrics> suspension;
  if (sim.particles())
    suspension_csv = std::make_unique<SuspensionCsv>(dir / "suspension.csv", sim.comm(),
                                                     resuming ? std::optional<double>(sim.time()) : std::nullopt);
  std::unique_ptr<DamageCsv> damage_csv;
  std::vector<DamageSnapshot> damage_history;
  // What the last output computed, kept for the summary when the run ends
  // on that step: both take a collective pass over every bead or cell.
  std::vector<DamageModelState> damage_now;
  std::optional<HotspotAnalysis> hotspots_now;
  std::int64_t analysed_step = -1;
  const bool damage = sim.particles() && !sim.model().damage.models.empty();
  if (damage)
    damage_csv = std::make_unique<DamageCsv>(sim, dir / "damage.csv",
                                             resuming ? std::optional<double>(sim.time()) : std::nullopt);
  // The tracer keeps its whole history (a checkpoint carries it), so the
  // file is rewritten whole: a resumed run's blend.csv starts at injection.
  auto write_blend_csv = [&] {
    if (sim.blend() && sim.root())
      write_file_atomic(dir / "blend.csv", blend_csv(*sim.blend(), tank ? sim.model().tank->speed_rps() : 0.0));
  };
  auto write_fields = [&] {
    ProfileScope scope(profile_events().output);
    if (sim.particles()) {
      suspension.push_back(current_suspension(sim));
      suspension_csv->append(suspension.back());
    }
    if (damage) {
      damage_now = damage_state(sim);
      damage_history.push_back(damage_snapshot(sim, damage_now));
      damage_csv->append(damage_history.back());
    }
    sim.local_derived_fields(derived);
    // The tracer (normalised: 1 is mixed) once it is in the liquid.
    std::vector<FieldView> extra;
    if (sim.blend() && sim.blend()->injected()) {
      sim.owned_blend_concentration(tracer);
      extra.push_back({"tracer_concentration", {tracer.data()}});
    }
    const bool have_averages = sim.lattice().average_samples() > 0;
    if (have_averages) {
      sim.local_averages(averages);
      // The region labels of the averages so far, beside them in the file.
      hotspots_now = analyse_hotspots(sim, averages);
      for (const FieldView& v : label_views(*hotspots_now)) extra.push_back(v);
      output.write(sim, derived, &averages, extra);
    } else {
      hotspots_now.reset();
      output.write(sim, derived, nullptr, extra);
    }
    if (tank && sim.root()) write_torque_csv(dir / "torque.csv", sim.rotor_history());
    write_blend_csv();
    ++record.outputs;
    analysed_step = sim.step();
  };
  if (interval > 0 && !resuming) write_fields();
  if (resuming) output.continue_series(sim.time());
  const std::filesystem::path checkpoint_path = dir / "checkpoint.h5";
  std::int64_t last_checkpoint_step = sim.step();
  double last_checkpoint_time = 0.0;
  g_stop_signal = 0;
  std::signal(SIGTERM, request_stop);
  std::signal(SIGUSR1, request_stop);

  Progress progress(total, sim.units().dt, sim.box().fluid_cell_count(), !sim.root(), sim.step());
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
    // Rank 0's clock decides for all, so that every rank takes the same
    // chunks and reaches each collective check at the same step.
    double clock[2] = {progress.elapsed() - before, progress.elapsed()};
    STIRLB_CHECK(MPI, MPI_Bcast(clock, 2, MPI_DOUBLE, 0, sim.comm()));
    const double took = clock[0], now = clock[1];
    if (took < 0.1 && chunk < (1 << 20)) chunk *= 2;
    if (took > 0.5 && chunk > 1) chunk /= 2;
    const bool output_due = sim.step() % every == 0 || sim.step() == total;
    if (output_due || now - last_check > 5.0) {
      last_check = now;
      if (!sim.diagnostics().finite) {
        record.status = "diverged";
        break;
      }
    }
    if (output_due) write_fields();
    progress.update(sim.step());
    int stop = g_stop_signal;
    STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &stop, 1, MPI_INT, MPI_MAX, sim.comm()));
    const bool checkpoint_due =
        (o.checkpoint_every > 0 && sim.step() - last_checkpoint_step >= o.checkpoint_every) ||
        (o.checkpoint_minutes > 0 && now - last_checkpoint_time >= 60.0 * o.checkpoint_minutes);
    if ((stop || checkpoint_due) && sim.step() < total) {
      write_checkpoint(sim, checkpoint_path);
      last_checkpoint_step = sim.step();
      last_checkpoint_time = now;
      // Flushed now: a batch log's reader should see it before the next 10 %.
      std::cout << "checkpoint: " << checkpoint_path.string() << " at step " << sim.step() << std::endl;
    }
    if (stop && sim.step() < total) {
      record.status = "checkpointed";
      std::cout << "stopping on signal " << stop << "; resume with: stirlb run " << o.case_file << " --restart "
                << checkpoint_path.string() << " -o " << dir.string() << std::endl;
      break;
    }
  }
  progress.finish(sim.step());
  record.wall_seconds = progress.elapsed();
  record.mlups = progress.mlups(sim.step());
  nlohmann::json summary = run_summary(sim, record);
  summary["run"]["ranks"] = sim.decomposition().size();
  summary["run"]["process_grid"] = sim.decomposition().block().procs;
  summary["run"]["fluid_cells_per_rank"] = sim.load_balance().fluid_cells;
  summary["run"]["load_imbalance_max_over_mean"] = sim.load_balance().max_over_mean;
  if (tank) {
    if (sim.lattice().average_samples() > 0) sim.local_averages(averages);
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
  if (sim.particles()) {
    summary["microcarriers"] = microcarrier_summary(sim, suspension, record.wall_seconds);
    if (summary["microcarriers"]["parcels_at_end"] != sim.particles()->total())
      throw std::logic_error("microcarriers: parcels were lost or duplicated between ranks");
  }
  const bool analysed_now = analysed_step == sim.step();
  if (damage) summary["damage"] = damage_summary(sim, analysed_now ? damage_now : damage_state(sim), damage_history);
  if (sim.lattice().average_samples() > 0) {
    if (!analysed_now || !hotspots_now) {
      sim.local_averages(averages);
      hotspots_now = analyse_hotspots(sim, averages);
    }
    summary["hotspots"] = hotspots_now->summary;
    if (sim.model().hotspots && sim.root()) write_file_atomic(dir / "hotspots.csv", hotspots_now->csv);
  }
  if (sim.blend()) {
    summary["blend"] = blend_summary(sim);
    write_blend_csv();
  }
  WindowHalves halves;
  if (tank) {
    const PowerStatistics all = power_statistics(sim.rotor_history(), window_start, sim.model().tank->speed_rps());
    const PowerStatistics late = power_statistics(sim.rotor_history(), 0.5 * (all.window_start_s + all.window_end_s),
                                                  sim.model().tank->speed_rps());
    if (all.samples > late.samples && late.samples > 0) {
      halves.available = true;
      halves.second_mean = late.power_number_mean;
      halves.first_mean = (double(all.samples) * all.power_number_mean - double(late.samples) * late.power_number_mean) /
                          double(all.samples - late.samples);
    }
  }
  summary["checks"] = run_checks(summary, halves);
  if (sim.root()) write_json_atomic(dir / "summary.json", summary);
  if (o.profile) profile_report();
  if (record.status == "checkpointed") return kExitCheckpointed;
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
  run->add_option("--procs", options->procs, "MPI ranks along x,y,z (default: PETSc chooses)")
      ->delimiter(',')
      ->expected(3)
      ->check(CLI::PositiveNumber);
  run->add_option("--restart", options->restart,
                  "Continue from a checkpoint (written by --checkpoint-every/--checkpoint-minutes or on SIGTERM/SIGUSR1)")
      ->check(CLI::ExistingFile);
  run->add_option("--checkpoint-every", options->checkpoint_every, "Write <output>/checkpoint.h5 every this many steps")
      ->check(CLI::PositiveNumber);
  run->add_option("--checkpoint-minutes", options->checkpoint_minutes,
                  "Write <output>/checkpoint.h5 every this many minutes of wall time")
      ->check(CLI::PositiveNumber);
  run->add_flag("--profile", options->profile,
                "Print PETSc's timing breakdown (collide-stream, halo, immersed boundary, output, checkpoint) at the end");
  run->add_option("--halo", options->halo,
                  "Halo transport: mpi (point-to-point on the DMDA's neighbours) or petsc-sf (CPU only)")
      ->check(CLI::IsMember({"mpi", "petsc-sf"}))
      ->capture_default_str();
  run->add_option("--gpu-aware-mpi", options->device_halo,
                  "Hand device memory to MPI for halos: auto (if the MPI library reports CUDA support), on, off")
      ->check(CLI::IsMember({"auto", "on", "off"}))
      ->capture_default_str();
  run->final_callback([options] { throw CLI::RuntimeError(run_case(*options)); });
}

}  // namespace stirlb
