#pragma once
// Immersed boundary for a rigid body turning about the lattice z axis: the
// impeller and shaft are clouds of Lagrangian markers, the fluid a lattice.
// Multi-direct forcing (Wang, Fan & Luo, J. Comput. Phys. 227 (2008) 4767):
// interpolate the velocity at each marker, ask for the force that would give
// it the body's velocity, spread that force back, correct the velocity where
// it landed, and repeat a few times so neighbouring markers agree. Guo's
// forcing puts half the force into the velocity, so the force that changes u
// by du is 2 rho du.
//
// Everything here is in lattice units. The force boxes must cover the kernel
// support of every marker at every angle (the solver sizes them that way).
#include <cstdint>
#include "force_boxes.h"
#include "stream_collide.h"

namespace stirlb {

// Roma, Peskin & Berger, J. Comput. Phys. 153 (1999) 509: a three-cell
// regularised delta that conserves force and torque moments to first order.
STIRLB_HD float roma_delta(float r) {
  r = fabsf(r);
  if (r <= 0.5f) return (1.f + sqrtf(fmaxf(1.f - 3.f * r * r, 0.f))) * (1.f / 3.f);
  if (r <= 1.5f) {
    const float s = 1.f - r;
    return (5.f - 3.f * r - sqrtf(fmaxf(1.f - 3.f * s * s, 0.f))) * (1.f / 6.f);
  }
  return 0.f;
}

// The three cells a coordinate's kernel touches, and their weights.
struct DeltaStencil {
  int first[3];
  float w[3][3];  // axis, offset
};

STIRLB_HD DeltaStencil delta_stencil(const float (&x)[3]) {
  DeltaStencil s;
  for (int a = 0; a < 3; ++a) {
    const int centre = int(floorf(x[a] + 0.5f));
    s.first[a] = centre - 1;
    for (int d = 0; d < 3; ++d) s.w[a][d] = roma_delta(x[a] - float(centre - 1 + d));
  }
  return s;
}

// The diffuse kernel makes the body act larger than its markers: with the
// Roma kernel the no-slip surface sits about 0.3 cells outside them
// (Breugem, J. Comput. Phys. 231 (2012) 4469; measured here by the
// taylor-couette validation). Markers of closed surfaces are therefore placed
// this far inside the true surface.
constexpr float kMarkerRetraction = 0.3f;

struct IbMarker {
  float x, y;       // body frame, relative to the axis, at angle 0
  float z;          // lattice coordinate
  float weight;     // surface area it stands for times one cell (volume)
  float stiffness;  // sum over markers j of <delta_k, delta_j> weight_j
};

// Where the body is at this step. Angle and speed about +z, lattice units.
struct RotorPose {
  float axis_x = 0.f, axis_y = 0.f;
  float cos_angle = 1.f, sin_angle = 0.f;
  float omega = 0.f;
};

STIRLB_HD void marker_position(const IbMarker& m, const RotorPose& q, float (&x)[3]) {
  x[0] = q.axis_x + q.cos_angle * m.x - q.sin_angle * m.y;
  x[1] = q.axis_y + q.sin_angle * m.x + q.cos_angle * m.y;
  x[2] = m.z;
}

STIRLB_HD void marker_velocity(const RotorPose& q, const float (&x)[3], float (&u)[3]) {
  u[0] = -q.omega * (x[1] - q.axis_y);
  u[1] = q.omega * (x[0] - q.axis_x);
  u[2] = 0.f;
}

// The 27 box slots and weights of one marker's kernel at this step's pose.
// Every forcing pass reads the same support, so it is found once per step:
// the box search and the delta weights would otherwise cost more than the
// interpolation and spreading they serve.
constexpr int kSupportCells = 27;

struct IbSupport {
  std::int32_t slot[kSupportCells];  // -1 where no box holds the cell
  float weight[kSupportCells];
};

STIRLB_HD void locate_support(const ForceBoxes& boxes, const float (&x)[3], IbSupport& out) {
  const DeltaStencil d = delta_stencil(x);
  int k = 0;
  for (int c = 0; c < 3; ++c)
    for (int b = 0; b < 3; ++b)
      for (int a = 0; a < 3; ++a, ++k) {
        // -1 never happens when the boxes cover the swept supports.
        out.slot[k] = std::int32_t(boxes.slot(d.first[0] + a, d.first[1] + b, d.first[2] + c));
        out.weight[k] = d.w[0][a] * d.w[1][b] * d.w[2][c];
      }
}

// Per packed box slot: density, velocity (4 x total) as the fluid has them
// before any immersed-boundary force; the force and its increment (3 x total).
struct IbFields {
  ForceBoxes boxes;  // boxes.force is the accumulated force below
  float* rho_u;
  float* force;
  float* increment;
};

// Each marker's kernel support at this step's pose.
struct IbLocateMarkers {
  const IbMarker* markers;
  RotorPose pose;
  ForceBoxes boxes;
  IbSupport* support;

