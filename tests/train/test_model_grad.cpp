// test_model_grad.cpp — the whole training loss (train/model_grad.h):
//  * double: full gradient vs central finite differences on sampled entries of
//    EVERY parameter tensor (V3, q_lora, YaRN, grouped MoE with a non-zero
//    bias, shared experts, balance loss, MTP depth 1, 2 rows × several
//    documents), plus a check that a wrong gradient is caught;
//  * float: main/MTP losses and expert loads equal the inference path
//    (model/forward.cpp over a checkpoint written from the same weights);
//  * gradient accumulation adds up.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

#include "backend/backend.h"
#include "core/threadpool.h"
#include "grad_check.h"
#include "io/config.h"
#include "io/safetensors_writer.h"
#include "model/layout.h"
#include "model/model.h"
#include "train/model_grad.h"
#include "trainer_test_util.h"

using namespace dseek;
using namespace dseek::train;

namespace {

ModelConfig tiny_config() { return dseek::train::testing::tiny_v3_config(); }


// Parameters of `c` in scalar S, filled like a (noisy) init: norms ~1, bias small.
template <class S>
struct Params {
  std::vector<TensorSpec> specs;
  std::map<std::string, size_t> index;
  std::vector<std::vector<S>> w, g;
  ParamSetView<S> view(const ModelConfig& c) {
    ParamSetView<S> v;
    v.cfg = &c;
    v.index = &index;
    for (size_t i = 0; i < w.size(); ++i) v.tensors.push_back({w[i].data(), g[i].data()});
    return v;
  }
};

template <class S>
Params<S> make_params(const ModelConfig& c, uint64_t seed, double sd) {
  Params<S> p;
  p.specs = checkpoint_layout(c, true);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  for (const TensorSpec& t : p.specs) {
    int64_t n = 1;
    for (int64_t d : t.shape) n *= d;
    std::vector<S> v(static_cast<size_t>(n));
    for (auto& x : v) {
      const double z = nd(rng);
      x = S(t.role == TensorRole::Norm ? 1.0 + 0.1 * z : t.role == TensorRole::Bias ? 0.1 * z : sd * z);
    }
    p.index[t.name] = p.w.size();
    p.w.push_back(std::move(v));
    p.g.push_back(std::vector<S>(static_cast<size_t>(n), S(0)));
  }
  return p;
}

// 2 rows of 9 tokens; row 0 holds 3 documents, row 1 two; some targets ignored.
Batch make_batch(const ModelConfig& c, uint64_t seed) {
  Batch b;
  b.B = 2;
  b.T = 9;
  b.segment = {0, 0, 0, 0, 1, 1, 1, 2, 2, /**/ 0, 0, 0, 0, 0, 0, 1, 1, 1};
  std::mt19937_64 rng(seed);
  for (size_t i = 0; i < b.segment.size(); ++i) {
    b.tokens.push_back(int32_t(rng() % uint64_t(c.vocab_size)));
    const bool start = i % size_t(b.T) == 0 || b.segment[i] != b.segment[i - 1];
    b.pos.push_back(start ? 0 : b.pos.back() + 1);
  }
  for (size_t i = 0; i < b.tokens.size(); ++i) {
    const bool last = (i + 1) % size_t(b.T) == 0 || b.segment[i + 1] != b.segment[i];
    b.targets.push_back(last ? -1 : b.tokens[i + 1]);
  }
  b.targets[1] = -1;  // a masked prompt token
  return b;
}

}  // namespace

