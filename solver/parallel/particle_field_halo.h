#pragma once
// The particle field's ghost layer (kernels/particle_types.h): beads sample
// the fluid by trilinear interpolation, whose eight cells reach one cell past
// the rank's block. Unlike the populations (halo_plan.h), every component of
// every cell along a shared face, edge or corner travels, once per step, and
// only the owner's values: a plain copy of the border layer into the
// neighbours' ghosts.
#include <mpi.h>
#include <cstdint>
#include <vector>
#include "decomposition.h"
#include "kernels/lattice_backend.h"

namespace stirlb {

struct CellHaloMessage {
  int neighbour_index;       // direction of the neighbour, neighbour_index() numbering
  int rank;
  std::int64_t offset, count;  // floats in the send and receive buffers
};

struct CellHaloPlan {
  std::vector<CellHaloMessage> messages;
  // Field slots (component x local cells + cell), in message order; both
  // sides list a message's cells by whole-lattice index, x fastest, so that
  // the sender's border and the receiver's ghosts line up.
  std::vector<std::int64_t> send_slots, recv_slots;
};

CellHaloPlan make_cell_halo_plan(const Block& block, int components);

// Exchanges the particle field through the backend's pack and unpack.
class ParticleFieldHalo {
 public:
  ParticleFieldHalo(MPI_Comm comm, const Block& block, LatticeBackend& lattice);
  void exchange(LatticeBackend& lattice);

 private:
  MPI_Comm comm_;
  CellHaloPlan plan_;
  std::vector<float> send_, recv_;
  std::vector<MPI_Request> requests_;
};

}  // namespace stirlb
