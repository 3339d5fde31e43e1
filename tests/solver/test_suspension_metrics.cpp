// Suspension metrics on synthetic bead sets (run under mpirun with 1, 2 and 4
// ranks): known fractions, heights and concentration profiles, the CSV a run
// keeps, Zwietering's correlation, and the same metrics whichever way the
// beads are split over the ranks.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/suspension_metrics.h"
#include "tests/postproc/temp_dir.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

constexpr double kDt = 0.01;     // s per step
constexpr double kWindow = 1.0;  // s: 100 steps

// A liquid column from z = 2 to z = 102 (cells) in `zones` equal layers.
SuspensionGeometry column(int zones, double volume_per_zone = 500.0) {
  SuspensionGeometry g;
  g.bottom = 2.0;
  g.liquid_height = 100.0;
  g.zone_volume.assign(std::size_t(zones), volume_per_zone);
  return g;
}

// A released bead off the bottom for `since_bottom` steps, at `height` (a
// fraction of the liquid height of column()).
Bead bead(std::int64_t id, double height, float since_bottom = 1e6f, float bottom_time = 0.f,
          std::uint32_t state = kBeadReleased) {
  Bead b{};
  b.id = id;
  b.x[0] = b.x[1] = 10.5f;
  b.x[2] = float(2.0 + 100.0 * height);
  b.since_bottom = since_bottom;
  b.bottom_time = bottom_time;
  b.weight = 1000.f;
  b.state = state;
  b.age = (state & kBeadReleased) ? 1e6f : 0.f;  // released long ago
  return b;
}

// `n` beads evenly spread over the height: bead i at (i + 0.5) / n.
std::vector<Bead> uniform(int n) {
  std::vector<Bead> beads;
  for (int i = 0; i < n; ++i) beads.push_back(bead(i, (i + 0.5) / n));
  return beads;
}

SuspensionMetrics metrics(const std::vector<Bead>& beads, const SuspensionGeometry& g) {
  return suspension_metrics(beads, g, kDt, kWindow, 1.5, MPI_COMM_SELF);
}

TEST(SuspensionMetrics, CountsTheKnownFractions) {
  std::vector<Bead> beads;
  // 50 released and off the bottom longer than the window: suspended.
  for (int i = 0; i < 50; ++i) beads.push_back(bead(i, 0.5, 150.f));
  // 20 released but touched the bottom 50 steps ago: not suspended.
  for (int i = 50; i < 70; ++i) beads.push_back(bead(i, 0.3, 50.f));
  // 10 released and resting on the bottom for 200 steps: settled.
  for (int i = 70; i < 80; ++i) beads.push_back(bead(i, 0.0, 0.f, 200.f));
  // 5 resting for 80 steps only: neither.
  for (int i = 80; i < 85; ++i) beads.push_back(bead(i, 0.0, 0.f, 80.f));
  // 15 not released yet, however long since the bottom: not suspended.
  for (int i = 85; i < 100; ++i) beads.push_back(bead(i, 0.7, 1e6f, 0.f, 0u));

  const SuspensionMetrics m = metrics(beads, column(4));
  EXPECT_EQ(m.time, 1.5);
  EXPECT_EQ(m.parcels, 100);
  EXPECT_EQ(m.released, 85);
  EXPECT_DOUBLE_EQ(m.fraction_suspended, 0.50);
  EXPECT_DOUBLE_EQ(m.fraction_settled, 0.10);
}

// A bead released less than a window ago has not had the time to prove
// itself suspended, even if it never touched the bottom (a settled bed just
// after release).
TEST(SuspensionMetrics, RecentlyReleasedBeadsAreNotYetSuspended) {
  std::vector<Bead> beads;
  for (int i = 0; i < 10; ++i) {
    Bead b = bead(i, 0.02);
    b.age = i < 4 ? 50.f : 150.f;  // the window is 100 steps
    beads.push_back(b);
  }
  EXPECT_DOUBLE_EQ(metrics(beads, column(4)).fraction_suspended, 0.6);
}