TEST(ModelGrad, FullGradientMatchesFiniteDifferencesDouble) {
  const ModelConfig c = tiny_config();
  ThreadPool pool(1);
  const GradContext ctx{&pool};
  auto P = make_params<double>(c, 11, 0.4);
  const Batch b = make_batch(c, 5);
  LossOptions o;
  o.mtp_lambda = 0.3f;
  o.seq_aux_alpha = 0.01f;
  const StepStats st = model_loss<double>(ctx, P.view(c), b, o, true);
  EXPECT_GT(st.main_loss, 0.0);
  EXPECT_GT(st.mtp_loss, 0.0);
  EXPECT_GT(st.aux_loss, 0.0);
  EXPECT_NEAR(st.loss, st.main_loss + double(o.mtp_lambda) * st.mtp_loss + st.aux_loss, 1e-12);
  EXPECT_EQ(st.tokens, 12);  // 18 tokens − 5 document ends − 1 masked
  ASSERT_EQ(st.expert_load.size(), 3u);
  EXPECT_TRUE(st.expert_load[0].empty());
  EXPECT_EQ(std::accumulate(st.expert_load[1].begin(), st.expert_load[1].end(), int64_t(0)), 18 * 2);

  auto loss = [&] { return model_loss<double>(ctx, P.view(c), b, o, false).loss; };
  std::mt19937_64 rng(3);
  const double h = 1e-5, floor = 1e-4;
  double worst = 0.0;
  std::string worst_name;
  int checked_nonzero = 0;
  for (size_t ti = 0; ti < P.specs.size(); ++ti) {
    auto& w = P.w[ti];
    const auto& g = P.g[ti];
    std::vector<size_t> picks;
    if (P.specs[ti].role == TensorRole::Embedding) {  // rows that are used
      for (int k = 0; k < 6; ++k) picks.push_back(size_t(b.tokens[rng() % b.tokens.size()]) * size_t(c.hidden_size) +
                                                  rng() % size_t(c.hidden_size));
    } else {
      for (int k = 0; k < 6; ++k) picks.push_back(rng() % w.size());
    }
    size_t best = 0;  // also the entry with the largest gradient
    for (size_t i = 1; i < g.size(); ++i)
      if (std::abs(g[i]) > std::abs(g[best])) best = i;
    picks.push_back(best);
    for (size_t i : picks) {
      const double x0 = w[i];
      w[i] = x0 + h;
      const double lp = loss();
      w[i] = x0 - h;
      const double lm = loss();
      w[i] = x0;
      const double fd = (lp - lm) / (2 * h);
      const double err = std::abs(fd - g[i]) / std::max({std::abs(fd), std::abs(g[i]), floor});
      if (std::abs(fd) > floor) ++checked_nonzero;
      if (err > worst) {
        worst = err;
        worst_name = P.specs[ti].name + "[" + std::to_string(i) + "]";
      }
    }
    // Coverage: every non-expert tensor gets a gradient (a routed expert may
    // legitimately get none: idle, or used only by MTP rows without a target
    // that no later row attends to); an idle expert gets exactly none.
    const TensorSpec& sp = P.specs[ti];
    if (sp.expert >= 0) {
      if (st.expert_load[size_t(sp.layer)][size_t(sp.expert)] == 0) {
        EXPECT_EQ(g[best], 0.0) << sp.name;
      }
    } else if (sp.role == TensorRole::Bias) {
      EXPECT_EQ(g[best], 0.0) << "the correction bias is not differentiated";
    } else {
      EXPECT_NE(g[best], 0.0) << sp.name << " received no gradient";
    }
  }
  EXPECT_LT(worst, 1e-5) << worst_name;
  std::printf("[ model FD ] worst relative error %.3g at %s over %d nonzero entries\n", worst, worst_name.c_str(),
              checked_nonzero);
  EXPECT_GT(checked_nonzero, int(P.specs.size()) * 2);

  // The check can fail: a slightly wrong gradient entry is caught.
  const size_t ti = P.index.at("model.layers.1.mlp.gate.weight");
  size_t i = 0;
  for (size_t k = 1; k < P.g[ti].size(); ++k)
    if (std::abs(P.g[ti][k]) > std::abs(P.g[ti][i])) i = k;
  const double x0 = P.w[ti][i];
  P.w[ti][i] = x0 + h;
  const double lp = loss();
  P.w[ti][i] = x0 - h;
  const double lm = loss();
  P.w[ti][i] = x0;
  const double fd = (lp - lm) / (2 * h), wrong = P.g[ti][i] * (1 + 1e-3);
  EXPECT_GT(std::abs(fd - wrong) / std::max({std::abs(fd), std::abs(wrong), floor}), 1e-5);
}

