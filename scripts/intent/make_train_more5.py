#!/usr/bin/env python3
"""make_train_more5.py: extra TRAINING messages for the buyer-intent classifier (batch "template6").

Voices: social-commerce chats (Facebook Marketplace / Vinted / Depop / OLX / Carousell / Shopee style),
Gen-Z and millennial slang, sarcasm that is not offensive, emoji reactions, voice-note transcriptions,
messages that point at the listing, and code-mixed English (Hinglish, Taglish, Spanglish, Nigerian Pidgin,
Arabic-English, Singlish, Malay/Indonesian, French/German/Italian bits). The phrase inventory is in
train_more5_frames.py and was written independently of every other dataset script and of dev/test.

About a third of each label's messages come from families aimed at a small model's confusions
(Condition vs Details, Offensive vs rough-but-harmless slang, Irrelevant vs chatty real questions,
Availability vs Details vs Price, social-style injections and their look-alikes).

Labelling follows docs/intent-data.md: Irrelevant is a whole-message check (rude off-topic messages are
[Irrelevant, Offensive]); otherwise Injection > Offensive > Price > the three base intents, and two
different base intents only appear together when a higher intent is present.

Usage: python3 scripts/intent/make_train_more5.py [--per-label 1500] [--seed 41]
                                                    [--out /tmp/train_more5.jsonl] [--stats]
Standard library only, deterministic, writes one JSON object per line (ensure_ascii=False).
"""
import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import collections  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more5_frames as F  # noqa: E402

IRR, INJ, OFF, PRI = "Irrelevant Intent", "Prompt Injection", "Offensive Intent", "Price Negotiation"
DET, CON, AVA = "Product Details", "Product Condition", "Product Availability"
ORDER = [IRR, INJ, OFF, PRI, DET, CON, AVA]
BASE = [DET, CON, AVA]
CODE = {DET: "DET", CON: "CON", AVA: "AVA", PRI: "PRI", OFF: "OFF", INJ: "INJ", IRR: "IRR"}
MIN_FAMS = {DET: 60, CON: 60, AVA: 60, PRI: 50, OFF: 50, INJ: 60, IRR: 80}
CAT_SLOTS = ("item", "part", "fault", "acc", "spec", "var")
FLAGS = {"gen", "voc"}
SLOT_RE = re.compile(r"\{(\w+)\}")


def split(s, sep=";"):
    return [x.strip() for x in s.split(sep) if x.strip()]


# ---------------------------------------------------------------- inventory parsing
class Fam:
    def __init__(self, label, idx, line):
        meta, body = line.split(" :: ", 1) if " :: " in line else ("", line)
        self.label, self.idx = label, idx
        self.id = "%s7.%d" % (CODE[label], idx)
        self.paras = [p.strip() for p in body.split(" | ")]
        assert 2 <= len(self.paras) <= 5, (self.id, line)
        toks = meta.split()
        self.only = {t[1:] for t in toks if t.startswith("@")}
        self.excl = {t[1:] for t in toks if t.startswith("!")}
        self.voices = {t[1:] for t in toks if t.startswith("%")}
        self.flags = {t for t in toks if t in FLAGS}
        self.tags = sorted(t for t in toks if t[0] not in "@!%" and t not in FLAGS)
        self.slots = {m for p in self.paras for m in SLOT_RE.findall(p)}
        assert not (self.voices - set(F.VOICES)), self.id

    def fits(self, cat, voice):
        if self.only and not (self.only & cat["kinds"]):
            return False
        if self.excl & cat["kinds"]:
            return False
        if self.voices and voice not in self.voices:
            return False
        return all(cat[s] for s in self.slots if s in CAT_SLOTS)


def parse_fams(block, label):
    lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
    return [Fam(label, i + 1, ln) for i, ln in enumerate(lines)]


