// params.cpp — TrainParams lookup and DeepSeek-V3 style random init (see params.h).
// Init: N(0, init_std²) for matrices (embedding, heads, projections, router),
// 1 for RMSNorm weights, 0 for e_score_correction_bias (trainable=false: the
// balance rule in train/balance.* moves it, not the optimizer). Each tensor
// draws from its own xoshiro256** stream seeded by hash(seed, tensor name), so
// a tensor's values do not depend on which other tensors the config has. The
// MTP modules' shared_head.head starts equal to lm_head (the paper shares it).
#include "train/params.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "runtime/rng.h"

namespace dseek::train {

ParamTensor& TrainParams::at(const std::string& name) {
  auto it = index.find(name);
  DSEEK_CHECK(it != index.end(), "train params: no tensor '{}'", name);
  return tensors[it->second];
}

const ParamTensor& TrainParams::at(const std::string& name) const {
  auto it = index.find(name);
  DSEEK_CHECK(it != index.end(), "train params: no tensor '{}'", name);
  return tensors[it->second];
}

void TrainParams::zero_grad() {
  for (ParamTensor& t : tensors) {
    if (t.g.size() != t.w.size()) t.g.assign(t.w.size(), 0.0f);
    else std::fill(t.g.begin(), t.g.end(), 0.0f);
  }
}

int64_t TrainParams::numel() const {
  int64_t n = 0;
  for (const ParamTensor& t : tensors) n += t.numel();
  return n;
}

namespace {

uint64_t name_seed(uint64_t seed, const std::string& name) {
  uint64_t h = 0xcbf29ce484222325ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (char ch : name) h = (h ^ uint8_t(ch)) * 0x100000001b3ull;
  return h;
}

// Box–Muller over the tensor's own stream (two normals per pair of uniforms).
void fill_normal(std::vector<float>& v, uint64_t seed, float stdev) {
  Rng rng(seed);
  constexpr double kTwoPi = 6.283185307179586476925;
  for (size_t i = 0; i < v.size(); i += 2) {
    const double u1 = 1.0 - rng.uniform();  // (0, 1]
    const double u2 = rng.uniform();
    const double r = std::sqrt(-2.0 * std::log(u1)) * stdev;
    v[i] = float(r * std::cos(kTwoPi * u2));
    if (i + 1 < v.size()) v[i + 1] = float(r * std::sin(kTwoPi * u2));
  }
}

}  // namespace

TrainParams init_params(const ModelConfig& cfg, uint64_t seed, float init_std) {
  DSEEK_CHECK(init_std >= 0.0f && std::isfinite(init_std), "init_params: init_std must be >= 0, got {}", init_std);
  TrainParams p;
  p.cfg = cfg;
  for (const TensorSpec& s : checkpoint_layout(cfg, true)) {
    ParamTensor t;
    t.name = s.name;
    t.shape = s.shape;
    t.role = s.role;
    int64_t n = 1;
    for (int64_t d : s.shape) n *= d;
    t.w.assign(size_t(n), 0.0f);
    t.g.assign(size_t(n), 0.0f);
    switch (s.role) {
      case TensorRole::Norm: std::fill(t.w.begin(), t.w.end(), 1.0f); break;
      case TensorRole::Bias: t.trainable = false; break;
      default: fill_normal(t.w, name_seed(seed, s.name), init_std); break;
    }
    DSEEK_CHECK(!p.index.count(t.name), "init_params: duplicate tensor '{}'", t.name);
    p.index[t.name] = p.tensors.size();
    p.tensors.push_back(std::move(t));
  }
  const std::string head = cfg.tie_word_embeddings ? "model.embed_tokens.weight" : "lm_head.weight";
  for (int64_t d = 0; d < cfg.num_nextn_predict_layers; ++d) {
    const std::string name = "model.layers." + std::to_string(cfg.num_hidden_layers + d) + ".shared_head.head.weight";
    if (p.has(name) && p.has(head)) p.at(name).w = p.at(head).w;
  }
  return p;
}

}  // namespace dseek::train
