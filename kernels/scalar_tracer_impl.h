#pragma once
// The passive scalar over an execution policy (see lattice_impl.h): two
// concentration arrays swapped every step, the slopes between them.
#include <algorithm>
#include <stdexcept>
#include <utility>
#include "device_array.h"
#include "force_boxes.h"
#include "halo_pack.h"
#include "scalar_tracer.h"

namespace stirlb {

template <class Exec>
class ScalarTracerImpl final : public ScalarTracer {
 public:
  // `flags` and `flow` (the particle field) belong to the backend.
  ScalarTracerImpl(const GridShape& grid, const IndexBox& owned, const ScalarParams& params,
                   const std::uint8_t* flags, const float* flow)
      : grid_(grid), owned_(owned), params_(params), flags_(flags), flow_(flow), cells_(grid.cells()),
        c_(zeroed<Exec>(std::size_t(cells_))), c_next_(zeroed<Exec>(std::size_t(cells_))),
        slope_(zeroed<Exec>(3 * std::size_t(cells_))) {}

  void set(const std::vector<float>& c) override {
    if (c.size() != std::size_t(cells_)) throw std::invalid_argument("scalar: field does not match the grid");
    c_.upload(c);
    // Cells a step does not write (walls, ghosts) keep their value in both arrays.
    c_next_.upload(c);
  }
  std::vector<float> get() override {
    std::vector<float> out;
    c_.download(out);
    return out;
  }

  void compute_slopes() override {
    Exec::for_each_cell_in(owned_, ScalarSlopes{grid_, flags_, c_.data(), slope_.data()});
  }
  void update() override {
    Exec::for_each_cell_in(owned_,
                           ScalarUpdate{grid_, params_, flags_, flow_, c_.data(), slope_.data(), c_next_.data()});
    std::swap(c_, c_next_);
  }

  void set_halo(ScalarHaloField field, const std::vector<std::int64_t>& send_slots,
                const std::vector<std::int64_t>& recv_slots) override {
    Halo& h = halo_[int(field)];
    const std::int64_t limit = std::int64_t(scalar_halo_components(field)) * cells_;
    for (const auto* list : {&send_slots, &recv_slots})
      for (std::int64_t slot : *list)
        if (slot < 0 || slot >= limit) throw std::invalid_argument("scalar: halo slot outside the field");
    h.send = uploaded<Exec>(send_slots);
    h.recv = uploaded<Exec>(recv_slots);
    h.buffer = DeviceArray<Exec, float>(std::max(send_slots.size(), recv_slots.size()));
  }
  void pack_halo(ScalarHaloField field, std::vector<float>& out) override {
    Halo& h = halo_[int(field)];
    const std::int64_t n = std::int64_t(h.send.size());
    out.resize(std::size_t(n));
    if (n == 0) return;
    Exec::for_each_index(n, PackSlots<float>{field_of(field), h.send.data(), h.buffer.data()});
    Exec::download(out.data(), h.buffer.data(), std::size_t(n));
  }
  void unpack_halo(ScalarHaloField field, const std::vector<float>& in) override {
    Halo& h = halo_[int(field)];
    const std::int64_t n = std::int64_t(h.recv.size());
    if (std::int64_t(in.size()) != n) throw std::invalid_argument("scalar: halo message of the wrong size");
    if (n == 0) return;
    Exec::upload(h.buffer.data(), in.data(), std::size_t(n));
    Exec::for_each_index(n, UnpackSlots<float>{field_of(field), h.recv.data(), h.buffer.data()});
  }

  ScalarSums sums() override {
    return Exec::template reduce<ScalarSums>(cells_, MapScalarSums{flags_, c_.data()}, AddScalarSums{});
  }
  std::vector<float> values_at(const std::vector<std::int64_t>& cells) override {
    std::vector<float> out(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i] < 0 || cells[i] >= cells_) throw std::invalid_argument("scalar: probe outside the grid");
      Exec::download(&out[i], c_.data() + cells[i], 1);
    }
    return out;
  }

 private:
  struct Halo {
    DeviceArray<Exec, std::int64_t> send, recv;
    DeviceArray<Exec, float> buffer;
  };
  float* field_of(ScalarHaloField f) { return f == ScalarHaloField::Concentration ? c_.data() : slope_.data(); }

  GridShape grid_;
  IndexBox owned_;
  ScalarParams params_;
  const std::uint8_t* flags_;
  const float* flow_;
  std::int64_t cells_;
  DeviceArray<Exec, float> c_, c_next_, slope_;
  Halo halo_[2];
};

}  // namespace stirlb
