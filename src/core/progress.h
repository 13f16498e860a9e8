// progress.h — a one-line progress bar on stderr for long work (loading,
// writing checkpoints, training, evaluation): label, bar, count, rate, ETA.
// Redraws in place on a terminal; when stderr is not a terminal it prints
// only the final line (logs stay clean). What it is not: a logger.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace dseek {

class Progress {
 public:
  // unit: what `total` counts ("B" formats as bytes, otherwise plain numbers).
  Progress(std::string label, int64_t total, std::string unit = "", bool enabled = true);
  ~Progress();  // finishes the line if done() was not called
  void update(int64_t current, const std::string& extra = "");
  void add(int64_t delta, const std::string& extra = "") { update(cur_ + delta, extra); }
  void done(const std::string& extra = "");

 private:
  void draw(bool final, const std::string& extra);
  std::string label_, unit_;
  int64_t total_, cur_ = 0;
  bool enabled_, tty_, finished_ = false;
  std::chrono::steady_clock::time_point t0_, last_;
};

}  // namespace dseek
