// plot.h — `dseek train plot`: training curves from the trainer's JSONL log as
// a self-contained, hand-written SVG (no plotting dependency). Three panels:
// loss (total, main, MTP, validation), learning rate, and expert load
// (max/mean per MoE layer; 1.0 = perfectly balanced).
// What it is not: a general plotting library.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dseek::train {

// Parses a trainer log (one JSON object per line; malformed lines are errors).
std::vector<nlohmann::json> read_train_log(const std::string& path);
// SVG text for the records (step records and {"step","val_loss"} records).
std::string render_train_svg(const std::vector<nlohmann::json>& records, const std::string& title = "");

}  // namespace dseek::train
