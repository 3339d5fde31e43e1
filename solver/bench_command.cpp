#include "bench_command.h"
#include <omp.h>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include "backend_choice.h"
#include "bench_cases.h"
#include "kernels/copy_bandwidth.h"

namespace stirlb {

namespace {

struct BenchOptions {
  std::string backend = "auto";
  int size = 0;  // 0: the backend's default
  std::string lattice = "D3Q19";
  std::string precision = "fp32";
  std::string collision = "regularized";
  int steps = 0;
  bool les = true;
  bool json = false;
  int copy_mib = 512;
  std::vector<std::int64_t> beads;  // particle benchmark bead counts; empty: none
  bool sorted_beads = false;        // beads in cell order rather than scattered in memory
};

// Big enough that the populations dwarf the caches (95 MB on the CPU, 1.3 GB
// on the GPU for D3Q19 FP32), small enough for a few seconds per case.
constexpr int kDefaultCpuSize = 96;
constexpr int kDefaultCudaSize = 256;
constexpr int kCopyRepetitions = 10;

struct BackendChoice {
  BackendKind kind;
  std::string reason;
};

// The shared rule (solver/backend_choice.h), with its reason kept for the report.
BackendChoice pick_backend(const std::string& requested) {
  std::ostringstream log;
  const BackendKind kind = choose_backend(requested, log);
  std::string reason = log.str();
  while (!reason.empty() && reason.back() == '\n') reason.pop_back();
  if (reason.empty()) reason = requested == "auto" ? "auto: a CUDA device is usable" : "requested";
  return {kind, reason};
}

struct Ceiling {
  double copy_bytes_per_s;
  int bytes_per_update;
  double mlups() const { return copy_bytes_per_s / bytes_per_update / 1e6; }
};

struct CaseFigures {
  double mlups, gbs, fraction;
};

CaseFigures figures(const BenchCaseResult& r, const Ceiling& c) {
  const double mlups = r.mlups();
  const double gbs = mlups * c.bytes_per_update / 1e3;
  return {mlups, gbs, gbs * 1e9 / c.copy_bytes_per_s};
}

void print_header(const BenchOptions& o, const BenchSetup& s, const BackendChoice& b, const Ceiling& c) {
  std::printf("stirlb bench\n");
  std::printf("  backend     %s (%s)", to_string(b.kind).c_str(), b.reason.c_str());
  if (b.kind == BackendKind::CPU) std::printf(", %d OpenMP threads", omp_get_max_threads());
  std::printf("\n  lattice     %s %s %s, LES %s, %d^3 cells per case\n", to_string(s.stencil).c_str(),
              to_string(s.precision).c_str(), to_string(s.collision).c_str(), s.les ? "on" : "off", s.size);
  std::printf("  copy        %.1f GB/s (2 x %d MiB, best of %d, read + write counted)\n", c.copy_bytes_per_s / 1e9,
              o.copy_mib, kCopyRepetitions);
  std::printf("  per update  %d B (2 x %d populations x %d B) -> ceiling %.1f MLUPs/s\n", c.bytes_per_update,
              velocity_count(s.stencil), bytes_per_population(s.precision), c.mlups());
  std::printf("MLUPs/s counts fluid cells only.\n");
  std::printf("%-9s %10s %10s %7s %8s %9s %8s %11s\n", "case", "cells", "fluid", "steps", "seconds", "MLUPs/s", "GB/s",
              "of ceiling");
  std::fflush(stdout);
}

void print_case(const BenchCaseResult& r, const Ceiling& c) {
  const CaseFigures f = figures(r, c);
  std::printf("%-9s %10lld %10lld %7lld %8.3f %9.2f %8.2f %10.1f%%%s\n", r.name.c_str(), (long long)r.cells,
              (long long)r.fluid_cells, (long long)r.steps, r.seconds, f.mlups, f.gbs, 100 * f.fraction,
              r.finite ? "" : "  (state not finite: diverged)");
  std::fflush(stdout);
}

nlohmann::json to_json(const BenchOptions& o, const BenchSetup& s, const BackendChoice& b, const Ceiling& c,
                       const std::vector<BenchCaseResult>& results) {
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& r : results) {
    const CaseFigures f = figures(r, c);
    cases.push_back({{"name", r.name}, {"lattice", r.lattice}, {"cells", r.cells}, {"fluid_cells", r.fluid_cells},
                     {"steps", r.steps}, {"seconds", r.seconds}, {"mlups", f.mlups}, {"bandwidth_gbs", f.gbs},
                     {"fraction_of_ceiling", f.fraction}, {"finite", r.finite}});
  }
  nlohmann::json j = {{"backend", to_string(b.kind)},
                      {"backend_reason", b.reason},
                      {"lattice", to_string(s.stencil)},
                      {"precision", to_string(s.precision)},
                      {"collision", to_string(s.collision)},
                      {"les", s.les},
                      {"size", s.size},
                      {"copy", {{"mib_per_array", o.copy_mib}, {"repetitions", kCopyRepetitions},
                                {"bandwidth_gbs", c.copy_bytes_per_s / 1e9}}},
                      {"bytes_per_update", c.bytes_per_update},
                      {"ceiling_mlups", c.mlups()},
                      {"mlups_counts", "fluid cells"},
                      {"cases", cases}};
  if (b.kind == BackendKind::CPU) j["omp_threads"] = omp_get_max_threads();
  return j;
}

void print_field_cost_header() {
  std::printf("Particle field write: the lattice step with particles enabled (no beads) against the same lattice\n");
  std::printf("without, both from Taylor-Green cells of %.2f, stepped in turn 2 steps at a time.\n",
              double(kBeadBenchFlow));
  std::printf("%-9s %7s %10s %10s %10s %10s %8s\n", "case", "steps", "without s", "with s", "MLUPs w/o", "MLUPs with",
              "change");
  std::fflush(stdout);
}

void print_field_cost(const FieldCostResult& r) {
  std::printf("%-9s %7lld %10.3f %10.3f %10.2f %10.2f %7.1f%%%s\n", r.name.c_str(), (long long)r.steps,
              r.seconds_without, r.seconds_with, r.mlups_without(), r.mlups_with(), 100 * r.change(),
              r.finite ? "" : "  (state not finite: diverged)");
  std::fflush(stdout);
}

void print_bead_header(bool sorted) {
  const BeadParams p = bench_bead_params();
  std::printf("Microcarriers: beads at random places in the fluid cells (%s in memory), moved after every step;\n",
              sorted ? "sorted by cell" : "scattered");
  std::printf("flow started as Taylor-Green cells of %.2f; d = %.2f cells, rho_p/rho_f = %.2f, nu = %.4f,\n",
              double(kBeadBenchFlow), double(p.diameter), double(p.density_ratio), double(p.viscosity));
  std::printf("g = %.0e along -z. MLUPs/s from the lattice step alone (particle field on); share = particle s /\n",
              double(kBeadBenchGravity));
  std::printf("(lattice s + particle s).\n");
  std::printf("%-9s %9s %7s %9s %10s %9s %12s %8s\n", "case", "beads", "steps", "lattice s", "particle s", "MLUPs/s",
              "ns/bead/step", "share");
  std::fflush(stdout);
}

void print_bead_case(const BeadBenchResult& r) {
  char per_bead[32] = "-";
  if (r.beads > 0) std::snprintf(per_bead, sizeof per_bead, "%.1f", r.ns_per_bead_step());
  std::printf("%-9s %9lld %7lld %9.3f %10.3f %9.2f %12s %7.1f%%%s%s\n", r.name.c_str(), (long long)r.beads,
              (long long)r.steps, r.lattice_seconds, r.particle_seconds, r.mlups(), per_bead,
              100 * r.particle_share(), r.finite ? "" : "  (state not finite: diverged)",
              r.beads_finite ? "" : "  (beads not finite)");
  std::fflush(stdout);
}

nlohmann::json bead_json(const std::vector<FieldCostResult>& field, const std::vector<BeadBenchResult>& results,
                         bool sorted) {
  const BeadParams p = bench_bead_params();
  nlohmann::json field_cases = nlohmann::json::array();
  for (const auto& r : field)
    field_cases.push_back({{"name", r.name}, {"fluid_cells", r.fluid_cells}, {"steps", r.steps},
                           {"seconds_without", r.seconds_without}, {"seconds_with", r.seconds_with},
                           {"mlups_without", r.mlups_without()}, {"mlups_with", r.mlups_with()},
                           {"mlups_change", r.change()}, {"finite", r.finite}});
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& r : results)
    cases.push_back({{"name", r.name}, {"beads", r.beads}, {"cells", r.cells}, {"fluid_cells", r.fluid_cells},
                     {"steps", r.steps}, {"lattice_seconds", r.lattice_seconds},
                     {"particle_seconds", r.particle_seconds}, {"mlups", r.mlups()},
                     {"ns_per_bead_step", r.beads > 0 ? nlohmann::json(r.ns_per_bead_step()) : nlohmann::json(nullptr)},
                     {"particle_share", r.particle_share()}, {"finite", r.finite}, {"beads_finite", r.beads_finite}});
  return {{"bead_diameter_cells", p.diameter},
          {"density_ratio", p.density_ratio},
          {"viscosity", p.viscosity},
          {"gravity", kBeadBenchGravity},
          {"flow_amplitude", kBeadBenchFlow},
          {"placement", "random fluid cells, fixed seed"},
          {"memory_order", sorted ? "by cell" : "scattered"},
          {"field_cost", field_cases},
          {"cases", cases}};
}

