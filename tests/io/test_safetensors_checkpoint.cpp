// test_safetensors_checkpoint.cpp — Checkpoint (single file / sharded index) and writer errors.
// What it is: model directories built in a temp dir with write_safetensors, read
// back through Checkpoint with every byte compared, plus malformed indexes
// (missing shard, missing tensor, path traversal, duplicates, wrong types).
// What it is not: header-level validation tests (test_safetensors.cpp).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/check.h"
#include "io/safetensors.h"
#include "io/safetensors_writer.h"

using namespace dseek;
namespace fs = std::filesystem;

namespace {

struct TmpDir {
  fs::path path;
  TmpDir() {
    std::string t = (fs::temp_directory_path() / "dseek_stc_XXXXXX").string();
    if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
    path = t;
  }
  ~TmpDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

// Deterministic per-tensor bytes so each tensor's content is distinguishable.
struct Owned {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  std::vector<uint8_t> bytes;
};

Owned make_tensor(const std::string& name, DType dt, std::vector<int64_t> shape, uint8_t seed) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  Owned o{name, dt, std::move(shape), std::vector<uint8_t>(size_t(n) * dtype_size(dt))};
  for (size_t i = 0; i < o.bytes.size(); ++i) o.bytes[i] = uint8_t(seed + i * 13);
  return o;
}

void write_owned(const fs::path& p, const std::vector<Owned>& ts) {
  std::vector<SafetensorsTensorIn> in;
  for (const auto& t : ts) in.push_back({t.name, t.dtype, t.shape, t.bytes});
  write_safetensors(p.string(), in);
}

void expect_same(const TensorView& v, const Owned& t) {
  EXPECT_EQ(v.dtype, t.dtype) << t.name;
  EXPECT_EQ(v.shape, t.shape) << t.name;
  ASSERT_EQ(v.nbytes, t.bytes.size()) << t.name;
  for (size_t i = 0; i < v.nbytes; ++i) ASSERT_EQ(v.data[i], t.bytes[i]) << t.name << " byte " << i;
}

template <class F>
void expect_error(F&& f, std::initializer_list<const char*> needles) {
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* n : needles) EXPECT_NE(msg.find(n), std::string::npos) << "'" << n << "' not in: " << msg;
  }
}

// Two shards: a.safetensors {x, y}, b.safetensors {z}.
struct Sharded {
  TmpDir dir;
  std::vector<Owned> a = {make_tensor("x", DType::BF16, {2, 3}, 1), make_tensor("y", DType::F32, {4}, 50)};
  std::vector<Owned> b = {make_tensor("z", DType::I8, {5}, 99)};
  Sharded() {
    write_owned(dir.path / "a.safetensors", a);
    write_owned(dir.path / "b.safetensors", b);
  }
  void index(const std::string& weight_map) {
    write_text(dir.path / "model.safetensors.index.json",
               "{\"metadata\":{\"total_size\":33,\"nested\":[[1],{\"k\":null}]},\"weight_map\":" + weight_map + "}");
  }
};

}  // namespace

