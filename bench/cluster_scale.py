"""Story clustering cost and quality as the stream grows, StoryIndex against an exact baseline.

    python bench/cluster_scale.py                       # 10k and 100k; exact baseline at 10k
    python bench/cluster_scale.py --sizes 10000,100000,1000000 --exact-sizes 10000,100000

Synthetic stream with the structure of a news feed: Poisson story births over the stream's span
(`--rate` articles a day, so the span grows with the size, as a real feed's does), heavy-tailed
story sizes (lognormal), lifetimes from hours to weeks, articles front-loaded in their story's life.
Vectors copy the e5 space's anisotropy: a shared mean direction, a topic direction shared by many
stories (different protests are different stories on one topic), the story's own direction and
article noise, weighted so same-story cosines fall around 0.82-0.94, same-topic 0.77-0.84 and
unrelated 0.64-0.77. Each article also carries synthetic names and numbers (some its story's).

Both methods decide the same way and differ only in the search: take the 32 articles most similar
to the newcomer among stories active within the window, score each of their stories by the mean
of the better half of its members' cosines among them, and join the best if that reaches 0.85
(the interim cosine threshold; the fitted scorer's scale differs, synthetic text has no words).
`ann` is crosswire.stories.StoryIndex (time buckets, usearch graphs, exact recent rows) with a
vectorised cosine scorer; `exact` compares each article with every earlier article of the last two
windows (blocked matrix products). Each run is a child process, so peak RSS is its own. Prints one
JSON line.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crosswire.similarity import Signals  # noqa: E402
from crosswire.stories import StoryIndex, story_score  # noqa: E402

DIM = 384
THRESHOLD = 0.85
NEIGHBOURS = 32
WINDOW_DAYS = 7.0
CHUNK = 10_000
EPOCH = datetime(2022, 1, 1, tzinfo=timezone.utc)
STATE: dict = {}            # the ann run's state, measured mid-stream


# --- the synthetic stream ------------------------------------------------------------------------

class Stream:
    """Articles in publication order: story labels, times (days), and vectors/signals by chunk."""

    def __init__(self, size: int, rate: float, seed: int):
        rng = np.random.default_rng(seed)
        self.seed = seed
        sizes = []
        while sum(sizes) < size:
            sizes.extend(np.minimum(1 + np.floor(rng.lognormal(0.4, 1.4, 10_000)), 5000).astype(int))
        sizes = np.array(sizes)
        sizes = sizes[:np.searchsorted(np.cumsum(sizes), size) + 1]
        sizes[-1] -= sizes.sum() - size
        stories = len(sizes)
        span = size / rate
        births = rng.uniform(0, span, stories)
        lifetimes = np.clip(rng.lognormal(np.log(1.0) + 0.25 * np.log(sizes), 1.0), 2 / 24, 45)
        story_of = np.repeat(np.arange(stories), sizes)
        days = births[story_of] + lifetimes[story_of] * rng.beta(0.7, 2.0, size)
        order = np.argsort(days, kind="stable")
        self.story, self.days = story_of[order], days[order]
        self.size, self.stories = size, stories
        topics = 600        # fixed: at a fixed rate, as many stories share a topic in any window
        popularity = 1 / np.arange(1, topics + 1) ** 0.8
        self.topic = rng.choice(topics, stories, p=popularity / popularity.sum())
        self.mean_weight = np.sqrt(rng.uniform(0.64, 0.76, stories))
        self.mean = _unit(rng.standard_normal(DIM))
        self.topic_vectors = _unit(rng.standard_normal((topics, DIM)))

    def story_vectors(self, stories: np.ndarray) -> np.ndarray:
        """Each story's own direction, drawn from a generator seeded by the story (no big table)."""
        return _unit(np.stack([np.random.default_rng([self.seed, 1, s]).standard_normal(DIM)
                               for s in stories]))

    def chunk(self, start: int, end: int) -> tuple[np.ndarray, list[tuple[str, Signals]]]:
        rng = np.random.default_rng([self.seed, 2, start])
        story = self.story[start:end]
        unique, inverse = np.unique(story, return_inverse=True)
        own = self.story_vectors(unique)[inverse]
        noise = np.sqrt(rng.uniform(0.06, 0.18, (len(story), 1)))
        vectors = _unit(self.mean_weight[story, None] * self.mean
                        + np.sqrt(0.10) * self.topic_vectors[self.topic[story]]
                        + np.sqrt(0.08) * own + noise * _unit(rng.standard_normal((len(story), DIM))))
        items = []
        for i, s in enumerate(story.tolist()):
            story_rng = np.random.default_rng([self.seed, 3, s])
            story_names = story_rng.integers(0, 50_000, 3)
            story_numbers = story_rng.integers(10, 10_000, 3)
            keep = rng.random(6)
            names = {f"n{n}" for n, k in zip(story_names, keep[:3]) if k < 0.6}
            names |= {f"t{self.topic[s]}", f"n{rng.integers(0, 50_000)}"}
            numbers = {str(n) for n, k in zip(story_numbers, keep[3:]) if k < 0.4}
            numbers.add(str(rng.integers(10, 10_000)))
            items.append((f"{start + i:08x}", Signals(
                vector=vectors[i], published=EPOCH + timedelta(days=float(self.days[start + i])),
                numbers=frozenset(numbers), names=frozenset(names))))
        return vectors, items


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def cosine_scores(a: Signals, many: list[Signals]) -> np.ndarray:
    """The interim scorer (cosine), vectorised over candidates."""
    return np.array([m.vector for m in many]) @ a.vector


