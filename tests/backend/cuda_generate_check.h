// cuda_generate_check.h — one check shared by the CUDA model tests (one GPU and
// expert-parallel): the generator on a CUDA sequence gives, greedily, the CPU
// reference's tokens, and MTP speculative decoding gives the same tokens.
// What it is not: a fixture loader (tests/model/fixture_util.h).
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "backend/backend.h"
#include "backend/cuda/cuda_model.h"
#include "model/model.h"
#include "runtime/generator.h"

namespace dseek::test {

inline void expect_mtp_speculative_equals_cpu_greedy(CudaModel& cm, const Model& m, const std::vector<int32_t>& prompt,
                                                     int n = 24) {
  auto run = [&](bool mtp, SequenceModel& sm, GenerateStats* st) {
    GenerateParams gp;
    gp.sampling.temperature = 0;
    gp.sampling.max_tokens = n;
    gp.mtp = mtp;
    std::vector<int32_t> out;
    *st = generate(sm, prompt, gp, [&](int32_t t, const SampleResult&) { out.push_back(t); return true; });
    return out;
  };
  GenerateStats s0, s1, s2;
  auto plain = run(false, *cuda_sequence(cm), &s0);
  auto spec = run(true, *cuda_sequence(cm), &s1);
  auto be = make_cpu_backend({.threads = 2});
  auto cpu = run(false, *cpu_sequence(m, *be, 64), &s2);
  EXPECT_EQ(plain.size(), size_t(n));
  EXPECT_EQ(spec, plain);
  EXPECT_EQ(plain, cpu);
  EXPECT_GT(s1.mtp_drafted, 0);
}

}  // namespace dseek::test
