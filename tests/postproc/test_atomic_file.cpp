#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>

#include "postproc/atomic_file.h"
#include "temp_dir.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::slurp;

TEST(AtomicFile, TemporarySiblingIsHiddenInSameFolder) {
  const fs::path tmp = temporary_sibling("/a/b/summary.json");
  EXPECT_EQ(tmp.parent_path(), fs::path("/a/b"));
  EXPECT_EQ(tmp.filename().string(), ".summary.json.tmp-" + std::to_string(::getpid()));
}

TEST(AtomicFile, WritesExactContentAndLeavesNoTemporary) {
  TempDir d;
  const fs::path p = d.path() / "out.txt";
  const std::string content("line 1\nbinary \0 byte\n", 21);
  write_file_atomic(p, content);
  EXPECT_EQ(slurp(p), content);
  EXPECT_EQ(test::count_temporaries(d.path()), 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path()), fs::directory_iterator()), 1);
}

TEST(AtomicFile, ReplacesExistingFile) {
  TempDir d;
  const fs::path p = d.path() / "out.txt";
  write_file_atomic(p, "a much longer first version\n");
  write_file_atomic(p, "v2\n");
  EXPECT_EQ(slurp(p), "v2\n");
  EXPECT_EQ(test::count_temporaries(d.path()), 0);
}

TEST(AtomicFile, MissingFolderThrowsAndLeavesNothing) {
  TempDir d;
  const fs::path p = d.path() / "missing" / "out.txt";
  EXPECT_THROW(write_file_atomic(p, "x"), std::runtime_error);
  EXPECT_FALSE(fs::exists(d.path() / "missing"));
  EXPECT_TRUE(fs::is_empty(d.path()));
}

TEST(AtomicFile, FailedCommitNamesBothPathsAndRemovesTemporary) {
  TempDir d;
  const fs::path tmp = temporary_sibling(d.path() / "out.txt");
  { std::ofstream(tmp) << "x"; }
  // Renaming a file over a non-empty folder fails.
  const fs::path target = d.path() / "folder";
  fs::create_directories(target / "inside");
  try {
    commit_file(tmp, target);
    FAIL() << "commit over a folder succeeded";
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(tmp.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find(target.string()), std::string::npos) << msg;
  }
  EXPECT_FALSE(fs::exists(tmp));
}

TEST(AtomicFile, JsonIsIndentedAndNonFiniteBecomesNull) {
  TempDir d;
  const fs::path p = d.path() / "summary.json";
  write_json_atomic(p, {{"steps", 10}, {"drag", std::numeric_limits<double>::quiet_NaN()},
                        {"lift", std::numeric_limits<double>::infinity()}});
  const std::string text = slurp(p);
  EXPECT_NE(text.find("\n  \"steps\": 10"), std::string::npos) << text;
  const nlohmann::json back = nlohmann::json::parse(text);  // throws if invalid
  EXPECT_EQ(back["steps"], 10);
  EXPECT_TRUE(back["drag"].is_null());
  EXPECT_TRUE(back["lift"].is_null());
}

}  // namespace
}  // namespace stirlb
