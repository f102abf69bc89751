"""Incremental story clustering: each arriving article joins the best active story or founds one.

A story is one real-world happening, so only articles published near each other can share one. The
index therefore keeps *time buckets* one window wide; an article is compared only with the buckets
its window overlaps, and buckets fall out once the stream clock has moved past them. Inside a bucket
the most recent rows (at most `pending_limit`) are searched exactly and older rows through an HNSW
graph (usearch). The `neighbours` nearest articles name the candidate stories; a candidate's score
is the mean of the better half of its members' `scorer` scores among them: the single nearest
member chains stories of one topic together (synthetic bench, pairwise F1 0.75 against 0.93), and
the plain mean is too strict where a story's cross-lingual pair scores spread widely (with earlier
scorers the five seeds ended in one story in fewer of their 120 arrival orders with the mean than
with the better half; with the current scorer all three rules get all 120). Cost per article
depends on the window's size, not on the collection's.

Whether two articles of one window belong together is the scorer's call (`similarity.pair_score`).
Among news of one topic, where every article of a week reads alike, the shipped scorer's dated
stage keeps different events apart (places, people and days that differ) and what it cannot
recover is mostly follow-ups published more than a window after the story's latest article
(gun-violence benchmark, BENCHMARKS.md "Stories are incidents (issue 10)").

Determinism: a usearch graph is a function of the vectors added to a fresh index, in order, one
thread at a time (its random levels are not saved with it), so rows move into a bucket's graph in
fixed blocks decided by the article sequence alone, and a restored state rebuilds each graph from
its rows. The same articles in the same order give the same stories, whether assigned one by one or
with `assign_many`, and across a `to_bytes`/`from_bytes` round trip.

Time: an article's time is its publication time (naive datetimes are taken as UTC). One without a
publication time arrives "now": it takes the stream clock (the latest publication time seen so far);
before any dated article the clock is unset and such articles are timeless (they match any story
and never expire).
"""
from __future__ import annotations

import dataclasses
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta, timezone

import numpy as np

try:  # before usearch: its wheel exports a static libstdc++, and onnxruntime loaded after it crashes
    import onnxruntime  # noqa: F401
except ImportError:
    pass
from usearch.index import Index  # noqa: E402

from crosswire.similarity import SAME_STORY_THRESHOLD, Signals, pair_score

STATE_VERSION = 1

PairScorer = Callable[[Signals, Signals], float]
BatchScorer = Callable[[Signals, Sequence[Signals]], np.ndarray]


