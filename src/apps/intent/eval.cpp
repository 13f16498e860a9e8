// eval.cpp — see eval.h.
#include "apps/intent/eval.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/progress.h"
#include "io/json_util.h"

namespace dseek::intent {

std::vector<LabeledExample> read_labeled_jsonl(const std::string& path) {
  std::ifstream f(path);
  DSEEK_CHECK(f.good(), "cannot open '{}'", path);
  std::vector<LabeledExample> out;
  std::string line;
  int64_t no = 0;
  while (std::getline(f, line)) {
    ++no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      DSEEK_FAIL("{}:{}: invalid JSON: {}", path, no, e.what());
    }
    DSEEK_CHECK(j.is_object() && j.contains("text") && j["text"].is_string() && j.contains("label") &&
                    j["label"].is_string(),
                "{}:{}: expected {{\"text\": string, \"label\": string}}", path, no);
    auto li = label_index(j["label"].get<std::string>());
    DSEEK_CHECK(li.has_value(), "{}:{}: unknown label '{}'", path, no, j["label"].get<std::string>());
    out.push_back({j["text"].get<std::string>(), *li});
  }
  DSEEK_CHECK(!out.empty(), "'{}' has no examples", path);
  return out;
}

EvalReport evaluate(const std::string& model_name, const std::vector<LabeledExample>& data, const Predictor& predict,
                    bool progress) {
  EvalReport r;
  r.model = model_name;
  std::vector<double> lat;
  Progress prog("eval " + model_name, int64_t(data.size()), "msg", progress);
  for (const LabeledExample& ex : data) {
    double ms = 0;
    int p = -1;
    try {
      p = predict(ex.text, &ms);
    } catch (const std::exception&) {  // endpoint/network/format failure: counted as failed
      p = -1;
    }
    ++r.n;
    if (p < 0 || p >= kNumLabels) {
      ++r.failed;
      p = kNumLabels;
    }
    r.correct += p == ex.label;
    r.confusion[size_t(ex.label)][size_t(p)]++;
    lat.push_back(ms);
    r.predicted.push_back(p);
    r.latency_ms.push_back(ms);
    prog.add(1);
  }
  prog.done();
  r.accuracy = double(r.correct) / double(std::max<int64_t>(r.n, 1));
  double f1 = 0;
  for (int c = 0; c < kNumLabels; ++c) {
    int64_t tp = r.confusion[size_t(c)][size_t(c)], fp = 0, fn = 0;
    for (int o = 0; o <= kNumLabels; ++o)
      if (o != c) fn += r.confusion[size_t(c)][size_t(o)];
    for (int g = 0; g < kNumLabels; ++g)
      if (g != c) fp += r.confusion[size_t(g)][size_t(c)];
    const double prec = tp + fp ? double(tp) / double(tp + fp) : 0, rec = tp + fn ? double(tp) / double(tp + fn) : 0;
    f1 += prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
  }
  r.macro_f1 = f1 / kNumLabels;
  r.p50_ms = percentile(lat, 0.50);
  r.p95_ms = percentile(lat, 0.95);
  return r;
}

double percentile(std::vector<double> ms, double q) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))];
}

std::string format_table(const std::vector<EvalReport>& reports) {
  std::string s = fmt::format("{:<28} {:>6} {:>9} {:>9} {:>10} {:>10} {:>7}\n", "model", "n", "accuracy", "macro-F1",
                              "p50 (ms)", "p95 (ms)", "failed");
  for (const EvalReport& r : reports)
    s += fmt::format("{:<28} {:>6} {:>8.1f}% {:>9.3f} {:>10.2f} {:>10.2f} {:>7}\n", r.model, r.n, 100 * r.accuracy,
                     r.macro_f1, r.p50_ms, r.p95_ms, r.failed);
  return s;
}

std::string format_details(const EvalReport& r, const std::vector<LabeledExample>& data) {
  std::string out;
  for (size_t i = 0; i < r.predicted.size() && i < data.size(); ++i) {
    const int p = r.predicted[i], g = data[i].label;
    const std::string pred = p >= 0 && p < kNumLabels ? std::string(kLabels[size_t(p)]) : "(none)";
    std::string text = data[i].text.size() > 90 ? data[i].text.substr(0, 87) + "..." : data[i].text;
    for (char& c : text)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    out += fmt::format("{} {:<21} {:>7.2f} ms  {}{}\n", p == g ? "ok  " : "MISS", pred,
                       i < r.latency_ms.size() ? r.latency_ms[i] : 0.0, text,
                       p == g ? "" : fmt::format("   [expected: {}]", kLabels[size_t(g)]));
  }
  return out;
}

std::string format_confusion(const EvalReport& r) {
  const char* ab[] = {"Irr", "Inj", "Off", "Neg", "Det", "Cond", "Avail", "none"};
  std::string s = fmt::format("confusion ({}; rows = gold, cols = predicted)\n{:<7}", r.model, "");
  for (const char* a : ab) s += fmt::format("{:>7}", a);
  s += "\n";
  for (int g = 0; g < kNumLabels; ++g) {
    s += fmt::format("{:<7}", ab[g]);
    for (int p = 0; p <= kNumLabels; ++p) s += fmt::format("{:>7}", r.confusion[size_t(g)][size_t(p)]);
    s += "\n";
  }
  return s;
}

Predictor endpoint_predictor(const EndpointOptions& opt) {
  DSEEK_CHECK(opt.url.rfind("http://", 0) == 0 || opt.url.rfind("https://", 0) == 0,
              "--endpoint: expected an http:// or https:// URL, got '{}'", opt.url);
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  DSEEK_CHECK(opt.url.rfind("https://", 0) != 0, "--endpoint: this build has no TLS support (use http://)");
#endif
  std::string key = opt.api_key;
  if (key.empty())
    if (const char* k = std::getenv("OPENAI_API_KEY")) key = k;
  // Split scheme://host[:port] and an optional path prefix.
  const size_t hs = opt.url.find("://") + 3, ps = opt.url.find('/', hs);
  const std::string base = opt.url.substr(0, ps), prefix = ps == std::string::npos ? "" : opt.url.substr(ps);
  const std::string path = (prefix.empty() || prefix == "/" ? "/v1" : prefix) + "/chat/completions";
  auto client = std::make_shared<httplib::Client>(base);
  client->set_connection_timeout(std::chrono::seconds(10));
  client->set_read_timeout(std::chrono::duration<double>(opt.timeout_s));
  const std::string model = opt.model_name;
  return [client, key, path, model](const std::string& text, double* ms) {
    nlohmann::json body = {{"model", model},
                           {"temperature", 0},
                           {"messages", {{{"role", "system"}, {"content", system_prompt()}},
                                         {{"role", "user"}, {"content", text}}}}};
    httplib::Headers h;
    if (!key.empty()) h.emplace("Authorization", "Bearer " + key);
    const auto t0 = std::chrono::steady_clock::now();
    auto res = client->Post(path, h, body.dump(), "application/json");
    *ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    DSEEK_CHECK(res, "endpoint request failed: {}", httplib::to_string(res.error()));
    DSEEK_CHECK(res->status == 200, "endpoint answered HTTP {}: {}", res->status, res->body.substr(0, 200));
    nlohmann::json j = parse_json_limited(res->body, {}, "endpoint response");
    const auto& c = j.at("choices").at(0).at("message").at("content");
    auto l = parse_label_answer(c.is_string() ? c.get<std::string>() : std::string());
    return l ? *l : -1;
  };
}

}  // namespace dseek::intent
