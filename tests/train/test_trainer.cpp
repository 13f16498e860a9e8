// test_trainer.cpp — end-to-end training of the micro model (hidden 32, 2
// layers, 4 experts, MTP 1) on byte-level repetitive text: the loss must fall
// far below what an untrained model gets; stop/save/resume must reproduce the
// uninterrupted run bit-for-bit; the NaN guard skips updates; the JSONL log
// feeds the SVG plot (train/trainer.h, train/plot.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/threadpool.h"
#include "train/plot.h"
#include "train/trainer.h"
#include "trainer_test_util.h"

namespace fs = std::filesystem;

namespace dseek::train {
namespace {

using dseek::train::testing::sentence_docs;
using dseek::train::testing::small_options;

fs::path temp_dir(const std::string& tag) {
  const fs::path d = fs::temp_directory_path() / ("dseek_trainer_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

Trainer make_trainer(const TrainOptions& o, ThreadPool* pool, uint64_t init_seed = 1) {
  LoaderOptions lo;
  lo.seed = o.seed;
  return Trainer(init_params(training_model_config("micro"), init_seed), o,
                 std::make_unique<PackedLoader>(sentence_docs(), lo), nullptr, pool);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

TEST(Trainer, MicroModelLearnsRepetitiveText) {
  ThreadPool pool(2);
  const fs::path out = temp_dir("learn");
  TrainOptions o = small_options(60);
  o.log_path = (out / "log.jsonl").string();
  Trainer tr = make_trainer(o, &pool);
  const double ln_v = std::log(double(tr.params().cfg.vocab_size));
  double first = 0, last = 0;
  std::vector<double> tail;
  for (int i = 0; i < o.steps; ++i) {
    const StepRecord r = tr.step();
    ASSERT_FALSE(r.skipped) << r.skip_reason;
    if (i == 0) first = r.stats.main_loss;
    last = r.stats.main_loss;
    ASSERT_EQ(r.load.size(), 2u);  // MoE layer 1 and the MTP layer 2
    EXPECT_GT(r.stats.mtp_loss, 0.0);
  }
  EXPECT_NEAR(first, ln_v, 0.3);  // untrained: ≈ uniform over the vocabulary
  EXPECT_LT(last, 0.5 * ln_v) << "first " << first;
  EXPECT_LT(last, 1.2) << "first " << first;
  // The balance rule moved the expert bias.
  const auto& bias = tr.params().at("model.layers.1.mlp.gate.e_score_correction_bias").w;
  double abs_sum = 0;
  for (float b : bias) abs_sum += std::abs(b);
  EXPECT_GT(abs_sum, 0.0);

  const auto recs = read_train_log(o.log_path);
  ASSERT_EQ(recs.size(), size_t(o.steps));
  EXPECT_EQ(recs[0]["step"], 1);
  EXPECT_TRUE(recs[5].contains("grad_norm") && recs[5].contains("load_max") && recs[5].contains("tok_s"));
  const std::string svg = render_train_svg(recs);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(svg.find("layer 1"), std::string::npos);
  fs::remove_all(out);
}

TEST(Trainer, ResumeIsBitIdentical) {
  ThreadPool pool(2);
  const int64_t n = 8, k = 3;
  const fs::path out = temp_dir("resume");
  TrainOptions o = small_options(n);

  Trainer full = make_trainer(o, &pool);
  for (int64_t i = 0; i < n; ++i) full.step();

  TrainOptions oa = o;
  oa.out_dir = (out / "run").string();
  {
    Trainer a = make_trainer(oa, &pool);
    for (int64_t i = 0; i < k; ++i) a.step();
    a.save();
  }
  Trainer b = make_trainer(oa, &pool, /*init_seed=*/999);  // its own init must be overwritten
  b.resume(oa.out_dir);
  EXPECT_EQ(b.state().step, k);
  b.run();  // continues to n (and saves at the end)
  EXPECT_EQ(b.state().step, n);
  const TrainParams &x = full.params(), &y = b.params();
  ASSERT_EQ(x.tensors.size(), y.tensors.size());
  for (size_t i = 0; i < x.tensors.size(); ++i) {
    EXPECT_TRUE(same_bits(x.tensors[i].w, y.tensors[i].w)) << x.tensors[i].name;
    if (x.tensors[i].trainable) {
      EXPECT_TRUE(same_bits(x.tensors[i].m, y.tensors[i].m)) << x.tensors[i].name;
      EXPECT_TRUE(same_bits(x.tensors[i].v, y.tensors[i].v)) << x.tensors[i].name;
    }
  }
  EXPECT_EQ(full.state().loader, b.state().loader);
  EXPECT_EQ(fs::path(resolve_checkpoint(oa.out_dir)).filename(), "step-00000008");
  fs::remove_all(out);
}

TEST(Trainer, NonFiniteLossSkipsTheUpdate) {
  TrainOptions o = small_options(2);
  o.grad_accum = 1;
  Trainer tr = make_trainer(o, nullptr);
  tr.params().at("model.norm.weight").w[0] = NAN;
  const std::vector<float> before = tr.params().at("model.layers.0.mlp.up_proj.weight").w;
  const StepRecord r = tr.step();
  EXPECT_TRUE(r.skipped);
  EXPECT_NE(r.skip_reason.find("non-finite"), std::string::npos) << r.skip_reason;
  EXPECT_TRUE(same_bits(before, tr.params().at("model.layers.0.mlp.up_proj.weight").w));
  for (const auto& t : tr.params().tensors)
    for (float g : t.g) ASSERT_EQ(g, 0.0f) << t.name;
  EXPECT_EQ(tr.state().skipped, 1);
  EXPECT_EQ(tr.state().step, 1);
}

}  // namespace
}  // namespace dseek::train
