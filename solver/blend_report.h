#pragma once
// What a run reports about its tracer (solver/blend_tracer.h): blend.csv,
// the whole sampled history, and the summary.json "blend" section with the
// blend time and the probes' 95 % homogeneity times.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>
#include "simulation.h"

namespace stirlb {

// The time from which `values` stay at or below `limit` to the last sample:
// where the last rise above it ends, interpolated linearly between the two
// samples around that crossing; the first time if it never rose above.
// nullopt if the last sample is above the limit (not blended yet).
std::optional<double> settled_below(const std::vector<double>& times, const std::vector<double>& values, double limit);

// The header and one row per sample; rank 0's text.
std::string blend_csv(const BlendTracer& tracer, double revolutions_per_second);

nlohmann::json blend_summary(const Simulation& sim);

}  // namespace stirlb
