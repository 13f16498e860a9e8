#!/usr/bin/env python3
"""add_label_tokens.py — gives each of the 7 intent labels its own token.

Takes a base model directory (config.json, model.safetensors in BF16/F32,
tokenizer.json) and writes a copy in which the tokenizer has 7 added
(non-special) tokens whose text is the label ("Product Details", ...), and the
model's vocabulary is extended to match (rounded up to a multiple of 8): each
new row of model.embed_tokens / lm_head / the MTP shared_head.head is the mean
of the rows of the tokens the label used to be split into; padding rows are 0.
With one token per label, the answer is one decision (plus EOS) instead of
6-8 sub-word tokens of which only one carries the choice, so SFT/GRPO
gradients are not diluted. Standard library only (no numpy).
Usage: add_label_tokens.py BASE_DIR OUT_DIR
"""
import json, os, shutil, struct, subprocess, sys

LABELS = ["Product Details", "Product Condition", "Product Availability", "Price Negotiation",
          "Offensive Intent", "Prompt Injection", "Irrelevant Intent"]


def read_st(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        hdr = json.loads(f.read(n))
        data = f.read()
    return hdr, data


def rows_f32(buf, dtype, cols):
    """bytes of one row -> list of floats"""
    if dtype == "BF16":
        u = struct.unpack("<%dH" % cols, buf)
        return [struct.unpack("<f", struct.pack("<I", x << 16))[0] for x in u]
    if dtype == "F32":
        return list(struct.unpack("<%df" % cols, buf))
    raise SystemExit("unsupported dtype " + dtype)


def f32_bytes(vals, dtype):
    if dtype == "F32":
        return struct.pack("<%df" % len(vals), *vals)
    out = []
    for v in vals:  # round to nearest even
        u = struct.unpack("<I", struct.pack("<f", v))[0]
        u = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
        out.append(u & 0xFFFF)
    return struct.pack("<%dH" % len(out), *out)


def main():
    base, out = sys.argv[1], sys.argv[2]
    dseek = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../build/dseek")
    os.makedirs(out, exist_ok=True)
    tok = json.load(open(os.path.join(base, "tokenizer.json")))
    old_vocab = max([t["id"] for t in tok["added_tokens"]] + list(tok["model"]["vocab"].values())) + 1
    pieces = {}
    for lab in LABELS:
        r = subprocess.run([dseek, "tokenize", "-t", base, "--text", lab], capture_output=True, text=True, check=True)
        pieces[lab] = json.loads(r.stdout)
    new_ids = {lab: old_vocab + i for i, lab in enumerate(LABELS)}
    for lab in LABELS:
        tok["added_tokens"].append({"id": new_ids[lab], "content": lab, "single_word": False, "lstrip": False,
                                    "rstrip": False, "normalized": False, "special": False})
    cfg = json.load(open(os.path.join(base, "config.json")))
    new_vocab = (old_vocab + len(LABELS) + 7) // 8 * 8
    assert cfg["vocab_size"] == old_vocab, (cfg["vocab_size"], old_vocab)
    cfg["vocab_size"] = new_vocab
    hdr, data = read_st(os.path.join(base, "model.safetensors"))
    meta = hdr.pop("__metadata__", None)
    grow = {"model.embed_tokens.weight", "lm_head.weight"} | {k for k in hdr if k.endswith("shared_head.head.weight")}
    chunks, new_hdr, off = [], {}, 0
    for name in sorted(hdr, key=lambda k: hdr[k]["data_offsets"][0]):
        h = hdr[name]
        b, e = h["data_offsets"]
        buf = data[b:e]
        shape = list(h["shape"])
        if name in grow:
            assert shape[0] == old_vocab, (name, shape)
            cols = shape[1]
            esz = 2 if h["dtype"] == "BF16" else 4
            row = lambda i: rows_f32(buf[i * cols * esz:(i + 1) * cols * esz], h["dtype"], cols)
            extra = b""
            for lab in LABELS:
                rs = [row(i) for i in pieces[lab]]
                mean = [sum(c) / len(rs) for c in zip(*rs)]
                extra += f32_bytes(mean, h["dtype"])
            extra += b"\0" * ((new_vocab - old_vocab - len(LABELS)) * cols * esz)
            buf = buf + extra
            shape[0] = new_vocab
        new_hdr[name] = {"dtype": h["dtype"], "shape": shape, "data_offsets": [off, off + len(buf)]}
        chunks.append(buf)
        off += len(buf)
    if meta is not None:
        new_hdr["__metadata__"] = meta
    hb = json.dumps(new_hdr, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for c in chunks:
            f.write(c)
    json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=2)
    json.dump(tok, open(os.path.join(out, "tokenizer.json"), "w"), ensure_ascii=False, indent=2)
    shutil.copy(os.path.join(base, "tokenizer_config.json"), os.path.join(out, "tokenizer_config.json"))
    print("labels ->", new_ids, "vocab", old_vocab, "->", new_vocab, file=sys.stderr)


if __name__ == "__main__":
    main()
