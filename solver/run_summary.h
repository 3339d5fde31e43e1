#pragma once
// summary.json: what a run was asked to do, in SI and lattice units, how fast
// it went and where it ended.
#include <nlohmann/json.hpp>
#include <string>
#include "simulation.h"

namespace stirlb {

struct RunRecord {
  std::string status;  // "completed" or "diverged"
  std::string backend;
  double wall_seconds = 0.0;
  double mlups = 0.0;
  std::int64_t outputs = 0;
};

nlohmann::json run_summary(Simulation& sim, const RunRecord& record);

}  // namespace stirlb
