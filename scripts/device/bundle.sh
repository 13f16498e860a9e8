#!/usr/bin/env bash
# bundle_cpu.sh — pack the locally built `dseek` with every shared library it
# loads (glibc's loader included) into .devbundle/, so the GPU machine, which
# has none of the Debian -dev packages, can run dseek's CPU paths (e.g. the
# trainer on its 16 cores). Run there as:  .devbundle/run.sh train ...
# Pass .devbundle in the device tool's `carry`. Not committed (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-build/dseek}
OUT=.devbundle
rm -rf "$OUT/lib" "$OUT/dseek"; mkdir -p "$OUT/lib"
cp "$BIN" "$OUT/dseek"
ldd "$BIN" | awk '/=>/ {print $3} /ld-linux/ {print $1}' | while read -r lib; do
  [ -f "$lib" ] && cp -L "$lib" "$OUT/lib/"
done
cat > "$OUT/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the bundled dseek with its own loader and libraries.
D="$(cd "$(dirname "$0")" && pwd)"
exec "$D/lib/ld-linux-x86-64.so.2" --library-path "$D/lib" "$D/dseek" "$@"
RUN
chmod +x "$OUT/run.sh"
du -sh "$OUT"
