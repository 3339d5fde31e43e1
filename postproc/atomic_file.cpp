#include "postproc/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace stirlb {
namespace {

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// Closes on every exit path so an exception never leaks the descriptor.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  // close() can report a deferred write error (e.g. NFS), so it is checked.
  int release_and_close() {
    const int rc = ::close(fd);
    fd = -1;
    return rc;
  }
};

}  // namespace

std::filesystem::path temporary_sibling(const std::filesystem::path& path) {
  // Appended piecewise: GCC 12 reports a false -Wrestrict on "." + string.
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  return path.parent_path() / name;
}

void commit_file(const std::filesystem::path& tmp, const std::filesystem::path& final_path) {
  const auto fail = [&](int err) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot commit " + quoted(tmp) + " to " + quoted(final_path) + ": " +
                             std::strerror(err));
  };
  // Without the fsync, a crash shortly after the rename can leave the new
  // name pointing at a file whose data never reached the disk.
  Fd f{::open(tmp.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) fail(errno);
  if (::fsync(f.fd) != 0) fail(errno);
  if (f.release_and_close() != 0) fail(errno);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) fail(errno);
}

void write_file_atomic(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path tmp = temporary_sibling(path);
  Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (f.fd < 0)
    throw std::runtime_error("cannot create " + quoted(tmp) + ": " + std::strerror(errno));
  const auto fail = [&](int err) {
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot write " + quoted(tmp) + ": " + std::strerror(err));
  };
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(f.fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (f.release_and_close() != 0) fail(errno);
  commit_file(tmp, path);
}

void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& value) {
  write_file_atomic(path, value.dump(2) + "\n");
}

}  // namespace stirlb
