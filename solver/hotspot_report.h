#pragma once
// Where a run's shear and dissipation hotspots are and how large: for each
// [hotspots] threshold, the connected regions of the time-averaged field
// beyond it (labelled alike on any rank count), their size, intensity,
// centroid and place relative to the impeller; the volume fractions, the
// fraction of time the liquid spends beyond it (from the exposure fields);
// and, with or without thresholds, volume-weighted histograms of tau,
// epsilon and lambda_K and the ratio epsilon_max / epsilon_avg.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include "postproc/vtk_series_writer.h"
#include "simulation.h"

namespace stirlb {

struct HotspotAnalysis {
  nlohmann::json summary;              // the "hotspots" section of summary.json
  std::string csv;                     // hotspots.csv, one row per region (rank 0's is complete)
  std::vector<std::string> label_names;          // hotspot_region_<criterion>
  std::vector<std::vector<float>> label_fields;  // this rank's owned block, 0 outside every region
};

// Collective. `averages`: this rank's owned block of the time averages
// (Simulation::local_averages), with at least one sample taken.
HotspotAnalysis analyse_hotspots(const Simulation& sim, const std::vector<float>& averages);

// Views of the label fields for FieldOutput::write (valid while `a` lives).
std::vector<FieldView> label_views(const HotspotAnalysis& a);

}  // namespace stirlb
