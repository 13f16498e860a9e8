// bench_cuda_train.cpp — GPU training throughput of dseek's CUDA trainer on a
// training preset (default moe-400m: ~400M parameters, ~100M active per
// token) with random weights and random tokens: step time (forward +
// backward + AdamW), tokens/s, model FLOP/s and MFU against the H200's
// measured 782 TFLOP/s dense BF16 peak. Counted FLOPs per token: 6 × the
// matmul parameters the token uses (attention projections, dense or shared +
// routed top-k experts and router, head; MTP layer + head) + attention 6 ×
// 2·H·(dq+dv)·(T+1)/2 (causal half; the kernels compute the full T×T).
// Usage: bench_cuda_train [--preset moe-400m] [--batch 8] [--seq 1024]
//        [--steps 10] [--precision bf16|fp8|fp32] [--no-mtp] [--no-flash] [--uniform-experts] [--gpus 0,1] [--zero1] [--expert-parallel] [--alltoall] [--bf16-moments] [--sync-steps] [--json out.json]
// (--no-flash: bf16 attention with materialised [T, T] scores instead of the flash kernels;
//  --uniform-experts: expert GEMMs padded to the busiest expert instead of grouped.)
// (--gpus: data parallelism, --batch rows per GPU; MFU against N × 782.)
// (--no-mtp: main loss only, as transformers trains; for the PyTorch ratio.)
// (--sync-steps: also wait for each update before the next step; by default the
//  host overlaps the next step's layout with the update, as `dseek train` does.)
// What it is not: a test, or the PyTorch comparison (scripts/device).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "train/trainer.h"

using namespace dseek;
using namespace dseek::train;
using Clock = std::chrono::steady_clock;

