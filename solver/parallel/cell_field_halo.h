#pragma once
// Ghost layers of per-cell fields: the particle field (kernels/particle_types.h),
// which beads sample by trilinear interpolation, whose eight cells reach one
// cell past the rank's block, and the passive scalar's concentration and
// slopes (kernels/scalar_transport.h). Unlike the populations (halo_plan.h),
// every component of every cell along a shared face, edge or corner travels,
// and only the owner's values: a plain copy of the border layer into the
// neighbours' ghosts.
#include <mpi.h>
#include <cstdint>
#include <functional>
#include <vector>
#include "decomposition.h"

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

// Exchanges one field's ghost layer; the field's owner packs and unpacks the
// plan's slots (a backend's device memory, say).
class CellFieldHalo {
 public:
  // Tags start at `tag_offset`, so that different fields never mix.
  CellFieldHalo(MPI_Comm comm, const Block& block, int components, int tag_offset);
  const CellHaloPlan& plan() const { return plan_; }
  using Pack = std::function<void(std::vector<float>&)>;
  using Unpack = std::function<void(const std::vector<float>&)>;
  void exchange(const Pack& pack, const Unpack& unpack);

 private:
  MPI_Comm comm_;
  CellHaloPlan plan_;
  int tag_offset_;
  std::vector<float> send_, recv_;
  std::vector<MPI_Request> requests_;
};

// Tag offsets past the population halo's (which uses the 27 neighbour numbers).
constexpr int kParticleFieldTags = 64;
constexpr int kScalarConcentrationTags = 96;
constexpr int kScalarSlopeTags = 128;

}  // namespace stirlb
