// balance.cpp — auxiliary-loss-free expert-bias update and load statistics (see balance.h).
#include "train/balance.h"

#include <algorithm>

#include "core/check.h"

namespace dseek::train {

void accumulate_load(ExpertLoad& acc, const ExpertLoad& add) {
  if (acc.size() < add.size()) acc.resize(add.size());
  for (size_t l = 0; l < add.size(); ++l) {
    if (add[l].empty()) continue;
    if (acc[l].empty()) acc[l].assign(add[l].size(), 0);
    DSEEK_CHECK(acc[l].size() == add[l].size(), "expert load of layer {}: {} experts vs {}", l, acc[l].size(),
                add[l].size());
    for (size_t e = 0; e < add[l].size(); ++e) acc[l][e] += add[l][e];
  }
}

std::vector<LayerLoadStats> load_stats(const ExpertLoad& load) {
  std::vector<LayerLoadStats> out;
  for (size_t l = 0; l < load.size(); ++l) {
    if (load[l].empty()) continue;
    LayerLoadStats s;
    s.layer = int64_t(l);
    int64_t total = 0;
    for (int64_t x : load[l]) {
      total += x;
      s.max = std::max(s.max, x);
    }
    s.mean = double(total) / double(load[l].size());
    out.push_back(s);
  }
  return out;
}

std::vector<std::string> update_expert_bias(TrainParams& p, const ExpertLoad& load, const BalanceOptions& opt) {
  std::vector<std::string> updated;
  if (opt.gamma == 0.0f) return updated;
  for (size_t l = 0; l < load.size(); ++l) {
    if (load[l].empty()) continue;
    const std::string name = "model.layers." + std::to_string(l) + ".mlp.gate.e_score_correction_bias";
    if (!p.has(name)) continue;
    ParamTensor& b = p.at(name);
    DSEEK_CHECK(b.w.size() == load[l].size(), "expert load of layer {}: {} experts, bias has {}", l, load[l].size(),
                b.w.size());
    int64_t total = 0;
    for (int64_t x : load[l]) total += x;
    if (total == 0) continue;
    const int64_t E = int64_t(load[l].size());
    // Compare load_e·E with total instead of load_e with total/E: exact in integers.
    for (size_t e = 0; e < load[l].size(); ++e) {
      const int64_t d = total - load[l][e] * E;  // sign(mean - load_e)
      if (d > 0) b.w[e] += opt.gamma;
      else if (d < 0) b.w[e] -= opt.gamma;
    }
    updated.push_back(name);
  }
  return updated;
}

}  // namespace dseek::train
