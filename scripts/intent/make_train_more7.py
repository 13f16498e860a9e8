#!/usr/bin/env python3
"""Training batch 7 for the buyer-intent classifier: framing robustness.

    python3 scripts/intent/make_train_more7.py [--per-label 1500] [--seed 61] [--out /tmp/train_more7.jsonl] [--stats]

Builds --per-label messages for each of the 7 intents as
[opener] + [context / pleasantry sentence(s)] + core intent clause(s) + [aside] + [closer] + [emoji / punctuation noise],
with casing, typo, slang and spacing noise. The framing catalogue and the core families are in
train_more7_frames.py (written independently for this batch; it reads no dataset file). Every framing piece is
drawn with the same probabilities for all 7 labels, so no opener, closer, context sentence or emoji goes with a
label: polite framing goes around insults, threats and injections just as around item questions. Labels follow
docs/intent-data.md: Irrelevant is a whole-message check (it can only co-occur with rudeness), then
Injection > Offensive > Price > (Details, Condition, Availability); two different base intents only appear
together when a higher intent is present. Every record is checked against that rule.

Judgement calls:
- Framing pieces that mention the item/listing/purchase (marked "*" in the frames file: "saw your ad", "love the
  photos", "looking forward to picking it up", a phone number in a signature) would make an off-topic message
  about the exchange, so around Irrelevant messages such a piece is drawn and then dropped (not replaced). The
  per-piece rate of every neutral piece is thus the same for all labels; Irrelevant messages are a bit less often
  framed (see --stats).
- A greeting (or greeting + pleasantry + sign-off) with no question is Irrelevant (greeting only); the same
  greeting in front of a core never changes the core's label.
- Asides are only about the photos/listing, never about condition; photo questions about marks are Condition,
  about switches/colour accuracy are Details.
- When the message would exceed 5 sentences, optional framing is dropped (second context, aside, context,
  closer, opener in that order) instead of rejecting the message.

Output: JSON lines with text, label, intents (priority order), category, source="template8", family
("<CODE>9.<n>"), tags. Standard library only, deterministic for a given seed; exact duplicates (lower-cased,
punctuation removed) are dropped.
"""
import sys

sys.dont_write_bytecode = True

import argparse
import os
import random
import re
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more7_frames as F  # noqa: E402
from batch_rules import BASE, NAMES, ORDER, PRIORITY, check_priority, norm, write_jsonl  # noqa: E402

CAT_SLOTS = ("item", "part", "flaw", "spec", "acc", "feat")
ITEM_SLOTS = {"item", "item2", "part", "flaw", "spec", "acc", "feat", "price", "offer", "offer2"}
QWORDS = ("what", "how", "is", "does", "do", "can", "could", "would", "any", "has", "have", "will", "are", "where",
          "when", "who", "which", "did", "should", "was", "were", "got", "still", "may", "anything", "ever", "been",
          "anyone", "maybe")
SLANG = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\btomorrow\b", "tmrw"),
         (r"\bavailable\b", "availble"), (r"\bbecause\b", "cuz"), (r"\byour\b", "ur"), (r"\bare\b", "r"),
         (r"\bthe\b", "da"), (r"\bwould\b", "wud"), (r"\btonight\b", "tonite"), (r"\bokay\b", "ok"),
         (r"\bwhat\b", "wat"), (r"\bwith\b", "w/"), (r"\bfor\b", "4"), (r"\bto\b", "2"), (r"\bpeople\b", "ppl")]
PLURAL_VERB = {"is": "are", "Is": "Are", "does": "do", "Does": "Do", "has": "have", "Has": "Have", "was": "were"}
SINGULAR_S = ("ss", "lens", "chassis", "glass", "gas lift", "bass", "canvas", "case")
# framing probabilities: identical for every label
P_OPEN, P_CTX, P_CTX2, P_ASIDE, P_CLOSE, P_EMOJI = 0.5, 0.35, 0.25, 0.14, 0.5, 0.25


class Fam:
    def __init__(self, code, idx, texts, hard, addr, only, tags):
        self.code, self.idx, self.texts, self.hard, self.addr, self.only, self.tags = \
            code, idx, texts, hard, addr, only, tags
        self.fid = f"{code}9.{idx}"
        self.cats = []


