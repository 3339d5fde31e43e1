#pragma once
// Where a point of a stirred tank sits relative to its impellers and
// baffles, as a short tag for hot-spot reports: shear peaks at the blade
// tips, in the discharge jet and where it meets the baffles, and a report
// says which of these a region is.
#include <array>
#include <string>
#include <string_view>
#include "solver/tank_model.h"

namespace stirlb {

// The tags, in the order location_tag tries them:
//  "impeller-swept"      r < 0.75 R, z within the impeller's axial extent;
//  "blade-tip"           0.75 R <= r <= 1.2 R, z within the extent widened
//                        by 0.1 D each side (tips and their trailing vortices);
//  "baffle"              r >= T/2 - (width + gap + 0.05 T) and at most one
//                        baffle width of arc (width / r radians) from a
//                        baffle's plane, any z;
//  "impeller-discharge"  1.2 R < r <= the baffles' inner edge (the wall
//                        without baffles), z within the extent widened by
//                        0.25 D each side (the jet spreads as it leaves);
//  "bulk"                everything else.
// R = D/2 of the impeller, T the vessel diameter. Impellers are tried bottom
// to top within each tag. The baffle zone comes before the discharge: where
// the jet meets a baffle the baffle is the more specific answer.
inline constexpr std::array<std::string_view, 5> kLocationTags{"impeller-swept", "blade-tip", "baffle",
                                                               "impeller-discharge", "bulk"};

// point_m: metres from the vessel axis at the bottom's lowest point, z up
// (meshes/vessel.h: ((i - axis_x) dx, (j - axis_y) dx, (k - bottom_z) dx)).
std::string location_tag(const TankSpec& tank, const std::array<double, 3>& point_m);

}  // namespace stirlb
