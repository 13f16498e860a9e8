// test_safetensors.cpp — header parser, SafetensorsFile and MappedFile.
// What it is: valid files (reference bytes from the Rust crate's own tests,
// writer round trips, padding, zero-size tensors) checked element by element,
// and one hand-made malformed input per validation rule, each expecting a
// dseek::Error whose message names the problem.
// What it is not: Checkpoint / index / writer-error tests (test_safetensors_checkpoint.cpp).
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/check.h"
#include "io/mmap.h"
#include "io/safetensors.h"
#include "io/safetensors_writer.h"

using namespace dseek;
namespace fs = std::filesystem;

namespace {

struct TmpDir {
  fs::path path;
  TmpDir() {
    std::string t = (fs::temp_directory_path() / "dseek_st_XXXXXX").string();
    if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
    path = t;
  }
  ~TmpDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write_bytes(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

// 8-byte little-endian length + header text + data bytes.
std::vector<uint8_t> make_file(const std::string& header, size_t data_bytes = 0,
                               uint64_t declared_len = UINT64_MAX) {
  const uint64_t n = declared_len == UINT64_MAX ? header.size() : declared_len;
  std::vector<uint8_t> out(8);
  for (int i = 0; i < 8; ++i) out[size_t(i)] = uint8_t(n >> (8 * i));
  out.insert(out.end(), header.begin(), header.end());
  for (size_t i = 0; i < data_bytes; ++i) out.push_back(uint8_t(i * 7 + 1));
  return out;
}

SafetensorsHeader parse(const std::vector<uint8_t>& b) {
  return parse_safetensors_header(b.data(), b.size(), "test.safetensors");
}

// Expects a dseek::Error mentioning every one of `needles`.
void expect_error(const std::vector<uint8_t>& b, std::initializer_list<const char*> needles) {
  try {
    parse(b);
    ADD_FAILURE() << "no error for input of " << b.size() << " bytes";
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* n : needles) EXPECT_NE(msg.find(n), std::string::npos) << "'" << n << "' not in: " << msg;
    EXPECT_NE(msg.find("test.safetensors"), std::string::npos) << msg;
  }
}

std::string tensor_json(const std::string& name, const std::string& dtype, const std::string& shape,
                        uint64_t b, uint64_t e) {
  return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
         ",\"data_offsets\":[" + std::to_string(b) + "," + std::to_string(e) + "]}";
}

}  // namespace

// ---------------------------------------------------------------- valid input

// Bytes from huggingface/safetensors `test_serialization`: "attn.0" F32 [1,2,3] = 0..5.
TEST(SafetensorsParse, ReferenceRustBytes) {
  const std::vector<uint8_t> ref = {
      64,  0,   0,   0,   0,   0,   0,   0,   123, 34,  97,  116, 116, 110, 46,  48,  34,  58,
      123, 34,  100, 116, 121, 112, 101, 34,  58,  34,  70,  51,  50,  34,  44,  34,  115, 104,
      97,  112, 101, 34,  58,  91,  49,  44,  50,  44,  51,  93,  44,  34,  100, 97,  116, 97,
      95,  111, 102, 102, 115, 101, 116, 115, 34,  58,  91,  48,  44,  50,  52,  93,  125, 125,
      0,   0,   0,   0,   0,   0,   128, 63,  0,   0,   0,   64,  0,   0,   64,  64,  0,   0,
      128, 64,  0,   0,   160, 64};
  const SafetensorsHeader h = parse(ref);
  ASSERT_EQ(h.tensors.size(), 1u);
  const SafetensorsEntry& e = h.tensors[0];
  EXPECT_EQ(e.name, "attn.0");
  EXPECT_EQ(e.dtype, DType::F32);
  EXPECT_EQ(e.shape, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(e.begin, 0u);
  EXPECT_EQ(e.end, 24u);
  EXPECT_EQ(h.header_size, 64u);
  EXPECT_EQ(h.data_offset, 72u);
  EXPECT_EQ(h.data_size, 24u);
  EXPECT_TRUE(h.metadata.empty());
  for (int i = 0; i < 6; ++i) {
    float f;
    std::memcpy(&f, ref.data() + h.data_offset + e.begin + 4 * size_t(i), 4);
    EXPECT_EQ(f, float(i));
  }
}

// Bytes from `test_empty`: no tensors, then no tensors + {"framework":"pt"}.
TEST(SafetensorsParse, ReferenceRustEmptyAndMetadata) {
  const std::vector<uint8_t> empty = {8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32};
  SafetensorsHeader h = parse(empty);
  EXPECT_TRUE(h.tensors.empty());
  EXPECT_EQ(h.data_size, 0u);

  const std::vector<uint8_t> meta = {40,  0,   0,   0,  0,   0,   0,   0,   123, 34,  95,  95,
                                     109, 101, 116, 97, 100, 97,  116, 97,  95,  95,  34,  58,
                                     123, 34,  102, 114, 97, 109, 101, 119, 111, 114, 107, 34,
                                     58,  34,  112, 116, 34, 125, 125, 32,  32,  32,  32,  32};
  h = parse(meta);
  EXPECT_TRUE(h.tensors.empty());
  ASSERT_EQ(h.metadata.size(), 1u);
  EXPECT_EQ(h.metadata.at("framework"), "pt");
}

TEST(SafetensorsParse, UnorderedOffsetsPaddingZeroSizeAndNullMetadata) {
  // Header order differs from offset order; zero-size tensors share offsets;
  // header padded with trailing spaces; __metadata__ null is accepted (serde Option).
  std::string h = "{\"__metadata__\":null," + tensor_json("z", "BF16", "[3]", 4, 10) + "," +
                  tensor_json("a", "I32", "[1]", 0, 4) + "," +
                  tensor_json("e1", "F64", "[0,5]", 4, 4) + "," +
                  tensor_json("e0", "BOOL", "[2,0]", 0, 0) + "}" + std::string(13, ' ');
  const SafetensorsHeader p = parse(make_file(h, 10));
  ASSERT_EQ(p.tensors.size(), 4u);
  const char* names[] = {"a", "e0", "e1", "z"};  // sorted by name
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(p.tensors[i].name, names[i]);
  EXPECT_EQ(p.tensors[0].dtype, DType::I32);
  EXPECT_EQ(p.tensors[1].dtype, DType::BOOL);
  EXPECT_EQ(p.tensors[1].shape, (std::vector<int64_t>{2, 0}));
  EXPECT_EQ(p.tensors[2].dtype, DType::F64);
  EXPECT_EQ(p.tensors[3].dtype, DType::BF16);
  EXPECT_EQ(p.tensors[3].begin, 4u);
  EXPECT_EQ(p.tensors[3].end, 10u);
  EXPECT_TRUE(p.metadata.empty());
}

TEST(SafetensorsParse, AllDtypesAndScalar) {
  const char* dts[] = {"F64", "F32", "F16", "BF16", "F8_E4M3", "I64", "I32", "I16", "I8", "U8", "BOOL"};
  const DType want[] = {DType::F64, DType::F32, DType::F16, DType::BF16, DType::F8_E4M3, DType::I64,
                        DType::I32, DType::I16, DType::I8, DType::U8, DType::BOOL};
  const uint64_t sz[] = {8, 4, 2, 2, 1, 8, 4, 2, 1, 1, 1};
  std::string h = "{";
  uint64_t off = 0;
  for (int i = 0; i < 11; ++i) {
    if (i) h += ",";
    h += tensor_json(std::string("t") + char('a' + i), dts[i], "[]", off, off + sz[i]);
    off += sz[i];
  }
  h += "}";
  const SafetensorsHeader p = parse(make_file(h, off));
  ASSERT_EQ(p.tensors.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(p.tensors[size_t(i)].dtype, want[i]) << dts[i];
    EXPECT_TRUE(p.tensors[size_t(i)].shape.empty());
    EXPECT_EQ(p.tensors[size_t(i)].end - p.tensors[size_t(i)].begin, sz[i]);
  }
}

TEST(SafetensorsParse, HundredThousandTensorsIsFast) {
  std::vector<std::vector<uint8_t>> bufs;
  std::vector<SafetensorsTensorIn> in;
  const int n = 100000;
  static const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  for (int i = 0; i < n; ++i)
    in.push_back({"model.layers." + std::to_string(i) + ".weight", DType::BF16, {2, 2}, {bytes, 8}});
  const std::vector<uint8_t> file = serialize_safetensors(in);
  const auto t0 = std::chrono::steady_clock::now();
  const SafetensorsHeader p = parse(file);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(p.tensors.size(), size_t(n));
  EXPECT_EQ(p.data_size, uint64_t(n) * 8);
  for (size_t i = 1; i < p.tensors.size(); ++i) ASSERT_LT(p.tensors[i - 1].name, p.tensors[i].name);
  std::printf("parsed %d-tensor header (%llu bytes) in %.1f ms\n", n,
              (unsigned long long)p.header_size, ms);
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DSEEK_ST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DSEEK_ST_SANITIZED 1
#endif
#if defined(NDEBUG) && !defined(DSEEK_ST_SANITIZED)
  // ~120 ms on an idle core in Release; the bound leaves room for a loaded CI box.
  EXPECT_LT(ms, 2000.0);
#endif
}

// ------------------------------------------------------------ malformed input

TEST(SafetensorsMalformed, Truncated) {
  expect_error({1, 2, 3, 4, 5}, {"truncated", "5 bytes"});
  expect_error({}, {"truncated"});
  expect_error(make_file("{}", 0, 100), {"header length 100", "runs past the end"});
  expect_error(make_file("{}", 0, 3), {"header length 3", "10-byte file"});
}

TEST(SafetensorsMalformed, HeaderTooLarge) {
  expect_error(make_file("{}", 0, 100'000'001), {"100000001", "exceeds the limit"});
  expect_error(make_file("{}", 0, UINT64_MAX - 1), {"exceeds the limit"});
  std::vector<uint8_t> b(8, 0xff);
  expect_error(b, {"exceeds the limit"});
}

TEST(SafetensorsMalformed, NotJson) {
  expect_error(make_file("{abc"), {"not valid JSON"});
  expect_error(make_file(""), {"not valid JSON"});
  expect_error(make_file("{} x"), {"not valid JSON"});
  expect_error(make_file(std::string("{}\0\0", 4)), {"not valid JSON", "NUL byte"});  // NUL padding
  expect_error(make_file("{\"\xff\xfe\":1}"), {"not valid JSON"});  // invalid UTF-8
  expect_error(make_file("\xef\xbb\xbf{}     "), {"not valid JSON", "byte order mark"});
  // Leading whitespace is fine (serde_json accepts it too).
  EXPECT_TRUE(parse(make_file(" \n\t{}")).tensors.empty());
}

TEST(SafetensorsMalformed, HeaderNotObject) {
  expect_error(make_file("[]"), {"not a JSON object"});
  expect_error(make_file("123"), {"not a JSON object"});
  expect_error(make_file("\"x\""), {"not a JSON object"});
  expect_error(make_file("null"), {"not a JSON object"});
  // Deep nesting is refused at the first unexpected bracket, not parsed into a DOM.
  expect_error(make_file(std::string(200000, '[') + std::string(200000, ']')), {"not a JSON object"});
  expect_error(make_file("{\"t\":{\"shape\":" + std::string(100000, '[')), {"tensor 't'", "shape"});
  expect_error(make_file("{\"__metadata__\":{\"k\":" + std::string(100000, '{')),
               {"__metadata__", "'k'", "must be a string"});
}

TEST(SafetensorsMalformed, TensorEntryNotObjectOrBadFields) {
  expect_error(make_file("{\"w\":5}"), {"tensor 'w'", "expected an object"});
  expect_error(make_file("{\"w\":[1]}"), {"tensor 'w'", "expected an object"});
  expect_error(make_file("{\"w\":null}"), {"tensor 'w'", "expected an object"});
  expect_error(make_file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1]}}", 1), {"tensor 'w'", "missing 'data_offsets'"});
  expect_error(make_file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}}", 1), {"missing 'dtype'"});
  expect_error(make_file("{\"w\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", 1), {"missing 'shape'"});
  expect_error(make_file("{\"w\":{\"dtype\":\"U8\",\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
               {"tensor 'w'", "duplicate field 'dtype'"});
  expect_error(make_file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 1),
               {"tensor 'w'", "unknown field 'x'"});
  expect_error(make_file("{\"w\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
               {"tensor 'w'", "'dtype'", "wrong type"});
  expect_error(make_file("{\"w\":{\"dtype\":\"U8\",\"shape\":\"1\",\"data_offsets\":[0,1]}}", 1),
               {"tensor 'w'", "'shape'", "wrong type"});
}

