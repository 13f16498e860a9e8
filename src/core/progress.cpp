// progress.cpp — see progress.h.
#include "core/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace dseek {

static std::string human(double v, const std::string& unit) {
  if (unit == "B") {
    const char* u[] = {"B", "KB", "MB", "GB", "TB"};
    int i = 0;
    while (v >= 1000 && i < 4) { v /= 1000; ++i; }
    char b[32];
    std::snprintf(b, sizeof b, "%.1f %s", v, u[i]);
    return b;
  }
  char b[32];
  std::snprintf(b, sizeof b, v >= 100 ? "%.0f%s%s" : "%.1f%s%s", v, unit.empty() ? "" : " ", unit.c_str());
  return b;
}

Progress::Progress(std::string label, int64_t total, std::string unit, bool enabled)
    : label_(std::move(label)), unit_(std::move(unit)), total_(std::max<int64_t>(total, 1)), enabled_(enabled),
      tty_(isatty(STDERR_FILENO) != 0), t0_(std::chrono::steady_clock::now()), last_(t0_) {}

Progress::~Progress() {
  if (!finished_) done();
}

void Progress::update(int64_t current, const std::string& extra) {
  cur_ = current;
  const auto now = std::chrono::steady_clock::now();
  if (!tty_ || !enabled_ || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(false, extra);
}

void Progress::done(const std::string& extra) {
  if (finished_) return;
  finished_ = true;
  if (enabled_) draw(true, extra);
}

void Progress::draw(bool final, const std::string& extra) {
  const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  const double frac = std::min(1.0, double(cur_) / double(total_));
  const double rate = el > 0 ? double(cur_) / el : 0;
  const int width = 24, fill = int(frac * width);
  std::string bar(size_t(fill), '#');
  bar.append(size_t(width - fill), '.');
  std::string eta = final ? human(el, "") + "s" : (rate > 0 ? "ETA " + human((double(total_) - double(cur_)) / rate, "") + "s" : "");
  std::fprintf(stderr, "%s%s [%s] %3.0f%% %s/s %s %s%s", tty_ ? "\r\033[K" : "", label_.c_str(), bar.c_str(),
               frac * 100, human(rate, unit_).c_str(), eta.c_str(), extra.c_str(), final ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace dseek
