// server_test_util.h — helpers for the server tests: a tiny *scripted* model
// directory (config.json, model.safetensors, tokenizer.json,
// tokenizer_config.json with the official DeepSeek-R1 chat template) whose
// greedy output is known in advance, and a child-process runner.
//
// The scripted model: every projection weight is zero, so the residual stream
// is the token embedding and the logits are lm_head · norm(embed(last token)):
// a bigram table. Script tokens have one-hot embeddings; lm_head maps each to
// its successor with logit 30 (others 0), so even temperature 1 follows it:
//   "\n" or <|Assistant|> → O K </think> H i ! ␠ a b … z (no i) ␠ a b …
//   "~" → <|end_of_sentence|>
// An R1 chat reply is therefore reasoning "OK" + content "Hi! abcdefgh…".
// Vocabulary: ids 0-255 are the bytes (GPT-2 byte-level alphabet, no merges),
// 256 BOS, 257 EOS, 258 <|User|>, 259 <|Assistant|>, 260 <think>, 261 </think>.
#pragma once

#include <string>

namespace dseek::test {

// Writes the scripted model into `dir` (created). Context: `context` tokens.
void write_scripted_model(const std::string& dir, int context = 4096);

// Source tree / binary paths (compile definitions of dseek_tests).
std::string source_dir();
std::string dseek_binary();

}  // namespace dseek::test
