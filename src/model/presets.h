// presets.h — named random-weight model shapes for benchmarks and demos
// (`dseek bench --preset NAME`), written once as a real HF-layout checkpoint
// (config.json + model.safetensors) into a cache directory and then loaded
// through the normal mmap path.
//   v3-tiny  : V3-style debug model (hidden 256, 2 layers, 8 experts) — the anchor's `tiny`
//   v2lite4  : DeepSeek-V2-Lite shapes cut to 4 layers (2.37B params) — the anchor's `v2lite4`
//   v3-2l    : DeepSeek-V3 layer shapes (hidden 7168, 128 heads, MLA 1536/512/64) cut to
//              2 layers (1 dense, 1 MoE with 16 experts of width 2048, top-8)
//   v3-4l    : DeepSeek-V3 exactly (256 experts, groups 8/4, YaRN x40, 128K context, MTP)
//              cut to 4 layers (1 dense + 3 MoE) — 35 GB in FP8: the GPU benchmarks
//              build it on the device (CudaModel::create_random) rather than as files
//   v3-16l   : the same cut to 16 layers (1 dense + 15 MoE) + MTP — ~190 GB in FP8, more
//              than one H200 holds: the expert-parallel benchmark (2 GPUs, ~97 GB each)
// What it is not: trained models; weights are uniform noise with std 0.02.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "model/config.h"

namespace dseek {

std::vector<std::string> preset_names();
ModelConfig preset_config(const std::string& name);  // throws, listing the valid names

struct PresetOptions {
  DType dtype = DType::BF16;  // BF16, F32, or F8_E4M3 (128×128 block scales; router/embed/head stay BF16)
  uint64_t seed = 0;
  std::string cache_dir;      // default: $DSEEK_CACHE or ~/.cache/dseek, + /presets
  bool progress = true;       // progress bar on stderr while writing
};

// Directory holding the checkpoint (created if missing; reused when complete).
std::string materialize_preset(const std::string& name, const PresetOptions& opt);

}  // namespace dseek