# --- the two methods -----------------------------------------------------------------------------

def run_ann(stream: Stream) -> tuple[np.ndarray, list[tuple[int, float]]]:
    """Labels, and (articles done, wall and CPU seconds spent clustering) after each chunk."""
    index = StoryIndex(dim=DIM, window=timedelta(days=WINDOW_DAYS), threshold=THRESHOLD,
                       batch_scorer=cosine_scores, neighbours=NEIGHBOURS)
    labels, marks, spent, cpu = [], [], 0.0, 0.0
    for start in range(0, stream.size, CHUNK):
        end = min(stream.size, start + CHUNK)
        _, items = stream.chunk(start, end)
        began, cpu_began = time.perf_counter(), time.process_time()
        index.assign_many(items)
        spent += time.perf_counter() - began
        cpu += time.process_time() - cpu_began
        marks.append((end, spent, cpu))
        labels.extend(article_id for article_id, _ in items)
        if start < stream.size // 2 <= end:
            measure_state(index)
    _, codes = np.unique(np.array([index.story_of(article_id) for article_id in labels]),
                         return_inverse=True)
    return codes, marks


def measure_state(index: StoryIndex) -> None:
    """Mid-stream (a full window retained): state size, save time, load time (graph rebuild)."""
    began = time.perf_counter()
    state = index.to_bytes()
    saved = time.perf_counter() - began
    StoryIndex.from_bytes(state, threshold=THRESHOLD, batch_scorer=cosine_scores)
    STATE.update(mid_state_mb=round(len(state) / 2**20, 1), mid_state_save_s=round(saved, 2),
                 mid_state_load_s=round(time.perf_counter() - began - saved, 2),
                 mid_retained_articles=sum(b.slots.size for b in index._buckets.values()))


def run_exact(stream: Stream) -> tuple[np.ndarray, list[tuple[int, float]]]:
    """Same decision as `ann`, searching every earlier article of the last two windows exactly."""
    vectors = np.concatenate([stream.chunk(s, min(stream.size, s + CHUNK))[0]
                              for s in range(0, stream.size, CHUNK)])
    days = stream.days
    labels = np.empty(stream.size, np.int64)
    last = np.empty(stream.size)                      # latest day of each story, by founder
    marks, block = [], 1024
    began, cpu_began = time.perf_counter(), time.process_time()
    for b0 in range(0, stream.size, block):
        b1 = min(stream.size, b0 + block)
        lo = int(np.searchsorted(days, days[b0] - 2 * WINDOW_DAYS))
        similarity = vectors[b0:b1] @ vectors[lo:b1].T
        for i in range(b0, b1):
            row = similarity[i - b0, :i - lo]
            candidates = np.flatnonzero((days[lo:i] >= days[i] - 2 * WINDOW_DAYS)
                                        & (last[labels[lo:i]] >= days[i] - WINDOW_DAYS))
            if len(candidates) > NEIGHBOURS:
                candidates = candidates[np.argpartition(-row[candidates], NEIGHBOURS)[:NEIGHBOURS]]
            labels[i] = i
            if len(candidates):
                by_story: dict[int, list[float]] = {}
                for story, score in zip(labels[lo + candidates].tolist(), row[candidates].tolist()):
                    by_story.setdefault(story, []).append(score)
                score, story = max((story_score(scores), -story) for story, scores in by_story.items())
                if score >= THRESHOLD:                           # ties: the older story
                    labels[i] = -story
            last[labels[i]] = days[i]
        marks.append((b1, time.perf_counter() - began, time.process_time() - cpu_began))
    return labels, marks


