// cmd_intent.cpp — `dseek intent`: classify buyer messages with the embedded
// default model (or -m DIR): one message (label, or --json), a JSONL file
// (--jsonl: one JSON object per line, other keys kept, in input order; bad lines
// get an error object and the rest is processed; a file is shared by parallel
// one-thread workers), and `dseek intent eval` (seed-style table).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/intent/classifier.h"
#include "apps/intent/eval.h"
#include "cli/commands.h"
#include "cli/model_args.h"
#include "core/check.h"
#include "core/threadpool.h"

namespace fs = std::filesystem;

namespace dseek::cli {
namespace {

std::string default_intent_model() {
  const std::string d = find_default_intent_model();
  DSEEK_CHECK(!d.empty(), "no embedded intent model found (looked in models/dseek-intent next to the binary and in "
              "the source tree); pass -m DIR or set DSEEK_INTENT_MODEL");
  return d;
}

// exact: fp32 activations. By default the classifier rounds activations to bf16 on CPUs with
// AVX512-BF16 (FP8 weights carry more error than that): same accuracy on dev and test, p50
// 1.4 vs 1.8 ms on 2 cores (docs/intent-model.md).
std::unique_ptr<IntentModel> open_model(ModelArgs a, float threshold, bool exact) {
  if (a.model_dir.empty()) a.model_dir = default_intent_model();
  a.bf16_activations = !exact;  // --exact wins over --bf16-activations
  intent::ClassifierOptions co;
  co.threshold = threshold;
  return open_intent_model(a, co);
}

// One JSONL line -> its output object (input keys kept; a bad line gets {"line", "error"}).
std::string classify_line(const intent::Classifier& clf, const std::string& line, int64_t no, double* ms) {
  nlohmann::json out;
  try {
    nlohmann::json j = nlohmann::json::parse(line);
    DSEEK_CHECK(j.is_object() && j.contains("text") && j["text"].is_string(),
                "expected an object with a string \"text\"");
    out = j;
    const intent::IntentResult r = clf.classify(j["text"].get<std::string>());
    *ms = r.latency_ms;
    const nlohmann::json res = intent::result_json(r);  // named: items() would dangle on a temporary
    for (auto& [k, v] : res.items()) out[k] = v;
  } catch (const std::exception& e) {
    *ms = -1;
    out = {{"line", no}, {"error", e.what()}};
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// --jsonl: one output line per non-blank input line, in input order. A file is read in batches
// that several one-thread classifiers share (when the model runs on one thread, see
// open_intent_model); stdin is answered line by line, so a pipe gets each answer at once.
void classify_jsonl(const IntentModel& im, const std::string& path) {
  std::ifstream f;
  if (path != "-") {
    f.open(path);
    DSEEK_CHECK(f.good(), "cannot open '{}'", path);
  }
  std::istream& in = path == "-" ? std::cin : f;
  const int nw = path != "-" && im.be->num_threads() == 1 ? std::min(8, ThreadPool::default_num_threads()) : 1;
  std::vector<IntentWorker> extra;
  for (int w = 1; w < nw; ++w) extra.push_back(intent_worker(im));
  auto clf = [&](int w) -> const intent::Classifier& { return w == 0 ? *im.clf : *extra[size_t(w - 1)].clf; };
  const size_t kBatch = nw > 1 ? 256 : 1;
  int64_t no = 0, errors = 0;
  std::vector<double> ms;  // per classified message
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::pair<int64_t, std::string>> batch;  // (line number, text)
  std::vector<std::string> outs;
  std::vector<double> lat;
  auto flush = [&] {
    outs.assign(batch.size(), std::string());
    lat.assign(batch.size(), -1);
    std::atomic<size_t> next{0};
    auto work = [&](int w) {
      for (size_t i; (i = next.fetch_add(1)) < batch.size();)
        outs[i] = classify_line(clf(w), batch[i].second, batch[i].first, &lat[i]);
    };
    std::vector<std::thread> ts;
    for (int w = 1; w < nw && size_t(w) < batch.size(); ++w) ts.emplace_back(work, w);
    work(0);
    for (auto& t : ts) t.join();
    for (size_t i = 0; i < batch.size(); ++i) {
      std::puts(outs[i].c_str());
      if (lat[i] >= 0) ms.push_back(lat[i]);
      else ++errors;
    }
    std::fflush(stdout);
    batch.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    ++no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    batch.emplace_back(no, std::move(line));
    if (batch.size() >= kBatch) flush();
  }
  flush();
  // Throughput on stderr (stdout stays one JSON object per line).
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "dseek intent: %zu messages in %.2f s (%.0f msg/s, p50 %.2f ms, %d worker%s)\n", ms.size(), s,
               s > 0 ? double(ms.size()) / s : 0.0, intent::percentile(ms, 0.50), nw, nw > 1 ? "s" : "");
  if (errors) std::fprintf(stderr, "dseek intent: %lld line(s) had errors\n", (long long)errors);
}

}  // namespace

void add_intent_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("intent", "Buyer-intent detection (7 labels) with the embedded model or -m DIR");
  auto ma = std::make_shared<ModelArgs>();
  auto message = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto jsonl = std::make_shared<std::string>();
  auto threshold = std::make_shared<float>(intent::ClassifierOptions{}.threshold);
  auto exact = std::make_shared<bool>(false);
  ma->add_to(cmd, false);
  cmd->add_flag("--exact", *exact,
                "fp32 activations (default: bf16 activations where the CPU has AVX512-BF16: same accuracy, faster)");
  cmd->add_option("message", *message, "The buyer's message");
  cmd->add_flag("--json", *json, "Print {intent, intents, probabilities, latency_ms}");
  cmd->add_option("--jsonl", *jsonl,
                  "Classify every line {\"text\": ...} of FILE (- = stdin, answered line by line); writes JSON "
                  "lines in input order. A file is shared by one-thread workers, one per CPU (up to 8), when the "
                  "model is small enough to run on one thread");
  cmd->add_option("--threshold", *threshold, "Probability at which an intent counts as present")->capture_default_str();
  cmd->callback([=] {
    if (cmd->got_subcommand("eval") || cmd->got_subcommand("sft-data")) return;
    DSEEK_CHECK(*threshold > 0 && *threshold <= 1, "--threshold: expected (0, 1], got {}", *threshold);
    DSEEK_CHECK(!message->empty() || !jsonl->empty(), "give a message, or --jsonl FILE");
    auto im = open_model(*ma, *threshold, *exact);
    if (!jsonl->empty()) return classify_jsonl(*im, *jsonl);
    intent::IntentResult r = im->clf->classify(*message);
    if (*json) std::puts(intent::result_json(r).dump().c_str());
    else std::puts(std::string(intent::kLabels[size_t(r.label)]).c_str());
  });

