// stirlb report RUN_DIR [-o DIR] and stirlb compare RUN_A RUN_B ... [-o DIR]:
// reports of run folders as HTML, Markdown and JSON. The work is done by
// the Python package postproc/stirlb_report (matplotlib draws the
// figures); these commands only find the interpreter and run it, so that
// `stirlb report` and `python3 -m stirlb_report report` are one program.
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parallel/parallel_session.h"
#include "report_paths.h"

extern char** environ;

namespace stirlb {

namespace {

struct ReportOptions {
  std::vector<std::string> run_dirs;
  std::string output_dir;
  double min_revolutions = 3.0;
};

// STIRLB_PYTHON lets a user point at another interpreter without
// reconfiguring (a venv with matplotlib, a cluster module).
std::string report_python() {
  const char* env = std::getenv("STIRLB_PYTHON");
  if (env != nullptr && *env != '\0') return env;
  return kReportPython;
}

// The child's environment: ours, with the package directory first on
// PYTHONPATH so that `-m stirlb_report` finds this build's package.
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  std::string python_path = std::string("PYTHONPATH=") + kReportPackageDir;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "PYTHONPATH=", 11) == 0) {
      if ((*e)[11] != '\0') python_path += std::string(":") + (*e + 11);
    } else {
      env.emplace_back(*e);
    }
  }
  env.push_back(python_path);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (std::string& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs python -m stirlb_report ARGS (no shell: paths with spaces or quotes
// pass through as they are) and hands back its exit code.
int run_report_package(const std::vector<std::string>& args) {
  const std::string python = report_python();
  if (python.empty()) {
    std::cerr << "error: stirlb report needs a python3 with matplotlib and numpy, and none was found when stirlb "
                 "was configured: install python3-matplotlib and python3-numpy (scripts/install-deps.sh) and "
                 "re-run cmake, or set STIRLB_PYTHON to such an interpreter\n";
    return kExitBadInput;
  }
  if (ParallelSession::size() > 1) {
    if (ParallelSession::rank() == 0)
      std::cerr << "error: stirlb report and compare run on one process: start them without mpirun\n";
    return kExitBadInput;
  }
  std::vector<std::string> argv = {python, "-m", "stirlb_report"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = child_environment();
  std::vector<char*> c_argv = c_strings(argv), c_env = c_strings(env);
  std::cout.flush();
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, python.c_str(), nullptr, nullptr, c_argv.data(), c_env.data());
  if (err != 0) {
    std::cerr << "error: cannot run " << python << " (" << std::strerror(err)
              << "): set STIRLB_PYTHON to a python3 with matplotlib and numpy (python3-matplotlib)\n";
    return kExitBadInput;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::cerr << "error: lost the report process " << pid << " (" << std::strerror(errno) << ")\n";
      return kExitFailure;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  std::cerr << "error: the report process (" << python << ") was killed by signal " << WTERMSIG(status) << "\n";
  return kExitFailure;
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto report = std::make_shared<ReportOptions>();
  CLI::App* r = app.add_subcommand(
      "report", "Report of one run folder: report.html with figures, report.md and report.json (needs python3-matplotlib)");
  r->add_option("run_dir", report->run_dirs, "Run folder written by stirlb run")->required()->expected(1);
  r->add_option("-o,--output", report->output_dir, "Report folder (default RUN_DIR/report; an earlier report there is replaced)");
  r->final_callback([report] {
    std::vector<std::string> args = {"report"};
    if (!report->output_dir.empty()) args.insert(args.end(), {"-o", report->output_dir});
    // "--": a folder named like an option stays a folder.
    args.insert(args.end(), {"--", report->run_dirs.front()});
    throw CLI::RuntimeError(run_report_package(args));
  });

  auto compare = std::make_shared<ReportOptions>();
  CLI::App* c = app.add_subcommand(
      "compare", "Comparison of several run folders, differences against the first (needs python3-matplotlib)");
  c->add_option("run_dirs", compare->run_dirs, "Run folders written by stirlb run (two or more)")
      ->required()
      ->expected(2, -1);
  c->add_option("-o,--output", compare->output_dir, "Report folder (default ./comparison)");
  c->add_option("--min-revolutions", compare->min_revolutions,
                "Flag averaging windows shorter than this many revolutions (default 3)")
      ->check(CLI::PositiveNumber);
  c->final_callback([compare, c] {
    std::vector<std::string> args = {"compare"};
    if (!compare->output_dir.empty()) args.insert(args.end(), {"-o", compare->output_dir});
    if (c->count("--min-revolutions") > 0)
      args.insert(args.end(), {"--min-revolutions", std::to_string(compare->min_revolutions)});
    args.push_back("--");
    args.insert(args.end(), compare->run_dirs.begin(), compare->run_dirs.end());
    throw CLI::RuntimeError(run_report_package(args));
  });
}

}  // namespace stirlb
