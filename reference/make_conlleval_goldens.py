#!/usr/bin/env python3
"""Golden output of the OFFICIAL conlleval (CoNLL shared task scorer), for ConllevalParityTest.

Checks that org.bert4j.tasks.ner.SpanF1 / ConllWriter.score count and score entities like
conlleval, the Perl script of the CoNLL-2000/2003 shared tasks (Erik Tjong Kim Sang, "version:
2004-01-26"); the copy used was read from GitHub deeppavlov/ner, file `conlleval` (commit
f107d6da6017b8a2ac56013e1f9985e376ef99da); its sha256 is recorded in the output. The script is NOT
part of this repository: pass its path (e.g. under /tmp) on the command line; perl runs it.

Data: the real CoNLL-2003 development file ../shared/data/conll2003/eng.testa (IOB1 tags, 3,250
sentences, 51,362 tokens, 216 -DOCSTART- lines). Seeded corrupted predictions for the whole file,
made entity by entity from the gold IOB1 chunks: kept, type swapped, extended or shrunk by a token
at either end, dropped, split by a B- tag, started with B- (IOB2 style: still the same chunk), one
token's type changed, two adjacent same-type entities merged (B- turned into I-); entities invented
on O tokens (I- or B-, one or two tokens); and about 10 % of the sentences rewritten in IOB2.

conlleval is run without options (it reads IOB1 and IOB2 alike: I-X after O or after another type
starts a chunk) on:
  no_docstart    `word gold guess` lines, a blank line after each sentence: the file
                 ConllWriter.write makes;
  with_docstart  the same lines laid out as eng.testa, with its `-DOCSTART- O O` lines, which
                 conlleval counts as tokens (only blank lines and a first field of -X- are breaks);
  ties           a small made-up file whose percentages are exact ties at the second decimal
                 (e.g. 100 * 1/32 = 3.125), where printf's round-half-even ("3.12") and Java's
                 String.format half-up ("3.13") differ.
Stored per run: conlleval's whole stdout, its overall counts and percentages (2 decimals, as
printed), and per type the printed precision/recall/FB1/found plus the exact gold/found/correct
counts, which conlleval prints only overall: they come from running conlleval once more per type
on the file with the other types' tags set to O (chunking is per type, so nothing else changes),
and are checked against the main run's printed per-type numbers.

Writes to bert4j-core/src/test/resources/fixtures/conll/:
  conlleval-goldens.json
  eng.testa.pred.gz   the predicted tag of every token of eng.testa, one per line, a blank line
                      after each sentence (gzip, mtime 0)

Usage: python3 reference/make_conlleval_goldens.py /tmp/official/conlleval
"""
import gzip, hashlib, io, json, os, random, re, subprocess, sys
from decimal import Decimal, ROUND_HALF_UP

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "..", "shared", "data", "conll2003", "eng.testa")
OUT = os.path.join(ROOT, "bert4j-core", "src", "test", "resources", "fixtures", "conll")
SEED = 20031
TYPES = ["LOC", "MISC", "ORG", "PER"]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_raw():
    """eng.testa as a list of ('doc',) / ('blank',) / ('tok', word, ner) items, and the sentences' tags."""
    items, sentences, cur = [], [], []
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            s = line.rstrip("\n")
            if s.startswith("-DOCSTART-"):
                items.append(("doc",))
            elif not s.strip():
                items.append(("blank",))
            else:
                cols = s.split(" ")
                assert len(cols) == 4, s
                items.append(("tok", cols[0], cols[3]))
                cur.append(cols[3])
                continue
            if cur:
                sentences.append(cur)
                cur = []
    if cur:
        sentences.append(cur)
    return items, sentences


def chunks(tags):
    """IOB1/IOB2 chunks (type, start, end) by conlleval's rules."""
    out, start, last_type, last = [], None, "", "O"
    for i, t in enumerate(tags + ["O"]):
        p, typ = (t.split("-", 1) + [""])[:2] if t != "O" else ("O", "")
        if start is not None and (p in ("B", "O") or typ != last_type):
            out.append((last_type, start, i))
            start = None
        if p != "O" and (p == "B" or last == "O" or typ != last_type):
            start = i
        last, last_type = p, typ
    return out


def to_iob2(tags):
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            out.append("B-" + t[2:])
        else:
            out.append(t)
        prev = t
    return out


