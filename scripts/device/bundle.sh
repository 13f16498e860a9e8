#!/usr/bin/env bash
# bundle.sh — pack locally built programs (default: build/dseek; pass others,
# e.g. build/tests/dseek_tests build/bench_cuda) with every shared library
# they load (glibc's loader included) into .devbundle/, so the GPU machine,
# which has none of the Debian -dev packages, can run them. CUDA's own
# libraries (libcuda, cuBLAS) are NOT bundled: the machine's driver and CUDA
# 13 toolkit provide them. Run there as:  .devbundle/run.sh PROGRAM ARGS...
# (PROGRAM = dseek, dseek_tests, ...). Pass .devbundle in the device tool's
# `carry`. Not committed (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 0 ] && set -- build/dseek
OUT=.devbundle
rm -rf "$OUT"; mkdir -p "$OUT/lib" "$OUT/bin"
for BIN in "$@"; do
  cp "$BIN" "$OUT/bin/" && strip "$OUT/bin/$(basename "$BIN")"
  ldd "$BIN" | awk '/=>/ {print $3} /ld-linux/ {print $1}' | while read -r lib; do
    case "$(basename "$lib")" in libcuda.*|libcublas*|libcudart*|libnccl*|libnvidia*) continue ;; esac
    [ -f "$lib" ] && cp -L "$lib" "$OUT/lib/"
  done
done
cat > "$OUT/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs a bundled program with its own loader and libraries (+ the machine's CUDA).
D="$(cd "$(dirname "$0")" && pwd)"
P="$1"; shift
CUDA_LIBS=/usr/local/cuda/lib64:/usr/local/cuda/targets/x86_64-linux/lib
for d in /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu; do [ -e "$d/libcuda.so.1" ] && CUDA_LIBS="$CUDA_LIBS:$d"; done
# NCCL (dlopen'd by multi-GPU runs): the toolkit's, or the one PyTorch ships.
for d in /usr/local/cuda/lib /usr/local/cuda/lib64 \
         $(python3 -c "import nvidia.nccl as m; print(list(m.__path__)[0] + '/lib')" 2>/dev/null); do
  [ -e "$d/libnccl.so.2" ] && { CUDA_LIBS="$CUDA_LIBS:$d"; break; }
done
exec "$D/lib/ld-linux-x86-64.so.2" --library-path "$D/lib:$CUDA_LIBS" "$D/bin/$P" "$@"
RUN
chmod +x "$OUT/run.sh"
# BUNDLE_XZ=1: compress programs and libraries (~3x smaller, for the 64 MiB carry limit); run
# .devbundle/unpack.sh on the machine before run.sh.
if [ "${BUNDLE_XZ:-0}" = 1 ]; then
  xz -T2 -9 "$OUT"/bin/* "$OUT"/lib/*
  printf '#!/bin/sh\nfor f in "$(dirname "$0")"/bin/*.xz "$(dirname "$0")"/lib/*.xz; do [ -e "$f" ] && xz -d "$f"; done; true\n' > "$OUT/unpack.sh"
  chmod +x "$OUT/unpack.sh"
fi
du -sh "$OUT"