TEST(SafetensorsMalformed, UnknownDtype) {
  expect_error(make_file("{" + tensor_json("layer.w", "Q4_K", "[1]", 0, 1) + "}", 1),
               {"tensor 'layer.w'", "unknown dtype 'Q4_K'"});
  expect_error(make_file("{" + tensor_json("w", "f32", "[1]", 0, 4) + "}", 4), {"unknown dtype 'f32'"});
}

TEST(SafetensorsMalformed, BadShape) {
  expect_error(make_file("{" + tensor_json("w", "U8", "[-1]", 0, 0) + "}"), {"tensor 'w'", "negative dimension -1"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[1.5]", 0, 1) + "}", 1), {"tensor 'w'", "shape", "1.5"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[1e0]", 0, 1) + "}", 1), {"shape", "non-negative integers"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[\"1\"]", 0, 1) + "}", 1), {"shape", "non-negative integers"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[[1]]", 0, 1) + "}", 1), {"shape", "non-negative integers"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[true]", 0, 1) + "}", 1), {"shape", "non-negative integers"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[18446744073709551615]", 0, 1) + "}", 1),
               {"shape", "too large"});
  // -0 is the integer zero (serde_json agrees): a zero-size tensor.
  EXPECT_EQ(parse(make_file("{" + tensor_json("w", "U8", "[-0]", 0, 0) + "}")).tensors[0].shape[0], 0);
}

