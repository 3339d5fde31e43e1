#pragma once
// STREAM-like copy bandwidth of the memory that holds the populations: the
// ceiling a bandwidth-bound stream-collide pass is measured against. Both
// return the best of `repetitions` copies of one array into another, in bytes
// per second counting the read and the write (2 x bytes_per_array per copy).
#include <cstddef>

namespace stirlb {

double cpu_copy_bandwidth(std::size_t bytes_per_array, int repetitions);
// Throws if this build has no CUDA or no usable device is present.
double cuda_copy_bandwidth(std::size_t bytes_per_array, int repetitions);

}  // namespace stirlb
