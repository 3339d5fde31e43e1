#include "solver/hotspot_location.h"

#include <cmath>
#include <numbers>

namespace stirlb {

std::string location_tag(const TankSpec& tank, const std::array<double, 3>& p) {
  const double r = std::hypot(p[0], p[1]), z = p[2];
  auto within = [z](const ImpellerSpec& imp, double widen) {
    return z >= imp.lowest() - widen && z <= imp.highest() + widen;
  };
  for (const ImpellerSpec& imp : tank.impellers)
    if (r < 0.75 * imp.diameter / 2 && within(imp, 0.0)) return std::string(kLocationTags[0]);
  for (const ImpellerSpec& imp : tank.impellers) {
    const double R = imp.diameter / 2;
    if (r >= 0.75 * R && r <= 1.2 * R && within(imp, 0.1 * imp.diameter)) return std::string(kLocationTags[1]);
  }
  const VesselSpec& v = tank.vessel;
  const BaffleSpec& b = v.baffles;
  if (b.count > 0 && r > 0 && r >= v.diameter / 2 - (b.width + b.gap + 0.05 * v.diameter)) {
    // Baffle k stands at angle_offset + k 360/count from +x, towards +y
    // (meshes/vessel.cpp); the nearest one is the rounded multiple.
    const double step = 2 * std::numbers::pi / b.count;
    const double from_first = std::atan2(p[1], p[0]) - b.angle_offset_deg * std::numbers::pi / 180;
    const double off = std::remainder(from_first, step);  // in [-step/2, step/2]
    if (std::abs(off) * r <= b.width) return std::string(kLocationTags[2]);
  }
  const double inner = b.count > 0 ? v.diameter / 2 - b.gap - b.width : v.diameter / 2;
  for (const ImpellerSpec& imp : tank.impellers)
    if (r > 0.6 * imp.diameter && r <= inner && within(imp, 0.25 * imp.diameter))
      return std::string(kLocationTags[3]);
  return std::string(kLocationTags[4]);
}

}  // namespace stirlb
