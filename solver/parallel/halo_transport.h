#pragma once
// How halo messages travel, apart from what they hold (halo_plan.h): one
// message each way per neighbour, posted by begin() and completed by end(),
// so that the interior of the block updates while they are in flight.
#include <mpi.h>
#include <memory>
#include <string>
#include <vector>
#include "halo_plan.h"
#include "kernels/lattice_backend.h"

namespace stirlb {

class HaloTransport {
 public:
  virtual ~HaloTransport() = default;
  // `parity` of the step whose border results travel.
  virtual void begin(LatticeBackend& lattice, int parity) = 0;
  virtual void end(LatticeBackend& lattice, int parity) = 0;
  virtual std::string name() const = 0;
};

// Point-to-point MPI on the DMDA's neighbours: receives posted first, then
// the packed sends. Tags name the direction of travel, so that two messages
// between the same pair of ranks (both sides of a periodic axis, or a rank
// and itself) never mix.
class MpiNeighbourTransport final : public HaloTransport {
 public:
  MpiNeighbourTransport(MPI_Comm comm, const HaloPlan& plan);
  void begin(LatticeBackend& lattice, int parity) override;
  void end(LatticeBackend& lattice, int parity) override;
  std::string name() const override { return "mpi-neighbour"; }

 private:
  MPI_Comm comm_;
  std::vector<HaloMessage> messages_;
  std::vector<MPI_Request> requests_;
};

// PETSc's star forest: the same slots, as one graph per parity from the
// sender's slots (roots) to the receiver's (leaves), over the population
// array itself; PETSc packs and sends. Host memory only (Debian's PETSc has
// no CUDA), and 32-bit PETSc indices limit a rank to 2^31 population slots.
class PetscSfTransport final : public HaloTransport {
 public:
  // `blocks`: every rank's block, to know the slots the others send.
  PetscSfTransport(const Decomposition& decomposition, const HaloPlan& plan, int q, std::int64_t local_slots);
  ~PetscSfTransport() override;
  void begin(LatticeBackend& lattice, int parity) override;
  void end(LatticeBackend& lattice, int parity) override;
  std::string name() const override { return "petsc-sf"; }

 private:
  struct _p_PetscSF* sf_[2] = {nullptr, nullptr};
};

// Whether this MPI library can read and write CUDA device memory (Open MPI's
// MPIX_Query_cuda_support where the header offers it; otherwise false).
bool mpi_supports_device_memory();

}  // namespace stirlb