TEST(ModelGrad, AccumulatesAndFloatMatchesDouble) {
  const ModelConfig c = tiny_config();
  ThreadPool pool(2);
  const GradContext ctx{&pool};
  auto Pd = make_params<double>(c, 21, 0.3);
  Params<float> Pf;
  Pf.specs = Pd.specs;
  Pf.index = Pd.index;
  for (size_t i = 0; i < Pd.w.size(); ++i) {
    Pf.w.emplace_back(Pd.w[i].begin(), Pd.w[i].end());
    Pf.g.emplace_back(Pd.w[i].size(), 0.0f);
  }
  for (auto& v : Pd.w)  // the double run uses exactly the float weights
    for (auto& x : v) x = double(float(x));
  const Batch b = make_batch(c, 9);
  const LossOptions o;
  const StepStats sd = model_loss<double>(ctx, Pd.view(c), b, o, true);
  const StepStats s1 = model_loss<float>(ctx, Pf.view(c), b, o, true);
  const StepStats s2 = model_loss<float>(ctx, Pf.view(c), b, o, true);  // accumulate a second time
  EXPECT_NEAR(s1.loss, sd.loss, 1e-5 * sd.loss);
  EXPECT_EQ(s1.loss, s2.loss);
  double num = 0, den = 0;
  for (size_t t = 0; t < Pd.g.size(); ++t)
    for (size_t i = 0; i < Pd.g[t].size(); ++i) {
      num = std::max(num, std::abs(double(Pf.g[t][i]) - 2 * Pd.g[t][i]));
      den = std::max(den, std::abs(2 * Pd.g[t][i]));
    }
  EXPECT_LT(num / den, 1e-4);
}

TEST(ModelGrad, FloatLossEqualsInferencePath) {
  ModelConfig c = tiny_config();
  c.hidden_size = 32;
  c.vocab_size = 61;
  ThreadPool pool(2);
  const GradContext ctx{&pool};
  // TrainParams (the real entry point) built from the same layout.
  TrainParams tp;
  tp.cfg = c;
  auto P = make_params<float>(c, 31, 0.15);
  for (size_t i = 0; i < P.specs.size(); ++i) {
    ParamTensor t;
    t.name = P.specs[i].name;
    t.shape = P.specs[i].shape;
    t.role = P.specs[i].role;
    t.w = P.w[i];
    t.trainable = t.role != TensorRole::Bias;
    tp.index[t.name] = tp.tensors.size();
    tp.tensors.push_back(std::move(t));
  }
  // Write it as a checkpoint and load it through the inference loader.
  const auto dir = std::filesystem::temp_directory_path() / ("dseek_model_grad_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "config.json") << to_json(c);
    std::vector<SafetensorsTensorIn> ts;
    for (const ParamTensor& t : tp.tensors)
      ts.push_back({t.name, DType::F32, t.shape,
                    {reinterpret_cast<const uint8_t*>(t.w.data()), t.w.size() * sizeof(float)}});
    write_safetensors((dir / "model.safetensors").string(), ts);
  }
  Model m = load_model(dir.string());
  ASSERT_EQ(m.w.mtp.size(), 1u);

  Batch b;
  b.B = 1;
  b.T = 12;
  std::mt19937_64 rng(4);
  for (int64_t t = 0; t < b.T; ++t) {
    b.tokens.push_back(int32_t(rng() % uint64_t(c.vocab_size)));
    b.segment.push_back(0);
    b.pos.push_back(int32_t(t));
  }
  for (int64_t t = 0; t < b.T; ++t) b.targets.push_back(t + 1 < b.T ? b.tokens[size_t(t + 1)] : 3);

  auto be = make_cpu_backend({.reference = true});
  std::vector<std::vector<int64_t>> load;
  ForwardOptions fo;
  fo.expert_load = &load;
  const ForwardResult fr = forward(m, *be, b.tokens, fo);
  const double ref_main =
      cross_entropy_sum<float>(fr.logits.data(), b.targets.data(), b.T, c.vocab_size, 1.0f, nullptr) / double(b.T);
  const std::vector<float> mtp_logits = mtp_forward_reference(m, 0, b.tokens, fr.hidden);
  const double ref_mtp = cross_entropy_sum<float>(mtp_logits.data(), b.targets.data() + 1, b.T - 1, c.vocab_size,
                                                  1.0f, nullptr) /
                         double(b.T - 1);

  LossOptions o;
  o.seq_aux_alpha = 0.0f;
  const StepStats st = forward_backward(tp, b, o, ctx);
  EXPECT_NEAR(st.main_loss, ref_main, 1e-5);
  EXPECT_NEAR(st.mtp_loss, ref_mtp, 1e-5);
  EXPECT_EQ(st.tokens, b.T);
  EXPECT_EQ(st.mtp_tokens, b.T - 1);
  EXPECT_NEAR(loss_only(tp, b, o, ctx), st.loss, 1e-6);
  ASSERT_GE(load.size(), 2u);
  EXPECT_EQ(st.expert_load[1], load[1]);
  std::filesystem::remove_all(dir);

  // Malformed batches are errors, not crashes.
  Batch bad = b;
  bad.targets.pop_back();
  EXPECT_THROW(forward_backward(tp, bad, o, ctx), Error);
  bad = b;
  bad.tokens[2] = int32_t(c.vocab_size);
  EXPECT_THROW(loss_only(tp, bad, o, ctx), Error);
}

