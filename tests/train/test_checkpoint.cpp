// test_checkpoint.cpp — model + training-state round trips (train/checkpoint.h):
// bit-exact master weights and moments, BF16/F32 model files that
// model/load (what `dseek run -m` uses) accepts, `latest` resolution, and
// init-from with missing MTP tensors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/check.h"
#include "io/config.h"
#include "io/tokenizer.h"
#include "io/safetensors_stream.h"
#include "model/model.h"
#include "runtime/rng.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

namespace fs = std::filesystem;

namespace dseek::train {
namespace {

fs::path temp_dir(const std::string& tag) {
  const fs::path d = fs::temp_directory_path() / ("dseek_ckpt_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

TrainParams params_with_state() {
  TrainParams p = init_params(training_model_config("micro"), 11);
  Rng rng(5);
  for (ParamTensor& t : p.tensors) {
    for (float& x : t.w) x += float(rng.uniform() * 1e-3);  // not representable in BF16
    if (!t.trainable) continue;
    t.m.resize(t.w.size());
    t.v.resize(t.w.size());
    for (float& x : t.m) x = float(rng.uniform() - 0.5);
    for (float& x : t.v) x = float(rng.uniform());
  }
  return p;
}

TEST(Checkpoint, Bf16RoundTripIsBitExactAndLoadable) {
  const fs::path out = temp_dir("bf16");
  const TrainParams p = params_with_state();
  TrainState st;
  st.step = 42;
  st.adam_steps = 40;
  st.skipped = 2;
  st.tokens = 12345;
  st.spike_ema = 1.25;
  st.spike_seen = 39;
  st.loader = {3, 7, 2};
  st.seed = 9;
  SaveModelOptions so;
  so.dtype = DType::BF16;
  so.tokenizer_dir = "bytes";
  const std::string dir = save_checkpoint(out.string(), p, st, so);
  EXPECT_EQ(fs::path(dir).filename(), "step-00000042");
  EXPECT_EQ(resolve_checkpoint(out.string()), dir);
  EXPECT_EQ(resolve_checkpoint(dir), dir);
  EXPECT_FALSE(fs::exists(out / "step-00000042.tmp"));

  TrainState st2;
  const TrainParams q = load_checkpoint(dir, st2);
  EXPECT_EQ(q.cfg, p.cfg);
  EXPECT_EQ(st2.step, 42);
  EXPECT_EQ(st2.adam_steps, 40);
  EXPECT_EQ(st2.skipped, 2);
  EXPECT_EQ(st2.tokens, 12345);
  EXPECT_EQ(st2.spike_ema, 1.25);
  EXPECT_EQ(st2.spike_seen, 39);
  EXPECT_EQ(st2.loader, (LoaderState{3, 7, 2}));
  EXPECT_EQ(st2.seed, 9u);
  ASSERT_EQ(q.tensors.size(), p.tensors.size());
  for (size_t i = 0; i < p.tensors.size(); ++i) {
    const auto &a = p.tensors[i], &b = q.tensors[i];
    EXPECT_TRUE(same_bits(a.w, b.w)) << a.name;
    EXPECT_EQ(a.trainable, b.trainable) << a.name;
    if (a.trainable) {
      EXPECT_TRUE(same_bits(a.m, b.m)) << a.name;
      EXPECT_TRUE(same_bits(a.v, b.v)) << a.name;
    }
  }

  // The model file itself is BF16 (bias F32) and loads for inference.
  const Model m = load_model(dir);
  EXPECT_EQ(m.cfg, p.cfg);
  EXPECT_EQ(m.ckpt->get("model.embed_tokens.weight").dtype, DType::BF16);
  EXPECT_EQ(m.ckpt->get("model.layers.1.mlp.gate.e_score_correction_bias").dtype, DType::F32);
  EXPECT_TRUE(m.ckpt->has("model.layers.2.shared_head.head.weight"));  // MTP layer N
  const std::vector<int32_t> toks{72, 101, 108, 108, 111};
  const ForwardResult fr = forward_reference(m, toks);
  ASSERT_EQ(fr.logits.size(), toks.size() * size_t(p.cfg.vocab_size));
  for (float x : fr.logits) ASSERT_TRUE(std::isfinite(x));

  // The byte-level tokenizer was written next to it (what `dseek run -m` loads).
  const Tokenizer tok = Tokenizer::load(dir);
  EXPECT_EQ(tok.encode("Hello"), toks);
  EXPECT_EQ(tok.eos_id(), 256);

  // init-from the BF16 model: values are the BF16-rounded masters.
  const TrainParams r = load_params(dir);
  const auto& e0 = p.at("model.embed_tokens.weight").w;
  const auto& e1 = r.at("model.embed_tokens.weight").w;
  for (size_t i = 0; i < e0.size(); ++i) ASSERT_EQ(e1[i], bf16_to_f32(f32_to_bf16(e0[i])));
  fs::remove_all(out);
}

TEST(Checkpoint, F32ModelHoldsTheMasterWeights) {
  const fs::path out = temp_dir("f32");
  const TrainParams p = params_with_state();
  TrainState st;
  st.step = 3;
  SaveModelOptions so;
  so.dtype = DType::F32;
  const std::string dir = save_checkpoint(out.string(), p, st, so);
  const SafetensorsFile sf((fs::path(dir) / "train_state.safetensors").string());
  EXPECT_EQ(sf.find("master.model.embed_tokens.weight"), nullptr);
  EXPECT_NE(sf.find("exp_avg.model.embed_tokens.weight"), nullptr);
  TrainState st2;
  const TrainParams q = load_checkpoint(dir, st2);
  for (size_t i = 0; i < p.tensors.size(); ++i) EXPECT_TRUE(same_bits(p.tensors[i].w, q.tensors[i].w));
  // A second save moves `latest`; the first step directory stays.
  st.step = 5;
  const std::string dir5 = save_checkpoint(out.string(), p, st, so);
  EXPECT_EQ(resolve_checkpoint(out.string()), dir5);
  EXPECT_TRUE(fs::exists(dir));
  fs::remove_all(out);
}

TEST(Checkpoint, ResolveAndErrors) {
  const fs::path out = temp_dir("err");
  EXPECT_EQ(resolve_checkpoint(out.string()), "");
  { std::ofstream(out / "latest") << "../etc\n"; }
  EXPECT_THROW(resolve_checkpoint(out.string()), Error);
  { std::ofstream(out / "latest") << "step-00000001\n"; }
  EXPECT_THROW(resolve_checkpoint(out.string()), Error);  // points nowhere
  EXPECT_THROW(load_params(out.string()), Error);         // no config.json
  fs::remove_all(out);
}

TEST(Checkpoint, InitFromWithoutMtpTensors) {
  const fs::path out = temp_dir("nomtp");
  const TrainParams p = params_with_state();
  // Write the model without its MTP layer (like transformers' save_pretrained).
  std::vector<TensorDecl> decls;
  std::vector<const ParamTensor*> ts;
  for (const auto& t : p.tensors)
    if (t.name.rfind("model.layers.2.", 0) != 0) {
      decls.push_back({t.name, DType::F32, t.shape});
      ts.push_back(&t);
    }
  {
    SafetensorsStreamWriter w((out / "model.safetensors").string(), decls);
    for (const auto* t : ts) w.write_next({reinterpret_cast<const uint8_t*>(t->w.data()), t->w.size() * 4});
    w.finish();
  }
  std::ofstream(out / "config.json") << to_json(p.cfg);
  std::vector<std::string> missing;
  const TrainParams q = load_params(out.string(), {}, &missing);
  EXPECT_FALSE(missing.empty());
  for (const auto& n : missing) EXPECT_EQ(n.rfind("model.layers.2.", 0), 0u) << n;
  EXPECT_TRUE(same_bits(q.at("lm_head.weight").w, p.at("lm_head.weight").w));
  EXPECT_TRUE(same_bits(q.at("model.layers.2.shared_head.head.weight").w, p.at("lm_head.weight").w));
  LoadParamsOptions strict;
  strict.allow_missing_mtp = false;
  EXPECT_THROW(load_params(out.string(), strict), Error);
  fs::remove_all(out);
}

}  // namespace
}  // namespace dseek::train
