#include "bench_command.h"
#include <omp.h>
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
  if (o.json) std::cout << to_json(o, s, backend, ceiling, results).dump(2) << "\n";
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
  cmd->callback([o] { run_bench(*o); });
}

}  // namespace stirlb
