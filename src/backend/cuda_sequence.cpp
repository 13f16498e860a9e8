// cuda_sequence.cpp — a CudaModel sequence as the generator's SequenceModel
// (see cuda_model.h). Uses only the public CUDA API, so it builds everywhere;
// without CUDA no CudaModel can exist to wrap.
#include "backend/cuda/cuda_model.h"

namespace dseek {
namespace {

class CudaSequence final : public SequenceModel {
 public:
  explicit CudaSequence(CudaModel& cm) : cm_(cm), id_(cm.new_sequence()) {}
  ~CudaSequence() override { cm_.free_sequence(id_); }
  const ModelConfig& config() const override { return cm_.config(); }
  bool has_mtp() const override { return cm_.has_mtp(); }
  ForwardResult step(std::span<const int32_t> tokens, bool all_logits) override {
    ForwardResult r;
    const int64_t n = int64_t(tokens.size()), chunk = cm_.max_step_tokens();
    for (int64_t b = 0; b < n; b += chunk) {
      const int64_t e = std::min(n, b + chunk);
      std::vector<float> hidden;
      const CudaSegment seg{id_, e - b};
      std::vector<float> l = cm_.forward(tokens.subspan(size_t(b), size_t(e - b)), std::span(&seg, 1), all_logits, &hidden);
      if (all_logits) r.logits.insert(r.logits.end(), l.begin(), l.end());
      else r.logits = std::move(l);
      r.hidden.insert(r.hidden.end(), hidden.begin(), hidden.end());
    }
    return r;
  }
  std::vector<float> mtp_step(std::span<const int32_t> next_tokens, const float* hidden) override {
    const CudaSegment seg{id_, int64_t(next_tokens.size())};
    return cm_.mtp_forward(0, next_tokens, hidden, std::span(&seg, 1), false);
  }
  int64_t length(int64_t layer) const override { return cm_.length(id_, layer); }
  void truncate(int64_t n) override { cm_.truncate(id_, n); }
  size_t cache_bytes() const override { return cm_.cache_bytes(id_); }

 private:
  CudaModel& cm_;
  int id_;
};

}  // namespace

std::unique_ptr<SequenceModel> cuda_sequence(CudaModel& cm) { return std::make_unique<CudaSequence>(cm); }

}  // namespace dseek
