#pragma once
// Each subcommand registers itself on the top-level CLI11 app.
#include <CLI/CLI.hpp>

namespace stirlb {

void add_run_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_mesh_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_report_command(CLI::App& app);  // report and compare
void add_scale_command(CLI::App& app);

// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // the run failed: diverged, a validation failed, I/O
constexpr int kExitBadInput = 2;  // the user's input was refused before any work
constexpr int kExitCheckpointed = 3;  // stopped by SIGTERM/SIGUSR1 after writing a checkpoint: resume with --restart

}  // namespace stirlb
