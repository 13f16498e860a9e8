#!/usr/bin/env python3
"""make_train_more2.py - a second batch of TRAINING messages for the buyer-intent classifier,
in a "typed on a phone" voice: rambling personal stories around the real question, non-native and
regional English (Nigerian, Indian, Filipino, Eastern-European, Latin-American, UK/US/AU), statements
instead of questions, voice-to-text and autocorrect slips, blunt one-liners. Families are in
train_more2_frames.py, written independently of make_dataset.py and of train_more_frames.py.
Python 3 standard library only, deterministic.

    python3 scripts/intent/make_train_more2.py [--per-label 1500] [--seed 11] [--out /tmp/train_more2.jsonl]

Labels follow docs/intent-data.md: Irrelevant is a whole-message check (an off-topic aside in a real
message is not an intent; rude off-topic messages are [Irrelevant, Offensive]); otherwise
Injection > Offensive > Price > base; two different base intents only appear together when a
higher intent is present. Messages equal (after case/punctuation normalisation) to one produced by
make_train_more.py with its defaults are dropped.
"""
import argparse, json, os, random, re, sys, unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train_more2_frames as F  # noqa: E402

DET, CON, AVA, PN = "Product Details", "Product Condition", "Product Availability", "Price Negotiation"
OFF, INJ, IRR = "Offensive Intent", "Prompt Injection", "Irrelevant Intent"
LABELS = [DET, CON, AVA, PN, OFF, INJ, IRR]
PRIO = [IRR, INJ, OFF, PN, DET, CON, AVA]
CODE = {DET: "DET", CON: "CON", AVA: "AVA", PN: "PN", OFF: "OFF", INJ: "INJ", IRR: "IRR"}
BASE = [DET, CON, AVA]
LIST_SLOTS = ("part", "spec", "acc", "comp", "size")


def split_paras(s):
    return [p.strip() for p in s.split(" || ")]


def parse_pool(lines):
    out = []
    for line in lines:
        req = None
        m = re.match(r"\[([a-z ]+)\]\s+(.*)$", line)
        if m:
            req, line = frozenset(m.group(1).split()), m.group(2)
        out.append((req, split_paras(line)))
    return out


POOLS = {DET: parse_pool(F.DET), CON: parse_pool(F.CON), AVA: parse_pool(F.AVA), PN: parse_pool(F.PN)}
OFF_S = []
for _l in F.OFF_S:
    _pn = _l.startswith("+PN ")
    OFF_S.append((_pn, split_paras(_l[4:] if _pn else _l)))
INJ_S = [split_paras(l) for l in F.INJ_S]
IRR_P = [split_paras(l) for l in F.IRR]
SL = {k: v.split("|") for k, v in F.SLOTS.items()}
VOICES = {k: (v["open"].split("|"), v["close"].split("|")) for k, v in F.VOICES.items()}
VOICE_W = {"ng": 3, "in": 3, "ph": 3, "ee": 2, "la": 2, "uk": 2, "us": 2, "au": 1.5, "gen": 3}


class Cat:
    def __init__(self, name, d):
        self.name, self.lo, self.hi = name, d["price"][0], d["price"][1]
        self.tags = set(d["tags"].split())
        self.items = []
        for it in d["items"].split("|"):
            bits = it.split("#")
            self.items.append((bits[0], {b for b in bits[1:] if not b.startswith("!")}, {b[1:] for b in bits[1:] if b.startswith("!")}))
        self.lists = {k: d[k].split("|") for k in LIST_SLOTS if d.get(k)}


CATS = [Cat(n, d) for n, d in F.CATS.items()]
CAT_TAGS = [c.tags | set().union(*[a for _, a, _ in c.items]) for c in CATS]
# families that fit few categories would be rare: weight them up (1 = fits all, up to 4)
REACH = {lab: [min(4.0, (len(CATS) / max(1, sum(1 for t in CAT_TAGS if req is None or req & t))) ** .5) for req, _ in fams]
         for lab, fams in POOLS.items()}


