// The judgements summary.json "checks" carries, from the summary's own
// numbers: each passes on one side of its threshold and fails on the other.
#include <gtest/gtest.h>
#include "solver/run_checks.h"

using namespace stirlb;

namespace {

nlohmann::json tank_summary(double cells_per_d, double window_revolutions, double energy_ratio) {
  nlohmann::json s;
  s["resolution"] = {{"cells_per_impeller_diameter", cells_per_d}, {"warnings", nlohmann::json::array()}};
  s["tank"] = {{"speed_rpm", 60.0},
               {"averaging", {{"window_start_s", 10.0}, {"window_end_s", 10.0 + window_revolutions}}},
               {"energy_balance", {{"ratio", energy_ratio}}}};
  return s;
}

const nlohmann::json& find(const nlohmann::json& checks, const std::string& name) {
  for (const auto& c : checks)
    if (c["name"] == name) return c;
  throw std::runtime_error("no check " + name);
}

}  // namespace

TEST(RunChecks, ResolutionAveragingAndEnergyBalance) {
  const nlohmann::json good = run_checks(tank_summary(60, 10, 0.9), {});
  EXPECT_TRUE(find(good, "resolution")["ok"]);
  EXPECT_TRUE(find(good, "averaging window")["ok"]);
  EXPECT_TRUE(find(good, "energy balance")["ok"]);
  const nlohmann::json bad = run_checks(tank_summary(20, 2, 0.5), {});
  EXPECT_FALSE(find(bad, "resolution")["ok"]);
  EXPECT_NE(find(bad, "resolution")["message"].get<std::string>().find("20 cells"), std::string::npos);
  EXPECT_FALSE(find(bad, "averaging window")["ok"]);
  EXPECT_FALSE(find(bad, "energy balance")["ok"]);
}

TEST(RunChecks, UnresolvedGapFailsTheResolutionCheck) {
  nlohmann::json s = tank_summary(60, 10, 1.0);
  s["resolution"]["warnings"].push_back("blade tip to baffle: 3 cells");
  const nlohmann::json c = find(run_checks(s, {}), "resolution");
  EXPECT_FALSE(c["ok"]);
  EXPECT_NE(c["message"].get<std::string>().find("blade tip to baffle"), std::string::npos);
}

TEST(RunChecks, SteadinessComparesTheWindowHalves) {
  EXPECT_TRUE(find(run_checks(tank_summary(60, 10, 1), {5.0, 5.2, true}), "statistically steady")["ok"]);
  EXPECT_FALSE(find(run_checks(tank_summary(60, 10, 1), {5.0, 5.5, true}), "statistically steady")["ok"]);
  // Without two halves to compare there is no verdict, not a pass.
  for (const auto& c : run_checks(tank_summary(60, 10, 1), {})) EXPECT_NE(c["name"], "statistically steady");
}

TEST(RunChecks, BlendReachedOrNot) {
  nlohmann::json s;
  s["blend"] = {{"blend_time_s", 4.25}, {"threshold", 0.05}};
  EXPECT_TRUE(find(run_checks(s, {}), "blend")["ok"]);
  s["blend"]["blend_time_s"] = nullptr;
  EXPECT_FALSE(find(run_checks(s, {}), "blend")["ok"]);
  // A box without a tank or a tracer has nothing to judge.
  EXPECT_TRUE(run_checks(nlohmann::json::object(), {}).empty());
}
