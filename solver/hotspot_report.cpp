#include "hotspot_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include "flow_histograms.h"
#include "hotspot_location.h"
#include "hotspot_regions.h"
#include "parallel/mpi_check.h"
#include "shear_damage_laws.h"

namespace stirlb {

namespace {

// Regions listed in summary.json; hotspots.csv lists up to kCsvRegions.
constexpr std::size_t kSummaryRegions = 10, kCsvRegions = 1000;

struct Criterion {
  std::string name;  // shear_stress, dissipation, kolmogorov
  std::string unit;
  double threshold;
  bool below;        // hot where the value is below the threshold (lambda_K)
  const float* value;
  const float* exposure;  // fraction of time beyond the threshold, per cell
};

double global_max(MPI_Comm comm, double v) {
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, comm));
  return v;
}

std::array<double, 3> to_metres(const Simulation& sim, const std::array<double, 3>& cell) {
  std::array<double, 3> p{};
  for (std::size_t a = 0; a < 3; ++a) p[a] = (cell[a] - sim.box().origin_cell[a]) * sim.units().dx;
  return p;
}

// Where each kept region lies: the location tag most of its cells have (a
// ring round the impeller has its centroid on the axis, so the centroid
// alone would mislead), the share of each tag, and its mean distance from
// the axis. Boxes have one place, "box".
struct RegionPlaces {
  std::vector<std::string> tag;
  std::vector<nlohmann::json> fractions;
  std::vector<double> mean_radius;
};

RegionPlaces region_places(const Simulation& sim, const HotspotRegions& r, const std::vector<std::uint8_t>& fluid) {
  const std::size_t kept = r.regions.size(), tags = kLocationTags.size();
  std::vector<std::int64_t> counts(kept * tags, 0);
  std::vector<double> radius(kept, 0.0);
  const Block& b = sim.decomposition().block();
  const TankSpec* tank = sim.model().tank ? &*sim.model().tank : nullptr;
  std::size_t n = 0;
  for (int z = 0; z < b.n[2]; ++z)
    for (int y = 0; y < b.n[1]; ++y)
      for (int x = 0; x < b.n[0]; ++x, ++n) {
        const std::int32_t label = r.labels[n];
        if (!fluid[n] || label <= 0 || std::size_t(label) > kept || !tank) continue;
        const std::array<double, 3> at =
            to_metres(sim, {double(b.lo[0] + x), double(b.lo[1] + y), double(b.lo[2] + z)});
        const std::string tag = location_tag(*tank, at);
        const auto k = std::size_t(std::find(kLocationTags.begin(), kLocationTags.end(), tag) - kLocationTags.begin());
        ++counts[std::size_t(label - 1) * tags + std::min(k, tags - 1)];
        radius[std::size_t(label - 1)] += std::hypot(at[0], at[1]);
      }
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, counts.data(), int(counts.size()), MPI_INT64_T, MPI_SUM, sim.comm()));
  STIRLB_CHECK(MPI, MPI_Allreduce(MPI_IN_PLACE, radius.data(), int(radius.size()), MPI_DOUBLE, MPI_SUM, sim.comm()));
  RegionPlaces p;
  for (std::size_t g = 0; g < kept; ++g) {
    const double cells = double(r.regions[g].cells);
    if (!tank) {
      p.tag.push_back("box");
      p.fractions.push_back({{"box", 1.0}});
      p.mean_radius.push_back(0.0);
      continue;
    }
    std::size_t best = 0;
    nlohmann::json f = nlohmann::json::object();
    for (std::size_t k = 0; k < tags; ++k) {
      const std::int64_t c = counts[g * tags + k];
      if (c > counts[g * tags + best]) best = k;
      if (c > 0) f[std::string(kLocationTags[k])] = double(c) / cells;
    }
    p.tag.emplace_back(kLocationTags[best]);
    p.fractions.push_back(f);
    p.mean_radius.push_back(radius[g] / cells);
  }
  return p;
}