def corrupt(rnd, gold):
    pred = list(gold)
    n = len(gold)
    for typ, s, e in chunks(gold):
        r = rnd.random()
        if r < 0.55:
            continue
        prefix = "B" if pred[s].startswith("B-") else "I"
        if r < 0.63:  # type swap
            new = rnd.choice([t for t in TYPES if t != typ])
            for i in range(s, e):
                pred[i] = pred[i][:2] + new
        elif r < 0.70:  # extend right
            if e < n and gold[e] == "O":
                pred[e] = "I-" + typ
        elif r < 0.75:  # extend left
            if s > 0 and gold[s - 1] == "O":
                pred[s - 1] = "I-" + typ
                if prefix == "B":
                    pred[s] = "I-" + typ
        elif r < 0.81:  # shrink
            if e - s >= 2:
                if rnd.random() < 0.5:
                    pred[e - 1] = "O"
                else:
                    pred[s] = "O"
                    pred[s + 1] = prefix + "-" + typ if prefix == "B" else pred[s + 1]
        elif r < 0.88:  # drop
            for i in range(s, e):
                pred[i] = "O"
        elif r < 0.93:  # split
            if e - s >= 2:
                pred[rnd.randrange(s + 1, e)] = "B-" + typ
        elif r < 0.97:  # B- start (IOB2 style)
            pred[s] = "B-" + typ
        else:  # one token changes type
            i = rnd.randrange(s, e)
            pred[i] = "I-" + rnd.choice([t for t in TYPES if t != typ])
    for i in range(n):  # merge adjacent same-type entities
        if gold[i].startswith("B-") and pred[i] == gold[i] and rnd.random() < 0.3:
            pred[i] = "I-" + gold[i][2:]
    i = 0
    while i < n:  # invented entities
        if gold[i] == "O" and pred[i] == "O" and rnd.random() < 0.015:
            typ = rnd.choice(TYPES)
            pred[i] = ("B-" if rnd.random() < 0.3 else "I-") + typ
            if i + 1 < n and gold[i + 1] == "O" and pred[i + 1] == "O" and rnd.random() < 0.4:
                pred[i + 1] = "I-" + typ
                i += 1
        i += 1
    if rnd.random() < 0.1:
        pred = to_iob2(pred)
    return pred


def conlleval(script, text):
    r = subprocess.run(["perl", script], input=text, capture_output=True, text=True, check=True)
    return r.stdout


HEAD = re.compile(r"processed (\d+) tokens with (\d+) phrases; found: (\d+) phrases; correct: (\d+)\.")
OVER = re.compile(r"accuracy: *([\d.]+)%; precision: *([\d.]+)%; recall: *([\d.]+)%; FB1: *([\d.]+)")
TYPE = re.compile(r" *(\S+): precision: *([\d.]+)%; recall: *([\d.]+)%; FB1: *([\d.]+) +(\d+)")


def parse(out):
    lines = out.splitlines()
    m = HEAD.fullmatch(lines[0])
    res = {"tokens": int(m[1]), "gold_phrases": int(m[2]), "found": int(m[3]), "correct": int(m[4])}
    m = OVER.fullmatch(lines[1])
    res.update(accuracy=m[1], precision=m[2], recall=m[3], f1=m[4])
    res["types"] = {}
    for line in lines[2:]:
        m = TYPE.fullmatch(line)
        res["types"][m[1]] = {"precision": m[2], "recall": m[3], "f1": m[4], "found": int(m[5])}
    return res


def per_type_counts(script, lines, res):
    """Exact per-type counts: conlleval on the file with the other types' tags set to O."""
    for typ, t in res["types"].items():
        def keep(tag):
            return tag if tag != "O" and tag.split("-", 1)[1] == typ else "O"
        filtered = []
        for line in lines:
            f = line.split(" ")
            filtered.append(line if len(f) < 3 or f[0] in ("-X-",) else " ".join(f[:-2] + [keep(f[-2]), keep(f[-1])]))
        r = parse(conlleval(script, "\n".join(filtered) + "\n"))
        assert r["found"] == t["found"], (typ, r, t)
        # the main run's printed per-type numbers must follow from these counts
        p = 100 * r["correct"] / r["found"] if r["found"] else 0.0
        rc = 100 * r["correct"] / r["gold_phrases"] if r["gold_phrases"] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        assert ("%.2f" % p, "%.2f" % rc, "%.2f" % f1) == (t["precision"], t["recall"], t["f1"]), (typ, r, t)
        t.update(gold=r["gold_phrases"], correct=r["correct"])
    assert sum(t["gold"] for t in res["types"].values()) == res["gold_phrases"]
    assert sum(t["correct"] for t in res["types"].values()) == res["correct"]


