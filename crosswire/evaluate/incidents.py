"""Stories against real incidents: the gun-violence benchmark (issue 10).

`/work/shared/benchmarks/gun-violence/articles.jsonl` holds US news articles, each labelled with
the Gun Violence Archive incident it reports. Every article has the same topic, so a story index
that merges by topic fails here; one that merges by event succeeds. This module reads the articles
the way ingest does (`read_path` → `build_article`, in file order), encodes them with the real
encoder (vectors cached on disk), clusters them with the real `StoryIndex` in publication order,
and scores "same story" against "same incident": pairwise and B-cubed precision/recall/F1.
"""
from __future__ import annotations

import json
import pickle
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from crosswire import encode, similarity

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "gun-violence"
CACHE_VERSION = 1


@dataclass
class Corpus:
    """Articles of the benchmark with their incident and their signals, in file order."""

    ids: list[str]
    incidents: list[str]
    published: list[datetime | None]
    signals: list[similarity.Signals]
    articles: list            # crosswire.records.Article

    def subset(self, keep: list[int]) -> Corpus:
        return Corpus([self.ids[i] for i in keep], [self.incidents[i] for i in keep],
                      [self.published[i] for i in keep], [self.signals[i] for i in keep],
                      [self.articles[i] for i in keep])


def build_articles(path: Path) -> tuple[list, list[str]]:
    """Articles as ingest builds them (documents read by `read_path`, cleaned in file order with
    the per-outlet line statistics, then extraction), with each one's incident label. A text
    seen twice is one article (ingest keeps it once): the first label is kept."""
    from crosswire import clean
    from crosswire.ingest import read_path
    from crosswire.pipeline import build_article
    from crosswire.records import Quarantined

    labels = [json.loads(line)["incident"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    outlet_lines = clean.OutletLines()
    articles, incidents, seen = [], [], set()
    for label, doc in zip(labels, read_path(path)):
        if isinstance(doc, Quarantined):
            continue
        article = build_article(doc, outlet_lines)
        if article.id in seen:
            continue
        seen.add(article.id)
        articles.append(article)
        incidents.append(label)
    return articles, incidents


def load_corpus(path: Path | None = None, directory: Path | None = None, progress: bool = False) -> Corpus:
    """The benchmark's articles (built once and cached) and their vectors (cached like the
    SemEval ones), as stored by the pipeline (packed and unpacked)."""
    from crosswire.evaluate.similarity import cached_vectors

    path = path or DATA / "articles.jsonl"
    directory = directory or encode.cache_dir()
    cache = directory / f"gun-violence-articles-v{CACHE_VERSION}.pickle"
    if cache.exists() and cache.stat().st_mtime >= path.stat().st_mtime:
        articles, incidents = pickle.loads(cache.read_bytes())
    else:
        articles, incidents = build_articles(path)
        directory.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps((articles, incidents)))
    encoder = encode.load()
    vectors = cached_vectors(encoder, articles, encode.DEFAULT_REPRESENTATION, directory, progress)
    return make_corpus(articles, incidents, vectors)


def make_corpus(articles: list, incidents: list[str], vectors: np.ndarray) -> Corpus:
    from crosswire.pipeline import article_signals

    vectors = [encode.unpack(encode.pack(v)) for v in vectors]
    made = [article_signals(a, v) for a, v in zip(articles, vectors)]
    return Corpus([a.id for a in articles], list(incidents), [s.published for s in made], made, articles)


# --- clustering and scores ---------------------------------------------------------------------

def cluster(corpus: Corpus, fitted: dict | None = None) -> list[str]:
    """Story id per article: the real `StoryIndex` with the real scorer (`fitted`: another model
    of the same form, default the shipped one), articles replayed in publication order as
    `Pipeline.recluster` does."""
    from functools import partial

    from crosswire.stories import StoryIndex, replay_order

    fitted = fitted or similarity.model()
    index = StoryIndex(scorer=partial(similarity.pair_score, fitted=fitted),
                       batch_scorer=partial(similarity.pair_scores, fitted=fitted),
                       threshold=fitted["threshold"])
    index.assign_many(sorted(zip(corpus.ids, corpus.signals), key=replay_order))
    return [index.story_of(article_id) for article_id in corpus.ids]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def contingency(stories: list[str], incidents: list[str], scored: list[bool], either: bool = False) -> dict:
    """Counts for pairwise and B-cubed scores. `either` False: pairs of two `scored` articles,
    stories and incidents seen through the scored articles only. `either` True: every pair with
    at least one scored article, and B-cubed of the scored articles against whole stories (an
    incident is wholly scored or not, so a false merge with an unscored incident counts too)."""
    cells, by_story, by_incident = Counter(), Counter(), Counter()
    out_cells, out_story = Counter(), Counter()          # unscored articles
    for story, incident, keep in zip(stories, incidents, scored):
        if keep or either:
            cells[story, incident] += 1
            by_story[story] += 1
            by_incident[incident] += 1
        if not keep:
            out_cells[story, incident] += 1
            out_story[story] += 1
    if not either:
        out_cells, out_story = Counter(), Counter()
    kept = {(s, i) for (s, i), n in cells.items() if n > out_cells[s, i]}
    bcubed_p = sum((n - out_cells[s, i]) * n / by_story[s] for (s, i), n in cells.items() if (s, i) in kept)
    bcubed_r = sum((n - out_cells[s, i]) * n / by_incident[i] for (s, i), n in cells.items() if (s, i) in kept)
    incident_out = Counter()
    for (_, i), n in out_cells.items():
        incident_out[i] += n
    return {"articles": sum(by_story.values()) - sum(out_story.values()),
            "same_both": sum(_pairs(n) - _pairs(out_cells[key]) for key, n in cells.items()),
            "same_story": sum(_pairs(n) - _pairs(out_story[s]) for s, n in by_story.items()),
            "same_incident": sum(_pairs(n) - _pairs(incident_out[i]) for i, n in by_incident.items()),
            "bcubed_precision_sum": bcubed_p, "bcubed_recall_sum": bcubed_r}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(counts: list[dict]) -> dict:
    """Pairwise and B-cubed precision/recall/F1 from pooled `contingency` counts."""
    total = {key: sum(c[key] for c in counts) for key in counts[0]}
    p = total["same_both"] / max(total["same_story"], 1)
    r = total["same_both"] / max(total["same_incident"], 1)
    bp = total["bcubed_precision_sum"] / max(total["articles"], 1)
    br = total["bcubed_recall_sum"] / max(total["articles"], 1)
    return {"articles": total["articles"], "pairs_same_incident": total["same_incident"],
            "pairs_same_story": total["same_story"],
            "pairwise": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)},
            "bcubed": {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(_f1(bp, br), 4)}}


