#!/usr/bin/env bash
# test.sh — the README's test command: build everything, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cd build && ctest --output-on-failure -j"$(nproc)"
