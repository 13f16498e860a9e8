// metrics.h — the server's Prometheus metrics: counters, gauges and latency
// histograms, rendered in the text exposition format (version 0.0.4) at
// GET /metrics.
// What it is: one Metrics object owned by the server (no globals), updated by
// the HTTP handlers and the engine's scheduler thread under one mutex.
// What it is not: a general Prometheus client (no labels beyond the few below).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace dseek::server {

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);  // upper bounds, ascending (seconds)
  void observe(double v);
  // Appends "# TYPE" and the _bucket/_sum/_count lines.
  void render(std::string& out, const std::string& name, const std::string& help) const;
  uint64_t count() const { return count_; }
  // Approximate quantile from the buckets (upper bound of the bucket holding it).
  double quantile(double q) const;

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bucket (not cumulative), + the +Inf bucket
  double sum_ = 0;
  uint64_t count_ = 0;
};

struct MetricsSnapshot {
  int64_t queue_depth = 0;        // sequences waiting for a batch slot
  int64_t running = 0;            // sequences in the running batch
  int64_t kv_cache_bytes = 0;     // latent caches of running sequences
  int64_t prefix_cache_bytes = 0; // caches kept for prefix reuse
  int64_t prefix_cache_entries = 0;
};

class Metrics {
 public:
  Metrics();
  void request_done(const std::string& endpoint, int status);
  void ttft(double s);
  void inter_token(double s);
  void e2e(double s);
  void tokens(int64_t prompt, int64_t generated);
  void prefix_hit(int64_t reused_tokens);
  void step(int64_t rows, double seconds);
  // Renders every metric; `snap` holds the gauges (read from the engine).
  std::string render(const MetricsSnapshot& snap) const;
  // For tests / benches.
  int64_t requests_with_status(int status) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  Histogram ttft_, itl_, e2e_, step_;
  uint64_t prompt_tokens_ = 0, generated_tokens_ = 0, prefix_hits_ = 0, prefix_tokens_ = 0, step_rows_ = 0;
};

}  // namespace dseek::server