def parse_cats(text):
    cats = {}
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    for i in range(0, len(lines), 4):
        head, l1, l2, l3 = lines[i:i + 4]
        assert head.startswith("== "), head
        name, kinds, rng = [x.strip() for x in head[3:].split("|")]
        lo, hi = map(float, rng.split())
        c = {"name": name, "kinds": set(kinds.split()), "lo": lo, "hi": hi}
        for line, (a, b) in ((l1, ("item", "var")), (l2, ("part", "fault")), (l3, ("acc", "spec"))):
            x, y = line.split("//")
            c[a], c[b] = split(x), split(y)
        cats[name] = c
    return cats


CATS = parse_cats(F.CATEGORIES)
FAMS = {DET: parse_fams(F.DETAILS, DET), CON: parse_fams(F.CONDITION, CON), AVA: parse_fams(F.AVAILABILITY, AVA),
        PRI: parse_fams(F.PRICE, PRI), OFF: parse_fams(F.OFFENSIVE, OFF), INJ: parse_fams(F.INJECTION, INJ),
        IRR: parse_fams(F.IRRELEVANT, IRR)}
VOICES = {k: {"w": v[0], "cur": v[1], "open": split(v[2]), "close": split(v[3]), "addr": split(v[4]),
              "place": split(v[5]), "meet": split(v[6])} for k, v in F.VOICES.items()}
LISTS = {"day": split(F.DAYS), "time": split(F.TIMES), "trade": split(F.TRADES), "lang": split(F.LANGS),
         "courier": split(F.COURIERS), "lphrase": split(F.LPHRASES), "cphrase": split(F.CPHRASES)}
LPH_WEAR = split(F.LPHRASES_WEAR)
LREFS = split(F.LISTING_REFS)
CONTEXTS = [x.strip() for x in F.CONTEXTS.strip().splitlines()]
ASIDES = [x.strip() for x in F.ASIDES.strip().splitlines()]
VN_PRE, VN_POST = split(F.VOICE_NOTE[0]), F.VOICE_NOTE[1].split(";")
EMOJI = split(F.EMOJI)

assert len(CATS) >= 40, len(CATS)
for _lab, _n in MIN_FAMS.items():
    assert len(FAMS[_lab]) >= _n, (_lab, len(FAMS[_lab]))


# ---------------------------------------------------------------- prices
def nice(v):
    step = 1 if v < 20 else 5 if v < 100 else 10 if v < 1000 else 50 if v < 10000 else 500 if v < 100000 else 1000
    return max(step, int(round(v / step)) * step)


def fmt_money(v, tpl, rng, comma):
    s = "{:,}".format(v) if comma and v >= 1000 else str(v)
    k = ("%gk" % (v / 1000.0)) if v >= 1000 else s
    return tpl.replace("{v}", s).replace("{k}", k)


class Ctx:
    """Per-message state: category, voice and the slot values that must stay consistent."""

    def __init__(self, rng, cat, voice):
        self.rng, self.cat, self.voice, self.v = rng, cat, voice, VOICES[voice]
        self.cache, self.used_cat, self.mixed = {}, False, False
        factor, fmts = F.CURRENCIES[self.v["cur"]]
        base = math.exp(rng.uniform(math.log(cat["lo"]), math.log(cat["hi"]))) * factor
        price = nice(base)
        offer = nice(price * rng.uniform(0.55, 0.88))
        if offer >= price:
            offer = nice(price * 0.7)
        tpl, comma = rng.choice(fmts), rng.random() < 0.5
        self.cache["price"] = fmt_money(price, tpl, rng, comma)
        self.cache["offer"] = fmt_money(offer, tpl, rng, comma)

    def slot(self, name):
        rng = self.rng
        if name in CAT_SLOTS:
            self.used_cat = True
            if name == "item":
                return self.cache.setdefault("item", rng.choice(self.cat["item"]))
            return rng.choice(self.cat[name])
        if name in ("price", "offer"):
            self.used_cat = True
            return self.cache[name]
        if name in self.cache:
            return self.cache[name]
        if name == "n":
            val = str(rng.choice([2, 2, 3, 3, 4, 5]))
        elif name == "pic":
            val = str(rng.randint(2, 8))
        elif name in ("place", "meet", "addr"):
            self.mixed |= name == "addr"
            val = rng.choice(self.v[name])
        elif name == "lphrase" and "wear" in self.cat["kinds"]:
            val = rng.choice(LISTS[name] + LPH_WEAR)
        else:
            val = rng.choice(LISTS[name])
        self.cache[name] = val
        return val

    def render(self, text):
        return SLOT_RE.sub(lambda m: self.slot(m.group(1)), text)