# ------------------------------------------------------------------ money, per voice
def nice(x):
    step = 5 if x < 100 else 10 if x < 1000 else 50 if x < 5000 else 100
    return max(step, int(round(x / step)) * step)


def say(n):
    """spoken price: 150 -> 'one fifty', 200 -> 'two hundred', 3000 -> 'three grand'"""
    ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

    def lt100(k):
        return ones[k] if k < 20 else tens[k // 10] + ("-" + ones[k % 10] if k % 10 else "")
    if n < 100:
        return lt100(n)
    if n < 1000:
        h, r = divmod(n, 100)
        return ones[h] + (" hundred" if not r else " " + (lt100(r) if r >= 10 else "oh " + ones[r]))
    if n % 1000 == 0 and n < 20000:
        return lt100(n // 1000) + " grand"
    if n < 2000 and n % 100 == 0:
        return lt100(n // 100) + " hundred"
    return f"{n / 1000:g}k"


def grp(n, sep=","):
    return f"{n:,}".replace(",", sep)


CURRENCY = {  # voice -> list of (multiplier, formatter)
 "ng": [(1000, lambda n: f"₦{grp(n)}"), (1000, lambda n: f"{n // 1000}k naira"), (1000, lambda n: f"N{n // 1000}k")],
 "in": [(80, lambda n: f"Rs {n}"), (80, lambda n: f"₹{grp(n)}"), (80, lambda n: f"{n} rs")],
 "ph": [(55, lambda n: f"₱{grp(n)}"), (55, lambda n: f"{n} php"), (55, lambda n: f"P{n}")],
 "ee": [(4, lambda n: f"{n} zł"), (1, lambda n: f"€{n}"), (4.5, lambda n: f"{n} lei"), (1, lambda n: f"{n} euro")],
 "la": [(17, lambda n: f"${grp(n)} pesos"), (5, lambda n: f"R$ {n}"), (17, lambda n: f"{n} MXN"), (4000, lambda n: f"{grp(n, '.')} COP")],
 "uk": [(0.8, lambda n: f"£{n}"), (0.8, lambda n: f"{n} quid"), (0.8, lambda n: f"{say(n)} quid")],
 "us": [(1, lambda n: f"${grp(n)}"), (1, lambda n: f"{n} bucks"), (1, lambda n: f"{say(n)} bucks")],
 "au": [(1.5, lambda n: f"${n}"), (1.5, lambda n: f"A${n}"), (1.5, lambda n: f"{n} bucks")],
 "gen": [(1, lambda n: f"${n}"), (1, lambda n: f"{n}"), (1, lambda n: f"{n} dollars"), (1, lambda n: f"{say(n)}")],
}


class Msg:
    def __init__(self, rng, cat, voice):
        self.rng, self.cat, self.voice, self.cache, self.used_item = rng, cat, voice, {}, False
        if cat:
            self.item, add, rem = rng.choice(cat.items)
            self.tags = (cat.tags | add) - rem
            mult, self.fmt = rng.choice(CURRENCY[voice])
            p = cat.lo + (cat.hi - cat.lo) * rng.random() ** 1.5
            self.nums = {}
            for k, f in (("price", 1), ("low", rng.uniform(.6, .85)), ("mid", rng.uniform(.86, .93)), ("round", .95), ("small", rng.uniform(.05, .12))):
                self.nums[k] = nice(p * f * mult)
            if self.nums["round"] >= self.nums["price"]:
                self.nums["round"] = nice(self.nums["price"] * .9)

    def val(self, name):
        key = name.lower()
        if key not in self.cache:
            rng, cat = self.rng, self.cat
            if key == "item":
                v = self.item
            elif key == "alt":
                v = rng.choice([i[0] for i in cat.items if i[0] != self.item])
            elif key in ("price", "low", "mid", "round", "small"):
                v = self.fmt(self.nums[key])
            elif key == "loww":
                n = self.nums["low"]
                v = say(n) if self.voice in ("uk", "us", "au", "gen") and rng.random() < .7 else self.fmt(n)
            elif key == "color2":
                v = rng.choice([c for c in SL["color"] if c != self.val("color")])
            elif key in LIST_SLOTS:
                v = rng.choice(cat.lists[key])
            elif key == "spec2":
                v = rng.choice([c for c in cat.lists["spec"] if c != self.val("spec")])
            elif key == "task":
                v = self.fill(rng.choice(F.TASKS))
            else:
                v = rng.choice(SL[key])
            self.cache[key] = v
            if key in ("item", "alt", "price", "low", "mid", "round", "small", "loww", "part", "spec", "acc", "comp"):
                self.used_item = True
        v = self.cache[key]
        return v[:1].upper() + v[1:] if name[0].isupper() else v

    def fill(self, tpl):
        return re.sub(r"\{(\w+)\}", lambda m: self.val(m.group(1)), tpl)

    def ok(self, para):
        for s in re.findall(r"\{(\w+)\}", para):
            s = s.lower()
            if s in LIST_SLOTS and (not self.cat or s not in self.cat.lists):
                return False
            if s == "spec2" and (not self.cat or len(self.cat.lists.get("spec", [])) < 2):
                return False
        return True


def clause(m, label, avoid=()):
    fams = [(i, [p for p in ps if m.ok(p)]) for i, (req, ps) in enumerate(POOLS[label])
            if i not in avoid and (req is None or req & m.tags)]
    fams = [(i, ps) for i, ps in fams if ps]
    if not fams:
        return None
    i, ps = m.rng.choices(fams, weights=[REACH[label][i] for i, _ in fams])[0]
    return m.fill(m.rng.choice(ps)), i


def base_q(m):
    order = BASE[:]
    m.rng.shuffle(order)
    for lab in order:
        c = clause(m, lab)
        if c:
            return c[0], lab
    raise RuntimeError("no base clause")


def question_mix(m, p_base, p_offer):
    """-> (list of question pieces, set of intents)"""
    r = m.rng.random()
    if r < p_base:
        t, lab = base_q(m)
        return [t], {lab}
    off = clause(m, PN)[0]
    if r < p_base + p_offer:
        return [off], {PN}
    t, lab = base_q(m)
    return ([t, off] if m.rng.random() < .6 else [off, t]), {PN, lab}


# ------------------------------------------------------------------ text assembly
def cap(s):
    return s[:1].upper() + s[1:] if s and s[0].isalpha() else s


def end_punct(s, rng, ask=True):
    if s[-1] in ".?!)":
        return s
    last = re.split(r"[.?!]\s+", s)[-1]
    q = ask and re.match(r"(is|are|does|do|did|has|have|was|were|can|could|would|will|what|whats|what's|how|hows|which|when|where|who|any)\b", last.lower())
    if q or s.endswith(("?", " pls", " po")):
        return s + rng.choice(["?", "?", "?", "??", "", " ?"])
    return s + rng.choice([".", ".", "", "!", " lol", "..."])


def join(pieces, rng):
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if not out:
            out = cap(p)
            continue
        if out[-1] in ",-":
            out += " " + p
        elif out[-1].isalnum() or out[-1] in "')":
            sep = rng.choice([". ", ". ", ", ", " - ", " so ", " and ", " anyway ", "... ", " "])
            out += sep + (p if sep in (", ", " so ", " and ", " anyway ", " ", " - ") else cap(p))
        else:
            out += " " + cap(p)
    return out


def n_sentences(t):
    return len([s for s in re.split(r"(?<=[.!?])\s+", t) if re.search(r"\w", s)])


def voice_tweak(t, voice, rng):
    if voice == "ph" and rng.random() < .5:
        t = re.sub(r"\?", " po?", t, count=1)
    elif voice == "in" and rng.random() < .35:
        t = re.sub(r"\?", rng.choice([" sir?", " ji?", " bhai?"]), t, count=1)
    elif voice == "ng" and rng.random() < .35:
        t = re.sub(r"\?", rng.choice([" o?", " abeg?", " pls?"]), t, count=1)
    elif voice == "la" and rng.random() < .35:
        t = re.sub(r"\bis it possible\b", "is posible", t)
        t = re.sub(r"\?", ", amigo?", t, count=1)
    elif voice == "ee" and rng.random() < .45:
        t = re.sub(r"\b(the|a) (?=[a-z])", lambda m: "" if rng.random() < .6 else m.group(0), t)
    elif voice == "au" and rng.random() < .3:
        t = re.sub(r"\?", ", mate?", t, count=1)
    return t


def formalise(t):
    """the frames are written in texting style; sometimes spell it out."""
    t = re.sub(r"\bur (a|an|the|not|so|all|lucky|smarter|just|hereby|my|good|an?)\b", r"you're \1", t)
    t = re.sub(r"\bur\b", "your", t)
    t = re.sub(r"\bu'(d|ve|ll|re)\b", r"you'\1", t)
    t = re.sub(r"\bu\b", "you", t)
    t = re.sub(r"\bU\b", "You", t)
    t = re.sub(r"\bUr\b", "Your", t)
    t = re.sub(r"\bcoz\b", "because", t)
    t = re.sub(r"\bpls\b", "please", t)
    t = re.sub(r"\bdont\b", "don't", t)
    t = re.sub(r"\bwhats\b", "what's", t)
    t = re.sub(r"\bcant\b", "can't", t)
    return t


KEYS = "qwertyuiop asdfghjkl zxcvbnm".split()


def typo(t, rng):
    ws = [(m.start(), m.end()) for m in re.finditer(r"\b[a-z]{5,}\b", t)]
    if not ws:
        return t
    a, b = rng.choice(ws)
    w, k = t[a:b], rng.randrange(1, b - a - 1)
    op = rng.randrange(3)
    if op == 0:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif op == 1:
        w = w[:k] + w[k + 1:]
    else:
        row = next((r for r in KEYS if w[k] in r), KEYS[0])
        j = row.find(w[k])
        w = w[:k] + row[max(0, min(len(row) - 1, j + rng.choice([-1, 1])))] + w[k + 1:]
    return t[:a] + w + t[b:]


def noisify(t, rng, voice):
    t = voice_tweak(t, voice, rng)
    if rng.random() < .4:
        t = formalise(t)
    r = rng.random()
    if r < .10:  # voice to text: no punctuation, homophones, spoken punctuation
        for pat, rep in F.VTT:
            if rng.random() < .25:
                t = re.sub(pat, rep, t, count=1)
        t = re.sub(r"[,.!]+", "", t)
        t = re.sub(r"\?+", rng.choice(["", " question mark", "?"]), t)
        t = t.lower() if rng.random() < .5 else cap(t)
    elif r < .28:  # run-on: sentence breaks become spaces, commas or 'and'
        t = re.sub(r"(?<=\w)[.!] (?=\w)", lambda m: rng.choice([" ", ", ", " and ", " "]), t)
    if rng.random() < .25:
        for pat, rep in F.AUTOCORRECT:
            if rng.random() < .5:
                t = re.sub(pat, rep, t, count=1, flags=re.I)
    if rng.random() < .08:
        t = re.sub(r"(?<=\w)\. (?=\w)", "... ", t)
    if rng.random() < .1:
        t = re.sub(r"\b(pls|please|so|hi|thanks)\b", lambda m: m.group(1) + m.group(1)[-1] * rng.randint(1, 3), t, count=1)
    if rng.random() < .15:
        t = typo(t, rng)
    if rng.random() < .12:
        t = t.replace("'", "")
    r = rng.random()
    if r < .38:
        t = t.lower()
    elif r < .41:
        t = t.upper()
    if rng.random() < .14:
        e = rng.choice(F.EMOJI) * rng.choice([1, 1, 2, 3])
        t = t + rng.choice([" ", ""]) + e if rng.random() < .7 else re.sub(r"([.?!]) ", lambda m: m.group(1) + " " + e + " ", t, count=1)
    return re.sub(r"\s+", " ", t).strip()


def wrap(core, rng, voice, item_msg, blunt_p=.22):
    """surround the core pieces with a voice opener, personal story, asides and closer."""
    opens, closes = VOICES[voice]
    if rng.random() < blunt_p:
        pieces = list(core)
        if rng.random() < .2:
            pieces.append(rng.choice(closes))
        return pieces
    pieces = []
    if rng.random() < .55:
        o = rng.choice(opens)
        pieces.append(o if o[-1] in ".!," else o + rng.choice([",", ",", "!", " -", ".", ",", "!!"]))
    story = []
    if item_msg and rng.random() < .6:
        story.append(rng.choice(F.STORY_BUY))
        if rng.random() < .15:
            story.append(rng.choice(F.STORY_OFF))
    elif rng.random() < .25:
        story.append(rng.choice(F.STORY_OFF))
    body = list(core)
    where = rng.random()
    if story and where < .7:
        body = story + body
    elif story:  # story after the question
        body = body + story
    if item_msg and rng.random() < .18:  # off-topic aside buried in the middle or at the end
        body.insert(rng.randrange(1, len(body) + 1), rng.choice(F.STORY_OFF))
    pieces += body
    if rng.random() < .45:
        pieces.append(rng.choice(closes))
    return pieces


# ------------------------------------------------------------------ per-label builders
def build(label, rng):
    voice = rng.choices(list(VOICE_W), weights=list(VOICE_W.values()))[0]
    cat = None if label == IRR else rng.choice(CATS)
    m = Msg(rng, cat, voice)
    ints, item_msg = {label}, label != IRR
    if label in BASE:
        c = clause(m, label)
        if not c:
            return None
        core, fam = [c[0]], c[1]
        if rng.random() < .15:
            c2 = clause(m, label, avoid=(fam,))
            if c2:
                core.append(c2[0])
    elif label == PN:
        off, fam = clause(m, PN)
        core = [off]
        r = rng.random()
        if r < .55:
            t, lab = base_q(m)
            ints.add(lab)
            core = [t, off] if rng.random() < .5 else [off, t]
        elif r < .63:
            for lab in rng.sample(BASE, 2):
                c = clause(m, lab)
                if c:
                    ints.add(lab)
                    core.insert(rng.randrange(len(core) + 1), c[0])
    elif label == OFF:
        if rng.random() < .24:
            fam = rng.randrange(len(OFF_S))
            pn, paras = OFF_S[fam]
            core = [m.fill(rng.choice(paras))]
            if pn:
                ints.add(PN)
            item_msg = m.used_item
        else:
            j = rng.randrange(len(F.OFF_W))
            fam = len(OFF_S) + j
            pcs, qi = question_mix(m, .6, .22)
            ints |= qi
            tpl = F.OFF_W[j]
            q = join([end_punct(p, rng) for p in pcs], rng)
            if tpl.index("{q}") > 0 and tpl[:tpl.index("{q}")].rstrip()[-1:] in ",:":
                q = q[:1].lower() + q[1:]
            core = [end_punct(m.fill(tpl.replace("{q}", q)), rng, ask=False)]
    elif label == INJ:
        if rng.random() < .28:
            fam = rng.randrange(len(INJ_S))
            core = [m.fill(rng.choice(INJ_S[fam]))]
            item_msg = m.used_item
        else:
            pcs, qi = question_mix(m, .65, .17)
            ints |= qi
            if rng.random() < .6:
                j = rng.randrange(len(F.INJ_W))
                fam = len(INJ_S) + j
                inj = m.fill(F.INJ_W[j])
            else:
                fam = rng.randrange(len(INJ_S))
                inj = m.fill(rng.choice(INJ_S[fam]))
            r = rng.random()
            if r < .6:
                core = pcs + [inj]
            elif r < .8:
                core = [inj] + pcs
            else:  # injection buried between two real questions
                t2, lab2 = base_q(m)
                ints.add(lab2)
                core = pcs + [inj, t2]
            if rng.random() < .08:
                core.append(m.fill(rng.choice(["do it, {ins}", "hurry up u {adj} bot", "don't argue with me, {ins}"])))
                ints.add(OFF)
    else:  # IRR
        fam = rng.randrange(len(IRR_P))
        core = [m.fill(rng.choice(IRR_P[fam]))]
        r = rng.random()
        if r < .35:
            s = rng.choice(F.STORY_OFF)
            core = [s] + core if rng.random() < .6 else core + [s]
        elif r < .5:
            f2 = rng.randrange(len(IRR_P))
            if f2 != fam:
                core.append(m.fill(rng.choice(IRR_P[f2])))
        if rng.random() < .15:
            core.append(m.fill(rng.choice(F.IRR_RUDE)))
            ints.add(OFF)
    pieces = wrap([end_punct(p, rng) for p in core], rng, voice, item_msg and label != IRR)
    text = noisify(join(pieces, rng), rng, voice)
    if not text or n_sentences(text) > 5 or len(text) > 600:
        return None
    intents = [x for x in PRIO if x in ints]
    assert intents[0] == label, (label, intents)
    assert label in (INJ, OFF, PN) or len([x for x in intents if x in BASE]) <= 1
    return {"text": text, "label": label, "intents": intents,
            "category": cat.name if (cat and item_msg) else "none", "source": "template3",
            "family": f"{CODE[label]}3.{fam}"}


def norm(t):
    t = unicodedata.normalize("NFKC", t).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", t)).strip()


def first_batch_texts():
    """normalised texts of make_train_more.py's default output (same loop as its main(), in memory)."""
    import make_train_more as M1
    rng = random.Random(7)
    seen = set()
    for label in M1.LABELS:
        got, tries = 0, 0
        while got < 1500 and tries < 1500 * 30:
            tries += 1
            r = M1.build(label, rng)
            if r is None:
                continue
            k = norm(r["text"])
            if k in seen:
                continue
            seen.add(k)
            got += 1
    return seen


def n_families():
    return {DET: len(F.DET), CON: len(F.CON), AVA: len(F.AVA), PN: len(F.PN),
            OFF: len(F.OFF_S) + len(F.OFF_W), INJ: len(F.INJ_S) + len(F.INJ_W), IRR: len(F.IRR)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", default="/tmp/train_more2.jsonl")
    ap.add_argument("--stats", action="store_true", help="print counts to stderr")
    a = ap.parse_args()
    old = first_batch_texts()
    rng = random.Random(a.seed)
    seen, recs, clash = set(), [], 0
    for label in LABELS:
        got, tries = 0, 0
        while got < a.per_label and tries < a.per_label * 40:
            tries += 1
            r = build(label, rng)
            if r is None:
                continue
            k = norm(r["text"])
            if k in old:
                clash += 1
                continue
            if k in seen:
                continue
            seen.add(k)
            recs.append(r)
            got += 1
    rng.shuffle(recs)
    with open(a.out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if a.stats:
        c = Counter(r["label"] for r in recs)
        multi = sum(len(r["intents"]) > 1 for r in recs)
        fams = Counter(r["family"] for r in recs)
        print(f"wrote {len(recs)} to {a.out}; multi-intent {multi / len(recs):.1%}; "
              f"dropped {clash} equal to make_train_more.py output", file=sys.stderr)
        for lab in LABELS:
            used = len([x for x in fams if x.startswith(CODE[lab] + "3.")])
            print(f"  {lab:22s} {c[lab]:6d}  families {n_families()[lab]} (used {used})", file=sys.stderr)


if __name__ == "__main__":
    main()