def parse_categories(text):
    cats = {}
    for line in text.strip().splitlines():
        f = [x.strip() for x in line.split("|")]
        assert len(f) == 9, line
        lo, hi = (int(x) for x in f[7].split("-"))
        c = {k: f[i].split("/") for i, k in enumerate(CAT_SLOTS, 1)}
        c.update(name=f[0], lo=lo, hi=hi, groups=sorted(set(f[8].split(",")) | {f[0]}))
        cats[f[0]] = c
    return cats


def parse_block(code, text, cats):
    fams = []
    for line in text.strip().splitlines():
        if not line.strip():
            continue
        head, body = line.split("::", 1) if "::" in line else ("", line)
        hard = addr = False
        only, tags = None, []
        for fl in head.split():
            if fl == "!":
                hard = True
            elif fl == "^":
                addr = True
            elif fl[0] == "@":
                only = fl[1:].split(",")
            elif fl[0] == "#":
                tags += fl[1:].split(",")
            else:
                raise ValueError(f"bad flag {fl!r} in {line!r}")
        texts = [t.strip() for t in body.split(" | ")]
        assert 2 <= len(texts) <= 5, line
        fam = Fam(code, len(fams) + 1, texts, hard, addr, only, tags)
        fam.cats = sorted(n for n, c in cats.items() if only is None or set(c["groups"]) & set(only))
        assert fam.cats, f"no category for {line!r}"
        fams.append(fam)
    return fams


def starred(pool):
    """'*text' -> (text, True): the piece refers to the item/listing/purchase."""
    return [(t[1:], True) if t.startswith("*") else (t, False) for t in pool]


def nice_round(x):
    step = 5 if x < 100 else 10 if x < 1000 else 50 if x < 5000 else 100
    return max(step, int(round(x / step)) * step)


PRICE_STYLES = ["${:,}", "${}", "£{}", "£{:,}", "€{}", "{} euros", "{} euro", "{}€", "{} EUR", "{} quid", "{} bucks",
                "{} dollars", "a${}", "A${}", "AU${}", "CA${}", "NZ${}", "{},-", "{}.-", "k", "USD {}", "{} USD",
                "{} GBP", "R{}", "₹{}", "{} zł", "{} kr", "{} pounds", "{}", "{}", "eu", "{} $"]


def price_formatter(rng):
    s = rng.choice(PRICE_STYLES)

    def fmt(n):
        if s == "k":
            return f"{n / 1000:g}k" if n >= 1000 else f"{n}"
        if s == "eu":  # European thousands separator
            return f"{n:,}".replace(",", ".") + " €"
        return s.format(n)
    return fmt


class Ctx:
    """Slot values of one message: a slot filled twice gets the same value."""

    def __init__(self, rng, cat):
        self.rng, self.cat, self.vals, self.item_used = rng, cat, {}, False
        p = nice_round(rng.uniform(cat["lo"], cat["hi"]))
        o = nice_round(p * rng.uniform(0.6, 0.9))
        if o >= p:
            o = max(1, p - (5 if p < 100 else 10))
        d = nice_round(o * rng.uniform(0.2, 0.5))
        fmt = price_formatter(rng)
        self.vals.update(price=fmt(p), offer=fmt(o), offer2=fmt(max(1, o - d)))

    def get(self, slot):
        if slot in ITEM_SLOTS:
            self.item_used = True
        if slot not in self.vals:
            if slot == "item2":
                self.vals[slot] = self.rng.choice([i for i in self.cat["item"] if i != self.get("item")])
            elif slot in CAT_SLOTS:
                self.vals[slot] = self.rng.choice(self.cat[slot])
            else:
                self.vals[slot] = self.rng.choice(F.SLOTS[slot])
        return self.vals[slot]

    def fill(self, t):
        if "{part}" in t:
            part = self.get("part")
            if part.endswith("s") and not part.endswith(SINGULAR_S):
                t = re.sub(r"\b(is|Is|does|Does|has|Has) the \{part\}", lambda m: PLURAL_VERB[m.group(1)] + " the {part}", t)
                t = re.sub(r"\{part\} (is|was|has|does)\b", lambda m: "{part} " + PLURAL_VERB[m.group(1)], t)
                t = t.replace("{part}s", "{part}")
        return re.sub(r"\{(\w+)\}", lambda m: self.get(m.group(1)), t)


def upper_first(s):
    return s[:1].upper() + s[1:]


def lower_first(s):
    if s[:2].isupper() or re.match(r"I\b|I'", s) or s[:1] in "#[<.{/-" or re.match(r"(Mr|Mrs|Ms|Dr)\b|[A-Z][a-z]+ [A-Z][a-z]", s):
        return s
    return s[:1].lower() + s[1:]


