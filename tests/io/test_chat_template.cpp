// test_chat_template.cpp — native DeepSeek chat templates against reference
// renderings made with the real Jinja templates (tests/fixtures/chat/, written
// by scripts/fixtures/make_chat_refs.py), byte for byte; detection, loading
// from tokenizer_config.json, validation errors, and the `dseek template` CLI.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/check.h"
#include "io/chat_template.h"

using namespace dseek;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(DSEEK_SOURCE_DIR) / "tests" / "fixtures" / "chat";

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  EXPECT_TRUE(f.good()) << p;
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

json templates_doc() { return json::parse(slurp(kFixtures / "templates.json")); }

struct Variant {
  ChatTemplateKind kind;
  bool opens_think;
};

Variant variant_of(const std::string& name) {
  if (name == "deepseek-v3") return {ChatTemplateKind::DeepSeekV3, false};
  if (name == "deepseek-r1") return {ChatTemplateKind::DeepSeekR1, true};
  if (name == "deepseek-r1-2025-01") return {ChatTemplateKind::DeepSeekR1, false};
  ADD_FAILURE() << "unknown template in fixtures: " << name;
  return {ChatTemplateKind::DeepSeekV3, false};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("dseek_chat_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST(ChatTemplate, MatchesJinjaReferenceByteForByte) {
  std::istringstream lines(slurp(kFixtures / "cases.jsonl"));
  std::string line;
  std::map<std::string, int> rendered, errors;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    json c = json::parse(line);
    const std::string tname = c["template"];
    Variant v = variant_of(tname);
    RenderOptions o;
    o.add_generation_prompt = c["add_generation_prompt"];
    o.r1_generation_opens_think = v.opens_think;
    SCOPED_TRACE(tname + " / " + c["name"].get<std::string>() + (o.add_generation_prompt ? " +gen" : ""));
    if (c.value("error", false)) {
      EXPECT_THROW(render_chat(v.kind, c["messages"], o), Error);
      ++errors[tname];
    } else {
      EXPECT_EQ(render_chat(v.kind, c["messages"], o), c["expected"].get<std::string>());
      ++rendered[tname];
    }
  }
  for (const char* t : {"deepseek-v3", "deepseek-r1", "deepseek-r1-2025-01"}) {
    EXPECT_GE(rendered[t], 30) << t;
    EXPECT_GE(errors[t], 10) << t;
  }
}

TEST(ChatTemplate, DetectsOfficialTemplates) {
  json doc = templates_doc();
  auto v3 = detect_chat_template_info(doc["templates"]["deepseek-v3"]);
  ASSERT_TRUE(v3);
  EXPECT_EQ(v3->kind, ChatTemplateKind::DeepSeekV3);
  auto r1 = detect_chat_template_info(doc["templates"]["deepseek-r1"]);
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->kind, ChatTemplateKind::DeepSeekR1);
  EXPECT_TRUE(r1->r1_generation_opens_think);
  auto r1old = detect_chat_template_info(doc["templates"]["deepseek-r1-2025-01"]);
  ASSERT_TRUE(r1old);
  EXPECT_EQ(r1old->kind, ChatTemplateKind::DeepSeekR1);
  EXPECT_FALSE(r1old->r1_generation_opens_think);
  EXPECT_EQ(detect_chat_template(doc["templates"]["deepseek-v3"]), ChatTemplateKind::DeepSeekV3);
}

TEST(ChatTemplate, DetectionIgnoresFormatting) {
  json doc = templates_doc();
  for (const char* name : {"deepseek-v3", "deepseek-r1"}) {
    std::string src = doc["templates"][name];
    // Reformat: newlines between tags, spaces inside tags, whitespace control
    // dashes toggled, {{bos_token}} spacing.
    std::string f = replace_all(src, "%}{", "%}\n  {");
    f = replace_all(f, "{%-", "{%");
    f = replace_all(f, "{{bos_token}}", "{{- bos_token -}}");
    f = replace_all(f, " and ", "  and\n ");
    f = "{# reformatted #}\n" + f + "\n";
    auto info = detect_chat_template_info(f);
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->kind, variant_of(name).kind);
  }
}

