// eval.h — the seed-style evaluation of intent classifiers: accuracy,
// macro-F1, p50/p95 latency and a confusion matrix, for dseek models and for
// any OpenAI-compatible endpoint prompted with the same system prompt.
// What it is not: the classifier itself (classifier.h).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "apps/intent/labels.h"

namespace dseek::intent {

struct LabeledExample {
  std::string text;
  int label = -1;
};

struct EvalReport {
  std::string model;
  int64_t n = 0, correct = 0, failed = 0;  // failed: no valid label (endpoint errors / unparsable answers)
  double accuracy = 0, macro_f1 = 0, p50_ms = 0, p95_ms = 0;
  std::array<std::array<int64_t, kNumLabels + 1>, kNumLabels> confusion{};  // [gold][pred], pred kNumLabels = none
  std::vector<int> predicted;        // per example (kNumLabels = none)
  std::vector<double> latency_ms;    // per example
};

// Reads {"text": ..., "label": ...} lines; bad lines are an error naming the line.
std::vector<LabeledExample> read_labeled_jsonl(const std::string& path);

// predict(text, &latency_ms) -> label index or -1.
using Predictor = std::function<int(const std::string& text, double* latency_ms)>;
EvalReport evaluate(const std::string& model_name, const std::vector<LabeledExample>& data, const Predictor& predict,
                    bool progress = true);

std::string format_table(const std::vector<EvalReport>& reports);  // seed-style table
// The q-quantile (0..1) of `ms` by rank (element floor(q·n) of the sorted values); 0 when empty.
double percentile(std::vector<double> ms, double q);
std::string format_confusion(const EvalReport& r);
// One line per example: ✓/✗, predicted label (gold label when wrong), latency, text.
std::string format_details(const EvalReport& r, const std::vector<LabeledExample>& data);

// An OpenAI-compatible chat endpoint (http:// or https:// when built with OpenSSL).
struct EndpointOptions {
  std::string url;         // e.g. https://api.deepseek.com  (the /v1/chat/completions path is appended)
  std::string model_name;  // "model" field
  std::string api_key;     // Authorization: Bearer (default: env OPENAI_API_KEY)
  double timeout_s = 120;
};
Predictor endpoint_predictor(const EndpointOptions& opt);

}  // namespace dseek::intent
