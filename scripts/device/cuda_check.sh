#!/usr/bin/env bash
# cuda_check.sh — run ON THE GPU MACHINE (device tool) with .devbundle carried
# (scripts/device/bundle.sh build/dseek build/tests/dseek_tests
# build/bench_cuda_decode build/bench_cuda_mla build/bench_cuda_fp8_gemm):
# the CUDA tests (kernels vs CPU reference ops, the model on every fixture vs
# the CPU path), optionally compute-sanitizer, then the benchmarks. Writes
# logs and JSON under $OUT (or ./cuda_out). Usage: cuda_check.sh [tests|cli|bench|train|torch|sanitize|all]...
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-cuda_out}; mkdir -p "$OUT"
B=.devbundle
# The test binary names fixtures by the absolute source path it was built in
# (DSEEK_SOURCE_DIR; /work/main on the development machine).
SRC=${DSEEK_BUILT_IN:-/work/main}
if [ "$SRC" != "$PWD" ] && [ ! -e "$SRC" ]; then mkdir -p "$(dirname "$SRC")"; ln -sfn "$PWD" "$SRC"; fi
# The CLI tests run DSEEK_BINARY (<built-in>/build/dseek): point it at the bundle.
if [ ! -x "$SRC/build/dseek" ]; then mkdir -p "$SRC/build"; printf '#!/bin/sh\nexec %s/.devbundle/run.sh dseek "$@"\n' "$PWD" > "$SRC/build/dseek"; chmod +x "$SRC/build/dseek"; fi
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv | tee "$OUT/gpu.txt"
[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case $what in
    tests|all)
      $B/run.sh dseek_tests --gtest_filter='*Cuda*' 2>&1 | tee "$OUT/tests.log" | grep -E "^\[  (FAILED|PASSED|SKIPPED) |Failure|error|rel" | head -60 ;;&
    cli|all)
      # dseek logits --device cuda on every fixture vs transformers' logits (logits.npy).
      for d in tests/fixtures/models/*/; do
        [ -f "$d/logits.npy" ] || continue
        toks=$(python3 -c "import json;print(','.join(map(str,json.load(open('$d/tokens.json')))))")
        $B/run.sh dseek logits -m "$d" --tokens "$toks" --device cuda -o /tmp/l.npy 2>/dev/null &&
          echo "$(basename $d): $($B/run.sh dseek compare-npy /tmp/l.npy "$d/logits.npy" --tol 1e-4 2>&1 | tail -1)"
      done | tee "$OUT/cli.log"
      $B/run.sh dseek bench --preset v3-4l --dtype fp8 --device cuda -p 512 -n 64 2>&1 | tee -a "$OUT/cli.log" | tail -4
      $B/run.sh dseek bench --preset v3-4l --dtype fp8 --device cuda -p 512 -n 64 --mtp 2>&1 | tee -a "$OUT/cli.log" | tail -4 ;;&
    torch)
      PYTHONUNBUFFERED=1 python3 scripts/device/torch_decode_bench.py --batch ${BATCHES:-1,16} --json "$OUT/torch.json" 2>&1 | grep -v Warning | tee "$OUT/torch.log" | tail -6
      $B/run.sh bench_cuda_decode --preset v3-4l --dtype bf16 --batch ${BATCHES:-1,16} --prompt 512 --gen 16 --json "$OUT/decode_bf16.json" 2>&1 | tail -4 ;;
    sanitize)
      /usr/local/cuda/bin/compute-sanitizer --tool memcheck --print-limit 20 $B/run.sh dseek_tests \
        --gtest_filter='CudaKernels.*:*CudaModelTest.PrefillAndDecodeMatchCpu/0*:*CudaModelTest.MtpMatchesCpu/3*' 2>&1 | tail -25 | tee "$OUT/memcheck.log"
      /usr/local/cuda/bin/compute-sanitizer --tool racecheck --print-limit 20 $B/run.sh dseek_tests \
        --gtest_filter='*CudaModelTest.PrefillAndDecodeMatchCpu/5*' 2>&1 | tail -15 | tee "$OUT/racecheck.log" ;;
    train)
      # The CUDA trainer: throughput/MFU on the moe-400m preset, then `dseek train --device cuda` end to end.
      $B/run.sh bench_cuda_train --preset moe-400m --batch ${TB:-8} --seq ${TS:-1024} --steps 6 --json "$OUT/train_bf16.json" 2>&1 | tee "$OUT/train.log"
      $B/run.sh bench_cuda_train --preset moe-400m --batch ${TB:-8} --seq ${TS:-1024} --steps 3 --precision fp32 --json "$OUT/train_fp32.json" 2>&1 | tee -a "$OUT/train.log"
      $B/run.sh dseek train data --tokenizer bytes -o /tmp/td docs README.md > /dev/null 2>&1
      $B/run.sh dseek train --model micro --data /tmp/td --device cuda --steps 60 --batch 8 --seq 256 --lr 3e-3 \
        --warmup 5 --eval-every 20 --no-progress --out /tmp/tr 2>&1 | tail -4 | tee -a "$OUT/train.log"
      tail -2 /tmp/tr/train_log.jsonl | tee -a "$OUT/train.log" ;;
    bench|all)
      [ -z "${SKIP_FP8:-}" ] && $B/run.sh bench_cuda_fp8_gemm 2>&1 | tee "$OUT/fp8_gemm.log" | tail -20
      $B/run.sh bench_cuda_mla 2>&1 | tee "$OUT/mla.log"
      $B/run.sh bench_cuda_decode --preset v3-4l --dtype fp8 --batch ${BATCHES:-1,16,64,256} --prompt 512 --gen 16 --json "$OUT/decode_fp8.json" ${PROFILE:+--profile} 2>&1 | tee "$OUT/decode.log" ;;
  esac
done
