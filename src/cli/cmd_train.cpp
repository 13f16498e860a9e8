// cmd_train.cpp — `dseek train`, `dseek train data`, `dseek train plot` (see cmd_train.h).
//   dseek train data --tokenizer DIR|bytes -o DATA FILES_OR_DIRS...
//   dseek train --model micro --data DATA --steps 200 --out RUN
//   dseek train --model DIR --init-from DIR --sft chat.jsonl --tokenizer DIR --out RUN
//   dseek train plot RUN/train_log.jsonl -o curves.svg
#include "cli/cmd_train.h"
#include "cli/model_args.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "backend/cuda/cuda_train.h"
#include "core/check.h"
#include "core/launcher.h"
#include "core/threadpool.h"
#include "io/tokenizer.h"
#include "apps/intent/labels.h"
#include "train/checkpoint.h"
#include "train/data.h"
#include "train/grpo.h"
#include "train/plot.h"
#include "train/trainer.h"

namespace fs = std::filesystem;

namespace dseek::cli {
namespace {

// "bytes" or a tokenizer.json / directory.
struct TokenizerChoice {
  std::shared_ptr<const Tokenizer> tok;  // shared with `encode`
  train::EncodeFn encode;
  int32_t eos = -1, bos = -1;
  int64_t vocab = 0;
};

TokenizerChoice load_tokenizer(const std::string& spec) {
  TokenizerChoice c;
  if (spec == "bytes") {
    c.encode = train::encode_bytes;
    c.eos = train::kByteEos;
    c.vocab = train::kByteEos + 1;
    return c;
  }
  DSEEK_CHECK(!spec.empty(), "--tokenizer is required (a tokenizer.json, its directory, or 'bytes')");
  auto t = std::make_shared<const Tokenizer>(Tokenizer::load(spec));
  c.tok = t;
  c.encode = [t](std::string_view s) { return t->encode(s); };
  DSEEK_CHECK(t->eos_id().has_value(), "tokenizer '{}' has no EOS token", spec);
  c.eos = *t->eos_id();
  if (t->bos_id()) c.bos = *t->bos_id();
  c.vocab = int64_t(t->vocab_size());
  return c;
}

DType parse_save_dtype(const std::string& s) {
  if (s == "bf16") return DType::BF16;
  if (s == "f32") return DType::F32;
  DSEEK_FAIL("--save-dtype: expected bf16 or f32, got '{}'", s);
}

void add_data_command(CLI::App* train) {
  auto* cmd = train->add_subcommand("data", "Tokenise text files into token shards (+ train/val split)");
  struct Args {
    std::vector<std::string> inputs;
    std::string tokenizer, out;
    bool paragraphs = false, bos = false;
    double val = 0.01;
    uint64_t seed = 0;
    int64_t shard = int64_t(1) << 24;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("inputs", a->inputs, "Text files or directories (searched recursively)")->required();
  cmd->add_option("--tokenizer", a->tokenizer, "tokenizer.json, its directory, or 'bytes' (id = byte, EOS 256)")
      ->required();
  cmd->add_option("-o,--out", a->out, "Output directory")->required();
  cmd->add_flag("--paragraphs", a->paragraphs, "One document per blank-line-separated paragraph (default: per file)");
  cmd->add_flag("--bos", a->bos, "Prepend the tokenizer's BOS token to every document");
  cmd->add_option("--val-fraction", a->val, "Share of documents held out for validation")->capture_default_str();
  cmd->add_option("--split-seed", a->seed, "Seed of the document-hash split")->capture_default_str();
  cmd->add_option("--shard-tokens", a->shard, "Tokens per shard")->capture_default_str();
  cmd->callback([a] {
    TokenizerChoice tc = load_tokenizer(a->tokenizer);
    train::TokenizeOptions o;
    o.paragraphs = a->paragraphs;
    o.val_fraction = a->val;
    o.split_seed = a->seed;
    o.shard_tokens = a->shard;
    o.eos_id = tc.eos;
    o.bos_id = a->bos ? tc.bos : -1;
    DSEEK_CHECK(!a->bos || tc.bos >= 0, "--bos: the tokenizer has no BOS token");
    o.vocab_size = tc.vocab;
    o.tokenizer = a->tokenizer;
    const train::TokenizeStats st = train::tokenize_corpus(a->inputs, tc.encode, a->out, o, &default_thread_pool());
    fmt::print("{} files, {:.1f} MB text -> train {} docs / {} tokens ({} shards), val {} docs / {} tokens -> {}\n",
               st.files, st.bytes / 1e6, st.docs[0], st.tokens[0], st.shards[0], st.docs[1], st.tokens[1], a->out);
  });
}

void add_plot_command(CLI::App* train) {
  auto* cmd = train->add_subcommand("plot", "Training curves (loss, LR, expert load) from a log as SVG");
  auto log = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>("curves.svg");
  cmd->add_option("log", *log, "train_log.jsonl")->required();
  cmd->add_option("-o,--out", *out, "SVG file to write")->capture_default_str();
  cmd->callback([log, out] {
    const auto recs = train::read_train_log(*log);
    std::ofstream f(*out);
    DSEEK_CHECK(f, "cannot write '{}'", *out);
    f << train::render_train_svg(recs, *log);
    DSEEK_CHECK(f.good(), "writing '{}' failed", *out);
    fmt::print("{} records -> {}\n", recs.size(), *out);
  });
}

void add_grpo_command(CLI::App* train) {
  auto* cmd = train->add_subcommand("grpo", "R1-style GRPO with a rule-based reward, from an SFT model (CPU)");
  struct Args {
    std::string init, prompts, reward = "intent", out;
    int threads = 0;
    bool no_progress = false;
    train::GrpoOptions o;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--init-from", a->init, "SFT model directory (policy and frozen reference)")->required();
  cmd->add_option("--prompts", a->prompts, "JSONL of {\"prompt\", \"answer\"} (e.g. `dseek intent sft-data`)")
      ->required();
  cmd->add_option("--reward", a->reward, "intent (exact label + EOS: 1, well-formed label: +0.2) | exact")
      ->capture_default_str();
  cmd->add_option("--out", a->out, "Output model directory (+ grpo_log.jsonl)")->required();
  cmd->add_option("--steps", a->o.steps, "Policy updates")->capture_default_str();
  cmd->add_option("--prompts-per-step", a->o.prompts, "Prompts per update (M)")->capture_default_str();
  cmd->add_option("--group", a->o.group, "Sampled answers per prompt (G)")->capture_default_str();
  cmd->add_option("--max-new", a->o.max_new_tokens, "Maximum sampled tokens per answer")->capture_default_str();
  cmd->add_option("--temp", a->o.temperature, "Sampling temperature")->capture_default_str();
  cmd->add_option("--beta", a->o.beta, "KL penalty weight (to the reference model)")->capture_default_str();
  cmd->add_option("--lr", a->o.lr, "Learning rate (constant)")->capture_default_str();
  cmd->add_option("--seq", a->o.seq, "Tokens per packed training row")->capture_default_str();
  cmd->add_option("--seed", a->o.seed, "Sampling seed")->capture_default_str();
  cmd->add_option("-t,--threads", a->threads, "Worker threads (default: all CPUs)");
  cmd->add_flag("--no-progress", a->no_progress, "No progress bar");
  cmd->callback([a] {
    train::GrpoOptions o = a->o;
    DSEEK_CHECK(a->reward == "intent" || a->reward == "exact", "--reward: expected intent or exact, got '{}'",
                a->reward);
    DSEEK_CHECK(o.temperature > 0, "--temp must be > 0 for sampling, got {}", o.temperature);
    DSEEK_CHECK(o.beta >= 0 && o.lr > 0, "--beta must be >= 0 and --lr > 0");
    o.out_dir = a->out;
    o.tokenizer_dir = a->init;
    o.progress = !a->no_progress;
    ThreadPool pool(a->threads);
    auto tok = std::make_shared<const Tokenizer>(Tokenizer::load(a->init));
    train::LoadParamsOptions lo;
    lo.progress = o.progress;
    train::TrainParams p = train::load_params(a->init, lo);
    train::RewardFn reward;
    if (a->reward == "intent")
      reward = [](const std::string& c, const std::string& ref, bool eos) { return intent::label_reward(c, ref, eos); };
    else
      reward = [](const std::string& c, const std::string& ref, bool eos) { return eos && c == ref ? 1.0 : 0.0; };
    train::GrpoTrainer g(std::move(p), tok, train::load_grpo_jsonl(a->prompts), reward, o, &pool);
    g.run();
    fmt::print("done: {} GRPO steps -> {}\n", o.steps, a->out);
  });
}

struct TrainArgs {
  std::string model = "micro", data, sft, tokenizer, out, resume, init_from, save_dtype = "bf16";
  int64_t vocab = 0;
  int threads = 0;
  bool no_progress = false, share_prefix = false;
  std::string device = "cpu", precision = "bf16", attention = "flash", expert_layout = "auto", gpus, rendezvous;
  std::string ep_dispatch = "auto";
  bool zero1 = false, expert_parallel = false;
  int gpu = -1;            // -1: the launcher's local rank, else 0
  int rank = -1, world = -1;  // -1: from the launcher's environment (mpirun/srun), else 0 / 1
  double timeout = 300;
  train::TrainOptions o;
};

}  // namespace

void add_train_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "Train or fine-tune a DeepSeek-V3 style model (CPU FP32 reference, or CUDA BF16)");
  cmd->require_subcommand(0, 1);
  auto a = std::make_shared<TrainArgs>();
  train::TrainOptions& o = a->o;
  o.lr.lr = 1e-3f;
  o.lr.min_lr = 1e-4f;
  cmd->add_option("--model", a->model,
                  "Model config: micro | v3-tiny | v2lite4 | v3-2l | config.json | checkpoint dir")
      ->capture_default_str();
  cmd->add_option("--vocab", a->vocab, "Override the config's vocab_size (e.g. to fit a tokenizer)");
  cmd->add_option("--data", a->data, "Token dataset directory (from `dseek train data`)");
  cmd->add_option("--sft", a->sft, "SFT examples: JSONL of {\"prompt\", \"answer\"} (needs --tokenizer)");
  cmd->add_flag("--share-prefix", a->share_prefix,
                "SFT: pack examples behind ONE copy of the prompt prefix they all share (e.g. a system prompt); "
                "each example attends to it as if it were its own");
  cmd->add_option("--tokenizer", a->tokenizer, "tokenizer for --sft ('bytes' or a tokenizer dir); copied into checkpoints");
  cmd->add_option("--init-from", a->init_from, "Start from this HF checkpoint's weights (BF16/FP8 -> FP32)");
  cmd->add_option("--resume", a->resume, "Resume from a step dir or an --out dir with `latest`");
  cmd->add_option("--out", a->out, "Output directory (checkpoints, train_log.jsonl)");
  cmd->add_option("--steps", o.steps, "Optimizer steps")->capture_default_str();
  cmd->add_option("--stop-at", o.stop_at, "Stop this run after that step (the LR schedule still spans --steps; "
                  "resume later to continue)");
  cmd->add_option("--batch", o.batch, "Rows per micro-batch")->capture_default_str();
  cmd->add_option("--seq", o.seq, "Tokens per row")->capture_default_str();
  cmd->add_option("--grad-accum", o.grad_accum, "Micro-batches per step")->capture_default_str();
  cmd->add_option("--lr", o.lr.lr, "Peak learning rate")->capture_default_str();
  cmd->add_option("--min-lr", o.lr.min_lr, "Final learning rate of the cosine decay")->capture_default_str();
  cmd->add_option("--warmup", o.lr.warmup, "Linear warm-up steps")->capture_default_str();
  cmd->add_option("--wd", o.adam.weight_decay, "AdamW weight decay (matrices only)")->capture_default_str();
  cmd->add_option("--clip", o.adam.clip_norm, "Global grad-norm clip (0: off)")->capture_default_str();
  cmd->add_flag("--bf16-moments", o.adam.bf16_moments,
                "AdamW moments rounded to BF16 after each update (DeepSeek-V3's FP8 recipe); cuda on one GPU "
                "stores them in BF16 (4 bytes/param less). Pass it again when resuming");
  cmd->add_option("--mtp-lambda", o.loss.mtp_lambda, "Weight of the MTP loss")->capture_default_str();
  cmd->add_option("--bias-gamma", o.balance.gamma, "Expert-bias update speed (aux-loss-free balancing)")
      ->capture_default_str();
  cmd->add_option("--aux-alpha", o.loss.seq_aux_alpha, "Sequence-wise balance loss weight")->capture_default_str();
  cmd->add_option("--spike-factor", o.spike.spike_factor, "Skip a step whose loss exceeds this × EMA (0: off)")
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Init and data-order seed")->capture_default_str();
  cmd->add_option("--save-every", o.save_every, "Checkpoint every N steps (0: at the end only)")->capture_default_str();
  cmd->add_option("--eval-every", o.eval_every, "Validation loss every N steps (0: never)")->capture_default_str();
  cmd->add_option("--eval-batches", o.eval_batches, "Validation micro-batches per evaluation")->capture_default_str();
  cmd->add_option("--save-dtype", a->save_dtype, "Model weights dtype in checkpoints: bf16 | f32")->capture_default_str();
  cmd->add_option("-t,--threads", a->threads, "Worker threads (default: all CPUs)");
  cmd->add_option("--device", a->device, "cpu (FP32 reference) | cuda")->capture_default_str()
      ->check(CLI::IsMember({"cpu", "cuda"}));
  cmd->add_option("--gpu", a->gpu, "CUDA device index (default: the launcher's local rank, else 0)");
  cmd->add_option("--rank", a->rank, "cuda: this process's rank in a multi-process run (default: from mpirun/srun's "
                  "environment, else 0)");
  cmd->add_option("--world", a->world, "cuda: processes in the run, one GPU each (default: from mpirun/srun, else 1); "
                  "gradients are summed over NCCL, rank 0 writes the log and checkpoints");
  cmd->add_option("--rendezvous", a->rendezvous, "cuda, world > 1: file through which rank 0 hands out the NCCL id "
                  "(default: OUT/.nccl-id[-JOB]; must be fresh and visible to every rank)");
  cmd->add_option("--timeout", a->timeout, "cuda, world > 1: seconds any rank waits for the others before failing "
                  "(a dead rank must not hang the rest)")->capture_default_str();
  cmd->add_option("--gpus", a->gpus, "cuda: data parallelism over these GPUs in one process, e.g. 0,1 (NCCL "
                  "all-reduce; each GPU runs --batch rows per micro-batch)");
  cmd->add_flag("--zero1", a->zero1, "cuda, data parallelism (--gpus or world > 1): ZeRO-1 — reduce-scatter the "
                "gradients, each GPU keeps and updates the AdamW state of its 1/N slice only, all-gather the weights");
  cmd->add_flag("--expert-parallel", a->expert_parallel,
                "cuda, data parallelism (--gpus or world > 1): also split the routed experts among the GPUs — each "
                "holds, trains and updates 1/N of them; every MoE layer all-gathers the GPUs' tokens and "
                "reduce-scatters the experts' outputs back (NCCL)");
  cmd->add_option("--ep-dispatch", a->ep_dispatch,
                  "--expert-parallel: how the tokens reach the experts — allgather (every GPU's tokens to every GPU, "
                  "outputs reduce-scattered back: fewer bytes while GPUs < top-k) | alltoall (each choice only to "
                  "its expert's GPU and back, as DeepEP) | auto (allgather below top-k GPUs)")
      ->capture_default_str()->check(CLI::IsMember({"auto", "allgather", "alltoall"}));
  cmd->add_option("--precision", a->precision,
                  "cuda: bf16 (BF16 GEMMs, fp32 master weights/accumulation) | fp8 (bf16 + DeepSeek's FP8 "
                  "recipe for every projection: E4M3 operands, 1x128 / 128x128 scales, FP8 tensor cores on "
                  "Hopper; elsewhere, or with DSEEK_FP8_QDQ=1, the same rounding into BF16 GEMMs) | fp32")
      ->capture_default_str()->check(CLI::IsMember({"bf16", "fp8", "fp32"}));
  cmd->add_option("--attention", a->attention,
                  "cuda, bf16/fp8: flash (fused kernels, no [T, T] scores) | materialised (scores in memory, "
                  "TF32 GEMMs)")
      ->capture_default_str()->check(CLI::IsMember({"flash", "materialised"}));
  cmd->add_option("--expert-layout", a->expert_layout,
                  "cuda, bf16: routed experts' rows — grouped (sorted by load in 4 buckets, each padded to its "
                  "busiest) | uniform (all padded to the busiest expert) | auto (grouped when it saves enough work)")
      ->capture_default_str()->check(CLI::IsMember({"auto", "grouped", "uniform"}));
  cmd->add_flag("--no-progress", a->no_progress, "No progress bar");
  add_data_command(cmd);
  add_plot_command(cmd);
  add_grpo_command(cmd);
  add_train_grads_command(cmd);
  cmd->callback([cmd, a] {
    if (!cmd->get_subcommands().empty()) return;  // `train data` / `train plot` ran
    train::TrainOptions o = a->o;
    DSEEK_CHECK(a->data.empty() != a->sft.empty(), "train: give exactly one of --data DIR or --sft FILE.jsonl");
    LaunchInfo launch = launch_from_env();
    if (a->rank >= 0) launch.rank = a->rank;
    if (a->world >= 0) launch.world = a->world;
    DSEEK_CHECK(launch.world >= 1 && launch.rank >= 0 && launch.rank < launch.world,
                "train: --rank {} must be in [0, --world {})", launch.rank, launch.world);
    DSEEK_CHECK(launch.world == 1 || a->device == "cuda", "train: a multi-process run ({} ranks) needs --device cuda",
                launch.world);
    DSEEK_CHECK(a->timeout > 0, "train: --timeout must be positive, got {}", a->timeout);
    DSEEK_CHECK(!a->zero1 || (a->device == "cuda" && (launch.world > 1 || a->gpus.find(',') != std::string::npos)),
                "train: --zero1 shards the optimizer over data-parallel GPUs: it needs --device cuda and --gpus with "
                "several GPUs, or a multi-process run");
    DSEEK_CHECK(!a->expert_parallel ||
                    (a->device == "cuda" && (launch.world > 1 || a->gpus.find(',') != std::string::npos)),
                "train: --expert-parallel splits the experts over data-parallel GPUs: it needs --device cuda and "
                "--gpus with several GPUs, or a multi-process run");
    DSEEK_CHECK(!(a->expert_parallel && a->zero1), "train: --expert-parallel and --zero1 cannot be combined");
    DSEEK_CHECK(a->ep_dispatch == "auto" || a->expert_parallel, "train: --ep-dispatch needs --expert-parallel");
    DSEEK_CHECK(!o.adam.bf16_moments || a->device != "cuda" ||
                    (launch.world == 1 && a->gpus.find(',') == std::string::npos),
                "train: --bf16-moments keeps BF16 moments on one GPU only for now (not with several --gpus or "
                "processes)");
    o.writer = launch.rank == 0;
    if (launch.world > 1 && !a->out.empty()) fs::create_directories(a->out);
    DSEEK_CHECK(!a->share_prefix || !a->sft.empty(), "train: --share-prefix needs --sft");
    o.save.dtype = parse_save_dtype(a->save_dtype);
    o.out_dir = a->out;
    o.progress = !a->no_progress;
    ThreadPool pool(a->threads);

    // Data.
    std::shared_ptr<const train::DocSource> train_docs, val_docs;
    int64_t data_vocab = 0;
    std::optional<TokenizerChoice> tc;
    std::vector<int32_t> shared_prefix;
    if (!a->data.empty()) {
      auto td = std::make_shared<train::ShardDocs>(a->data, "train");
      data_vocab = td->meta().vocab_size;
      if (a->tokenizer.empty()) a->tokenizer = td->meta().tokenizer;  // copied into checkpoints
      if (!td->meta().val.empty()) val_docs = std::make_shared<train::ShardDocs>(a->data, "val");
      train_docs = td;
    } else {
      tc.emplace(load_tokenizer(a->tokenizer));
      auto sft = train::load_sft_jsonl(a->sft, tc->encode, tc->eos);
      if (a->share_prefix) {
        shared_prefix = train::split_common_prefix(*sft);
        fmt::print(stderr, "shared prefix: {} tokens, examples now {:.1f} tokens on average\n", shared_prefix.size(),
                   double(sft->num_tokens()) / double(sft->size()));
      }
      train_docs = sft;
      data_vocab = tc->vocab;
    }
    if (!a->tokenizer.empty() && (a->tokenizer == "bytes" || fs::exists(a->tokenizer)))
      o.save.tokenizer_dir = a->tokenizer;

    // Model.
    train::TrainParams params;
    if (!a->init_from.empty()) {
      train::LoadParamsOptions lo;
      lo.seed = o.seed;
      lo.progress = o.progress;
      std::vector<std::string> missing;
      params = train::load_params(a->init_from, lo, &missing);
      if (!missing.empty())
        fmt::print(stderr, "init-from: {} MTP tensors not in the checkpoint, freshly initialised\n", missing.size());
      if (o.save.tokenizer_dir.empty() && fs::exists(fs::path(a->init_from) / "tokenizer.json"))
        o.save.tokenizer_dir = a->init_from;
    } else {
      ModelConfig cfg = train::training_model_config(a->model);
      if (a->vocab > 0) cfg.vocab_size = a->vocab;
      params = train::init_params(cfg, o.seed);
    }
    DSEEK_CHECK(data_vocab <= params.cfg.vocab_size, "train: the data's vocabulary ({}) exceeds the model's ({}); use --vocab",
                data_vocab, params.cfg.vocab_size);
    fmt::print(stderr, "model: {:.2f}M parameters, {} layers (+{} MTP), {} experts; data: {} documents\n",
               params.numel() / 1e6, params.cfg.num_hidden_layers, params.cfg.num_nextn_predict_layers,
               params.cfg.n_routed_experts, train_docs->size());

    train::LoaderOptions lopt;
    lopt.seed = o.seed;
    lopt.shared_prefix = shared_prefix;
    auto train_loader = std::make_unique<train::PackedLoader>(train_docs, lopt);
    std::unique_ptr<train::PackedLoader> val_loader;
    if (val_docs && val_docs->size() > 0) {
      train::LoaderOptions vo;
      vo.shuffle = false;
      val_loader = std::make_unique<train::PackedLoader>(val_docs, vo);
    }
    train::Trainer tr(std::move(params), o, std::move(train_loader), std::move(val_loader), &pool);
    if (!a->resume.empty()) {
      tr.resume(a->resume);
      fmt::print(stderr, "resumed at step {}\n", tr.state().step);
    }
    if (a->device == "cuda") {
      CudaTrainOptions co;
      co.device = a->gpu >= 0 ? a->gpu : launch.local_rank >= 0 ? launch.local_rank : 0;
      co.rank = launch.rank;
      co.world = launch.world;
      co.timeout_s = a->timeout;
      co.rendezvous = a->rendezvous;
      if (co.world > 1 && co.rendezvous.empty()) {
        DSEEK_CHECK(!a->out.empty(), "train: a {}-process run needs --out or --rendezvous (for the NCCL id)", co.world);
        co.rendezvous = (fs::path(a->out) / (launch.job.empty() ? ".nccl-id" : ".nccl-id-" + launch.job)).string();
      }
      co.bf16 = a->precision != "fp32";
      co.fp8 = a->precision == "fp8";
      co.bf16_moments = o.adam.bf16_moments;
      co.flash_attention = a->attention == "flash";
      co.zero1 = a->zero1;
      co.expert_parallel = a->expert_parallel;
      co.ep_dispatch = a->ep_dispatch == "allgather"  ? CudaTrainOptions::EpDispatch::kAllGather
                       : a->ep_dispatch == "alltoall" ? CudaTrainOptions::EpDispatch::kAllToAll
                                                      : CudaTrainOptions::EpDispatch::kAuto;
      co.expert_layout = a->expert_layout == "grouped"   ? CudaTrainOptions::ExpertLayout::kGrouped
                         : a->expert_layout == "uniform" ? CudaTrainOptions::ExpertLayout::kUniform
                                                         : CudaTrainOptions::ExpertLayout::kAuto;
      if (!a->gpus.empty())
        for (int32_t g : parse_token_list(a->gpus)) co.devices.push_back(int(g));
      tr.set_device(make_cuda_train_device(tr.params(), co));
      fmt::print(stderr, "device: {}\n", tr.device()->name());  // (every rank: shows who is up)
    }
    tr.run();
    if (!o.writer) return;  // rank 0 reports
    if (tr.device()) fmt::print(stderr, "device memory: {}\n", tr.device()->memory_report());
    const train::TrainState& st = tr.state();
    fmt::print("done: {} steps, {} tokens, {} skipped{}\n", st.step, st.tokens, st.skipped,
               a->out.empty() ? "" : fmt::format(", checkpoint {}", train::resolve_checkpoint(a->out)));
  });
}

}  // namespace dseek::cli
