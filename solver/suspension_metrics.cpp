#include "suspension_metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "parallel/mpi_check.h"
#include "postproc/atomic_file.h"

namespace stirlb {
namespace {

constexpr int kHeightBins = 1000;
constexpr double kCloudQuantile = 0.95;
// Heights are summed in fixed point, 2^-30 of the liquid height per unit:
// integers add up exactly in any order, doubles would not (a sum over up to
// 2^32 parcels fits in an int64).
constexpr double kHeightUnit = 1073741824.0;  // 2^30

// The counts a rank contributes, laid out as one int64 array so that a single
// MPI_Allreduce sums them all.
struct Counts {
  enum : std::size_t { kParcels, kReleased, kSuspended, kSettled, kHeightSum, kFixed };
  std::vector<std::int64_t> v;
  std::size_t zones;

  explicit Counts(std::size_t zone_count) : v(kFixed + zone_count + kHeightBins, 0), zones(zone_count) {}
  std::int64_t& zone(std::size_t i) { return v[kFixed + i]; }
  std::int64_t& bin(std::size_t i) { return v[kFixed + zones + i]; }
  std::int64_t zone(std::size_t i) const { return v[kFixed + i]; }
  std::int64_t bin(std::size_t i) const { return v[kFixed + zones + i]; }
};

// Height above the bottom as a fraction of the liquid height, clamped: a bead
// centre can sit a fraction of a cell outside the liquid it belongs to.
double relative_height(const Bead& b, const SuspensionGeometry& g) {
  const double h = (double(b.x[2]) - g.bottom) / g.liquid_height;
  return std::clamp(h, 0.0, 1.0);
}

std::size_t slot(double h, std::size_t slots) { return std::min(std::size_t(h * double(slots)), slots - 1); }

Counts count_local(const std::vector<Bead>& beads, const SuspensionGeometry& g, double window_steps) {
  Counts c(g.zone_volume.size());
  for (const Bead& b : beads) {
    const bool released = (b.state & kBeadReleased) != 0;
    const double h = relative_height(b, g);
    ++c.v[Counts::kParcels];
    c.v[Counts::kReleased] += released;
    // Compared in steps, as ParticleCloud::sample flags each bead, so that the
    // per-bead output and these fractions agree bead for bead.
    // Released for longer than the window too: a bead of a settled bed that
    // has not yet reached the floor is not suspended.
    c.v[Counts::kSuspended] += released && double(b.age) > window_steps && double(b.since_bottom) > window_steps;
    c.v[Counts::kSettled] += double(b.bottom_time) > window_steps;
    c.v[Counts::kHeightSum] += std::llround(h * kHeightUnit);
    if (c.zones > 0) ++c.zone(slot(h, c.zones));
    ++c.bin(slot(h, kHeightBins));
  }
  return c;
}

// The height below which kCloudQuantile of the parcels lie, linear within
// the bin that crosses it.
double cloud_height(const Counts& c) {
  const double total = double(c.v[Counts::kParcels]);
  if (total == 0) return 0.0;
  const double target = kCloudQuantile * total;
  double below = 0;
  for (std::size_t k = 0; k < kHeightBins; ++k) {
    const double in_bin = double(c.bin(k));
    if (in_bin > 0 && below + in_bin >= target)
      return (double(k) + (target - below) / in_bin) / kHeightBins;
    below += in_bin;
  }
  return 1.0;  // not reached: the bins hold every parcel
}

// sqrt(mean((c_i / c_mean - 1)^2)) over the zones that hold liquid, c_mean
// the concentration of the whole liquid.
double homogeneity_cv(const Counts& c, const std::vector<double>& zone_volume) {
  double volume = 0;
  std::size_t zones = 0;
  for (double v : zone_volume) {
    if (!(v > 0)) continue;
    volume += v;
    ++zones;
  }
  const double total = double(c.v[Counts::kParcels]);
  if (zones == 0 || total == 0) return 0.0;
  const double mean = total / volume;
  double sum = 0;
  for (std::size_t i = 0; i < zone_volume.size(); ++i) {
    if (!(zone_volume[i] > 0)) continue;
    const double d = double(c.zone(i)) / zone_volume[i] / mean - 1.0;
    sum += d * d;
  }
  return std::sqrt(sum / double(zones));
}

// Shortest text that reads back as the same double, so that a resumed run
// finds its time in the file exactly.
std::string exact(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Appended piecewise: GCC 12 reports a false -Wrestrict on "," + string.
std::string csv_row(const SuspensionMetrics& m) {
  std::string row = exact(m.time);
  for (std::int64_t n : {m.parcels, m.released}) {
    row += ',';
    row += std::to_string(n);
  }
  for (double v : {m.fraction_suspended, m.fraction_settled, m.cloud_height, m.homogeneity_cv, m.mean_height}) {
    row += ',';
    row += exact(v);
  }
  return row;
}

// The rows of an earlier run's file up to `time`, header excluded. A row
// whose time does not parse (cut short by a crash) is dropped.

}  // namespace

SuspensionMetrics suspension_metrics(const std::vector<Bead>& local_beads, const SuspensionGeometry& g, double dt,
                                     double window, double time, MPI_Comm comm) {
  if (!(dt > 0)) throw std::invalid_argument("suspension_metrics: dt must be > 0");
  if (!(g.liquid_height > 0)) throw std::invalid_argument("suspension_metrics: the liquid height must be > 0");
  Counts c = count_local(local_beads, g, window / dt);
  if (comm != MPI_COMM_SELF)
    STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, c.v.data(), int(c.v.size()), MPI_INT64_T, MPI_SUM, comm));

