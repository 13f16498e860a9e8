// cmd_bench.cpp — `dseek bench`: prefill and decode throughput of a model or a
// random-weight preset, with the achieved memory bandwidth and FLOP/s set
// against this machine's measured read bandwidth. Prints `prefill: X tok/s`
// and `decode: Y tok/s` lines (a contract for scripts) and optional JSON.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/model_args.h"
#include "core/check.h"
#include "model/layout.h"
#include "io/mmap.h"
#include "model/presets.h"
#include "runtime/generator.h"
#include "backend/cuda/cuda_model.h"

namespace dseek::cli {
namespace {

using Clock = std::chrono::steady_clock;
double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Best-of-3 read bandwidth over a 512 MiB buffer using the backend's threads.
double measure_read_gbps(Backend& be) {
  const size_t n = (512ull << 20) / sizeof(float);
  std::vector<float> buf(n, 1.0f);
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<double> part(256, 0.0);
    const auto t0 = Clock::now();
    be.parallel_for(int64_t(n / 4096), [&](int64_t b, int64_t e) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (size_t i = size_t(b) * 4096; i < size_t(e) * 4096; i += 4) {
        s0 += buf[i]; s1 += buf[i + 1]; s2 += buf[i + 2]; s3 += buf[i + 3];
      }
      part[size_t(b) % part.size()] += s0 + s1 + s2 + s3;
    });
    const double t = secs(t0, Clock::now());
    best = std::max(best, double(n * sizeof(float)) / t / 1e9);
  }
  return best;
}

// Weight bytes one decode token reads: everything but the embedding table
// (one row) and the routed experts (k of E per MoE layer).
double bytes_per_token(const Model& m) {
  const ModelConfig& c = m.cfg;
  double b = 0;
  for (const TensorSpec& t : checkpoint_layout(c, false)) {
    const TensorView* v = m.ckpt->find(t.name);
    if (!v) continue;
    double tb = double(v->nbytes);
    if (const TensorView* s = m.ckpt->find(t.name.substr(0, t.name.size() - 6) + "weight_scale_inv")) tb += double(s->nbytes);
    if (t.role == TensorRole::Embedding) tb = tb / double(c.vocab_size);
    if (t.expert >= 0) tb = tb * double(c.num_experts_per_tok) / double(c.n_routed_experts);
    b += tb;
  }
  return b;
}

