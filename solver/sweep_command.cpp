// stirlb sweep CASE.toml --rpm A:B:n: the case at n shaft speeds from A to B,
// each a full run in its own folder, then the fraction of microcarriers
// suspended against speed, the speed at which it reaches the just-suspended
// level, and Zwietering's correlation beside it.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "case_parser.h"
#include "commands.h"
#include "parallel/mpi_check.h"
#include "postproc/atomic_file.h"
#include "postproc/output_dir.h"
#include "run_case.h"
#include "suspension_metrics.h"

namespace stirlb {

namespace {

// Zwietering's state: no particle rests on the bottom longer than the
// window. With parcels, "all" means this fraction of them.
constexpr double kJustSuspendedLevel = 0.98;

struct SweepOptions {
  std::string case_file;
  std::string rpm;  // A:B:n
  std::string output_dir;
  std::string backend = "auto";
  std::int64_t steps = 0;
  bool overwrite = false;
};

std::string speed_folder(double rpm) {
  std::ostringstream s;
  s << "rpm_" << std::fixed << std::setprecision(1) << rpm;
  return s.str();
}

std::vector<double> parse_speeds(const std::string& text, const std::string& case_file) {
  auto refuse = [&](const std::string& why) {
    throw CaseError(case_file, 0, "--rpm", "'" + text + "': " + why + " (expected A:B:n, e.g. 60:240:7)");
  };
  std::stringstream in(text);
  std::string a, b, n;
  if (!std::getline(in, a, ':') || !std::getline(in, b, ':') || !std::getline(in, n) || !in.eof())
    refuse("needs three parts");
  double lo = 0, hi = 0;
  int count = 0;
  try {
    std::size_t used = 0;
    lo = std::stod(a, &used);
    if (used != a.size()) refuse("A is not a number");
    hi = std::stod(b, &used);
    if (used != b.size()) refuse("B is not a number");
    count = std::stoi(n, &used);
    if (used != n.size()) refuse("n is not a whole number");
  } catch (const std::logic_error&) {
    refuse("not numbers");
  }
  if (!(lo > 0) || !(hi >= lo)) refuse("speeds must be positive with A <= B");
  if (count < 1 || count > 100) refuse("n must be between 1 and 100");
  if (count == 1 && hi != lo) refuse("one speed needs A = B");
  std::vector<double> speeds;
  for (int k = 0; k < count; ++k) speeds.push_back(count == 1 ? lo : lo + (hi - lo) * k / (count - 1));
  // Each speed gets its own folder, named to 0.1 rpm.
  for (int k = 1; k < count; ++k)
    if (speed_folder(speeds[std::size_t(k)]) == speed_folder(speeds[std::size_t(k - 1)]))
      refuse("speeds " + std::to_string(speeds[std::size_t(k - 1)]) + " and " + std::to_string(speeds[std::size_t(k)]) +
             " are closer than 0.1 rpm; use fewer speeds or a wider range");
  return speeds;
}


// The fraction suspended a run ended with: the mean over the second half of
// its samples, so that one instant's fluctuation does not decide.
double settled_fraction_suspended(const nlohmann::json& history) {
  const std::size_t n = history.size();
  if (n == 0) return 0.0;
  double sum = 0;
  std::size_t used = 0;
  for (std::size_t k = n / 2; k < n; ++k, ++used) sum += history[k]["fraction_suspended"].get<double>();
  return sum / double(used);
}

int run_sweep(const SweepOptions& o) {
  CaseModel model = parse_case_file(o.case_file);
  if (!model.tank) throw CaseError(o.case_file, 0, "vessel", "a sweep changes the shaft speed; this case has no tank");
  if (!model.microcarriers)
    throw CaseError(o.case_file, 0, "microcarriers", "a sweep measures suspension; this case has no [microcarriers]");
  const std::vector<double> speeds = parse_speeds(o.rpm, o.case_file);
  const std::filesystem::path dir =
      o.output_dir.empty() ? std::filesystem::path("runs") / (model.name + "_sweep") : std::filesystem::path(o.output_dir);
  int rank = 0;
  STIRLB_CHECK(MPI, MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  if (rank == 0) prepare_output_dir(dir, o.overwrite);
  STIRLB_CHECK(MPI, MPI_Barrier(MPI_COMM_WORLD));

  std::vector<double> fractions;
  nlohmann::json runs = nlohmann::json::array();
  // A fraction suspended means something only after beads have had several
  // suspension windows to settle or lift.
  nlohmann::json warnings = nlohmann::json::array();
  for (double rpm : speeds) {
    RunOptions run;
    run.case_file = o.case_file;
    run.output_dir = (dir / speed_folder(rpm)).string();
    run.backend = o.backend;
    run.steps = o.steps;
    run.speed_rpm = rpm;
    std::cout << "\n=== sweep: " << rpm << " rpm -> " << run.output_dir << " ===\n";
    const int code = run_case(run);
    if (code != kExitOk) {
      std::cerr << "error: the run at " << rpm << " rpm ended with exit code " << code << "; the sweep stops\n";
      return code;
    }
    nlohmann::json summary;
    std::ifstream(std::filesystem::path(run.output_dir) / "summary.json") >> summary;
    const double f = settled_fraction_suspended(summary["microcarriers"]["history"]);
    const double simulated = summary["run"]["simulated_time_s"].get<double>();
    if (simulated < 3 * model.microcarriers->suspension_window) {
      std::ostringstream w;
      w << rpm << " rpm ran " << simulated << " s, less than 3 suspension windows ("
        << 3 * model.microcarriers->suspension_window << " s): its fraction suspended is not settled";
      warnings.push_back(w.str());
      std::cout << "warning: " << w.str() << "\n";
    }
    fractions.push_back(f);
    runs.push_back({{"speed_rpm", rpm},
                    {"folder", speed_folder(rpm)},
                    {"fraction_suspended", f},
                    {"final", summary["microcarriers"]["final"]},
                    {"power_number", summary["tank"]["power_number"]},
                    {"power_per_volume_W_m3", summary["tank"].value("power_per_volume_W_m3", 0.0)}});
  }

  const MicrocarrierSpec& m = *model.microcarriers;
  const TankSpec& tank = *model.tank;
  const double rho = model.fluid.density, nu = model.fluid.kinematic_viscosity;
  const double solids_percent = 100.0 * m.beads_per_litre() * 1000.0 * m.bead_mass() / rho;
  const double s = zwietering_s(tank.impellers.front().type);
  // No constant for an STL impeller: the comparison is left out.
  const double njs_zwietering = 60.0 * zwietering_njs(s, nu, 9.81, m.density, rho, solids_percent, m.diameter,
                                                      tank.impeller_diameter());
  const std::optional<double> njs = speed_at_fraction(speeds, fractions, kJustSuspendedLevel);
  nlohmann::json out;
  out["case"] = model.name;
  out["just_suspended_level"] = kJustSuspendedLevel;
  out["runs"] = runs;
  out["warnings"] = warnings;
  out["njs_rpm"] = njs ? nlohmann::json(*njs) : nlohmann::json(nullptr);
  const bool have_zwietering = std::isfinite(njs_zwietering);
  out["zwietering"] = {{"njs_rpm", have_zwietering ? nlohmann::json(njs_zwietering) : nlohmann::json(nullptr)},
                       {"S", std::isfinite(s) ? nlohmann::json(s) : nlohmann::json(nullptr)},
                       {"solids_mass_percent", solids_percent},
                       {"note", "Zwietering (1958) was fitted for sand and glass beads, 0.5-2 times denser than the "
                                "liquid; microcarriers are a few percent denser, so it serves as an order of "
                                "magnitude only"}};
  if (rank == 0) {
    write_json_atomic(dir / "sweep.json", out);
    std::ostringstream csv;
    csv << "speed_rpm,fraction_suspended\n";
    for (std::size_t k = 0; k < speeds.size(); ++k) csv << speeds[k] << "," << fractions[k] << "\n";
    write_file_atomic(dir / "sweep.csv", csv.str());
  }
  std::cout << "\nspeed (rpm)  fraction suspended\n";
  for (std::size_t k = 0; k < speeds.size(); ++k)
    std::cout << std::setw(11) << speeds[k] << "  " << fractions[k] << "\n";
  if (njs)
    std::cout << "N_js (" << kJustSuspendedLevel * 100 << " % suspended): " << *njs << " rpm\n";
  else
    std::cout << "N_js: not reached in this range (no speed suspended " << kJustSuspendedLevel * 100
              << " % of the beads)\n";
  if (have_zwietering)
    std::cout << "Zwietering's correlation (S = " << s << "): " << njs_zwietering
              << " rpm -- fitted for much denser particles; an order of magnitude only\n";
  else
    std::cout << "Zwietering's correlation: no S constant for a '" << tank.impellers.front().type << "' impeller\n";
  std::cout << "wrote " << (dir / "sweep.json").string() << " and " << (dir / "sweep.csv").string() << "\n";
  return kExitOk;
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* sweep = app.add_subcommand("sweep", "Run a tank case with microcarriers at several shaft speeds and "
                                                "estimate the just-suspended speed");
  sweep->add_option("case", options->case_file, "Case file (TOML) with [microcarriers]")->required()->check(CLI::ExistingFile);
  sweep->add_option("--rpm", options->rpm, "Speeds A:B:n (n speeds from A to B rpm)")->required();
  sweep->add_option("-o,--output", options->output_dir, "Output folder (default runs/<case name>_sweep)");
  sweep->add_option("--backend", options->backend, "cpu, cuda or auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
  sweep->add_option("--steps", options->steps, "Run this many steps per speed instead of the case's end time")
      ->check(CLI::PositiveNumber);
  sweep->add_flag("--overwrite", options->overwrite, "Replace the contents of an existing output folder");
  sweep->final_callback([options] { throw CLI::RuntimeError(run_sweep(*options)); });
}

}  // namespace stirlb
