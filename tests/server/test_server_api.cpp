// test_server_api.cpp — server pieces without HTTP: SHA-256 vectors, request
// validation (hostile fields → ApiError 400), SSE / chunk formatting, the
// constant-time key compare, the prefix cache and the embedded web page.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/api.h"
#include "server/http_server.h"
#include "server/prefix_cache.h"
#include "server/sha256.h"
#include "server/web_page.h"
#include "server_test_util.h"

namespace dseek::server {
namespace {

using nlohmann::json;

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 1,000,000 × 'a', fed in odd-sized pieces (exercises buffering).
  Sha256 h;
  std::string piece(997, 'a');
  size_t left = 1000000;
  while (left) {
    const size_t n = std::min(left, piece.size());
    h.update(piece.data(), n);
    left -= n;
  }
  EXPECT_EQ(to_hex(h.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55/56/64-byte boundaries of the padding.
  EXPECT_EQ(to_hex(sha256(std::string(55, 'a'))), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(to_hex(sha256(std::string(56, 'a'))), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(to_hex(sha256(std::string(64, 'a'))), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

ApiLimits limits() {
  ApiLimits l;
  l.context = 100;
  l.model_name = "m";
  return l;
}

int status_of(const json& body, ApiKind kind = ApiKind::kChat) {
  try {
    parse_completion_request(body, kind, limits());
    return 200;
  } catch (const ApiError& e) {
    EXPECT_FALSE(std::string(e.what()).empty());
    return e.status;
  }
}

json chat(json extra = json::object()) {
  json b = {{"model", "m"}, {"messages", json::array({{{"role", "user"}, {"content", "hi"}}})}};
  b.update(extra);
  return b;
}

TEST(ServerApi, AcceptsAFullRequest) {
  CompletionRequest r = parse_completion_request(
      chat({{"max_tokens", 10}, {"temperature", 0.5}, {"top_p", 0.9}, {"top_k", 5}, {"min_p", 0.1}, {"seed", 7},
            {"stop", json::array({"a", "b"})}, {"n", 3}, {"stream", true}, {"stream_options", {{"include_usage", true}}},
            {"logprobs", true}, {"top_logprobs", 2}, {"presence_penalty", 1}, {"frequency_penalty", -1}}),
      ApiKind::kChat, limits());
  EXPECT_EQ(*r.max_tokens, 10);
  EXPECT_FLOAT_EQ(r.sampling.temperature, 0.5f);
  EXPECT_EQ(r.sampling.top_k, 5);
  EXPECT_EQ(*r.seed, 7u);
  EXPECT_EQ(r.stop.size(), 2u);
  EXPECT_EQ(r.n, 3);
  EXPECT_TRUE(r.stream && r.include_usage && r.logprobs);
  EXPECT_EQ(r.sampling.top_logprobs, 2);
  EXPECT_EQ(parse_completion_request(chat({{"stop", "x"}, {"max_completion_tokens", 5}}), ApiKind::kChat, limits())
                .stop.size(), 1u);
  // Content parts are joined.
  json parts = chat();
  parts["messages"][0]["content"] = json::array({{{"type", "text"}, {"text", "a"}}, {{"type", "text"}, {"text", "b"}}});
  EXPECT_EQ(parse_completion_request(parts, ApiKind::kChat, limits()).messages[0]["content"], "ab");
}

TEST(ServerApi, RejectsHostileFields) {
  EXPECT_EQ(status_of(json::array()), 400);
  EXPECT_EQ(status_of(json{{"messages", "hi"}}), 400);
  EXPECT_EQ(status_of(json{{"messages", json::array()}}), 400);
  EXPECT_EQ(status_of(chat({{"model", "other"}})), 400);
  EXPECT_EQ(status_of(chat({{"model", 5}})), 400);
  EXPECT_EQ(status_of(chat({{"max_tokens", -1}})), 400);
  EXPECT_EQ(status_of(chat({{"max_tokens", 0}})), 400);
  EXPECT_EQ(status_of(chat({{"max_tokens", 1e12}})), 400);      // a float
  EXPECT_EQ(status_of(chat({{"max_tokens", 101}})), 400);       // beyond the context
  EXPECT_EQ(status_of(chat({{"max_tokens", "10"}})), 400);
  EXPECT_EQ(status_of(chat({{"max_tokens", 18446744073709551615ull}})), 400);
  EXPECT_EQ(status_of(chat({{"temperature", -0.1}})), 400);
  EXPECT_EQ(status_of(chat({{"temperature", 1e308 * 10}})), 400);  // inf
  EXPECT_EQ(status_of(chat({{"temperature", std::nan("")}})), 400);
  EXPECT_EQ(status_of(chat({{"temperature", true}})), 400);
  EXPECT_EQ(status_of(chat({{"top_p", 0}})), 400);
  EXPECT_EQ(status_of(chat({{"top_p", 1.5}})), 400);
  EXPECT_EQ(status_of(chat({{"top_k", -5}})), 400);
  EXPECT_EQ(status_of(chat({{"min_p", 2}})), 400);
  EXPECT_EQ(status_of(chat({{"n", 9}})), 400);
  EXPECT_EQ(status_of(chat({{"n", 0}})), 400);
  EXPECT_EQ(status_of(chat({{"n", 1000000000}})), 400);
  EXPECT_EQ(status_of(chat({{"stop", json::array({""})}})), 400);
  EXPECT_EQ(status_of(chat({{"stop", 3}})), 400);
  EXPECT_EQ(status_of(chat({{"stop", std::string(1000, 'x')}})), 400);
  EXPECT_EQ(status_of(chat({{"stop", json(std::vector<std::string>(17, "a"))}})), 400);
  EXPECT_EQ(status_of(chat({{"presence_penalty", 3}})), 400);
  EXPECT_EQ(status_of(chat({{"frequency_penalty", -2.5}})), 400);
  EXPECT_EQ(status_of(chat({{"top_logprobs", 3}})), 400);                       // without logprobs
  EXPECT_EQ(status_of(chat({{"logprobs", true}, {"top_logprobs", 21}})), 400);
  EXPECT_EQ(status_of(chat({{"stream_options", {{"include_usage", true}}}})), 400);  // without stream
  EXPECT_EQ(status_of(chat({{"seed", 1.5}})), 400);
  EXPECT_EQ(status_of(chat({{"logit_bias", {{"5", 10}}}})), 400);
  json bad_role = chat();
  bad_role["messages"][0]["role"] = "wizard";
  EXPECT_EQ(status_of(bad_role), 400);
  json no_content = chat();
  no_content["messages"][0].erase("content");
  EXPECT_EQ(status_of(no_content), 400);
  json img = chat();
  img["messages"][0]["content"] = json::array({{{"type", "image_url"}, {"image_url", "x"}}});
  EXPECT_EQ(status_of(img), 400);
  // Completions.
  EXPECT_EQ(status_of(json{{"prompt", "hi"}}, ApiKind::kCompletion), 200);
  EXPECT_EQ(status_of(json{{"prompt", ""}}, ApiKind::kCompletion), 400);
  EXPECT_EQ(status_of(json{{"prompt", json::array({1, 2})}}, ApiKind::kCompletion), 400);
  EXPECT_EQ(status_of(json{{"prompt", "a"}, {"logprobs", 6}}, ApiKind::kCompletion), 400);
}

TEST(ServerApi, ErrorBodyIsOpenAIShaped) {
  const json e = json::parse(error_json(ApiError(429, "slow down", "rate_limit_error", "queue_full")));
  EXPECT_EQ(e["error"]["message"], "slow down");
  EXPECT_EQ(e["error"]["type"], "rate_limit_error");
  EXPECT_EQ(e["error"]["code"], "queue_full");
  EXPECT_TRUE(e["error"]["param"].is_null());
  EXPECT_EQ(strip_location("bad value (src/io/x.cpp:12)"), "bad value");
  EXPECT_EQ(strip_location("plain (words)"), "plain (words)");
}

TEST(ServerApi, SseAndChunks) {
  EXPECT_EQ(sse_data("{}"), "data: {}\n\n");
  EXPECT_STREQ(sse_done(), "data: [DONE]\n\n");
  ResponseMeta m{"chatcmpl-1", 123, "m"};
  const json c = chat_chunk(m, 0, {{"content", "hi"}}, "");
  EXPECT_EQ(c["object"], "chat.completion.chunk");
  EXPECT_EQ(c["choices"][0]["delta"]["content"], "hi");
  EXPECT_TRUE(c["choices"][0]["finish_reason"].is_null());
  EXPECT_EQ(chat_chunk(m, 1, json::object(), "length")["choices"][0]["finish_reason"], "length");
  const json u = usage_chunk(m, true, usage_json(5, 7, 0));
  EXPECT_TRUE(u["choices"].empty());
  EXPECT_EQ(u["usage"]["total_tokens"], 12);
  // Reasoning split of a whole response.
  std::vector<ChoiceState> cs;
  cs.emplace_back(true, true);
  cs[0].feed("OK</thi", false);
  cs[0].feed("nk>Hi", true);
  cs[0].finish_reason = "stop";
  const json r = chat_response(m, cs);
  EXPECT_EQ(r["choices"][0]["message"]["reasoning_content"], "OK");
  EXPECT_EQ(r["choices"][0]["message"]["content"], "Hi");
  EXPECT_EQ(r["object"], "chat.completion");
}

TEST(ServerApi, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(constant_time_equal("", "x"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(PrefixCache, ReusesRowsAndEvictsLru) {
  const std::vector<int32_t> toks = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  LatentCache src(2, 3, 1, 10);
  for (int64_t l = 0; l < 2; ++l) {
    for (int64_t p = 0; p < 10; ++p)
      for (int64_t i = 0; i < 4; ++i) src.row(l, p)[i] = float(l * 1000 + p * 10 + i);
    src.set_length(l, 10);
  }
  PrefixCache pc(1 << 20, 4);
  pc.insert(toks, src);  // keeps 8 rows (2 blocks)
  EXPECT_EQ(pc.entries(), 1u);
  LatentCache dst(2, 3, 1, 0);
  const std::vector<int32_t> q = {1, 2, 3, 4, 5, 6, 7, 8, 99};
  EXPECT_EQ(pc.lookup(q, 8, dst), 8);
  EXPECT_EQ(dst.length(1), 8);
  EXPECT_EQ(dst.row(1, 7)[3], 1073.0f);
  LatentCache d2(2, 3, 1, 0);
  EXPECT_EQ(pc.lookup(q, 7, d2), 4);  // bounded by max_len: one block
  LatentCache d3(2, 3, 1, 0);
  const std::vector<int32_t> other = {1, 2, 3, 5, 5, 6, 7, 8, 9};
  EXPECT_EQ(pc.lookup(other, 8, d3), 0);
  // Byte bound: a cache that holds one entry only evicts the older one.
  PrefixCache small(8 * 2 * 4 * sizeof(float), 4);
  small.insert(toks, src);
  const std::vector<int32_t> toks2 = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
  small.insert(toks2, src);
  EXPECT_EQ(small.entries(), 1u);
  LatentCache d4(2, 3, 1, 0);
  EXPECT_EQ(small.lookup(q, 8, d4), 0);
  EXPECT_LE(small.bytes(), size_t(8 * 2 * 4 * sizeof(float)));
  // Chained hashes differ when an earlier block differs.
  EXPECT_NE(block_hashes(toks, 4)[1], block_hashes(other, 4)[1]);
}

TEST(WebPage, EmbeddedHeaderMatchesSource) {
  std::ifstream f(test::source_dir() + "/web/index.html", std::ios::binary);
  ASSERT_TRUE(f.good());
  std::string html((std::istreambuf_iterator<char>(f)), {});
  EXPECT_EQ(std::string(kWebPageHtml), html) << "run scripts/server/embed_web.sh after editing web/index.html";
  EXPECT_NE(html.find("/v1/chat/completions"), std::string::npos);
  EXPECT_NE(html.find("/v1/intent"), std::string::npos);
}

}  // namespace
}  // namespace dseek::server
