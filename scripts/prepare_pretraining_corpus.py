#!/usr/bin/python3
"""Splits SOTU and WikiText-2 (test split) into training and held-back documents for `bert4j pretrain`.

SOTU: addresses before 2002 train, 2002-2011 are held back. WikiText-2: articles (" = Title = "
lines) with the @-@ / @,@ / @.@ tokenisation undone, one article per JSON line; the last 6 are held back.
Writes OUT/{sotu,wiki}-{train,eval}.jsonl with a "text" field (create-pretraining-data --split-sentences).

Usage: scripts/prepare_pretraining_corpus.py SHARED_DATA_DIR OUT
"""
import gzip, json, os, re, sys

data, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def write(path, texts):
    with open(os.path.join(out, path), "w") as f:
        for t in texts: f.write(json.dumps({"text": t}) + "\n")


docs = [json.loads(l) for l in gzip.open(os.path.join(data, "sotu", "sotu_1790-2011.jsonl.gz"), "rt")]
write("sotu-train.jsonl", [d["text"] for d in docs if d["year"] < 2002])
write("sotu-eval.jsonl", [d["text"] for d in docs if d["year"] >= 2002])

arts, cur = [], []
for line in open(os.path.join(data, "wikitext-2-raw", "wiki.test.raw"), encoding="utf-8"):
    line = line.rstrip("\r\n")
    if re.match(r"^ = [^=].* = $", line):
        if cur: arts.append(cur)
        cur = []
        continue
    if re.match(r"^ = = ", line): continue
    t = line.strip().replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".")
    if t: cur.append(t)
if cur: arts.append(cur)
write("wiki-train.jsonl", [" ".join(a) for a in arts[:-6]])
write("wiki-eval.jsonl", [" ".join(a) for a in arts[-6:]])