nlohmann::json analyse(const Simulation& sim, const Criterion& c, const std::vector<std::uint8_t>& fluid,
                       std::int64_t liquid_cells, HotspotAnalysis& out) {
  const std::size_t cells = fluid.size();
  std::vector<std::uint8_t> mask(cells, 0);
  // Regions report the mean and the maximum of `value`: negated where the
  // hot side is below the threshold, so that the maximum is the extreme.
  const float sign = c.below ? -1.f : 1.f;
  std::vector<float> value(cells);
  double exposure = 0;
  for (std::size_t n = 0; n < cells; ++n) {
    value[n] = sign * c.value[n];
    if (!fluid[n]) continue;
    mask[n] = c.below ? c.value[n] < c.threshold : c.value[n] > c.threshold;
    exposure += c.exposure[n];
  }
  const HotspotRegions r = find_hotspot_regions(sim.comm(), sim.decomposition().block(), mask, value, liquid_cells,
                                                kCsvRegions);
  const double dx = sim.units().dx, cell_volume = dx * dx * dx;
  std::int64_t hot_cells = 0;
  for (std::size_t n = 0; n < cells; ++n) hot_cells += mask[n];
  const double hot_fraction = sim.sum_over_ranks(double(hot_cells)) / double(liquid_cells);
  const RegionPlaces places = region_places(sim, r, fluid);
  nlohmann::json regions = nlohmann::json::array();
  std::ostringstream csv;
  csv.precision(7);
  for (const HotspotRegion& g : r.regions) {
    const std::array<double, 3> at = to_metres(sim, g.centroid);
    const std::string where = places.tag[std::size_t(g.label - 1)];
    const double mean = sign * g.mean_value, extreme = sign * g.max_value;
    csv << c.name << ',' << g.label << ',' << g.cells << ',' << double(g.cells) * cell_volume << ','
        << g.volume_fraction << ',' << mean << ',' << extreme << ',' << at[0] << ',' << at[1] << ','
        << at[2] << ',' << places.mean_radius[std::size_t(g.label - 1)] << ',' << where << '\n';
    if (regions.size() < kSummaryRegions)
      regions.push_back({{"label", g.label},
                         {"volume_m3", double(g.cells) * cell_volume},
                         {"volume_fraction", g.volume_fraction},
                         {"mean", mean},
                         {c.below ? "min" : "max", extreme},
                         {"centroid_m", at},
                         {"mean_radius_m", places.mean_radius[std::size_t(g.label - 1)]},
                         {"location", where},
                         {"location_fractions", places.fractions[std::size_t(g.label - 1)]}});
  }
  out.csv += csv.str();
  out.label_names.push_back("hotspot_region_" + c.name);
  out.label_fields.emplace_back(r.labels.begin(), r.labels.end());
  return {{"threshold", c.threshold},
          {"unit", c.unit},
          {"hot_when", c.below ? "time-averaged value below the threshold" : "time-averaged value above the threshold"},
          {"volume_fraction", hot_fraction},
          {"volume_m3", hot_fraction * double(liquid_cells) * cell_volume},
          // Mean over the liquid of each cell's fraction of time beyond the
          // threshold: the instantaneous hot volume, averaged in time.
          {"time_averaged_volume_fraction", sim.sum_over_ranks(exposure) / double(liquid_cells)},
          {"region_count", r.region_count},
          {"regions", regions},
          {"regions_in_csv", r.regions.size()}};
}

}  // namespace

