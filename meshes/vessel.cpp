#include "vessel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace stirlb {

namespace {

constexpr double kPi = std::numbers::pi;

// --- Torispherical (Kloepper, DIN 28011) bottom ------------------------------
// With a = T/2 the vessel radius, the crown is a sphere of radius R = T whose
// centre lies on the axis at height R above the lowest point, and the knuckle
// a torus of tube radius rk = T/10 whose tube centre circle has radius
// rc = a - rk and height zc. The knuckle is tangent to the cylinder (its
// centre circle lies rk inside the wall, at the height where the wall starts)
// and to the crown (its centre lies on the crown's radius, R - rk from the
// crown centre):
//   rc^2 + (R - zc)^2 = (R - rk)^2  =>  zc = R - sqrt((R - rk)^2 - rc^2).
// The dish depth is zc = (1 - sqrt(0.65)) T = 0.193774 T (DIN 28011 quotes
// 0.1935 Da, a rounded figure that also allows for the wall thickness).
// Crown and knuckle meet on the line from the crown centre through the
// knuckle centre, at radius r_t = rc R / (R - rk) = 4/9 T. Then
//   bottom_height(r) = R - sqrt(R^2 - r^2)              for r <= r_t,
//   bottom_height(r) = zc - sqrt(rk^2 - (r - rc)^2)     for r_t < r <= a.
struct Torispherical {
  double a, R, rk, rc, zc, r_t, sin_t;
  explicit Torispherical(double T)
      : a(0.5 * T), R(T), rk(0.1 * T), rc(a - rk),
        zc(R - std::sqrt((R - rk) * (R - rk) - rc * rc)),
        r_t(rc * R / (R - rk)), sin_t(rc / (R - rk)) {}
  double height(double r) const {
    if (r <= r_t) return R - std::sqrt(std::max(0.0, R * R - r * r));
    const double u = r - rc;
    return zc - std::sqrt(std::max(0.0, rk * rk - u * u));
  }
};

// Composite 5-point Gauss-Legendre rule over [lo, hi]; the integrands below
// are smooth, so 64 panels reach round-off.
template <class F>
double integrate(F f, double lo, double hi, int panels = 64) {
  static constexpr double x[5] = {0.0, 0.5384693101056831, -0.5384693101056831, 0.9061798459386640,
                                  -0.9061798459386640};
  static constexpr double w[5] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
                                  0.2369268850561891, 0.2369268850561891};
  const double h = (hi - lo) / panels;
  double sum = 0;
  for (int p = 0; p < panels; ++p) {
    const double mid = lo + (p + 0.5) * h;
    for (int q = 0; q < 5; ++q) sum += w[q] * f(mid + 0.5 * h * x[q]);
  }
  return 0.5 * h * sum;
}

// Liquid volume inside the dish, below the plane z = bottom_depth:
//   V_dish = integral_0^a 2 pi r (depth - bottom_height(r)) dr.
// Integrated in the angle of the surface normal rather than in r: the profile
// is vertical at r = a, which makes the integrand in r a square-root
// singularity, while in the angle every piece is a smooth trigonometric one.
double dish_volume(const VesselSpec& v) {
  const double T = v.diameter;
  switch (v.bottom) {
    case BottomShape::Flat:
      return 0;
    case BottomShape::Elliptical: {
      // r = a sin(p), h = c (1 - cos(p)), dr = a cos(p) dp, p in [0, pi/2].
      const double a = 0.5 * T, c = 0.25 * T;
      return integrate([&](double p) { return 2 * kPi * a * std::sin(p) * (c * std::cos(p)) * a * std::cos(p); },
                       0.0, 0.5 * kPi);
    }
    case BottomShape::Torispherical: {
      const Torispherical g(T);
      const double psi_t = std::asin(g.sin_t);
      // Crown: r = R sin(p), h = R (1 - cos(p)), dr = R cos(p) dp.
      const double crown = integrate(
          [&](double p) {
            const double r = g.R * std::sin(p);
            return 2 * kPi * r * (g.zc - g.R * (1 - std::cos(p))) * g.R * std::cos(p);
          },
          0.0, psi_t);
      // Knuckle: r = rc + rk sin(p), h = zc - rk cos(p), dr = rk cos(p) dp.
      const double knuckle = integrate(
          [&](double p) {
            const double r = g.rc + g.rk * std::sin(p);
            return 2 * kPi * r * (g.rk * std::cos(p)) * g.rk * std::cos(p);
          },
          psi_t, 0.5 * kPi);
      return crown + knuckle;
    }
  }
  return 0;
}

// Finite and strictly positive (rejects NaN too).
bool positive(double x) { return std::isfinite(x) && x > 0; }

void fail(const std::string& why) { throw std::invalid_argument("vessel: " + why); }

