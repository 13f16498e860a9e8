#!/usr/bin/env bash
# ep_check.sh — run ON A 2-GPU MACHINE (device tool, nvidia-h200-x2, .devbundle carried with dseek,
# dseek_tests, bench_cuda_decode and bench_cuda_train): expert parallelism.
# (1, PARTS=tests) the 2-GPU tests (expert-parallel inference vs 1 GPU on every fixture, generator
#     with MTP, random preset; expert-parallel, ZeRO-1 and data-parallel training) and the one-GPU
#     inference tests (the MoE kernels changed under them);
# (2, PARTS=infer) decode throughput: v3-4l (fits one GPU) on 1 GPU and over 2, and v3-16l
#     (~190 GB in FP8: more than one H200 holds) over 2;
# (3, PARTS=train) training: mp_train_check.sh parts accum + ep, and bench_cuda_train on moe-400m
#     over 2 GPUs, data-parallel vs expert-parallel.
# Results under $OUT (or ./ep_out).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-ep_out}; mkdir -p "$OUT"
PARTS=${PARTS:-tests,infer,train}
R() { .devbundle/run.sh "$@"; }
if [[ $PARTS == *tests* ]]; then
  R dseek_tests --gtest_filter='*ExpertParallel*:*TwoGpus*:*Zero1*:Fixtures/CudaModelTest.*:CudaModelErrors.*:CudaGenerate.*' \
    > "$OUT/tests.log" 2>&1; echo "tests rc $?"
  grep -E '^\[ +(FAILED|PASSED|SKIPPED) |tests ran' "$OUT/tests.log" | tail -20
fi
if [[ $PARTS == *infer* ]]; then
  B=(bench_cuda_decode --dtype fp8 --batch ${BATCH:-1,16,64} --prompt 512 --gen 16)
  R "${B[@]}" --preset v3-4l --json "$OUT/v3-4l_1gpu.json" > "$OUT/v3-4l_1gpu.txt" 2>&1
  R "${B[@]}" --preset v3-4l --gpus 0,1 --json "$OUT/v3-4l_2gpu.json" > "$OUT/v3-4l_2gpu.txt" 2>&1
  R "${B[@]}" --preset v3-16l --gpus 0,1 --json "$OUT/v3-16l_2gpu.json" > "$OUT/v3-16l_2gpu.txt" 2>&1
  tail -n 5 "$OUT"/v3-*.txt
fi
if [[ $PARTS == *train* ]]; then
  PARTS=accum,ep,fault FAULT_EXTRA=--expert-parallel KILL_AFTER=12 OUT=$OUT/mp bash scripts/device/mp_train_check.sh 2>&1 | tail -10
  T=(bench_cuda_train --preset moe-400m --batch 16 --seq 1024 --steps 8 --gpus 0,1)
  for x in "" --expert-parallel "--expert-parallel --alltoall"; do R "${T[@]}" $x 2>&1 | tail -4 | tee -a "$OUT/train_bench.txt"; done
fi
