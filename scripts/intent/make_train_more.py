#!/usr/bin/env python3
"""make_train_more.py - more TRAINING messages for the buyer-intent classifier,
from template families written from scratch (see train_more_frames.py), not
from make_dataset.py's families. Python 3 standard library only, deterministic.

    python3 scripts/intent/make_train_more.py [--per-label 1500] [--seed 7] [--out /tmp/train_more.jsonl]

Labels follow docs/intent-data.md: Irrelevant is a whole-message check (an
off-topic aside in a real message is not an intent; rude off-topic messages are
[Irrelevant, Offensive]); the rest use Injection > Offensive > Price > base;
two different base intents only appear together when a higher intent is present.
"""
import argparse, json, os, random, re, sys, unicodedata
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more_frames as F  # noqa: E402

DET, CON, AVA, PN = "Product Details", "Product Condition", "Product Availability", "Price Negotiation"
OFF, INJ, IRR = "Offensive Intent", "Prompt Injection", "Irrelevant Intent"
LABELS = [DET, CON, AVA, PN, OFF, INJ, IRR]
PRIO = [IRR, INJ, OFF, PN, DET, CON, AVA]
CODE = {DET: "DET", CON: "CON", AVA: "AVA", PN: "PN", OFF: "OFF", INJ: "INJ", IRR: "IRR"}
BASE = [DET, CON, AVA]
NOUN = {"phones": "phones", "computers": "laptops", "tv_monitors": "TVs", "audio": "audio gear", "cameras": "cameras",
        "gaming": "consoles", "printers_office": "office gear", "furniture": "furniture", "home_decor": "interiors",
        "appliances": "appliances", "kitchen": "kitchen gadgets", "clothing": "fashion", "shoes": "shoes",
        "jewelry_watches": "jewellery", "cars": "cars", "bikes_scooters": "bikes", "tools": "power tools",
        "garden": "garden machinery", "toys": "toys", "baby_kids": "baby stuff", "books": "books",
        "instruments": "instruments", "collectibles": "collecting", "pet_supplies": "pet stuff",
        "sports_outdoors": "sports kit", "tickets": "tickets"}
LIST_SLOTS = ("feat", "yes", "yesn", "part", "acc", "color", "color2", "size", "compat")


# ------------------------------------------------------------------ parsing
def parse_pool(lines, default_req=None):
    """-> list of families; a family = (req tags or None, [paraphrases])."""
    out = []
    for line in lines:
        req = None
        m = re.match(r"\[([^\]]+)\]\s+(.*)$", line)
        if m and not line.startswith("[[") and not line.startswith("[admin]") and not line.startswith("[system]"):
            req, line = frozenset(m.group(1).split()), m.group(2)
        out.append((req or default_req, [p.strip() for p in line.split(" || ")]))
    return out


POOLS = {DET: parse_pool(F.DET, frozenset(["phys"])), CON: parse_pool(F.CON, frozenset(["phys"])),
         AVA: parse_pool(F.AVA), PN: parse_pool(F.PN)}
OFF_S = []
for line in F.OFF_S:
    pn = line.startswith("+PN ")
    OFF_S.append((pn, [p.strip() for p in (line[4:] if pn else line).split(" || ")]))
INJ_S = [[p.strip() for p in l.split(" || ")] for l in F.INJ_S]
IRR_P = [[p.strip() for p in l.split(" || ")] for l in F.IRR]
SL = {k: v.split("|") for k, v in F.SLOTS.items()}


class Cat:
    def __init__(self, name, d):
        self.name, self.lo, self.hi = name, d["price"][0], d["price"][1]
        self.tags = set(d["tags"].split()) | {"any"}
        if name not in ("books", "collectibles", "tickets"):
            self.tags.add("made")  # manufactured goods: brand/model questions make sense
        self.items = []
        for it in d["items"].split("|"):
            bits = it.split("#")
            add = {b for b in bits[1:] if not b.startswith("!")}
            rem = {b[1:] for b in bits[1:] if b.startswith("!")}
            self.items.append((bits[0], add, rem))
        self.lists = {k: d[k].split("|") for k in ("feat", "yes", "part", "acc", "col", "size", "compat") if d.get(k)}
        if "col" in self.lists:
            self.lists["color"] = self.lists["color2"] = self.lists.pop("col")


