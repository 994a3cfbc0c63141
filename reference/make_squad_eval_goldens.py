#!/usr/bin/env python3
"""Golden scores of the OFFICIAL SQuAD evaluation scripts, for SquadOfficialParityTest.

Checks that org.bert4j.tasks.squad.SquadEvaluator scores like the official scorers:
  * evaluate-v1.1.py ("Official evaluation script for v1.1 of the SQuAD dataset", from the SQuAD
    explorer site); the copy used was read from GitHub csarron/QAModels, evaluate-v1.1.py
    (commit 2db2d7b0f546b88211e111b42744408bbf9b6f35), sha256 recorded in the output.
  * evaluate-v2.0.py ("Official evaluation script for SQuAD version 2.0"); the copy used was read
    from GitHub qwang70/bert, evaluate-v2.0.py (commit 27ef15a70a036d8995ab8d4ba0f3e0b499e0c28f).
The scripts are NOT part of this repository: pass their paths (e.g. under /tmp) on the command line.

What it builds, all from the real dev set ../shared/data/squad-v1.1/dev-v1.1.json and seeded:
  v1.1  800 questions (random, kept in file order). Each gets a prediction made from its gold
        answers or its context by one or more of: exact gold, case changes, ASCII punctuation,
        articles added, extra/odd whitespace (tab, newline, NBSP, thin space, ideographic space,
        U+2028), sub-spans, spans extended by context words, unrelated context spans, empty
        strings, Unicode punctuation (curly quotes, dashes, guillemets, ellipsis), characters whose
        Python regex / lower-case classes are easy to get wrong (combining marks, superscripts,
        fractions, Greek capital sigma, dotted capital I, connector punctuation, circled letters),
        repeated tokens; about 2 % get no prediction at all.
        Official results: the v1.1 script run as a program on (a) the dataset cut down to those
        800 questions and (b) the whole dev set (the other questions unanswered); per question,
        normalize_answer and metric_max_over_ground_truths(exact_match_score / f1_score) of the same
        script, plus normalize_answer of 95 short strings built from those odd characters.
  v2.0  300 other questions turned into a v2.0-style set ("version": "v2.0"): about a third are
        made unanswerable (is_impossible true, answers []), and a few get gold answers that
        normalize to "" (a lone article or "."), alone or next to real ones. Predictions: "" or a
        span for the unanswerable ones, the v1.1 variants for the rest; seeded no-answer
        probabilities with ties. Official results: the v2.0 script run as a program without
        --na-prob-file, and with --na-prob-file --na-prob-thresh 0.5 (adds best_exact/best_f1 and
        their thresholds); per question get_raw_scores and make_qid_to_has_ans.

Writes bert4j-core/src/test/resources/fixtures/squad/squad-eval-goldens.json.

Usage: python3 reference/make_squad_eval_goldens.py /tmp/official/evaluate-v1.1.py /tmp/official/evaluate-v2.0.py
       (python 3.8+; the v2.0 script imports numpy)
"""
import hashlib, importlib.util, json, os, random, subprocess, sys, tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEV = os.path.join(ROOT, "..", "shared", "data", "squad-v1.1", "dev-v1.1.json")
OUT = os.path.join(ROOT, "bert4j-core", "src", "test", "resources", "fixtures", "squad", "squad-eval-goldens.json")
SEED = 20261127
N_V1, N_V2 = 800, 300

WHITESPACE = [" ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", " \u2028 ", "\r\n", " \u0085"]
ASCII_PUNCT = [".", ",", "!", "?", "'", "\"", "(", ")", "-", ":", ";", "$", "%", "[", "]", "/"]
TRICKY = ["the\u0301", "the\u00b2", "\u00bd the", "\u00b2", "\u03a3\u039f\u03a3", "\u039f\u0394\u039f\u03a3",
          "\u039f\u0394\u039f\u03a31990s", "\u0130the", "\u203fthe", "\u24b6 the", "the_", "an_a", "a\u0903",
          "\u200bthe", "the\u200d", "\u00e9the", "Caf\u00e9", "\u00bfthe", "\u2014the", "\u2013a\u2013"]
JUNK = ["", "the", "The a an", ".", "...", " ", "\u00a0", "\u2014", "\u201c\u201d", "a.", "The.", "an", "A", "'"]


