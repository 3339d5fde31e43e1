#pragma once
#include <CLI/CLI.hpp>

namespace stirlb {

// Registers `stirlb bench`: stream-collide speed in MLUPs/s on a periodic box
// and a lid-driven cavity, against the measured memory copy ceiling.
void add_bench_command(CLI::App& app);

}  // namespace stirlb