// Shared-prefix packing (Batch::shared_prefix): one row [P | doc1 | doc2 | pad]
// gives the same token losses and gradients as two rows [P doc1] and [P doc2]
// of ordinary packing — each document sees the prefix as if it were its own.
TEST(ModelGrad, SharedPrefixEqualsSeparateRows) {
  const ModelConfig c = tiny_config();
  const int64_t P = 5;
  std::mt19937_64 rng(11);
  auto tok = [&] { return int32_t(rng() % uint64_t(c.vocab_size)); };
  std::vector<int32_t> prefix(static_cast<size_t>(P)), d1(6), d2(4);
  for (auto* v : {&prefix, &d1, &d2})
    for (auto& t : *v) t = tok();
  // Targets inside a document: the next token, except the first two (prompt).
  auto doc_targets = [](const std::vector<int32_t>& d) {
    std::vector<int32_t> t(d.size(), -1);
    for (size_t i = 2; i + 1 < d.size(); ++i) t[i] = d[i + 1];
    return t;
  };
  Batch sep[2], comb;
  int64_t counted[2] = {0, 0};
  const std::vector<int32_t>* docs[2] = {&d1, &d2};
  for (int k = 0; k < 2; ++k) {
    Batch& b = sep[k];
    b.B = 1;
    b.T = P + int64_t(docs[k]->size());
    b.tokens = prefix;
    b.tokens.insert(b.tokens.end(), docs[k]->begin(), docs[k]->end());
    b.targets.assign(size_t(P), -1);
    const auto dt = doc_targets(*docs[k]);
    b.targets.insert(b.targets.end(), dt.begin(), dt.end());
    b.segment.assign(size_t(b.T), 0);
    for (int64_t t = 0; t < b.T; ++t) b.pos.push_back(int32_t(t));
    for (int32_t t : b.targets) counted[k] += t >= 0;
  }
  comb.B = 1;
  comb.T = P + int64_t(d1.size() + d2.size()) + 2;  // + 2 padding
  comb.shared_prefix = P;
  comb.tokens = prefix;
  comb.targets.assign(size_t(P), -1);
  comb.segment.assign(size_t(P), 0);
  for (int64_t t = 0; t < P; ++t) comb.pos.push_back(int32_t(t));
  for (int k = 0; k < 2; ++k) {
    const auto dt = doc_targets(*docs[k]);
    for (size_t i = 0; i < docs[k]->size(); ++i) {
      comb.tokens.push_back((*docs[k])[i]);
      comb.targets.push_back(dt[i]);
      comb.segment.push_back(k + 1);
      comb.pos.push_back(int32_t(P + int64_t(i)));
    }
  }
  for (int i = 0; i < 2; ++i) {
    comb.tokens.push_back(1);
    comb.targets.push_back(-1);
    comb.segment.push_back(3);
    comb.pos.push_back(int32_t(P));
  }

  LossOptions o;
  o.seq_aux_alpha = 0.0;  // per-sequence statistics differ by design (the prefix is its own sequence)
  auto ps = make_params<double>(c, 5, 0.3);
  auto pc = make_params<double>(c, 5, 0.3);
  const GradContext gc;
  StepStats s0 = model_loss<double>(gc, ps.view(c), sep[0], o, true);
  auto ps2 = make_params<double>(c, 5, 0.3);
  StepStats s1 = model_loss<double>(gc, ps2.view(c), sep[1], o, true);
  StepStats sc = model_loss<double>(gc, pc.view(c), comb, o, true);
  ASSERT_EQ(sc.tokens, counted[0] + counted[1]);
  ASSERT_EQ(sc.mtp_tokens, s0.mtp_tokens + s1.mtp_tokens);
  EXPECT_NEAR(sc.main_loss * double(sc.tokens), s0.main_loss * double(s0.tokens) + s1.main_loss * double(s1.tokens),
              1e-9);
  // MTP: the prefix's last row cannot see each document's first token (its
  // input is the prefix's own last token instead), so MTP is close, not equal.
  EXPECT_NEAR(sc.mtp_loss * double(sc.mtp_tokens),
              s0.mtp_loss * double(s0.mtp_tokens) + s1.mtp_loss * double(s1.mtp_tokens),
              0.01 * s0.mtp_loss * double(s0.mtp_tokens));
  // Gradients: only the main loss's are comparable per token (MTP normalises by
  // its own count), so compare with mtp_lambda = 0.
  o.mtp_lambda = 0.0f;
  for (auto* p : {&ps, &ps2, &pc})
    for (auto& g : p->g) std::fill(g.begin(), g.end(), 0.0);
  s0 = model_loss<double>(gc, ps.view(c), sep[0], o, true);
  s1 = model_loss<double>(gc, ps2.view(c), sep[1], o, true);
  sc = model_loss<double>(gc, pc.view(c), comb, o, true);
  double max_err = 0, max_ref = 0;
  for (size_t i = 0; i < pc.g.size(); ++i)
    for (size_t j = 0; j < pc.g[i].size(); ++j) {
      const double ref = ps.g[i][j] * double(s0.tokens) + ps2.g[i][j] * double(s1.tokens);
      const double got = pc.g[i][j] * double(sc.tokens);
      ASSERT_FALSE(std::isnan(got));
      max_err = std::max(max_err, std::abs(got - ref));
      max_ref = std::max(max_ref, std::abs(ref));
    }
  EXPECT_GT(max_ref, 1e-3);
  EXPECT_LT(max_err, 1e-9 * std::max(1.0, max_ref));

  // A prefix that is not exactly the first segment is rejected.
  Batch bad = comb;
  bad.shared_prefix = P - 1;
  EXPECT_THROW(model_loss<double>(gc, pc.view(c), bad, o, false), Error);
}