def timestamp(published: datetime | None) -> float | None:
    """Seconds since the epoch; naive datetimes are taken as UTC."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published.timestamp()


def replay_key(article_id: str, published: datetime | None) -> tuple:
    """Articles are placed by publication time, then id; undated articles last ("now")."""
    moment = timestamp(published)
    return (moment is None, moment or 0.0, article_id)


def replay_order(item: tuple[str, Signals]) -> tuple:
    """Sort key for `recluster` over (article id, signals)."""
    return replay_key(item[0], item[1].published)


class _Rows:
    """A numpy array grown by doubling along its first axis; `view()` is the filled part."""

    def __init__(self, shape: tuple = (), dtype=np.float64, fill=0):
        self.data = np.full((64, *shape), fill, dtype)
        self.fill = fill
        self.size = 0

    def append(self, value) -> None:
        if self.size == len(self.data):
            self.data = np.concatenate([self.data, np.full_like(self.data, self.fill)])
        self.data[self.size] = value
        self.size += 1

    def view(self) -> np.ndarray:
        return self.data[:self.size]

    def load(self, values: np.ndarray) -> None:
        self.data = np.concatenate([values.astype(self.data.dtype), self.data])
        self.size = len(values)


class _Bucket:
    """The retained articles of one time slice: their rows, and a graph over the older rows."""

    def __init__(self, dim: int, graph_options: dict):
        self.slots = _Rows(dtype=np.int64)
        self.vectors = _Rows((dim,), np.float32)
        self.indexed = 0                      # rows [0, indexed) are in the graph
        self.graph = Index(ndim=dim, metric="ip", **graph_options)

    @property
    def pending(self) -> int:
        return self.slots.size - self.indexed

    def append(self, slot: int, vector: np.ndarray) -> None:
        self.slots.append(slot)
        self.vectors.append(vector)

    def index_rows(self, end: int) -> None:
        """Move rows [indexed, end) into the graph, in order, on one thread (deterministic)."""
        if end > self.indexed:
            self.graph.add(np.arange(self.indexed, end), self.vectors.data[self.indexed:end], threads=1)
            self.indexed = end


class StoryIndex:
    """Stories of a stream of articles, assigned incrementally. Holds no database handle: the
    pipeline loads it with `from_bytes` and saves `to_bytes` back."""

    def __init__(self, dim: int = 384, window: timedelta = timedelta(days=7),
                 scorer: PairScorer = pair_score, threshold: float = SAME_STORY_THRESHOLD, *,
                 batch_scorer: BatchScorer | None = None, lateness: timedelta | None = None,
                 neighbours: int = 32, pending_limit: int = 512, connectivity: int = 16,
                 expansion_add: int = 64, expansion_search: int = 48, graph_dtype: str = "i8"):
        """`window`: a story stays active this long after its latest article. `lateness`: how far
        behind the stream clock an article may arrive and still see every story it could join
        (default: one window); older buckets are dropped. `batch_scorer(a, many)`, when given,
        must equal `[scorer(a, b) for b in many]` and is used instead of it (one call per
        article). The `neighbours` nearest retained articles give the candidate stories. The
        graphs hold 8-bit vectors (twice as fast as f16, same clustering on the bench: candidates
        are re-ranked with exact float32 cosines)."""
        self.dim = dim
        self.window = window.total_seconds()
        self.lateness = (lateness if lateness is not None else window).total_seconds()
        self.scorer = scorer
        self.batch_scorer = batch_scorer
        self.threshold = threshold
        self.neighbours = neighbours
        self.pending_limit = pending_limit
        self.graph_options = {"connectivity": connectivity, "expansion_add": expansion_add,
                              "expansion_search": expansion_search, "dtype": graph_dtype}
        self.clock: float | None = None       # latest publication time seen
        self._ids: list[str] = []             # slot -> article id
        self._slot: dict[str, int] = {}
        self._story_of = _Rows(dtype=np.int64)                 # slot -> story number
        self._founders: list[int] = []                         # story number -> founding slot
        self._members: list[list[int]] = []                    # story number -> slots
        self._spans = _Rows((2,), np.float64, math.nan)        # first, last time (NaN: timeless)
        self._signals: dict[int, Signals] = {}                 # retained slots only
        self._buckets: dict[int | None, _Bucket] = {}          # None: timeless articles

    # --- queries -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def story_of(self, article_id: str) -> str | None:
        slot = self._slot.get(article_id)
        return None if slot is None else self._ids[self._founders[self._story_of.data[slot]]]

    def members(self, story_id: str) -> list[str]:
        """Article ids of a story in assignment order; KeyError for an unknown story id."""
        slot = self._slot.get(story_id)
        if slot is None or self._founders[self._story_of.data[slot]] != slot:
            raise KeyError(story_id)
        return [self._ids[member] for member in self._members[self._story_of.data[slot]]]

    def active_stories(self, now: datetime | None = None) -> list[str]:
        """Stories under way at `now` (default: the stream clock): begun by then, with their
        latest article at most a window before it; plus timeless ones. In founding order."""
        moment = timestamp(now) if now is not None else self.clock
        first, last = self._spans.view().T
        active = np.isnan(last)
        if moment is not None:
            active |= (first <= moment) & (last >= moment - self.window)
        else:
            active[:] = True
        return [self._ids[self._founders[number]] for number in np.flatnonzero(active)]

    # --- assignment ----------------------------------------------------------------------------

    def assign(self, article_id: str, signals: Signals) -> str:
        """The article's story id: the best-scoring active story if its score reaches the
        threshold, else a new story named after this article. A known id changes nothing."""
        return self.assign_many([(article_id, signals)])[0]

    def assign_many(self, items: Iterable[tuple[str, Signals]]) -> list[str]:
        """`assign` over many articles in order, with the graph searches batched (same result)."""
        items = list(items)
        stories: list[str] = []
        start = 0
        while start < len(items):
            end, planned = self._plan(items, start)
            found = self._graph_hits(np.array([vector for _, vector, _ in planned.values()]),
                                     [moment for _, _, moment in planned.values()]) if planned else []
            hits = dict(zip(planned, found))
            for position in range(start, end):
                article_id = items[position][0]
                if position in planned:
                    signals, vector, moment = planned[position]
                    near = self._nearest(vector, moment, hits[position])
                    stories.append(self._place(article_id, signals, vector, moment, near))
                else:
                    stories.append(self.story_of(article_id))
            start = end
        return stories

    # --- internals -----------------------------------------------------------------------------

    def _plan(self, items: list[tuple[str, Signals]], start: int) -> tuple[int, dict]:
        """The articles from `start` on that can be searched against the graphs as they are now:
        up to the first whose arrival moves pending rows into a graph (a full pending block, or
        the clock entering a new bucket). Returns the end position and, per new article's
        position, its signals (vector as float32), vector and time."""
        clock, horizon = self.clock, self._horizon()
        pending = {key: bucket.pending for key, bucket in self._buckets.items()}
        planned: dict[int, tuple[Signals, np.ndarray, float | None]] = {}
        seen: set[str] = set()
        for position in range(start, len(items)):
            article_id, signals = items[position]
            if article_id in self._slot or article_id in seen:
                continue
            seen.add(article_id)
            vector = np.ascontiguousarray(signals.vector, dtype=np.float32)
            if vector.shape != (self.dim,):
                raise ValueError(f"{article_id}: expected a {self.dim}-dim vector, got {vector.shape}")
            if vector is not signals.vector:
                signals = dataclasses.replace(signals, vector=vector)
            published = timestamp(signals.published)
            moment = clock if published is None else published
            planned[position] = (signals, vector, moment)
            key = self._bucket_key(moment)
            if key is None or (key + 1) * self.window > horizon:       # as `_retain` decides
                pending[key] = pending.get(key, 0) + 1
                if pending[key] >= self.pending_limit:
                    return position + 1, planned
            if published is not None and (clock is None or published > clock):
                clock, horizon = published, published - self.lateness - self.window
                current = self._bucket_key(clock)
                if any(k is not None and k < current and n for k, n in pending.items()):
                    return position + 1, planned                      # as `_seal_past` does
        return len(items), planned

    def _bucket_key(self, moment: float | None) -> int | None:
        return None if moment is None else math.floor(moment / self.window)

    def _searched_keys(self, moment: float | None) -> list[int | None]:
        if moment is None:
            keys = list(self._buckets)
        else:
            low, high = self._bucket_key(moment - self.window), self._bucket_key(moment + self.window)
            keys = [key for key in range(low, high + 1) if key in self._buckets]
            if None in self._buckets:
                keys.append(None)
        return keys

    def _graph_hits(self, vectors: np.ndarray, moments: list[float | None]) -> list[list[tuple]]:
        """(bucket key, rows) of each vector's nearest graph rows, per searched bucket."""
        hits: list[list[tuple]] = [[] for _ in moments]
        by_key: dict[int | None, list[int]] = {}
        for i, moment in enumerate(moments):
            for key in self._searched_keys(moment):
                by_key.setdefault(key, []).append(i)
        for key, queries in by_key.items():
            bucket = self._buckets[key]
            if not bucket.indexed:
                continue
            found = bucket.graph.search(vectors[queries], self.neighbours, threads=2)
            if len(queries) == 1:                                  # one query gives flat Matches
                hits[queries[0]].append((key, found.keys.astype(np.int64)))
                continue
            for query, rows, count in zip(queries, found.keys, found.counts):
                hits[query].append((key, rows[:count].astype(np.int64)))
        return hits

    def _nearest(self, vector: np.ndarray, moment: float | None, graph_hits: list[tuple]) -> np.ndarray:
        """Slots of the `neighbours` most similar retained articles, most similar first, by exact
        cosine: graph hits (found with quantised vectors) and pending rows; ties by slot."""
        slots, similarities = [], []
        for key, rows in graph_hits:
            bucket = self._buckets.get(key)
            if bucket is not None:                     # not dropped since the batch was searched
                slots.append(bucket.slots.data[rows])
                similarities.append(bucket.vectors.data[rows] @ vector)
        for key in self._searched_keys(moment):
            bucket = self._buckets[key]
            if bucket.pending:
                similarity = bucket.vectors.data[bucket.indexed:bucket.slots.size] @ vector
                rows = np.argpartition(-similarity, self.neighbours)[:self.neighbours] \
                    if len(similarity) > self.neighbours else np.arange(len(similarity))
                slots.append(bucket.slots.data[bucket.indexed + rows])
                similarities.append(similarity[rows])
        if not slots:
            return np.empty(0, np.int64)
        slots, similarities = np.concatenate(slots), np.concatenate(similarities)
        return slots[np.lexsort((slots, -similarities))[:self.neighbours]]

    def _place(self, article_id: str, signals: Signals, vector: np.ndarray, moment: float | None,
               near: np.ndarray) -> str:
        numbers = self._story_of.data[near]
        if moment is not None:
            first, last = self._spans.data[numbers].T
            active = np.isnan(last) | ((first - self.window <= moment) & (moment <= last + self.window))
            near, numbers = near[active], numbers[active]
        joined = -1
        if len(near):
            members = [self._signals[slot] for slot in near.tolist()]
            if self.batch_scorer is not None:
                scores = np.asarray(self.batch_scorer(signals, members), dtype=np.float64).tolist()
            else:
                scores = [self.scorer(signals, member) for member in members]
            by_story: dict[int, list[float]] = {}
            for number, score in zip(numbers.tolist(), scores):
                by_story.setdefault(number, []).append(score)
            score, number = max((story_score(story_scores), -number)
                                for number, story_scores in by_story.items())
            if score >= self.threshold:                # ties went to the older story
                joined = -number

        slot = len(self._ids)
        self._ids.append(article_id)
        self._slot[article_id] = slot
        if joined < 0:
            joined = len(self._founders)
            self._founders.append(slot)
            self._members.append([])
            self._spans.append(math.nan)
        self._members[joined].append(slot)
        self._story_of.append(joined)
        if moment is not None:
            span = self._spans.data[joined]
            span[0] = moment if math.isnan(span[0]) else min(span[0], moment)
            span[1] = moment if math.isnan(span[1]) else max(span[1], moment)
        self._retain(slot, signals, vector, moment)
        if signals.published is not None and (self.clock is None or moment > self.clock):
            self.clock = moment
            self._drop_expired()
            self._seal_past()
        return self._ids[self._founders[joined]]

    def _horizon(self) -> float:
        """Buckets ending at or before this time can no longer be needed."""
        return -math.inf if self.clock is None else self.clock - self.lateness - self.window

    def _retain(self, slot: int, signals: Signals, vector: np.ndarray, moment: float | None) -> None:
        key = self._bucket_key(moment)
        if key is not None and (key + 1) * self.window <= self._horizon():
            return                                             # too late to be searched by anyone
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.dim, self.graph_options)
        bucket.append(slot, vector)
        self._signals[slot] = signals
        if bucket.pending >= self.pending_limit:
            bucket.index_rows(bucket.slots.size)

    def _seal_past(self) -> None:
        """Index the pending rows of buckets the clock has left: in order, they get no more."""
        current = self._bucket_key(self.clock)
        for key, bucket in self._buckets.items():
            if key is not None and key < current and bucket.pending:
                bucket.index_rows(bucket.slots.size)

    def _drop_expired(self) -> None:
        horizon = self._horizon()
        for key in [k for k in self._buckets if k is not None and (k + 1) * self.window <= horizon]:
            for slot in self._buckets.pop(key).slots.view().tolist():
                del self._signals[slot]

    # --- state ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Versioned state (an .npz, no pickles): every article's story, story spans, and the
        retained articles' signals bucket by bucket in row order, from which graphs are rebuilt."""
        if any("\n" in article_id for article_id in self._ids):
            raise ValueError("article ids must not contain newlines")
        keys = list(self._buckets)
        rows = [slot for key in keys for slot in self._buckets[key].slots.view().tolist()]
        config = {"dim": self.dim, "window": self.window, "lateness": self.lateness,
                  "neighbours": self.neighbours, "pending_limit": self.pending_limit,
                  "graph_options": self.graph_options, "clock": self.clock,
                  "buckets": [[key, self._buckets[key].slots.size, self._buckets[key].indexed]
                              for key in keys]}
        arrays = {
            "version": np.array(STATE_VERSION),
            "config": _text_array(json.dumps(config)),
            "ids": _text_array("\n".join(self._ids)),
            "story_of": self._story_of.view(),
            "founders": np.array(self._founders, np.int64),
            "spans": self._spans.view(),
            "rows": np.array(rows, np.int64),
            "vectors": np.concatenate([self._buckets[key].vectors.view() for key in keys])
                       if keys else np.empty((0, self.dim), np.float32),
            "signals": _text_array(json.dumps([_signals_fields(self._signals[slot]) for slot in rows])),
        }
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes, scorer: PairScorer = pair_score,
                   threshold: float = SAME_STORY_THRESHOLD, *,
                   batch_scorer: BatchScorer | None = None) -> StoryIndex:
        """The index saved by `to_bytes`. Scorer and threshold are code, so they are passed again;
        window, search settings and graphs come from the state."""
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            version = int(saved["version"])
            if version != STATE_VERSION:
                raise ValueError(f"story index state version {version}, expected {STATE_VERSION}")
            config = json.loads(_text(saved["config"]))
            options = config["graph_options"]
            index = cls(dim=config["dim"], window=timedelta(seconds=config["window"]),
                        scorer=scorer, threshold=threshold, batch_scorer=batch_scorer,
                        lateness=timedelta(seconds=config["lateness"]),
                        neighbours=config["neighbours"], pending_limit=config["pending_limit"],
                        connectivity=options["connectivity"], expansion_add=options["expansion_add"],
                        expansion_search=options["expansion_search"], graph_dtype=options["dtype"])
            index.clock = config["clock"]
            text = _text(saved["ids"])
            index._ids = text.split("\n") if text else []
            index._slot = {article_id: slot for slot, article_id in enumerate(index._ids)}
            index._story_of.load(saved["story_of"])
            index._spans.load(saved["spans"])
            index._founders = saved["founders"].tolist()
            index._members = [[] for _ in index._founders]
            for slot, number in enumerate(saved["story_of"].tolist()):
                index._members[number].append(slot)
            rows, vectors = saved["rows"].tolist(), saved["vectors"]
            others = json.loads(_text(saved["signals"]))
        start = 0
        for key, size, indexed in config["buckets"]:
            bucket = index._buckets[key] = _Bucket(index.dim, index.graph_options)
            for row in range(start, start + size):
                bucket.append(rows[row], vectors[row])
                index._signals[rows[row]] = Signals(vector=vectors[row].copy(), **_signals_from(others[row]))
            bucket.index_rows(indexed)
            start += size
        return index