TEST(SuspensionMetrics, UniformColumnReachesNinetyFivePercent) {
  const SuspensionMetrics m = metrics(uniform(10000), column(10));
  // Within one bin of the 1000-bin histogram.
  EXPECT_NEAR(m.cloud_height, 0.95, 1e-3);
  EXPECT_NEAR(m.mean_height, 0.5, 1e-6);
  // 1000 beads in each of 10 equal layers.
  EXPECT_NEAR(m.homogeneity_cv, 0.0, 1e-12);
}

TEST(SuspensionMetrics, CloudHeightInterpolatesWithinTheBin) {
  // 100 beads at the bottom, 1900 at 0.5005 (bin 500): 95 % of 2000 = 1900
  // lie at or below the height where 1800 of the 1900 in bin 500 are passed.
  std::vector<Bead> beads;
  for (int i = 0; i < 100; ++i) beads.push_back(bead(i, 0.0));
  for (int i = 100; i < 2000; ++i) beads.push_back(bead(i, 0.5005));
  const SuspensionMetrics m = metrics(beads, column(1));
  EXPECT_NEAR(m.cloud_height, (500.0 + 1800.0 / 1900.0) / 1000.0, 1e-12);
}

TEST(SuspensionMetrics, CoefficientOfVariationOfTwoZones) {
  // Equal zones, 3/4 of the beads in the lower: c/c_mean = 1.5 and 0.5, so
  // CV = sqrt((0.5^2 + 0.5^2) / 2) = 0.5.
  std::vector<Bead> beads;
  for (int i = 0; i < 300; ++i) beads.push_back(bead(i, 0.25));
  for (int i = 300; i < 400; ++i) beads.push_back(bead(i, 0.75));
  EXPECT_NEAR(metrics(beads, column(2)).homogeneity_cv, 0.5, 1e-12);
  // All in the lower zone: c/c_mean = 2 and 0, CV = 1.
  std::vector<Bead> bottom(beads.begin(), beads.begin() + 300);
  EXPECT_NEAR(metrics(bottom, column(2)).homogeneity_cv, 1.0, 1e-12);
  // Zones of 1 and 3 volume units holding 1/4 and 3/4 of the beads: the same
  // concentration everywhere, CV = 0 although the counts differ.
  SuspensionGeometry uneven = column(2);
  uneven.zone_volume = {100.0, 300.0};
  std::vector<Bead> even;
  for (int i = 0; i < 100; ++i) even.push_back(bead(i, 0.25));
  for (int i = 100; i < 400; ++i) even.push_back(bead(i, 0.75));
  EXPECT_NEAR(metrics(even, uneven).homogeneity_cv, 0.0, 1e-12);
}

TEST(SuspensionMetrics, NoBeadsGiveZeros) {
  const SuspensionMetrics m = metrics({}, column(3));
  EXPECT_EQ(m.parcels, 0);
  EXPECT_EQ(m.fraction_suspended, 0.0);
  EXPECT_EQ(m.cloud_height, 0.0);
  EXPECT_EQ(m.homogeneity_cv, 0.0);
  SuspensionGeometry flat = column(3);
  flat.liquid_height = 0;
  EXPECT_THROW(metrics({}, flat), std::invalid_argument);
}

TEST(SuspensionMetrics, SpeedAtFractionInterpolates) {
  const std::vector<double> rpm = {60, 90, 120, 150};
  const std::vector<double> f = {0.2, 0.6, 0.9, 1.0};
  EXPECT_DOUBLE_EQ(*speed_at_fraction(rpm, f, 0.75), 105.0);  // halfway from 0.6 to 0.9
  EXPECT_DOUBLE_EQ(*speed_at_fraction(rpm, f, 0.9), 120.0);
  EXPECT_DOUBLE_EQ(*speed_at_fraction(rpm, f, 0.1), 60.0);  // already at the first speed
  EXPECT_DOUBLE_EQ(*speed_at_fraction(rpm, f, 1.0), 150.0);
  EXPECT_FALSE(speed_at_fraction(rpm, f, 1.01));
  EXPECT_FALSE(speed_at_fraction({}, {}, 0.5));
  // A noisy curve: the first crossing counts.
  const std::vector<double> noisy = {0.2, 0.99, 0.8, 1.0};
  EXPECT_DOUBLE_EQ(*speed_at_fraction(rpm, noisy, 0.98), 60.0 + 30.0 * 0.78 / 0.79);
  EXPECT_THROW(speed_at_fraction(rpm, {0.5}, 0.5), std::invalid_argument);
}

