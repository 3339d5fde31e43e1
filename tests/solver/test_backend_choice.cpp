// --backend: cuda without a usable GPU is an error that says why; auto falls
// back to the CPU and says so.
#include <gtest/gtest.h>
#include <sstream>
#include "solver/backend_choice.h"

using namespace stirlb;

TEST(BackendChoice, CpuIsAlwaysAvailable) {
  std::ostringstream log;
  EXPECT_EQ(choose_backend("cpu", log), BackendKind::CPU);
}

TEST(BackendChoice, CudaWithoutGpuIsAClearErrorAndAutoFallsBack) {
  std::string why;
  if (cuda_available(&why)) GTEST_SKIP() << "a GPU is present: the fallback cannot be observed here";
  std::ostringstream log;
  try {
    choose_backend("cuda", log);
    FAIL() << "cuda was accepted without a GPU";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--backend cuda"), std::string::npos) << e.what();
  }
  EXPECT_EQ(choose_backend("auto", log), BackendKind::CPU);
  EXPECT_NE(log.str().find("CPU"), std::string::npos) << log.str();
}

TEST(BackendChoice, UnknownNameIsRefused) {
  std::ostringstream log;
  EXPECT_THROW(choose_backend("opencl", log), std::invalid_argument);
}