# ---------------------------------------------------------------- family choice
def pick_fam(label, ctx, tagged=None, voc=None, gen=None, exclude=()):
    rng = ctx.rng
    pool = [f for f in FAMS[label] if f.fits(ctx.cat, ctx.voice) and f.id not in exclude]
    if voc is not None:
        pool = [f for f in pool if ("voc" in f.flags) == voc]
    if gen:
        pool = [f for f in pool if "gen" in f.flags]
    if label == CON and "nocon" in ctx.cat["kinds"]:
        pool = []
    assert pool, (label, ctx.cat["name"], ctx.voice)
    vpool = [f for f in pool if f.voices]
    if vpool and rng.random() < 0.3:
        ctx.mixed = True
        return rng.choice(vpool)
    if tagged is not None:
        sub = [f for f in pool if bool(f.tags) == tagged]
        if sub:
            pool = sub
    spec = [f for f in pool if f.only]
    if spec and rng.random() < 0.3:
        pool = spec
    f = rng.choice(pool)
    if f.voices:
        ctx.mixed = True
    return f


def clause(label, ctx, tagged=None, **kw):
    f = pick_fam(label, ctx, tagged=tagged, **kw)
    return ctx.render(ctx.rng.choice(f.paras)), f


def carrier_base_label(ctx):
    labs = [l for l in BASE if not (l == CON and "nocon" in ctx.cat["kinds"])]
    return ctx.rng.choice(labs)


# ---------------------------------------------------------------- assembly
QWORD = re.compile(r"(what|whats|what's|which|how|is|are|does|do|did|can|could|would|will|any|has|have|got|r u|u got|"
                   r"when|where|who|was|ur ad mentions)\b")
END_RE = re.compile(r"[.!?…:)]$|[^\w\s,'\"]$")


def join(pieces, rng):
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if not out:
            out = p
        elif END_RE.search(out) or out[-1] in ",:-—^":
            out += " " + p
        else:
            last = re.split(r"[.!?,:;—-]\s*", out)[-1].strip().lower()
            if QWORD.match(last) and rng.random() < 0.7:
                out += rng.choice(["? ", "? ", "?? ", "? "]) + p
            else:
                out += rng.choice([". ", ". ", ". ", " ", ", ", "! ", " - "]) + p
    return out


def lead_in(ctx, item_ok=True):
    """Optional opener + listing reference + personal context, as a list of pieces."""
    rng, pieces, tags = ctx.rng, [], []
    if rng.random() < 0.55:
        pieces.append(opener(ctx))
    if item_ok and rng.random() < 0.22:
        ref = ctx.render(rng.choice(LREFS))
        pieces.append(ref + rng.choice([" -", ":", " —", ",", " ^"]))
        tags.append("listing_ref")
    if item_ok and rng.random() < 0.25:
        pieces.append(rng.choice(CONTEXTS))
        tags.append("chatty_context")
    return pieces, tags


def opener(ctx):
    ctx.mixed = True
    return ctx.rng.choice(ctx.v["open"])


def closer(ctx, p=0.35):
    if ctx.rng.random() < p:
        ctx.mixed = True
        return [ctx.rng.choice(ctx.v["close"])]
    return []