HotspotAnalysis analyse_hotspots(const Simulation& sim, const std::vector<float>& averages) {
  HotspotAnalysis out;
  const std::vector<std::uint8_t> flags = sim.local_box_flags();
  const std::size_t cells = flags.size();
  std::vector<std::uint8_t> fluid(cells);
  std::int64_t local_liquid = 0;
  for (std::size_t n = 0; n < cells; ++n) local_liquid += fluid[n] = flags[n] == kFluid;
  const std::int64_t liquid = std::int64_t(std::llround(sim.sum_over_ranks(double(local_liquid))));
  auto component = [&](int k) { return averages.data() + std::size_t(k) * cells; };
  const float* eps = component(kMeanDissipation);
  const float* tau = component(kMeanShearStress);
  const double nu = sim.model().fluid.kinematic_viscosity;
  std::vector<float> lambda(cells, 0.f);
  for (std::size_t n = 0; n < cells; ++n)
    // A cell the flow has not reached has no eddies: NaN keeps it out of the
    // lambda_K histogram (counted as nan_cells) rather than at 1000 m.
    lambda[n] = !fluid[n] ? 0.f
                : eps[n] > 0 ? float(std::pow(nu * nu * nu / double(eps[n]), 0.25))
                             : std::numeric_limits<float>::quiet_NaN();

  // Global figures of the time-averaged fields.
  double eps_sum = 0, eps_max = 0, eps_peak = 0, tau_max = 0;
  for (std::size_t n = 0; n < cells; ++n) {
    if (!fluid[n]) continue;
    eps_sum += eps[n];
    eps_max = std::max(eps_max, double(eps[n]));
    eps_peak = std::max(eps_peak, double(component(kMaxDissipation)[n]));
    tau_max = std::max(tau_max, double(tau[n]));
  }
  const double eps_avg = sim.sum_over_ranks(eps_sum) / double(liquid);
  eps_max = global_max(sim.comm(), eps_max);
  eps_peak = global_max(sim.comm(), eps_peak);
  const double cell_volume = std::pow(sim.units().dx, 3);
  nlohmann::json j = {
      {"basis", "time-averaged fields over the averaging window (" +
                    std::to_string(sim.lattice().average_samples()) + " samples)"},
      {"liquid_volume_m3", double(liquid) * cell_volume},
      {"mean_dissipation_W_kg", eps_avg},
      {"max_mean_dissipation_W_kg", eps_max},
      {"eps_max_over_eps_avg", eps_avg > 0 ? eps_max / eps_avg : 0.0},
      // The largest instantaneous sample over the window, against the same mean.
      {"peak_dissipation_W_kg", eps_peak},
      {"peak_eps_over_eps_avg", eps_avg > 0 ? eps_peak / eps_avg : 0.0},
      {"max_mean_shear_stress_Pa", global_max(sim.comm(), tau_max)},
      {"histograms",
       {{"shear_stress_Pa", to_json(flow_histogram(sim.comm(), shear_stress_bins(), {tau, cells}, fluid, cell_volume))},
        {"dissipation_W_kg", to_json(flow_histogram(sim.comm(), dissipation_bins(), {eps, cells}, fluid, cell_volume))},
        {"kolmogorov_length_m",
         to_json(flow_histogram(sim.comm(), kolmogorov_length_bins(), lambda, fluid, cell_volume))}}},
  };
  // The exposure fields sit behind the fixed components in the order
  // exposure_fields gives: the hotspot thresholds first.
  const std::vector<ExposureField> exposure = exposure_fields(sim.model());
  auto exposure_of = [&](const std::string& name) {
    for (std::size_t e = 0; e < exposure.size(); ++e)
      if (exposure[e].name == name) return component(kAverageComponentCount + int(e));
    throw std::logic_error("hotspot_report: no exposure field " + name);
  };
  std::vector<Criterion> criteria;
  if (const auto& h = sim.model().hotspots) {
    if (h->shear_stress)
      criteria.push_back({"shear_stress", "Pa", *h->shear_stress, false, tau, exposure_of("exposure_shear_stress")});
    if (h->dissipation)
      criteria.push_back({"dissipation", "W/kg", *h->dissipation, false, eps, exposure_of("exposure_dissipation")});
    if (h->kolmogorov_factor)
      criteria.push_back({"kolmogorov", "m", h->kolmogorov_length(), true, lambda.data(),
                          exposure_of("exposure_kolmogorov")});
  }
  out.csv = "criterion,label,cells,volume_m3,volume_fraction,mean,max_or_min,centroid_x_m,centroid_y_m,centroid_z_m,"
            "mean_radius_m,location\n";
  for (const Criterion& c : criteria) j["thresholds"][c.name] = analyse(sim, c, fluid, liquid, out);
  out.summary = j;
  return out;
}

std::vector<FieldView> label_views(const HotspotAnalysis& a) {
  std::vector<FieldView> v;
  for (std::size_t k = 0; k < a.label_fields.size(); ++k) v.push_back({a.label_names[k], {a.label_fields[k].data()}});
  return v;
}

}  // namespace stirlb