// --device cuda: the model uploaded (or a preset generated on the GPU, no
// files), the same generate() loop; bandwidth against the H200's measured
// 4.28 TB/s device copy (bench_cuda_decode has the per-batch table).
void bench_cuda(const ModelArgs& ma, const std::string& preset, DType dt, uint64_t seed, int np, int nn, bool mtp) {
  std::unique_ptr<CudaModel> cm;
  std::optional<LoadedModel> lm;
  CudaModelOptions o = ma.cuda_options();
  o.max_seqs = 2;
  o.cache_tokens = int64_t(np + nn + 64) * 2;
  if (!preset.empty()) {
    cm = CudaModel::create_random(preset_config(preset), dt, seed, o);
  } else {
    lm.emplace(load_for_cli(ma, false));
    o.progress = true;
    cm = CudaModel::create(lm->model, o);
  }
  const ModelConfig& c = cm->config();
  std::vector<int32_t> prompt(static_cast<size_t>(np));
  for (int i = 0; i < np; ++i) prompt[size_t(i)] = int32_t(100 + (uint64_t(i) * 2654435761u) % uint64_t(c.vocab_size - 100));
  GenerateParams gp;
  gp.sampling.temperature = 0;
  gp.sampling.max_tokens = 4;
  gp.mtp = mtp;
  {  // warm-up (kernels, graphs)
    auto seq = cuda_sequence(*cm);
    generate(*seq, prompt, gp, [](int32_t, const SampleResult&) { return true; });
  }
  gp.sampling.max_tokens = nn;
  auto seq = cuda_sequence(*cm);
  const GenerateStats st = generate(*seq, prompt, gp, [](int32_t, const SampleResult&) { return true; });
  const double prefill_tps = st.prompt_tokens / st.prefill_seconds;
  const double decode_tps = st.generated > 1 ? (st.generated - 1) / st.decode_seconds : 0;
  const CudaStats cs = cm->stats();
  fmt::print("model {}  device {}  weights {:.2f} GB\n", preset.empty() ? ma.model_dir : preset, cs.device,
             cs.weight_bytes / 1e9);
  if (lm) {
    const double bytes = bytes_per_token(lm->model) +
                         double(c.num_hidden_layers) * (np + nn / 2.0) * double(c.kv_lora_rank + c.qk_rope_head_dim) * 2;
    fmt::print("decode reads {:.1f} MB/token: {:.0f} GB/s = {:.1f}% of the H200's 4280 GB/s copy bandwidth\n",
               bytes / 1e6, bytes * decode_tps / 1e9, 100 * bytes * decode_tps / 1e9 / 4280);
  }
  fmt::print("time to first token: {:.1f} ms\n", st.prefill_seconds * 1e3);
  if (st.mtp_drafted)
    fmt::print("MTP acceptance: {:.1f}% ({}/{})\n", 100.0 * st.mtp_accepted / st.mtp_drafted, st.mtp_accepted, st.mtp_drafted);
  fmt::print("prefill: {:.1f} tok/s\ndecode: {:.1f} tok/s\n", prefill_tps, decode_tps);
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Prefill/decode throughput, bandwidth and FLOP/s vs this machine's limits");
  auto ma = std::make_shared<ModelArgs>();
  auto preset = std::make_shared<std::string>();
  auto dtype = std::make_shared<std::string>("bf16");
  auto seed = std::make_shared<uint64_t>(0);
  auto np = std::make_shared<int>(512), nn = std::make_shared<int>(128);
  auto json_out = std::make_shared<std::string>();
  auto mtp = std::make_shared<bool>(false);
  ma->add_to(cmd, false);
  cmd->add_option("--preset", *preset, "Random-weight model instead of -m: v3-tiny | v2lite4 | v3-2l | v3-4l | v3-16l (with --device cuda: built on the GPU, no files)");
  cmd->add_option("--dtype", *dtype, "Preset weight dtype: bf16 | fp8 | f32")->capture_default_str();
  cmd->add_option("--seed", *seed, "Preset weight seed")->capture_default_str();
  cmd->add_option("-p,--prompt-tokens", *np, "Prompt length")->capture_default_str();
  cmd->add_option("-n,--gen-tokens", *nn, "Tokens to decode")->capture_default_str();
  cmd->add_option("--json", *json_out, "Also write the results as JSON here");
  cmd->add_flag("--mtp", *mtp, "Decode with MTP speculative decoding");
  cmd->callback([=] {
    DSEEK_CHECK(!ma->model_dir.empty() || !preset->empty(), "bench: give -m DIR or --preset NAME");
    DSEEK_CHECK(*np >= 1 && *np <= 1 << 20 && *nn >= 1 && *nn <= 1 << 20, "bench: -p/-n must be in 1..{}", 1 << 20);
    if (ma->cuda()) {
      DSEEK_CHECK(*dtype == "fp8" || *dtype == "f32" || *dtype == "bf16", "--dtype: expected bf16|fp8|f32, got '{}'", *dtype);
      bench_cuda(*ma, *preset, *dtype == "fp8" ? DType::F8_E4M3 : *dtype == "f32" ? DType::F32 : DType::BF16, *seed, *np,
                 *nn, *mtp);
      return;
    }
    if (!preset->empty()) {
      PresetOptions po;
      po.dtype = *dtype == "fp8" ? DType::F8_E4M3 : *dtype == "f32" ? DType::F32 : DType::BF16;
      DSEEK_CHECK(*dtype == "fp8" || *dtype == "f32" || *dtype == "bf16", "--dtype: expected bf16|fp8|f32, got '{}'", *dtype);
      po.seed = *seed;
      ma->model_dir = materialize_preset(*preset, po);
    }
    LoadedModel lm = load_for_cli(*ma, false);
    const Model& m = lm.model;
    auto be = ma->backend();
    const double bw = measure_read_gbps(*be);
    const ActiveCounts ac = count_params(m.cfg);

    std::vector<int32_t> prompt(static_cast<size_t>(*np));
    for (int i = 0; i < *np; ++i) prompt[size_t(i)] = int32_t(100 + (uint64_t(i) * 2654435761u) % uint64_t(m.cfg.vocab_size - 100));
    {  // warm-up
      GenerateParams w;
      w.sampling.temperature = 0;
      w.sampling.max_tokens = 2;
      generate(m, *be, std::span(prompt).first(std::min<size_t>(8, prompt.size())), w,
               [](int32_t, const SampleResult&) { return true; });
    }
    GenerateParams gp;
    gp.sampling.temperature = 0;
    gp.sampling.max_tokens = *nn;
    gp.mtp = *mtp;
    GenerateStats st = generate(m, *be, prompt, gp, [](int32_t, const SampleResult&) { return true; });

    const double prefill_tps = st.prompt_tokens / st.prefill_seconds;
    const double decode_tps = st.generated > 1 ? (st.generated - 1) / st.decode_seconds : 0;
    const double wbytes = bytes_per_token(m);
    const double ctx = *np + *nn / 2.0;
    const double cache_bytes = double(m.cfg.num_hidden_layers) * ctx * double(m.cfg.kv_lora_rank + m.cfg.qk_rope_head_dim) * 4;
    const double dec_bw = (wbytes + cache_bytes) * decode_tps / 1e9;
    const double attn_flops = double(m.cfg.num_hidden_layers) * m.cfg.num_attention_heads *
                              (2.0 * (m.cfg.kv_lora_rank + m.cfg.qk_rope_head_dim) + 2.0 * m.cfg.kv_lora_rank) * ctx;
    const double dec_gflops = (2.0 * double(ac.active_params) + attn_flops) * decode_tps / 1e9;
    // Prefill computes the head for the last row only.
    const double head = double(m.cfg.vocab_size) * double(m.cfg.hidden_size);
    const double pre_gflops = (2.0 * (double(ac.active_params) - head) * prefill_tps + 2.0 * head / st.prefill_seconds) / 1e9;

    fmt::print("model {}  ({:.2f}B params, {:.2f}B active/token)  backend {} x{}\n", ma->model_dir,
               ac.total_params / 1e9, ac.active_params / 1e9, be->name(), be->num_threads());
    const uint64_t file_bytes = m.ckpt->bytes();
    const bool resident = m.ckpt->resident();
    uint64_t panel_bytes = 0;  // --bf16-activations: the prefill panels (prepack_bf16_weights), also anonymous memory
    for (const HugeBuffer& b : m.panels) panel_bytes += b.size();
    const uint64_t anon_bytes = (resident ? file_bytes : 0) + panel_bytes;
    const double huge = anon_bytes ? std::min(1.0, double(anon_huge_page_bytes()) / double(anon_bytes)) : 0;
    if (resident)
      fmt::print("weights: in RAM, {:.2f} GB", file_bytes / 1e9);
    else
      fmt::print("weights: mmap'd files in place, {:.2f} GB (4 KB pages; --memory ram decodes faster)", file_bytes / 1e9);
    if (panel_bytes) fmt::print("; bf16 prefill panels {:.2f} GB", panel_bytes / 1e9);
    if (anon_bytes) fmt::print("; {:.0f}% of the memory copies on 2 MB pages", 100 * huge);
    fmt::print("\n");
    fmt::print("{:<10} {:>10} {:>12} {:>14} {:>12}\n", "phase", "tok/s", "GB/s", "vs read bw", "GFLOP/s");
    fmt::print("{:<10} {:>10.1f} {:>12} {:>14} {:>12.1f}\n", "prefill", prefill_tps, "-", "-", pre_gflops);
    fmt::print("{:<10} {:>10.1f} {:>12.1f} {:>13.0f}% {:>12.1f}\n", "decode", decode_tps, dec_bw, 100 * dec_bw / bw,
               dec_gflops);
    fmt::print("read bandwidth (measured): {:.1f} GB/s; bytes/token {:.1f} MB weights + {:.1f} MB cache\n", bw,
               wbytes / 1e6, cache_bytes / 1e6);
    fmt::print("time to first token: {:.1f} ms\n", st.prefill_seconds * 1e3);
    if (st.mtp_drafted)
      fmt::print("MTP acceptance: {:.1f}% ({}/{})\n", 100.0 * st.mtp_accepted / st.mtp_drafted, st.mtp_accepted, st.mtp_drafted);
    fmt::print("prefill: {:.1f} tok/s\ndecode: {:.1f} tok/s\n", prefill_tps, decode_tps);
    if (!json_out->empty()) {
      nlohmann::json j = {{"model", ma->model_dir}, {"threads", be->num_threads()}, {"prompt_tokens", *np},
                          {"gen_tokens", st.generated}, {"prefill_tok_s", prefill_tps}, {"decode_tok_s", decode_tps},
                          {"ttft_ms", st.prefill_seconds * 1e3}, {"decode_gb_s", dec_bw}, {"read_bw_gb_s", bw},
                          {"decode_gflop_s", dec_gflops}, {"prefill_gflop_s", pre_gflops},
                          {"mtp_drafted", st.mtp_drafted}, {"mtp_accepted", st.mtp_accepted},
                          {"weights_memory", resident ? "ram" : "mmap"}, {"huge_page_fraction", huge},
                          {"bf16_panel_bytes", panel_bytes}};
      std::ofstream(*json_out) << j.dump(2) << "\n";
    }
  });
}

}  // namespace dseek::cli