def compose(label, ctx):
    """Returns (pieces, intents set, main family, tags)."""
    rng = ctx.rng
    tagged = rng.random() < 0.36
    tags, intents = [], {label}

    def add(fam):
        tags.extend(fam.tags)

    if label in BASE:
        txt, fam = clause(label, ctx, tagged)
        add(fam)
        core = [txt]
        if rng.random() < 0.15:
            t2, f2 = clause(label, ctx, exclude={fam.id})
            add(f2)
            core.append(t2)
        if rng.random() < 0.1:
            core.insert(rng.randint(0, len(core)), ctx.render(rng.choice(ASIDES)))
            tags.append("offtopic_aside")
        pre, t = lead_in(ctx)
        tags += t
        return pre + core + closer(ctx), intents, fam, tags

    if label == PRI:
        txt, fam = clause(PRI, ctx, tagged)
        add(fam)
        core = [txt]
        if rng.random() < 0.62:
            labs = [carrier_base_label(ctx)]
            if rng.random() < 0.15:
                labs.append(rng.choice([l for l in BASE if l not in labs and not
                                        (l == CON and "nocon" in ctx.cat["kinds"])]))
            for lab in labs:
                t, f = clause(lab, ctx, rng.random() < 0.3)
                add(f)
                intents.add(lab)
                core.insert(rng.randint(0, len(core)), t)
        pre, t = lead_in(ctx)
        tags += t
        return pre + core + closer(ctx), intents, fam, tags

    if label == OFF:
        if rng.random() < 0.25:
            txt, fam = clause(OFF, ctx, tagged, voc=False)
            add(fam)
            core = [txt]
            if rng.random() < 0.2:
                t2, f2 = clause(OFF, ctx, voc=False, exclude={fam.id})
                add(f2)
                core.append(t2)
            pre = [opener(ctx)] if rng.random() < 0.2 else []
            return pre + core, intents, fam, tags
        fam = pick_fam(OFF, ctx, tagged)
        add(fam)
        ins = ctx.render(rng.choice(fam.paras))
        carriers = []
        r = rng.random()
        for lab in ([carrier_base_label(ctx)] if r < 0.55 else [PRI] if r < 0.85 else [PRI, carrier_base_label(ctx)]):
            t, f = clause(lab, ctx, rng.random() < 0.3)
            add(f)
            intents.add(lab)
            carriers.insert(rng.randint(0, len(carriers)), t)
        if "voc" in fam.flags:
            core = [ins + ", " + carriers[0]] + carriers[1:]
        else:
            core = carriers[:]
            core.insert(rng.choice([0, len(core), len(core)] + list(range(1, len(core)))), ins)
        pre, t = lead_in(ctx) if rng.random() < 0.6 else ([], [])
        tags += t
        return pre + core, intents, fam, tags

    if label == INJ:
        txt, fam = clause(INJ, ctx, tagged)
        add(fam)
        if rng.random() < 0.3:
            pre = [opener(ctx)] if rng.random() < 0.35 else []
            return pre + [txt] + closer(ctx, 0.15), intents, fam, tags
        r = rng.random()
        labs = ([carrier_base_label(ctx)] if r < 0.55 else [PRI] if r < 0.78 else
                [carrier_base_label(ctx), PRI] if r < 0.9 else [carrier_base_label(ctx), OFF])
        carriers = []
        for lab in labs:
            if lab == OFF:
                t, f = clause(OFF, ctx, voc=False)
            else:
                t, f = clause(lab, ctx, rng.random() < 0.3)
            add(f)
            intents.add(lab)
            carriers.append(t)
        if rng.random() < 0.35:
            txt = rng.choice(["also ", "btw ", "oh and ", "ok random but ", "nvm that. ", "wait, ",
                              "actually forget my question, "]) + txt
        pos = rng.random()
        core = carriers[:]
        if pos < 0.55:
            core.append(txt)
        elif pos < 0.85 or len(core) < 2:
            core.insert(0, txt)
        else:
            core.insert(1, txt)
        pre, t = lead_in(ctx) if rng.random() < 0.6 else ([], [])
        tags += t
        return pre + core + closer(ctx, 0.2), intents, fam, tags

    # Irrelevant: whole message off-topic, sometimes rude.
    txt, fam = clause(IRR, ctx, tagged)
    add(fam)
    core = [txt]
    if rng.random() < 0.15:
        t2, f2 = clause(IRR, ctx, exclude={fam.id})
        if "greeting_only" not in f2.tags:
            add(f2)
            core.append(t2)
    if rng.random() < 0.2:
        intents.add(OFF)
        tags.append("rude_offtopic")
        f3 = pick_fam(OFF, ctx, gen=True)
        ins = ctx.render(rng.choice(f3.paras))
        if "voc" in f3.flags:
            core[0] = ins + ", " + core[0]
        elif rng.random() < 0.75:
            core.append(ins)
        else:
            core.insert(0, ins)
    pre = [opener(ctx)] if ("greeting_only" not in fam.tags and rng.random() < 0.3) else []
    return pre + core + closer(ctx, 0.15), intents, fam, tags


