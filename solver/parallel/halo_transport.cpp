#include "halo_transport.h"

#include <petscsf.h>
#include <limits>
#include <map>
#include <stdexcept>
#include "mpi_check.h"
#include "petsc_check.h"
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>
#endif

namespace stirlb {

MpiNeighbourTransport::MpiNeighbourTransport(MPI_Comm comm, const HaloPlan& plan)
    : comm_(comm), messages_(plan.messages) {}

void MpiNeighbourTransport::begin(LatticeBackend& lattice, int parity) {
  lattice.pack_halo(parity);
  const HaloBuffers b = lattice.halo_buffers();
  auto* send = static_cast<char*>(b.send);
  auto* recv = static_cast<char*>(b.recv);
  const std::size_t bytes = b.element_bytes;
  requests_.assign(2 * messages_.size(), MPI_REQUEST_NULL);
  for (std::size_t m = 0; m < messages_.size(); ++m) {
    const HaloMessage& msg = messages_[m];
    // What arrives from the neighbour at offset e travelled along -e.
    const std::array<int, 3> e = neighbour_offset(msg.neighbour_index);
    const int arrival_tag = neighbour_index(-e[0], -e[1], -e[2]);
    STIRLB_CHECK(MPI, MPI_Irecv(recv + msg.offset * bytes, int(msg.count * std::int64_t(bytes)), MPI_BYTE, msg.rank,
                                arrival_tag, comm_, &requests_[2 * m]));
  }
  for (std::size_t m = 0; m < messages_.size(); ++m) {
    const HaloMessage& msg = messages_[m];
    STIRLB_CHECK(MPI, MPI_Isend(send + msg.offset * bytes, int(msg.count * std::int64_t(bytes)), MPI_BYTE, msg.rank,
                                msg.neighbour_index, comm_, &requests_[2 * m + 1]));
  }
}

void MpiNeighbourTransport::end(LatticeBackend& lattice, int parity) {
  STIRLB_CHECK(MPI, MPI_Waitall(int(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
  lattice.unpack_halo(parity);
}

PetscSfTransport::PetscSfTransport(const Decomposition& d, const HaloPlan& plan, int q, std::int64_t local_slots) {
  if (local_slots > std::int64_t(std::numeric_limits<PetscInt>::max()))
    throw std::invalid_argument("petsc-sf halo: the block has more population slots than PETSc's indices hold");
  // The slots each neighbour sends, from its own plan (any rank can make it).
  std::map<int, HaloPlan> remote;
  const std::vector<std::array<int, 3>> velocities = velocity_set(q);
  for (int p = 0; p < 2; ++p) {
    std::vector<PetscInt> leaves;
    std::vector<PetscSFNode> roots;
    for (const HaloMessage& m : plan.messages) {
      auto it = remote.find(m.rank);
      if (it == remote.end()) it = remote.emplace(m.rank, make_halo_plan(d.block_of(m.rank), velocities)).first;
      const std::array<int, 3> e = neighbour_offset(m.neighbour_index);
      const int back = neighbour_index(-e[0], -e[1], -e[2]);
      const HaloMessage* theirs = nullptr;
      for (const HaloMessage& r : it->second.messages)
        if (r.neighbour_index == back) theirs = &r;
      if (!theirs || theirs->count != m.count) throw std::logic_error("petsc-sf halo: plans of neighbours disagree");
      for (std::int64_t j = 0; j < m.count; ++j) {
        leaves.push_back(PetscInt(plan.recv_slots[p][std::size_t(m.offset + j)]));
        roots.push_back(PetscSFNode{PetscInt(m.rank), PetscInt(it->second.send_slots[p][std::size_t(theirs->offset + j)])});
      }
    }
    STIRLB_CHECK(PETSC, PetscSFCreate(d.comm(), &sf_[p]));
    STIRLB_CHECK(PETSC, PetscSFSetGraph(sf_[p], PetscInt(local_slots), PetscInt(leaves.size()), leaves.data(),
                                        PETSC_COPY_VALUES, roots.data(), PETSC_COPY_VALUES));
    STIRLB_CHECK(PETSC, PetscSFSetUp(sf_[p]));
  }
}

PetscSfTransport::~PetscSfTransport() {
  for (PetscSF& sf : sf_)
    if (sf) PetscSFDestroy(&sf);
}

namespace {
MPI_Datatype unit_of(const HaloBuffers& b) { return b.element_bytes == 2 ? MPI_UNSIGNED_SHORT : MPI_FLOAT; }
}  // namespace

void PetscSfTransport::begin(LatticeBackend& lattice, int parity) {
  const HaloBuffers b = lattice.halo_buffers();
  if (lattice.describe().rfind("cpu", 0) != 0)
    throw std::invalid_argument("--halo petsc-sf works on the CPU backend only (this PETSc has no CUDA)");
  void* f = lattice.population_storage();
  STIRLB_CHECK(PETSC, PetscSFBcastBegin(sf_[parity], unit_of(b), f, f, MPI_REPLACE));
}

void PetscSfTransport::end(LatticeBackend& lattice, int parity) {
  void* f = lattice.population_storage();
  STIRLB_CHECK(PETSC, PetscSFBcastEnd(sf_[parity], unit_of(lattice.halo_buffers()), f, f, MPI_REPLACE));
}

bool mpi_supports_device_memory() {
#if defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
  return MPIX_Query_cuda_support() == 1;
#else
  return false;
#endif
}

}  // namespace stirlb
