#include "cell_field_halo.h"

#include "mpi_check.h"

namespace stirlb {

namespace {

// Local cells of one side of the block along each axis: the owned layer next
// to neighbour `e` (or its ghosts beyond it), the whole owned range where e
// is 0.
void side_range(const Block& b, int axis, int e, bool ghosts, int& lo, int& hi) {
  if (e == 0) {
    lo = 1, hi = b.n[axis] + 1;
  } else if (e < 0) {
    lo = ghosts ? 0 : 1, hi = lo + 1;
  } else {
    lo = ghosts ? b.n[axis] + 1 : b.n[axis], hi = lo + 1;
  }
}

void append_slots(const Block& b, const std::array<int, 3>& e, bool ghosts, int components,
                  std::vector<std::int64_t>& slots) {
  const GridShape g = b.local_grid();
  int lo[3], hi[3];
  for (int a = 0; a < 3; ++a) side_range(b, a, e[a], ghosts, lo[a], hi[a]);
  for (int z = lo[2]; z < hi[2]; ++z)
    for (int y = lo[1]; y < hi[1]; ++y)
      for (int x = lo[0]; x < hi[0]; ++x) {
        const std::int64_t cell = x + std::int64_t(g.nx) * (y + std::int64_t(g.ny) * z);
        for (int c = 0; c < components; ++c) slots.push_back(c * g.cells() + cell);
      }
}

}  // namespace

CellHaloPlan make_cell_halo_plan(const Block& block, int components) {
  CellHaloPlan plan;
  for (int d = 0; d < kNeighbourCount; ++d) {
    if (d == kSelf || block.neighbour[std::size_t(d)] < 0) continue;
    const std::array<int, 3> e = neighbour_offset(d);
    CellHaloMessage m{d, block.neighbour[std::size_t(d)], std::int64_t(plan.send_slots.size()), 0};
    append_slots(block, e, false, components, plan.send_slots);
    append_slots(block, e, true, components, plan.recv_slots);
    m.count = std::int64_t(plan.send_slots.size()) - m.offset;
    plan.messages.push_back(m);
  }
  return plan;
}

CellFieldHalo::CellFieldHalo(MPI_Comm comm, const Block& block, int components, int tag_offset)
    : comm_(comm), plan_(make_cell_halo_plan(block, components)), tag_offset_(tag_offset) {
  recv_.resize(plan_.recv_slots.size());
  requests_.resize(2 * plan_.messages.size());
}

void CellFieldHalo::exchange(const Pack& pack, const Unpack& unpack) {
  if (plan_.messages.empty()) return;
  // Tags name the direction of travel, so that both sides of a periodic
  // axis held by one rank never mix.
  for (std::size_t m = 0; m < plan_.messages.size(); ++m) {
    const CellHaloMessage& msg = plan_.messages[m];
    const std::array<int, 3> e = neighbour_offset(msg.neighbour_index);
    STIRLB_CHECK(MPI, MPI_Irecv(recv_.data() + msg.offset, int(msg.count), MPI_FLOAT, msg.rank,
                                tag_offset_ + neighbour_index(-e[0], -e[1], -e[2]), comm_, &requests_[2 * m]));
  }
  pack(send_);
  for (std::size_t m = 0; m < plan_.messages.size(); ++m) {
    const CellHaloMessage& msg = plan_.messages[m];
    STIRLB_CHECK(MPI, MPI_Isend(send_.data() + msg.offset, int(msg.count), MPI_FLOAT, msg.rank,
                                tag_offset_ + msg.neighbour_index, comm_, &requests_[2 * m + 1]));
  }
  STIRLB_CHECK(MPI, MPI_Waitall(int(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
  unpack(recv_);
}

}  // namespace stirlb
