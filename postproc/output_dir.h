#pragma once
// A run's output folder. Results from different runs must never mix, and a
// run must never delete files the user did not explicitly give up.
#include <filesystem>
#include <stdexcept>

namespace stirlb {

class OutputDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates `dir` (with parents) if missing. An existing non-empty folder is an
// error unless `overwrite`, in which case its contents are removed first.
// Throws OutputDirError if `dir` is a file rather than a folder, or if asked
// to empty a filesystem root.
void prepare_output_dir(const std::filesystem::path& dir, bool overwrite);

}  // namespace stirlb