TEST(SafetensorsMalformed, BadOffsets) {
  const std::string u8x4 = "\"dtype\":\"U8\",\"shape\":[4]";
  expect_error(make_file("{\"w\":{" + u8x4 + ",\"data_offsets\":[0,4,8]}}", 4), {"tensor 'w'", "2 entries"});
  expect_error(make_file("{\"w\":{" + u8x4 + ",\"data_offsets\":[0]}}", 4), {"tensor 'w'", "2 entries"});
  expect_error(make_file("{\"w\":{" + u8x4 + ",\"data_offsets\":[-4,0]}}", 4), {"negative value -4"});
  expect_error(make_file("{\"w\":{" + u8x4 + ",\"data_offsets\":[0,4.0]}}", 4), {"data_offsets", "non-negative integers"});
  expect_error(make_file("{\"w\":{" + u8x4 + ",\"data_offsets\":{}}}", 4), {"'data_offsets'", "wrong type"});
}

TEST(SafetensorsMalformed, OffsetsOutOfBounds) {
  expect_error(make_file("{" + tensor_json("w", "U8", "[1000]", 0, 1000) + "}", 4),
               {"tensor 'w'", "[0, 1000]", "out of bounds", "4-byte data section"});
  expect_error(make_file("{" + tensor_json("w", "U8", "[1]", 18446744073709551614ull, 18446744073709551615ull) + "}", 4),
               {"tensor 'w'", "out of bounds"});
}