def load(path):
    spec = importlib.util.spec_from_file_location(os.path.basename(path).replace("-", "_").replace(".", "_"), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def questions(data):
    """(article index, paragraph index, qa) in file order."""
    out = []
    for a, article in enumerate(data):
        for p, para in enumerate(article["paragraphs"]):
            for qa in para["qas"]:
                out.append((a, p, qa))
    return out


def subset(data, ids, edit=None):
    """The dataset cut down to the given question ids, file order kept; edit(qa) may rewrite a question."""
    out = []
    for article in data:
        paras = []
        for para in article["paragraphs"]:
            qas = [edit(dict(qa)) if edit else qa for qa in para["qas"] if qa["id"] in ids]
            if qas:
                paras.append({"context": para["context"], "qas": qas})
        if paras:
            out.append({"title": article["title"], "paragraphs": paras})
    return out


def respace(rnd, s):
    parts = s.split(" ")
    out = parts[0]
    for p in parts[1:]:
        out += rnd.choice(WHITESPACE) + p
    if rnd.random() < 0.5:
        out = rnd.choice(WHITESPACE) + out
    if rnd.random() < 0.5:
        out = out + rnd.choice(WHITESPACE)
    return out


def variant(rnd, kind, gold, golds, context, start):
    """One prediction of the given kind for a question with gold answer `gold` at `start` in `context`."""
    toks = gold.split()
    ctx = context.split()
    if kind == "gold":
        return gold
    if kind == "case":
        return rnd.choice([gold.upper(), gold.lower(), gold.swapcase(), gold.title()])
    if kind == "punct":
        c = rnd.randrange(5)
        if c == 0:
            return gold + rnd.choice(ASCII_PUNCT)
        if c == 1:
            return rnd.choice(["\"", "(", "'", "["]) + gold + rnd.choice(["\"", ")", "'", "]", "."])
        if c == 2:
            return gold.replace(" ", rnd.choice(["-", "/", ", ", " - "]))
        if c == 3:
            return "".join(ch + (rnd.choice(ASCII_PUNCT) if rnd.random() < 0.15 else "") for ch in gold)
        return gold.replace(".", "").replace(",", "")
    if kind == "article":
        c = rnd.randrange(4)
        if c == 0:
            return rnd.choice(["The ", "the ", "a ", "A ", "an ", "AN ", "THE "]) + gold
        if c == 1:
            return gold + rnd.choice([" the", " a", " an"])
        if c == 2:
            return rnd.choice(["the", "a", "an"]) + gold  # glued: not a whole word
        return " the ".join(toks) if len(toks) > 1 else "the the " + gold
    if kind == "space":
        return respace(rnd, gold)
    if kind == "sub":
        if len(toks) >= 2:
            i = rnd.randrange(len(toks))
            j = rnd.randrange(i + 1, len(toks) + 1)
            return " ".join(toks[i:j])
        return gold[:-1] if len(gold) > 1 else gold + "s"
    if kind == "extend":
        before = context[:start].split()
        after = context[start + len(gold):].split()
        nb, na = rnd.randint(0, 3), rnd.randint(0, 3)
        return " ".join(before[len(before) - nb:] if nb else []) + (" " if nb and before else "") + gold + \
            (" " if na and after else "") + " ".join(after[:na])
    if kind == "unrelated":
        n = rnd.randint(1, 6)
        i = rnd.randrange(max(1, len(ctx) - n))
        return " ".join(ctx[i:i + n])
    if kind == "empty":
        return rnd.choice(["", "", " ", "\u00a0", "the", ".", "The."])
    if kind == "unicode":
        c = rnd.randrange(6)
        if c == 0:
            return "\u201c" + gold + "\u201d"
        if c == 1:
            return "\u2018" + gold + "\u2019"
        if c == 2:
            return "\u00ab" + gold + "\u00bb"
        if c == 3:
            return gold.replace(" ", rnd.choice(["\u2013", "\u2014", " \u2014 ", "\u2026"]))
        if c == 4:
            return gold + rnd.choice(["\u2026", "\u3002", "\u00b7", "\u2019s"])
        return rnd.choice(["\u2014the ", "\u00bf", "\u00a1", "\u2018the "]) + gold
    if kind == "tricky":
        t = rnd.choice(TRICKY)
        return rnd.choice([t + " " + gold, gold + " " + t, t, gold + t])
    if kind == "repeat":
        if rnd.random() < 0.5 and len(golds) > 1:
            return " ".join(rnd.sample(golds, 2))
        return " ".join(toks + toks[:rnd.randint(1, len(toks))])
    if kind == "junk":
        return rnd.choice(JUNK)
    raise ValueError(kind)


# extra normalize_answer cases: each odd character next to an article, inside and around words
NORMALIZE_CASES = TRICKY + JUNK + [t + c + u for c in ["\u0301", "\u00b2", "\u00bd", "\u203f", "\u24b6", "\u200d",
                                                       "\u0903", "\u0130", "\u00e9", "\u2019", "\u00a0", "\u2028"]
                                   for t, u in [("the", ""), ("", "the"), ("a", "an"), ("The ", " A")]] + \
    ["\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3 ", "\u03a3", "A\u03a3.", "A\u03a3'B", "A\u03a3\u0301",
     "\u0391\u03a3\u0391", "x\u03a3 y", "A\u00ad\u03a3", "the\u0085a", "the\x1fa", "the\u180ea", "the\u200ba"]

KINDS = ["gold", "case", "punct", "article", "space", "sub", "extend", "unrelated", "empty", "unicode",
         "tricky", "repeat", "junk"]


def prediction(rnd, para, qa):
    """A prediction (or None: left out) for one answerable question."""
    if rnd.random() < 0.02:
        return None
    ans = rnd.choice(qa["answers"])
    golds = [a["text"] for a in qa["answers"]]
    kinds = [rnd.choice(KINDS)]
    if rnd.random() < 0.25:
        kinds.append(rnd.choice(["case", "punct", "space", "unicode", "article"]))
    s = ans["text"]
    for k in kinds:
        s = variant(rnd, k, s, golds, para["context"], ans["answer_start"])
    return s


def run_script(args):
    r = subprocess.run([sys.executable] + args, capture_output=True, text=True, check=True)
    return r.stdout


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    v1_path = sys.argv[1]
    v2_path = sys.argv[2] if len(sys.argv) > 2 else None
    ev1 = load(v1_path)
    with open(DEV, encoding="utf-8") as f:
        dev = json.load(f)
    data = dev["data"]
    allq = questions(data)
    paras = {qa["id"]: data[a]["paragraphs"][p] for a, p, qa in allq}
    rnd = random.Random(SEED)
    picked = sorted(rnd.sample(range(len(allq)), N_V1 + N_V2))
    rnd.shuffle(picked)
    v1_idx, v2_idx = sorted(picked[:N_V1]), sorted(picked[N_V1:])
    tmp = tempfile.mkdtemp(prefix="squad-goldens-")
    out = {"seed": SEED, "dev_file": "dev-v1.1.json", "dev_sha256": sha256(DEV)}

    # ---- v1.1
    preds, rows = {}, []
    for i in v1_idx:
        a, p, qa = allq[i]
        pred = prediction(rnd, paras[qa["id"]], qa)
        golds = [x["text"] for x in qa["answers"]]
        if pred is None:
            rows.append([qa["id"], None, None, 0, 0])
            continue
        preds[qa["id"]] = pred
        em = ev1.metric_max_over_ground_truths(ev1.exact_match_score, pred, golds)
        f1 = ev1.metric_max_over_ground_truths(ev1.f1_score, pred, golds)
        rows.append([qa["id"], pred, ev1.normalize_answer(pred), int(em), f1])
    ids = {r[0] for r in rows}
    sub_file, pred_file = os.path.join(tmp, "v1-subset.json"), os.path.join(tmp, "v1-pred.json")
    with open(sub_file, "w", encoding="utf-8") as f:
        json.dump({"version": "1.1", "data": subset(data, ids)}, f)
    with open(pred_file, "w", encoding="utf-8") as f:
        json.dump(preds, f)
    official_subset = json.loads(run_script([v1_path, sub_file, pred_file]).strip().splitlines()[-1])
    official_full = json.loads(run_script([v1_path, DEV, pred_file]).strip().splitlines()[-1])
    out["v1"] = {
        "script": "evaluate-v1.1.py", "script_source": "github.com/csarron/QAModels evaluate-v1.1.py",
        "script_sha256": sha256(v1_path),
        "questions_columns": ["id", "prediction (null: none given)", "normalize_answer(prediction)", "exact", "f1"],
        "questions": rows,
        "normalize_cases": [[x, ev1.normalize_answer(x)] for x in NORMALIZE_CASES],
        "subset": {"total": len(rows), "missing": sum(1 for r in rows if r[1] is None), **official_subset},
        "full_dev": {"total": len(allq), "missing": len(allq) - len(preds), **official_full},
    }

    # ---- v2.0
    if v2_path:
        ev2 = load(v2_path)
        v2rows = []
        impossible, overrides = set(), {}
        for i in v2_idx:
            a, p, qa = allq[i]
            r = rnd.random()
            if r < 0.35:
                impossible.add(qa["id"])
            elif r < 0.37:
                # gold answers that normalize to "": a lone article or full stop found in the context
                ctx = paras[qa["id"]]["context"]
                cands = [(w, ctx.find(" " + w + " ") + 1) for w in ("the", "a", "The") if (" " + w + " ") in ctx]
                dot = ctx.find(".")
                if dot >= 0:
                    cands.append((".", dot))
                if cands:
                    w, s = rnd.choice(cands)
                    extra = [{"text": w, "answer_start": s}]
                    overrides[qa["id"]] = extra if rnd.random() < 0.5 else extra + qa["answers"]
        # the first two with an all-empty gold, to be sure the case is there
        for i in v2_idx[:2]:
            qid = allq[i][2]["id"]
            ctx = paras[qid]["context"]
            if qid not in impossible and qid not in overrides:
                k = ctx.find(" the ")
                overrides[qid] = [{"text": "the", "answer_start": k + 1}] if k >= 0 else [{"text": ctx[ctx.find("."):ctx.find(".") + 1], "answer_start": ctx.find(".")}]

        def edit(qa):
            if qa["id"] in impossible:
                qa["plausible_answers"] = qa["answers"]
                qa["answers"] = []
                qa["is_impossible"] = True
            else:
                if qa["id"] in overrides:
                    qa["answers"] = overrides[qa["id"]]
                qa["is_impossible"] = False
            return qa

        v2ids = {allq[i][2]["id"] for i in v2_idx}
        v2data = subset(data, v2ids, edit)
        v2preds, na = {}, {}
        levels = [round(x * 0.05, 2) for x in range(21)]  # few distinct values: ties
        for article in v2data:
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    qid = qa["id"]
                    if qa["is_impossible"]:
                        pred = "" if rnd.random() < 0.5 else variant(rnd, "unrelated", "", [], para["context"], 0)
                    elif qid in overrides:
                        pred = rnd.choice(["", "the", ".", "The", "something else"])
                    else:
                        pred = prediction(rnd, para, qa)
                        if pred is None:
                            pred = ""
                    v2preds[qid] = pred
                    na[qid] = rnd.choice(levels) if rnd.random() < 0.7 else rnd.random()
        d2, p2, n2 = (os.path.join(tmp, x) for x in ("v2-data.json", "v2-pred.json", "v2-na.json"))
        with open(d2, "w", encoding="utf-8") as f:
            json.dump({"version": "v2.0", "data": v2data}, f)
        with open(p2, "w", encoding="utf-8") as f:
            json.dump(v2preds, f)
        with open(n2, "w", encoding="utf-8") as f:
            json.dump(na, f)
        o_plain, o_na = os.path.join(tmp, "v2-eval.json"), os.path.join(tmp, "v2-eval-na.json")
        run_script([v2_path, d2, p2, "--out-file", o_plain])
        run_script([v2_path, d2, p2, "--na-prob-file", n2, "--na-prob-thresh", "0.5", "--out-file", o_na])
        with open(o_plain) as f:
            plain = json.load(f)
        with open(o_na) as f:
            with_na = json.load(f)
        has_ans = ev2.make_qid_to_has_ans(v2data)
        exact_raw, f1_raw = ev2.get_raw_scores(v2data, v2preds)
        for article in v2data:
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    qid = qa["id"]
                    v2rows.append([qid, qa["is_impossible"], overrides.get(qid), v2preds[qid], na[qid],
                                   has_ans[qid], exact_raw[qid], f1_raw[qid]])
        out["v2"] = {
            "script": "evaluate-v2.0.py", "script_source": "github.com/qwang70/bert evaluate-v2.0.py",
            "script_sha256": sha256(v2_path),
            "questions_columns": ["id", "is_impossible (answers [])", "answers replaced by (null: dev answers)",
                                  "prediction", "na_prob", "has_ans", "exact_raw", "f1_raw"],
            "questions": v2rows,
            "no_na_prob": plain,
            "na_prob_thresh_0.5": with_na,
        }

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")
    print("normalize cases", len(out["v1"]["normalize_cases"]))
    print("v1 subset", out["v1"]["subset"], "full", out["v1"]["full_dev"])
    if v2_path:
        print("v2", out["v2"]["no_na_prob"])
        print("v2 na", out["v2"]["na_prob_thresh_0.5"])


if __name__ == "__main__":
    main()
