// grpo.h — Group Relative Policy Optimization (DeepSeekMath §4.1, used for
// DeepSeek-R1) with rule-based rewards, on the CPU training path.
// One step:
//   1. rollout: for each of M prompts, G completions are sampled from the
//      current policy (temperature, max_new_tokens, stop at EOS) with the
//      cached inference path (model/forward over an F32 copy of the weights;
//      the prompts' common prefix — the system prompt — is prefilled once);
//   2. rewards r_i = reward(completion text, reference answer) (caller's rule);
//      advantages A_i = (r_i − mean_g) / (std_g + 1e-4) within each group
//      (groups whose rewards are all equal carry no signal and are dropped);
//   3. one gradient step on the GRPO surrogate with per-token KL to the
//      frozen reference model (the k3 estimator of the paper):
//        L = −1/(M·G) Σ_i 1/|o_i| Σ_t [ A_i·ρ_t − β·(e^{ref−logπ} − (ref−logπ) − 1) ]
//      With one update per rollout (μ = 1) the ratio ρ = π/π_old is 1 at the
//      update, so the clip is inactive and ∂L/∂logπ_t = −(A_i − β(1 − e^{ref−logπ}))/(M·G·|o_i|):
//      a weighted cross-entropy on the sampled tokens (Batch::loss_weight),
//      packed behind one shared copy of the common prompt prefix.
// What it is not: PPO with a value model, multi-epoch updates (μ > 1), or a
// generic RL framework; the reward rule is the caller's (e.g. apps/intent).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/tokenizer.h"
#include "train/data.h"
#include "train/optim.h"
#include "train/params.h"

namespace dseek {
class ThreadPool;
}

namespace dseek::train {

using GrpoExample = PromptAnswer;  // answer: the reference given to the reward rule
// JSONL of {"prompt", "answer"} (train/data.h read_prompt_answer_jsonl).
std::vector<GrpoExample> load_grpo_jsonl(const std::string& path);

// reward(completion text without EOS, reference answer, ended_with_eos).
using RewardFn = std::function<double(const std::string& completion, const std::string& answer, bool eos)>;

struct GrpoOptions {
  int64_t steps = 50;
  int64_t prompts = 16;         // M: prompts per step
  int64_t group = 8;            // G: completions per prompt
  int64_t max_new_tokens = 8;
  float temperature = 1.0f;
  float beta = 0.04f;           // weight of the KL penalty to the reference model
  int64_t seq = 1024;           // tokens per packed training row
  float lr = 2e-5f;             // constant learning rate
  AdamWOptions adam;
  uint64_t seed = 0;
  std::string out_dir;          // final model (+ grpo_log.jsonl) when set
  std::string tokenizer_dir;    // copied into the saved model
  bool progress = true;
};

struct GrpoStepRecord {
  int64_t step = 0;
  double mean_reward = 0;       // over all M·G completions
  double accuracy = 0;          // share of completions whose reward >= 1 (a correct answer)
  double kl = 0;                // mean per-token k3 KL estimate to the reference
  int64_t groups_used = 0;      // groups with non-zero reward spread
  double grad_norm = 0;
  double seconds = 0;
};

class GrpoTrainer {
 public:
  // `policy` starts as the reference model too (its weights are copied).
  GrpoTrainer(TrainParams policy, std::shared_ptr<const Tokenizer> tok, std::vector<GrpoExample> data,
              RewardFn reward, GrpoOptions opt, ThreadPool* pool);
  ~GrpoTrainer();
  GrpoStepRecord step();
  void run();
  const TrainParams& params() const { return p_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  TrainParams p_;
};

}  // namespace dseek::train