TEST(SafetensorsCheckpoint, SingleFileDirectoryAndPath) {
  TmpDir d;
  const std::vector<Owned> ts = {make_tensor("b", DType::F16, {3}, 7), make_tensor("a", DType::U8, {2, 2}, 3)};
  write_owned(d.path / "model.safetensors", ts);
  for (const std::string& p : {d.path.string(), (d.path / "model.safetensors").string()}) {
    const Checkpoint c(p);
    EXPECT_EQ(c.names(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(c.size(), 2u);
    for (const auto& t : ts) {
      ASSERT_TRUE(c.has(t.name));
      expect_same(c.get(t.name), t);
    }
    EXPECT_FALSE(c.has("c"));
    EXPECT_EQ(c.find("c"), nullptr);
    expect_error([&] { c.get("c"); }, {"missing tensor 'c' in", p.c_str()});
  }
}

TEST(SafetensorsCheckpoint, ShardedIndex) {
  Sharded s;
  s.index("{\"x\":\"a.safetensors\",\"y\":\"a.safetensors\",\"z\":\"b.safetensors\"}");
  for (const std::string& p : {s.dir.path.string(), (s.dir.path / "model.safetensors.index.json").string()}) {
    const Checkpoint c(p);
    EXPECT_EQ(c.names(), (std::vector<std::string>{"x", "y", "z"}));
    EXPECT_EQ(c.files().size(), 2u);
    for (const auto& t : s.a) expect_same(c.get(t.name), t);
    for (const auto& t : s.b) expect_same(c.get(t.name), t);
  }
}

TEST(SafetensorsCheckpoint, RamAndAutoHoldTheSameTensorsAsMmap) {
  Sharded s;
  s.index("{\"x\":\"a.safetensors\",\"y\":\"a.safetensors\",\"z\":\"b.safetensors\"}");
  for (WeightMemory mem : {WeightMemory::Mmap, WeightMemory::Ram, WeightMemory::Auto}) {
    const Checkpoint c(s.dir.path.string(), {.memory = mem});
    EXPECT_EQ(c.resident(), mem != WeightMemory::Mmap) << int(mem);  // Auto: a tiny model fits in RAM
    EXPECT_EQ(c.bytes(), fs::file_size(s.dir.path / "a.safetensors") + fs::file_size(s.dir.path / "b.safetensors"));
    EXPECT_EQ(c.names(), (std::vector<std::string>{"x", "y", "z"}));
    for (const auto& t : s.a) expect_same(c.get(t.name), t);
    for (const auto& t : s.b) expect_same(c.get(t.name), t);
  }
  TmpDir d;
  write_owned(d.path / "model.safetensors", s.a);
  const Checkpoint c(d.path.string(), {.memory = WeightMemory::Ram});
  EXPECT_TRUE(c.resident());
  for (const auto& t : s.a) expect_same(c.get(t.name), t);
}

TEST(SafetensorsCheckpoint, IndexPreferredOverSingleFile) {
  Sharded s;
  write_owned(s.dir.path / "model.safetensors", {make_tensor("only_single", DType::U8, {1}, 0)});
  s.index("{\"x\":\"a.safetensors\"}");
  const Checkpoint c(s.dir.path.string());
  EXPECT_TRUE(c.has("x"));
  EXPECT_FALSE(c.has("only_single"));
}

TEST(SafetensorsCheckpoint, MissingShard) {
  Sharded s;
  s.index("{\"x\":\"a.safetensors\",\"q\":\"gone.safetensors\"}");
  expect_error([&] { Checkpoint c(s.dir.path.string()); }, {"shard 'gone.safetensors'", "No such file"});
}

TEST(SafetensorsCheckpoint, MissingTensorInShard) {
  Sharded s;
  s.index("{\"x\":\"a.safetensors\",\"z\":\"a.safetensors\"}");
  expect_error([&] { Checkpoint c(s.dir.path.string()); },
               {"tensor 'z'", "shard 'a.safetensors'", "missing"});
}

TEST(SafetensorsCheckpoint, TensorInTwoShards) {
  Sharded s;
  write_owned(s.dir.path / "c.safetensors", {make_tensor("x", DType::U8, {1}, 0), make_tensor("w", DType::U8, {1}, 0)});
  s.index("{\"x\":\"a.safetensors\",\"z\":\"b.safetensors\",\"w\":\"c.safetensors\"}");
  expect_error([&] { Checkpoint c(s.dir.path.string()); }, {"tensor 'x'", "two shards"});
}

TEST(SafetensorsCheckpoint, PathTraversalAndBadNames) {
  Sharded s;
  for (const char* bad : {"../a.safetensors", "sub/a.safetensors", "/etc/passwd", "..", ".", "",
                          "a\\\\b.safetensors"}) {
    s.index(std::string("{\"x\":\"") + bad + "\"}");
    expect_error([&] { Checkpoint c(s.dir.path.string()); }, {"tensor 'x'", "not a plain file name"});
  }
}

TEST(SafetensorsCheckpoint, MalformedIndex) {
  Sharded s;
  const fs::path idx = s.dir.path / "model.safetensors.index.json";
  auto bad = [&](const std::string& text, std::initializer_list<const char*> needles) {
    write_text(idx, text);
    expect_error([&] { Checkpoint c(s.dir.path.string()); }, needles);
  };
  bad("[]", {"expected a JSON object"});
  bad("{\"weight_map\":", {"not valid JSON"});
  bad("", {"not valid JSON"});
  bad(std::string("{\"weight_map\":{}}\0junk", 22), {"NUL byte"});
  bad("{\"metadata\":{}}", {"missing 'weight_map'"});
  bad("{\"weight_map\":[]}", {"weight_map must be an object"});
  bad("{\"weight_map\":\"a\"}", {"weight_map must be an object"});
  bad("{\"weight_map\":{\"x\":1}}", {"weight_map['x'] must be a string"});
  bad("{\"weight_map\":{\"x\":{\"a\":\"b\"}}}", {"weight_map['x'] must be a string"});
  bad("{\"weight_map\":{\"x\":\"a.safetensors\",\"x\":\"a.safetensors\"}}", {"tensor 'x' listed twice"});
  bad("{\"weight_map\":{},\"weight_map\":{}}", {"duplicate key 'weight_map'"});
  bad("{\"metadata\":" + std::string(1000, '[') + std::string(1000, ']') + ",\"weight_map\":{}}",
      {"nested too deeply"});
}

TEST(SafetensorsCheckpoint, MissingPath) {
  TmpDir d;
  expect_error([&] { Checkpoint c((d.path / "nothing").string()); }, {"no such file or directory"});
  expect_error([&] { Checkpoint c(d.path.string()); }, {"no model.safetensors"});
}

TEST(SafetensorsCheckpoint, IndexParserDirect) {
  const auto m = parse_safetensors_index(
      "{\"metadata\":{\"total_size\":1},\"weight_map\":{\"b\":\"s2\",\"a\":\"s1\"}}  \n", "idx");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.at("a"), "s1");
  EXPECT_EQ(m.at("b"), "s2");
}

// ------------------------------------------------------------------- writer

TEST(SafetensorsWriter, RejectsBadInput) {
  TmpDir d;
  const std::string p = (d.path / "w.safetensors").string();
  std::vector<uint8_t> four(4), eight(8);
  expect_error([&] { write_safetensors(p, {{"a", DType::F32, {2}, four}}); },
               {"tensor 'a'", "byte count", "expected 8, got 4"});
  expect_error([&] { write_safetensors(p, {{"a", DType::U8, {4}, four}, {"a", DType::F32, {1}, four}}); },
               {"duplicate tensor name 'a'"});
  expect_error([&] { write_safetensors(p, {{"__metadata__", DType::U8, {4}, four}}); }, {"reserved"});
  expect_error([&] { write_safetensors(p, {{"a", DType::U8, {-4}, four}}); }, {"negative dimension"});
  expect_error([&] { write_safetensors(p, {{"a", DType::U8, {1LL << 40, 1LL << 40}, four}}); }, {"overflows"});
  expect_error([&] { write_safetensors(p, {{"bad\xff", DType::U8, {4}, four}}); }, {"UTF-8"});
  // Nothing was created by the failed writes (no partial file, no temp file).
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()), 0);
  // Writing into a missing directory reports the path.
  expect_error([&] { write_safetensors((d.path / "no" / "x.safetensors").string(), {}); },
               {"cannot create temp file", "x.safetensors"});
}

TEST(SafetensorsWriter, OverwritesAtomicallyAndAligns) {
  TmpDir d;
  const fs::path p = d.path / "w.safetensors";
  write_owned(p, {make_tensor("old", DType::U8, {3}, 0)});
  // Mixed element sizes in name order would misalign; the layout sorts by size first.
  const std::vector<Owned> ts = {make_tensor("a", DType::U8, {3}, 1), make_tensor("b", DType::BF16, {3}, 2),
                                 make_tensor("c", DType::F64, {2}, 3), make_tensor("d", DType::F32, {1}, 4)};
  write_owned(p, ts);
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()), 1);
  const SafetensorsFile f(p.string());
  EXPECT_EQ(f.names(), (std::vector<std::string>{"a", "b", "c", "d"}));
  for (const auto& t : ts) {
    const TensorView* v = f.find(t.name);
    ASSERT_NE(v, nullptr);
    expect_same(*v, t);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v->data) % dtype_size(t.dtype), 0u) << t.name;
  }
  EXPECT_EQ(f.find("old"), nullptr);
}