  STIRLB_HD void operator()(std::int64_t k) const {
    float x[3];
    marker_position(markers[k], pose, x);
    locate_support(boxes, x, support[k]);
  }
};

// Velocity of every box cell without the immersed-boundary force (body force
// included); walls and cells outside the liquid read as fluid at rest. A
// backend holding one rank's block samples the cells it owns and leaves zeros
// elsewhere, so that summing the ranks' samples gives the whole box exactly.
template <class L, class S>
struct IbSampleVelocity {
  LatticeParams p;
  const typename S::type* f;
  const std::uint8_t* flags;
  IbFields fields;
  IndexBox owned;  // cells of the backend's grid it owns
  bool odd;        // parity of the step about to run

  STIRLB_HD void operator()(std::int64_t s) const {
    const std::int64_t total = fields.boxes.total;
    int x, y, z;
    fields.boxes.cell_of(s, x, y, z);
    x -= fields.boxes.origin[0];
    y -= fields.boxes.origin[1];
    z -= fields.boxes.origin[2];
    float rho = 1.f, u[3] = {0.f, 0.f, 0.f};
    if (!owned.contains(x, y, z)) {
      rho = 0.f;
    } else if (flags[cell_index(p.grid, x, y, z)] == kFluid) {
      float fh[L::Q];
      load_cell<L, S>(p, f, flags, neighbourhood(p.grid, x, y, z), !odd, fh);
      const float body[3] = {p.body_force[0], p.body_force[1], p.body_force[2]};
      const Moments m = compute_moments<L>(fh, body);
      rho = m.rho;
      u[0] = m.u[0], u[1] = m.u[1], u[2] = m.u[2];
    }
    fields.rho_u[s] = rho;
    for (int a = 0; a < 3; ++a) {
      fields.rho_u[(1 + a) * total + s] = u[a];
      fields.force[a * total + s] = 0.f;
      fields.increment[a * total + s] = 0.f;
    }
  }
};

// One forcing pass at every marker: the force increment that would bring the
// interpolated velocity to the body's, scaled by the marker's stiffness so
// that overlapping kernels of neighbours do not overshoot together.
struct IbMarkerForce {
  const IbMarker* markers;
  const IbSupport* support;
  RotorPose pose;
  IbFields fields;
  float* increment;  // 3 x markers
  float* total;      // 3 x markers, accumulated over passes
  float* slip;       // |u_body - u| before this pass
  std::int64_t count;
  bool first_pass;

