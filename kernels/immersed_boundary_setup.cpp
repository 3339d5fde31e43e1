#include "immersed_boundary_setup.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace stirlb {

namespace {

template <class Visit>
void for_each_support_cell(const IbMarker& m, Visit&& visit) {
  const float x[3] = {m.x, m.y, m.z};
  const DeltaStencil d = delta_stencil(x);
  for (int c = 0; c < 3; ++c)
    for (int b = 0; b < 3; ++b)
      for (int a = 0; a < 3; ++a)
        visit(d.first[0] + a, d.first[1] + b, d.first[2] + c, d.w[0][a] * d.w[1][b] * d.w[2][c]);
}

}  // namespace

void compute_marker_stiffness(std::vector<IbMarker>& markers) {
  if (markers.empty()) return;
  // Body-frame coordinates: the stiffness only depends on relative positions.
  int lo[3] = {std::numeric_limits<int>::max(), std::numeric_limits<int>::max(), std::numeric_limits<int>::max()};
  int hi[3] = {std::numeric_limits<int>::min(), std::numeric_limits<int>::min(), std::numeric_limits<int>::min()};
  for (const IbMarker& m : markers)
    for_each_support_cell(m, [&](int x, int y, int z, float) {
      const int c[3] = {x, y, z};
      for (int a = 0; a < 3; ++a) lo[a] = std::min(lo[a], c[a]), hi[a] = std::max(hi[a], c[a] + 1);
    });
  const std::int64_t nx = hi[0] - lo[0], ny = hi[1] - lo[1], nz = hi[2] - lo[2];
  std::vector<double> spread(std::size_t(nx * ny * nz), 0.0);
  auto at = [&](int x, int y, int z) -> double& {
    return spread[std::size_t((x - lo[0]) + nx * ((y - lo[1]) + ny * (z - lo[2])))];
  };
  for (const IbMarker& m : markers)
    for_each_support_cell(m, [&](int x, int y, int z, float w) { at(x, y, z) += double(w) * m.weight; });
  for (IbMarker& m : markers) {
    double s = 0.0;
    for_each_support_cell(m, [&](int x, int y, int z, float w) { s += double(w) * at(x, y, z); });
    m.stiffness = float(s);
  }
}

IndexBox swept_support_box(const std::vector<IbMarker>& markers, const std::vector<int>& which, float axis_x,
                           float axis_y) {
  double radius = 0.0;
  double zlo = std::numeric_limits<double>::max(), zhi = std::numeric_limits<double>::lowest();
  for (int k : which) {
    const IbMarker& m = markers[std::size_t(k)];
    radius = std::max(radius, std::hypot(double(m.x), double(m.y)));
    zlo = std::min(zlo, double(m.z));
    zhi = std::max(zhi, double(m.z));
  }
  // A kernel centred at x touches cells round(x) - 1 .. round(x) + 1.
  IndexBox b;
  const double c[2] = {axis_x, axis_y};
  for (int a = 0; a < 2; ++a) {
    b.lo[a] = int(std::floor(c[a] - radius + 0.5)) - 1;
    b.hi[a] = int(std::floor(c[a] + radius + 0.5)) + 2;
  }
  b.lo[2] = int(std::floor(zlo + 0.5)) - 1;
  b.hi[2] = int(std::floor(zhi + 0.5)) + 2;
  return b;
}

}  // namespace stirlb
