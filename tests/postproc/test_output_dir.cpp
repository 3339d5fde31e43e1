#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "postproc/output_dir.h"
#include "temp_dir.h"

namespace stirlb {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::slurp;

TEST(OutputDir, CreatesMissingFolderWithParents) {
  TempDir d;
  const fs::path out = d.path() / "runs" / "demo";
  prepare_output_dir(out, false);
  EXPECT_TRUE(fs::is_directory(out));
}

TEST(OutputDir, EmptyExistingFolderIsAccepted) {
  TempDir d;
  EXPECT_NO_THROW(prepare_output_dir(d.path(), false));
  EXPECT_TRUE(fs::is_directory(d.path()));
}

TEST(OutputDir, NonEmptyFolderThrowsWithoutOverwriteAndKeepsFiles) {
  TempDir d;
  const fs::path out = d.path() / "demo";
  fs::create_directories(out);
  std::ofstream(out / "keep.txt") << "precious";
  try {
    prepare_output_dir(out, false);
    FAIL() << "non-empty folder accepted";
  } catch (const OutputDirError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'" + out.string() + "'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--overwrite"), std::string::npos) << msg;
  }
  EXPECT_EQ(slurp(out / "keep.txt"), "precious");
}

TEST(OutputDir, OverwriteEmptiesFolder) {
  TempDir d;
  const fs::path out = d.path() / "demo";
  fs::create_directories(out / "sub" / "deeper");
  std::ofstream(out / "a.vti") << "a";
  std::ofstream(out / ".hidden") << "h";
  std::ofstream(out / "sub" / "deeper" / "b.vti") << "b";
  prepare_output_dir(out, true);
  EXPECT_TRUE(fs::is_directory(out));
  EXPECT_TRUE(fs::is_empty(out));
}

TEST(OutputDir, RegularFileThrows) {
  TempDir d;
  const fs::path file = d.path() / "demo";
  std::ofstream(file) << "not a folder";
  for (const bool overwrite : {false, true}) {
    try {
      prepare_output_dir(file, overwrite);
      FAIL() << "regular file accepted, overwrite=" << overwrite;
    } catch (const OutputDirError& e) {
      EXPECT_NE(std::string(e.what()).find("regular file"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(slurp(file), "not a folder");
}

}  // namespace
}  // namespace stirlb