# --- quality -------------------------------------------------------------------------------------

def pair_counts(labels: np.ndarray) -> float:
    _, counts = np.unique(labels, return_counts=True)
    return float((counts * (counts - 1) // 2).sum())


def quality(truth: np.ndarray, found: np.ndarray) -> dict:
    """Pairwise precision/recall/F1 and adjusted Rand index against the generated stories."""
    both = pair_counts(truth.astype(np.int64) * (found.max() + 1) + found)
    true_pairs, found_pairs = pair_counts(truth), pair_counts(found)
    total = len(truth) * (len(truth) - 1) / 2
    precision = both / found_pairs if found_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    expected = true_pairs * found_pairs / total
    ari = (both - expected) / ((true_pairs + found_pairs) / 2 - expected)
    return {"pair_precision": round(precision, 4), "pair_recall": round(recall, 4),
            "pair_f1": round(2 * precision * recall / (precision + recall), 4), "ari": round(ari, 4),
            "stories_found": int(len(np.unique(found))), "stories_true": int(len(np.unique(truth)))}


def by_tenth(done: np.ndarray, seconds: np.ndarray) -> list[float]:
    """Microseconds per article over each tenth of the stream (at the marks nearest the tenths)."""
    ends = np.unique(np.searchsorted(done, np.linspace(0, done[-1], 11)[1:]))
    articles = np.diff(np.concatenate([[0], done[ends]]))
    return [round(float(t), 1) for t in np.diff(np.concatenate([[0], seconds[ends]])) / articles * 1e6]


def child(method: str, size: int, rate: float, seed: int) -> dict:
    began = time.perf_counter()
    stream = Stream(size, rate, seed)
    labels, marks = (run_ann if method == "ann" else run_exact)(stream)
    done, spent, cpu = np.array(marks).T
    clustering = float(spent[-1])
    return {"method": method, "size": size, "span_days": round(float(stream.days[-1]), 1),
            "clustering_s": round(clustering, 2), "clustering_cpu_s": round(float(cpu[-1]), 2),
            "us_per_article": round(clustering / size * 1e6, 1),
            "cpu_us_per_article_by_tenth": by_tenth(done, cpu),
            "us_per_article_by_tenth": by_tenth(done, spent),
            "total_s_with_generation": round(time.perf_counter() - began, 2), **STATE,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            **quality(stream.story, labels)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="stream sizes for StoryIndex")
    parser.add_argument("--exact-sizes", default="10000", help="sizes for the exact baseline")
    parser.add_argument("--rate", type=float, default=2000.0, help="articles per day")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), args.rate, args.seed)))
        return
    runs = [("exact", int(s)) for s in args.exact_sizes.split(",") if s] + \
           [("ann", int(s)) for s in args.sizes.split(",") if s]
    results = []
    for method, size in sorted(runs, key=lambda run: (run[1], run[0])):
        done = subprocess.run([sys.executable, __file__, "--child", method, str(size),
                               "--rate", str(args.rate), "--seed", str(args.seed)],
                              capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(json.dumps({"bench": "cluster_scale", "threshold": THRESHOLD, "window_days": WINDOW_DAYS,
                      "rate_per_day": args.rate, "seed": args.seed, "results": results}))


if __name__ == "__main__":
    main()
