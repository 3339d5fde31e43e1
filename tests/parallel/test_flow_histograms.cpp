// Volume-weighted log histograms over the ranks (run under mpirun with 1, 2
// and 4 ranks): samples are dealt round-robin over the ranks, so each rank
// count splits them differently, and the results must not notice.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "solver/flow_histograms.h"
#include "tests/parallel/mpi_world.h"

namespace stirlb {
namespace {

using testing::world_rank;
using testing::world_size;

// This rank's share of a global list: entries i with i % size == rank.
template <class T>
std::vector<T> share(const std::vector<T>& all) {
  std::vector<T> mine;
  for (std::size_t i = std::size_t(world_rank()); i < all.size(); i += std::size_t(world_size())) mine.push_back(all[i]);
  return mine;
}

// Rank 0's JSON text on every rank: doubles print round-trip exact, so equal
// text means bit-identical numbers.
void expect_same_on_every_rank(const FlowHistogram& h) {
  const std::string mine = to_json(h).dump();
  int length = int(mine.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string root(std::size_t(length), ' ');
  if (world_rank() == 0) root = mine;
  MPI_Bcast(root.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  int differ = root != mine;
  MPI_Allreduce(MPI_IN_PLACE, &differ, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  EXPECT_EQ(differ, 0) << "ranks whose histogram differs from rank 0's";
}

TEST(LogBins, PresetsAndEdges) {
  EXPECT_EQ(shear_stress_bins().bin_count(), 80);
  EXPECT_EQ(dissipation_bins().bin_count(), 110);
  EXPECT_EQ(kolmogorov_length_bins().bin_count(), 50);
  const LogBins b = shear_stress_bins();
  const std::vector<double> e = b.edges();
  ASSERT_EQ(e.size(), 81u);
  EXPECT_EQ(e.front(), 1e-5);
  EXPECT_NEAR(e.back(), 1e3, 1e-9);
  EXPECT_NEAR(e[10], 1e-4, 1e-18);
  for (std::size_t i = 0; i + 1 < e.size(); ++i) {
    EXPECT_EQ(b.bin_of(e[i]), int(i) + 1) << "an edge belongs to the bin above it";
    EXPECT_EQ(b.bin_of(std::sqrt(e[i] * e[i + 1])), int(i) + 1);
  }
  EXPECT_EQ(b.bin_of(0.999e-5), 0);
  EXPECT_EQ(b.bin_of(0.0), 0);
  EXPECT_EQ(b.bin_of(-1.0), 0);
  EXPECT_EQ(b.bin_of(e.back()), 81);
  EXPECT_EQ(b.bin_of(std::numeric_limits<double>::infinity()), 81);
  EXPECT_THROW((LogBins{0.0, 1.0, 10}.bin_count()), std::invalid_argument);
}

// Decades 1e-3..1e1 in four bins; integer weights, so bin volumes are exact.
TEST(FlowHistogram, KnownValuesAndWeightsGiveExactBinVolumes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<float> values = {5e-4f, 2e-3f, 5e-3f, 0.05f, 0.5f, 0.5f, 5.f, 20.f, 0.02f, float(nan), 0.5f};
  const std::vector<std::uint8_t> mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};  // the last is not liquid
  std::vector<double> weights;
  for (std::size_t i = 0; i < values.size(); ++i) weights.push_back(double(i + 1));
  const LogBins bins{1e-3, 10.0, 1};
  const FlowHistogram h = flow_histogram(MPI_COMM_WORLD, bins, share(values), share(mask), share(weights));

  // Bins: [1e-3,1e-2): 2e-3 (w2), 5e-3 (w3); [1e-2,1e-1): 0.05 (w4), 0.02 (w9);
  // [1e-1,1): 0.5 (w5, w6); [1,10): 5 (w7); under 5e-4 (w1); over 20 (w8);
  // NaN (w10) in no bin; the unmasked 0.5 (w11) nowhere.
  ASSERT_EQ(h.bin.size(), 4u);
  EXPECT_EQ(h.underflow.volume, 1.0);
  EXPECT_EQ(h.bin[0].volume, 5.0);
  EXPECT_EQ(h.bin[1].volume, 13.0);
  EXPECT_EQ(h.bin[2].volume, 11.0);
  EXPECT_EQ(h.bin[3].volume, 7.0);
  EXPECT_EQ(h.overflow.volume, 8.0);
  EXPECT_EQ(h.underflow.cells, 1);
  EXPECT_EQ(h.bin[1].cells, 2);
  EXPECT_EQ(h.overflow.cells, 1);
  EXPECT_EQ(h.cells, 9);
  EXPECT_EQ(h.nan_cells, 1);
  EXPECT_EQ(h.volume, 45.0);
  EXPECT_EQ(h.bin[1].fraction, 13.0 / 45.0);
  EXPECT_EQ(h.min, double(5e-4f));
  EXPECT_EQ(h.max, 20.0);
  double wv = 0;
  for (std::size_t i = 0; i < 9; ++i) wv += weights[i] * double(values[i]);
  EXPECT_NEAR(h.mean, wv / 45.0, 1e-14 * wv / 45.0);
  expect_same_on_every_rank(h);

  // One cell volume: volumes are counts times it.
  const FlowHistogram u = flow_histogram(MPI_COMM_WORLD, bins, share(values), share(mask), 0.5);
  EXPECT_EQ(u.bin[0].volume, 1.0);
  EXPECT_EQ(u.bin[2].volume, 1.0);
  EXPECT_EQ(u.underflow.volume, 0.5);
  EXPECT_EQ(u.volume, 4.5);
  EXPECT_EQ(u.bin[2].fraction, 2.0 / 9.0);
  expect_same_on_every_rank(u);
}

// Log-uniform over 1e-3..1e1 (four decades, shear bins at 10 per decade):
// percentile p is 10^(-3 + 4p). The histogram reads it back to within one
// sample's share of a bin: 0.5 % is ample for 4000 samples.
TEST(FlowHistogram, PercentilesOfALogUniformSample) {
  constexpr int n = 4000;
  std::vector<float> values;
  for (int k = 0; k < n; ++k) values.push_back(float(1e-3 * std::pow(10.0, 4.0 * (k + 0.5) / n)));
  const FlowHistogram h = flow_histogram(MPI_COMM_WORLD, shear_stress_bins(), share(values), {}, 1e-6);
  EXPECT_EQ(h.cells, n);
  EXPECT_EQ(h.underflow.cells + h.overflow.cells, 0);
  for (const auto& [p, got] : {std::pair{0.05, h.p5}, std::pair{0.5, h.p50}, std::pair{0.95, h.p95}}) {
    const double exact = std::pow(10.0, -3.0 + 4.0 * p);
    EXPECT_NEAR(got, exact, 5e-3 * exact) << "p = " << p;
  }
  const double mean = (10.0 - 1e-3) / std::log(1e4);  // of the continuous distribution
  EXPECT_NEAR(h.mean, mean, 1e-3 * mean);
  EXPECT_EQ(histogram_percentile(h, 0.0), h.min);
  EXPECT_EQ(histogram_percentile(h, 1.0), h.max);
  expect_same_on_every_rank(h);
}

// Bin ranges narrowed to the data: one value reads back exactly, in a bin or
// beyond the edges.
TEST(FlowHistogram, PercentilesStayWithinTheData) {
  for (const float v : {0.37f, 1e-7f, 5e4f}) {
    const std::vector<float> values(13, v);
    const FlowHistogram h = flow_histogram(MPI_COMM_WORLD, shear_stress_bins(), share(values), {}, 2.0);
    EXPECT_EQ(h.p5, double(v));
    EXPECT_EQ(h.p50, double(v));
    EXPECT_EQ(h.p95, double(v));
    EXPECT_EQ(h.mean, double(v));
    EXPECT_EQ(h.volume, 26.0);
  }
  // Half below the range, half above: the median sits at an end of the data's
  // reach, p5 and p95 inside the underflow and overflow spans.
  std::vector<float> split(10, 1e-6f);
  split.insert(split.end(), 10, 1e4f);
  const FlowHistogram h = flow_histogram(MPI_COMM_WORLD, shear_stress_bins(), share(split), {}, 1.0);
  EXPECT_EQ(h.underflow.fraction, 0.5);
  EXPECT_EQ(h.overflow.fraction, 0.5);
  EXPECT_GE(h.p5, double(1e-6f));
  EXPECT_LE(h.p5, 1e-5);
  EXPECT_GE(h.p95, 1e3 * (1 - 1e-12));
  EXPECT_LE(h.p95, double(1e4f));
}

TEST(FlowHistogram, NothingCountedGivesNaNStatisticsAndValidJson) {
  const std::vector<float> values = {1.f, 2.f, 3.f, 4.f, 5.f};
  const std::vector<std::uint8_t> mask(values.size(), 0);
  const FlowHistogram h = flow_histogram(MPI_COMM_WORLD, dissipation_bins(), share(values), share(mask), 1.0);
  EXPECT_EQ(h.cells, 0);
  EXPECT_EQ(h.volume, 0.0);
  EXPECT_TRUE(std::isnan(h.mean) && std::isnan(h.p50) && std::isnan(h.min));
  const nlohmann::json j = to_json(h);
  EXPECT_EQ(j["edges"].size(), 111u);
  EXPECT_EQ(j["volume"].size(), 110u);
  EXPECT_TRUE(j["percentiles"]["p50"].is_null() || j["percentiles"]["p50"].is_number());
  EXPECT_EQ(j["per_decade"], 10);
  EXPECT_EQ(j["total_cells"], 0);
}

TEST(FlowHistogram, EveryRankRefusesMismatchedWeights) {
  std::vector<float> values(4, 1.f);
  std::vector<double> weights(4, 1.0);
  if (world_rank() == world_size() - 1) weights.pop_back();
  EXPECT_THROW(flow_histogram(MPI_COMM_WORLD, shear_stress_bins(), values, {}, weights), std::invalid_argument);
}

}  // namespace
}  // namespace stirlb
