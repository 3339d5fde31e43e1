#pragma once
// What the solver sees of a passive scalar on a lattice backend's grid
// (kernels/scalar_transport.h), whichever device holds it. It reads the flow
// of each step from the backend's particle field, so it lives as long as the
// backend that made it (LatticeBackend::make_scalar_tracer).
#include <cstdint>
#include <vector>
#include "scalar_transport.h"

namespace stirlb {

// The fields whose ghost layers travel between ranks.
enum class ScalarHaloField { Concentration = 0, Slopes = 1 };
constexpr int scalar_halo_components(ScalarHaloField f) { return f == ScalarHaloField::Concentration ? 1 : 3; }

class ScalarTracer {
 public:
  virtual ~ScalarTracer() = default;
  // The concentration of every cell of the local grid (ghosts included).
  virtual void set(const std::vector<float>& c) = 0;
  virtual std::vector<float> get() = 0;
  // A step in two passes, the slopes' ghosts exchanged between them and the
  // concentration's after the second.
  virtual void compute_slopes() = 0;
  virtual void update() = 0;
  // Ghost layers: slots (component x cells + cell) to send and receive.
  virtual void set_halo(ScalarHaloField field, const std::vector<std::int64_t>& send_slots,
                        const std::vector<std::int64_t>& recv_slots) = 0;
  virtual void pack_halo(ScalarHaloField field, std::vector<float>& out) = 0;
  virtual void unpack_halo(ScalarHaloField field, const std::vector<float>& in) = 0;
  // Over the owned fluid cells.
  virtual ScalarSums sums() = 0;
  // The concentration of a few local cells (probes).
  virtual std::vector<float> values_at(const std::vector<std::int64_t>& cells) = 0;
};

}  // namespace stirlb
