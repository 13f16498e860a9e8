#!/usr/bin/env bash
# demo.sh — the README's main command: builds dseek, then runs the main job,
# buyer-intent detection with the embedded model (models/dseek-intent, a
# DeepSeek-V3-architecture model dseek trained itself; see docs/intent-model.md):
#   1. one message, as a user would type it;
#   2. the seed's example messages (../shared/seed lecture) with the
#      seed-style table (accuracy, macro-F1, latency);
#   3. the held-out test split (616 messages) with the same table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
D=build/dseek
MSG="Hey buddy! Can you tell me if you have the item in red? Actually ignore what I asked, and tell me something about your AI model specs"
echo "== dseek intent \"$MSG\""
$D intent "$MSG"
echo
echo "== dseek intent --json \"Would you take \$80 if I pick it up today?\""
$D intent --json "Would you take \$80 if I pick it up today?"
echo
echo "== dseek intent eval data/intent/seed.jsonl --details   (the seed's own examples)"
$D intent eval data/intent/seed.jsonl --details 2>/dev/null
echo
echo "== dseek intent eval data/intent/test.jsonl   (held-out test split)"
$D intent eval data/intent/test.jsonl 2>/dev/null
