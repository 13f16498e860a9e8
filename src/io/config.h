// config.h (io) — reading and writing Hugging Face config.json for DeepSeek-V2/V3.
// What it is: parse_model_config (text -> validated ModelConfig, with the
// defaults transformers' DeepseekV3Config / DeepseekV2Config use for missing
// keys), load_model_config (file or checkpoint directory) and to_json (the
// inverse, HF-loadable; parse_model_config(to_json(c)) == c).
// What it is not: generation_config.json or tokenizer_config.json handling, and
// not a checker that tensors in a checkpoint match the config.
#pragma once

#include <string>

#include "model/config.h"

namespace dseek {

// Largest config.json load_model_config reads.
inline constexpr size_t kMaxConfigBytes = size_t(16) << 20;

// Parses and validates config.json text. Throws dseek::Error with a one-line
// message naming the offending key (e.g. "hidden_size: expected a positive
// integer, got string") on malformed JSON, wrong types, out-of-range or
// inconsistent values, or features dseek does not implement.
ModelConfig parse_model_config(const std::string& json_text);

// Reads `path_or_dir` (a config.json, or a directory containing one) and
// parses it; errors are prefixed with the file path.
ModelConfig load_model_config(const std::string& path_or_dir);

// config.json text for `c` (2-space indented, keys sorted), in the style of the
// released checkpoints: "architectures", "rope_scaling" with "type", and
// "quantization_config" when c.quant.fp8.
std::string to_json(const ModelConfig& c);

}  // namespace dseek