TEST(SafetensorsMalformed, BeginAfterEnd) {
  expect_error(make_file("{" + tensor_json("w", "U8", "[0]", 4, 0) + "}", 4), {"tensor 'w'", "begin > end"});
}

TEST(SafetensorsMalformed, Gap) {
  expect_error(make_file("{" + tensor_json("a", "U8", "[4]", 0, 4) + "," + tensor_json("b", "U8", "[4]", 8, 12) + "}", 12),
               {"gap of 4 bytes", "'b'"});
  expect_error(make_file("{" + tensor_json("a", "U8", "[4]", 2, 6) + "}", 6), {"gap of 2 bytes", "'a'"});
}

TEST(SafetensorsMalformed, Overlap) {
  expect_error(make_file("{" + tensor_json("a", "U8", "[8]", 0, 8) + "," + tensor_json("b", "U8", "[8]", 4, 12) + "}", 12),
               {"'b'", "overlaps", "'a'"});
  // Same range twice under two names is an overlap too.
  expect_error(make_file("{" + tensor_json("a", "U8", "[4]", 0, 4) + "," + tensor_json("b", "U8", "[4]", 0, 4) + "}", 4),
               {"overlaps"});
}

TEST(SafetensorsMalformed, LastTensorNotAtEof) {
  expect_error(make_file("{" + tensor_json("a", "U8", "[4]", 0, 4) + "}", 8),
               {"end at data offset 4", "8 bytes", "end of file"});
  expect_error(make_file("{}", 3), {"end at data offset 0", "3 bytes"});
}

