#pragma once
// How well a tank case is resolved before it runs: cells across the impeller
// and across the narrowest gaps, cell counts, and the memory each backend and
// storage precision would need.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "simulation.h"

namespace stirlb {

struct GapReport {
  std::string name;  // e.g. "blade tip to baffle (impeller 1)"
  double metres = 0;
  double cells = 0;
};

struct MemoryEstimate {
  std::string backend;    // cpu or cuda
  std::string precision;  // fp32 or fp16
  double device_gib = 0;  // where the populations live (host memory for cpu)
  double host_gib = 0;    // output buffers and geometry on the host
};

struct ResolutionReport {
  double cells_per_impeller = 0;
  std::vector<GapReport> gaps;
  std::int64_t total_cells = 0, fluid_cells = 0;
  std::int64_t markers = 0;
  double marker_spacing_cells = 0;
  std::vector<MemoryEstimate> memory;
  std::vector<std::string> warnings;  // gaps below kMinGapCells
};

constexpr double kMinGapCells = 5.0;

// Needs no lattice: `stirlb mesh` reports on cases too large for this machine.
ResolutionReport resolution_report(const CaseModel& c, const LatticeUnits& units, const BoxLattice& box,
                                   const Rotor* rotor);
std::string to_text(const ResolutionReport& r);
nlohmann::json to_json(const ResolutionReport& r);

}  // namespace stirlb
