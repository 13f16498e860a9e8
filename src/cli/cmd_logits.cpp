// cmd_logits.cpp — `dseek logits` (reference forward → .npy) and `dseek inspect`
// (what a checkpoint holds). Output formats are contracts: keep them stable.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "cli/model_args.h"
#include "core/check.h"
#include "io/npy.h"
#include "backend/cuda/cuda_model.h"
#include "model/model.h"

namespace dseek::cli {

void add_logits_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("logits", "Reference forward pass: write float32 logits [T, vocab] as .npy");
  auto model = std::make_shared<std::string>();
  auto tokens = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto mtp_out = std::make_shared<std::string>();
  cmd->add_option("-m,--model", *model, "Model directory (config.json + *.safetensors)")->required();
  cmd->add_option("--tokens", *tokens, "Comma-separated token ids, e.g. 0,17,42")->required();
  cmd->add_option("-o,--out", *out, "Output .npy path")->required();
  cmd->add_option("--mtp-out", *mtp_out, "Also write the first MTP module's logits [T-1, vocab] here");
  auto device = std::make_shared<std::string>("cpu");
  cmd->add_option("--device", *device, "cpu (the reference ops) | cuda (the GPU kernels in fp32: fp32 cache, no bf16 GEMMs)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  auto gpus = std::make_shared<std::string>();
  cmd->add_option("--gpus", *gpus, "cuda: expert parallelism over these GPUs, e.g. 0,1 (as dseek run --gpus)");
  cmd->callback([=] {
    const std::vector<int32_t> ids = parse_token_list(*tokens);
    DSEEK_CHECK(gpus->empty() || *device == "cuda", "logits: --gpus needs --device cuda");
    Model m = load_model(*model, {.load_mtp = !mtp_out->empty()});
    ForwardResult r;
    if (*device == "cuda") {
      CudaModelOptions o;
      o.cache_bf16 = false;      // fp32 cache and
      o.prefill_cublas = false;  // fp32 GEMVs throughout: a checking tool, exact to fp32 rounding
      o.max_seqs = 1;
      o.max_step_tokens = std::max<int64_t>(int64_t(ids.size()), 1);
      o.cache_tokens = int64_t(ids.size()) + 64;
      if (!gpus->empty()) o.devices = parse_gpu_list(*gpus);
      auto cm = CudaModel::create(m, o);
      const int s = cm->new_sequence();
      const CudaSegment seg{s, int64_t(ids.size())};
      r.logits = cm->forward(ids, std::span(&seg, 1), true, &r.hidden);
      if (!mtp_out->empty()) {
        DSEEK_CHECK(cm->has_mtp(), "--mtp-out: model has no MTP layer");
        DSEEK_CHECK(ids.size() >= 2, "--mtp-out needs at least 2 tokens");
        const CudaSegment ms{s, int64_t(ids.size()) - 1};
        std::vector<float> ml = cm->mtp_forward(0, std::span(ids).subspan(1), r.hidden.data(), std::span(&ms, 1), true);
        write_npy_f32(*mtp_out, {int64_t(ids.size()) - 1, m.cfg.vocab_size}, ml.data());
      }
    } else {
      r = forward_reference(m, ids);
    }
    write_npy_f32(*out, {int64_t(ids.size()), m.cfg.vocab_size}, r.logits.data());
    std::fprintf(stderr, "wrote %s: [%zu, %lld]\n", out->c_str(), ids.size(), (long long)m.cfg.vocab_size);
    if (!mtp_out->empty() && *device == "cpu") {
      DSEEK_CHECK(!m.w.mtp.empty(), "--mtp-out: model has no MTP layer");
      DSEEK_CHECK(ids.size() >= 2, "--mtp-out needs at least 2 tokens");
      std::vector<float> ml = mtp_forward_reference(m, 0, ids, r.hidden);
      write_npy_f32(*mtp_out, {int64_t(ids.size()) - 1, m.cfg.vocab_size}, ml.data());
    }
  });
}

// `dseek compare-npy A B`: how far A is from the reference B (exit 1 above --tol).
void add_compare_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare-npy", "Compare two float .npy arrays: max|diff| / max|ref| and argmax agreement");
  auto a = std::make_shared<std::string>(), b = std::make_shared<std::string>();
  auto tol = std::make_shared<double>(1e-4);
  cmd->add_option("got", *a, "Array to check")->required();
  cmd->add_option("ref", *b, "Reference array")->required();
  cmd->add_option("--tol", *tol, "Fail (exit 1) when max|diff|/max|ref| exceeds this")->capture_default_str();
  cmd->callback([=] {
    NpyArray x = read_npy_f32(*a), y = read_npy_f32(*b);
    DSEEK_CHECK(x.shape == y.shape, "shape mismatch: {} vs {}", shape_str(x.shape), shape_str(y.shape));
    double md = 0, mr = 0;
    bool finite = true;
    for (size_t i = 0; i < x.data.size(); ++i) {
      finite = finite && std::isfinite(x.data[i]) && std::isfinite(y.data[i]);
      md = std::max(md, double(std::fabs(x.data[i] - y.data[i])));
      mr = std::max(mr, double(std::fabs(y.data[i])));
    }
    const int64_t cols = x.shape.empty() ? 1 : x.shape.back(), rows = int64_t(x.data.size()) / std::max<int64_t>(cols, 1);
    int64_t agree = 0;
    for (int64_t r = 0; r < rows; ++r) {
      auto ax = std::max_element(x.data.begin() + r * cols, x.data.begin() + (r + 1) * cols) - x.data.begin();
      auto ay = std::max_element(y.data.begin() + r * cols, y.data.begin() + (r + 1) * cols) - y.data.begin();
      agree += ax == ay;
    }
    const double rel = mr > 0 ? md / mr : md;
    fmt::print("shape {}  max|diff| {:.3g}  max|ref| {:.3g}  relative {:.3g}  argmax agree {}/{}  {}\n",
               shape_str(x.shape), md, mr, rel, agree, rows, finite && rel <= *tol ? "OK" : "MISMATCH");
    DSEEK_CHECK(finite, "non-finite values");
    DSEEK_CHECK(rel <= *tol, "relative error {:.3g} exceeds tolerance {:.3g}", rel, *tol);
  });
}

