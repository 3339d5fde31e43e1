#pragma once
// Velocity sets. Directions come in opposite pairs (2k-1, 2k) so that the
// opposite of i is found without a table; index 0 is the rest population.
#include "hd.h"

namespace stirlb {

struct D3Q19 {
  static constexpr int Q = 19;
  static constexpr const char* name = "D3Q19";
  STIRLB_HD static constexpr int cx(int i) {
    constexpr int v[19] = {0, 1, -1, 0, 0, 0, 0, 1, -1, 1, -1, 0, 0, 1, -1, 1, -1, 0, 0};
    return v[i];
  }
  STIRLB_HD static constexpr int cy(int i) {
    constexpr int v[19] = {0, 0, 0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, -1, 1, 0, 0, 1, -1};
    return v[i];
  }
  STIRLB_HD static constexpr int cz(int i) {
    constexpr int v[19] = {0, 0, 0, 0, 0, 1, -1, 0, 0, 1, -1, 1, -1, 0, 0, -1, 1, -1, 1};
    return v[i];
  }
  STIRLB_HD static constexpr float w(int i) {
    return i == 0 ? 1.0f / 3.0f : (i < 7 ? 1.0f / 18.0f : 1.0f / 36.0f);
  }
};

struct D3Q27 {
  static constexpr int Q = 27;
  static constexpr const char* name = "D3Q27";
  STIRLB_HD static constexpr int cx(int i) {
    constexpr int v[27] = {0, 1, -1, 0, 0, 0, 0, 1, -1, 1, -1, 0, 0, 1, -1,
                           1, -1, 0, 0, 1, -1, 1, -1, 1, -1, -1, 1};
    return v[i];
  }
  STIRLB_HD static constexpr int cy(int i) {
    constexpr int v[27] = {0, 0, 0, 1, -1, 0, 0, 1, -1, 0, 0, 1, -1, -1, 1,
                           0, 0, 1, -1, 1, -1, 1, -1, -1, 1, 1, -1};
    return v[i];
  }
  STIRLB_HD static constexpr int cz(int i) {
    constexpr int v[27] = {0, 0, 0, 0, 0, 1, -1, 0, 0, 1, -1, 1, -1, 0, 0,
                           -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1, -1};
    return v[i];
  }
  STIRLB_HD static constexpr float w(int i) {
    return i == 0 ? 8.0f / 27.0f : (i < 7 ? 2.0f / 27.0f : (i < 19 ? 1.0f / 54.0f : 1.0f / 216.0f));
  }
};

STIRLB_HD constexpr int opposite(int i) { return i == 0 ? 0 : ((i & 1) ? i + 1 : i - 1); }

// Lattice speed of sound squared, shared by both velocity sets.
constexpr float kCs2 = 1.0f / 3.0f;

}  // namespace stirlb
