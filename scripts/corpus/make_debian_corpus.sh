#!/usr/bin/env bash
# make_debian_corpus.sh — builds a plain-text English corpus from openly
# licensed Debian 12 packages, for `dseek train data`:
#   dict-gcide      GNU Collaborative International Dictionary of English (GPL-3+)
#   wordnet-base    WordNet 3.0 glosses (WordNet licence, BSD-like)
#   bible-kjv(-text) King James Bible (public domain; decoded with the package's `bible` tool)
#   fortunes        fortune-mod cookie files (BSD-3-Clause collection)
#   jargon-text     The Jargon File 4.4.7 (public domain)
#   python3.11-doc  Python 3.11 documentation, HTML -> text (PSF licence)
#   linux-doc-6.1   Linux kernel documentation, HTML -> text (GPL-2.0)
# Packages are fetched with `apt-get download` and unpacked with dpkg-deb -x
# into a cache (nothing is installed system-wide). Output: one directory per
# source under OUT, files of text whose paragraphs are separated by blank
# lines (tokenise with `dseek train data --paragraphs` for one document per
# paragraph, or without it for one per file), and docs/corpus.md (sources,
# licences, sizes) when --doc is given.
# Usage: scripts/corpus/make_debian_corpus.sh OUT_DIR [--doc docs/corpus.md] [--skip-linux]
set -euo pipefail

OUT=${1:?usage: make_debian_corpus.sh OUT_DIR [--doc FILE] [--skip-linux]}
shift
DOC=""
SKIP_LINUX=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --doc) DOC=$2; shift 2 ;;
    --skip-linux) SKIP_LINUX=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

PKGS=(dict-gcide wordnet-base bible-kjv bible-kjv-text fortunes jargon-text python3.11-doc)
[[ $SKIP_LINUX == 1 ]] || PKGS+=(linux-doc-6.1)

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CACHE="$OUT/.debs"
ROOT="$OUT/.root"
mkdir -p "$CACHE" "$ROOT"

