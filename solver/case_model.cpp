#include "case_model.h"

namespace stirlb {

const char* face_name(Face f) {
  static const char* names[kFaceCount] = {"x_min", "x_max", "y_min", "y_max", "z_min", "z_max"};
  return names[f];
}

const std::vector<std::string>& known_output_fields() {
  static const std::vector<std::string> fields = {
      "cell_type",    "density",           "pressure",    "velocity",
      "strain_rate",  "shear_rate",        "shear_stress", "eddy_shear_stress",
      "dissipation",  "dissipation_molecular", "dissipation_eddy", "kolmogorov_length",
      "eddy_viscosity"};
  return fields;
}

}  // namespace stirlb