TEST(SuspensionMetrics, ZwieteringAgainstAHandComputedSpeed) {
  // S = 6.5, water (nu = 1e-6 m^2/s), beads 1030 kg/m^3 of 180 um at 0.5 %
  // by mass, D = 0.1 m:
  //   nu^0.1               = 10^-0.6          = 0.251189
  //   (9.81 * 0.03)^0.45   = 0.2943^0.45      = 0.576708
  //   0.5^0.13                                = 0.913831
  //   (1.8e-4)^0.2                            = 0.178260
  //   0.1^-0.85            = 10^0.85          = 7.079458
  //   N_js = 6.5 * product                    = 1.08590 rps (65.2 rpm)
  EXPECT_NEAR(zwietering_njs(6.5, 1e-6, 9.81, 1030.0, 1000.0, 0.5, 180e-6, 0.1), 1.08590, 1e-5);
  // N_js ~ D^-0.85 and ~ S.
  const double a = zwietering_njs(6.0, 1e-6, 9.81, 1030.0, 1000.0, 0.5, 180e-6, 0.1);
  const double b = zwietering_njs(6.0, 1e-6, 9.81, 1030.0, 1000.0, 0.5, 180e-6, 0.2);
  EXPECT_NEAR(b / a, std::pow(2.0, -0.85), 1e-12);
  EXPECT_TRUE(std::isnan(zwietering_njs(6.0, 1e-6, 9.81, 990.0, 1000.0, 0.5, 180e-6, 0.1)));
}

TEST(SuspensionMetrics, ZwieteringConstantsForTheCaseImpellers) {
  for (const char* type : {"rushton", "pitched_blade", "marine"}) {
    const double s = zwietering_s(type);
    EXPECT_GE(s, 5.0) << type;
    EXPECT_LE(s, 9.0) << type;
  }
  // Axial down-pumping impellers suspend at lower speed than the disc turbine.
  EXPECT_LT(zwietering_s("pitched_blade"), zwietering_s("rushton"));
  EXPECT_TRUE(std::isnan(zwietering_s("stl")));
}

TEST(SuspensionMetrics, JsonHasTheCsvColumns) {
  SuspensionMetrics m;
  m.time = 0.25;
  m.parcels = 7;
  m.fraction_suspended = 0.5;
  const nlohmann::json j = to_json(m);
  EXPECT_EQ(j["time_s"].get<double>(), 0.25);
  EXPECT_EQ(j["parcels"].get<std::int64_t>(), 7);
  EXPECT_EQ(j["fraction_suspended"].get<double>(), 0.5);
  std::istringstream columns(SuspensionCsv::header());
  std::string column;
  int n = 0;
  while (std::getline(columns, column, ',')) {
    EXPECT_TRUE(j.contains(column)) << column;
    ++n;
  }
  EXPECT_EQ(n, int(j.size()));
}

// A mix of every state at many heights, ids 0..n-1.
std::vector<Bead> mixed(int n) {
  std::vector<Bead> beads;
  for (int i = 0; i < n; ++i) {
    const double h = std::fmod(0.618034 * i, 1.0) * std::fmod(0.414214 * i, 1.0);  // skewed to the bottom
    const float since = float((i * 37) % 250), rest = float((i * 53) % 180);
    beads.push_back(bead(i, h, since, rest, i % 7 == 0 ? 0u : kBeadReleased));
  }
  return beads;
}