def densest_window(corpus: Corpus, days: int = 30) -> list[int]:
    """Indices of the articles in the `days`-long window holding the most articles (earliest
    such window)."""
    dated = sorted((p, i) for i, p in enumerate(corpus.published) if p is not None)
    span, best, start = timedelta(days=days), (0, 0), 0
    for end in range(len(dated)):
        while dated[end][0] - dated[start][0] >= span:
            start += 1
        if end - start + 1 > best[1] - best[0]:
            best = (start, end + 1)
    return sorted(i for _, i in dated[best[0]:best[1]])


def incident_folds(incidents: list[str], folds: int) -> dict[str, int]:
    """Fold per incident: incidents dealt, largest first (then by id), to the emptiest fold."""
    sizes = Counter(incidents)
    load = [0] * folds
    fold_of = {}
    for incident, n in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold = load.index(min(load))
        fold_of[incident] = fold
        load[fold] += n
    return fold_of


# --- training pairs ----------------------------------------------------------------------------

NEIGHBOURS = 32         # as the story index: each article is scored against its nearest earlier ones


def training_pairs(corpus: Corpus, window: timedelta = timedelta(days=7),
                   neighbours: int = NEIGHBOURS) -> list[tuple[int, int]]:
    """Pairs the story index would score: each article with the `neighbours` most similar
    earlier articles published within `window`, plus every earlier article of its own incident
    within the window (so that no positive is missed)."""
    order = sorted(range(len(corpus.ids)), key=lambda i: (corpus.published[i] is None,
                                                          corpus.published[i] or datetime.min, corpus.ids[i]))
    vectors = np.stack([s.vector for s in corpus.signals]).astype(np.float32)
    pairs, start = [], 0
    for position, i in enumerate(order):
        moment = corpus.published[i]
        while moment is not None and corpus.published[order[start]] is not None \
                and moment - corpus.published[order[start]] > window:
            start += 1
        earlier = np.array(order[start:position], dtype=np.int64)
        if not len(earlier):
            continue
        cosine = vectors[earlier] @ vectors[i]
        nearest = set(earlier[np.argsort(-cosine, kind="stable")[:neighbours]].tolist())
        nearest |= {j for j in earlier.tolist() if corpus.incidents[j] == corpus.incidents[i]}
        pairs.extend((j, i) for j in sorted(nearest))
    return pairs


