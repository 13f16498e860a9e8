// bench_cuda_decode.cpp — GPU prefill and decode throughput of a random-weight
// preset built on the device (default v3-4l: DeepSeek-V3's real layer shapes,
// 4 layers, FP8 weights), at several batch sizes, with the bytes each decode
// step must read (weights of the experts actually routed to, attention,
// shared/dense MLPs, head, latent cache) turned into achieved bandwidth and
// set against the H200's measured 4.28 TB/s copy bandwidth.
// Usage: bench_cuda_decode [--preset v3-4l] [--dtype fp8|bf16] [--batch 1,16,64,256]
//        [--prompt 512] [--gen 32] [--gpus 0,1] [--json out.json]
// --gpus: expert parallelism (routed experts split over the GPUs, the rest replicated); bytes
// are then summed over the GPUs (replicated weights and cache read on each) and set against
// N x 4.28 TB/s.
// What it is not: a test (numbers only), or a PyTorch comparison (scripts/device).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backend/cuda/cuda_model.h"
#include "model/presets.h"

using namespace dseek;
using Clock = std::chrono::steady_clock;

namespace {

double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Bytes of one linear [out, in] in dtype dt (+ FP8 block scales).
double lin(double out, double in, DType dt) {
  const double b = out * in * double(dtype_size(dt));
  return dt == DType::F8_E4M3 ? b + std::ceil(out / 128) * std::ceil(in / 128) * 4 : b;
}

// Weight + cache bytes one decode step over `batch` sequences of context `ctx` must read
// (summed over `gpus` GPUs of an expert-parallel model: all but the experts on each).
double step_bytes(const ModelConfig& c, DType dt, int batch, int64_t ctx, int gpus = 1) {
  const double Hd = double(c.hidden_size), H = double(c.num_attention_heads);
  double attn = lin(c.q_lora_rank, Hd, dt) + lin(H * c.qk_head_dim(), c.q_lora_rank, dt) +
                lin(c.kv_lora_rank + c.qk_rope_head_dim, Hd, dt) +
                lin(H * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank, dt) + lin(Hd, H * c.v_head_dim, dt);
  const double dense = 3 * lin(c.intermediate_size, Hd, dt);
  const double expert = 3 * lin(c.moe_intermediate_size, Hd, dt);
  // Expected distinct experts hit by batch*k uniform choices (exact for batch 1; an
  // estimate for larger batches, whose sequences all have different prompts).
  const double E = double(c.n_routed_experts), K = double(c.num_experts_per_tok);
  const double distinct = E * (1.0 - std::pow(1.0 - K / E, double(batch)));
  const double routed = distinct * expert + double(c.n_shared_experts) * expert;  // read once in all
  const double g = double(gpus);
  double b = 0;
  for (int64_t L = 0; L < c.num_hidden_layers; ++L)
    b += g * attn + (c.is_moe_layer(L) ? routed + g * E * Hd * 2 : g * dense);
  b += g * double(c.vocab_size) * Hd * 2;                      // lm_head (BF16)
  b += g * double(batch) * Hd * 2;                             // embedding rows
  b += g * double(batch) * double(ctx) * double(c.num_hidden_layers) * double(c.kv_lora_rank + c.qk_rope_head_dim) * 2;
  return b;
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> v;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ',')) v.push_back(std::stoi(x));
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string preset = "v3-4l", dts = "fp8", json_path;
  std::vector<int> batches = {1, 16, 64, 256};
  int prompt = 512, gen = 32;
  bool profile = false;
  std::vector<int> gpus;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) { fmt::print(stderr, "missing value after {}\n", a); std::exit(2); }
      return argv[++i];
    };
    if (a == "--preset") preset = next();
    else if (a == "--dtype") dts = next();
    else if (a == "--batch") batches = parse_list(next());
    else if (a == "--prompt") prompt = std::stoi(next());
    else if (a == "--gen") gen = std::stoi(next());
    else if (a == "--json") json_path = next();
    else if (a == "--profile") profile = true;
    else if (a == "--gpus") gpus = parse_list(next());
    else { fmt::print(stderr, "usage: bench_cuda_decode [--preset P] [--dtype fp8|bf16] [--batch 1,16] [--prompt N] [--gen N] [--gpus 0,1] [--json F]\n"); return 2; }
  }
  try {
    const DType dt = dts == "fp8" ? DType::F8_E4M3 : dts == "bf16" ? DType::BF16 : DType::F32;
    const ModelConfig cfg = preset_config(preset);
    int maxb = 1;
    for (int b : batches) maxb = std::max(maxb, b);
    CudaModelOptions o;
    o.max_seqs = maxb;
    o.max_step_tokens = 2048;
    o.cache_tokens = int64_t(maxb) * (prompt + gen + 64);
    o.profile = profile;
    if (gpus.size() > 1) o.devices = gpus;
    const int ng = std::max<int>(1, int(o.devices.size()));
    const auto t0 = Clock::now();
    auto cm = CudaModel::create_random(cfg, dt, 1, o);
    const CudaStats st = cm->stats();
    fmt::print("device: {}\npreset {} ({}), weights {:.2f} GB, cache {:.2f} GB, scratch {:.2f} GB, built in {:.1f} s\n",
               st.device, preset, dts, st.weight_bytes / 1e9, st.cache_bytes / 1e9, st.scratch_bytes / 1e9,
               secs(t0, Clock::now()));
    nlohmann::json out = {{"device", st.device}, {"preset", preset}, {"dtype", dts}, {"prompt", prompt}, {"gen", gen},
                          {"gpus", ng}};
    fmt::print("\n| batch | prefill tok/s | decode tok/s | step ms | bytes/step GB | achieved GB/s | % of {} |\n",
               4280 * ng);
    fmt::print("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int B : batches) {
      std::vector<int> seqs;
      for (int b = 0; b < B; ++b) seqs.push_back(cm->new_sequence());
      // A different prompt per sequence: identical rows would all route to the same
      // 8 experts and make a batch read far fewer bytes than real traffic does.
      auto prompt_of = [&](int b) {
        std::vector<int32_t> tok(static_cast<size_t>(prompt));
        for (int i = 0; i < prompt; ++i) tok[size_t(i)] = int32_t((int64_t(i) * 7919 + 13 + int64_t(b) * 104729) % cfg.vocab_size);
        return tok;
      };
      // Prefill: as many whole prompts per call as fit in 2048 rows.
      const int per = std::max(1, 2048 / prompt);
      auto print_profile = [&](const std::vector<std::pair<std::string, double>>& p0, const char* what, double div) {
        const auto p1 = cm->profile();
        double tot = 0;
        std::vector<std::pair<double, std::string>> rows;
        for (const auto& [name, v] : p1) {
          double before = 0;
          for (const auto& [n0, v0] : p0) if (n0 == name) before = v0;
          rows.push_back({(v - before) / div, name});
          tot += rows.back().first;
        }
        std::sort(rows.rbegin(), rows.rend());
        fmt::print("    profile ({}, batch {}, events between stages, no graph): total {:.3f} ms\n", what, B, tot);
        for (const auto& [ms, n] : rows)
          if (ms > 0.001) fmt::print("      {:<24} {:8.3f} ms {:5.1f}%\n", n, ms, 100 * ms / tot);
      };
      const auto prof_pre = cm->profile();
      cm->synchronize();
      const auto p0 = Clock::now();
      std::vector<int32_t> last(static_cast<size_t>(B));
      for (int b0 = 0; b0 < B; b0 += per) {
        const int nb = std::min(per, B - b0);
        std::vector<int32_t> rows;
        std::vector<CudaSegment> segs;
        for (int b = 0; b < nb; ++b) {
          const std::vector<int32_t> tok = prompt_of(b0 + b);
          rows.insert(rows.end(), tok.begin(), tok.end());
          segs.push_back({seqs[size_t(b0 + b)], prompt});
        }
        const std::vector<int32_t> nx = cm->forward_greedy(rows, segs);
        for (int b = 0; b < nb; ++b) last[size_t(b0 + b)] = nx[size_t(b)];
      }
      const double tp = secs(p0, Clock::now());
      if (profile) print_profile(prof_pre, "prefill, whole", 1.0);
      std::vector<CudaSegment> segs;
      for (int b = 0; b < B; ++b) segs.push_back({seqs[size_t(b)], 1});
      last = cm->forward_greedy(last, segs);  // warm-up step
      const auto prof0 = cm->profile();
      const auto d0 = Clock::now();
      for (int g = 0; g < gen; ++g) last = cm->forward_greedy(last, segs);
      const double td = secs(d0, Clock::now());
      const double step = td / gen, bytes = step_bytes(cfg, dt, B, prompt + gen / 2, ng);
      const double gbs = bytes / step / 1e9;
      fmt::print("| {} | {:.0f} | {:.1f} | {:.3f} | {:.3f} | {:.0f} | {:.1f}% |\n", B, double(B) * prompt / tp,
                 double(B) * gen / td, step * 1e3, bytes / 1e9, gbs, 100.0 * gbs / (4280.0 * ng));
      out["runs"].push_back({{"batch", B}, {"prefill_tok_s", double(B) * prompt / tp}, {"decode_tok_s", double(B) * gen / td},
                             {"step_ms", step * 1e3}, {"bytes_per_step", bytes}, {"achieved_gbs", gbs}});
      if (profile) print_profile(prof0, "decode, per step", gen);
      for (int s : seqs) cm->free_sequence(s);
    }
    if (!json_path.empty()) std::ofstream(json_path) << out.dump(2) << "\n";
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_cuda_decode: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