namespace {

// Matmul parameters one token touches (main model + MTP module).
double active_matmul_params(const ModelConfig& c, bool mtp) {
  const double Hd = double(c.hidden_size), H = double(c.num_attention_heads);
  const double q = c.has_q_lora() ? Hd * c.q_lora_rank + double(c.q_lora_rank) * H * c.qk_head_dim()
                                  : Hd * H * c.qk_head_dim();
  const double attn = q + Hd * (c.kv_lora_rank + c.qk_rope_head_dim) +
                      double(c.kv_lora_rank) * H * (c.qk_nope_head_dim + c.v_head_dim) + H * c.v_head_dim * Hd;
  const double dense = 3 * Hd * c.intermediate_size;
  const double moe = Hd * c.n_routed_experts +
                     double(c.num_experts_per_tok + c.n_shared_experts) * 3 * Hd * c.moe_intermediate_size;
  double n = 0;
  for (int64_t L = 0; L < c.num_hidden_layers; ++L) n += attn + (c.is_moe_layer(L) ? moe : dense);
  n += Hd * c.vocab_size;
  if (mtp) n += 2 * Hd * Hd + attn + moe + Hd * c.vocab_size;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string preset = "moe-400m", precision = "bf16", json_path;
  int64_t batch = 8, seq = 1024, steps = 10;
  bool no_mtp = false, flash = true, grouped = true;
  std::vector<int> gpus;
  bool zero1 = false, ep = false, a2a = false, bf16m = false, sync_steps = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--preset") preset = next();
    else if (a == "--batch") batch = std::stoll(next());
    else if (a == "--seq") seq = std::stoll(next());
    else if (a == "--steps") steps = std::stoll(next());
    else if (a == "--precision") precision = next();
    else if (a == "--json") json_path = next();
    else if (a == "--no-mtp") no_mtp = true;
    else if (a == "--no-flash") flash = false;
    else if (a == "--uniform-experts") grouped = false;
    else if (a == "--zero1") zero1 = true;
    else if (a == "--expert-parallel") ep = true;
    else if (a == "--alltoall") a2a = true;
    else if (a == "--bf16-moments") bf16m = true;
    else if (a == "--sync-steps") sync_steps = true;
    else if (a == "--gpus") {
      std::string l = next();
      for (size_t p = 0; p <= l.size();) {
        const size_t q = std::min(l.find(',', p), l.size());
        gpus.push_back(std::stoi(l.substr(p, q - p)));
        p = q + 1;
      }
    }
    else {
      std::fprintf(stderr, "usage: bench_cuda_train [--preset moe-400m] [--batch 8] [--seq 1024] [--steps 10] "
                           "[--precision bf16|fp8|fp32] [--no-mtp] [--no-flash] [--uniform-experts] [--gpus 0,1] [--zero1] [--expert-parallel] [--alltoall] [--bf16-moments] [--sync-steps] [--json out.json]\n");
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  try {
    const ModelConfig c = training_model_config(preset);
    TrainParams p = init_params(c, 1);
    AdamWOptions ao;
    ao.bf16_moments = bf16m;
    AdamW adam(ao);
    adam.init_state(p);
    CudaTrainOptions co;
    co.bf16 = precision != "fp32";
    co.fp8 = precision == "fp8";
    co.flash_attention = flash;
    co.expert_layout = grouped ? CudaTrainOptions::ExpertLayout::kAuto : CudaTrainOptions::ExpertLayout::kUniform;
    co.devices = gpus;
    co.zero1 = zero1;
    co.expert_parallel = ep;
    co.bf16_moments = bf16m;
    if (a2a) co.ep_dispatch = CudaTrainOptions::EpDispatch::kAllToAll;
    auto dev = make_cuda_train_device(p, co);
    std::mt19937_64 rng(3);
    Batch b;
    b.B = batch;
    b.T = seq;
    for (int64_t i = 0; i < batch * seq; ++i) {
      b.tokens.push_back(int32_t(rng() % uint64_t(c.vocab_size)));
      b.segment.push_back(0);
      b.pos.push_back(int32_t(i % seq));
    }
    for (int64_t i = 0; i < batch * seq; ++i) b.targets.push_back((i + 1) % seq == 0 ? -1 : b.tokens[size_t(i + 1)]);
    LossOptions lo;
    lo.mtp_depth = c.num_nextn_predict_layers > 0 && !no_mtp ? 1 : 0;
    const int reps = dev->replicas();
    const double tokens = double(batch * seq) * reps;
    const double flops = 6.0 * tokens * active_matmul_params(c, lo.mtp_depth == 1) +
                         6.0 * tokens * 2.0 * double(c.num_attention_heads) *
                             double(c.qk_head_dim() + c.v_head_dim) * double(seq + 1) / 2.0 *
                             double(c.num_hidden_layers + lo.mtp_depth);
    // Steps run as the trainer runs them: the host waits for each step's losses and its gradient norm,
    // not for the update, so it lays out the next step while AdamW runs. A step's time is the interval
    // between two step starts (the last one ends at a final wait). --sync-steps: a wait after every
    // update too (the measurement of sessions before 25).
    double best = 1e30, loss = 0;
    std::vector<Clock::time_point> ts;
    for (int64_t s = 0; s < steps + 2; ++s) {
      ts.push_back(Clock::now());
      dev->zero_grad();
      const StepStats st = reps == 1 ? dev->forward_backward(b, lo, true)
                                     : dev->forward_backward_many(std::vector<Batch>(size_t(reps), b), lo, true)[0];
      const double gn = dev->grad_norm(1.0);
      OptimStepResult r;
      dev->adamw_update(adam.prepare(1e-4f, 1.0, gn, r));
      if (sync_steps) dev->synchronize();  // (one GPU: a stream sync; the others: a gradient-norm pass)
      loss = st.loss;
    }
    dev->synchronize();
    ts.push_back(Clock::now());
    for (size_t s = 2; s + 1 < ts.size(); ++s)  // warm-up: arena growth, cuBLAS heuristics
      best = std::min(best, std::chrono::duration<double>(ts[s + 1] - ts[s]).count());
    const double sum = std::chrono::duration<double>(ts.back() - ts[2]).count();
    const double mean = sum / double(steps);
    const double peak = 782e12 * reps;
    fmt::print("preset {} ({:.1f}M params, {:.1f}M active matmul/token), {} x {} tokens per GPU, {}\n", preset,
               double(p.numel()) / 1e6, active_matmul_params(c, lo.mtp_depth == 1) / 1e6, batch, seq, dev->name());
    fmt::print("| precision | step ms (mean / best) | tokens/s | model TFLOP/s | MFU (of 782) | loss |\n");
    fmt::print("|---|---|---|---|---|---|\n");
    fmt::print("| {}{} | {:.1f} / {:.1f} | {:.0f} | {:.1f} | {:.1f}% | {:.3f} |\n", precision,
               std::string(flash ? "" : " (materialised attention)") + (grouped ? "" : " (uniform experts)"), mean * 1e3, best * 1e3,
               tokens / mean, flops / mean / 1e12, 100.0 * flops / mean / peak, loss);
    fmt::print("memory: {}\n", dev->memory_report());
    if (!json_path.empty()) {
      nlohmann::json j = {{"preset", preset},         {"precision", precision}, {"batch", batch},
                          {"seq", seq},               {"step_ms", mean * 1e3},  {"best_ms", best * 1e3},
                          {"tok_s", tokens / mean},   {"tflops", flops / mean / 1e12},
                          {"mfu", flops / mean / peak}, {"params", p.numel()}, {"sync_steps", sync_steps}};
      std::ofstream(json_path) << j.dump(2) << "\n";
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_cuda_train: %s\n", e.what());
    return 1;
  }
  return 0;
}
