#pragma once
// The lattice for one velocity set, storage precision and collision operator,
// written once over an execution policy `Exec` (the CPU loop or the CUDA
// launcher), in the manner of AMReX's ParallelFor. Exec provides:
//   allocate<T>(n), release(p), upload(dst, src, n), download(dst, src, n),
//   for_each_cell(grid, functor), reduce<T>(count, map, combine), name.
#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <vector>
#include "derived_fields.h"
#include "lattice_backend.h"
#include "precision.h"
#include "stream_collide.h"

namespace stirlb {

template <class Exec, class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(std::size_t n) : data_(n ? Exec::template allocate<T>(n) : nullptr), size_(n) {}
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  DeviceArray(DeviceArray&& o) noexcept { swap(o); }
  DeviceArray& operator=(DeviceArray&& o) noexcept {
    swap(o);
    return *this;
  }
  ~DeviceArray() {
    if (data_) Exec::release(data_);
  }
  T* data() const { return data_; }
  std::size_t size() const { return size_; }
  void upload(const std::vector<T>& host) {
    if (host.size() != size_) throw std::logic_error("DeviceArray::upload: size mismatch");
    Exec::upload(data_, host.data(), size_);
  }
  void download(std::vector<T>& host) const {
    host.resize(size_);
    Exec::download(host.data(), data_, size_);
  }

 private:
  void swap(DeviceArray& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

// Populations as each cell will stream them in next, w_i added back.
template <class L, class S>
struct GatherPopulations {
  LatticeParams p;
  const typename S::type* f;
  const std::uint8_t* flags;
  bool next_odd;
  float* out;

  STIRLB_HD void operator()(int x, int y, int z) const {
    const std::int64_t n = cell_index(p.grid, x, y, z);
    const std::int64_t cells = p.grid.cells();
    if (flags[n] != kFluid) {
      for (int i = 0; i < L::Q; ++i) out[i * cells + n] = 0.f;
      return;
    }
    float fh[L::Q];
    load_cell<L, S>(p, f, flags, neighbourhood(p.grid, x, y, z), !next_odd, fh);
    for (int i = 0; i < L::Q; ++i) out[i * cells + n] = L::w(i) + fh[i];
  }
};

template <class Exec, class L, class S, class Op>
class LatticeImpl final : public LatticeBackend {
  using Storage = typename S::type;

 public:
  explicit LatticeImpl(const LatticeConfig& config)
      : LatticeBackend(config),
        cells_(config.params.grid.cells()),
        f_(std::size_t(L::Q) * cells_),
        flags_(cells_),
        wall_velocity_(3 * kMaxWallVelocities) {
    if (config.flags.size() != std::size_t(cells_))
      throw std::invalid_argument("lattice: flag array does not match the grid");
    flags_.upload(config.flags);
    const float* w = &config.wall_velocity[0][0];
    wall_velocity_.upload(std::vector<float>(w, w + 3 * kMaxWallVelocities));
    config_.params.wall_velocity = wall_velocity_.data();
    // Zero deviations everywhere: solid slots never read stay at rest.
    std::vector<Storage> zero(f_.size(), S::store(0.f));
    f_.upload(zero);
  }

  void initialize(const std::vector<float>& rho, const std::vector<float>& u) override {
    if (rho.size() != std::size_t(cells_) || u.size() != 3 * std::size_t(cells_))
      throw std::invalid_argument("lattice: initial fields do not match the grid");
    DeviceArray<Exec, float> d_rho(rho.size()), d_u(u.size());
    d_rho.upload(rho);
    d_u.upload(u);
    Exec::for_each_cell(config_.params.grid,
                        InitializeEquilibrium<L, S>{config_.params.grid, f_.data(), flags_.data(), d_rho.data(),
                                                    d_u.data()});
    steps_ = 0;
  }

  void step(int count) override {
    for (int k = 0; k < count; ++k) {
      Exec::for_each_cell(config_.params.grid,
                          StreamCollide<L, S, Op>{config_.params, f_.data(), flags_.data(), force_.data(),
                                                  next_odd()});
      ++steps_;
    }
  }

  void set_force_field(const std::vector<float>& force) override {
    if (force.empty()) {
      force_ = DeviceArray<Exec, float>();
      return;
    }
    if (force.size() != 3 * std::size_t(cells_))
      throw std::invalid_argument("lattice: force field does not match the grid");
    if (force_.size() != force.size()) force_ = DeviceArray<Exec, float>(force.size());
    force_.upload(force);
  }

  void set_body_force(const float (&force)[3]) override {
    std::copy(force, force + 3, config_.params.body_force);
  }

  FieldSums sums() override {
    return Exec::template reduce<FieldSums>(
        cells_, CellSums<L, S>{config_.params, f_.data(), flags_.data(), force_.data(), next_odd()},
        CombineFieldSums{});
  }

  void derived_fields(std::vector<float>& out) override {
    if (derived_.size() != std::size_t(kDerivedComponentCount) * cells_)
      derived_ = DeviceArray<Exec, float>(std::size_t(kDerivedComponentCount) * cells_);
    Exec::for_each_cell(config_.params.grid,
                        ComputeDerivedFields<L, S>{config_.params, config_.si, f_.data(), flags_.data(),
                                                   force_.data(), next_odd(), derived_.data()});
    derived_.download(out);
  }

  std::vector<float> populations() override {
    DeviceArray<Exec, float> d_out(std::size_t(L::Q) * cells_);
    Exec::for_each_cell(config_.params.grid,
                        GatherPopulations<L, S>{config_.params, f_.data(), flags_.data(), next_odd(), d_out.data()});
    std::vector<float> out;
    d_out.download(out);
    return out;
  }

  std::string describe() const override {
    std::ostringstream s;
    s << Exec::name() << " " << L::name << " " << S::name << " " << Op::name;
    return s.str();
  }

 private:
  bool next_odd() const { return (steps_ & 1) != 0; }

  std::int64_t cells_;
  DeviceArray<Exec, Storage> f_;
  DeviceArray<Exec, std::uint8_t> flags_;
  DeviceArray<Exec, float> wall_velocity_;
  DeviceArray<Exec, float> force_;
  DeviceArray<Exec, float> derived_;
};

// Builds the instantiation for velocity set L that matches the configuration.
// Each backend compiles one velocity set per translation unit, in parallel.
template <class Exec, class L>
std::unique_ptr<LatticeBackend> make_lattice_for(const LatticeConfig& c) {
  auto with_op = [&](auto storage) -> std::unique_ptr<LatticeBackend> {
    using S = decltype(storage);
    if (c.collision == CollisionOperator::BGK) return std::make_unique<LatticeImpl<Exec, L, S, CollideBGK>>(c);
    return std::make_unique<LatticeImpl<Exec, L, S, CollideRegularized>>(c);
  };
  if (c.precision == Precision::FP16) return with_op(StoreFP16{});
  return with_op(StoreFP32{});
}

}  // namespace stirlb
