// labels.h — the buyer-intent task: the 7 labels (exact strings), their
// priority, and the system prompt that defines them (the seed's prompt:
// label definitions + priority rule, answer with the label only).
// What it is not: the classifier (classifier.h) or the evaluation (eval.h).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dseek::intent {

inline constexpr int kNumLabels = 7;
// In priority order: the first that applies wins (Details/Condition/Availability tie last).
inline constexpr std::array<std::string_view, kNumLabels> kLabels = {
    "Irrelevant Intent", "Prompt Injection",    "Offensive Intent",     "Price Negotiation",
    "Product Details",   "Product Condition",   "Product Availability"};

std::optional<int> label_index(std::string_view label);  // exact match
// Lenient parse of a model's free-text answer: drops <think>…</think>,
// trims, matches a label case-insensitively (also "Negotiation" → Price Negotiation).
std::optional<int> parse_label_answer(std::string_view answer);
// Highest-priority label among `present` (indices into kLabels); nullopt if empty.
std::optional<int> resolve_priority(const std::vector<int>& present);

// The system prompt used for training, for dseek's classifier and for hosted models.
// GRPO's rule-based reward for one sampled answer: 1 when it is exactly the
// reference label followed by EOS (accuracy), plus 0.2 when it is exactly
// one of the 7 labels followed by EOS (format) — so 1.2, 0.2 or 0.
double label_reward(std::string_view completion, std::string_view reference, bool eos);

const std::string& system_prompt();

}  // namespace dseek::intent
