// trainer.cpp — the training loop (see trainer.h).
#include "train/trainer.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/check.h"
#include "core/progress.h"
#include "io/config.h"
#include "model/presets.h"

namespace fs = std::filesystem;

namespace dseek::train {

namespace {

using Clock = std::chrono::steady_clock;

std::string human_rate(double x) {
  if (x >= 1e6) return fmt::format("{:.2f}M", x / 1e6);
  if (x >= 1e3) return fmt::format("{:.1f}k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

// NaN/Inf cannot be written as JSON numbers.
nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

}  // namespace

std::vector<std::string> training_preset_names() {
  std::vector<std::string> v{"micro", "moe-400m"};
  for (const auto& n : preset_names()) v.push_back(n);
  return v;
}

ModelConfig training_model_config(const std::string& spec) {
  if (spec == "micro") {
    ModelConfig c;  // DeepSeek-V3 defaults, scaled down
    c.vocab_size = 260;  // bytes + EOS (256) + spare
    c.hidden_size = 32;
    c.intermediate_size = 64;
    c.moe_intermediate_size = 16;
    c.num_hidden_layers = 2;
    c.first_k_dense_replace = 1;
    c.num_attention_heads = 2;
    c.q_lora_rank = 16;
    c.kv_lora_rank = 16;
    c.qk_nope_head_dim = 8;
    c.qk_rope_head_dim = 8;
    c.v_head_dim = 8;
    c.n_routed_experts = 4;
    c.n_shared_experts = 1;
    c.num_experts_per_tok = 2;
    c.n_group = 1;
    c.topk_group = 1;
    c.routed_scaling_factor = 1.0;
    c.num_nextn_predict_layers = 1;
    c.max_position_embeddings = 4096;
    c.rope.type = RopeType::None;
    c.bos_token_id = -1;
    c.eos_token_id = {256};
    return parse_model_config(to_json(c));  // validated
  }
  if (spec == "moe-400m") {  // GPU training benchmark: ~400M parameters, ~100M active per token
    ModelConfig c;
    c.vocab_size = 8192;
    c.hidden_size = 1024;
    c.intermediate_size = 2816;
    c.moe_intermediate_size = 512;
    c.num_hidden_layers = 8;
    c.first_k_dense_replace = 1;
    c.num_attention_heads = 16;
    c.q_lora_rank = 384;
    c.kv_lora_rank = 256;
    c.qk_nope_head_dim = 64;
    c.qk_rope_head_dim = 32;
    c.v_head_dim = 64;
    c.n_routed_experts = 32;
    c.n_shared_experts = 2;
    c.num_experts_per_tok = 4;
    c.n_group = 4;
    c.topk_group = 2;
    c.routed_scaling_factor = 2.5;
    c.num_nextn_predict_layers = 1;
    c.max_position_embeddings = 4096;
    c.rope.type = RopeType::None;
    c.bos_token_id = -1;
    c.eos_token_id = {1};
    return parse_model_config(to_json(c));
  }
  for (const auto& n : preset_names())
    if (n == spec) return preset_config(spec);
  DSEEK_CHECK(fs::exists(spec), "model '{}' is neither a training preset ({}) nor a config.json/checkpoint path", spec,
              fmt::join(training_preset_names(), ", "));
  return load_model_config(spec);
}

Trainer::Trainer(TrainParams params, TrainOptions opt, std::unique_ptr<PackedLoader> train,
                 std::unique_ptr<PackedLoader> val, ThreadPool* pool)
    : p_(std::move(params)), opt_(std::move(opt)), train_(std::move(train)), val_(std::move(val)), pool_(pool),
      adam_(opt_.adam), guard_(opt_.spike) {
  DSEEK_CHECK(train_, "trainer: no training data");
  DSEEK_CHECK(opt_.steps >= 0 && opt_.batch >= 1 && opt_.seq >= 2 && opt_.grad_accum >= 1,
              "trainer: need steps >= 0, batch >= 1, seq >= 2, grad_accum >= 1");
  DSEEK_CHECK(opt_.seq <= p_.cfg.max_position_embeddings, "trainer: --seq {} exceeds max_position_embeddings {}",
              opt_.seq, p_.cfg.max_position_embeddings);
  opt_.lr.total = opt_.steps;
  if (p_.cfg.num_nextn_predict_layers == 0) opt_.loss.mtp_depth = 0;  // no MTP module to train
  st_.seed = opt_.seed;
  adam_.init_state(p_);
  std::string log_path = opt_.log_path;
  if (log_path.empty() && !opt_.out_dir.empty()) log_path = (fs::path(opt_.out_dir) / "train_log.jsonl").string();
  if (!log_path.empty() && opt_.writer) {
    if (fs::path(log_path).has_parent_path()) fs::create_directories(fs::path(log_path).parent_path());
    log_ = std::fopen(log_path.c_str(), "a");
    DSEEK_CHECK(log_, "cannot open log '{}': {}", log_path, std::strerror(errno));
  }
}

Trainer::~Trainer() {
  if (log_) std::fclose(log_);
}

void Trainer::log(const nlohmann::json& j) {
  if (!log_) return;
  const std::string s = j.dump() + "\n";
  std::fwrite(s.data(), 1, s.size(), log_);
  std::fflush(log_);
}

const TrainState& Trainer::state() {
  st_.adam_steps = adam_.steps();
  st_.spike_ema = guard_.ema();
  st_.spike_seen = guard_.seen();
  st_.loader = train_->state();
  st_.seed = opt_.seed;
  st_.info = {{"lr", opt_.lr.lr},          {"min_lr", opt_.lr.min_lr},        {"warmup", opt_.lr.warmup},
              {"total_steps", opt_.steps}, {"batch", opt_.batch},            {"seq", opt_.seq},
              {"grad_accum", opt_.grad_accum}, {"weight_decay", opt_.adam.weight_decay},
              {"clip", opt_.adam.clip_norm}, {"mtp_lambda", opt_.loss.mtp_lambda},
              {"seq_aux_alpha", opt_.loss.seq_aux_alpha}, {"bias_gamma", opt_.balance.gamma}};
  return st_;
}

void Trainer::set_device(std::unique_ptr<TrainDevice> dev) {
  dev_ = std::move(dev);
  if (dev_) dev_->upload(p_);
  host_stale_ = false;
}

void Trainer::sync_host() {
  if (dev_ && host_stale_) dev_->download(p_, false);
  host_stale_ = false;
}

TrainParams& Trainer::params() {
  sync_host();
  return p_;
}

StepStats Trainer::micro_step(const Batch& b, bool backward) {
  if (dev_) return dev_->forward_backward(b, opt_.loss, backward);
  GradContext ctx;
  ctx.pool = pool_;
  return backward ? forward_backward(p_, b, opt_.loss, ctx) : loss_stats(p_, b, opt_.loss, ctx);
}

void Trainer::resume(const std::string& path) {
  const std::string dir = resolve_checkpoint(path);
  DSEEK_CHECK(!dir.empty(), "resume: no checkpoint in '{}'", path);
  TrainState st;
  TrainParams p = load_checkpoint(dir, st);
  DSEEK_CHECK(p.cfg == p_.cfg, "resume: the checkpoint's model config differs from this run's");
  p_ = std::move(p);
  adam_.set_steps(st.adam_steps);
  adam_.init_state(p_);
  guard_.set_state(st.spike_ema, st.spike_seen);
  train_->set_state(st.loader);
  st_ = st;
  if (dev_) dev_->upload(p_);
  host_stale_ = false;
}

StepRecord Trainer::step() {
  const auto t0 = Clock::now();
  StepRecord r;
  r.step = st_.step + 1;
  r.lr = opt_.lr.at(st_.step);
  if (dev_) dev_->zero_grad();
  else p_.zero_grad();
  ExpertLoad load;
  auto add = [&](const StepStats& s, const Batch& b) {
    r.stats.loss += s.loss;
    r.stats.main_loss += s.main_loss;
    r.stats.mtp_loss += s.mtp_loss;
    r.stats.aux_loss += s.aux_loss;
    r.stats.tokens += s.tokens;
    r.stats.mtp_tokens += s.mtp_tokens;
    accumulate_load(load, s.expert_load);
    r.tokens += b.B * b.T;
  };
  const int64_t reps = dev_ ? dev_->replicas() : 1;  // data-parallel GPUs: micro-batches per call
  for (int64_t a = 0; a < opt_.grad_accum; ++a) {
    if (reps == 1) {
      const Batch b = train_->next(opt_.batch, opt_.seq);
      add(micro_step(b, true), b);
      continue;
    }
    std::vector<Batch> bs;
    for (int64_t i = 0; i < reps; ++i) bs.push_back(train_->next(opt_.batch, opt_.seq));
    const std::vector<StepStats> ss = dev_->forward_backward_many(bs, opt_.loss, true);
    for (size_t i = 0; i < bs.size(); ++i) add(ss[i], bs[i]);
  }
  const double inv = 1.0 / double(opt_.grad_accum * reps);
  r.stats.loss *= inv;
  r.stats.main_loss *= inv;
  r.stats.mtp_loss *= inv;
  r.stats.aux_loss *= inv;
  r.stats.expert_load = load;
  r.load = load_stats(load);
  r.grad_norm = dev_ ? dev_->grad_norm(inv) : AdamW::grad_norm(p_, inv, pool_);
  r.skip_reason = guard_.check(r.stats.loss, r.grad_norm);
  if (r.skip_reason.empty()) {
    if (dev_) {
      OptimStepResult res;
      dev_->adamw_update(adam_.prepare(r.lr, inv, r.grad_norm, res));
      host_stale_ = true;
      // The expert biases live on the host (no gradient, no AdamW): update there, send them over.
      for (const std::string& bias : update_expert_bias(p_, load, opt_.balance)) dev_->upload_tensor(p_, bias);
    } else {
      adam_.step_with_norm(p_, r.lr, inv, r.grad_norm, pool_);
      update_expert_bias(p_, load, opt_.balance);
    }
  } else {
    r.skipped = true;
    ++st_.skipped;
    if (dev_) dev_->zero_grad();
    else p_.zero_grad();
  }
  ++st_.step;
  st_.tokens += r.tokens;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  nlohmann::json j = {{"step", r.step},
                      {"lr", r.lr},
                      {"loss", num(r.stats.loss)},
                      {"main_loss", num(r.stats.main_loss)},
                      {"mtp_loss", num(r.stats.mtp_loss)},
                      {"aux_loss", num(r.stats.aux_loss)},
                      {"grad_norm", num(r.grad_norm)},
                      {"tokens", r.tokens},
                      {"tok_s", r.seconds > 0 ? double(r.tokens) / r.seconds : 0.0},
                      {"skipped", r.skipped},
                      {"skipped_total", st_.skipped}};
  if (r.skipped) j["skip_reason"] = r.skip_reason;
  nlohmann::json layers = nlohmann::json::array(), lmax = nlohmann::json::array(), lmean = nlohmann::json::array();
  for (const auto& l : r.load) {
    layers.push_back(l.layer);
    lmax.push_back(l.max);
    lmean.push_back(l.mean);
  }
  j["moe_layers"] = layers;
  j["load_max"] = lmax;
  j["load_mean"] = lmean;
  log(j);
  return r;
}

double Trainer::evaluate() {
  DSEEK_CHECK(val_, "evaluate: no validation data");
  val_->reset();
  double sum = 0;
  for (int64_t i = 0; i < opt_.eval_batches; ++i) {
    const Batch b = val_->next(opt_.batch, opt_.seq);
    sum += micro_step(b, false).main_loss;
  }
  const double v = sum / double(std::max<int64_t>(1, opt_.eval_batches));
  log({{"step", st_.step}, {"val_loss", num(v)}});
  return v;
}

std::string Trainer::save() {
  DSEEK_CHECK(!opt_.out_dir.empty(), "save: no output directory");
  if (!opt_.writer) {  // rank 0 of the process group writes (every rank holds the same state)
    if (dev_ && dev_->download_is_collective()) sync_host();  // ZeRO-1: the other ranks join the gather
    return {};
  }
  sync_host();
  const std::string dir = save_checkpoint(opt_.out_dir, p_, state(), opt_.save);
  log({{"step", st_.step}, {"checkpoint", dir}});
  return dir;
}

void Trainer::run() {
  Progress prog("train", opt_.steps, "", opt_.progress && opt_.writer);
  prog.update(st_.step);
  double ema_tps = 0;
  int64_t saved_at = st_.step > 0 ? st_.step : -1;  // resumed: that step is on disk
  std::string val_txt, extra;
  const int64_t last = opt_.stop_at > 0 ? std::min(opt_.stop_at, opt_.steps) : opt_.steps;
  while (st_.step < last) {
    const StepRecord r = step();
    const double tps = r.seconds > 0 ? double(r.tokens) / r.seconds : 0;
    ema_tps = ema_tps == 0 ? tps : 0.9 * ema_tps + 0.1 * tps;
    if (opt_.eval_every > 0 && val_ && st_.step % opt_.eval_every == 0)
      val_txt = fmt::format(" val {:.3f}", evaluate());
    if (!opt_.out_dir.empty() && opt_.save_every > 0 && st_.step % opt_.save_every == 0) {
      save();
      saved_at = st_.step;
    }
    extra = fmt::format("loss {:.3f}{} lr {:.2e} {} tok/s{}", r.stats.loss, val_txt, r.lr, human_rate(ema_tps),
                        r.skipped ? " [skipped]" : "");
    prog.update(st_.step, extra);
    if (r.skipped && !opt_.progress && opt_.writer)
      std::fprintf(stderr, "step %lld skipped: %s\n", static_cast<long long>(r.step), r.skip_reason.c_str());
  }
  prog.done(extra);
  if (!opt_.out_dir.empty() && saved_at != st_.step) save();
}

}  // namespace dseek::train
