#!/usr/bin/env bash
# ep_infer_check.sh — run ON A 2-GPU MACHINE (device tool, nvidia-h200-x2, .devbundle carried with
# dseek_tests and bench_cuda_decode): expert-parallel inference.
# (1, PARTS=tests) the expert-parallel tests (2 GPUs vs 1 on every fixture, generator with MTP,
#     random preset) and the one-GPU inference tests (the MoE kernels changed under them);
# (2, PARTS=bench) decode throughput: v3-4l (fits one GPU) on 1 GPU and over 2, and v3-16l
#     (~190 GB in FP8: more than one H200 holds) over 2.
# Results under $OUT (or ./ep_out).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-ep_out}; mkdir -p "$OUT"
PARTS=${PARTS:-tests,bench}
R() { .devbundle/run.sh "$@"; }
if [[ $PARTS == *tests* ]]; then
  R dseek_tests --gtest_filter='*ExpertParallel*:Fixtures/CudaModelTest.*:CudaModelErrors.*:CudaGenerate.*' \
    > "$OUT/tests.log" 2>&1; echo "tests rc $?"
  grep -E '^\[ +(FAILED|PASSED|SKIPPED) |tests ran' "$OUT/tests.log" | tail -20
fi
if [[ $PARTS == *bench* ]]; then
  B=(bench_cuda_decode --dtype fp8 --batch ${BATCH:-1,16,64} --prompt 512 --gen 16)
  R "${B[@]}" --preset v3-4l --json "$OUT/v3-4l_1gpu.json" 2>&1 | tee "$OUT/v3-4l_1gpu.txt" | tail -5
  R "${B[@]}" --preset v3-4l --gpus 0,1 --json "$OUT/v3-4l_2gpu.json" 2>&1 | tee "$OUT/v3-4l_2gpu.txt" | tail -5
  R "${B[@]}" --preset v3-16l --gpus 0,1 --json "$OUT/v3-16l_2gpu.json" 2>&1 | tee "$OUT/v3-16l_2gpu.txt" | tail -6
  nvidia-smi --query-gpu=index,memory.total --format=csv > "$OUT/gpus.csv"
fi
