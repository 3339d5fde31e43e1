#pragma once
// Memory of an execution policy (the CPU's or a CUDA device's) owned by an
// object: what the backends keep their arrays in.
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

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

// Page-locked host memory for staged halo messages (CUDA only).
template <class Exec, class T>
class PinnedArray {
 public:
  PinnedArray() = default;
  explicit PinnedArray(std::size_t n) : data_(n ? Exec::template allocate_pinned<T>(n) : nullptr) {}
  PinnedArray(const PinnedArray&) = delete;
  PinnedArray& operator=(const PinnedArray&) = delete;
  PinnedArray& operator=(PinnedArray&& o) noexcept {
    std::swap(data_, o.data_);
    return *this;
  }
  ~PinnedArray() {
    if (data_) Exec::release_pinned(data_);
  }
  T* data() const { return data_; }

 private:
  T* data_ = nullptr;
};

// A device copy of a host array, and one of zeros.
template <class Exec, class T>
DeviceArray<Exec, T> uploaded(const std::vector<T>& host) {
  DeviceArray<Exec, T> d(host.size());
  if (!host.empty()) d.upload(host);
  return d;
}

template <class Exec>
DeviceArray<Exec, float> zeroed(std::size_t n) {
  return uploaded<Exec>(std::vector<float>(n, 0.f));
}

}  // namespace stirlb
