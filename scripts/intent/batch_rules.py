"""batch_rules.py — what the independent training batches (make_train_more6.py .. make_train_more9.py) share.

The label table, the priority rule every record must satisfy (docs/intent-data.md), the key under which two
messages count as duplicates, end punctuation for a clause, and the JSONL writer. Not the messages: each batch's phrasings, framing and
text assembly are its own author's, written without reading dev/test. Standard library only.
"""
import json
import re

NAMES = {"DET": "Product Details", "CON": "Product Condition", "AVA": "Product Availability",
         "PRI": "Price Negotiation", "OFF": "Offensive Intent", "INJ": "Prompt Injection", "IRR": "Irrelevant Intent"}
PRIORITY = ["Irrelevant Intent", "Prompt Injection", "Offensive Intent", "Price Negotiation",
            "Product Details", "Product Condition", "Product Availability"]
BASE = ("DET", "CON", "AVA")
ORDER = ("DET", "CON", "AVA", "PRI", "OFF", "INJ", "IRR")


def check_priority(rec):
    """Asserts the label rule: known intents in priority order, the label first; Irrelevant (a whole-message
    check, category "none") only alongside Offensive; two base intents only under a higher intent; the family
    code names the label."""
    ints = rec["intents"]
    assert ints and all(i in PRIORITY for i in ints), rec
    assert ints == sorted(set(ints), key=PRIORITY.index), rec
    assert rec["label"] == ints[0], rec
    if "Irrelevant Intent" in ints:
        assert set(ints) <= {"Irrelevant Intent", "Offensive Intent"}, rec
        assert rec["category"] == "none", rec
    base = [i for i in ints if i in PRIORITY[4:]]
    if len(base) > 1:
        assert set(ints) & {"Prompt Injection", "Offensive Intent", "Price Negotiation"}, rec
    assert NAMES.get(rec["family"][:3]) == rec["label"], rec


def norm(t):
    """Duplicate key: lower-cased, punctuation removed, whitespace collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", t.lower()).split())


def finish(s, qwords):
    """Add end punctuation to a clause that has none: "?" when its last sentence opens with one of qwords."""
    if s and s[-1].isalnum():
        last = re.split(r"[.?!]\s+", s)[-1]
        return s + ("?" if last.split()[0].lower().strip(",") in qwords else ".")
    return s


def write_jsonl(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        for rec in recs:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
