#pragma once
// Beads against solid surfaces: the static walls the cell flags describe
// (vessel, bottom, baffles, lid) and the rotating impeller and shaft as
// triangles. A bead is a point for the geometry, kept min(d/2, 0.49) cells
// plus a small gap off every surface it meets; the cap keeps a bead pushed off
// one face inside the cell it was in. Contacts are inelastic with Coulomb
// friction. Lattice units, whole-lattice coordinates (cell i spans [i, i+1)).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>
#include "cell_flags.h"
#include "particle_types.h"

namespace stirlb {

constexpr float kMaxContactRadius = 0.49f;
// Clearance left between a bead and a surface after a contact, and within
// which a bead still pressing on it counts as touching it: a bead resting on
// the bottom is in contact every step, not every time it has settled anew.
constexpr float kWallGap = 1e-3f;
// Barycentric slack of the triangle test: a path through an edge two
// triangles share hits at least one of them despite rounding.
constexpr float kRotorEdgeTolerance = 1e-4f;
// bin_triangles lists a triangle in every bin within this distance of it,
// more than any contact distance, so that a path visits the bins it needs.
constexpr float kRotorBinPad = 0.5f;

STIRLB_HD float contact_radius(const BeadParams& p) { return fminf(0.5f * p.diameter, kMaxContactRadius); }

// Inelastic impact on a wall with unit normal n (into the fluid), for the
// bead's velocity relative to the wall: the approaching normal velocity
// comes back times e, and Coulomb friction takes from the tangential velocity
// what the normal impulse allows, mu (1 + e) |v_n|, but never reverses it.
// A bead already leaving the wall keeps its velocity.
STIRLB_HD void wall_impact(const BeadParams& p, const float (&n)[3], float (&v)[3]) {
  const float vn = v[0] * n[0] + v[1] * n[1] + v[2] * n[2];
  if (!(vn < 0.f)) return;
  float vt[3], vt2 = 0.f;
  for (int k = 0; k < 3; ++k) {
    vt[k] = v[k] - vn * n[k];
    vt2 += vt[k] * vt[k];
  }
  const float vt_norm = sqrtf(vt2);
  const float slowed = vt_norm > 0.f ? fmaxf(vt_norm - p.friction * (1.f + p.restitution) * -vn, 0.f) / vt_norm : 0.f;
  for (int k = 0; k < 3; ++k) v[k] = vt[k] * slowed - p.restitution * vn * n[k];
}

// --- static walls -----------------------------------------------------------

// Open to beads: fluid of this rank or of a neighbour (kGhostFluid), inside
// the local grid. Everything else, and everything off the grid, is solid.
STIRLB_HD bool bead_cell_open(const std::uint8_t* flags, const ParticleGrid& g, const int (&cell)[3]) {
  const int x = cell[0] - g.origin[0], y = cell[1] - g.origin[1], z = cell[2] - g.origin[2];
  if (x < 0 || y < 0 || z < 0 || x >= g.nx || y >= g.ny || z >= g.nz) return false;
  return cell_kind(flags[x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z)]) == kFluid;
}

STIRLB_HD void cell_of(const float (&x)[3], int (&cell)[3]) {
  for (int k = 0; k < 3; ++k) cell[k] = int(floorf(x[k]));
}

// Keeps x inside the cell by kWallGap: rounding must not put a bead that was
// stopped in an open cell into the solid next to it. (Floats resolve kWallGap
// at coordinates below 8192 cells.)
STIRLB_HD void keep_in_cell(const int (&cell)[3], float (&x)[3]) {
  for (int k = 0; k < 3; ++k) x[k] = fminf(fmaxf(x[k], float(cell[k]) + kWallGap), float(cell[k]) + (1.f - kWallGap));
}

struct CellWalk {
  bool contact;
  int axis, side;  // the face: solid neighbour at cell + side along axis
  float t;         // where along the segment
  int cell[3];     // the open cell the walk ended or stopped in
};

