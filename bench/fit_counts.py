"""Experiment: can the encoder type counts better than the lexicon rules? Prints CV figures.

    python bench/fit_counts.py [--folds 5]

Every count the rules find in the labelled sentences (`tests/fixtures/counts.jsonl`, all splits) is
an example: its label is the type of the labelled count of the same value in that sentence, or
`none` when no label has that value (not a count, or a count the labellers did not take). Features:
the e5 query vector of the number's context (60 characters each side, the number itself replaced
by "#") and the rules' type, one-hot. Model: softmax regression (numpy, L2).

Printed (one JSON line): typed-count precision/recall as `bench/facts.py` scores them — the rules
alone against rules + typer — by article-grouped k-fold cross-validation (fitted on k-1 folds of
articles, scored on the held-out fold), overall and per split. The answer so far is no (see
BENCHMARKS.md), so nothing of it ships; the script stays to rerun the question with more labels or
another encoder.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import facts  # noqa: E402
from crosswire import encode  # noqa: E402
from crosswire.extract.counts import extract_counts  # noqa: E402
from crosswire.records import COUNT_TYPES  # noqa: E402

LABELS = (*COUNT_TYPES, "none")
WINDOW = 60                      # characters of context each side of the number


def context(sentence: str, number: str) -> str:
    """The number's surroundings with the number itself as "#" (the value says little of the type)."""
    at = sentence.find(number)
    if at < 0:
        return sentence[:2 * WINDOW]
    return sentence[max(0, at - WINDOW):at] + "#" + sentence[at + len(number):at + len(number) + WINDOW]


def one_hot(rule_type: str) -> np.ndarray:
    row = np.zeros(len(COUNT_TYPES), np.float32)
    row[COUNT_TYPES.index(rule_type)] = 1.0
    return row


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 600, rate: float = 0.05) -> dict:
    """Softmax regression by full-batch Adam; returns {"W", "b", "mean"}."""
    mean = X.mean(axis=0)
    Xc = X - mean
    n, d = Xc.shape
    k = len(LABELS)
    W, b = np.zeros((d, k)), np.zeros(k)
    target = np.eye(k)[y]
    m = [np.zeros_like(W), np.zeros_like(b)]
    v = [np.zeros_like(W), np.zeros_like(b)]
    for t in range(1, steps + 1):
        p = _softmax(Xc @ W + b)
        grads = [Xc.T @ (p - target) / n + l2 * W, (p - target).mean(axis=0)]
        for j, (param, g) in enumerate(zip((W, b), grads)):
            m[j] = 0.9 * m[j] + 0.1 * g
            v[j] = 0.999 * v[j] + 0.001 * g * g
            param -= rate * (m[j] / (1 - 0.9 ** t)) / (np.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8)
    return {"W": W.astype(np.float32), "b": b.astype(np.float32), "mean": mean.astype(np.float32)}


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def decide(weights: dict, features: np.ndarray) -> str:
    """The typer's label for one count's features."""
    scores = (features - weights["mean"]) @ weights["W"] + weights["b"]
    return LABELS[int(np.argmax(scores))]


def examples() -> tuple[list[dict], Counter]:
    """One example per count the rules find, with its gold type (or `none`) and its sentence's split;
    and the number of typed labels per split (the recall denominators)."""
    out, gold_typed = [], Counter()
    for item in facts.load("counts.jsonl"):
        types = defaultdict(list)
        for c in item["counts"]:
            types[facts.count_key(c["value"], c["type"], c["qualifier"])[1:]].append(c["type"])
            gold_typed[facts.half(item)] += c["type"] != "other"
        for count in extract_counts(item["text"], item["language"]):
            key = facts.count_key(count.value, count.type, count.qualifier)[1:]
            label = types[key].pop(0) if types.get(key) else "none"
            out.append({"count": count, "label": label, "split": facts.half(item), "source": item["source"]})
    return out, gold_typed


def featurise(rows: list[dict], embed) -> np.ndarray:
    contexts = [context(r["count"].sentence, r["count"].text) for r in rows]
    vectors = np.asarray(embed(contexts), dtype=np.float32)
    rules = np.array([one_hot(r["count"].type) for r in rows], dtype=np.float32)
    return np.hstack([vectors, rules])


def score(rows: list[dict], predicted: list[str], gold_typed: Counter, splits) -> dict:
    """Typed precision/recall against the labelled sentences, as facts.py counts them."""
    out = {}
    for split in splits:
        tp = pred = 0
        for r, p in zip(rows, predicted):
            if split != "all" and r["split"] != split:
                continue
            if p not in ("none", "other"):
                pred += 1
                tp += p == r["label"]
        gold = sum(gold_typed.values()) if split == "all" else gold_typed[split]
        out[split] = {"precision": round(tp / pred, 3) if pred else 0.0, "recall": round(tp / gold, 3), "predicted": pred}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    rows, gold_typed = examples()
    embed = encode.name_embedder(encode.load())
    X = featurise(rows, embed)
    y = np.array([LABELS.index(r["label"]) for r in rows])
    sources = sorted({r["source"] for r in rows})
    random.Random(0).shuffle(sources)
    fold_of = {s: i % args.folds for i, s in enumerate(sources)}
    folds = np.array([fold_of[r["source"]] for r in rows])
    predicted = [""] * len(rows)
    for f in range(args.folds):
        weights = fit(X[folds != f], y[folds != f])
        for i in np.flatnonzero(folds == f):
            predicted[i] = decide(weights, X[i])
    rules = [r["count"].type for r in rows]
    splits = ["all"] + sorted({r["split"] for r in rows})
    result = {"bench": "fit_counts", "examples": len(rows), "folds": args.folds,
              "labels": dict(Counter(r["label"] for r in rows)),
              "rules": score(rows, rules, gold_typed, splits),
              "rules_and_typer_cv": score(rows, predicted, gold_typed, splits)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