TEST(ChatTemplate, DetectionRejectsModifiedAndForeignTemplates) {
  json doc = templates_doc();
  const std::string v3 = doc["templates"]["deepseek-v3"];
  const std::string r1 = doc["templates"]["deepseek-r1"];
  EXPECT_FALSE(detect_chat_template(""));
  EXPECT_FALSE(detect_chat_template("{% for m in messages %}{{ m.content }}{% endfor %}"));
  EXPECT_FALSE(detect_chat_template(replace_all(v3, "'\\n\\n'", "'\\n'")));         // system joiner
  EXPECT_FALSE(detect_chat_template(replace_all(v3, "'\\n<", "'<")));                // tool-output separator
  EXPECT_FALSE(detect_chat_template(replace_all(r1, "[-1]", "[0]")));                // reasoning drop
  EXPECT_FALSE(detect_chat_template(replace_all(r1, "<think>\\n'}}", "<think>'}}"))); // generation prompt
  EXPECT_FALSE(detect_chat_template(replace_all(r1, "is_first_sp=true", "is_first_sp=true, is_last_user=false")));
  EXPECT_FALSE(detect_chat_template(v3 + "{{ tools }}"));
  EXPECT_FALSE(detect_chat_template(v3 + "extra text"));
  EXPECT_FALSE(detect_chat_template(v3.substr(0, v3.size() / 2)));
}

TEST(ChatTemplate, KnownPrompts) {
  const std::string bos = kDeepSeekBosText;
  EXPECT_EQ(bos, "<\uff5cbegin\u2581of\u2581sentence\uff5c>");
  json msgs = json::parse(R"([{"role":"system","content":"S"},{"role":"user","content":"Hi"},
      {"role":"assistant","content":"<think>x</think>\n\nYo"},{"role":"user","content":"Q"}])");
  RenderOptions o;
  o.add_generation_prompt = true;
  EXPECT_EQ(render_chat(ChatTemplateKind::DeepSeekR1, msgs, o),
            bos + "S<\uff5cUser\uff5c>Hi<\uff5cAssistant\uff5c>\n\nYo<\uff5cend\u2581of\u2581sentence\uff5c>"
                  "<\uff5cUser\uff5c>Q<\uff5cAssistant\uff5c><think>\n");
  EXPECT_EQ(render_chat(ChatTemplateKind::DeepSeekV3, msgs, o),
            bos + "S<\uff5cUser\uff5c>Hi<\uff5cAssistant\uff5c><think>x</think>\n\nYo<\uff5cend\u2581of\u2581sentence\uff5c>"
                  "<\uff5cUser\uff5c>Q<\uff5cAssistant\uff5c>");
  o.bos_token = "";
  o.add_generation_prompt = false;
  EXPECT_EQ(render_chat(ChatTemplateKind::DeepSeekV3, json::array(), o), "");
}

namespace {
std::string error_of(const json& msgs) {
  try {
    render_chat(ChatTemplateKind::DeepSeekR1, msgs, RenderOptions{});
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST(ChatTemplate, ValidationErrorsNameTheMessage) {
  EXPECT_NE(error_of(json::object()).find("must be a JSON array"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":"user","content":"a"},{"content":"b"}])")).find("message 1: missing 'role'"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":"developer","content":"b"}])")).find("message 0: unknown role 'developer'"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":7}])")).find("message 0: 'role' must be a string"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"(["hi"])")).find("message 0: must be a JSON object"), std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":"user","content":"a"},{"role":"user","content":[{"type":"text"}]}])"))
                .find("message 1 (user): 'content' must be a string"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":"assistant","content":null,"tool_calls":[{"type":"function"}]}])"))
                .find("message 0: tool_calls[0] needs a 'function' object"),
            std::string::npos);
  EXPECT_NE(error_of(json::parse(R"([{"role":"assistant","content":null,"tool_calls":null}])"))
                .find("'tool_calls' must be an array"),
            std::string::npos);
}