TEST(SafetensorsMalformed, BytesNotShapeTimesDtype) {
  expect_error(make_file("{" + tensor_json("w", "F32", "[2]", 0, 4) + "}", 4),
               {"tensor 'w'", "[2]", "F32", "needs 8 bytes", "span 4"});
  expect_error(make_file("{" + tensor_json("w", "BF16", "[]", 0, 4) + "}", 4), {"needs 2 bytes"});
}

TEST(SafetensorsMalformed, ShapeProductOverflow) {
  expect_error(make_file("{" + tensor_json("w", "U8", "[1099511627776,1099511627776]", 0, 0) + "}"),
               {"tensor 'w'", "overflows"});
  // Element count fits int64 but ×4 bytes does not fit uint64.
  expect_error(make_file("{" + tensor_json("w", "F32", "[4611686018427387904,2]", 0, 0) + "}"), {"overflows"});
  expect_error(make_file("{" + tensor_json("w", "F64", "[4611686018427387904]", 0, 0) + "}"), {"byte size", "overflows"});
  // A zero dimension first keeps the product at 0 (left fold, as in the reference).
  EXPECT_EQ(parse(make_file("{" + tensor_json("w", "F64", "[0,4611686018427387904,4]", 0, 0) + "}")).tensors.size(), 1u);
}

TEST(SafetensorsMalformed, DuplicateNames) {
  expect_error(make_file("{" + tensor_json("w", "U8", "[2]", 0, 2) + "," + tensor_json("w", "U8", "[2]", 2, 4) + "}", 4),
               {"duplicate tensor name 'w'"});
  expect_error(make_file("{\"__metadata__\":{},\"__metadata__\":{}}"), {"duplicate key '__metadata__'"});
}

TEST(SafetensorsMalformed, BadMetadata) {
  expect_error(make_file("{\"__metadata__\":[1]}"), {"__metadata__ must be an object"});
  expect_error(make_file("{\"__metadata__\":\"pt\"}"), {"__metadata__ must be an object"});
  expect_error(make_file("{\"__metadata__\":{\"format\":1}}"), {"__metadata__", "'format'", "must be a string"});
  expect_error(make_file("{\"__metadata__\":{\"format\":null}}"), {"'format'", "must be a string"});
  expect_error(make_file("{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}"), {"'a'", "must be a string"});
  expect_error(make_file("{\"__metadata__\":{\"a\":\"x\",\"a\":\"y\"}}"), {"duplicate key 'a' in __metadata__"});
}

