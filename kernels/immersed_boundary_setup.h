#pragma once
// Host-side preparation of immersed-boundary markers, once per run.
#include <vector>
#include "force_boxes.h"
#include "immersed_boundary.h"

namespace stirlb {

// Sets each marker's stiffness: the velocity a unit force density on every
// marker would induce at it, sum_j <delta_k, delta_j> weight_j, evaluated at
// angle 0. Dividing the forcing by it makes multi-direct forcing a Jacobi
// iteration that converges without overshoot however densely the markers sit.
void compute_marker_stiffness(std::vector<IbMarker>& markers);

// Smallest box (cells) that holds the support of every marker whose index is
// in `which`, at every angle of a rotation about (axis_x, axis_y).
IndexBox swept_support_box(const std::vector<IbMarker>& markers, const std::vector<int>& which, float axis_x,
                           float axis_y);

}  // namespace stirlb