// Amanatides & Woo (1987): the cells the segment a -> a + d crosses, in
// order, one face at a time. Stepping a single axis per crossing makes the
// walk face-connected: where the segment passes exactly through an edge or
// corner it enters the cells on either side in turn, so two solid cells that
// share only an edge (a staircase that blocks the lattice's diagonal links)
// stop it. In each open cell the walk stops where the bead comes within
// `band` of a solid face neighbour ahead (or at once when it already is, or
// when rounding let it into a solid cell: then at that face).
STIRLB_HD CellWalk walk_cells(const std::uint8_t* flags, const ParticleGrid& g, const float (&a)[3],
                              const float (&d)[3], float band) {
  CellWalk w;
  w.contact = false;
  w.axis = -1;
  w.side = 0;
  w.t = 1.f;
  cell_of(a, w.cell);
  int dir[3];
  int budget = 3;  // faces to cross, plus slack for rounding
  for (int k = 0; k < 3; ++k) {
    dir[k] = d[k] > 0.f ? 1 : (d[k] < 0.f ? -1 : 0);
    const int crossings = int(floorf(a[k] + d[k])) - w.cell[k];
    budget += crossings < 0 ? -crossings : crossings;
  }
  float t_in = 0.f;
  for (int visited = 0; visited <= budget; ++visited) {
    float t_out = 2.f;  // anything beyond 1 means the segment ends here
    int exit_axis = -1;
    for (int k = 0; k < 3; ++k) {
      if (!dir[k]) continue;
      // Never before t_in: after a tie the other face's time may round below it.
      const float t = fmaxf((float(w.cell[k] + (dir[k] > 0)) - a[k]) / d[k], t_in);
      if (t < t_out) t_out = t, exit_axis = k;
    }
    float first = 2.f;
    for (int k = 0; k < 3; ++k) {
      if (!dir[k]) continue;
      int next[3] = {w.cell[0], w.cell[1], w.cell[2]};
      next[k] += dir[k];
      if (bead_cell_open(flags, g, next)) continue;
      const float plane = float(w.cell[k] + (dir[k] > 0)) - float(dir[k]) * band;
      const float t = fmaxf((plane - a[k]) / d[k], t_in);
      if (t <= fminf(t_out, 1.f) && t < first) first = t, w.axis = k;
    }
    if (w.axis >= 0) {
      w.contact = true;
      w.side = dir[w.axis];
      w.t = first;
      return w;
    }
    if (t_out > 1.f) return w;
    w.cell[exit_axis] += dir[exit_axis];
    t_in = t_out;
    if (!bead_cell_open(flags, g, w.cell)) {
      w.cell[exit_axis] -= dir[exit_axis];
      w.contact = true;
      w.axis = exit_axis;
      w.side = dir[exit_axis];
      w.t = t_in;
      return w;
    }
  }
  return w;
}

struct WallContacts {
  int count;    // contacts during the move
  bool bottom;  // one of them on an upward-facing face (normal +z)
};

