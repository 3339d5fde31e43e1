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
  // Writes the current state; `derived` is the SI derived-field array and
  // `averages`, when given, the time averages (kernels/time_averages.h). A
  // tank's impeller surface goes into the same series.
  std::filesystem::path write(const Simulation& sim, const std::vector<float>& derived,
                              const std::vector<float>* averages = nullptr);
  const std::filesystem::path& collection() const { return writer_.collection_path(); }

 private:
  std::vector<std::string> fields_;
  std::vector<float> rms_;
  ImageGeometry geometry_;
  VtkSeriesWriter writer_;
};

}  // namespace stirlb
