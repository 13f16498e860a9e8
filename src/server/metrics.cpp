// metrics.cpp — see metrics.h.
#include "server/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace dseek::server {

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double v) {
  const size_t i = size_t(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  ++counts_[i];
  sum_ += v;
  ++count_;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& help) const {
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  uint64_t cum = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cum += counts_[i];
    out += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, bounds_[i], cum);
  }
  cum += counts_.back();
  out += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n{}_sum {}\n{}_count {}\n", name, cum, name, sum_, name, count_);
}

double Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const double target = q * double(count_);
  uint64_t cum = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cum += counts_[i];
    if (double(cum) >= target) return bounds_[i];
  }
  return bounds_.empty() ? 0 : bounds_.back();
}

namespace {
std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
}
}  // namespace

Metrics::Metrics() : ttft_(latency_buckets()), itl_(latency_buckets()), e2e_(latency_buckets()), step_(latency_buckets()) {}

void Metrics::request_done(const std::string& endpoint, int status) {
  std::lock_guard lk(mu_);
  ++requests_[{endpoint, status}];
}
void Metrics::ttft(double s) { std::lock_guard lk(mu_); ttft_.observe(s); }
void Metrics::inter_token(double s) { std::lock_guard lk(mu_); itl_.observe(s); }
void Metrics::e2e(double s) { std::lock_guard lk(mu_); e2e_.observe(s); }
void Metrics::tokens(int64_t prompt, int64_t generated) {
  std::lock_guard lk(mu_);
  prompt_tokens_ += uint64_t(prompt);
  generated_tokens_ += uint64_t(generated);
}
void Metrics::prefix_hit(int64_t reused) {
  std::lock_guard lk(mu_);
  ++prefix_hits_;
  prefix_tokens_ += uint64_t(reused);
}
void Metrics::step(int64_t rows, double seconds) {
  std::lock_guard lk(mu_);
  step_rows_ += uint64_t(rows);
  step_.observe(seconds);
}

int64_t Metrics::requests_with_status(int status) const {
  std::lock_guard lk(mu_);
  int64_t n = 0;
  for (const auto& [k, v] : requests_)
    if (k.second == status) n += int64_t(v);
  return n;
}

std::string Metrics::render(const MetricsSnapshot& s) const {
  std::lock_guard lk(mu_);
  std::string o;
  o += "# HELP dseek_requests_total HTTP requests by endpoint and status code.\n# TYPE dseek_requests_total counter\n";
  for (const auto& [k, v] : requests_)
    o += fmt::format("dseek_requests_total{{endpoint=\"{}\",status=\"{}\"}} {}\n", k.first, k.second, v);
  auto gauge = [&](const char* name, const char* help, int64_t v) {
    o += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, v);
  };
  auto counter = [&](const char* name, const char* help, uint64_t v) {
    o += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, v);
  };
  gauge("dseek_queue_depth", "Sequences waiting for a batch slot.", s.queue_depth);
  gauge("dseek_running_sequences", "Sequences in the running batch.", s.running);
  gauge("dseek_kv_cache_bytes", "Bytes of latent KV cache held by running sequences.", s.kv_cache_bytes);
  gauge("dseek_prefix_cache_bytes", "Bytes of latent KV cache kept for prefix reuse.", s.prefix_cache_bytes);
  gauge("dseek_prefix_cache_entries", "Entries in the prefix cache.", s.prefix_cache_entries);
  counter("dseek_prompt_tokens_total", "Prompt tokens processed.", prompt_tokens_);
  counter("dseek_generation_tokens_total", "Tokens generated.", generated_tokens_);
  counter("dseek_prefix_cache_hits_total", "Sequences that reused a cached prefix.", prefix_hits_);
  counter("dseek_prefix_cache_reused_tokens_total", "Prompt tokens taken from the prefix cache.", prefix_tokens_);
  counter("dseek_batch_rows_total", "Rows fed to batched forward passes.", step_rows_);
  ttft_.render(o, "dseek_time_to_first_token_seconds", "Time from arrival to the first generated token.");
  itl_.render(o, "dseek_inter_token_latency_seconds", "Time between consecutive generated tokens of a sequence.");
  e2e_.render(o, "dseek_e2e_request_latency_seconds", "Time from arrival to the last token of a sequence.");
  step_.render(o, "dseek_step_seconds", "Duration of one batched forward step.");
  return o;
}

}  // namespace dseek::server
