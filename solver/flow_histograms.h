#pragma once
// Volume-weighted histograms of a flow quantity (shear stress, dissipation,
// Kolmogorov length) over the ranks' cells. The bins are fixed logarithmic
// ones, not fitted to the data, so that histograms of different runs, speeds
// and scales share their axes and can be compared bin by bin.
#include <mpi.h>
#include <cstdint>
#include <span>
#include <vector>
#include <nlohmann/json.hpp>

namespace stirlb {

// Edges lo * 10^(i / per_decade), i = 0..bin_count(). hi is rounded to a
// whole number of bins; values below lo (zero and negative ones included) go
// to the underflow bin, values at or above the last edge (+inf included) to
// the overflow bin. A value on an edge belongs to the bin above it.
struct LogBins {
  double lo = 0, hi = 0;
  int per_decade = 10;
  int bin_count() const;  // interior bins
  std::vector<double> edges() const;
  // 0 underflow, 1..bin_count() interior, bin_count() + 1 overflow.
  int bin_of(double value) const;
};

LogBins shear_stress_bins();       // Pa, 1e-5..1e3, 10 per decade
LogBins dissipation_bins();        // W/kg, 1e-7..1e4, 10 per decade
LogBins kolmogorov_length_bins();  // m, 1e-6..1e-1, 10 per decade

struct HistogramBin {
  std::int64_t cells = 0;
  double volume = 0;
  double fraction = 0;  // of the histogram's volume
};

struct FlowHistogram {
  LogBins bins;
  std::vector<double> edges;       // bin_count() + 1
  std::vector<HistogramBin> bin;   // bin_count(), interior
  HistogramBin underflow, overflow;
  std::int64_t cells = 0;          // counted cells (masked, not NaN)
  double volume = 0;
  std::int64_t nan_cells = 0;      // masked but NaN: in no bin and in no statistic
  // Volume-weighted, over the counted cells; NaN when none was counted.
  double mean = 0, min = 0, max = 0;
  double p5 = 0, p50 = 0, p95 = 0;  // see histogram_percentile
};

// Collective over `comm`; every rank gets the same histogram. `mask` selects
// the cells (non-zero: counted); empty means every value counts. With one
// cell volume the bin volumes are cell counts times it, exact and the same
// for any rank count; with per-cell weights they are sums reduced on rank 0,
// exact to round-off.
FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const float> values,
                             std::span<const std::uint8_t> mask, double cell_volume);
FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const float> values,
                             std::span<const std::uint8_t> mask, std::span<const double> weights);
FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const double> values,
                             std::span<const std::uint8_t> mask, double cell_volume);

// The value below which a fraction p (0..1) of the volume lies, read from the
// histogram: the bin where the cumulative volume crosses p, interpolated
// linearly in log(value) inside it, as if the volume were spread
// log-uniformly over the bin. Each bin's range is narrowed to the observed
// [min, max], and the underflow and overflow bins span [min, lo] and
// [last edge, max] (linear interpolation where an end is not positive), so
// the result always lies in [min, max]. Exact for log-uniform data; else
// within one bin, a factor 10^(1 / per_decade) (26 % for 10 per decade).
double histogram_percentile(const FlowHistogram& h, double p);

nlohmann::json to_json(const FlowHistogram& h);

}  // namespace stirlb
