#pragma once
// Which derived fields go into a run's VTK files, and under which names. The
// names carry their SI unit so that ParaView's legend is self-explaining.
#include <filesystem>
#include <string>
#include <vector>
#include "postproc/vtk_series_writer.h"
#include "simulation.h"

namespace stirlb {

class FieldOutput {
 public:
  FieldOutput(const Simulation& sim, const std::filesystem::path& dir, std::vector<std::string> fields);
  // Writes the current state, collectively over the simulation's ranks:
  // `derived` is this rank's block of the SI derived fields
  // (Simulation::local_derived_fields) and `averages`, when given, its block
  // of the time averages. One rank writes a .vti, several a .pvti with one
  // piece each. A tank's impeller surface goes into the same series, and so
  // do the microcarriers (a .vtp, or a .pvtp with one piece per rank).
  // `extra`: more cell fields of this rank's block (hotspot region labels).
  std::filesystem::path write(const Simulation& sim, const std::vector<float>& derived,
                              const std::vector<float>* averages = nullptr, const std::vector<FieldView>& extra = {});
  const std::filesystem::path& collection() const { return writer_.collection_path(); }
  // A resumed run: keep the steps of the existing series up to `time`.
  void continue_series(double time) { writer_.continue_series(time); }

 private:
  std::vector<std::string> fields_;
  std::vector<float> rms_, min_kolmogorov_, exposure_;
  void add_exposure_fields(const Simulation& sim, const std::vector<float>& averages, std::vector<FieldView>& views);
  void write_particles(const Simulation& sim);

  std::vector<std::uint8_t> flags_;  // this rank's block of the cell types
  ImageGeometry geometry_;
  VtkSeriesWriter writer_;
};

}  // namespace stirlb