// Moves a bead from `from` to `to` (in: where the flow would take it; out:
// where it ends) past the static walls, and updates its velocity v at each
// contact. The contact is where the centre comes within min(d/2, 0.49) +
// 2 kWallGap of a solid face, not where it reaches the face: a bead put back
// a radius off the wall would otherwise fall that radius again before it next
// touched, a sawtooth of one radius for every bead on the bottom. At a
// contact the bead is put where it met the wall, min(d/2, 0.49) + kWallGap
// off the face along the face's normal, and the wall takes the normal part of
// the remaining displacement; the tangential part goes on, so that beads on
// the bottom slide with the flow instead of sticking wherever they touched
// (at most three contacts: one per axis, each removes its axis). A bead that
// starts in a solid cell is not rescued; the walk only checks the cells it
// enters.
STIRLB_HD WallContacts move_past_walls(const std::uint8_t* flags, const ParticleGrid& g, const BeadParams& p,
                                       const float (&from)[3], float (&to)[3], float (&v)[3]) {
  const float r = contact_radius(p);
  WallContacts out = {0, false};
  float a[3] = {from[0], from[1], from[2]};
  float d[3] = {to[0] - from[0], to[1] - from[1], to[2] - from[2]};
  for (int leg = 0; leg < 4; ++leg) {
    const CellWalk w = walk_cells(flags, g, a, d, r + 2.f * kWallGap);
    if (!w.contact) {
      for (int k = 0; k < 3; ++k) to[k] = a[k] + d[k];
      int end[3];
      cell_of(to, end);
      if ((end[0] != w.cell[0] || end[1] != w.cell[1] || end[2] != w.cell[2]) && !bead_cell_open(flags, g, end))
        keep_in_cell(w.cell, to);  // the end rounded across a face the walk did not cross
      return out;
    }
    for (int k = 0; k < 3; ++k) a[k] += w.t * d[k];
    a[w.axis] = float(w.cell[w.axis] + (w.side > 0)) - float(w.side) * (r + kWallGap);
    keep_in_cell(w.cell, a);
    float n[3] = {0.f, 0.f, 0.f};
    n[w.axis] = -float(w.side);
    wall_impact(p, n, v);
    ++out.count;
    if (w.axis == 2 && w.side < 0) out.bottom = true;
    for (int k = 0; k < 3; ++k) d[k] *= 1.f - w.t;
    d[w.axis] = 0.f;
  }
  for (int k = 0; k < 3; ++k) to[k] = a[k];
  return out;
}

// --- the rotor --------------------------------------------------------------

// Rotation by the angle with cosine c and sine s about the vertical axis
// through (ax, ay).
STIRLB_HD void turn_about_axis(float c, float s, float ax, float ay, const float (&x)[3], float (&y)[3]) {
  const float rx = x[0] - ax, ry = x[1] - ay;
  y[0] = ax + (c * rx - s * ry);
  y[1] = ay + (s * rx + c * ry);
  y[2] = x[2];
}

struct RotorHit {
  float t;            // along the body-frame path
  int triangle;
  float normal[3];    // unit, towards the side the bead came from
  float surface[3];   // the contact point on the triangle's plane
};

// The body-frame path p0 -> p1 against one triangle: where the bead comes
// within `band` of it (or at once, when it starts within band and moves
// towards it), provided that point lies over the triangle; failing that,
// where the path crosses the triangle itself. Zero-thickness triangles are
// two-sided: the side is the one the path starts on (against the motion when
// it starts on the plane). This is the Moller-Trumbore test written with
// signed plane distances, which stay well conditioned for paths starting at
// or near the plane, with inclusive barycentric bounds.
STIRLB_HD bool triangle_hit(const float* tri, const float (&p0)[3], const float (&p1)[3], float band, float& t,
                            float (&normal)[3], float (&surface)[3]) {
  float e1[3], e2[3], nrm[3];
  for (int k = 0; k < 3; ++k) e1[k] = tri[3 + k] - tri[k], e2[k] = tri[6 + k] - tri[k];
  nrm[0] = e1[1] * e2[2] - e1[2] * e2[1];
  nrm[1] = e1[2] * e2[0] - e1[0] * e2[2];
  nrm[2] = e1[0] * e2[1] - e1[1] * e2[0];
  const float area2 = nrm[0] * nrm[0] + nrm[1] * nrm[1] + nrm[2] * nrm[2];
  if (!(area2 > 1e-20f)) return false;  // degenerate
  const float inv = 1.f / sqrtf(area2);
  for (int k = 0; k < 3; ++k) nrm[k] *= inv;
  float dist0 = 0.f, dist1 = 0.f;
  for (int k = 0; k < 3; ++k) dist0 += (p0[k] - tri[k]) * nrm[k], dist1 += (p1[k] - tri[k]) * nrm[k];
  const float side = dist0 > 0.f ? 1.f : (dist0 < 0.f ? -1.f : (dist1 > 0.f ? -1.f : 1.f));
  const float s0 = side * dist0, s1 = side * dist1;
  if (!(s1 < s0)) return false;  // not approaching the plane
  const float d00 = e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2];
  const float d01 = e1[0] * e2[0] + e1[1] * e2[1] + e1[2] * e2[2];
  const float d11 = e2[0] * e2[0] + e2[1] * e2[1] + e2[2] * e2[2];
  // Projects the path point at tt onto the plane; true if it lies on the triangle.
  auto over_triangle = [&](float tt, float (&q)[3]) {
    const float s = s0 + tt * (s1 - s0);
    for (int k = 0; k < 3; ++k) q[k] = p0[k] + tt * (p1[k] - p0[k]) - side * s * nrm[k];
    float d20 = 0.f, d21 = 0.f;
    for (int k = 0; k < 3; ++k) d20 += (q[k] - tri[k]) * e1[k], d21 += (q[k] - tri[k]) * e2[k];
    const float l1 = (d11 * d20 - d01 * d21) * inv * inv;  // area2 = d00 d11 - d01^2
    const float l2 = (d00 * d21 - d01 * d20) * inv * inv;
    return l1 >= -kRotorEdgeTolerance && l2 >= -kRotorEdgeTolerance && l1 + l2 <= 1.f + kRotorEdgeTolerance;
  };
  const float t_band = s0 <= band ? 0.f : (s0 - band) / (s0 - s1);
  if (!(t_band <= 1.f)) return false;
  bool hit = over_triangle(t_band, surface);
  t = t_band;
  if (!hit && s1 <= 0.f) {
    t = s0 / (s0 - s1);
    hit = over_triangle(t, surface);
  }
  for (int k = 0; k < 3; ++k) normal[k] = side * nrm[k];
  return hit;
}