for p in "${PKGS[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    echo "package $p not found (run apt-get update?)" >&2
    exit 1
  fi
  if ! ls "$CACHE/${p}_"*.deb >/dev/null 2>&1; then
    (cd "$CACHE" && apt-get download "$p" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
  fi
  ls "$CACHE/${p}_"*.deb >/dev/null 2>&1 || { echo "download of $p failed" >&2; exit 1; }
  dpkg-deb -x "$CACHE/${p}_"*.deb "$ROOT"
done

# ---- plain-text sources ------------------------------------------------------
rm -rf "$OUT/gcide" "$OUT/wordnet" "$OUT/bible-kjv" "$OUT/fortunes" "$OUT/jargon" "$OUT/python-doc" "$OUT/linux-doc"
mkdir -p "$OUT/gcide" "$OUT/wordnet" "$OUT/bible-kjv" "$OUT/fortunes" "$OUT/jargon"

python3 - "$ROOT" "$OUT" <<'PY'
import gzip, os, re, sys
root, out = sys.argv[1], sys.argv[2]

# GCIDE: dictd text, entries separated by blank lines; 00-database-* headers dropped.
# Files of ~2000 entries each.
with gzip.open(os.path.join(root, "usr/share/dictd/gcide.dict.dz"), "rt", encoding="utf-8", errors="replace") as f:
    entries = [e.strip("\n") for e in f.read().split("\n\n")]
entries = [e for e in entries if e.strip() and not e.lstrip().startswith("00-database")]
for i in range(0, len(entries), 2000):
    with open(os.path.join(out, "gcide", f"gcide-{i // 2000:04d}.txt"), "w") as g:
        g.write("\n\n".join(entries[i:i + 2000]) + "\n")

# WordNet: "lemma (pos): gloss" per synset, 500 synsets per paragraph.
for pos in ("noun", "verb", "adj", "adv"):
    lines = []
    with open(os.path.join(root, "usr/share/wordnet", "data." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith("  ") or "|" not in line:
                continue  # licence header
            head, gloss = line.split("|", 1)
            fields = head.split()
            nw = int(fields[3], 16)
            words = [fields[4 + 2 * k].replace("_", " ") for k in range(nw)]
            lines.append(f"{', '.join(words)} ({pos}): {gloss.strip()}")
    with open(os.path.join(out, "wordnet", f"wordnet-{pos}.txt"), "w") as g:
        for i in range(0, len(lines), 500):
            g.write("\n".join(lines[i:i + 500]) + "\n\n")

# Fortunes: '%' separates fortunes -> blank lines.
fdir = os.path.join(root, "usr/share/games/fortunes")
for name in sorted(os.listdir(fdir)):
    p = os.path.join(fdir, name)
    if name.endswith(".dat") or name.endswith(".u8") or os.path.islink(p) or not os.path.isfile(p):
        continue
    with open(p, encoding="utf-8", errors="replace") as f:
        items = [x.strip("\n") for x in re.split(r"^%\s*$", f.read(), flags=re.M)]
    items = [re.sub(r"\n\s*\n", "\n", x) for x in items if x.strip()]
    with open(os.path.join(out, "fortunes", name + ".txt"), "w") as g:
        g.write("\n\n".join(items) + "\n")

# Jargon File: one text file; split at its ':Entry:' / section boundaries into ~200 KB files.
with gzip.open(os.path.join(root, "usr/share/doc/jargon-text/jargon.txt.gz"), "rt", encoding="utf-8", errors="replace") as f:
    text = f.read()
paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
chunk, size, n = [], 0, 0
for p in paras + [None]:
    if p is None or size > 200_000:
        with open(os.path.join(out, "jargon", f"jargon-{n:03d}.txt"), "w") as g:
            g.write("\n\n".join(chunk) + "\n")
        chunk, size, n = [], 0, n + 1
    if p is not None:
        chunk.append(p.strip("\n")); size += len(p)
PY

# King James Bible: the package's own decoder, one file per book.
BIBLE="$ROOT/usr/bin/bible"
"$BIBLE" -p "$ROOT/usr/lib" -f "Gen1:1-Rev22:21" | python3 -c '
import re, sys, os
out = sys.argv[1]
books, order = {}, []
for line in sys.stdin:
    m = re.match(r"^(\d?[A-Za-z]+)(\d+):(\d+) (.*)$", line.rstrip("\n"))
    if not m: continue
    b = m.group(1)
    if b not in books: books[b] = []; order.append(b)
    books[b].append((int(m.group(2)), m.group(4)))
for i, b in enumerate(order):
    with open(os.path.join(out, f"{i + 1:02d}-{b}.txt"), "w") as g:
        last = None
        for ch, v in books[b]:
            if last is not None and ch != last: g.write("\n\n")
            elif last is not None: g.write(" ")
            g.write(v); last = ch
        g.write("\n")
' "$OUT/bible-kjv"

# HTML documentation -> text (tiny html.parser stripper; one .txt per page).
html_to_text() {  # SRC_DIR DST_DIR
  python3 - "$1" "$2" <<'PY'
import html.parser, os, sys, gzip
src, dst = sys.argv[1], sys.argv[2]
SKIP = {"script", "style", "head", "nav"}
SKIP_CLASS = {"related", "sphinxsidebar", "footer", "headerlink", "sphinxsidebarwrapper"}
VOID = {"br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "source", "wbr"}
BLOCK = {"p", "div", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "tr", "section", "blockquote", "table", "br"}
class P(html.parser.HTMLParser):
    # Drops scripts/styles/navigation (Sphinx "related" bars, sidebars, footers, ¶ links).
    def __init__(self):
        super().__init__(convert_charrefs=True); self.out = []; self.stack = []; self.skip_at = None; self.pre = 0
    def handle_starttag(self, t, a):
        if t in BLOCK: self.out.append("\n\n")
        if t in VOID: return
        self.stack.append(t)
        attrs = dict(a)
        cls = set((attrs.get("class") or "").split())
        if self.skip_at is None and (t in SKIP or cls & SKIP_CLASS or attrs.get("role") == "navigation"):
            self.skip_at = len(self.stack)
        if t == "pre": self.pre += 1
    def handle_endtag(self, t):
        if t in BLOCK: self.out.append("\n\n")
        if t in VOID or t not in self.stack: return
        while self.stack:
            top = self.stack.pop()
            if top == "pre" and self.pre: self.pre -= 1
            if top == t: break
        if self.skip_at is not None and len(self.stack) < self.skip_at: self.skip_at = None
    def handle_data(self, d):
        if self.skip_at is not None: return
        d = d.replace("\u00b6", "")
        if self.pre: self.out.append(d); return
        w = " ".join(d.split())
        self.out.append((" " if d[:1].isspace() and w else "") + w + (" " if d[-1:].isspace() else ""))
n = 0
for dp, dn, fn in os.walk(src):
    dn.sort()
    for f in sorted(fn):
        if not (f.endswith(".html") or f.endswith(".html.gz")) or f.startswith("genindex") or f in ("search.html", "py-modindex.html", "contents.html"):
            continue
        p = os.path.join(dp, f)
        op = gzip.open if f.endswith(".gz") else open
        with op(p, "rt", encoding="utf-8", errors="replace") as fh:
            parser = P(); parser.feed(fh.read())
        text = "".join(parser.out)
        paras = [" ".join(x.split()) if "\n" not in x.strip() else x.strip("\n") for x in text.split("\n\n")]
        paras = [x for x in paras if len(x.strip()) > 1 and x.strip() != "¶"]
        if sum(len(x) for x in paras) < 200: continue
        rel = os.path.relpath(p, src).replace(os.sep, "__").replace(".html.gz", "").replace(".html", "")
        with open(os.path.join(dst, rel + ".txt"), "w") as g:
            g.write("\n\n".join(paras) + "\n")
        n += 1
print(f"{n} pages from {src}", file=sys.stderr)
PY
}
mkdir -p "$OUT/python-doc"
html_to_text "$ROOT/usr/share/doc/python3.11/html" "$OUT/python-doc"
if [[ $SKIP_LINUX == 0 ]]; then
  mkdir -p "$OUT/linux-doc"
  html_to_text "$ROOT/usr/share/doc/linux-doc-6.1/html" "$OUT/linux-doc"
fi

# ---- report ------------------------------------------------------------------------
declare -A LIC=(
  [gcide]="GPL-3+ (GNU Collaborative International Dictionary of English 0.48, incl. Webster 1913)|dict-gcide"
  [wordnet]="WordNet 3.0 licence (Princeton; BSD-like, attribution)|wordnet-base"
  [bible-kjv]="public domain (King James Version)|bible-kjv, bible-kjv-text"
  [fortunes]="BSD-3-Clause (fortune-mod collection)|fortunes"
  [jargon]="public domain (The Jargon File 4.4.7)|jargon-text"
  [python-doc]="PSF-2.0 (Python 3.11 documentation)|python3.11-doc"
  [linux-doc]="GPL-2.0 (Linux kernel documentation)|linux-doc-6.1"
)
TOTAL=0
TABLE=""
for s in gcide wordnet bible-kjv fortunes jargon python-doc linux-doc; do
  [[ -d "$OUT/$s" ]] || continue
  bytes=$(cat "$OUT/$s"/* | wc -c)
  files=$(ls "$OUT/$s" | wc -l)
  TOTAL=$((TOTAL + bytes))
  IFS='|' read -r lic pkg <<<"${LIC[$s]}"
  TABLE+="| \`$s/\` | $pkg | $lic | $files | $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') |"$'\n'
done
echo "corpus: $OUT  $(awk -v b="$TOTAL" 'BEGIN{printf "%.1f", b/1e6}') MB of text"
printf '%s' "$TABLE"

if [[ -n "$DOC" ]]; then
  mkdir -p "$(dirname "$DOC")"
  cat >"$DOC" <<EOF
# Training corpus from Debian packages

\`scripts/corpus/make_debian_corpus.sh OUT_DIR [--doc docs/corpus.md] [--skip-linux]\`
downloads a few openly licensed Debian 12 (bookworm) packages with
\`apt-get download\` (no system installation: they are unpacked with
\`dpkg-deb -x\` under \`OUT_DIR/.root\`), extracts plain English text and
writes one directory per source. Paragraphs are separated by blank lines, so

    dseek train data --tokenizer TOKENIZER_DIR --paragraphs -o DATA OUT_DIR/gcide OUT_DIR/bible-kjv ...

makes one document per paragraph (dictionary entry, fortune, chapter, doc
section); without \`--paragraphs\` each file is a document. The corpus is not
committed. Check each package's \`usr/share/doc/<pkg>/copyright\` (under
\`OUT_DIR/.root\`) before redistributing derived data: GPL-licensed text
(GCIDE, kernel docs) carries its licence to verbatim copies.

| directory | Debian package | licence | files | MB |
|---|---|---|---:|---:|
${TABLE}
Total: $(awk -v b="$TOTAL" 'BEGIN{printf "%.1f", b/1e6}') MB of UTF-8 text (measured when this file was generated).

Extraction: GCIDE from the dictd file (entries kept as written, 2000 per
file); WordNet as \`lemmas (pos): gloss\` lines; the Bible through the
package's own \`bible\` decoder (one file per book, one paragraph per
chapter); fortunes split at \`%\`; the Jargon File in ~200 KB pieces; Python
and kernel HTML through a small \`html.parser\` stripper (scripts, styles and
navigation dropped; index/search pages skipped).
EOF
  echo "wrote $DOC"
fi
