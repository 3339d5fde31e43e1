#include "progress.h"

#include <unistd.h>

#include <cmath>
#include <string>

namespace stirlb {

namespace {
using Clock = std::chrono::steady_clock;

void format_duration(double seconds, char* buf, std::size_t size) {
  const long s = long(std::lround(seconds));
  std::snprintf(buf, size, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
}
}  // namespace

Progress::Progress(std::int64_t total_steps, double dt, std::int64_t cells, bool silent, std::int64_t first_step)
    : total_(total_steps), first_(first_step), dt_(dt), cells_(cells), silent_(silent), terminal_(isatty(fileno(stdout)) != 0),
      start_(Clock::now()), last_print_(start_) {}

double Progress::elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

double Progress::mlups(std::int64_t step) const {
  const double t = elapsed();
  return t > 0 ? double(step - first_) * double(cells_) / t / 1e6 : 0.0;
}

void Progress::update(std::int64_t step) {
  const auto now = Clock::now();
  if (terminal_) {
    // Four refreshes a second are enough for a person and cost nothing.
    if (now - last_print_ < std::chrono::milliseconds(250)) return;
  } else {
    // Plain lines every 10 %, so a batch log stays short.
    const std::int64_t percent = total_ > 0 ? step * 10 / total_ : 10;
    if (percent == last_percent_) return;
    last_percent_ = percent;
  }
  last_print_ = now;
  print(step, false);
}

void Progress::finish(std::int64_t step) {
  // A log already has the line for the last step; a terminal needs the newline.
  if (!terminal_ && last_printed_ == step) return;
  print(step, true);
}

void Progress::print(std::int64_t step, bool final) {
  if (silent_) return;
  last_printed_ = step;
  const double rate = mlups(step);
  const double t = elapsed();
  const double remaining = step > first_ ? t * double(total_ - step) / double(step - first_) : 0.0;
  char eta[32];
  format_duration(final ? t : remaining, eta, sizeof eta);
  const int width = int(std::to_string(total_).size());
  std::printf("%sstep %*lld/%lld  t = %.4g s  %.1f MLUPs/s  %s %s%s", terminal_ ? "\r" : "", width,
              static_cast<long long>(step), static_cast<long long>(total_), double(step) * dt_, rate,
              final ? "wall" : "ETA", eta, (terminal_ && !final) ? "" : "\n");
  std::fflush(stdout);
}

}  // namespace stirlb
