// stirlb: lattice-Boltzmann solver for stirred-tank bioreactors.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bench_command.h"
#include "case_parser.h"
#include "commands.h"
#include "parallel/checkpoint_file.h"
#include "parallel/parallel_session.h"
#include "postproc/output_dir.h"
#include "stirlb_version.h"

int main(int argc, char** argv) {
  stirlb::ParallelSession session(&argc, &argv);
  // Rank 0 speaks for the run; errors still come from every rank that has one.
  if (stirlb::ParallelSession::rank() != 0) std::cout.setstate(std::ios::failbit);
  CLI::App app{"stirlb: lattice-Boltzmann CFD for stirred-tank bioreactors"};
  app.set_version_flag("--version", std::string("stirlb ") + stirlb::kStirlbVersion);
  app.require_subcommand(1);
  stirlb::add_run_command(app);
  stirlb::add_mesh_command(app);
  stirlb::add_validate_command(app);
  stirlb::add_sweep_command(app);
  stirlb::add_report_command(app);
  stirlb::add_scale_command(app);
  stirlb::add_bench_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& done) {
    // Commands report their exit code this way once they have finished.
    return done.get_exit_code();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? stirlb::kExitOk : stirlb::kExitBadInput;
  } catch (const stirlb::CaseError& e) {
    // Every rank reads the same case and refuses it alike: one message.
    if (stirlb::ParallelSession::rank() == 0) std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitBadInput;
  } catch (const stirlb::CheckpointError& e) {
    // A checkpoint that cannot be used: nothing has been written yet.
    if (stirlb::ParallelSession::rank() == 0) std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitBadInput;
  } catch (const stirlb::OutputDirError& e) {
    if (stirlb::ParallelSession::rank() == 0) std::cerr << "error: " << e.what() << "\n";
    return stirlb::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    // Other ranks may be waiting for this one in a collective call: end the
    // job rather than leave it hanging until the wall-time limit.
    if (stirlb::ParallelSession::size() > 1) MPI_Abort(MPI_COMM_WORLD, stirlb::kExitFailure);
    return stirlb::kExitFailure;
  }
  return stirlb::kExitOk;
}
