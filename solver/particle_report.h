#pragma once
// What a run reports about its microcarriers: the suspension metrics over
// time (suspension.csv) and the summary.json section.
#include <nlohmann/json.hpp>
#include <vector>
#include "simulation.h"
#include "suspension_metrics.h"

namespace stirlb {

SuspensionGeometry suspension_geometry(const ParticleCloud& cloud);

// Collective: the metrics of the beads now.
SuspensionMetrics current_suspension(const Simulation& sim);

// `history`: the metrics taken during the run, oldest first.
nlohmann::json microcarrier_summary(const Simulation& sim, const std::vector<SuspensionMetrics>& history,
                                    double wall_seconds);

}  // namespace stirlb