void check_diameter(const VesselSpec& v) {
  if (!positive(v.diameter)) fail("the diameter T must be positive, got " + std::to_string(v.diameter));
}

// Everything but the lattice spacing.
void check_vessel(const VesselSpec& v) {
  check_diameter(v);
  if (!positive(v.liquid_height))
    fail("the liquid height H must be positive, got " + std::to_string(v.liquid_height));
  const double depth = bottom_depth(v);
  if (!(v.liquid_height > depth))
    fail("the liquid height H = " + std::to_string(v.liquid_height) + " m must be above the dished bottom, " +
         std::to_string(depth) + " m deep");
  const BaffleSpec& b = v.baffles;
  if (b.count < 0) fail("the baffle count must not be negative, got " + std::to_string(b.count));
  if (!(b.width >= 0) || !std::isfinite(b.width)) fail("the baffle width must not be negative");
  if (!(b.gap >= 0) || !std::isfinite(b.gap)) fail("the baffle wall gap must not be negative");
  if (!(b.thickness >= 0) || !std::isfinite(b.thickness)) fail("the baffle thickness must not be negative");
  if (!std::isfinite(b.angle_offset_deg)) fail("the baffle angle offset must be finite");
  if (b.count > 0) {
    if (!(b.width > 0)) fail("baffles need a positive width");
    const double r_in = 0.5 * v.diameter - b.gap - b.width;
    if (!(r_in > 0))
      fail("the baffles reach the axis: T/2 - gap - width = " + std::to_string(r_in) + " m must be positive");
  }
}

// cos and sin of an angle in degrees, exact on multiples of 90 degrees so that
// axis-aligned baffles voxelise symmetrically.
void cos_sin_deg(double deg, double& c, double& s) {
  const double rad = deg * kPi / 180.0;
  c = std::cos(rad);
  s = std::sin(rad);
  if (std::abs(c) < 1e-12) c = 0;
  if (std::abs(s) < 1e-12) s = 0;
  if (c == 0) s = s > 0 ? 1 : -1;
  if (s == 0) c = c > 0 ? 1 : -1;
}

}  // namespace

double bottom_depth(const VesselSpec& v) {
  check_diameter(v);
  switch (v.bottom) {
    case BottomShape::Flat:
      return 0;
    case BottomShape::Elliptical:
      return 0.25 * v.diameter;
    case BottomShape::Torispherical:
      return Torispherical(v.diameter).zc;
  }
  return 0;
}

// Radii beyond the wall are clamped to it (the bottom meets the vertical wall
// there), so the result is bottom_depth for |r| >= T/2.
double bottom_height(const VesselSpec& v, double r) {
  check_diameter(v);
  const double a = 0.5 * v.diameter;
  r = std::min(std::abs(r), a);
  switch (v.bottom) {
    case BottomShape::Flat:
      return 0;
    case BottomShape::Elliptical: {
      // Semi-ellipse with semi-axes a (radial) and T/4 (vertical), 2:1.
      const double q = r / a;
      return 0.25 * v.diameter * (1 - std::sqrt(std::max(0.0, 1 - q * q)));
    }
    case BottomShape::Torispherical:
      return Torispherical(v.diameter).height(r);
  }
  return 0;
}

double liquid_volume(const VesselSpec& v) {
  check_vessel(v);
  const double a = 0.5 * v.diameter;
  const double depth = bottom_depth(v);
  const double cylinder = kPi * a * a * (v.liquid_height - depth);
  const BaffleSpec& b = v.baffles;
  // Baffles stand on the cylindrical wall section, from the top of the dish to H.
  const double baffles = b.count * b.width * b.thickness * (v.liquid_height - depth);
  return cylinder + dish_volume(v) - baffles;
}

