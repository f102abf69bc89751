"""Score the same-story model against SemEval-2022 Task 8 pairs, by grouped k-fold CV.

The model is fitted on the same file it is scored on, so every score here is out-of-fold: pairs
are split into folds by connected article groups (an article and its machine translations are
one article), the model is fitted on k-1 folds and scores the held-out one, and the held-out
scores are pooled. Raw encoder cosine of the same run is reported alongside as `baseline`.
"""
from __future__ import annotations

import csv
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswire import encode, similarity
from crosswire.records import Article, Segment, content_id

POSITIVE_MAX = 1.5      # Overall <= this: same story
NEGATIVE_MIN = 2.5      # Overall >= this: different stories; between: not scored
_LANGUAGE_SUFFIX = re.compile(r"[a-z]+$")


@dataclass(frozen=True)
class Pair:
    pair_id: str
    left: Article
    right: Article
    overall: float              # 1 = very similar ... 4 = unrelated
    translated: bool            # either side is a machine-translated copy (language-suffixed id)

    @property
    def language_pair(self) -> str:
        return f"{self.left.language}-{self.right.language}"

    @property
    def groups(self) -> tuple[str, str]:
        """The articles behind the pair, translations folded onto their original."""
        return tuple(_LANGUAGE_SUFFIX.sub("", part) for part in self.pair_id.split("_"))


def article_from_text(text: str, language: str) -> Article:
    """An Article from bare text: the first line is the title when the text has several lines."""
    text = text.strip()
    head, _, rest = text.partition("\n")
    title = head.strip() if rest.strip() and len(head) <= 300 else None
    body = rest.strip() if title else text
    return Article(id=content_id(text), sources=[], title=title, published=None,
                   published_inferred=False, language=language, machine_translated=False,
                   segments=[Segment(kind="body", text=body, language=language)])


def load_pairs(csv_path: Path) -> list[Pair]:
    """SemEval-2022 Task 8 rows (pair_id, lang1, lang2, text1, text2, Overall, ...) as Pairs."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Pair(pair_id=row["pair_id"],
             left=article_from_text(row["text1"], row["lang1"]),
             right=article_from_text(row["text2"], row["lang2"]),
             overall=float(row["Overall"]),
             translated=any(_LANGUAGE_SUFFIX.search(p) for p in row["pair_id"].split("_")))
        for row in rows
    ]


def cached_vectors(encoder: encode.Encoder, articles: list[Article], representation: str,
                   directory: Path | None = None, progress: bool = False) -> np.ndarray:
    """Article vectors, computed once per (encoder, representation, article text) and kept on disk."""
    path = (directory or encode.cache_dir()) / f"vectors-{encoder.name}-{representation}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as stored:
            known = {key: stored[key] for key in stored.files}
    missing = list({a.id: a for a in articles if a.id not in known}.values())
    for start in range(0, len(missing), 64):
        batch = missing[start:start + 64]
        for article, vector in zip(batch, encode.encode_articles(encoder, batch, representation)):
            known[article.id] = vector
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path.with_suffix(".tmp.npz"), **known)
        os.replace(path.with_suffix(".tmp.npz"), path)
        if progress:
            print(f"{representation}: {start + len(batch)}/{len(missing)} encoded", file=sys.stderr)
    return np.stack([known[a.id] for a in articles]) if articles else np.zeros((0, encoder.dim), np.float32)


# --- features, fitting, folds ------------------------------------------------------------------

def pair_signals(pairs: list[Pair], encoder: encode.Encoder, representation: str,
                 directory: Path | None = None, progress: bool = False
                 ) -> list[tuple[similarity.Signals, similarity.Signals]]:
    """Both sides' signals as clustering makes them: the vector, plus the canonical entities
    extraction finds (so the fitted weight of shared names is the weight it has in use). Common
    names are kept: they are learnt from the training folds (`cross_validate`)."""
    articles = [a for p in pairs for a in (p.left, p.right)]
    vectors = cached_vectors(encoder, articles, representation, directory, progress)
    made = {}
    for article, vector in zip(articles, vectors):
        if article.id not in made:
            made[article.id] = similarity.signals(article, vector, names=entity_keys(article), common=frozenset())
    return [(made[p.left.id], made[p.right.id]) for p in pairs]


def entity_keys(article: Article) -> list[str]:
    """Canonical entity keys of an article made from bare text (its segments get languages and
    sentences first, as ingest gives them)."""
    from crosswire.extract.entities import extract_entities
    from crosswire.pipeline import annotate_languages

    if not any(seg.sentences for seg in article.segments):
        annotate_languages(article.segments, article.language)
    return [e.key for e in extract_entities(article)[0]]


def distinct_signals(pair_signals: list[tuple[similarity.Signals, similarity.Signals]]) -> list[similarity.Signals]:
    """Each article's signals once (pairs share articles)."""
    return list({id(s): s for pair in pair_signals for s in pair}.values())