void add_inspect_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("inspect", "Validate a checkpoint and print its config and tensors");
  auto model = std::make_shared<std::string>();
  auto list = std::make_shared<bool>(false);
  cmd->add_option("-m,--model", *model, "Model directory")->required();
  cmd->add_flag("--tensors", *list, "List every tensor with dtype and shape");
  cmd->callback([=] {
    Model m = load_model(*model);
    const ModelConfig& c = m.cfg;
    fmt::print("model_type {}  layers {}  hidden {}  heads {}  vocab {}\n", c.model_type, c.num_hidden_layers,
               c.hidden_size, c.num_attention_heads, c.vocab_size);
    fmt::print("MLA: q_lora {}  kv_lora {}  nope/rope/v {}/{}/{}  rope {} (theta {})\n", c.q_lora_rank,
               c.kv_lora_rank, c.qk_nope_head_dim, c.qk_rope_head_dim, c.v_head_dim, rope_type_name(c.rope.type), c.rope_theta);
    fmt::print("MoE: {} routed (top {}, width {}) + {} shared, groups {}/{}, first {} dense, {}\n",
               c.n_routed_experts, c.num_experts_per_tok, c.moe_intermediate_size, c.n_shared_experts,
               c.topk_group, c.n_group, c.first_k_dense_replace, c.topk_method);
    fmt::print("MTP modules bound: {}  fp8: {}  tensors: {}\n", m.w.mtp.size(), c.quant.fp8 ? "yes" : "no",
               m.ckpt->size());
    if (*list)
      for (const std::string& n : m.ckpt->names()) {
        const TensorView& t = m.ckpt->get(n);
        fmt::print("{}\t{}\t{}\n", n, dtype_name(t.dtype), shape_str(t.shape));
      }
  });
}

}  // namespace dseek::cli
