"""Stories against incidents on same-topic news (issue 10): one story should be one shooting.

    python bench/stories_incidents.py [--folds 5] [--days 30]

Reads ../shared/benchmarks/gun-violence/articles.jsonl (3,816 US news articles on 2,188
shootings, all of one topic) as ingest builds articles, encodes them with the real encoder
(vectors cached in crosswire.encode.cache_dir(); the first run takes minutes), and clusters them
with the real StoryIndex in publication order, over (a) the densest `--days`-long window and (b)
the whole corpus. "Same story" is scored against "same incident": pairwise and B-cubed
precision/recall/F1.

Everything fitted is scored by grouped K-fold cross-validation by incident: per fold, the dated
stage of the pair model is fitted on the training incidents' articles
(`crosswire.evaluate.incidents.fit_dated`; the first stage, fitted on SemEval pairs, is kept), the
whole stream is clustered with that fold's model, and held-out pairs are scored, pooled over
folds: `both_held_out` pairs of two held-out articles; `either_held_out` also pairs of a held-out
article with one of a later fold (every pair counted once, so a fixed model scores as on every
pair; a false merge with a training incident counts). `before` is the model shipped before issue 10
(bench/data/), scored on the same pairs; `shipped` the model in crosswire/data/ now (fitted on
every incident: in-sample here, for reference only); `every_pair` scores every pair. Prints one
JSON object.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crosswire import similarity  # noqa: E402
from crosswire.evaluate import incidents  # noqa: E402

BEFORE = ROOT / "bench" / "data" / "similarity_model_before_issue10.json"


def held_out_counts(stories: list[str], labels: list[str], rows: list[int], fold: list[int], k: int,
                    either: bool) -> dict:
    """Fold k's counts. `either` False: pairs of two held-out articles (fold k). True: pairs with
    a held-out article and the other in fold k or a later one, so that over all folds every pair
    is counted once (a fixed model then scores as on every pair)."""
    if not either:
        return incidents.contingency(stories, labels, [fold[i] == k for i in rows])
    keep = [j for j, i in enumerate(rows) if fold[i] >= k]
    return incidents.contingency([stories[j] for j in keep], [labels[j] for j in keep],
                                 [fold[rows[j]] == k for j in keep], either=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()

    corpus = incidents.load_corpus(progress=True)
    window = incidents.densest_window(corpus, args.days)
    streams = {"window": (corpus.subset(window), window), "all": (corpus, list(range(len(corpus.ids))))}
    fold_of = incidents.incident_folds(corpus.incidents, args.folds)
    fold = [fold_of[i] for i in corpus.incidents]
    shipped = similarity.model()
    base = {key: value for key, value in shipped.items() if key != "dated"}      # the first stage

    protocols = {"both_held_out": False, "either_held_out": True}
    counts = {(m, s, p): [] for m in ("cv", "before", "shipped") for s in streams for p in protocols}
    everything = {}
    for label, fitted in (("before", json.loads(BEFORE.read_text(encoding="utf-8"))), ("shipped", shipped)):
        for stream, (sub, rows) in streams.items():
            stories = incidents.cluster(sub, fitted)
            everything[label, stream] = incidents.scores([incidents.contingency(stories, sub.incidents, [True] * len(rows))])
            for k in range(args.folds):
                for protocol, either in protocols.items():
                    counts[label, stream, protocol].append(held_out_counts(stories, sub.incidents, rows, fold, k, either))
    cuts = []
    for k in range(args.folds):
        train = [i for i in range(len(corpus.ids)) if fold[i] != k]
        fitted = incidents.fit_dated(corpus.subset(train), base, base["l2"])
        cuts.append(fitted["dated"]["story_cut"])
        for stream, (sub, rows) in streams.items():
            stories = incidents.cluster(sub, fitted)
            for protocol, either in protocols.items():
                counts["cv", stream, protocol].append(held_out_counts(stories, sub.incidents, rows, fold, k, either))
        print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)

    dates = sorted(corpus.published[i] for i in window)
    figures = {
        "articles": len(corpus.ids), "incidents": len(set(corpus.incidents)), "cv_folds": args.folds,
        "dated_features": list(similarity.DATED_FEATURES),
        "densest_window": {"days": args.days, "first": dates[0].date().isoformat(),
                           "last": dates[-1].date().isoformat(), "articles": len(window),
                           "incidents": len({corpus.incidents[i] for i in window})},
        "cv_story_cuts": cuts,
    }
    for stream in streams:
        figures[stream] = {protocol: {label: incidents.scores(counts[label, stream, protocol])
                                      for label in ("cv", "before", "shipped")} for protocol in protocols}
        for protocol in protocols:
            found = figures[stream][protocol]
            found["pairwise_f1_cv_over_before"] = round(
                found["cv"]["pairwise"]["f1"] / max(found["before"]["pairwise"]["f1"], 1e-9), 3)
        figures[stream]["every_pair"] = {label: everything[label, stream] for label in ("before", "shipped")}
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
