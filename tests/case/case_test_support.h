#pragma once
// What the case-file tests share: a scratch folder, the text of a shared
// test case, the line a piece of text sits on, and the CaseError a case
// text raises.
#include <gtest/gtest.h>
#include <algorithm>
#include <string>
#include "solver/case_parser.h"
#include "tests/postproc/temp_dir.h"

namespace stirlb::testing {

using test::TempDir;  // tests/postproc/temp_dir.h

inline std::string read_text(const std::string& path) { return test::slurp(path); }

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
