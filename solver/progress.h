#pragma once
// The run's progress: one updating line in a terminal, plain lines otherwise
// (a log file or a batch system's output).
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace stirlb {

class Progress {
 public:
  // `silent`: keep time but print nothing (ranks other than 0).
  // `first_step`: where this process began (a resumed run's checkpoint); the
  // rate and the time left count only the steps it takes itself.
  Progress(std::int64_t total_steps, double dt, std::int64_t cells, bool silent = false,
           std::int64_t first_step = 0);
  // Called often; prints only when it is time to.
  void update(std::int64_t step);
  void finish(std::int64_t step);
  double mlups(std::int64_t step) const;
  double elapsed() const;

 private:
  void print(std::int64_t step, bool final);

  std::int64_t total_;
  std::int64_t first_;
  double dt_;
  std::int64_t cells_;
  bool silent_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_print_;
  std::int64_t last_percent_ = -1;
  std::int64_t last_printed_ = -1;
};

}  // namespace stirlb
