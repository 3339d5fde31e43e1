#include "halo_transport.h"

#include "mpi_check.h"
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

bool mpi_supports_device_memory() {
#if defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
  return MPIX_Query_cuda_support() == 1;
#else
  return false;
#endif
}

}  // namespace stirlb
