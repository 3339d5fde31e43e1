#pragma once
// The lattice for one velocity set, storage precision and collision operator,
// written once over an execution policy `Exec` (the CPU loop or the CUDA
// launcher), in the manner of AMReX's ParallelFor. Exec provides:
//   allocate<T>(n), release(p), upload(dst, src, n), download(dst, src, n),
//   for_each_cell(grid, functor), for_each_index(count, functor) and its
//   for_each_heavy_index (threads from fewer iterations) and for_each_scatter
//   (a fixed order of shared sums) variants, reduce<T>(count, map, combine),
//   name.
#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <vector>
#include "derived_fields.h"
#include "device_array.h"
#include "halo_pack.h"
#include "lattice_backend.h"
#include "particle_step.h"
#include "saved_state.h"
#include "scalar_tracer_impl.h"
#include "precision.h"
#include "bulk_runs.h"
#include "stream_collide_region.h"

namespace stirlb {

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
    BlockPlacement& place = config_.placement;
    const GridShape& g = config.params.grid;
    if (place.global[0] == 0) {
      place.global[0] = g.nx, place.global[1] = g.ny, place.global[2] = g.nz;
      for (int a = 0; a < 3; ++a) place.periodic[a] = g.periodic[a];
    }
    if (place.owned.cells() <= 0 || place.owned.extent(0) <= 0) place.owned = IndexBox{{0, 0, 0}, {g.nx, g.ny, g.nz}};
    flags_.upload(config.flags);
    refresh_bulk_runs();
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
    const GridShape& g = config_.params.grid;
    for (int k = 0; k < count; ++k) {
      stream_collide(IndexBox{{0, 0, 0}, {g.nx, g.ny, g.nz}});
      ++steps_;
    }
  }

  void step_region(const IndexBox& region) override { stream_collide(region); }

  void set_halo(const std::vector<std::int64_t> (&send)[2], const std::vector<std::int64_t> (&recv)[2],
                bool device_buffers) override {
    const std::size_t n = send[0].size();
    for (int p = 0; p < 2; ++p) {
      if (send[p].size() != n || recv[p].size() != n) throw std::invalid_argument("lattice: uneven halo slot lists");
      for (const auto* list : {&send[p], &recv[p]})
        for (std::int64_t slot : *list)
          if (slot < 0 || slot >= std::int64_t(f_.size())) throw std::invalid_argument("lattice: halo slot outside the grid");
      send_slots_[p] = DeviceArray<Exec, std::int64_t>(n);
      send_slots_[p].upload(send[p]);
      recv_slots_[p] = DeviceArray<Exec, std::int64_t>(n);
      recv_slots_[p].upload(recv[p]);
    }
    send_ = DeviceArray<Exec, Storage>(n);
    recv_ = DeviceArray<Exec, Storage>(n);
    staged_ = !Exec::kHostMemory && !device_buffers;
    if constexpr (!Exec::kHostMemory) {
      send_host_ = PinnedArray<Exec, Storage>(staged_ ? n : 0);
      recv_host_ = PinnedArray<Exec, Storage>(staged_ ? n : 0);
    }
  }

  HaloBuffers halo_buffers() override {
    HaloBuffers b;
    b.element_bytes = sizeof(Storage);
    b.send = send_.data();
    b.recv = recv_.data();
    b.device = !Exec::kHostMemory;
    if constexpr (!Exec::kHostMemory) {
      if (staged_) {
        b.send = send_host_.data();
        b.recv = recv_host_.data();
        b.device = false;
      }
    }
    return b;
  }

  void* population_storage() override { return f_.data(); }

  void pack_halo(int parity) override {
    const std::int64_t n = std::int64_t(send_.size());
    if (n == 0) return;
    Exec::for_each_index(n, PackSlots<Storage>{f_.data(), send_slots_[parity].data(), send_.data()});
    if constexpr (!Exec::kHostMemory)
      if (staged_) Exec::download(send_host_.data(), send_.data(), send_.size());
  }

  void unpack_halo(int parity) override {
    const std::int64_t n = std::int64_t(recv_.size());
    if (n == 0) return;
    if constexpr (!Exec::kHostMemory)
      if (staged_) Exec::upload(recv_.data(), recv_host_.data(), recv_.size());
    Exec::for_each_index(n, UnpackSlots<Storage>{f_.data(), recv_slots_[parity].data(), recv_.data()});
  }

  std::vector<float> saved_state() override {
    DeviceArray<Exec, float> d_out(std::size_t(L::Q) * cells_);
    Exec::for_each_cell(config_.params.grid,
                        SaveState<L, S>{config_.params.grid, f_.data(), flags_.data(), !next_odd(), d_out.data()});
    std::vector<float> out;
    d_out.download(out);
    return out;
  }

  void restore_state(const std::vector<float>& state, std::int64_t steps) override {
    if (state.size() != std::size_t(L::Q) * cells_)
      throw std::invalid_argument("lattice: saved state does not match the grid");
    DeviceArray<Exec, float> d_state(state.size());
    d_state.upload(state);
    steps_ = steps;
    Exec::for_each_cell(config_.params.grid, RestoreState<L, S>{config_.params.grid, f_.data(), flags_.data(),
                                                                !next_odd(), d_state.data()});
  }

  void set_force_field(const std::vector<float>& force) override {
    drop_forces();
    if (force.empty()) return;
    if (force.size() != 3 * std::size_t(cells_))
      throw std::invalid_argument("lattice: force field does not match the grid");
    const GridShape& g = config_.params.grid;
    set_boxes({IndexBox{{0, 0, 0}, {g.nx, g.ny, g.nz}}});
    force_.upload(force);
  }

  void set_immersed_boundary(const std::vector<IndexBox>& boxes, const std::vector<IbMarker>& markers,
                             int passes) override {
    drop_forces();
    if (markers.empty()) return;
    set_boxes(boxes);
    const std::size_t T = std::size_t(forces_.total), M = markers.size();
    rho_u_ = DeviceArray<Exec, float>(4 * T);
    increment_ = DeviceArray<Exec, float>(3 * T);
    markers_ = DeviceArray<Exec, IbMarker>(M);
    markers_.upload(markers);
    marker_support_ = DeviceArray<Exec, IbSupport>(M);
    marker_increment_ = DeviceArray<Exec, float>(3 * M);
    marker_total_ = DeviceArray<Exec, float>(3 * M);
    marker_slip_ = DeviceArray<Exec, float>(M);
    passes_ = std::max(passes, 1);
  }

  IbLoadSums force_immersed_boundary(const RotorPose& pose) override {
    if (markers_.size() == 0) return {};
    const IbFields fields{forces_, rho_u_.data(), force_.data(), increment_.data()};
    const std::int64_t M = std::int64_t(markers_.size());
    Exec::for_each_heavy_index(forces_.total,
                               IbSampleVelocity<L, S>{config_.params, f_.data(), flags_.data(), fields,
                                                      config_.placement.owned, next_odd()});
    if (reducer_) {
      if constexpr (Exec::kHostMemory) {
        reducer_->sum(rho_u_.data(), rho_u_.size());
      } else {
        std::vector<float> host;
        rho_u_.download(host);
        reducer_->sum(host.data(), host.size());
        rho_u_.upload(host);
      }
    }
    Exec::for_each_heavy_index(M, IbLocateMarkers{markers_.data(), pose, forces_, marker_support_.data()});
    for (int pass = 0; pass < passes_; ++pass) {
      Exec::for_each_heavy_index(M, IbMarkerForce{markers_.data(), marker_support_.data(), pose, fields,
                                                  marker_increment_.data(), marker_total_.data(),
                                                  marker_slip_.data(), M, pass == 0});
      Exec::for_each_scatter(M, IbSpread{markers_.data(), marker_support_.data(), fields,
                                         marker_increment_.data(), M});
      Exec::for_each_index(forces_.total, IbApplyIncrement{fields});
    }
    return Exec::template reduce<IbLoadSums>(
        M, IbMarkerLoad{markers_.data(), pose, marker_total_.data(), marker_slip_.data(), M}, CombineIbLoads{});
  }

  void set_partial_sum_reducer(PartialSumReducer* reducer) override { reducer_ = reducer; }

  void set_exposure_laws(const ExposureLaws& laws) override {
    if (average_samples_ > 0) throw std::logic_error("lattice: exposure laws change while averaging");
    exposure_ = laws;
  }

  int average_components() const override { return kAverageComponentCount + exposure_.count; }

  void sample_averages() override {
    if (average_sums_.size() == 0) {
      average_sums_ = DeviceArray<Exec, float>(std::size_t(average_components()) * cells_);
      average_sums_.upload(std::vector<float>(average_sums_.size(), 0.f));
    }
    Exec::for_each_cell(config_.params.grid,
                        AccumulateAverages<L, S>{config_.params, config_.si, f_.data(), flags_.data(), forces_,
                                                 next_odd(), exposure_, average_sums_.data()});
    ++average_samples_;
  }

  void reset_averages() override {
    average_sums_ = DeviceArray<Exec, float>();
    average_samples_ = 0;
  }

  std::int64_t average_samples() const override { return average_samples_; }

  void averages(std::vector<float>& out) override {
    if (average_samples_ == 0) {
      out.assign(std::size_t(average_components()) * cells_, 0.f);
      return;
    }
    average_sums_.download(out);
    const float inv = 1.f / float(average_samples_);
    for (int c = 0; c < average_components(); ++c) {
      if (is_maximum(c)) continue;
      for (std::int64_t n = 0; n < cells_; ++n) out[std::size_t(c * cells_ + n)] *= inv;
    }
  }

  std::vector<float> average_sums() override {
    std::vector<float> out;
    if (average_sums_.size()) average_sums_.download(out);
    return out;
  }

  void restore_average_sums(const std::vector<float>& sums, std::int64_t samples) override {
    reset_averages();
    if (samples == 0) return;
    if (sums.size() != std::size_t(average_components()) * cells_)
      throw std::invalid_argument("lattice: saved averages do not match the grid");
    average_sums_ = DeviceArray<Exec, float>(sums.size());
    average_sums_.upload(sums);
    average_samples_ = samples;
  }

  FieldSums sums() override {
    return Exec::template reduce<FieldSums>(
        cells_, CellSums<L, S>{config_.params, f_.data(), flags_.data(), forces_, next_odd()},
        CombineFieldSums{});
  }

  void derived_fields(std::vector<float>& out) override {
    if (derived_.size() != std::size_t(kDerivedComponentCount) * cells_)
      derived_ = DeviceArray<Exec, float>(std::size_t(kDerivedComponentCount) * cells_);
    Exec::for_each_cell(config_.params.grid,
                        ComputeDerivedFields<L, S>{config_.params, config_.si, f_.data(), flags_.data(), forces_,
                                                   next_odd(), derived_.data()});
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

  void enable_particles(const ParticleGrid& grid, const BeadParams& params) override {
    particle_grid_ = grid;
    bead_params_ = params;
    enable_particle_field();
  }

  std::unique_ptr<ScalarTracer> make_scalar_tracer(const ScalarParams& params) override {
    enable_particle_field();
    return std::make_unique<ScalarTracerImpl<Exec>>(config_.params.grid, config_.placement.owned, params,
                                                    flags_.data(), particle_field_.data());
  }

  void set_particle_halo(const std::vector<std::int64_t>& send_slots,
                         const std::vector<std::int64_t>& recv_slots) override {
    for (const auto* list : {&send_slots, &recv_slots})
      for (std::int64_t slot : *list)
        if (slot < 0 || slot >= std::int64_t(particle_field_.size()))
          throw std::invalid_argument("lattice: particle halo slot outside the field");
    field_send_ = uploaded(send_slots);
    field_recv_ = uploaded(recv_slots);
    field_buffer_ = DeviceArray<Exec, float>(std::max(send_slots.size(), recv_slots.size()));
  }

  void pack_particle_halo(std::vector<float>& out) override {
    const std::int64_t n = std::int64_t(field_send_.size());
    out.resize(std::size_t(n));
    if (n == 0) return;
    Exec::for_each_index(n, PackSlots<float>{particle_field_.data(), field_send_.data(), field_buffer_.data()});
    Exec::download(out.data(), field_buffer_.data(), std::size_t(n));
  }

  void unpack_particle_halo(const std::vector<float>& in) override {
    const std::int64_t n = std::int64_t(field_recv_.size());
    if (std::int64_t(in.size()) != n) throw std::invalid_argument("lattice: particle halo message of the wrong size");
    if (n == 0) return;
    Exec::upload(field_buffer_.data(), in.data(), std::size_t(n));
    Exec::for_each_index(n, UnpackSlots<float>{particle_field_.data(), field_recv_.data(), field_buffer_.data()});
  }

  void set_rotor_triangles(const std::vector<float>& vertices, const RotorTriangleBins& bins) override {
    rotor_vertices_ = uploaded(vertices);
    rotor_start_ = uploaded(bins.start);
    rotor_items_ = uploaded(bins.items);
    rotor_ = RotorTriangles{};
    rotor_.vertices = rotor_vertices_.data();
    rotor_.triangles = int(vertices.size() / 9);
    rotor_.bin_start = rotor_start_.data();
    rotor_.bin_items = rotor_items_.data();
    for (int a = 0; a < 3; ++a) {
      rotor_.lo[a] = bins.lo[a];
      rotor_.bins[a] = bins.bins[a];
    }
    rotor_.bin_size = bins.bin_size;
  }

  void advance_particles(std::vector<Bead>& beads, const RotorMotion& motion, std::vector<float>* reaction) override {
    if (!config_.params.particle_field) throw std::logic_error("lattice: particles were not enabled");
    const std::int64_t n = std::int64_t(beads.size());
    if (reaction) reaction->assign(3 * beads.size(), 0.f);
    if (n == 0) return;
    // The step just taken wrote the field; the beads move over that step.
    const std::int64_t step = steps_ - 1;
    if constexpr (Exec::kHostMemory) {
      Exec::for_each_heavy_index(n, AdvanceBeads{beads.data(), particle_field_.data(), flags_.data(), particle_grid_,
                                                 bead_params_, rotor_, motion, step,
                                                 reaction ? reaction->data() : nullptr});
    } else {
      if (bead_buffer_.size() < beads.size()) {
        bead_buffer_ = DeviceArray<Exec, Bead>(beads.size() + beads.size() / 4);
        reaction_buffer_ = DeviceArray<Exec, float>(3 * bead_buffer_.size());
      }
      Exec::upload(bead_buffer_.data(), beads.data(), beads.size());
      Exec::for_each_heavy_index(n, AdvanceBeads{bead_buffer_.data(), particle_field_.data(), flags_.data(),
                                                 particle_grid_, bead_params_, rotor_, motion, step,
                                                 reaction ? reaction_buffer_.data() : nullptr});
      Exec::download(beads.data(), bead_buffer_.data(), beads.size());
      if (reaction) Exec::download(reaction->data(), reaction_buffer_.data(), reaction->size());
    }
  }

  void set_particle_forces(const std::vector<std::int64_t>& slots, const std::vector<float>& values) override {
    if (slots.size() != values.size()) throw std::invalid_argument("lattice: particle force slots and values differ");
    if (particle_force_.size() == 0) {
      particle_force_ = zeroed(std::size_t(kParticleForceComponents) * std::size_t(cells_));
      config_.params.particle_force = particle_force_.data();
    }
    for (std::int64_t slot : slots)
      if (slot < 0 || slot >= std::int64_t(particle_force_.size()))
        throw std::invalid_argument("lattice: particle force slot outside the grid");
    // Clear the cells the last set touched, then write the new ones.
    const std::int64_t old = std::int64_t(force_slots_.size());
    if (old > 0) {
      DeviceArray<Exec, float> zeros = zeroed(std::size_t(old));
      Exec::for_each_index(old, UnpackSlots<float>{particle_force_.data(), force_slots_.data(), zeros.data()});
    }
    force_slots_ = uploaded(slots);
    if (slots.empty()) return;
    DeviceArray<Exec, float> v = uploaded(values);
    Exec::for_each_index(std::int64_t(slots.size()),
                         UnpackSlots<float>{particle_force_.data(), force_slots_.data(), v.data()});
  }

  std::vector<float> particle_forces() override {
    std::vector<float> out;
    if (particle_force_.size()) particle_force_.download(out);
    else out.assign(std::size_t(kParticleForceComponents) * std::size_t(cells_), 0.f);
    return out;
  }

  std::vector<float> particle_field() override {
    std::vector<float> out;
    if (particle_field_.size()) particle_field_.download(out);
    return out;
  }

  void set_particle_field(const std::vector<float>& field) override {
    if (field.size() != particle_field_.size()) throw std::invalid_argument("lattice: particle field of the wrong size");
    particle_field_.upload(field);
  }

  std::string describe() const override {
    std::ostringstream s;
    s << Exec::name() << " " << L::name << " " << S::name << " " << Op::name;
    return s.str();
  }

 private:
  bool next_odd() const { return (steps_ & 1) != 0; }

  template <class T>
  static DeviceArray<Exec, T> uploaded(const std::vector<T>& host) {
    return stirlb::uploaded<Exec>(host);
  }
  static DeviceArray<Exec, float> zeroed(std::size_t n) { return uploaded(std::vector<float>(n, 0.f)); }

  // Particles and the passive scalar share the field: made once, so that
  // neither leaves the other holding a stale pointer.
  void enable_particle_field() {
    if (particle_field_.size() != 0) return;
    particle_field_ = zeroed(std::size_t(kParticleFieldComponents) * cells_);
    config_.params.particle_field = particle_field_.data();
  }

  void stream_collide(const IndexBox& region) {
    stream_collide_region<Exec, L, S, Op>(config_.params, f_.data(), flags_.data(), forces_, bulk_runs_, region,
                                          next_odd());
  }

  // The bulk cells depend on the flags and on where the force boxes are.
  void refresh_bulk_runs() {
    if constexpr (Exec::kBulkRows) bulk_runs_ = find_bulk_runs<L>(config_.params.grid, config_.flags, forces_);
  }

  void drop_forces() {
    const bool had_boxes = forces_.count > 0;
    forces_ = ForceBoxes{};
    if (had_boxes) refresh_bulk_runs();
    for (auto* a : {&force_, &rho_u_, &increment_, &marker_increment_, &marker_total_, &marker_slip_})
      *a = DeviceArray<Exec, float>();
    markers_ = DeviceArray<Exec, IbMarker>();
    marker_support_ = DeviceArray<Exec, IbSupport>();
  }

  // Packs the boxes and allocates their (zeroed) force.
  void set_boxes(const std::vector<IndexBox>& boxes) {
    if (boxes.empty() || boxes.size() > std::size_t(kMaxForceBoxes))
      throw std::invalid_argument("lattice: between 1 and " + std::to_string(kMaxForceBoxes) + " force boxes");
    const BlockPlacement& place = config_.placement;
    const int* dims = place.global;
    ForceBoxes fb;
    for (int a = 0; a < 3; ++a) {
      fb.wrap[a] = place.periodic[a] ? dims[a] : 0;
      fb.origin[a] = place.origin[a];
    }
    for (const IndexBox& b : boxes) {
      for (int a = 0; a < 3; ++a)
        if (b.lo[a] < 0 || b.hi[a] > dims[a] || b.lo[a] >= b.hi[a])
          throw std::invalid_argument("lattice: a force box is empty or leaves the grid");
      for (int k = 0; k < fb.count; ++k) {
        bool overlap = true;
        for (int a = 0; a < 3; ++a) overlap = overlap && b.lo[a] < fb.box[k].hi[a] && fb.box[k].lo[a] < b.hi[a];
        if (overlap) throw std::invalid_argument("lattice: force boxes overlap");
      }
      fb.box[fb.count] = b;
      fb.offset[fb.count] = fb.total;
      fb.total += b.cells();
      ++fb.count;
    }
    force_ = DeviceArray<Exec, float>(3 * std::size_t(fb.total));
    force_.upload(std::vector<float>(force_.size(), 0.f));
    fb.force = force_.data();
    forces_ = fb;
    refresh_bulk_runs();
  }

  std::int64_t cells_;
  DeviceArray<Exec, Storage> f_;
  DeviceArray<Exec, std::uint8_t> flags_;
  DeviceArray<Exec, float> wall_velocity_;
  DeviceArray<Exec, float> derived_;
  // External force: boxes and their packed force; immersed-boundary state.
  ForceBoxes forces_;
  BulkRuns bulk_runs_;  // CPU only: the cells the vectorised update takes
  DeviceArray<Exec, float> force_, rho_u_, increment_;
  DeviceArray<Exec, IbMarker> markers_;
  DeviceArray<Exec, IbSupport> marker_support_;
  DeviceArray<Exec, float> marker_increment_, marker_total_, marker_slip_;
  int passes_ = 3;
  PartialSumReducer* reducer_ = nullptr;
  // Halo: slot lists per parity, message buffers, staging for CUDA.
  DeviceArray<Exec, std::int64_t> send_slots_[2], recv_slots_[2];
  DeviceArray<Exec, Storage> send_, recv_;
  PinnedArray<Exec, Storage> send_host_, recv_host_;
  bool staged_ = false;
  DeviceArray<Exec, float> average_sums_;
  ExposureLaws exposure_;
  std::int64_t average_samples_ = 0;
  // Microcarriers: the field the step leaves, its halo, the rotor's surface,
  // device copies of the beads, and the beads' force on the fluid.
  ParticleGrid particle_grid_;
  BeadParams bead_params_;
  DeviceArray<Exec, float> particle_field_, field_buffer_, particle_force_;
  DeviceArray<Exec, std::int64_t> field_send_, field_recv_, force_slots_;
  DeviceArray<Exec, float> rotor_vertices_;
  DeviceArray<Exec, int> rotor_start_, rotor_items_;
  RotorTriangles rotor_;
  DeviceArray<Exec, Bead> bead_buffer_;
  DeviceArray<Exec, float> reaction_buffer_;
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
