#pragma once
// One byte per cell: the low two bits say what the cell is, the next three
// carry a detail (moving-wall velocity slot, or free-slip normal axis).
#include <cstdint>
#include "hd.h"

namespace stirlb {

enum CellKind : std::uint8_t {
  kFluid = 0,
  kWall = 1,        // no-slip, halfway bounce-back
  kMovingWall = 2,  // bounce-back with a prescribed wall velocity
  kFreeSlip = 3,    // specular reflection about an axis-aligned plane
};

constexpr int kMaxWallVelocities = 8;

STIRLB_HD constexpr CellKind cell_kind(std::uint8_t flag) { return static_cast<CellKind>(flag & 3u); }
STIRLB_HD constexpr int cell_detail(std::uint8_t flag) { return (flag >> 2) & 7; }
constexpr std::uint8_t make_flag(CellKind kind, int detail = 0) {
  return static_cast<std::uint8_t>(kind | (detail << 2));
}

// Fluid in a ghost cell: another rank owns and updates it. Neighbours read it
// as fluid (cell_kind), but every kernel that updates or reports a cell asks
// for flag == kFluid exactly and so skips it.
constexpr std::uint8_t kGhostFluid = make_flag(kFluid, 1);

}  // namespace stirlb