def feature_matrix(pair_signals: list[tuple[similarity.Signals, similarity.Signals]],
                   names: list[str], centring: similarity.Centring,
                   common: frozenset[str] = frozenset()) -> np.ndarray:
    """Features per pair, names in `common` left out of both sides."""
    rows = [similarity.pair_features(similarity.without_names(a, common), similarity.without_names(b, common),
                                     centring) for a, b in pair_signals]
    return np.array([[row[n] for n in names] for row in rows], dtype=np.float64)


def fit_centring(pair_signals: list[tuple[similarity.Signals, similarity.Signals]],
                 components: int, centre: bool = True) -> similarity.Centring:
    """Mean (zero when not `centre`) and top principal directions of the distinct article
    vectors among these pairs."""
    vectors = {s.vector.tobytes(): s.vector for pair in pair_signals for s in pair}
    matrix = np.stack(list(vectors.values())).astype(np.float64)
    mean = matrix.mean(axis=0) if centre else np.zeros(matrix.shape[1])
    directions = np.linalg.svd(matrix - mean, full_matrices=False)[2][:components]
    return mean.astype(np.float32), directions.astype(np.float32)


def soft_target(overall: np.ndarray) -> np.ndarray:
    """Overall 1 (same) .. 4 (unrelated) as a probability-like target in [0, 1]."""
    return (4.0 - overall) / 3.0


def fit_logistic(x: np.ndarray, target: np.ndarray, l2: float = 1.0, steps: int = 50
                 ) -> tuple[float, np.ndarray]:
    """Logistic regression on soft targets by Newton steps, features standardised while fitting;
    returns (intercept, weights) on the original feature scale."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    design = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (p - target) + penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = beta[1:] / std
    return float(beta[0] - (weights * mean).sum()), weights


def decision_counts(scores: np.ndarray, overall: np.ndarray, threshold: float | np.ndarray) -> dict:
    """Precision/recall/F1 of `score >= threshold` for same story (Overall <= 1.5) against
    different stories (Overall >= 2.5); pairs in between are not scored."""
    scored = (overall <= POSITIVE_MAX) | (overall >= NEGATIVE_MIN)
    positive = overall[scored] <= POSITIVE_MAX
    predicted = (scores >= threshold)[scored]
    tp = int((predicted & positive).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(positive.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "scored": int(scored.sum())}


def best_threshold(scores: np.ndarray, overall: np.ndarray) -> float:
    """The decision threshold with the highest F1 on these (training) pairs: midway between
    neighbouring scores so it does not sit on a training point."""
    candidates = np.unique(scores)
    midpoints = (candidates[:-1] + candidates[1:]) / 2 if len(candidates) > 1 else candidates
    return float(max(midpoints, key=lambda t: decision_counts(scores, overall, t)["f1"]))


def article_folds(pairs: list[Pair], folds: int) -> np.ndarray:
    """Fold index per pair such that an article (with its translations) stays in one fold:
    connected groups of articles are dealt, largest first, to the emptiest fold."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        left, right = pair.groups
        parent[root(left)] = root(right)
    members: dict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        members[root(pair.groups[0])].append(i)
    sizes = [0] * folds
    assignment = np.empty(len(pairs), dtype=int)
    ordered = sorted(members.values(), key=lambda m: (-len(m), pairs[m[0]].pair_id))
    for component in ordered:
        fold = sizes.index(min(sizes))
        assignment[component] = fold
        sizes[fold] += len(component)
    return assignment


def pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _report(scores: np.ndarray, thresholds: np.ndarray, overall: np.ndarray,
            language_pairs: list[str]) -> dict:
    """Pearson with -Overall overall and per language pair; decisions against each pair's own
    out-of-fold threshold."""
    by_pair = defaultdict(list)
    for i, lp in enumerate(language_pairs):
        by_pair[lp].append(i)
    return {
        "pearson": pearson(scores, -overall),
        "pearson_by_pair": {lp: pearson(scores[idx], -overall[idx]) for lp, idx in sorted(by_pair.items())},
        "same_story": {**decision_counts(scores, overall, thresholds),
                       "threshold_mean": float(thresholds.mean())},
    }


def cross_validate(pairs: list[Pair], pair_signals: list[tuple[similarity.Signals, similarity.Signals]],
                   names: list[str], folds: int, l2: float = 1.0, components: int = 0,
                   centre: bool = True) -> dict:
    """Out-of-fold scores of the fitted model (centring, weights and threshold fitted on the
    other folds) and of raw cosine (its threshold also fitted on the other folds)."""
    overall = np.array([p.overall for p in pairs])
    cosine = np.array([float(a.vector @ b.vector) for a, b in pair_signals])
    fold_of = article_folds(pairs, folds)
    model_scores, model_thresholds = np.empty(len(pairs)), np.empty(len(pairs))
    base_thresholds = np.empty(len(pairs))
    for fold in range(folds):
        train, test = fold_of != fold, fold_of == fold
        training = [s for s, t in zip(pair_signals, train) if t]
        centring = fit_centring(training, components, centre)
        features = feature_matrix(pair_signals, names, centring,
                                  similarity.common_names(distinct_signals(training)))
        intercept, weights = fit_logistic(features[train], soft_target(overall[train]), l2)
        fitted = 1 / (1 + np.exp(-(intercept + features @ weights)))
        model_scores[test] = fitted[test]
        model_thresholds[test] = best_threshold(fitted[train], overall[train])
        base_thresholds[test] = best_threshold(cosine[train], overall[train])
    language_pairs = [p.language_pair for p in pairs]
    return {
        "model": _report(model_scores, model_thresholds, overall, language_pairs),
        "baseline": _report(cosine, base_thresholds, overall, language_pairs),
        "scores": model_scores,
    }


def evaluate(csv_path: Path, folds: int = 5, exclude_translated: bool = False, *,
             representation: str | None = None, encoder: encode.Encoder | None = None,
             progress: bool = False) -> dict:
    """Grouped k-fold CV of the same-story model on SemEval-2022 Task 8 pairs, beside raw cosine.

    `exclude_translated` drops pairs where either side is a machine-translated copy."""
    pairs = load_pairs(Path(csv_path))
    if exclude_translated:
        pairs = [p for p in pairs if not p.translated]
    fitted = similarity.model()
    representation = representation or fitted["representation"]
    encoder = encoder or encode.load()
    names = list(fitted["weights"])
    signal_pairs = pair_signals(pairs, encoder, representation, progress=progress)
    result = cross_validate(pairs, signal_pairs, names, folds, fitted["l2"],
                            len(fitted["centring"]["components"]), fitted["centring"]["centre"])
    by_pair = defaultdict(int)
    for p in pairs:
        by_pair[p.language_pair] += 1
    return {
        "pairs": len(pairs),
        "cv_folds": folds,
        "exclude_translated": exclude_translated,
        "encoder": encoder.name,
        "representation": representation,
        "features": names,
        **result["model"],
        "pairs_by_language_pair": dict(sorted(by_pair.items())),
        "baseline": {"score": "raw encoder cosine", **result["baseline"]},
    }
