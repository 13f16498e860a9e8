#!/usr/bin/env bash
# cupti_trace.sh — builds the CUPTI injection tracer (cupti_trace.cpp) into .devbundle/lib with the
# CUPTI library beside it, for a GPU-machine run: CUDA_INJECTION64_PATH=$PWD/.devbundle/lib/libcupti_trace.so
# CUPTI_TRACE_OUT=$OUT/trace.csv .devbundle/run.sh PROGRAM ...; then timeline_gaps.py trace.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
CU=${CUDA_HOME:-$(dirname "$(dirname "$(command -v nvcc)")")}
INC=$CU/include; LIB=$CU/lib; [ -e "$LIB/libcupti.so" ] || LIB=$CU/extras/CUPTI/lib64
[ -e "$INC/cupti.h" ] || INC=$CU/extras/CUPTI/include
mkdir -p .devbundle/lib
g++ -O2 -shared -fPIC -std=c++17 -I"$INC" scripts/dev/cupti_trace.cpp -L"$LIB" -lcupti -o .devbundle/lib/libcupti_trace.so
cp -L "$LIB"/libcupti.so.* .devbundle/lib/ 2>/dev/null || cp -L "$LIB/libcupti.so" .devbundle/lib/
cp scripts/dev/timeline_gaps.py .devbundle/