TEST(ChatTemplate, LoadsFromTokenizerConfig) {
  json doc = templates_doc();
  fs::path d = temp_dir("load");
  auto write = [&](const json& cfg) { std::ofstream(d / "tokenizer_config.json", std::ios::binary) << cfg.dump(); };

  write({{"chat_template", doc["templates"]["deepseek-r1"]},
         {"bos_token", {{"__type", "AddedToken"}, {"content", doc["bos_token"]}}}});
  LoadedChatTemplate t = load_chat_template(d);
  EXPECT_EQ(t.info.kind, ChatTemplateKind::DeepSeekR1);
  EXPECT_TRUE(t.info.r1_generation_opens_think);
  EXPECT_EQ(t.bos_token, doc["bos_token"].get<std::string>());
  EXPECT_EQ(load_chat_template_kind(d), ChatTemplateKind::DeepSeekR1);

  write({{"chat_template", json::array({{{"name", "tool_use"}, {"template", "x"}},
                                        {{"name", "default"}, {"template", doc["templates"]["deepseek-v3"]}}})},
         {"bos_token", "<B>"}});
  t = load_chat_template(d);
  EXPECT_EQ(t.info.kind, ChatTemplateKind::DeepSeekV3);
  EXPECT_EQ(render_chat(t.info.kind, json::parse(R"([{"role":"user","content":"u"}])"), render_options_for(t, true)),
            "<B><\uff5cUser\uff5c>u<\uff5cAssistant\uff5c>");

  write({{"chat_template", "{{ messages }}"}});
  try {
    load_chat_template(d);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unrecognised chat template; pass --template deepseek-v3|deepseek-r1"),
              std::string::npos)
        << e.what();
  }
  write({{"bos_token", "x"}});
  EXPECT_THROW(load_chat_template(d), Error);
  std::ofstream(d / "tokenizer_config.json") << "{not json";
  EXPECT_THROW(load_chat_template(d), Error);
  fs::remove_all(d);
  EXPECT_THROW(load_chat_template(d), Error);
}

TEST(ChatTemplate, TemplateNames) {
  EXPECT_EQ(parse_chat_template_name("deepseek-v3"), ChatTemplateKind::DeepSeekV3);
  EXPECT_EQ(parse_chat_template_name("deepseek-r1"), ChatTemplateKind::DeepSeekR1);
  EXPECT_THROW(parse_chat_template_name("chatml"), Error);
  EXPECT_STREQ(chat_template_name(ChatTemplateKind::DeepSeekR1), "deepseek-r1");
}

namespace {
// Runs a shell command; returns {exit status, stdout}.
std::pair<int, std::string> run_cmd(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {-1, out};
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int st = ::pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}
}  // namespace

TEST(ChatTemplate, CliRendersExactBytes) {
  fs::path d = temp_dir("cli");
  std::ofstream(d / "m.json", std::ios::binary)
      << R"({"messages":[{"role":"user","content":"Hi \u00e9"},{"role":"assistant","content":"<think>r</think>ok"},{"role":"user","content":"again"}]})";
  const std::string bin = DSEEK_BINARY;
  auto [rc, out] = run_cmd(bin + " template --template deepseek-r1 --add-generation-prompt --messages " +
                           (d / "m.json").string());
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out, std::string(kDeepSeekBosText) +
                     "<\uff5cUser\uff5c>Hi \u00e9<\uff5cAssistant\uff5c>ok<\uff5cend\u2581of\u2581sentence\uff5c>"
                     "<\uff5cUser\uff5c>again<\uff5cAssistant\uff5c><think>\n");
  auto [rc2, out2] = run_cmd("echo '[{\"role\":\"user\",\"content\":\"x\"}]' | " + bin + " template --template deepseek-v3");
  EXPECT_EQ(rc2, 0);
  EXPECT_EQ(out2, std::string(kDeepSeekBosText) + "<\uff5cUser\uff5c>x");
  auto [rc3, out3] = run_cmd("echo '[{\"role\":\"bot\",\"content\":\"x\"}]' | " + bin + " template --template deepseek-v3 2>&1");
  EXPECT_EQ(rc3, 1);
  EXPECT_NE(out3.find("message 0: unknown role 'bot'"), std::string::npos) << out3;
  auto [rc4, out4] = run_cmd(bin + " template --messages /dev/null 2>&1");
  EXPECT_EQ(rc4, 1);
  EXPECT_NE(out4.find("exactly one of"), std::string::npos) << out4;
  fs::remove_all(d);
}
