#pragma once
// Which block of the lattice box this rank owns. PETSc's DMDA chooses the
// process grid (or takes the user's), the ownership ranges and the 26
// neighbours, periodic ones included. The rank's lattice is its block plus
// one ghost layer on every side, even on one rank: periodic axes then wrap
// through the halo exchange (to itself), so the kernels never see a
// difference between one rank and many.
#include <mpi.h>
#include <petscdmda.h>
#include <array>
#include <string>
#include <vector>
#include "kernels/lattice_params.h"

namespace stirlb {

// Offsets to the 26 neighbours, numbered as DMDAGetNeighbors numbers them:
// x fastest, (dx+1) + 3 (dy+1) + 9 (dz+1); 13 is the rank itself.
constexpr int kNeighbourCount = 27;
constexpr int kSelf = 13;
inline int neighbour_index(int dx, int dy, int dz) { return (dx + 1) + 3 * (dy + 1) + 9 * (dz + 1); }
inline std::array<int, 3> neighbour_offset(int index) { return {index % 3 - 1, (index / 3) % 3 - 1, index / 9 - 1}; }

struct Block {
  std::array<int, 3> global{};  // cells of the whole box
  std::array<int, 3> lo{};      // first owned cell, global index
  std::array<int, 3> n{};       // owned cells per axis
  std::array<bool, 3> periodic{};
  std::array<int, 3> procs{};   // process grid
  std::array<int, kNeighbourCount> neighbour{};  // rank, or -1 where none
  // Local grid: n + 2 per axis; local index i is global lo + i - 1.
  GridShape local_grid() const;
  // The global cell of a local one, wrapped on periodic axes; false if it
  // lies outside the box (beyond a closed face).
  bool global_of(const int (&local)[3], int (&global_cell)[3]) const;
  std::int64_t owned_cells() const { return std::int64_t(n[0]) * n[1] * n[2]; }
};

class Decomposition {
 public:
  // procs: ranks per axis, 0 = let PETSc choose. Throws CaseError-free
  // std::invalid_argument with a user-facing reason if the box cannot be
  // split that way (every rank needs at least kMinCellsPerRank per axis).
  Decomposition(MPI_Comm comm, const GridShape& global, std::array<int, 3> procs = {0, 0, 0});
  ~Decomposition();
  Decomposition(const Decomposition&) = delete;
  Decomposition& operator=(const Decomposition&) = delete;

  MPI_Comm comm() const { return comm_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  const Block& block() const { return block_; }
  // Ownership ranges per axis: cells owned by each process column.
  const std::vector<PetscInt>& ranges(int axis) const { return ranges_[axis]; }
  // The block another rank owns.
  Block block_of(int rank) const;
  // The rank that owns a whole-lattice cell (inside the box).
  int owner_of(const std::array<int, 3>& cell) const;

  // Two layers along every split axis: a free-slip face's neighbour row is then never a ghost of a
  // rank that does not own the face (kernels/boundary.h reads one cell
  // sideways of the face).
  static constexpr int kMinCellsPerRank = 2;

 private:
  MPI_Comm comm_;
  int rank_ = 0, size_ = 1;
  DM da_ = nullptr;
  Block block_;
  std::vector<PetscInt> ranges_[3];
};

// The rank's local flags from the whole box's: owned cells as they are,
// ghost cells as their owner has them but with fluid marked kGhostFluid, and
// cells beyond a closed face solid.
std::vector<std::uint8_t> local_flags(const Block& block, const std::vector<std::uint8_t>& global_flags);

// Fluid cells per rank (gathered on every rank) and the imbalance max/mean.
struct LoadBalance {
  std::vector<std::int64_t> fluid_cells;
  double max_over_mean = 1.0;
};
// `local_flags`: the rank's local grid (with ghosts); counts owned fluid cells.
LoadBalance load_balance(const Decomposition& d, const std::vector<std::uint8_t>& local_flags);
std::string to_text(const Decomposition& d, const LoadBalance& balance);

}  // namespace stirlb
