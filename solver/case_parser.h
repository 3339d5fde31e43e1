#pragma once
// Reads a TOML case file into a validated CaseModel (SI units). Every
// problem, from a typo to an out-of-range value, surfaces as one CaseError
// that says where it is and what to write instead.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include "solver/case_model.h"

namespace stirlb {

class CaseError : public std::runtime_error {
 public:
  // what() is "FILE:LINE: key 'KEY': REASON"; ":LINE" is left out when line
  // is 0 (unknown) and "key '...': " when key is empty.
  CaseError(std::string file, int line, std::string key, std::string reason);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
  std::string reason_;
};

// A missing or unreadable file is a CaseError too.
CaseModel parse_case_file(const std::filesystem::path& path);
// source_name stands in for the file name in errors and CaseModel::source.
CaseModel parse_case_string(std::string_view toml, const std::string& source_name);

}  // namespace stirlb