void run_bench(const BenchOptions& o) {
  const BackendChoice backend = pick_backend(o.backend);
  BenchSetup s;
  s.backend = backend.kind;
  s.size = o.size > 0 ? o.size : (backend.kind == BackendKind::CUDA ? kDefaultCudaSize : kDefaultCpuSize);
  s.stencil = o.lattice == "D3Q27" ? Stencil::D3Q27 : Stencil::D3Q19;
  s.precision = o.precision == "fp16" ? Precision::FP16 : Precision::FP32;
  s.collision = o.collision == "bgk" ? CollisionOperator::BGK : CollisionOperator::Regularized;
  s.les = o.les;
  s.steps = o.steps;

  // The ceiling first, on the memory the lattice will use.
  const std::size_t copy_bytes = std::size_t(o.copy_mib) << 20;
  const double copy = backend.kind == BackendKind::CUDA ? cuda_copy_bandwidth(copy_bytes, kCopyRepetitions)
                                                        : cpu_copy_bandwidth(copy_bytes, kCopyRepetitions);
  const Ceiling ceiling{copy, 2 * velocity_count(s.stencil) * bytes_per_population(s.precision)};

  if (!o.json) print_header(o, s, backend, ceiling);
  std::vector<BenchCaseResult> results;
  for (BenchGeometry g : {BenchGeometry::Periodic, BenchGeometry::Cavity}) {
    results.push_back(run_bench_case(s, g));
    if (!o.json) print_case(results.back(), ceiling);
  }
  std::vector<FieldCostResult> field_results;
  std::vector<BeadBenchResult> bead_results;
  if (!o.beads.empty()) {
    if (!o.json) print_field_cost_header();
    for (BenchGeometry g : {BenchGeometry::Periodic, BenchGeometry::Cavity}) {
      field_results.push_back(run_field_cost_case(s, g));
      if (!o.json) print_field_cost(field_results.back());
    }
    if (!o.json) print_bead_header(o.sorted_beads);
    for (BenchGeometry g : {BenchGeometry::Periodic, BenchGeometry::Cavity})
      for (std::int64_t n : o.beads) {
        bead_results.push_back(run_bead_bench_case(s, g, n, o.sorted_beads ? BeadOrder::ByCell : BeadOrder::Random));
        if (!o.json) print_bead_case(bead_results.back());
      }
  }
  if (o.json) {
    nlohmann::json j = to_json(o, s, backend, ceiling, results);
    if (!o.beads.empty()) j["particles"] = bead_json(field_results, bead_results, o.sorted_beads);
    std::cout << j.dump(2) << "\n";
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  // transform, not check: a value matched without regard to case is replaced
  // by the spelling compared against in run_bench.
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Time stream-collide on a periodic box and a lid-driven cavity against the memory copy ceiling");
  cmd->add_option("--backend", o->backend, "cpu, cuda, or auto (cuda if a device is usable)")
      ->transform(CLI::IsMember({"cpu", "cuda", "auto"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--size", o->size, "Cube edge N in cells [default: 96 on cpu, 256 on cuda]")
      ->check(CLI::Range(4, 2048));
  cmd->add_option("--lattice", o->lattice, "Velocity set: D3Q19 or D3Q27")
      ->transform(CLI::IsMember({"D3Q19", "D3Q27"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--precision", o->precision, "Population storage: fp32 or fp16")
      ->transform(CLI::IsMember({"fp32", "fp16"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--collision", o->collision, "Collision operator: bgk or regularized")
      ->transform(CLI::IsMember({"bgk", "regularized"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--steps", o->steps, "Timed steps per case, rounded up to even; 0: about 3 s worth")
      ->check(CLI::Range(0, 1 << 30))
      ->capture_default_str();
  cmd->add_flag("--les,!--no-les", o->les, "Smagorinsky LES on, as in production runs (default), or off");
  cmd->add_flag("--json", o->json, "Print one JSON object on stdout instead of the table");
  cmd->add_option("--copy-mib", o->copy_mib, "MiB per array of the copy benchmark that sets the ceiling")
      ->check(CLI::Range(1, 1 << 16))
      ->capture_default_str();
  cmd->add_option("--beads", o->beads,
                  "Also time the particle field's cost to the step, and the microcarrier step with these bead "
                  "counts (comma-separated; 0: the particle field alone)")
      ->delimiter(',')
      ->check(CLI::Range(std::int64_t(0), std::int64_t(1) << 31));
  cmd->add_flag("--sorted-beads", o->sorted_beads,
                "Keep the beads in the order of their cells (memory locality) instead of scattered");
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace stirlb