VesselLattice voxelise_vessel(const VesselSpec& v, double dx) {
  check_vessel(v);
  if (!positive(dx)) fail("the lattice spacing dx must be positive, got " + std::to_string(dx));
  const double across = v.diameter / dx;
  if (!(across >= 4))
    fail("fewer than 4 cells across the diameter (T/dx = " + std::to_string(across) + ")");
  if (across > 1e6 || v.liquid_height / dx > 1e6)
    fail("more than a million cells along an axis (T/dx = " + std::to_string(across) +
         ", H/dx = " + std::to_string(v.liquid_height / dx) + ")");

  VesselLattice out;
  out.dx = dx;
  // The small tolerance keeps T/dx = 40 (up to round-off) at 40 cells.
  const int n_across = int(std::ceil(across - 1e-9));
  const int nx = n_across + 2, ny = nx;
  out.axis_x = (nx - 1) / 2.0;
  out.axis_y = (ny - 1) / 2.0;
  out.bottom_z = 0.5;

  // Liquid layers: cells k >= 1 whose centre (k - bottom_z) dx lies below H.
  const double H = v.liquid_height;
  auto z_centre = [&](int k) { return (k - out.bottom_z) * dx; };
  int layers = 0;
  while (z_centre(layers + 1) < H) ++layers;
  const int nz = layers + 2;

  out.grid.nx = nx;
  out.grid.ny = ny;
  out.grid.nz = nz;
  out.grid.periodic[0] = out.grid.periodic[1] = out.grid.periodic[2] = false;

  const double a = 0.5 * v.diameter;
  const double depth = bottom_depth(v);

  // Baffles, in lattice units (dx = 1). With s the coordinate along the plate
  // (radially outwards) and d the signed distance from its mid-plane, a cell
  // is baffle when r_in <= s <= r_out and -h - eps <= d < h - eps/2, where
  //   h = max(t/2, (|cos(angle)| + |sin(angle)|) / 2).
  // No leak: one D3Q19/D3Q27 link moves the cell centre by at most one cell
  // along x and y (a vertical baffle does not care about z), which changes d
  // by at most |cos| + |sin| <= 2h. A link from d < -h - eps to
  // d >= h - eps/2 would change d by more than 2h, so every link that crosses
  // the plate, however thin the plate is, lands on or starts from a baffle
  // cell: at the minimum width the slab of cells is a 4-connected digital
  // staircase. The window is half-open so that a zero-thickness axis-aligned
  // plate lying between two cell rows takes exactly one row (and one 3 cells
  // thick three rows, not four); eps keeps round-off in d and t/dx from
  // moving exact ties, and makes the window eps/2 wider than 2h so that
  // round-off cannot open a leak.
  // With no wall gap the plate runs on into the wall (r_out unbounded), so no
  // one-cell slit can open between its outer edge and the curved wall. (A
  // cell with s > T/2 has r >= s > T/2 and is wall anyway, so this only
  // guards the seam against round-off between s and r.)
  struct Plate {
    double c, s, h, r_in, r_out;
  };
  std::vector<Plate> plates;
  {
    const BaffleSpec& b = v.baffles;
    for (int k = 0; k < b.count; ++k) {
      Plate p;
      cos_sin_deg(b.angle_offset_deg + k * 360.0 / b.count, p.c, p.s);
      p.h = std::max(0.5 * b.thickness / dx, 0.5 * (std::abs(p.c) + std::abs(p.s)));
      const double r_out = (a - b.gap) / dx;
      p.r_in = r_out - b.width / dx;
      p.r_out = b.gap > 0 ? r_out : std::numeric_limits<double>::infinity();
      plates.push_back(p);
    }
  }
  constexpr double eps = 1e-9;

  // Per column (x, y): inside the cylinder, height of the bottom, in a baffle.
  struct Column {
    bool inside = false, baffle = false;
    double bottom = 0;
  };
  std::vector<Column> columns(std::size_t(nx) * ny);
#pragma omp parallel for schedule(static)
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      Column& col = columns[std::size_t(i) + std::size_t(nx) * j];
      const double X = i - out.axis_x, Y = j - out.axis_y;  // cells
      const double r = std::sqrt(X * X + Y * Y) * dx;       // m
      col.inside = r < a;
      if (!col.inside) continue;
      col.bottom = bottom_height(v, r);
      for (const Plate& p : plates) {
        const double s = X * p.c + Y * p.s, d = -X * p.s + Y * p.c;
        if (s >= p.r_in && s <= p.r_out && d >= -p.h - eps && d < p.h - 0.5 * eps) {
          col.baffle = true;
          break;
        }
      }
    }

  auto liquid = [&](const Column& col, int k) {
    if (k < 1 || k > layers || !col.inside) return false;
    const double z = z_centre(k);
    if (!(z > col.bottom && z < H)) return false;
    // Baffles stand on the cylindrical section, from the top of the dish up.
    return !(col.baffle && z >= depth);
  };

  const std::uint8_t fluid = make_flag(kFluid), wall = make_flag(kWall), surface = make_flag(kFreeSlip, 2);
  out.flags.assign(std::size_t(out.grid.cells()), wall);
  std::int64_t count = 0;
  const std::size_t plane = std::size_t(nx) * ny;
#pragma omp parallel for schedule(static) reduction(+ : count)
  for (int k = 0; k < nz; ++k) {
    std::uint8_t* slab = out.flags.data() + plane * std::size_t(k);
    for (std::size_t c = 0; c < plane; ++c) {
      const Column& col = columns[c];
      if (liquid(col, k)) {
        slab[c] = fluid;
        ++count;
      } else if (k == layers + 1 && liquid(col, layers)) {
        // The flat liquid surface: free slip about z above the top liquid layer.
        slab[c] = surface;
      }
    }
  }
  out.liquid_cells = count;
  return out;
}

}  // namespace stirlb