# ---------------------------------------------------------------- noise
EXPAND = [(r"\br u\b", "are you"), (r"\bu\b", "you"), (r"\bpls\b", "please"), (r"\btmrw\b", "tomorrow"),
          (r"\babt\b", "about"), (r"\bw\b", "with"), (r"\bthx\b", "thanks")]
SHORTEN = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bavailable\b", "avail"), (r"\btomorrow\b", "tmrw"),
           (r"\bthanks\b", "thx"), (r"\bbecause\b", "bc"), (r"\breally\b", "rly"), (r"\bpeople\b", "ppl"),
           (r"\bokay\b", "ok"), (r"\bsomething\b", "smth")]


def typo(text, rng):
    words = [m for m in re.finditer(r"\b[a-z]{5,}\b", text)]
    if not words:
        return text
    m = rng.choice(words)
    w = m.group(0)
    i = rng.randint(1, len(w) - 3)
    w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return text[:m.start()] + w2 + text[m.end():]


def capitalize(text):
    text = text[:1].upper() + text[1:]
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return re.sub(r"\bi\b", "I", text)


def noise(text, ctx, tags):
    rng, voice = ctx.rng, ctx.voice
    if rng.random() < (0.7 if voice == "mill" else 0.15):
        for a, b in EXPAND:
            if rng.random() < 0.8:
                text = re.sub(a, b, text)
    elif rng.random() < 0.3:
        for a, b in SHORTEN:
            text = re.sub(a, b, text)
    if rng.random() < 0.3:
        text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)
    if rng.random() < 0.1:
        text = text.replace("?", rng.choice(["??", "???", "?!"]), 1)
    if rng.random() < 0.08:
        text = typo(text, rng)
    if rng.random() < 0.15:
        text = text.rstrip() + " " + rng.choice(EMOJI)
    if rng.random() < 0.15:
        text = text.rstrip(".!")
    r = rng.random()
    if voice == "mill" and r < 0.8 or voice != "mill" and r < 0.35:
        text = capitalize(text)
    elif r > 0.985 and voice == "genz":
        text = text.upper()
    return text


def voice_note(text, rng):
    t = text.lower().rstrip(".!? ")
    t = t.replace(", ", rng.choice([", uh, ", ", like ", ", "]), 1)
    return rng.choice(VN_PRE) + " " + t + rng.choice(VN_POST)


# ---------------------------------------------------------------- records
def norm(text):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", text.lower())).strip()


def n_sentences(text):
    return len([s for s in re.split(r"(?<=[.!?…])\s+", text.strip()) if re.search(r"\w", s)])


