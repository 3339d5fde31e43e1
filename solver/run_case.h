#pragma once
// One run of a case, as `stirlb run` does it; `stirlb sweep` runs it once
// per speed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include "case_model.h"

namespace stirlb {

struct RunOptions {
  std::string case_file;
  std::string output_dir;
  std::string backend = "auto";
  std::int64_t steps = 0;
  bool overwrite = false;
  std::vector<int> procs;
  std::string device_halo = "auto";
  std::string halo = "mpi";
  bool profile = false;
  std::string restart;
  std::int64_t checkpoint_every = 0;  // steps
  double checkpoint_minutes = 0;      // wall time
  std::optional<double> speed_rpm;   // replaces the case's shaft speed (tanks)
};

// Runs the case and returns the exit code (commands.h). Collective.
int run_case(const RunOptions& options);

// A tank at another shaft speed: the tip speed, and with it the lattice
// time step, follow; the run's end time stays the case's.
void set_speed(CaseModel& model, double rpm);

}  // namespace stirlb
