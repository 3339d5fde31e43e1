#include "solver/flow_histograms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "solver/parallel/mpi_check.h"

namespace stirlb {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check(const LogBins& b) {
  if (!(b.lo > 0) || !(b.hi > b.lo) || !std::isfinite(b.hi) || b.per_decade <= 0)
    throw std::invalid_argument("log bins need 0 < lo < hi and a positive number of bins per decade");
}

// The estimate from log10 can land one bin off next to an edge; the edges
// themselves decide, so that a value and an edge compare the same way in
// every run.
int bin_in(const std::vector<double>& edges, int per_decade, double v) {
  const int n = int(edges.size()) - 1;
  if (!(v >= edges.front())) return 0;
  if (v >= edges.back()) return n + 1;
  int i = std::clamp(int(std::floor(per_decade * std::log10(v / edges.front()))), 0, n - 1);
  while (i > 0 && v < edges[std::size_t(i)]) --i;
  while (i < n - 1 && v >= edges[std::size_t(i) + 1]) ++i;
  return i + 1;
}

// Not `weighted`: every cell weighs cell_volume.
template <class T>
FlowHistogram build(MPI_Comm comm, const LogBins& bins, std::span<const T> values,
                    std::span<const std::uint8_t> mask, bool weighted, std::span<const double> weights,
                    double cell_volume) {
  check(bins);
  int ok = (mask.empty() || mask.size() == values.size()) &&
           (weighted ? weights.size() == values.size() : cell_volume > 0 && std::isfinite(cell_volume));
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, comm));
  if (!ok)
    throw std::invalid_argument(
        "flow histogram: a rank's mask or weights do not match its values, or the cell volume is not positive");

  FlowHistogram h;
  h.bins = bins;
  h.edges = bins.edges();
  const std::size_t n = h.edges.size() - 1, slots = n + 2;
  // Slots: underflow, interior bins, overflow, then one more: NaN cells among
  // the counts, the (weighted) value sum among the doubles. With a uniform
  // volume the per-slot doubles stay 0: volumes follow from the counts.
  std::vector<std::int64_t> counts(slots + 1, 0);
  std::vector<double> sums(slots + 1, 0.0);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (!mask.empty() && !mask[c]) continue;
    const double v = double(values[c]);
    if (std::isnan(v)) {
      ++counts[slots];
      continue;
    }
    const std::size_t s = std::size_t(bin_in(h.edges, bins.per_decade, v));
    ++counts[s];
    const double w = weighted ? weights[c] : 1.0;
    if (weighted) sums[s] += w;
    sums[slots] += w * v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, counts.data(), int(counts.size()), MPI_INT64_T, MPI_SUM, comm));
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_DOUBLE, MPI_MIN, comm));
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_DOUBLE, MPI_MAX, comm));
  // Reduced on one rank and broadcast: MPI does not promise that an
  // Allreduce of doubles ends bit-identical on every rank.
  std::vector<double> total(sums.size());
  STIRLB_CHECK(MPI, MPI_Reduce(sums.data(), total.data(), int(sums.size()), MPI_DOUBLE, MPI_SUM, 0, comm));
  STIRLB_CHECK(MPI, MPI_Bcast(total.data(), int(total.size()), MPI_DOUBLE, 0, comm));

  auto volume_of = [&](std::size_t s) { return !weighted ? double(counts[s]) * cell_volume : total[s]; };
  for (std::size_t s = 0; s < slots; ++s) {
    h.cells += counts[s];
    h.volume += volume_of(s);
  }
  h.nan_cells = counts[slots];
  auto fill = [&](std::size_t s) {
    HistogramBin b;
    b.cells = counts[s];
    b.volume = volume_of(s);
    b.fraction = h.volume > 0 ? b.volume / h.volume : 0.0;
    return b;
  };
  h.underflow = fill(0);
  for (std::size_t i = 1; i <= n; ++i) h.bin.push_back(fill(i));
  h.overflow = fill(n + 1);
  if (h.cells == 0 || !(h.volume > 0)) {
    h.mean = h.min = h.max = h.p5 = h.p50 = h.p95 = kNaN;
    return h;
  }
  h.mean = !weighted ? total[slots] / double(h.cells) : total[slots] / h.volume;
  h.min = lo;
  h.max = hi;
  h.p5 = histogram_percentile(h, 0.05);
  h.p50 = histogram_percentile(h, 0.50);
  h.p95 = histogram_percentile(h, 0.95);
  return h;
}