CATS = [Cat(n, d) for n, d in F.CATS.items()]
CAT_TAGS = [c.tags | set().union(*[add for _, add, _ in c.items]) for c in CATS]


def fits(cat, tags, req, paras):
    """can some paraphrase of a family be used for this category at all?"""
    def slots_ok(p):
        return all(x.replace("be_", "").replace("yesn", "yes") in cat.lists
                   for x in re.findall(r"\{(\w+)\}", p.lower()) if x.replace("be_", "") in LIST_SLOTS)
    return (req is None or bool(req & tags)) and any(slots_ok(p) for p in paras)


REACH = {lab: [min(5.0, max(1.0, (len(CATS) / max(1, sum(fits(c, t, req, ps) for c, t in zip(CATS, CAT_TAGS)))) ** 0.5))
               for req, ps in fams] for lab, fams in POOLS.items()}


# ------------------------------------------------------------------ prices
def nice(x):
    step = 5 if x < 100 else 10 if x < 1000 else 50 if x < 5000 else 100 if x < 10000 else 250
    return max(step, int(round(x / step)) * step)


def words(n):
    ones = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

    def lt100(k):
        return ones[k] if k < 20 else tens[k // 10] + ("-" + ones[k % 10] if k % 10 else "")

    def lt1000(k, a=False):
        h, r = divmod(k, 100)
        s = (("a" if a and h == 1 else ones[h]) + " hundred") if h else ""
        if r:
            s += (" and " if h else "") + lt100(r)
        return s
    if n < 1000:
        return lt1000(n, True)
    t, r = divmod(n, 1000)
    return (lt1000(t, True) if t > 1 else "a") + " thousand" + ((" and " if r < 100 else " ") + lt1000(r) if r else "")


def grouped(n, sep=","):
    return f"{n:,}".replace(",", sep)


def money_formatter(rng, big):
    fmts = [lambda n: f"${grouped(n)}", lambda n: f"{n} dollars", lambda n: f"{n}$", lambda n: f"USD {n}",
            lambda n: f"{n} bucks", lambda n: f"€{n}", lambda n: f"{n}€", lambda n: f"{n} euros", lambda n: f"{n} EUR",
            lambda n: f"£{n}", lambda n: f"{n} quid", lambda n: f"{n} pounds", lambda n: f"{grouped(n * 10, '.')} kr",
            lambda n: f"CHF {n}", lambda n: f"₹{grouped(n * 80)}", lambda n: f"{n * 80} rupees", lambda n: f"Rs {n * 80}",
            lambda n: f"A${n}", lambda n: f"C${n}", lambda n: f"${n}.00", lambda n: f"{n},-", lambda n: f"{n} USD",
            lambda n: f"{grouped(n * 4, ' ')} zł"]
    cur = rng.choice(["", " bucks", " dollars", " quid", " euros", ""])
    fmts.append(lambda n: words(n) + cur if n < 10000 else f"${grouped(n)}")
    if big:
        sym = rng.choice(["", "$", "€", "£"])
        fmts += [lambda n: f"{sym}{n / 1000:g}k"] * 3
    return rng.choice(fmts)


# ------------------------------------------------------------------ message context
class Msg:
    def __init__(self, rng, cat):
        self.rng, self.cat, self.cache = rng, cat, {}
        if cat:
            self.item, add, rem = rng.choice(cat.items)
            self.tags = (cat.tags | add) - rem
            p = nice(rng.uniform(cat.lo, cat.hi))
            low = nice(p * rng.uniform(0.55, 0.9))
            low = low if low < p else nice(p * 0.7)
            mid = nice((p + low) / 2)
            step = 10 if p < 300 else 50 if p < 2000 else 500
            rnd = (p // step) * step if (p // step) * step < p else p - step
            self.nums = {"price": p, "low": low, "mid": mid if low < mid < p else low, "round": max(rnd, low)}
            self.money = money_formatter(rng, p >= 1000)
        self.used_item = False

    def val(self, name):
        key = name.lower()
        if key in self.cache:
            v = self.cache[key]
        else:
            rng, cat = self.rng, self.cat
            if key == "item":
                v = self.item
            elif key == "noun":
                v = NOUN[cat.name]
            elif key == "alt":
                v = rng.choice([i[0] for i in cat.items if i[0] != self.item])
            elif cat and key in self.nums:
                v = self.money(self.nums[key])
            elif key == "color2":
                v = rng.choice([c for c in cat.lists["color2"] if c != self.val("color")])
            elif key.startswith("be_"):  # verb agreement with a list slot: "is the strap" / "are the straps"
                w = self.val(key[3:])
                v = "are" if w.endswith("s") and not w.endswith(("ss", "lens")) else "is"
            elif key == "yesn":
                v = re.sub(r"^(a|an) ", "", rng.choice(cat.lists["yes"]))
            elif key in LIST_SLOTS:
                v = rng.choice(cat.lists[key])
            elif key == "task":
                v = self.fill(rng.choice(F.TASKS))
            else:
                v = rng.choice(SL[key])
            self.cache[key] = v
            if key in ("item", "alt", "price", "low", "mid", "round", "feat", "yes", "yesn", "part", "acc", "compat"):
                self.used_item = True
        if name.isupper() and len(name) > 1:
            return v.upper()
        if name[0].isupper():
            return v[:1].upper() + v[1:]
        return v

    def fill(self, tpl):
        return re.sub(r"\{(\w+)\}", lambda m: self.val(m.group(1)), tpl)

    def ok(self, para):
        for s in re.findall(r"\{(\w+)\}", para):
            s = s.lower()
            s = s[3:] if s.startswith("be_") else s
            if s in LIST_SLOTS and (not self.cat or s.replace("yesn", "yes") not in self.cat.lists):
                return False
            if s == "alt" and (not self.cat or len(self.cat.items) < 2):
                return False
        return True


def clause(m, label, avoid=()):
    """A clause for a base/price label -> (text, family index) or None."""
    fams = [(i, f) for i, f in enumerate(POOLS[label]) if i not in avoid and (f[0] is None or f[0] & m.tags)]
    fams = [(i, [p for p in paras if m.ok(p)]) for i, (req, paras) in fams]
    fams = [(i, ps) for i, ps in fams if ps]
    if not fams:
        return None
    # families that fit few categories would be rare: weight them up (1 = fits nearly all, up to 5)
    w = [REACH[label][i] for i, _ in fams]
    i, ps = m.rng.choices(fams, weights=w)[0]
    return m.fill(m.rng.choice(ps)), i


# ------------------------------------------------------------------ assembly helpers
def cap(s):
    return s[:1].upper() + s[1:] if s and s[0].isalpha() else s


def lowfirst(s):
    w = s.split(" ", 1)[0]
    if not s or w in ("I", "I'm", "I've", "I'll", "I'd") or (len(w) > 1 and w.isupper()) or re.match(r"[A-Z][a-z]*[A-Z]", w):
        return s
    return s[:1].lower() + s[1:]


def join(pieces, rng):
    out = ""
    for p in pieces:
        if not p:
            continue
        if out and (out[-1].isalnum() or out[-1] == "'"):
            out += rng.choice([".", ".", ".", ".", ",", " -"])
        if not out:
            out = cap(p)
        elif out[-1] in ",:-–(":
            out += " " + lowfirst(p)
        else:
            out += " " + cap(p)
    return out


def insert_q(tpl, q):
    """put question text q into a wrapper template at {q}, lower-casing it after a comma/colon."""
    i = tpl.index("{q}")
    before = tpl[:i].rstrip()
    if before and before[-1] in ",:":
        q = lowfirst(q)
    return tpl.replace("{q}", q)


def opener(rng, offtopic=False):
    o = rng.choice([o for o in F.OPENERS if not (offtopic and re.search(r"\b(ad|this|buying|lurker)\b", o))])
    if o[-1] in ".,!:-":
        return o
    return o + rng.choice([",", ",", "!", " -", ".", "", "!!", " :)"])


def n_sentences(t):
    return len([s for s in re.split(r"(?<=[.!?])\s+|(?<=[.!?])(?=[A-Z])", t) if re.search(r"\w", s)])


# ------------------------------------------------------------------ noise
KEYS = "qwertyuiop asdfghjkl zxcvbnm".split()


def neighbour(c, rng):
    for row in KEYS:
        j = row.find(c)
        if j >= 0:
            return row[j - 1] if j and (j == len(row) - 1 or rng.random() < .5) else row[min(len(row) - 1, j + 1)]
    return c


def noisify(t, rng):
    if rng.random() < 0.28:
        for pat, reps, p in F.SLANG:
            if rng.random() < p:
                t = re.sub(pat, lambda m: rng.choice(reps), t, count=0 if rng.random() < .7 else 1, flags=re.I)
    if rng.random() < 0.15:
        ws = [(m.start(), m.end()) for m in re.finditer(r"\b[a-z]{4,}\b", t)]
        if ws:
            a, b = rng.choice(ws)
            w = t[a:b]
            k = rng.randrange(1, len(w) - 1)
            op = rng.randrange(4)
            if op == 0:
                w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
            elif op == 1:
                w = w[:k] + w[k + 1:]
            elif op == 2:
                w = w[:k] + w[k] + w[k:]
            else:
                r = KEYS[rng.randrange(3)]
                w = w[:k] + (r[rng.randrange(len(r))] if w[k] not in "".join(KEYS) else neighbour(w[k], rng)) + w[k + 1:]
            t = t[:a] + w + t[b:]
    if rng.random() < 0.15:
        t = t.replace("'", "").replace("’", "")
    r = rng.random()
    if r < 0.32:
        t = t.lower()
    elif r < 0.36:
        t = t.upper()
    if rng.random() < 0.06:
        t = re.sub(r"([.?!]) (\w)", r"\1\2", t, count=1)
    r = rng.random()
    if r < 0.06:
        t = re.sub(r"\?$", "??", t)
    elif r < 0.12:
        t = re.sub(r"[.!?]$", "", t)
    elif r < 0.15:
        t = re.sub(r"!$", "!!!", t)
    if rng.random() < 0.15:
        e = rng.choice(F.EMOJI) * rng.choice([1, 1, 1, 2, 3])
        if rng.random() < 0.7:
            t = t + rng.choice(["", " "]) + e
        else:
            t = re.sub(r"([.?!]) ", lambda m: m.group(1) + " " + e + " ", t, count=1)
    return t


# ------------------------------------------------------------------ per-label builders
def base_q(m, kinds=None):
    """a real item question of one base intent -> (text, intent, fam)"""
    order = kinds or BASE[:]
    m.rng.shuffle(order)
    for lab in order:
        c = clause(m, lab)
        if c:
            return c[0], lab, c[1]
    raise RuntimeError("no base clause")


def question_mix(m, p_base, p_offer):
    """base question, offer, or both -> (pieces, intents set)"""
    r, rng = m.rng.random(), m.rng
    if r < p_base:
        t, lab, _ = base_q(m)
        pcs, ints = [t], {lab}
        if rng.random() < 0.15:  # sometimes a second question of the same intent
            t2, lab2, _ = base_q(m)
            if t2 != t and lab2 == lab:
                pcs.append(t2)
        return pcs, ints
    off = clause(m, PN)[0]
    if r < p_base + p_offer:
        return [off], {PN}
    t, lab, _ = base_q(m)
    return ([t, off] if rng.random() < .6 else [off, t]), {PN, lab}


def build(label, rng):
    cat = None if label == IRR else rng.choice(CATS)
    m = Msg(rng, cat)
    ints, body, fam, item_msg = {label}, [], 0, label in BASE + [PN]
    if label in BASE:
        t, fam = clause(m, label) or (None, None)
        if t is None:
            return None
        body = [t]
        if rng.random() < 0.2:
            c2 = clause(m, label, avoid=(fam,))
            if c2:
                body.append(c2[0])
        if rng.random() < 0.13:
            body.insert(rng.randrange(len(body) + 1), rng.choice(F.ASIDES))
    elif label == PN:
        off, fam = clause(m, PN)
        body = [off]
        r = rng.random()
        if r < 0.58:
            t, lab, _ = base_q(m)
            ints.add(lab)
            body = [t, off] if rng.random() < .5 else [off, t]
        elif r < 0.68:
            labs = rng.sample(BASE, 2)
            for lab in labs:
                c = clause(m, lab)
                if c:
                    ints.add(lab)
                    body.insert(rng.randrange(len(body) + 1), c[0])
        if rng.random() < 0.1:
            body.insert(rng.randrange(len(body) + 1), rng.choice(F.ASIDES))
    elif label == OFF:
        if rng.random() < 0.25:
            fam = rng.randrange(len(F.OFF_S))
            pn, paras = OFF_S[fam]
            ps = [p for p in paras if m.ok(p)]
            body = [m.fill(rng.choice(ps))]
            if pn:
                ints.add(PN)
            item_msg = m.used_item
        else:
            j = rng.randrange(len(F.OFF_W))
            fam = len(F.OFF_S) + j
            pcs, qi = question_mix(m, 0.55, 0.25)
            ints |= qi
            body = [m.fill(insert_q(F.OFF_W[j], join(pcs, rng)))]
            item_msg = True
    elif label == INJ:
        if rng.random() < 0.3:
            fam = rng.randrange(len(INJ_S))
            body = [m.fill(rng.choice(INJ_S[fam]))]
            item_msg = m.used_item
        else:
            pcs, qi = question_mix(m, 0.6, 0.2)
            ints |= qi
            if rng.random() < 0.6:
                j = rng.randrange(len(F.INJ_W))
                fam = len(INJ_S) + j
                inj = m.fill(F.INJ_W[j])
            else:
                fam = rng.randrange(len(INJ_S))
                inj = m.fill(rng.choice(INJ_S[fam]))
            body = pcs + [inj] if rng.random() < 0.8 else [inj] + pcs
            if rng.random() < 0.1:
                body.append(m.fill(rng.choice(["You {adj} {ins}.", "Do it, {ins}.", "Hurry up, you {adj} bot.",
                                               "And don't argue, {ins}."])))
                ints.add(OFF)
            item_msg = True
    else:  # IRR: whole message off-topic
        fam = rng.randrange(len(IRR_P))
        body = [m.fill(rng.choice(IRR_P[fam]))]
        if rng.random() < 0.2:
            f2 = rng.randrange(len(IRR_P))
            if f2 != fam:
                body.append(m.fill(rng.choice(IRR_P[f2])))
        if rng.random() < 0.15:
            tail = m.fill(rng.choice(F.IRR_RUDE))
            if body[-1].endswith("?") and rng.random() < 0.5:
                body[-1] = body[-1][:-1] + ", " + m.fill("{ins}") + "?"
            else:
                body.append(tail)
            ints.add(OFF)
    pieces, has_opener = [], rng.random() < 0.5
    if has_opener:
        pieces.append(opener(rng, label == IRR))
    if label != IRR and rng.random() < 0.25:
        pieces.append(m.fill(rng.choice(F.CONTEXTS)))
    pieces += body
    if has_opener and pieces[0][-1].isalnum():  # "hi is it still there" style: opener runs into the message
        pieces[:2] = [pieces[0] + " " + lowfirst(pieces[1])]
    if rng.random() < 0.35:
        pieces.append(rng.choice(F.CLOSERS))
    text = noisify(join(pieces, rng), rng)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or n_sentences(text) > 5:
        return None
    intents = [x for x in PRIO if x in ints]
    assert intents[0] == label, (label, intents)
    assert label in (INJ, OFF, PN) or len([x for x in intents if x in BASE]) <= 1
    return {"text": text, "label": label, "intents": intents,
            "category": cat.name if (cat and item_msg) else "none", "source": "template2",
            "family": f"{CODE[label]}2.{fam}"}


def norm(t):
    t = unicodedata.normalize("NFKC", t).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", t)).strip()


def n_families():
    return {DET: len(F.DET), CON: len(F.CON), AVA: len(F.AVA), PN: len(F.PN),
            OFF: len(F.OFF_S) + len(F.OFF_W), INJ: len(F.INJ_S) + len(F.INJ_W), IRR: len(F.IRR)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="/tmp/train_more.jsonl")
    ap.add_argument("--stats", action="store_true", help="print counts to stderr")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    seen, recs = set(), []
    for label in LABELS:
        got, tries = 0, 0
        while got < a.per_label and tries < a.per_label * 30:
            tries += 1
            r = build(label, rng)
            if r is None:
                continue
            k = norm(r["text"])
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
        print(f"wrote {len(recs)} to {a.out}; multi-intent {multi / len(recs):.1%}", file=sys.stderr)
        for lab in LABELS:
            used = len([f for f in fams if f.startswith(CODE[lab] + "2.")])
            print(f"  {lab:22s} {c[lab]:6d}  families {n_families()[lab]} (used {used})", file=sys.stderr)


if __name__ == "__main__":
    main()
