#pragma once
// [blend] of a case: a passive tracer injected as a pulse, and the time the
// liquid takes to mix it (kernels/scalar_transport.h carries it). SI units.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace stirlb {

struct BlendProbe {
  std::string name;
  std::array<double, 3> position{};  // m, in the case's coordinates (a tank's: from the axis and the bottom)
};

struct BlendSpec {
  std::array<double, 3> injection_point{};  // m, as probes
  double injection_time = 0.0;              // s after the start of the run
  std::optional<double> injection_radius;   // m; default: the cells within 1.5 dx of the point
  double threshold = 0.05;                  // relative standard deviation that counts as blended
  double molecular_diffusivity = 1e-9;      // m^2/s (a small solute in water)
  double turbulent_schmidt = 0.7;           // nu_t / D_t with LES; ignored without it
  std::optional<double> sample_interval;    // s; default: 100 samples per revolution (tanks) or every 10 steps
  std::vector<BlendProbe> probes;           // empty in a tank: three default probes
  int line = 0;                             // of [blend], for messages about the table as a whole
};

}  // namespace stirlb
