"""Fit the same-story model and the translation floors on SemEval-2022 Task 8; print CV figures.

    python bench/fit_similarity.py [--csv PATH] [--folds 5] [--representation R] [--write]

Prints one JSON line: grouped k-fold CV (model fitted on k-1 folds, scored on the held-out one)
of the fitted score beside raw cosine, and of the translation/near-copy rule. `--write` then fits
on every pair and stores the coefficients in crosswire/data/similarity_model.json, with the dated
stage (pairs whose two publication times are known) fitted on the gun-violence benchmark's pairs
(`crosswire.evaluate.incidents.fit_dated`; its CV figures: bench/stories_incidents.py). SemEval
pairs carry no dates, so the dated stage never applies to them and the figures printed here are
the first stage's.
Vectors are cached (see crosswire.encode.cache_dir), so reruns are quick.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire import encode, similarity  # noqa: E402
from crosswire.evaluate import incidents  # noqa: E402
from crosswire.evaluate import similarity as semeval  # noqa: E402

CSV = ROOT.parent / "shared" / "benchmarks" / "semeval2022-task8" / "training_set.csv"
FEATURES = list(similarity.FEATURES)
L2 = 1.0
COMPONENTS = 0
TIME_PRIOR = incidents.TIME_PRIOR
AGREEMENT_GRID = (0.0, 0.25, 0.5, 0.75)


def translation_examples(pairs: list[semeval.Pair]):
    """Positives: two texts of one article (original and MT copy, or two MT copies), found by
    pair ids that differ only in their language suffix. Negatives: every rated pair (two
    different articles, same story or not)."""
    versions: dict[str, dict[str, object]] = defaultdict(dict)
    for pair in pairs:
        for group, article in zip(pair.groups, (pair.left, pair.right)):
            versions[group][article.id] = article
    positives = [(group, a, b) for group, found in versions.items()
                 for i, a in enumerate(found.values()) for b in list(found.values())[i + 1:]]
    negatives = [(pair.groups[0], pair.left, pair.right) for pair in pairs]
    return positives, negatives


def link_features(examples, made: dict) -> np.ndarray:
    rows = []
    for _, a, b in examples:
        sa, sb = made[a.id], made[b.id]
        rows.append((float(sa.vector @ sb.vector), float(sa.language != sb.language),
                     similarity._number_agreement(sa, sb)))
    return np.array(rows).reshape(-1, 3)


def f1(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & truth).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(truth.sum()), 1)
    return precision, recall, (2 * precision * recall / (precision + recall) if tp else 0.0)


def fit_floors(x: np.ndarray, truth: np.ndarray) -> dict:
    """Cosine floor per same/cross language and one number-agreement floor, best F1 jointly."""
    best = (-1.0, {})
    for agreement in AGREEMENT_GRID:
        floors = {"min_number_agreement": agreement}
        for key, cross in (("min_cosine_same", 0.0), ("min_cosine_cross", 1.0)):
            part = x[:, 1] == cross
            candidates = np.unique(x[part & truth, 0]) if (part & truth).any() else np.array([1.0])
            floors[key] = float(max(candidates, key=lambda c: f1(
                (x[part, 0] >= c) & (x[part, 2] >= agreement), truth[part])[2]))
        score = f1(predict_link(x, floors), truth)[2]
        if score > best[0]:
            best = (score, floors)
    return best[1]


def predict_link(x: np.ndarray, floors: dict) -> np.ndarray:
    floor = np.where(x[:, 1] == 1.0, floors["min_cosine_cross"], floors["min_cosine_same"])
    return (x[:, 0] >= floor) & (x[:, 2] >= floors["min_number_agreement"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--representation", default=encode.DEFAULT_REPRESENTATION)
    parser.add_argument("--components", type=int, default=COMPONENTS,
                        help="principal directions removed before the cosine")
    parser.add_argument("--no-centre", dest="centre", action="store_false",
                        help="keep the corpus mean in the vectors")
    parser.add_argument("--write", action="store_true", help="store the model fitted on all pairs")
    args = parser.parse_args()

    encoder = encode.load()
    pairs = semeval.load_pairs(args.csv)
    signal_pairs = semeval.pair_signals(pairs, encoder, args.representation, progress=True)
    overall = np.array([p.overall for p in pairs])
    figures = {"pairs": len(pairs), "cv_folds": args.folds, "representation": args.representation,
               "encoder": encoder.name, "centre": args.centre, "components": args.components}
    for subset, keep in (("all", np.ones(len(pairs), bool)),
                         ("without_translated", np.array([not p.translated for p in pairs]))):
        chosen = [p for p, k in zip(pairs, keep) if k]
        chosen_signals = [s for s, k in zip(signal_pairs, keep) if k]
        result = semeval.cross_validate(chosen, chosen_signals, FEATURES, args.folds, L2, args.components,
                                        args.centre)
        figures[subset] = {
            "pairs": len(chosen),
            "pearson": result["model"]["pearson"], "f1": result["model"]["same_story"]["f1"],
            "precision": result["model"]["same_story"]["precision"],
            "recall": result["model"]["same_story"]["recall"],
            "baseline_pearson": result["baseline"]["pearson"],
            "baseline_f1": result["baseline"]["same_story"]["f1"],
        }

    made = {}
    for pair, (a, b) in zip(pairs, signal_pairs):
        made[pair.left.id], made[pair.right.id] = a, b
    positives, negatives = translation_examples(pairs)
    link_x = np.vstack([link_features(positives, made), link_features(negatives, made)])
    link_truth = np.array([True] * len(positives) + [False] * len(negatives))
    link_group = [g for g, _, _ in positives + negatives]
    link_fold = np.array([int(re.sub(r"\D", "", g) or 0) % args.folds for g in link_group])
    held_out = np.zeros(len(link_truth), bool)
    for fold in range(args.folds):
        train, test = link_fold != fold, link_fold == fold
        held_out[test] = predict_link(link_x[test], fit_floors(link_x[train], link_truth[train]))
    precision, recall, link_f1 = f1(held_out, link_truth)
    figures["translation_link"] = {"positives": len(positives), "negatives": len(negatives),
                                   "precision": precision, "recall": recall, "f1": link_f1}

    if args.write:
        centring = semeval.fit_centring(signal_pairs, args.components, args.centre)
        common = similarity.common_names(semeval.distinct_signals(signal_pairs))
        x = semeval.feature_matrix(signal_pairs, FEATURES, centring, common)
        intercept, weights = semeval.fit_logistic(x, semeval.soft_target(overall), L2)
        in_sample = 1 / (1 + np.exp(-(intercept + x @ weights)))
        fitted = {
            "encoder": encoder.name,
            "representation": args.representation,
            "intercept": intercept,
            "weights": dict(zip(FEATURES, weights.tolist())),
            "threshold": semeval.best_threshold(in_sample, overall),
            "l2": L2,
            "centring": {"centre": args.centre, "mean": [round(float(v), 6) for v in centring[0]],
                         "components": [[round(float(v), 6) for v in row] for row in centring[1]]},
            "common_names": sorted(common),
            "time_prior": TIME_PRIOR,
            "translation": fit_floors(link_x, link_truth),
            "fitted_on": {"file": "semeval2022-task8/training_set.csv", "pairs": len(pairs),
                          "target": "(4 - Overall) / 3, logistic loss"},
            "cv": {"folds": args.folds, **figures["all"],
                   "without_translated": figures["without_translated"],
                   "translation_link": figures["translation_link"]},
        }
        fitted = incidents.fit_dated(incidents.load_corpus(progress=True), fitted, L2)
        fitted["dated"]["fitted_on"] = {"file": "gun-violence/articles.jsonl",
                                        "target": "same incident 1, else 0",
                                        "pairs": "each article with its 32 most similar earlier ones "
                                                 "within 7 days, and its own incident's"}
        similarity.MODEL_PATH.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
