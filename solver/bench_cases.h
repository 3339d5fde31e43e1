#pragma once
// The two geometries `stirlb bench` times, and the timing itself, kept apart
// from the command line so that they can be run without it.
#include <cstdint>
#include <string>
#include "kernels/lattice_backend.h"

namespace stirlb {

enum class BenchGeometry {
  Periodic,  // N^3, every cell fluid, periodic on all axes
  Cavity,    // N^3 with a solid layer on every face, the z-max layer a moving lid
};

struct BenchSetup {
  BackendKind backend = BackendKind::CPU;
  int size = 96;
  Stencil stencil = Stencil::D3Q19;
  Precision precision = Precision::FP32;
  CollisionOperator collision = CollisionOperator::Regularized;
  bool les = true;
  int steps = 0;                // 0: enough steps to fill target_seconds
  double target_seconds = 3.0;
};

struct BenchCaseResult {
  std::string name;
  std::string lattice;  // the backend's own description
  std::int64_t cells = 0;
  std::int64_t fluid_cells = 0;
  std::int64_t steps = 0;
  double seconds = 0.0;
  bool finite = true;  // state still finite after the timed steps
  // Million fluid-cell updates per second: solid cells are skipped by the
  // kernel, so counting them would flatter walled boxes.
  double mlups() const { return double(fluid_cells) * double(steps) / seconds / 1e6; }
};

std::string to_string(BenchGeometry g);
BenchCaseResult run_bench_case(const BenchSetup& setup, BenchGeometry geometry);

}  // namespace stirlb