def story_score(scores: list[float]) -> float:
    """A story's score from its members' pair scores: the mean of the better half."""
    best = sorted(scores, reverse=True)[:(len(scores) + 1) // 2]
    return sum(best) / len(best)


def recluster(articles: Iterable[tuple[str, Signals]], **options) -> StoryIndex:
    """A fresh index over all articles replayed in publication order (undated last, then by id):
    the same articles always give the same stories."""
    index = StoryIndex(**options)
    index.assign_many(sorted(articles, key=replay_order))
    return index


# --- state helpers ---------------------------------------------------------------------------------

def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), np.uint8)


def _text(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def _signals_fields(signals: Signals) -> dict:
    """JSON form of every Signals field except the vector (saved as an array)."""
    fields = {}
    for field in dataclasses.fields(Signals):
        value = getattr(signals, field.name)
        if field.name == "vector":
            continue
        if isinstance(value, datetime):
            value = {"datetime": value.isoformat()}
        elif isinstance(value, frozenset):
            value = {"set": sorted(value)}
        fields[field.name] = value
    return fields


def _signals_from(fields: dict) -> dict:
    known = {field.name for field in dataclasses.fields(Signals)}
    restored = {}
    for name, value in fields.items():
        if name not in known:
            continue
        if isinstance(value, dict) and "datetime" in value:
            value = datetime.fromisoformat(value["datetime"])
        elif isinstance(value, dict) and "set" in value:
            value = frozenset(value["set"])
        restored[name] = value
    return restored
