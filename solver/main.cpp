// stirlb: lattice-Boltzmann solver for stirred-tank bioreactors.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bench_command.h"
#include "case_parser.h"
#include "commands.h"
#include "postproc/output_dir.h"
#include "stirlb_version.h"

int main(int argc, char** argv) {
  CLI::App app{"stirlb: lattice-Boltzmann CFD for stirred-tank bioreactors"};
  app.set_version_flag("--version", std::string("stirlb ") + stirlb::kStirlbVersion);
  app.require_subcommand(1);
  stirlb::add_run_command(app);
  stirlb::add_mesh_command(app);
  stirlb::add_validate_command(app);
  stirlb::add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& done) {
    // Commands report their exit code this way once they have finished.
    return done.get_exit_code();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? stirlb::kExitOk : stirlb::kExitBadInput;
  } catch (const stirlb::CaseError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitBadInput;
  } catch (const stirlb::OutputDirError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitFailure;
  }
  return stirlb::kExitOk;
}