def finish(s):
    """Add end punctuation to a clause that has none."""
    if s and s[-1].isalnum():
        last = re.split(r"[.?!]\s+", s)[-1]
        wh = ("what", "how", "who", "where", "when", "which", "why")
        q = False
        for seg in (last, last.split(",")[-1]):
            ws = [w.lower().strip('",') for w in seg.split()[:2]]
            q = q or bool(ws) and (ws[0] in QWORDS or ws[0].startswith(wh) or len(ws) > 1 and ws[1].startswith(wh))
        return s + ("?" if q else ".")
    return s


def join(parts):
    out = ""
    for p in parts:
        if not p:
            continue
        if not out:
            out = p
        elif out.endswith((",", ":", " but")):
            out += " " + lower_first(p)
        else:
            out += " " + p
    return out


def n_sentences(text):
    return len([s for s in re.split(r"(?<=[.!?])\s+", text) if re.search(r"[^\W\d_]", s)])


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cats = parse_categories(F.CATEGORIES)
        self.catnames = sorted(self.cats)
        self.fams = {c: parse_block(c, getattr(F, c), self.cats) for c in ORDER}
        greet = [t.rstrip(",") for t, star in starred(F.OPENERS) if not star] + F.GREETING_EXTRA
        self.greet = Fam("IRR", len(self.fams["IRR"]) + 1, greet, False, False, None, ["greeting_only"])
        self.greet.cats = self.catnames
        self.fams["IRR"].append(self.greet)
        self.openers, self.contexts = starred(F.OPENERS), starred(F.CONTEXTS)
        self.asides = [(t, True) for t in F.ASIDES]
        self.thanks, self.follow = starred(F.CLOSE_THANKS), starred(F.CLOSE_FOLLOW)
        self.signs, self.whole = starred(F.CLOSE_SIGN), starred(F.CLOSE_WHOLE)
        self.used = defaultdict(Counter)  # ("opener"|"closer", label) -> Counter of filled pieces

    # ---------------------------------------------------------------- core clauses
    def pick_fam(self, code, cat, exclude=None):
        fams = [f for f in self.fams[code] if cat["name"] in f.cats and not f.addr and f is not exclude
                and "greeting_only" not in f.tags]
        return self.rng.choice(fams)

    def clause(self, fam, ctx):
        t = ctx.fill(self.rng.choice(fam.texts))
        if fam.addr:
            return t
        return finish(upper_first(t) if self.rng.random() < 0.7 else t)

    def pick_main(self, code):
        fam = self.rng.choice([f for f in self.fams[code] if f is not self.greet])
        return fam, self.cats[self.rng.choice(fam.cats)]

    def question(self, ctx, price_share=0.25):
        """A real item question (or offer) to put next to a higher-priority intent."""
        r = self.rng
        if r.random() < price_share:
            fam = self.pick_fam("PRI", ctx.cat)
            parts, codes = [self.clause(fam, ctx)], ["PRI"]
            if r.random() < 0.3:
                c = r.choice(BASE)
                parts.insert(r.randint(0, 1), self.clause(self.pick_fam(c, ctx.cat), ctx))
                codes.append(c)
            return parts, codes
        codes = [r.choice(BASE)]
        if r.random() < 0.1:
            codes.append(r.choice([c for c in BASE if c != codes[0]]))
        return [self.clause(self.pick_fam(c, ctx.cat), ctx) for c in codes], codes

    def core_base(self, code):
        r = self.rng
        fam, cat = self.pick_main(code)
        ctx = Ctx(r, cat)
        parts = [self.clause(fam, ctx)]
        if r.random() < 0.25:
            parts.append(self.clause(self.pick_fam(code, cat, exclude=fam), ctx))
        return parts, [code], fam, list(fam.tags), ctx

    def core_pri(self):
        r = self.rng
        fam, cat = self.pick_main("PRI")
        ctx = Ctx(r, cat)
        parts, codes = [self.clause(fam, ctx)], ["PRI"]
        if r.random() < 0.62:
            sub = [r.choice(BASE)]
            if r.random() < 0.1:
                sub.append(r.choice([c for c in BASE if c != sub[0]]))
            subs = [self.clause(self.pick_fam(c, cat), ctx) for c in sub]
            parts = subs + parts if r.random() < 0.55 else parts + subs
            codes += sub
        return parts, codes, fam, list(fam.tags), ctx

    def core_off(self):
        r = self.rng
        fam, cat = self.pick_main("OFF")
        ctx = Ctx(r, cat)
        ins, codes, tags = self.clause(fam, ctx), ["OFF"], list(fam.tags)
        if fam.addr:
            q, qc = self.question(ctx)
            return [ins] + q, codes + qc, fam, tags + ["insult_address"], ctx
        if r.random() < 0.26:
            parts = [ins]
            if r.random() < 0.3:
                parts.append(self.clause(self.pick_fam("OFF", cat, exclude=fam), ctx))
            return parts, codes, fam, tags, ctx
        q, qc = self.question(ctx)
        parts = (q + [ins]) if r.random() < 0.55 else ([ins] + q)
        return parts, codes + qc, fam, tags, ctx

    def core_inj(self):
        r = self.rng
        fam, cat = self.pick_main("INJ")
        ctx = Ctx(r, cat)
        inj, codes = self.clause(fam, ctx), ["INJ"]
        if r.random() < 0.26:
            parts = [inj]
        else:
            q, qc = self.question(ctx)
            codes += qc
            parts = (q + [inj]) if r.random() < 0.6 else ([inj] + q)
        if r.random() < 0.08:
            parts.append(self.clause(self.pick_fam("OFF", cat), ctx))
            codes.append("OFF")
        return parts, codes, fam, list(fam.tags), ctx

    def core_irr(self):
        r = self.rng
        cat = self.cats[r.choice(self.catnames)]
        ctx = Ctx(r, cat)
        if r.random() < 0.06:
            fam = self.greet
            t = ctx.fill(r.choice(fam.texts))
            if t[-1:].isalnum():
                t += r.choice(["!", "", "?", ".", " :)", "!!", "!"])
            parts = [upper_first(t) if r.random() < 0.7 else t]
        else:
            fam, _ = self.pick_main("IRR")
            parts = [self.clause(fam, ctx)]
            if r.random() < 0.12:
                parts.append(self.clause(self.pick_fam("IRR", cat, exclude=fam), ctx))
        codes, tags = ["IRR"], list(fam.tags)
        if r.random() < 0.16:
            last = parts[-1]
            if last.endswith("?"):
                parts[-1] = last[:-1] + r.choice(F.RUDE_TAILS_Q)
            else:
                parts.append(r.choice(F.RUDE_TAILS))
            codes.append("OFF")
            tags.append("rude_offtopic")
        return parts, codes, fam, tags, ctx

    # ---------------------------------------------------------------- framing
    def draw(self, pool, irr, ctx):
        t, star = self.rng.choice(pool)
        if star and irr:
            return None  # drawn with the same odds for every label, dropped around Irrelevant messages
        return ctx.fill(t)

    def closer(self, irr, ctx):
        r = self.rng
        if r.random() < 0.2:
            return self.draw(self.whole, irr, ctx)
        while True:
            want = [r.random() < 0.7, r.random() < 0.55, r.random() < 0.35]
            if any(want):
                break
        th = self.draw(self.thanks, irr, ctx) if want[0] else None
        fo = self.draw(self.follow, irr, ctx) if want[1] else None
        sg = self.draw(self.signs, irr, ctx) if want[2] else None
        text = ""
        for piece in (th, fo):
            if not piece:
                continue
            if not text:
                text = piece
            else:
                sep = r.choice([", ", ", ", ". ", "! ", " - "]) if text[-1].isalnum() else " "
                text += sep + (lower_first(piece) if sep in (", ", " - ") else piece)
        if text and text[-1].isalnum():
            text += r.choice(["", ".", "!", "!", "!!", " :)", "."])
        if sg:
            text = (text + r.choice([" ", " ", ", "] if text[-1:].isalnum() else [" "]) + sg) if text else sg
        return text or None

    def frame(self, core, label_code, ctx, greeting):
        """Return the pieces [(kind, text)] around the core, drawn identically for every label."""
        r, irr = self.rng, label_code == "IRR"
        op = self.draw(self.openers, irr, ctx) if r.random() < P_OPEN else None
        c1 = self.draw(self.contexts, irr, ctx) if r.random() < P_CTX else None
        c2 = self.draw(self.contexts, irr, ctx) if r.random() < P_CTX * P_CTX2 else None
        asd = self.draw(self.asides, irr, ctx) if r.random() < P_ASIDE else None
        cl = self.closer(irr, ctx) if r.random() < P_CLOSE else None
        emo = r.choice(F.NOISE) if r.random() < P_EMOJI else None
        if greeting:  # the core is the greeting: no second opener, no context
            op = c1 = c2 = None
        if c1 and c2 == c1:
            c2 = None
        pieces = []
        if op:
            pieces.append(("opener", op))
        pieces += [("context", c) for c in (c1, c2) if c]
        core_pieces = [("core", p) for p in core]
        if asd:
            a = asd if r.random() < 0.5 else upper_first(asd)
            form = r.choice(["({}) ", "{}, but ", "{} - ", "{}. ", "{}! ", "btw {}. "])
            if form.startswith("btw"):
                a = lower_first(asd)
            a = form.format(a).strip()
            if form in ("({}) ", "{}, but ") and r.random() < 0.5:  # after the first core sentence
                core_pieces.insert(1, ("aside", "(" + lower_first(asd) + ")" if form == "({}) " else a))
            else:
                core_pieces.insert(0, ("aside", a))
        pieces += core_pieces
        if cl:
            pieces.append(("closer", cl))
        if emo:
            mid = r.random() < 0.3 and not emo.isascii()  # real emoji may also follow the opener
            pieces.append(("emoji", "^" + emo if mid else emo))  # "^": right after the first piece
        return pieces

    def assemble(self, pieces):
        out = []
        for kind, t in pieces:
            if kind == "emoji" and t.startswith("^"):
                out.insert(1, t[1:])
            else:
                out.append(t)
        return join(out)

    # ---------------------------------------------------------------- record
    def noise(self, text, fam):
        r = self.rng
        obf = "obfuscated" in fam.tags
        tags = []
        x = r.random()
        if x < 0.05 and not obf:
            text, tags = text.upper(), tags + ["allcaps"]
        elif x < 0.25 and not obf:
            text = text.lower()
        if r.random() < 0.15:
            text = text.replace("'", "").replace("’", "")
        if r.random() < 0.14 and not obf:
            for pat, rep in SLANG:
                if r.random() < 0.4:
                    text = re.sub(pat, rep, text, count=1)
        if r.random() < 0.18 and not obf:
            for _ in range(r.choice([1, 1, 2, 3])):
                ws = text.split(" ")
                idx = [i for i, w in enumerate(ws) if len(w) >= 4 and w.isalpha()]
                if not idx:
                    break
                i = r.choice(idx)
                w, j = ws[i], r.randint(1, len(ws[i]) - 2)
                kind = r.random()
                if kind < 0.4:
                    w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
                elif kind < 0.7:
                    w = w[:j] + w[j + 1:]
                else:
                    w = w[:j] + w[j] + w[j:]
                ws[i] = w
                text = " ".join(ws)
            tags.append("typo")
        if r.random() < 0.08:
            if r.random() < 0.5:
                text = re.sub(r"([,.]) (?=\w)", r"\1", text, count=r.choice([1, 2]))
            else:
                text = re.sub(r"(\w)([?!])", r"\1 \2", text, count=1)
        if r.random() < 0.12 and text[-1:] in ".?!":
            text = text[:-1]
        return text, tags

    def record(self, code):
        if code in BASE:
            core, codes, fam, tags, ctx = self.core_base(code)
        else:
            core, codes, fam, tags, ctx = getattr(self, "core_" + code.lower())()
        greeting = fam is self.greet
        pieces = self.frame(core, code, ctx, greeting)
        for drop in ("context2", "aside", "context", "closer", "opener", "emoji"):
            text = self.assemble(pieces)
            if n_sentences(text) <= 5 and len(text) <= 600:
                break
            if drop == "context2":
                ctxs = [i for i, p in enumerate(pieces) if p[0] == "context"]
                if len(ctxs) > 1:
                    del pieces[ctxs[-1]]
            else:
                pieces = [p for p in pieces if p[0] != drop]
        text = self.assemble(pieces)
        kinds = [k for k, _ in pieces]
        text, ntags = self.noise(text, fam)
        text = re.sub(r"\s+", " ", text).strip()
        tags += ntags
        for k, tg in (("opener", "f_open"), ("context", "f_ctx"), ("closer", "f_close"), ("aside", "f_aside"),
                      ("emoji", "f_emoji")):
            if k in kinds:
                tags.append(tg)
        if set(kinds) & {"opener", "context", "closer", "aside"}:
            tags.append("framed")
            if code in ("OFF", "INJ"):
                tags.append("polite_offensive" if code == "OFF" else "polite_injection")
        intents = sorted({NAMES[c] for c in codes}, key=PRIORITY.index)
        if len(intents) > 1:
            tags.append("multi")
        has_item = (ctx.item_used or any(c in ("PRI",) + BASE for c in codes)) and "IRR" not in codes
        rec = {"text": text, "label": intents[0], "intents": intents,
               "category": ctx.cat["name"] if has_item else "none", "source": "template8", "family": fam.fid,
               "tags": sorted(set(tags))}
        pieces_used = {k: t for k, t in pieces if k in ("opener", "closer")}
        return rec, pieces_used