nlohmann::json bin_json(const HistogramBin& b) {
  return {{"cells", b.cells}, {"volume", b.volume}, {"fraction", b.fraction}};
}

}  // namespace

int LogBins::bin_count() const {
  check(*this);
  return std::max(1, int(std::lround(per_decade * std::log10(hi / lo))));
}

std::vector<double> LogBins::edges() const {
  const int n = bin_count();
  std::vector<double> e(std::size_t(n) + 1);
  for (int i = 0; i <= n; ++i) e[std::size_t(i)] = lo * std::pow(10.0, double(i) / per_decade);
  return e;
}

int LogBins::bin_of(double value) const { return bin_in(edges(), per_decade, value); }

LogBins shear_stress_bins() { return {1e-5, 1e3, 10}; }
LogBins dissipation_bins() { return {1e-7, 1e4, 10}; }
LogBins kolmogorov_length_bins() { return {1e-6, 1e-1, 10}; }

FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const float> values,
                             std::span<const std::uint8_t> mask, double cell_volume) {
  return build<float>(comm, bins, values, mask, false, {}, cell_volume);
}
FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const float> values,
                             std::span<const std::uint8_t> mask, std::span<const double> weights) {
  return build<float>(comm, bins, values, mask, true, weights, 0.0);
}
FlowHistogram flow_histogram(MPI_Comm comm, const LogBins& bins, std::span<const double> values,
                             std::span<const std::uint8_t> mask, double cell_volume) {
  return build<double>(comm, bins, values, mask, false, {}, cell_volume);
}

double histogram_percentile(const FlowHistogram& h, double p) {
  if (!(p >= 0 && p <= 1)) throw std::invalid_argument("a percentile needs a fraction between 0 and 1");
  if (h.cells == 0 || !(h.volume > 0)) return kNaN;
  const double target = p * h.volume;
  const std::size_t n = h.bin.size();
  double cumulative = 0;
  for (std::size_t s = 0; s < n + 2; ++s) {
    const HistogramBin& b = s == 0 ? h.underflow : s == n + 1 ? h.overflow : h.bin[s - 1];
    if (!(b.volume > 0)) continue;
    if (cumulative + b.volume >= target) {
      double a = s == 0 ? h.min : h.edges[s - 1];
      double z = s == n + 1 ? h.max : s == 0 ? h.edges.front() : h.edges[s];
      a = std::max(a, h.min);
      z = std::max(a, std::min(z, h.max));
      const double t = (target - cumulative) / b.volume;
      // The ends exactly: a * (z / a) need not round back to z.
      if (t <= 0) return a;
      if (t >= 1) return z;
      return a > 0 ? a * std::pow(z / a, t) : a + t * (z - a);
    }
    cumulative += b.volume;
  }
  return h.max;  // round-off kept the cumulative volume just below p = 1
}

nlohmann::json to_json(const FlowHistogram& h) {
  nlohmann::json cells = nlohmann::json::array(), volume = nlohmann::json::array(),
                 fraction = nlohmann::json::array();
  for (const HistogramBin& b : h.bin) {
    cells.push_back(b.cells);
    volume.push_back(b.volume);
    fraction.push_back(b.fraction);
  }
  return {{"lo", h.bins.lo},
          {"hi", h.edges.empty() ? h.bins.hi : h.edges.back()},
          {"per_decade", h.bins.per_decade},
          {"edges", h.edges},
          {"cells", cells},
          {"volume", volume},
          {"fraction", fraction},
          {"underflow", bin_json(h.underflow)},
          {"overflow", bin_json(h.overflow)},
          {"total_cells", h.cells},
          {"total_volume", h.volume},
          {"nan_cells", h.nan_cells},
          {"mean", h.mean},
          {"min", h.min},
          {"max", h.max},
          {"percentiles", {{"p5", h.p5}, {"p50", h.p50}, {"p95", h.p95}}}};
}

}  // namespace stirlb
