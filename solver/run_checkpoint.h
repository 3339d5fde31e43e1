#pragma once
// What a run's checkpoint holds and how a run resumes from one. The file
// layer (parallel HDF5, checksums, atomic replacement) is
// parallel/checkpoint_file.h; this file decides the contents:
//   the lattice state in its parity-free form (LatticeBackend::saved_state)
//   over the whole lattice, the time-average sums, the rotor's load history,
//   the microcarriers (every bead, by id), the step, and what identifies the
//   run (case name, lattice, units), so
//   that a checkpoint of another case or lattice is refused before anything
//   is overwritten.
#include <filesystem>
#include "simulation.h"

namespace stirlb {

// Collective. Writes <path>, keeping the previous checkpoint as
// <stem>.previous.h5 until the new one is complete.
void write_checkpoint(Simulation& sim, const std::filesystem::path& path);

// Collective. Verifies the file (checksums) and that it belongs to this case
// and lattice, then puts the state back; throws CheckpointError naming the
// file and the reason otherwise, leaving the simulation untouched.
void restore_checkpoint(Simulation& sim, const std::filesystem::path& path);

}  // namespace stirlb