// ------------------------------------------------------------------ file level

TEST(SafetensorsFile, WriterRoundTripEveryValue) {
  TmpDir d;
  std::vector<float> f32(12);
  for (size_t i = 0; i < f32.size(); ++i) f32[i] = float(i) * 0.5f - 3.0f;
  std::vector<uint16_t> bf16(5);
  for (size_t i = 0; i < bf16.size(); ++i) bf16[i] = f32_to_bf16(float(i) + 0.25f);
  std::vector<int64_t> i64 = {-1, 0, 1LL << 40};
  std::vector<uint8_t> fp8 = {0x38, 0x7e, 0xfe};  // 1, 448, -448
  std::vector<uint8_t> none;
  auto span_of = [](const auto& v) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(v[0]));
  };
  const std::vector<SafetensorsTensorIn> in = {
      {"mlp.w", DType::F32, {3, 4}, span_of(f32)},
      {"a.bf16", DType::BF16, {5}, span_of(bf16)},
      {"emb.i64", DType::I64, {3}, span_of(i64)},
      {"scale.fp8", DType::F8_E4M3, {1, 3}, span_of(fp8)},
      {"empty", DType::F32, {0, 7}, span_of(none)},
  };
  const std::map<std::string, std::string> meta = {{"format", "pt"}, {"note", "héllo \"q\""}};
  const fs::path p = d.path / "m.safetensors";
  write_safetensors(p.string(), in, meta);

  // Header length is a multiple of 8, and no temp file is left behind.
  std::ifstream raw(p, std::ios::binary);
  uint8_t len[8];
  raw.read(reinterpret_cast<char*>(len), 8);
  EXPECT_EQ(len[0] % 8, 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()), 1);

  const SafetensorsFile f(p.string());
  EXPECT_EQ(f.names(), (std::vector<std::string>{"a.bf16", "emb.i64", "empty", "mlp.w", "scale.fp8"}));
  EXPECT_EQ(f.metadata(), meta);
  EXPECT_EQ(f.find("missing"), nullptr);
  for (const auto& t : in) {
    const TensorView* v = f.find(t.name);
    ASSERT_NE(v, nullptr) << t.name;
    EXPECT_EQ(v->dtype, t.dtype);
    EXPECT_EQ(v->shape, t.shape);
    ASSERT_EQ(v->nbytes, t.bytes.size());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v->data) % dtype_size(v->dtype), 0u) << t.name << " misaligned";
    for (size_t i = 0; i < v->nbytes; ++i) ASSERT_EQ(v->data[i], t.bytes[i]) << t.name << " byte " << i;
  }
  const TensorView* w = f.find("mlp.w");
  for (int64_t i = 0; i < w->numel(); ++i) {
    float x;
    std::memcpy(&x, w->data + 4 * i, 4);
    EXPECT_EQ(x, float(i) * 0.5f - 3.0f);
  }
  const TensorView* b = f.find("a.bf16");
  for (int64_t i = 0; i < b->numel(); ++i) {
    uint16_t h;
    std::memcpy(&h, b->data + 2 * i, 2);
    EXPECT_EQ(bf16_to_f32(h), float(i) + 0.25f);
  }
  const TensorView* s = f.find("scale.fp8");
  EXPECT_EQ(fp8e4m3_to_f32(s->data[0]), 1.0f);
  EXPECT_EQ(fp8e4m3_to_f32(s->data[1]), 448.0f);
  EXPECT_EQ(fp8e4m3_to_f32(s->data[2]), -448.0f);

  // The same bytes come out of the in-memory serializer.
  const std::vector<uint8_t> mem = serialize_safetensors(in, meta);
  const MappedFile m(p.string());
  ASSERT_EQ(m.size(), mem.size());
  EXPECT_EQ(std::memcmp(m.data(), mem.data(), mem.size()), 0);
}