// The first triangle the body-frame path p0 -> p1 meets (the lowest index on
// a tie, so that the answer does not depend on the order of the bins),
// searching the bins the path's bounding box overlaps; `skip` is left out.
STIRLB_HD bool first_rotor_hit(const RotorTriangles& rotor, const float (&p0)[3], const float (&p1)[3], float band,
                               int skip, RotorHit& hit) {
  hit.t = 2.f;
  hit.triangle = -1;
  for (int k = 0; k < 3; ++k) hit.normal[k] = hit.surface[k] = 0.f;
  if (rotor.triangles <= 0 || !rotor.bin_start || !rotor.bin_items) return false;
  int lo[3], hi[3];
  for (int k = 0; k < 3; ++k) {
    const float f0 = (fminf(p0[k], p1[k]) - rotor.lo[k]) / rotor.bin_size;
    const float f1 = (fmaxf(p0[k], p1[k]) - rotor.lo[k]) / rotor.bin_size;
    if (f1 < 0.f || f0 >= float(rotor.bins[k])) return false;
    lo[k] = int(fmaxf(floorf(f0), 0.f));
    hi[k] = int(fminf(floorf(f1), float(rotor.bins[k] - 1)));
  }
  bool found = false;
  for (int z = lo[2]; z <= hi[2]; ++z)
    for (int y = lo[1]; y <= hi[1]; ++y)
      for (int x = lo[0]; x <= hi[0]; ++x) {
        const int bin = x + rotor.bins[0] * (y + rotor.bins[1] * z);
        for (int i = rotor.bin_start[bin]; i < rotor.bin_start[bin + 1]; ++i) {
          const int tri = rotor.bin_items[i];
          if (tri == skip) continue;
          float t, n[3], q[3];
          if (!triangle_hit(rotor.vertices + 9 * std::int64_t(tri), p0, p1, band, t, n, q)) continue;
          if (t > hit.t || (t == hit.t && tri >= hit.triangle)) continue;
          found = true;
          hit.t = t;
          hit.triangle = tri;
          for (int k = 0; k < 3; ++k) hit.normal[k] = n[k], hit.surface[k] = q[k];
        }
      }
  return found;
}

// The rotor's turn over the step, taken modulo 2 pi: a caller may wrap the
// angle between the two ends.
STIRLB_HD float rotor_turn(const RotorMotion& m) {
  const float two_pi = 6.283185307f;
  const float turn = m.angle_after - m.angle_before;
  return turn - two_pi * rintf(turn / two_pi);
}