def run(script, lines):
    out = conlleval(script, "\n".join(lines) + "\n")
    res = parse(out)
    per_type_counts(script, lines, res)
    res["stdout"] = out
    return res


def java_half_up(v):
    """What Java's String.format("%.2f") prints: half-up rounding of the shortest decimal form."""
    return str(Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ties_case():
    """Sentences (gold, guess) whose percentages are exact ties at the 2nd decimal."""
    sents = [(["I-PER"], ["I-PER"])] + [(["O"], ["I-PER"])] * 31          # PER: 1 of 32 found: P = 3.125
    sents += [(["I-LOC", "I-LOC"], ["I-LOC", "I-LOC"])] * 13                # LOC: c 13, found 39, gold 25
    sents += [(["O"], ["I-LOC"])] * 26 + [(["I-LOC"], ["O"])] * 12          # FB1 = 40.625
    sents += [(["I-MISC", "B-MISC"], ["B-MISC", "I-MISC"])]                 # MISC: 0 of 1 found, 0 of 2 gold
    base_tok = sum(len(g) for g, _ in sents)
    base_ok = sum(a == b for g, p in sents for a, b in zip(g, p))
    for k in range(1, 1000):  # O padding so that the accuracy is a tie too
        acc = 100 * (base_ok + k) / (base_tok + k)
        if java_half_up(acc) != "%.2f" % acc:
            break
    sents += [(["O"] * k, ["O"] * k)]
    return sents


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    script = sys.argv[1]
    items, sentences = read_raw()
    assert len(sentences) == 3250 and sum(map(len, sentences)) == 51362
    rnd = random.Random(SEED)
    preds = [corrupt(rnd, s) for s in sentences]

    # no_docstart: the ConllWriter.write layout
    toks = [it for it in items if it[0] == "tok"]
    flat_pred = [t for p in preds for t in p]
    assert len(toks) == len(flat_pred)
    lines_a, k = [], 0
    for s in sentences:
        for _ in s:
            lines_a.append("%s %s %s" % (toks[k][1], toks[k][2], flat_pred[k]))
            k += 1
        lines_a.append("")
    # with_docstart: eng.testa's own layout
    lines_b, k = [], 0
    for it in items:
        if it[0] == "doc":
            lines_b.append("-DOCSTART- O O")
        elif it[0] == "blank":
            lines_b.append("")
        else:
            lines_b.append("%s %s %s" % (it[1], it[2], flat_pred[k]))
            k += 1

    ties = ties_case()
    lines_t = [line for g, p in ties for line in ["w %s %s" % (a, b) for a, b in zip(g, p)] + [""]]

    out = {
        "script": "conlleval", "script_version": "2004-01-26",
        "script_source": "github.com/deeppavlov/ner conlleval (commit f107d6da6017b8a2ac56013e1f9985e376ef99da)",
        "script_sha256": sha256(script), "perl_options": [],
        "data_file": "eng.testa", "data_sha256": sha256(DATA), "seed": SEED,
        "predictions_file": "eng.testa.pred.gz",
        "no_docstart": run(script, lines_a),
        "with_docstart": run(script, lines_b),
        "ties": {"sentences": [[g, p] for g, p in ties], **run(script, lines_t)},
    }
    t = out["ties"]
    exact = [100 * t["correct"] / t["found"], 100 * t["correct"] / t["gold_phrases"]]
    for x in t["types"].values():
        p = 100 * x["correct"] / x["found"] if x["found"] else 0.0
        r = 100 * x["correct"] / x["gold"] if x["gold"] else 0.0
        exact += [p, r, 2 * p * r / (p + r) if p + r else 0.0]
    ok = sum(l.split(" ")[1] == l.split(" ")[2] for l in lines_t if l)
    exact.append(100 * ok / t["tokens"])
    ties_found = [v for v in exact if java_half_up(v) != "%.2f" % v]
    assert len(ties_found) >= 3, ties_found
    print("ties where half-up differs from printf:", ties_found)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "conlleval-goldens.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=True)
        f.write("\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as g:
        g.write("".join("\n".join(p) + "\n\n" for p in preds).encode("ascii"))
    with open(os.path.join(OUT, "eng.testa.pred.gz"), "wb") as f:
        f.write(buf.getvalue())
    for name in ("no_docstart", "with_docstart", "ties"):
        print("==", name)
        print(out[name]["stdout"], end="")
    print("pred.gz", len(buf.getvalue()), "bytes")


if __name__ == "__main__":
    main()
