#include "postproc/output_dir.h"

#include <string>
#include <system_error>
#include <vector>

namespace stirlb {
namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

[[noreturn]] void fail(const std::string& what, const fs::path& dir, const std::error_code& ec) {
  throw OutputDirError(what + " output folder " + quoted(dir) + ": " + ec.message());
}

}  // namespace

void prepare_output_dir(const fs::path& dir, bool overwrite) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (st.type() == fs::file_type::not_found) {
    fs::create_directories(dir, ec);
    if (ec) fail("cannot create", dir, ec);
    return;
  }
  if (ec) fail("cannot inspect", dir, ec);
  if (!fs::is_directory(st))
    throw OutputDirError("output folder " + quoted(dir) + " exists but is " +
                         (fs::is_regular_file(st) ? "a regular file" : "not a folder") +
                         "; choose another with -o DIR");

  // Listed before deleting: removing entries while readdir walks the same
  // folder may skip some, by POSIX.
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(it->path());
  if (ec) fail("cannot list", dir, ec);
  if (entries.empty()) return;

  if (!overwrite)
    throw OutputDirError("output folder " + quoted(dir) +
                         " already exists and is not empty; choose another with -o DIR or pass "
                         "--overwrite to replace it");

  // A mistyped "-o / --overwrite" must not wipe a whole filesystem.
  const fs::path canonical = fs::canonical(dir, ec);
  if (ec) fail("cannot resolve", dir, ec);
  if (canonical == canonical.root_path())
    throw OutputDirError("refusing to empty " + quoted(dir) + ": it is a filesystem root");

  for (const fs::path& entry : entries) {
    fs::remove_all(entry, ec);
    if (ec) fail("cannot empty", dir, ec);
  }
}

}  // namespace stirlb
