#!/usr/bin/env bash
# demo.sh — the README's main command. Builds dseek, then runs the main job.
# Today: load a bundled tiny DeepSeek-V3 checkpoint (made by transformers,
# tests/fixtures/models/v3_yarn), print what it holds, run the reference
# forward pass and compare its logits with the ones transformers computed.
# (When the embedded intent model lands, this runs `dseek intent` on the seed's messages.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
M=tests/fixtures/models/v3_yarn
echo "== dseek inspect -m $M"
build/dseek inspect -m "$M"
TOK=$(tr -d '[] \n' < "$M/tokens.json")
echo "== dseek logits -m $M --tokens ${TOK:0:40}... -o /tmp/dseek_demo_logits.npy"
build/dseek logits -m "$M" --tokens "$TOK" -o /tmp/dseek_demo_logits.npy
echo "== compare with transformers' logits"
build/dseek compare-npy /tmp/dseek_demo_logits.npy "$M/logits.npy"