def check(rec):
    check_priority(rec)
    assert 1 <= n_sentences(rec["text"]) <= 5 and len(rec["text"]) <= 600, rec
    assert re.fullmatch(r"[A-Z]{3}9\.\d+", rec["family"]) and rec["source"] == "template8", rec
    assert "{" not in rec["text"] and "}" not in rec["text"], rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=61)
    ap.add_argument("--out", default="/tmp/train_more7.jsonl")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()

    g = Gen(a.seed)
    seen, out = set(), []
    used = defaultdict(Counter)
    for code in ORDER:
        got, tries = 0, 0
        while got < a.per_label:
            tries += 1
            if tries > a.per_label * 80:
                raise SystemExit(f"could not make {a.per_label} distinct {NAMES[code]} messages")
            rec, pieces = g.record(code)
            k = norm(rec["text"])
            if k in seen or not 1 <= n_sentences(rec["text"]) <= 5 or len(rec["text"]) > 600:
                continue
            check(rec)
            seen.add(k)
            out.append(rec)
            got += 1
            for kind, t in pieces.items():
                used[kind][t] += 1
                used[kind, rec["label"]][t] += 1
    g.rng.shuffle(out)
    write_jsonl(a.out, out)

    if a.stats:
        err = sys.stderr
        by = Counter(r["label"] for r in out)
        fams_used = defaultdict(set)
        for r in out:
            fams_used[r["label"]].add(r["family"])
        print(f"wrote {len(out)} messages to {a.out}", file=err)
        print(f"{'label':22s} {'msgs':>5s} {'multi':>6s} {'framed':>7s} {'open':>6s} {'ctx':>6s} {'close':>6s} "
              f"{'aside':>6s} {'emoji':>6s} {'fams def/used':>14s}", file=err)
        for code in ORDER:
            lab = NAMES[code]
            rs = [r for r in out if r["label"] == lab]
            sh = lambda t: sum(t in r["tags"] for r in rs) / len(rs)  # noqa: E731
            print(f"{lab:22s} {by[lab]:5d} {sh('multi'):6.1%} {sh('framed'):7.1%} {sh('f_open'):6.1%} "
                  f"{sh('f_ctx'):6.1%} {sh('f_close'):6.1%} {sh('f_aside'):6.1%} {sh('f_emoji'):6.1%} "
                  f"{len(g.fams[code]):6d}/{len(fams_used[lab]):<6d}", file=err)
        multi = sum(len(r["intents"]) > 1 for r in out)
        print(f"multi-intent share: {multi / len(out):.1%}", file=err)
        combos = Counter(" + ".join(r["intents"]) for r in out if len(r["intents"]) > 1)
        print("top intent combos: " + "; ".join(f"{c}={n}" for c, n in combos.most_common(8)), file=err)
        print(f"distinct openers used: {len(used['opener'])} (catalogue {len(F.OPENERS)} templates), "
              f"distinct closers used: {len(used['closer'])}", file=err)
        print("distinct openers/closers per label: " + ", ".join(
            f"{c}={len(used['opener', NAMES[c]])}/{len(used['closer', NAMES[c]])}" for c in ORDER), file=err)
        print(f"framing catalogue: {len(F.OPENERS)} openers, {len(F.CONTEXTS)} contexts, {len(F.ASIDES)} asides, "
              f"{len(F.CLOSE_THANKS)}+{len(F.CLOSE_FOLLOW)}+{len(F.CLOSE_SIGN)} closer pieces, "
              f"{len(F.CLOSE_WHOLE)} whole closers, {len(F.NOISE)} emoji/noise", file=err)
        print(f"categories: {len(g.cats)} ({len(set(r['category'] for r in out)) - 1} used)", file=err)
        sents = Counter(n_sentences(r["text"]) for r in out)
        print("sentences: " + ", ".join(f"{k}={sents[k]}" for k in sorted(sents)), file=err)
        tags = Counter(t for r in out for t in r["tags"])
        print("top tags: " + ", ".join(f"{t}={n}" for t, n in tags.most_common(30)), file=err)


if __name__ == "__main__":
    main()