// False when the move cannot come near the rotor, without trigonometry: the
// bins span a known height and, turning, sweep a cylinder about the axis. In
// the body frame the path is the lab segment turned by angle_before, its end
// moved by at most |turn| times its distance from the axis.
STIRLB_HD bool rotor_within_reach(const RotorTriangles& rotor, const RotorMotion& m, const float (&from)[3],
                                  const float (&to)[3]) {
  const float span[3] = {float(rotor.bins[0]) * rotor.bin_size, float(rotor.bins[1]) * rotor.bin_size,
                         float(rotor.bins[2]) * rotor.bin_size};
  if (fmaxf(from[2], to[2]) < rotor.lo[2] || fminf(from[2], to[2]) > rotor.lo[2] + span[2]) return false;
  const float ex = fmaxf(fabsf(rotor.lo[0] - m.axis_x), fabsf(rotor.lo[0] + span[0] - m.axis_x));
  const float ey = fmaxf(fabsf(rotor.lo[1] - m.axis_y), fabsf(rotor.lo[1] + span[1] - m.axis_y));
  const float reach = sqrtf(ex * ex + ey * ey);
  // Closest approach of the lab segment to the axis.
  const float ax = from[0] - m.axis_x, ay = from[1] - m.axis_y;
  const float dx = to[0] - from[0], dy = to[1] - from[1];
  const float len2 = dx * dx + dy * dy;
  const float f = len2 > 0.f ? fminf(fmaxf(-(ax * dx + ay * dy) / len2, 0.f), 1.f) : 0.f;
  const float closest = sqrtf((ax + f * dx) * (ax + f * dx) + (ay + f * dy) * (ay + f * dy));
  const float end = sqrtf((ax + dx) * (ax + dx) + (ay + dy) * (ay + dy));
  return closest - fabsf(rotor_turn(m)) * end <= reach;
}

// The rotor over one (sub-)step: the bead moves from `from` (lab frame, rotor
// at angle_before) to `to` (rotor at angle_after). In the body frame that is
// the segment between the two mapped back to angle 0, so a blade sweeping
// over a resting bead is a path through the blade, however thin it is. On a
// hit the bead goes min(d/2, 0.49) + kWallGap off the surface, on the side it
// came from (less where another surface of the rotor is closer, in an inside
// corner), back in the lab frame at angle_after, and its velocity relative to
// the surface there, omega z x (x - axis), takes the impact. Returns whether
// it hit.
STIRLB_HD bool collide_with_rotor(const RotorTriangles& rotor, const RotorMotion& m, const BeadParams& p,
                                  const float (&from)[3], float (&to)[3], float (&v)[3]) {
  if (rotor.triangles <= 0 || !rotor_within_reach(rotor, m, from, to)) return false;
  const float cb = cosf(m.angle_before), sb = sinf(m.angle_before);
  const float ca = cosf(m.angle_after), sa = sinf(m.angle_after);
  float p0[3], p1[3];
  turn_about_axis(cb, -sb, m.axis_x, m.axis_y, from, p0);
  turn_about_axis(ca, -sa, m.axis_x, m.axis_y, to, p1);
  const float r = contact_radius(p);
  RotorHit hit;
  if (!first_rotor_hit(rotor, p0, p1, r + 2.f * kWallGap, -1, hit)) return false;
  float start[3], q[3];
  for (int k = 0; k < 3; ++k) {
    start[k] = hit.surface[k] + 0.5f * kWallGap * hit.normal[k];
    q[k] = hit.surface[k] + (r + kWallGap) * hit.normal[k];
  }
  RotorHit corner;
  if (first_rotor_hit(rotor, start, q, 0.f, hit.triangle, corner))
    for (int k = 0; k < 3; ++k) q[k] = start[k] + 0.5f * corner.t * (q[k] - start[k]);
  turn_about_axis(ca, sa, m.axis_x, m.axis_y, q, to);
  const float n[3] = {ca * hit.normal[0] - sa * hit.normal[1], sa * hit.normal[0] + ca * hit.normal[1],
                      hit.normal[2]};
  const float wall[3] = {-m.omega * (to[1] - m.axis_y), m.omega * (to[0] - m.axis_x), 0.f};
  float rel[3] = {v[0] - wall[0], v[1] - wall[1], v[2] - wall[2]};
  wall_impact(p, n, rel);
  for (int k = 0; k < 3; ++k) v[k] = wall[k] + rel[k];
  return true;
}

