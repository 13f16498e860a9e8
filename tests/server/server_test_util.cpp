// server_test_util.cpp — see server_test_util.h.
#include "server_test_util.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/config.h"
#include "io/json_util.h"
#include "io/safetensors_writer.h"
#include "model/layout.h"

namespace dseek::test {
namespace fs = std::filesystem;
using nlohmann::json;

std::string source_dir() { return DSEEK_SOURCE_DIR; }
std::string dseek_binary() { return DSEEK_BINARY; }

namespace {

// GPT-2 bytes_to_unicode: byte -> the code point its token is spelled with.
std::string byte_char(int b) {
  auto printable = [](int c) { return (c >= 33 && c <= 126) || (c >= 161 && c <= 172) || (c >= 174 && c <= 255); };
  int cp = b;
  if (!printable(b)) {
    int n = 0;
    for (int c = 0; c < b; ++c)
      if (!printable(c)) ++n;
    cp = 256 + n;
  }
  std::string s;
  if (cp < 0x80) s += char(cp);
  else {
    s += char(0xC0 | (cp >> 6));
    s += char(0x80 | (cp & 0x3F));
  }
  return s;
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  DSEEK_CHECK(f.good(), "cannot read {}", p.string());
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

void write_scripted_model(const std::string& dir_s, int context) {
  const fs::path dir(dir_s);
  fs::create_directories(dir);
  const int kBos = 256, kEos = 257, kUser = 258, kAsst = 259, kThink = 260, kEndThink = 261;
  ModelConfig c;
  c.vocab_size = 264;
  c.hidden_size = 64;
  c.num_hidden_layers = 2;
  c.first_k_dense_replace = 1;
  c.intermediate_size = 32;
  c.num_attention_heads = 2;
  c.q_lora_rank = 16;
  c.kv_lora_rank = 16;
  c.qk_nope_head_dim = c.qk_rope_head_dim = c.v_head_dim = 8;
  c.n_routed_experts = 4;
  c.num_experts_per_tok = 2;
  c.moe_intermediate_size = 8;
  c.n_shared_experts = 1;
  c.n_group = 2;
  c.topk_group = 1;
  c.num_nextn_predict_layers = 0;
  c.max_position_embeddings = context;
  c.rope.type = RopeType::None;
  c.bos_token_id = kBos;
  c.eos_token_id = {kEos};

  // The script: successor of each source token.
  std::map<int, int> next;
  std::vector<int> chain = {'O', 'K', kEndThink, 'H', 'i', '!', ' '};
  next['\n'] = 'O';
  next[kAsst] = 'O';
  for (size_t i = 0; i + 1 < chain.size(); ++i) next[chain[i]] = chain[i + 1];
  int prev = ' ';
  for (int ch = 'a'; ch <= 'z'; ++ch) {
    if (ch == 'i') continue;
    next[prev] = ch;
    prev = ch;
  }
  next[prev] = ' ';
  next['~'] = kEos;
  const int H = int(c.hidden_size);
  DSEEK_CHECK(int(next.size()) <= H, "script too long for hidden size");
  std::map<int, int> slot;  // source token -> embedding dimension
  for (const auto& [t, n] : next) slot[t] = int(slot.size());

  const std::vector<TensorSpec> layout = checkpoint_layout(c, false);
  std::vector<std::vector<float>> store;
  std::vector<SafetensorsTensorIn> tensors;
  uint64_t rng = 12345;
  auto noise = [&] {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double((rng >> 11) & 0xFFFFF) / double(0xFFFFF) - 0.5) * 0.02;
  };
  for (const TensorSpec& t : layout) {
    int64_t n = 1;
    for (int64_t s : t.shape) n *= s;
    std::vector<float> v(size_t(n), 0.0f);
    if (t.role == TensorRole::Norm) std::fill(v.begin(), v.end(), 1.0f);
    if (t.role == TensorRole::Embedding) {
      for (int tok = 0; tok < c.vocab_size; ++tok) {
        float* row = &v[size_t(tok * H)];
        if (auto s = slot.find(tok); s != slot.end()) row[s->second] = 1.0f;
        else for (int i = 0; i < H; ++i) row[i] = float(noise());
      }
    }
    if (t.role == TensorRole::Head) {  // [vocab, H]
      for (const auto& [src, dst] : next) v[size_t(dst * H + slot[src])] = 30.0f / std::sqrt(float(H));
    }
    store.push_back(std::move(v));
    const auto& b = store.back();
    tensors.push_back({t.name, DType::F32, t.shape,
                       std::span(reinterpret_cast<const uint8_t*>(b.data()), b.size() * sizeof(float))});
  }
  write_safetensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});
  std::ofstream(dir / "config.json") << to_json(c);

  // tokenizer.json: byte-level BPE without merges + the DeepSeek specials.
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[byte_char(b)] = b;
  auto added = [](int id, const char* content, bool special) {
    return json{{"id", id}, {"content", content}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                {"normalized", !special}, {"special", special}};
  };
  const char* bos = "<\xef\xbd\x9c" "begin\xe2\x96\x81of\xe2\x96\x81sentence\xef\xbd\x9c>";
  const char* eos = "<\xef\xbd\x9c" "end\xe2\x96\x81of\xe2\x96\x81sentence\xef\xbd\x9c>";
  json tj = {
      {"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr},
      {"added_tokens", json::array({added(kBos, bos, true), added(kEos, eos, true),
                                    added(kUser, "<\xef\xbd\x9cUser\xef\xbd\x9c>", false),
                                    added(kAsst, "<\xef\xbd\x9c" "Assistant\xef\xbd\x9c>", false),
                                    added(kThink, "<think>", false), added(kEndThink, "</think>", false)})},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor", nullptr},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                 {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false},
                 {"ignore_merges", false}, {"vocab", vocab}, {"merges", json::array()}}}};
  std::ofstream(dir / "tokenizer.json") << tj.dump();

  const json templates = parse_json_limited(read_text(fs::path(source_dir()) / "tests/fixtures/chat/templates.json"));
  json tc = {{"add_bos_token", true}, {"add_eos_token", false}, {"bos_token", bos}, {"eos_token", eos},
             {"chat_template", templates["templates"]["deepseek-r1"]}};
  std::ofstream(dir / "tokenizer_config.json") << tc.dump(1);
}

}  // namespace dseek::test
