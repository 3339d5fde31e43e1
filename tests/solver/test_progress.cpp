// The progress line's rate after a restart: a resumed run must not count the
// steps its checkpoint already held as work done in this process's time.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "solver/progress.h"

namespace stirlb {
namespace {

TEST(Progress, ResumedRunCountsOnlyItsOwnSteps) {
  const std::int64_t cells = 1000000;
  Progress resumed(1000, 1e-3, cells, /*silent=*/true, /*first_step=*/900);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(resumed.mlups(900), 0.0);  // nothing done yet in this process
  const double t = resumed.elapsed();
  const double rate = resumed.mlups(950);
  // 50 steps of a million cells in t seconds (the clock moves on between the
  // two calls, so the rate can only come out lower).
  EXPECT_GT(rate, 0.0);
  EXPECT_LE(rate, 50.0 * double(cells) / t / 1e6);
  EXPECT_LT(rate, 950.0 * double(cells) / t / 1e6 / 2);
}

TEST(Progress, FreshRunCountsFromStepZero) {
  Progress fresh(100, 1e-3, 1000, /*silent=*/true);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double t = fresh.elapsed();
  EXPECT_GT(fresh.mlups(10), 0.0);
  EXPECT_LE(fresh.mlups(10), 10.0 * 1000 / t / 1e6);
}

}  // namespace
}  // namespace stirlb