TEST(SafetensorsFile, ErrorsNameThePath) {
  TmpDir d;
  const fs::path p = d.path / "bad.safetensors";
  write_bytes(p, make_file("{" + tensor_json("w", "U8", "[4]", 0, 4) + "}", 2));
  try {
    SafetensorsFile f(p.string());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("out of bounds"), std::string::npos) << e.what();
  }
  write_bytes(p, {});
  EXPECT_THROW(SafetensorsFile(p.string()), Error);
}

TEST(SafetensorsMmap, OpenEmptyMissingDirectoryAndMove) {
  TmpDir d;
  const fs::path p = d.path / "x.bin";
  write_bytes(p, {1, 2, 3});
  MappedFile a(p.string());
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.data()[0], 1);
  EXPECT_EQ(a.data()[2], 3);
  EXPECT_EQ(a.path(), p.string());

  MappedFile b(std::move(a));
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(a.size(), 0u);
  EXPECT_FALSE(a.is_open());
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.data()[1], 2);
  MappedFile c;
  c = std::move(b);
  EXPECT_EQ(c.data()[2], 3);
  EXPECT_FALSE(b.is_open());

  const fs::path e = d.path / "empty.bin";
  write_bytes(e, {});
  const MappedFile em(e.string());
  EXPECT_TRUE(em.is_open());
  EXPECT_EQ(em.size(), 0u);
  EXPECT_EQ(em.data(), nullptr);

  try {
    MappedFile m((d.path / "nope.bin").string());
    ADD_FAILURE() << "no error";
  } catch (const Error& err) {
    const std::string msg = err.what();
    EXPECT_NE(msg.find("nope.bin"), std::string::npos) << msg;
    EXPECT_NE(msg.find("No such file"), std::string::npos) << msg;
  }
  try {
    MappedFile m(d.path.string());
    ADD_FAILURE() << "no error";
  } catch (const Error& err) {
    EXPECT_NE(std::string(err.what()).find("not a regular file"), std::string::npos) << err.what();
  }
}

TEST(SafetensorsMmap, ResidentCopyEqualsTheFileOnHugePageAlignedMemory) {
  TmpDir d;
  const fs::path p = d.path / "w.bin";
  std::vector<uint8_t> bytes((size_t(3) << 20) + 12345);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t((i * 2654435761u) >> 13);
  write_bytes(p, bytes);
  MappedFile a(p.string(), MapMode::Resident);
  ASSERT_EQ(a.size(), bytes.size());
  EXPECT_TRUE(a.resident());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data()) % (uintptr_t(2) << 20), 0u);
  EXPECT_EQ(std::memcmp(a.data(), bytes.data(), bytes.size()), 0);
  const MappedFile b(std::move(a));  // the copy does not move
  EXPECT_FALSE(a.resident());
  EXPECT_TRUE(b.resident());
  EXPECT_EQ(std::memcmp(b.data(), bytes.data(), bytes.size()), 0);
  EXPECT_FALSE(MappedFile(p.string()).resident());

  const fs::path e = d.path / "empty.bin";
  write_bytes(e, {});
  const MappedFile em(e.string(), MapMode::Resident);
  EXPECT_EQ(em.size(), 0u);
  EXPECT_EQ(em.data(), nullptr);
  EXPECT_THROW(MappedFile((d.path / "nope.bin").string(), MapMode::Resident), Error);
}

TEST(SafetensorsMmap, AutoModeKeepsOnlySmallFilesInRam) {
  EXPECT_EQ(map_mode_for(uint64_t(1) << 62), MapMode::InPlace);
  if (fs::exists("/proc/meminfo")) {
    EXPECT_EQ(map_mode_for(4096), MapMode::Resident);
  }
}

