#pragma once
// What the case-file tests share: a scratch folder, the text of a shared
// test case, the line a piece of text sits on, and the CaseError a case
// text raises.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include "solver/case_parser.h"

namespace stirlb::testing {

// A fresh folder per test, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "stirlb-case") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << path;
  return s.str();
}

// 1-based line of the first occurrence of `needle`, -1 (and a failure) if none.
inline int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  if (pos == std::string::npos) return -1;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

// The error parsing `text` (as file `name`) raises; a failure if none.
inline CaseError parse_error(const std::string& text, const std::string& name = "case.toml") {
  try {
    parse_case_string(text, name);
  } catch (const CaseError& e) {
    return e;
  }
  ADD_FAILURE() << "parsed without error:\n" << text;
  return CaseError("", 0, "", "no error");
}

}  // namespace stirlb::testing
