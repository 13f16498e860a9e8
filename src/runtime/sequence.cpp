// sequence.cpp — the CPU SequenceModel (see sequence.h).
#include "runtime/sequence.h"

namespace dseek {
namespace {

class CpuSequence final : public SequenceModel {
 public:
  CpuSequence(const Model& m, Backend& be, int64_t capacity) : m_(m), be_(be), cache_(make_cache(m, capacity)) {}
  const ModelConfig& config() const override { return m_.cfg; }
  bool has_mtp() const override { return !m_.w.mtp.empty(); }
  ForwardResult step(std::span<const int32_t> tokens, bool all_logits) override {
    ForwardOptions o;
    o.cache = &cache_;
    o.all_logits = all_logits;
    return forward(m_, be_, tokens, o);
  }
  std::vector<float> mtp_step(std::span<const int32_t> next_tokens, const float* hidden) override {
    ForwardOptions o;
    o.cache = &cache_;
    o.all_logits = false;
    return mtp_forward(m_, be_, 0, next_tokens, hidden, o);
  }
  int64_t length(int64_t layer) const override { return cache_.length(layer); }
  void truncate(int64_t n) override { cache_.truncate(n); }
  size_t cache_bytes() const override { return cache_.bytes(); }

 private:
  const Model& m_;
  Backend& be_;
  LatentCache cache_;
};

}  // namespace

std::unique_ptr<SequenceModel> cpu_sequence(const Model& m, Backend& be, int64_t capacity) {
  return std::make_unique<CpuSequence>(m, be, capacity);
}

}  // namespace dseek