def pair_matrix(corpus: Corpus, pairs: list[tuple[int, int]], names: list[str],
                centring: similarity.Centring) -> tuple[np.ndarray, np.ndarray]:
    """Features (columns `names`) and same-incident targets of these pairs."""
    signals = corpus.signals
    rows = [similarity.pair_features(signals[a], signals[b], centring) for a, b in pairs]
    x = np.array([[row[n] for n in names] for row in rows], dtype=np.float64).reshape(-1, len(names))
    y = np.array([float(corpus.incidents[a] == corpus.incidents[b]) for a, b in pairs])
    return x, y


# --- the dated stage ---------------------------------------------------------------------------

TIME_PRIOR = {"grace_days": 7.0, "logit_per_day": 0.15,
              "note": "prior beyond the story window (7 days): the dated stage's published_gap weight "
                      "is fitted on incident pairs up to 7 days apart, none further apart"}
THRESHOLD_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def dated_matrix(corpus: Corpus, pairs: list[tuple[int, int]], base: dict) -> tuple[np.ndarray, np.ndarray]:
    """The dated stage's inputs (`similarity.DATED_FEATURES`, `base_logit` from `base`'s first
    stage) and same-incident targets of these pairs."""
    centring = similarity.centring_of(base)
    signals = corpus.signals
    rows = []
    for a, b in pairs:
        features = similarity.pair_features(signals[a], signals[b], centring)
        features["base_logit"] = similarity.logit(features, base)
        rows.append([features[name] for name in similarity.DATED_FEATURES])
    x = np.array(rows, dtype=np.float64).reshape(-1, len(similarity.DATED_FEATURES))
    y = np.array([float(corpus.incidents[a] == corpus.incidents[b]) for a, b in pairs])
    return x, y


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def fit_dated(corpus: Corpus, base: dict, l2: float = 1.0, grid=THRESHOLD_GRID) -> dict:
    """`base` (its first stage kept) with a dated stage fitted on this stream's pairs
    (`training_pairs`: same incident 1, else 0) by logistic regression. The stage's intercept is
    then moved so that the model's one threshold cuts where clustering this stream is best: for
    each grid value t the stories are made with the stage's decision at t, and the pairwise F1
    against the incidents picks t (a story's score is the better half of its members' pair
    scores, so the best pair-level cut is not the best story-level one)."""
    from crosswire.evaluate.similarity import fit_logistic

    x, y = dated_matrix(corpus, training_pairs(corpus), base)
    intercept, weights = fit_logistic(x, y, l2)
    threshold = base["threshold"]

    def model_at(cut: float) -> dict:
        stage = {"intercept": intercept + _logit(threshold) - _logit(cut),
                 "weights": dict(zip(similarity.DATED_FEATURES, weights.tolist())),
                 "pairs": len(y), "story_cut": cut}
        return {**base, "dated": stage, "time_prior": TIME_PRIOR}

    def f1(cut: float) -> float:
        stories = cluster(corpus, model_at(cut))
        return scores([contingency(stories, corpus.incidents, [True] * len(corpus.ids))])["pairwise"]["f1"]

    return model_at(max(grid, key=lambda cut: (f1(cut), -cut)))