// The float attention through GEMMs (train/attn_gemm.h) equals the pair loop:
// loss and every gradient, on batches with documents and a shared prefix.
TEST(ModelGrad, GemmAttentionEqualsPairLoop) {
  const ModelConfig c = tiny_config();
  ThreadPool pool(2);
  for (int variant = 0; variant < 2; ++variant) {
    Batch b = make_batch(c, 7);
    if (variant == 1) {  // shared prefix: the first 3 tokens of each row are one segment seen by all
      b.shared_prefix = 3;
      for (int64_t r = 0; r < b.B; ++r)
        for (int64_t t = 0; t < b.T; ++t) {
          int32_t& s = b.segment[size_t(r * b.T + t)];
          s = t < 3 ? 0 : (t < 6 ? 1 : 2);
          b.pos[size_t(r * b.T + t)] = int32_t(t);
          if (t == 2 || t == 5 || t + 1 == b.T) b.targets[size_t(r * b.T + t)] = -1;
        }
    }
    LossOptions o;
    auto pa = make_params<float>(c, 3, 0.3);
    auto pb = make_params<float>(c, 3, 0.3);
    const StepStats sa = model_loss<float>(GradContext{&pool, true}, pa.view(c), b, o, true);
    const StepStats sb = model_loss<float>(GradContext{&pool, false}, pb.view(c), b, o, true);
    EXPECT_NEAR(sa.loss, sb.loss, 1e-5 * std::abs(sb.loss)) << "variant " << variant;
    double max_err = 0, max_ref = 0;
    for (size_t i = 0; i < pa.g.size(); ++i)
      for (size_t j = 0; j < pa.g[i].size(); ++j) {
        ASSERT_FALSE(std::isnan(pa.g[i][j]));
        max_err = std::max(max_err, double(std::abs(pa.g[i][j] - pb.g[i][j])));
        max_ref = std::max(max_ref, double(std::abs(pb.g[i][j])));
      }
    EXPECT_GT(max_ref, 1e-3);
    EXPECT_LT(max_err, 1e-4 * max_ref) << "variant " << variant;
  }
}