// The beads split over the ranks in two ways (round robin, and all on the
// last rank with the others empty) give exactly the metrics of one rank
// holding them all.
TEST(SuspensionMetrics, SameOnEveryRankCount) {
  const std::vector<Bead> all = mixed(997);
  const SuspensionGeometry g = column(7);
  const SuspensionMetrics whole = suspension_metrics(all, g, kDt, kWindow, 2.0, MPI_COMM_SELF);
  ASSERT_EQ(whole.parcels, 997);
  EXPECT_GT(whole.fraction_suspended, 0.0);
  EXPECT_GT(whole.fraction_settled, 0.0);
  EXPECT_GT(whole.homogeneity_cv, 0.0);

  std::vector<Bead> round_robin, last_only;
  for (const Bead& b : all)
    if (b.id % size() == rank()) round_robin.push_back(b);
  if (rank() == size() - 1) last_only = all;
  for (const std::vector<Bead>* mine : {&round_robin, &last_only}) {
    const SuspensionMetrics m = suspension_metrics(*mine, g, kDt, kWindow, 2.0, MPI_COMM_WORLD);
    // Exact: integer counts summed in any order.
    EXPECT_EQ(m.parcels, whole.parcels);
    EXPECT_EQ(m.released, whole.released);
    EXPECT_EQ(m.fraction_suspended, whole.fraction_suspended);
    EXPECT_EQ(m.fraction_settled, whole.fraction_settled);
    EXPECT_EQ(m.cloud_height, whole.cloud_height);
    EXPECT_EQ(m.homogeneity_cv, whole.homogeneity_cv);
    EXPECT_EQ(m.mean_height, whole.mean_height);
  }
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A folder every rank sees: rank 0 makes it and broadcasts its name.
fs::path shared_folder(const test::TempDir& mine) {
  std::string name = mine.path().string();
  int n = int(name.size());
  MPI_Bcast(&n, 1, MPI_INT, 0, MPI_COMM_WORLD);
  name.resize(std::size_t(n));
  MPI_Bcast(name.data(), n, MPI_CHAR, 0, MPI_COMM_WORLD);
  return name;
}

SuspensionMetrics at(double time, double fraction) {
  SuspensionMetrics m;
  m.time = time;
  m.parcels = 400;
  m.released = 400;
  m.fraction_suspended = fraction;
  return m;
}

TEST(SuspensionCsv, AppendsRowsAndResumesFromATime) {
  test::TempDir local;
  const fs::path dir = shared_folder(local);
  const fs::path file = dir / "suspension.csv";
  {
    SuspensionCsv csv(file, MPI_COMM_WORLD);
    // 0.1 * 3 is not 0.3: times must come back exactly to be found again.
    for (int k = 1; k <= 4; ++k) csv.append(at(0.1 * k, 0.25 * k));
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    const std::vector<std::string> lines = lines_of(file);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0], SuspensionCsv::header());
    EXPECT_EQ(lines[1], "0.1,400,400,0.25,0,0,0,0");
    // A row cut short by a crash.
    std::ofstream(file, std::ios::app) << "0.5,40";
  }
  MPI_Barrier(MPI_COMM_WORLD);
  {
    // Resumed at the third output: the fourth row and the broken one go.
    SuspensionCsv resumed(file, MPI_COMM_WORLD, 0.1 * 3);
    resumed.append(at(0.35, 1.0));
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    const std::vector<std::string> lines = lines_of(file);
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0], SuspensionCsv::header());
    EXPECT_EQ(lines[3].substr(0, lines[3].find(',')), "0.30000000000000004");
    EXPECT_EQ(lines[4], "0.35,400,400,1,0,0,0,0");
    EXPECT_EQ(test::count_temporaries(dir), 0);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  {
    // A fresh run starts the file anew.
    SuspensionCsv fresh(file, MPI_COMM_WORLD);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank() == 0) {
    EXPECT_EQ(lines_of(file).size(), 1u);
  }
  MPI_Barrier(MPI_COMM_WORLD);  // rank 0's folder goes when the test ends
}

TEST(SuspensionCsv, UnwritableFileThrowsOnEveryRank) {
  test::TempDir local;
  const fs::path dir = shared_folder(local);
  EXPECT_THROW(SuspensionCsv(dir / "missing" / "suspension.csv", MPI_COMM_WORLD), std::runtime_error);
  MPI_Barrier(MPI_COMM_WORLD);
}

}  // namespace
}  // namespace stirlb
