#include "resolution_report.h"
#include "shear_damage_laws.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace stirlb {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

void gap(ResolutionReport& r, const std::string& name, double metres, double dx) {
  r.gaps.push_back({name, metres, metres / dx});
}

}  // namespace

ResolutionReport resolution_report(const CaseModel& c, const LatticeUnits& units, const BoxLattice& box,
                                   const Rotor* rotor) {
  ResolutionReport r;
  const double dx = units.dx;
  r.total_cells = box.grid.cells();
  r.fluid_cells = box.fluid_cell_count();
  if (c.tank) {
    const TankSpec& t = *c.tank;
    const VesselSpec& v = t.vessel;
    r.cells_per_impeller = t.impeller_diameter() / dx;
    const double R = v.diameter / 2;
    const double inner = v.baffles.count > 0 ? R - v.baffles.gap - v.baffles.width : R;
    for (std::size_t k = 0; k < t.impellers.size(); ++k) {
      const ImpellerSpec& imp = t.impellers[k];
      const std::string which = " (impeller " + std::to_string(k + 1) + ")";
      const double tip = imp.diameter / 2;
      if (v.baffles.count > 0) gap(r, "blade tip to baffle" + which, inner - tip, dx);
      gap(r, "blade tip to wall" + which, R - tip, dx);
      gap(r, "impeller to bottom" + which, imp.lowest() - bottom_height(v, tip), dx);
      gap(r, "impeller to liquid surface" + which, v.liquid_height - imp.highest(), dx);
      if (k > 0) {
        const ImpellerSpec& below = t.impellers[k - 1];
        gap(r, "impeller to impeller" + which,
            imp.lowest() - below.highest(), dx);
      }
    }
    if (v.baffles.count > 0 && v.baffles.gap > 0) gap(r, "baffle to wall", v.baffles.gap, dx);
    for (const GapReport& g : r.gaps)
      if (g.cells < kMinGapCells) {
        char line[200];
        std::snprintf(line, sizeof line, "%s is %.1f cells (%.3g m), below %.0f: raise numerics.resolution",
                      g.name.c_str(), g.cells, g.metres, kMinGapCells);
        r.warnings.push_back(line);
      }
  }
  if (rotor) {
    r.markers = std::int64_t(rotor->markers().size());
    r.marker_spacing_cells = rotor->marker_spacing() / dx;
  }
  // Populations plus one flag byte per cell on the backend; the derived-field
  // buffer (one per backend and one on the host for output) and, for tanks,
  // the time-average sums. Immersed-boundary boxes and markers are small.
  const double cells = double(r.total_cells);
  const int q = velocity_count(c.numerics.stencil);
  const double derived = 4.0 * int(kDerivedComponentCount) * cells;
  const double averages =
      c.tank ? 4.0 * double(int(kAverageComponentCount) + int(exposure_fields(c).size())) * cells : 0.0;
  for (const char* backend : {"cpu", "cuda"})
    for (Precision p : {Precision::FP32, Precision::FP16}) {
      MemoryEstimate m;
      m.backend = backend;
      m.precision = to_string(p);
      const double lattice = cells * (q * bytes_per_population(p) + 1) + derived + averages;
      const double host = derived + averages + cells;  // output copies and flags
      m.device_gib = lattice / kGiB;
      m.host_gib = host / kGiB;
      r.memory.push_back(m);
    }
  return r;
}

std::string to_text(const ResolutionReport& r) {
  std::ostringstream os;
  char line[256];
  os << "Resolution\n";
  if (r.cells_per_impeller > 0) {
    std::snprintf(line, sizeof line, "  %-44s %8.1f\n", "cells per impeller diameter", r.cells_per_impeller);
    os << line;
  }
  for (const GapReport& g : r.gaps) {
    std::snprintf(line, sizeof line, "  %-44s %8.1f cells  (%.4g m)%s\n", g.name.c_str(), g.cells, g.metres,
                  g.cells < kMinGapCells ? "  < 5: too coarse" : "");
    os << line;
  }
  std::snprintf(line, sizeof line, "  %-44s %lld\n  %-44s %lld (%.1f %%)\n", "total cells",
                static_cast<long long>(r.total_cells), "liquid cells", static_cast<long long>(r.fluid_cells),
                100.0 * double(r.fluid_cells) / double(std::max<std::int64_t>(r.total_cells, 1)));
  os << line;
  if (r.markers > 0) {
    std::snprintf(line, sizeof line, "  %-44s %lld at %.2f cells apart\n", "immersed-boundary markers",
                  static_cast<long long>(r.markers), r.marker_spacing_cells);
    os << line;
  }
  os << "Memory\n";
  for (const MemoryEstimate& m : r.memory) {
    std::snprintf(line, sizeof line, "  %-5s %-5s %8.3f GiB %s, %8.3f GiB host\n", m.backend.c_str(),
                  m.precision.c_str(), m.device_gib, m.backend == "cuda" ? "device" : "      ", m.host_gib);
    os << line;
  }
  for (const std::string& w : r.warnings) os << "warning: " << w << "\n";
  return os.str();
}

nlohmann::json to_json(const ResolutionReport& r) {
  nlohmann::json gaps = nlohmann::json::array();
  for (const GapReport& g : r.gaps) gaps.push_back({{"name", g.name}, {"m", g.metres}, {"cells", g.cells}});
  nlohmann::json memory = nlohmann::json::array();
  for (const MemoryEstimate& m : r.memory)
    memory.push_back({{"backend", m.backend}, {"precision", m.precision}, {"lattice_GiB", m.device_gib},
                      {"host_GiB", m.host_gib}});
  return {{"cells_per_impeller_diameter", r.cells_per_impeller},
          {"gaps", gaps},
          {"total_cells", r.total_cells},
          {"liquid_cells", r.fluid_cells},
          {"markers", r.markers},
          {"marker_spacing_cells", r.marker_spacing_cells},
          {"memory", memory},
          {"warnings", r.warnings}};
}

}  // namespace stirlb
