// test_server_engine.cpp — the continuous-batching engine at token level on
// the tiny fixture model (tests/fixtures/models/v3_mtp): a seeded sequence
// yields the same tokens alone and batched (joining mid-batch, chunked
// prefill), prefix-cache hits do not change outputs, cancellation frees the
// sequence and its cache, queue limits; and text through the scripted model.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "io/chat_template.h"
#include "io/reasoning.h"
#include "model/model.h"
#include "server/engine.h"
#include "server_test_util.h"

namespace dseek::server {
namespace {

using namespace std::chrono_literals;

const Model& fixture() {
  static const Model m = load_model(test::source_dir() + "/tests/fixtures/models/v3_mtp");
  return m;
}

struct SeqRun {
  std::vector<int32_t> tokens;
  std::string text, finish;
  int64_t cached = 0;
};

// Waits for every choice of `st` to finish (bounded).
std::vector<SeqRun> collect(RequestStream& st) {
  std::vector<SeqRun> runs(size_t(st.choices()));
  int done = 0;
  const auto deadline = Clock::now() + 60s;
  while (done < st.choices() && Clock::now() < deadline) {
    std::vector<TokenEvent> evs;
    st.wait_pop(evs, 100ms);
    for (auto& ev : evs) {
      SeqRun& r = runs[size_t(ev.choice)];
      if (ev.token >= 0) r.tokens.push_back(ev.token);
      r.text += ev.text;
      if (ev.finished) {
        r.finish = ev.finish_reason + (ev.error.empty() ? "" : ": " + ev.error);
        r.cached = ev.cached_tokens;
        ++done;
      }
    }
  }
  EXPECT_EQ(done, st.choices()) << "timed out";
  return runs;
}

SeqParams seq(std::vector<int32_t> prompt, uint64_t seed, int max_tokens, float temp = 1.0f) {
  SeqParams p;
  p.prompt = std::move(prompt);
  p.sampling.seed = seed;
  p.sampling.temperature = temp;
  p.sampling.max_tokens = max_tokens;
  return p;
}

std::shared_ptr<RequestStream> submit(Engine& e, std::vector<SeqParams> ps) {
  auto st = std::make_shared<RequestStream>(int(ps.size()));
  EXPECT_EQ(e.submit(std::move(ps), st), SubmitResult::kOk);
  return st;
}

TEST(ServerEngine, SeededOutputIsTheSameAloneAndBatched) {
  auto be = make_cpu_backend({.reference = false, .threads = 2});
  const std::vector<int32_t> a = {3, 17, 42, 99, 5, 8, 13, 21, 34, 55, 89, 144, 2, 7};
  std::vector<int32_t> alone;
  {
    EngineOptions o;
    o.prefix_cache_bytes = 0;
    Engine e(fixture(), *be, nullptr, o);
    auto st = submit(e, {seq(a, 42, 24)});
    SeqRun r = collect(*st)[0];
    EXPECT_EQ(r.finish, "length");
    ASSERT_EQ(r.tokens.size(), 24u);
    alone = r.tokens;
  }
  {
    EngineOptions o;
    o.prefix_cache_bytes = 0;
    o.prefill_chunk = 4;  // chunked prefill: the prompt takes several steps
    o.step_prefill_rows = 6;
    Engine e(fixture(), *be, nullptr, o);
    auto s1 = submit(e, {seq({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 7, 30), seq({150, 4}, 8, 30, 0.0f)});
    std::this_thread::sleep_for(20ms);  // let the first ones run, so `a` joins mid-batch
    auto s2 = submit(e, {seq(a, 42, 24)});
    auto s3 = submit(e, {seq({9, 9, 9}, 1, 10)});
    EXPECT_EQ(collect(*s2)[0].tokens, alone);
    collect(*s1);
    collect(*s3);
    // The last event reaches the stream before the scheduler retires the sequence: wait for it.
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (!e.idle() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    EXPECT_TRUE(e.idle());
  }
}

TEST(ServerEngine, PrefixCacheHitKeepsOutputsAndFreesOnCancel) {
  auto be = make_cpu_backend({.reference = false, .threads = 2});
  EngineOptions o;
  o.prefix_block = 8;
  Engine e(fixture(), *be, nullptr, o);
  std::vector<int32_t> p(20);
  for (int i = 0; i < 20; ++i) p[size_t(i)] = (i * 37 + 11) % 160;
  SeqRun first = collect(*submit(e, {seq(p, 5, 12, 0.0f)}))[0];
  EXPECT_EQ(first.cached, 0);
  SeqRun second = collect(*submit(e, {seq(p, 5, 12, 0.0f)}))[0];
  EXPECT_EQ(second.cached, 16);  // two blocks of 8 (at most prompt - 1 rows)
  EXPECT_EQ(second.tokens, first.tokens);
  EXPECT_GT(e.snapshot().prefix_cache_bytes, 0);

  // Cancel mid-generation: the sequence leaves at the next step.
  auto st = submit(e, {seq({1, 2, 3}, 1, 40), seq({4, 5, 6}, 2, 40)});
  std::vector<TokenEvent> evs;
  while (evs.empty()) st->wait_pop(evs, 100ms);
  st->cancel();
  const auto deadline = Clock::now() + 10s;
  while (!e.idle() && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(e.idle());
  EXPECT_EQ(e.snapshot().running, 0);
  EXPECT_EQ(e.snapshot().kv_cache_bytes, 0);
}

TEST(ServerEngine, QueueLimitsAndBadInput) {
  auto be = make_cpu_backend({.reference = false, .threads = 1});
  EngineOptions o;
  o.max_batch = 1;
  o.max_queue = 1;
  Engine e(fixture(), *be, nullptr, o);
  auto st = std::make_shared<RequestStream>(2);
  EXPECT_EQ(e.submit({seq({1}, 1, 5), seq({2}, 1, 5)}, st), SubmitResult::kQueueFull);
  auto bad = std::make_shared<RequestStream>(1);
  EXPECT_THROW(e.submit({seq({1, 500}, 1, 5)}, bad), Error);  // outside the vocabulary
  EXPECT_THROW(e.submit({seq(std::vector<int32_t>(64, 1), 1, 5)}, bad), Error);  // no room in the context
  EXPECT_THROW(e.submit({seq({}, 1, 5)}, bad), Error);
  e.drain();
  EXPECT_EQ(e.submit({seq({1}, 1, 5)}, bad), SubmitResult::kDraining);
}

TEST(ServerEngine, ScriptedModelChatText) {
  const std::string dir = std::filesystem::temp_directory_path() / "dseek_scripted_engine";
  test::write_scripted_model(dir, 256);
  const Model m = load_model(dir);
  const Tokenizer tok = Tokenizer::load(dir);
  const LoadedChatTemplate t = load_chat_template(dir);
  ASSERT_EQ(t.info.kind, ChatTemplateKind::DeepSeekR1);
  const std::string prompt = render_chat(t.info.kind, nlohmann::json::parse(R"([{"role":"user","content":"hello"}])"),
                                         render_options_for(t, true));
  ASSERT_TRUE(prompt_opens_reasoning(prompt));
  auto be = make_cpu_backend({.reference = false, .threads = 1});
  Engine e(m, *be, &tok, {});
  SeqParams p = seq(tok.encode(prompt), 3, 16);
  p.stop.stop_token_ids = {*tok.eos_id()};
  SeqRun r = collect(*submit(e, {p}))[0];
  EXPECT_EQ(r.text, "OK</think>Hi! abcdefghj");
  EXPECT_EQ(split_reasoning(r.text, true).reasoning, "OK");
  // Stop string, and a stop token ("~" → EOS).
  SeqParams s2 = seq(tok.encode(prompt), 3, 50);
  s2.stop.stop = {"def"};
  SeqRun r2 = collect(*submit(e, {s2}))[0];
  EXPECT_EQ(r2.text, "OK</think>Hi! abc");
  EXPECT_EQ(r2.finish, "stop");
  SeqParams s3 = seq(tok.encode("x~"), 3, 50);
  s3.stop.stop_token_ids = {*tok.eos_id()};
  SeqRun r3 = collect(*submit(e, {s3}))[0];
  EXPECT_EQ(r3.text, "");
  EXPECT_EQ(r3.finish, "stop");
  EXPECT_EQ(r3.tokens.size(), 1u);
}

TEST(ServerEngine, GpuEngineMatchesCpuEngine) {
  // The same scheduler on the CUDA model (EngineOptions.cuda): seeded sampled and
  // greedy sequences, batched with chunked prefill, give the CPU engine's tokens
  // (fp32 latent cache; F32 fixture weights). Skipped without a GPU.
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  CudaModelOptions co;
  co.cache_bf16 = false;
  co.max_seqs = 4;
  co.max_step_tokens = 64;
  co.cache_tokens = 1024;
  auto gpu = CudaModel::create(fixture(), co);
  auto be = make_cpu_backend({.threads = 2});
  auto run = [&](CudaModel* cuda) {
    EngineOptions eo;
    eo.max_batch = 4;
    eo.prefill_chunk = 7;
    eo.step_prefill_rows = 16;
    eo.cuda = cuda;
    Engine e(fixture(), *be, nullptr, eo);
    auto st = std::make_shared<RequestStream>(3);
    std::vector<SeqParams> ss = {seq({5, 9, 12, 40, 7, 3, 22, 18, 9, 60}, 1, 12, 0.0f),
                                 seq({11, 13, 17}, 7, 12, 0.8f), seq({3, 3, 3, 3, 3, 3}, 9, 12, 1.0f)};
    EXPECT_EQ(e.submit(std::move(ss), st), SubmitResult::kOk);
    return collect(*st);
  };
  const auto cpu = run(nullptr), gpu_runs = run(gpu.get());
  for (size_t i = 0; i < cpu.size(); ++i) {
    EXPECT_EQ(gpu_runs[i].tokens, cpu[i].tokens) << "choice " << i;
    EXPECT_EQ(gpu_runs[i].finish, cpu[i].finish) << "choice " << i;
  }
}

}  // namespace
}  // namespace dseek::server