def check_priority(rec):
    ints = rec["intents"]
    assert ints and rec["label"] == ints[0], rec
    assert ints == [l for l in ORDER if l in ints] and len(set(ints)) == len(ints), rec
    if IRR in ints:
        assert set(ints) <= {IRR, OFF}, rec
    if len(set(ints) & set(BASE)) > 1:
        assert set(ints) & {INJ, OFF, PRI}, rec
    assert rec["label"] in ORDER


def make_record(label, rng):
    voices = list(VOICES)
    voice = rng.choices(voices, weights=[VOICES[v]["w"] for v in voices])[0]
    cat = CATS[rng.choice(sorted(CATS))]
    if label == CON and "nocon" in cat["kinds"]:
        return None
    ctx = Ctx(rng, cat, voice)
    pieces, intents, fam, tags = compose(label, ctx)
    text = join(pieces, rng)
    if label in (DET, CON, AVA, PRI) and rng.random() < 0.05:
        text = voice_note(text, rng)
        tags.append("voice_note")
    text = noise(text, ctx, tags)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > 600 or n_sentences(text) > 5 or len(text) < 2:
        return None
    if voice in F.CODE_MIXED and ctx.mixed:
        tags.append("code_mixed")
    ints = [l for l in ORDER if l in intents]
    tagset = sorted(set(tags))
    rec = {"text": text, "label": ints[0], "intents": ints,
           "category": cat["name"] if (ctx.used_cat or set(ints) & {PRI, DET, CON, AVA}) else "none",
           "source": "template6", "family": fam.id, "tags": tagset}
    check_priority(rec)
    assert rec["label"] == label
    return rec


def generate(per_label, seed):
    rng = random.Random(seed)
    seen, out = set(), []
    for label in ORDER:
        got, tries = 0, 0
        while got < per_label:
            tries += 1
            assert tries < per_label * 200, "cannot reach %d unique messages for %s" % (per_label, label)
            rec = make_record(label, rng)
            if rec is None:
                continue
            key = norm(rec["text"])
            if not key or key in seen:
                continue
            seen.add(key)
            out.append(rec)
            got += 1
    rng.shuffle(out)
    return out


def print_stats(recs):
    err = sys.stderr
    by = collections.Counter(r["label"] for r in recs)
    multi = sum(len(r["intents"]) > 1 for r in recs)
    print("messages: %d, multi-intent: %d (%.1f%%)" % (len(recs), multi, 100.0 * multi / len(recs)), file=err)
    print("%-22s %6s %7s %8s %8s %7s" % ("label", "count", "multi%", "fams_def", "fams_use", "tagged%"), file=err)
    for lab in ORDER:
        rs = [r for r in recs if r["label"] == lab]
        fu = len({r["family"] for r in rs})
        m = sum(len(r["intents"]) > 1 for r in rs)
        hn = sum(any(t not in ("listing_ref", "code_mixed", "chatty_context", "voice_note") for t in r["tags"])
                 for r in rs)
        print("%-22s %6d %6.1f%% %8d %8d %6.1f%%" % (lab, by[lab], 100.0 * m / max(1, len(rs)),
                                                     len(FAMS[lab]), fu, 100.0 * hn / max(1, len(rs))), file=err)
    cats = collections.Counter(r["category"] for r in recs)
    print("categories used: %d (+none: %d msgs)" % (len(cats) - ("none" in cats), cats.get("none", 0)), file=err)
    tags = collections.Counter(t for r in recs for t in r["tags"])
    print("top tags: " + ", ".join("%s=%d" % kv for kv in tags.most_common(25)), file=err)
    print("max chars: %d, code-mixed: %d" % (max(len(r["text"]) for r in recs), tags["code_mixed"]), file=err)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("--out", default="/tmp/train_more5.jsonl")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()
    recs = generate(a.per_label, a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d records to %s" % (len(recs), a.out), file=sys.stderr)
    if a.stats:
        print_stats(recs)


if __name__ == "__main__":
    main()