  STIRLB_HD void operator()(std::int64_t k) const {
    const IbMarker m = markers[k];
    float x[3];
    marker_position(m, pose, x);
    const std::int64_t T = fields.boxes.total;
    const IbSupport& sup = support[k];
    float rho = 0.f, u[3] = {0.f, 0.f, 0.f};
    for (int c = 0; c < kSupportCells; ++c) {
      const std::int64_t s = sup.slot[c];
      if (s < 0) continue;
      const float w = sup.weight[c];
      rho += w * fields.rho_u[s];
      for (int i = 0; i < 3; ++i) u[i] += w * fields.rho_u[(1 + i) * T + s];
    }
    float ub[3];
    marker_velocity(pose, x, ub);
    const float scale = 2.f * fmaxf(rho, 0.1f) / m.stiffness;
    float slip2 = 0.f;
    for (int i = 0; i < 3; ++i) {
      const float du = ub[i] - u[i];
      slip2 += du * du;
      const float df = scale * du;
      increment[i * count + k] = df;
      total[i * count + k] = (first_pass ? 0.f : total[i * count + k]) + df;
    }
    slip[k] = sqrtf(slip2);
  }
};

// Spreads each marker's increment onto its box. Several markers share cells,
// so the sums go through scatter_add (atomic on the device, serial on the host
// for a fixed order).
struct IbSpread {
  const IbMarker* markers;
  const IbSupport* support;
  IbFields fields;
  const float* increment;  // 3 x markers
  std::int64_t count;

  STIRLB_HD void operator()(std::int64_t k) const {
    const float weight = markers[k].weight;
    const std::int64_t T = fields.boxes.total;
    const float df[3] = {increment[k] * weight, increment[count + k] * weight, increment[2 * count + k] * weight};
    const IbSupport& sup = support[k];
    for (int c = 0; c < kSupportCells; ++c) {
      const std::int64_t s = sup.slot[c];
      if (s < 0) continue;
      const float w = sup.weight[c];
      for (int i = 0; i < 3; ++i) scatter_add(&fields.increment[i * T + s], w * df[i]);
    }
  }
};

// Folds the spread increment into the force and the velocity it implies.
struct IbApplyIncrement {
  IbFields fields;

  STIRLB_HD void operator()(std::int64_t s) const {
    const std::int64_t T = fields.boxes.total;
    const float half_over_rho = 0.5f / fields.rho_u[s];
    for (int i = 0; i < 3; ++i) {
      const float df = fields.increment[i * T + s];
      fields.force[i * T + s] += df;
      fields.rho_u[(1 + i) * T + s] += df * half_over_rho;
      fields.increment[i * T + s] = 0.f;
    }
  }
};

// What the body does to the fluid, summed over markers (lattice units).
struct IbLoadSums {
  double force[3] = {0.0, 0.0, 0.0};
  double torque_z = 0.0;  // about the rotation axis: what the motor supplies
  double slip_max = 0.0;
  double slip_sum_sq = 0.0;

  STIRLB_HD IbLoadSums& operator+=(const IbLoadSums& o) {
    for (int a = 0; a < 3; ++a) {
      force[a] += o.force[a];
    }
    torque_z += o.torque_z;
    slip_max = slip_max > o.slip_max ? slip_max : o.slip_max;
    slip_sum_sq += o.slip_sum_sq;
    return *this;
  }
};

struct CombineIbLoads {
  STIRLB_HD IbLoadSums operator()(IbLoadSums a, const IbLoadSums& b) const { return a += b; }
};

struct IbMarkerLoad {
  const IbMarker* markers;
  RotorPose pose;
  const float* total;  // 3 x markers
  const float* slip;
  std::int64_t count;

  STIRLB_HD IbLoadSums operator()(std::int64_t k) const {
    const IbMarker m = markers[k];
    float x[3];
    marker_position(m, pose, x);
    const double fx = double(total[k]) * m.weight, fy = double(total[count + k]) * m.weight,
                 fz = double(total[2 * count + k]) * m.weight;
    const double rx = double(x[0]) - pose.axis_x, ry = double(x[1]) - pose.axis_y;
    IbLoadSums r;
    r.force[0] = fx, r.force[1] = fy, r.force[2] = fz;
    r.torque_z = rx * fy - ry * fx;
    r.slip_max = slip[k];
    r.slip_sum_sq = double(slip[k]) * slip[k];
    return r;
  }
};

}  // namespace stirlb