// --- host: bins for the rotor's triangles ------------------------------------

// CSR lists of the triangles near each bin of a uniform grid over the rotor
// (body frame, angle 0): start has bins + 1 entries, x fastest.
struct RotorTriangleBins {
  std::vector<int> start, items;
  float lo[3] = {0.f, 0.f, 0.f};
  float bin_size = 1.f;
  int bins[3] = {0, 0, 0};
};

// `vertices`: 9 floats per triangle. Each triangle goes into every bin its
// bounding box, padded by kRotorBinPad, overlaps; the grid covers all padded
// boxes. Triangles keep their order within a bin.
inline RotorTriangleBins bin_triangles(const std::vector<float>& vertices, float bin_size) {
  if (!(bin_size > 0.f)) throw std::invalid_argument("rotor bins: the bin size must be positive");
  if (vertices.size() % 9 != 0) throw std::invalid_argument("rotor bins: 9 coordinates per triangle");
  RotorTriangleBins b;
  b.bin_size = bin_size;
  const std::size_t count = vertices.size() / 9;
  if (count == 0) {
    b.start.assign(1, 0);
    return b;
  }
  float lo[3], hi[3];
  for (int k = 0; k < 3; ++k) lo[k] = hi[k] = vertices[std::size_t(k)];
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    const int k = int(i % 3);
    lo[k] = std::fmin(lo[k], vertices[i]);
    hi[k] = std::fmax(hi[k], vertices[i]);
  }
  std::int64_t total = 1;
  for (int k = 0; k < 3; ++k) {
    b.lo[k] = lo[k] - kRotorBinPad;
    b.bins[k] = std::max(1, int(std::ceil((hi[k] + kRotorBinPad - b.lo[k]) / bin_size)));
    total *= b.bins[k];
  }
  if (total > (std::int64_t(1) << 28)) throw std::invalid_argument("rotor bins: too many bins for the bin size");
  auto range = [&](std::size_t t, int k, int& first, int& last) {
    float mn = vertices[9 * t + std::size_t(k)], mx = mn;
    for (int v = 1; v < 3; ++v) {
      mn = std::fmin(mn, vertices[9 * t + 3 * std::size_t(v) + std::size_t(k)]);
      mx = std::fmax(mx, vertices[9 * t + 3 * std::size_t(v) + std::size_t(k)]);
    }
    first = std::clamp(int(std::floor((mn - kRotorBinPad - b.lo[k]) / bin_size)), 0, b.bins[k] - 1);
    last = std::clamp(int(std::floor((mx + kRotorBinPad - b.lo[k]) / bin_size)), 0, b.bins[k] - 1);
  };
  // Twice over the triangles: count per bin, then fill.
  b.start.assign(std::size_t(total) + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<int> fill;
    if (pass == 1) {
      for (std::size_t i = 1; i < b.start.size(); ++i) b.start[i] += b.start[i - 1];
      b.items.assign(std::size_t(b.start.back()), 0);
      fill.assign(b.start.begin(), b.start.end() - 1);
    }
    for (std::size_t t = 0; t < count; ++t) {
      int first[3], last[3];
      for (int k = 0; k < 3; ++k) range(t, k, first[k], last[k]);
      for (int z = first[2]; z <= last[2]; ++z)
        for (int y = first[1]; y <= last[1]; ++y)
          for (int x = first[0]; x <= last[0]; ++x) {
            const std::size_t bin = std::size_t(x + b.bins[0] * (y + b.bins[1] * z));
            if (pass == 0)
              ++b.start[bin + 1];
            else
              b.items[std::size_t(fill[bin]++)] = int(t);
          }
    }
  }
  return b;
}

}  // namespace stirlb
