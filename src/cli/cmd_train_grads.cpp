// cmd_train_grads.cpp — `dseek train grads`: the training loss of one token
// sequence and the gradient of every parameter, from the CPU reference or
// the CUDA trainer, written as safetensors (+ the loss as JSON). For the
// independent check against PyTorch autograd on transformers'
// DeepseekV3ForCausalLM (scripts/fixtures/check_grads_hf.py), which defines
// the loss the same way: mean next-token cross-entropy of the main model (no
// MTP, no balance loss).
// What it is not: training (no optimizer step), or an evaluation tool.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backend/cuda/cuda_train.h"
#include "cli/cmd_train.h"
#include "cli/model_args.h"
#include "core/check.h"
#include "io/safetensors_writer.h"
#include "train/checkpoint.h"
#include "train/model_grad.h"

namespace fs = std::filesystem;

namespace dseek::cli {

void add_train_grads_command(CLI::App* train) {
  auto* cmd = train->add_subcommand("grads", "Loss and every parameter gradient of one sequence (for checks "
                                             "against PyTorch): writes grads.safetensors + loss.json");
  struct Args {
    std::string model, tokens, out, device = "cpu";
    int gpu = 0;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("-m,--model", a->model, "HF checkpoint directory")->required();
  cmd->add_option("--tokens", a->tokens, "Comma-separated token ids (one sequence, >= 2)")->required();
  cmd->add_option("-o,--out", a->out, "Output directory")->required();
  cmd->add_option("--device", a->device, "cpu | cuda (fp32 exact mode)")->capture_default_str()
      ->check(CLI::IsMember({"cpu", "cuda"}));
  cmd->add_option("--gpu", a->gpu, "CUDA device index")->capture_default_str();
  cmd->callback([a] {
    const std::vector<int32_t> ids = parse_token_list(a->tokens);
    DSEEK_CHECK(ids.size() >= 2, "train grads: need at least 2 tokens, got {}", ids.size());
    train::LoadParamsOptions lo;
    train::TrainParams p = train::load_params(a->model, lo);
    train::Batch b;
    b.B = 1;
    b.T = int64_t(ids.size());
    b.tokens = ids;
    for (size_t i = 0; i < ids.size(); ++i) {
      b.targets.push_back(i + 1 < ids.size() ? ids[i + 1] : -1);
      b.segment.push_back(0);
      b.pos.push_back(int32_t(i));
    }
    train::LossOptions o;
    o.mtp_depth = 0;
    o.seq_aux_alpha = 0.0f;
    train::StepStats st;
    if (a->device == "cuda") {
      CudaTrainOptions co;
      co.device = a->gpu;
      co.bf16 = false;
      auto dev = make_cuda_train_device(p, co);
      dev->zero_grad();
      st = dev->forward_backward(b, o, true);
      dev->download(p, true);
    } else {
      p.zero_grad();
      st = train::forward_backward(p, b, o);
    }
    fs::create_directories(a->out);
    std::vector<SafetensorsTensorIn> ts;
    for (const auto& t : p.tensors) {
      if (!t.trainable) continue;
      const auto* bytes = reinterpret_cast<const uint8_t*>(t.g.data());
      ts.push_back({t.name, DType::F32, t.shape, {bytes, t.g.size() * 4}});
    }
    write_safetensors((fs::path(a->out) / "grads.safetensors").string(), ts, {{"format", "pt"}});
    std::ofstream((fs::path(a->out) / "loss.json")) << nlohmann::json{{"loss", st.main_loss}, {"tokens", st.tokens},
                                                                        {"device", a->device}}.dump()
                                                     << "\n";
    fmt::print("loss {:.8f} over {} targets; {} gradients -> {}\n", st.main_loss, st.tokens, ts.size(), a->out);
  });
}

}  // namespace dseek::cli
