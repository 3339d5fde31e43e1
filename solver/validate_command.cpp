// stirlb validate [NAME...] [--quick] [--list]: runs the validation cases and
// prints measured value, reference, tolerance and PASS/FAIL for each check.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "backend_choice.h"
#include "commands.h"
#include "validation/validation_case.h"

namespace stirlb {

namespace {

struct ValidateOptions {
  std::vector<std::string> names;
  bool quick = false;
  bool list = false;
  std::string backend = "auto";
};

int validate(const ValidateOptions& o) {
  const auto& cases = validation_cases();
  if (o.list) {
    for (const auto& c : cases) std::printf("%-18s %s\n", c.name.c_str(), c.reference.c_str());
    return kExitOk;
  }
  for (const auto& n : o.names) {
    bool known = false;
    for (const auto& c : cases) known = known || c.name == n;
    if (!known) {
      std::cerr << "error: no validation case named '" << n << "' (stirlb validate --list shows them)\n";
      return kExitBadInput;
    }
  }
  ValidationOptions options{o.quick, choose_backend(o.backend, std::cout)};
  int failed = 0, passed = 0;
  for (const auto& c : cases) {
    if (!o.names.empty() && std::find(o.names.begin(), o.names.end(), c.name) == o.names.end()) continue;
    const auto start = std::chrono::steady_clock::now();
    ValidationResult r = c.run(options);
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s  [%s resolution: %s; %.1f s]\n  reference: %s\n", c.name.c_str(), o.quick ? "quick" : "full",
                r.setup.c_str(), r.wall_seconds, c.reference.c_str());
    for (const auto& k : r.checks)
      std::printf("  %-4s %-55s measured %-12.6g reference %-12.6g tolerance %-8.3g (%s)\n", k.pass ? "PASS" : "FAIL",
                  k.quantity.c_str(), k.measured, k.reference, k.tolerance, k.comparison.c_str());
    (r.passed() ? passed : failed)++;
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* v = app.add_subcommand("validate", "Compare the solver with analytic and published solutions");
  v->add_option("names", options->names, "Cases to run (default: all)");
  v->add_flag("--quick", options->quick, "The CI resolution instead of the full one");
  v->add_flag("--list", options->list, "List the cases and their references");
  v->add_option("--backend", options->backend, "cpu, cuda or auto")
      ->check(CLI::IsMember({"cpu", "cuda", "auto"}))
      ->capture_default_str();
  v->final_callback([options] { throw CLI::RuntimeError(validate(*options)); });
}

}  // namespace stirlb
