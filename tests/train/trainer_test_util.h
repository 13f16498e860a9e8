// trainer_test_util.h — helpers shared by the training tests (CPU and CUDA):
// the tiny DeepSeek-V3 config every gradient test uses, a small repetitive
// byte-level corpus and trainer options for it.
// What it is not: a fixture loader (tests/model/fixture_util.h) or test logic.
#pragma once

#include <memory>
#include <string>

#include "model/config.h"
#include "train/data.h"
#include "train/trainer.h"

namespace dseek::train::testing {

// V3 with q_lora, YaRN, grouped routing (4 groups, top-2), a shared expert and one MTP layer.
inline ModelConfig tiny_v3_config() {
  ModelConfig c;
  c.model_type = "deepseek_v3";
  c.vocab_size = 37;
  c.hidden_size = 16;
  c.intermediate_size = 20;
  c.moe_intermediate_size = 6;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 2;
  c.q_lora_rank = 12;
  c.kv_lora_rank = 10;
  c.qk_nope_head_dim = 6;
  c.qk_rope_head_dim = 4;
  c.v_head_dim = 5;
  c.n_routed_experts = 8;
  c.n_shared_experts = 1;
  c.num_experts_per_tok = 2;
  c.n_group = 4;
  c.topk_group = 2;
  c.norm_topk_prob = true;
  c.routed_scaling_factor = 2.5;
  c.first_k_dense_replace = 1;
  c.rope_theta = 1000.0;
  c.rope.type = RopeType::Yarn;
  c.rope.factor = 4.0;
  c.rope.original_max_position_embeddings = 16;
  c.rope.mscale = 0.8;
  c.rope.mscale_all_dim = 1.0;
  c.max_position_embeddings = 64;
  c.num_nextn_predict_layers = 1;
  return c;
}

// 16 documents of "the quick brown fox ..." repeated 1-3 times, byte tokens.
inline std::shared_ptr<MemoryDocs> sentence_docs() {
  auto d = std::make_shared<MemoryDocs>(kByteEos);
  const std::string s = "the quick brown fox jumps over the lazy dog. ";
  for (int i = 0; i < 16; ++i) {
    std::string doc;
    for (int r = 0; r < 1 + i % 3; ++r) doc += s;
    d->add(encode_bytes(doc));
  }
  return d;
}

inline TrainOptions small_options(int64_t steps) {
  TrainOptions o;
  o.steps = steps;
  o.batch = 4;
  o.seq = 48;
  o.grad_accum = 2;
  o.lr.lr = 1e-2f;
  o.lr.min_lr = 1e-3f;
  o.lr.warmup = 5;
  o.seed = 1;
  o.progress = false;
  o.save.dtype = DType::BF16;
  return o;
}

}  // namespace dseek::train::testing