  auto* ev = cmd->add_subcommand("eval", "Accuracy, macro-F1, latency and confusion matrix on a labelled JSONL file");
  auto file = std::make_shared<std::string>();
  auto models = std::make_shared<std::vector<std::string>>();
  auto endpoints = std::make_shared<std::vector<std::string>>();
  auto names = std::make_shared<std::vector<std::string>>();
  auto confusion = std::make_shared<bool>(false);
  auto limit = std::make_shared<int64_t>(0);
  ev->add_option("file", *file, "JSONL with {\"text\", \"label\"}")->required();
  ev->add_option("--model", *models, "dseek model directory (repeatable; default: the embedded model)");
  ev->add_option("--endpoint", *endpoints, "OpenAI-compatible base URL (repeatable, pairs with --model-name)");
  ev->add_option("--model-name", *names, "Model name for each --endpoint");
  ev->add_flag("--confusion", *confusion, "Also print the confusion matrices");
  auto details = std::make_shared<bool>(false);
  ev->add_flag("--details", *details, "Also print every example: ok/MISS, predicted label, latency, text");
  ev->add_option("--limit", *limit, "Only the first N examples");
  ev->callback([=] {
    auto data = intent::read_labeled_jsonl(*file);
    if (*limit > 0 && size_t(*limit) < data.size()) data.resize(size_t(*limit));
    DSEEK_CHECK(names->size() == endpoints->size(), "each --endpoint needs a --model-name ({} vs {})",
                endpoints->size(), names->size());
    std::vector<std::string> dirs = *models;
    if (dirs.empty() && endpoints->empty()) dirs.push_back(default_intent_model());
    std::vector<intent::EvalReport> reports;
    for (const std::string& d : dirs) {
      ModelArgs a = *ma;
      a.model_dir = d;
      auto im = open_model(a, *threshold, *exact);
      reports.push_back(intent::evaluate("dseek:" + fs::path(d).filename().string(), data,
                                         [&](const std::string& t, double* ms) {
                                           intent::IntentResult r = im->clf->classify(t);
                                           *ms = r.latency_ms;
                                           return r.label;
                                         }));
    }
    for (size_t i = 0; i < endpoints->size(); ++i)
      reports.push_back(intent::evaluate((*names)[i], data,
                                         intent::endpoint_predictor({(*endpoints)[i], (*names)[i], "", 120})));
    if (*details)
      for (const auto& r : reports) std::fputs((intent::format_details(r, data) + "\n").c_str(), stdout);
    std::fputs(intent::format_table(reports).c_str(), stdout);
    if (*confusion)
      for (const auto& r : reports) std::fputs(("\n" + intent::format_confusion(r)).c_str(), stdout);
  });

  auto* sd = cmd->add_subcommand("sft-data", "Render labelled messages as SFT examples {prompt, answer} "
                                             "(the classifier's exact prompt; for `dseek train --sft`)");
  auto sd_in = std::make_shared<std::string>();
  auto sd_out = std::make_shared<std::string>();
  auto sd_tpl = std::make_shared<std::string>("deepseek-v3");
  sd->add_option("file", *sd_in, "JSONL with {\"text\", \"label\"}")->required();
  sd->add_option("-o,--out", *sd_out, "JSONL to write")->required();
  sd->add_option("--template", *sd_tpl, "deepseek-v3 | deepseek-r1")->capture_default_str();
  sd->callback([=] {
    DSEEK_CHECK(*sd_tpl == "deepseek-v3" || *sd_tpl == "deepseek-r1", "--template: expected deepseek-v3 or "
                "deepseek-r1, got '{}'", *sd_tpl);
    const ChatTemplateKind kind = *sd_tpl == "deepseek-r1" ? ChatTemplateKind::DeepSeekR1 : ChatTemplateKind::DeepSeekV3;
    const auto data = intent::read_labeled_jsonl(*sd_in);
    std::ofstream f(*sd_out + ".tmp");
    DSEEK_CHECK(f.good(), "cannot write '{}'", *sd_out);
    for (const auto& ex : data)
      f << nlohmann::json{{"prompt", intent::intent_prompt(kind, ex.text)},
                          {"answer", std::string(intent::kLabels[size_t(ex.label)])}}
               .dump()
        << "\n";
    f.close();
    DSEEK_CHECK(f.good(), "writing '{}' failed", *sd_out);
    fs::rename(*sd_out + ".tmp", *sd_out);
    std::fprintf(stderr, "%zu examples -> %s\n", data.size(), sd_out->c_str());
  });
}

}  // namespace dseek::cli
