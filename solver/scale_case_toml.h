#pragma once
// The TOML side of `stirlb scale`: a tank case file, parsed into a toml++
// table, rewritten for a geometrically similar tank, and written out again.
#include <filesystem>
#include <string>
#include <toml++/toml.h>

namespace stirlb {

struct CaseScaling {
  double linear_factor = 1;  // s: every geometric length is multiplied by it
  double speed_rpm = 0;      // the new shaft.speed_rpm
  // N_old / N_new: times in seconds that should keep their number of
  // revolutions (run.end_time, run.output_interval, microcarriers.release_time,
  // blend.injection_time, blend.sample_interval) are multiplied by it.
  double time_factor = 1;
  std::string name_suffix;        // appended to case.name, e.g. "_50L"
  std::string description_note;   // appended to case.description
  // An STL impeller's `file` is read relative to the case's folder: the
  // source's to find it, the output's to write it back.
  std::filesystem::path source_dir, output_dir;
};

// Rewrites `root` (a tank case that parse_case_file accepted) in place:
// vessel (diameter, liquid_height), baffles (width, gap, thickness), shaft
// diameter, every impeller length (diameter, clearance, blade and disk
// dimensions, hub), an STL's `scale` (and its `file` re-pointed from the
// output's folder), [blend] positions and injection_radius: times s. Speed
// replaced; times as CaseScaling says. Numerics are kept, so the lattice
// scales with the tank (same cells per D, same steps per revolution): run.steps
// and revolution counts stay as they are. Bead, hotspot and damage sizes are
// not geometry and stay. Any existing [scale_up] is dropped (the caller adds
// the new one). Lengths are rounded to 9 significant digits.
void scale_case_table(toml::table& root, const CaseScaling& s);

// The case as TOML: `header` (each line prefixed "# ") and then the tables
// in the order the shipped cases use ([case], [fluid], [vessel], [shaft],
// [[impeller]], ..., [numerics], [run], [output], [scale_up]).
std::string case_toml_text(const toml::table& root, const std::string& header);

// x rounded to `digits` significant decimal digits.
double round_significant(double x, int digits);

}  // namespace stirlb