  SuspensionMetrics m;
  m.time = time;
  m.parcels = c.v[Counts::kParcels];
  m.released = c.v[Counts::kReleased];
  if (m.parcels == 0) return m;
  const double n = double(m.parcels);
  m.fraction_suspended = double(c.v[Counts::kSuspended]) / n;
  m.fraction_settled = double(c.v[Counts::kSettled]) / n;
  m.cloud_height = cloud_height(c);
  m.homogeneity_cv = homogeneity_cv(c, g.zone_volume);
  m.mean_height = double(c.v[Counts::kHeightSum]) / kHeightUnit / n;
  return m;
}

const char* SuspensionCsv::header() {
  return "time_s,parcels,released,fraction_suspended,fraction_settled,cloud_height,homogeneity_cv,mean_height";
}

SuspensionCsv::SuspensionCsv(std::filesystem::path file, MPI_Comm comm, std::optional<double> continue_from_time)
    : csv_(std::move(file), header(), comm, continue_from_time) {}

void SuspensionCsv::append(const SuspensionMetrics& m) { csv_.append(csv_row(m)); }

nlohmann::json to_json(const SuspensionMetrics& m) {
  return {{"time_s", m.time},
          {"parcels", m.parcels},
          {"released", m.released},
          {"fraction_suspended", m.fraction_suspended},
          {"fraction_settled", m.fraction_settled},
          {"cloud_height", m.cloud_height},
          {"homogeneity_cv", m.homogeneity_cv},
          {"mean_height", m.mean_height}};
}

double zwietering_njs(double S, double nu, double g, double rho_p, double rho_f, double mass_ratio_percent, double d_p,
                      double D) {
  if (rho_p < rho_f) return std::numeric_limits<double>::quiet_NaN();
  return S * std::pow(nu, 0.1) * std::pow(g * (rho_p - rho_f) / rho_f, 0.45) * std::pow(mass_ratio_percent, 0.13) *
         std::pow(d_p, 0.2) / std::pow(D, 0.85);
}

// Zwietering's S at the usual placement of each impeller (D ~ T/3, C ~ T/4
// to T/3, four baffles). S depends on D/T, C/T and the blade geometry; these
// are representative values within the ranges reported by
//   Zwietering, Chem. Eng. Sci. 8 (1958) 244-253 (his figures of S vs T/D);
//   Nienow, Chem. Eng. Sci. 23 (1968) 1453-1459 (disc turbines);
//   Atiemo-Obeng, Penney & Armenante, ch. 10 of Paul, Atiemo-Obeng & Kresta
//   (eds.), Handbook of Industrial Mixing, Wiley 2004.
// They were not read off the original figures here and are approximate:
// good to perhaps +-15 %, which matters little beside the correlation's own
// uncertainty for microcarriers (see zwietering_njs).
//   impeller                         D/T    C/T        S
//   rushton (six-blade disc)         1/3    1/4-1/3    ~6-7
//   pitched_blade (4 blades, 45 deg, 1/3    1/4-1/3    ~5.7-6
//     pumping down)
//   marine (three-blade propeller)   1/3    1/4-1/3    ~6-9, rising with T/D
double zwietering_s(const std::string& impeller_type) {
  struct Row {
    const char* type;
    double s;
  };
  static constexpr Row kTable[] = {{"rushton", 6.5}, {"pitched_blade", 5.8}, {"marine", 7.5}};
  for (const Row& r : kTable)
    if (impeller_type == r.type) return r.s;
  return std::numeric_limits<double>::quiet_NaN();
}

std::optional<double> speed_at_fraction(const std::vector<double>& rpm, const std::vector<double>& fraction,
                                        double level) {
  if (rpm.size() != fraction.size())
    throw std::invalid_argument("speed_at_fraction: " + std::to_string(rpm.size()) + " speeds but " +
                                std::to_string(fraction.size()) + " fractions");
  for (std::size_t k = 0; k < rpm.size(); ++k) {
    if (!(fraction[k] >= level)) continue;
    if (k == 0 || !std::isfinite(fraction[k - 1])) return rpm[k];
    // fraction[k - 1] < level <= fraction[k]: the slope is positive.
    const double t = (level - fraction[k - 1]) / (fraction[k] - fraction[k - 1]);
    return rpm[k - 1] + t * (rpm[k] - rpm[k - 1]);
  }
  return std::nullopt;
}

}  // namespace stirlb
