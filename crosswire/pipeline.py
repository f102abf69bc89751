"""The pipeline: the one place that knows the order of the stages and touches the store.

Per document: clean (in reading order: it reads and updates the per-outlet line statistics) →
language + sentences → publication time → extraction → Article, saved in one transaction. The
stages after cleaning are pure, so they run in worker processes (`workers`) while this process
reads, cleans and writes, in input order: any number of workers gives the same articles. Then, in
bounded batches in publication order: encode the new articles → assign stories (the index's state
loaded from and saved to the store) → date each touched story (undated articles, anomalies).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from tqdm import tqdm

from crosswire import clean, encode, extract, language, similarity
from crosswire.ingest import DEFAULT_MAX_BYTES, discover, read_path, source_name
from crosswire.records import Article, Document, Entity, Quarantined, Segment, Story, content_id
from crosswire.stories import StoryIndex, replay_key
from crosswire.store import Store


@dataclass
class IngestReport:
    files: int = 0
    documents: int = 0
    new: list[str] = field(default_factory=list)          # ids of articles added
    known: list[str] = field(default_factory=list)        # ids seen before (maybe from a new source)
    quarantined: list[Quarantined] = field(default_factory=list)
    stories: dict[str, str] = field(default_factory=dict)  # article id -> story id, for articles clustered now

    def to_dict(self) -> dict:
        return {"files": self.files, "documents": self.documents, "new": len(self.new),
                "known": len(self.known), "quarantined": [q.__dict__ for q in self.quarantined],
                "articles": self.new, "stories": self.stories}


_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.+)$")


def outlet_of(doc: Document) -> str | None:
    """The publisher: given, else the URL's host (an archived copy's original host), no "www."."""
    if doc.outlet:
        return doc.outlet
    url = doc.url
    archived = _ARCHIVED.match(url) if url else None
    if archived:
        url = archived.group(1) if "://" in archived.group(1) else "http://" + archived.group(1)
    host = urlparse(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


def annotate_languages(segments: list[Segment], declared: str | None) -> None:
    """Language and sentences per segment; a declared language fills in what detection cannot."""
    for seg in segments:
        seg.language = language.detect(seg.text)
        if seg.language == "und" and declared and seg.kind == "body":
            seg.language = declared
        seg.sentences = language.sentences(seg.text, seg.language)


def build_article(doc: Document, outlet_lines: clean.OutletLines | None = None,
                  segments: list[Segment] | None = None) -> Article:
    """All per-article stages over one document (pure: no store); `segments` when it was already
    cleaned."""
    outlet = outlet_of(doc)
    if segments is None:
        segments = clean.segment(doc.content, outlet, outlet_lines)
    annotate_languages(segments, doc.language)
    content = [s for s in segments if s.kind in ("body", "post")]
    weights = [(s.language, len(s.text)) for s in (content or segments)]
    lang = language.dominant(weights)
    if lang == "und" and doc.language:
        lang = doc.language
    published, inferred = doc.published, False
    if not published:
        published = extract.infer_published(segments)
        inferred = published is not None
    first = next((s.text for s in segments if s.kind == "body"), "")
    title = doc.title or (first if 0 < len(first) <= 200 and "\n" not in first else None)
    source = {"source": doc.source, "outlet": outlet, "url": doc.url, "format": doc.format, "author": doc.author}
    article = Article(
        id=content_id(doc.content), sources=[source], title=title, published=published,
        published_inferred=inferred, language=lang,
        machine_translated=any(s.kind == "notice" for s in segments), segments=segments,
    )
    found = extract.extract(article)
    article.entities, article.mentions, article.counts, article.dates = (
        found.entities, found.mentions, found.counts, found.dates)
    return article


class Pipeline:
    """Runs documents through the stages and keeps the store in step, one article per transaction."""

    def __init__(self, store: Store, max_bytes: int = DEFAULT_MAX_BYTES, encoder: str | None = None):
        self.store = store
        self.max_bytes = max_bytes
        self.encoder_name = encoder
        self._names: Callable[[list[str]], list[np.ndarray]] | None = None
        raw = store.get_state("outlet_lines")
        self.outlet_lines = clean.OutletLines()
        if raw:
            self.outlet_lines.seen.update(json.loads(raw))

    def ingest(self, paths: Iterable[str], progress: bool = False, stories: bool = True,
               workers: int | None = None) -> IngestReport:
        """Read, clean and extract every document, then (unless `stories` is off, for a bulk load
        to be clustered later) encode the new articles and place them in stories. `workers`
        processes (default: one per core) build articles; documents are streamed, so memory does
        not grow with the input."""
        own = {Path(self.store.path + suffix).resolve() for suffix in ("", "-wal", "-shm", "-journal")}
        files = [f for f in discover(paths) if f.resolve() not in own]  # never ingest the database itself
        report = IngestReport(files=len(files))
        bar = tqdm(desc="ingest", unit="article", file=sys.stderr, disable=not progress)
        batch = _Batch()      # spans files: a folder of single-article files is built in parallel too
        with Builder(workers or os.cpu_count() or 1) as builder:
            for number, path in enumerate(files, 1):
                bar.set_postfix_str(f"file {number}/{len(files)}", refresh=False)
                self.store.clear_quarantine(source_name(path))
                for item in _read_safely(path, self.max_bytes):
                    if isinstance(item, Quarantined):
                        self._quarantine(item, report)
                        continue
                    report.documents += 1
                    self._prepare(item, batch, report)
                    if len(batch.jobs) >= builder.batch_size:
                        bar.update(self._flush(batch, builder, report))
            bar.update(self._flush(batch, builder, report))
        bar.close()
        if stories:
            report.stories = self.cluster(progress=progress)
        return report

    def _quarantine(self, item: Quarantined, report: IngestReport) -> None:
        self.store.quarantine(item)
        report.quarantined.append(item)

    def _prepare(self, doc: Document, batch: _Batch, report: IngestReport) -> None:
        """The in-order part of ingest: known articles get a source, new ones are cleaned (against
        the outlet's line statistics, then counted in them) and queued for the workers."""
        article_id = content_id(doc.content)
        outlet = outlet_of(doc)
        source = {"source": doc.source, "outlet": outlet, "url": doc.url, "format": doc.format,
                  "author": doc.author}
        if article_id in batch.queued:
            batch.sources.append((article_id, source))
            report.known.append(article_id)
            return
        if self.store.has_article(article_id):
            self.store.add_source(article_id, source)
            report.known.append(article_id)
            return
        try:
            segments = clean.segment(doc.content, outlet, self.outlet_lines)
        except Exception as e:  # noqa: BLE001 — one document never stops a batch
            self._quarantine(Quarantined(doc.source, f"could not be cleaned: {type(e).__name__}: {e}"), report)
            return
        if not any(s.kind in ("body", "post") for s in segments):
            self._quarantine(Quarantined(doc.source, "no article text: every paragraph is boilerplate or a notice"),
                             report)
            return
        self.outlet_lines.observe(outlet, clean.paragraphs(doc.content))
        batch.queued.add(article_id)
        batch.jobs.append((doc, segments))

    def _flush(self, batch: _Batch, builder: Builder, report: IngestReport) -> int:
        """Build the queued articles (in order), save each in its own transaction, then the
        sources of duplicates within the batch and the outlet statistics. Returns how many."""
        done, failed = 0, {}
        for (doc, _), article in zip(batch.jobs, builder.build(batch.jobs)):
            if isinstance(article, Quarantined):
                self._quarantine(article, report)
                failed[content_id(doc.content)] = article.reason
                continue
            self.store.save_article(article)
            report.new.append(article.id)
            done += 1
        for article_id, source in batch.sources:
            if article_id in failed:       # the same text again: it fails the same way
                report.known.remove(article_id)
                self._quarantine(Quarantined(source["source"], failed[article_id]), report)
            else:
                self.store.add_source(article_id, source)
        self.store.put_state("outlet_lines", json.dumps(self.outlet_lines.seen).encode())
        batch.jobs.clear()
        batch.sources.clear()
        batch.queued.clear()
        return done

    # -- stories --------------------------------------------------------------------------------
    @property
    def encoder(self) -> encode.Encoder:
        return encode.load(self.encoder_name)

    def vectors_for(self, articles: list[Article]) -> dict[str, np.ndarray]:
        """Stored vectors, encoding (and storing) only the articles that have none yet.

        Vectors from another encoder or representation are not comparable with new ones (nor with
        the fitted score), so a change of either drops them all first."""
        tag = f"{self.encoder.name}:{encode.DEFAULT_REPRESENTATION}".encode()
        if self.store.get_state("vectors") != tag:
            self.store.drop_vectors()
            self.store.put_state("vectors", tag)
        stored = {k: encode.unpack(v) for k, v in self.store.vectors([a.id for a in articles]).items()}
        missing = [a for a in articles if a.id not in stored]
        for start in range(0, len(missing), ENCODE_BATCH):
            batch = missing[start:start + ENCODE_BATCH]
            packed = {a.id: encode.pack(v) for a, v in zip(batch, encode.encode_articles(self.encoder, batch))}
            self.store.put_vectors(packed)
            stored.update({k: encode.unpack(v) for k, v in packed.items()})  # as stored: reruns see the same
        return stored

    def semantic_neighbours(self, query: str, limit: int) -> list[tuple[str, float]]:
        """Articles whose vectors are nearest to the query's (exact scan over stored vectors)."""
        stored = self.store.vectors()
        if not stored:
            return []
        ids = sorted(stored)
        matrix = np.stack([encode.unpack(stored[i]) for i in ids]).astype(np.float32)
        scores = matrix @ self.encoder.encode_query([query])[0]
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(ids[i], float(scores[i])) for i in order]

    def copy_links(self, members: list[Article]) -> dict[str, list[dict]]:
        """Within a story: which article translates (other language) or nearly copies (same
        language) an earlier one, with the evidence. The later article points at the earlier."""
        vectors = self.vectors_for(members)
        ordered = sorted(members, key=lambda a: (a.published is None, a.published or "", a.id))
        sigs = {a.id: article_signals(a, vectors[a.id]) for a in ordered}
        links: dict[str, list[dict]] = {}
        for i, later in enumerate(ordered):
            for earlier in ordered[:i]:
                link = similarity.translation_link(later, earlier, sigs[later.id], sigs[earlier.id])
                if link:
                    links.setdefault(later.id, []).append({"of": earlier.id, **link})
        return links

    def story_entities(self, members: list[Article]) -> list[Entity]:
        """Entities merged across a story's articles, most widely reported first; names translated
        rather than transliterated are linked through the encoder."""
        from crosswire.extract.entities import link_story

        if self._names is None:
            self._names = encode.name_embedder(self.encoder)
        return sorted(link_story(members, embed_names=self._names),
                      key=lambda e: (-len(e.articles), -len(e.forms), e.name))

    @staticmethod
    def query_entities(query: str) -> list[str]:
        """Canonical entity keys a search query names (places, countries, organisations, people).

        Names in running text are found by their capitals in cased scripts; a query is also looked up
        run by run (3, 2, then 1 words) in the gazetteer, whatever its case ("almaty protests")."""
        from crosswire.extract.entities import extract_entities
        from crosswire.extract.gazetteer import fold, gazetteer

        segment = Segment("body", query, language.detect(query))
        segment.sentences = language.sentences(query, segment.language)
        probe = Article(id="query", sources=[], title=None, published=None, published_inferred=False,
                        language=segment.language, machine_translated=False, segments=[segment])
        keys = {m.entity for m in extract_entities(probe)[1]}
        words, used = re.findall(r"[\w'’.-]+", query), set()
        for n in (3, 2, 1):  # longest runs first: "new york" before "york"
            for i in range(len(words) - n + 1):
                span = set(range(i, i + n))
                phrase = " ".join(words[i:i + n])
                known = [] if span & used else gazetteer().lookup(fold(phrase))
                acronym = gazetteer().acronym(phrase.upper(), probe.language) if n == 1 else None
                known = known or ([acronym] if acronym else [])
                best = max(known, key=lambda k: k.population) if known else None
                # a lone word is a place name only if the place is big ("police" is a Polish town)
                if best and (n > 1 or best.type != "place" or best.population >= QUERY_PLACE_MIN_POPULATION):
                    keys.add(best.key)
                    used |= span
        return sorted(keys)

    def load_index(self) -> StoryIndex:
        raw = self.store.get_state("stories")
        if raw:
            return StoryIndex.from_bytes(raw, batch_scorer=similarity.pair_scores)
        return StoryIndex(batch_scorer=similarity.pair_scores)

    def cluster(self, progress: bool = False) -> dict[str, str]:
        """Put every article that has no story yet into one, in publication order."""
        times = self.store.article_times(unassigned=True)
        return self._place(self.load_index(), times, progress) if times else {}

    def recluster(self, progress: bool = False) -> int:
        """Rebuild every story from scratch, replaying all articles in publication order."""
        times = self.store.article_times()
        self.store.reset_stories()
        assigned = self._place(StoryIndex(batch_scorer=similarity.pair_scores), times, progress)
        return len(set(assigned.values()))

    def _place(self, index: StoryIndex, times: list[tuple[str, str | None]], progress: bool) -> dict[str, str]:
        """Assign articles to stories in publication order, CLUSTER_BATCH at a time (loaded,
        encoded, placed and saved per batch, so memory does not grow with the backlog; the
        index places articles one by one, so batching changes nothing)."""
        order = [i for i, _ in sorted(times, key=lambda t: replay_key(t[0], similarity.parse_published(t[1])))]
        assigned: dict[str, str] = {}
        bar = tqdm(total=len(order), desc="stories", unit="article", file=sys.stderr, disable=not progress)
        for start in range(0, len(order), CLUSTER_BATCH):
            ids = order[start:start + CLUSTER_BATCH]
            articles = {a.id: a for a in self.store.articles(ids=ids)}
            vectors = self.vectors_for(list(articles.values()))
            items = [(i, article_signals(articles[i], vectors[i])) for i in ids]
            placed = dict(zip(ids, index.assign_many(items)))
            self._save_stories(index, placed)
            assigned.update(placed)
            bar.update(len(ids))
        bar.close()
        return assigned

    def _save_stories(self, index: StoryIndex, assigned: dict[str, str]) -> None:
        touched = sorted(set(assigned.values()))
        members = {sid: index.members(sid) for sid in touched}
        known = {a.id: a for a in self.store.articles(with_segments=False,
                                                      ids=sorted({m for ms in members.values() for m in ms}))}
        for sid, ms in members.items():     # an untitled story is named by its founder's lead
            if sid in known and not any(known[m].title for m in ms if m in known):
                known[sid] = self.store.article(sid)
        stories = [story_record(sid, [known[m] for m in ms if m in known]) for sid, ms in members.items()]
        self.store.set_stories(stories, assigned, index.to_bytes())
        for ids in members.values():
            for article in extract.date_story(self.store.articles(ids=ids)):
                self.store.update_dates(article)


ENCODE_BATCH = 32
CLUSTER_BATCH = 1000
JOBS_PER_WORKER = 16     # articles queued per worker before a flush: bounds memory, keeps workers busy


@dataclass
class _Batch:
    """New documents cleaned and waiting for the workers, and sources of their duplicates."""
    jobs: list[tuple[Document, list[Segment]]] = field(default_factory=list)
    queued: set[str] = field(default_factory=set)
    sources: list[tuple[str, dict]] = field(default_factory=list)


# Seconds one document may take to build (language, extraction). Extraction is bounded by
# extract.EXTRACT_CHARS, so this is a backstop for input no rule foresaw, not a normal path.
BUILD_SECONDS = 120.0


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TooSlow in this thread after `seconds` (a real-time timer; only the main thread of
    a process can take signals, so elsewhere — a web server's worker thread — there is no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _build(job: tuple[Document, list[Segment]]) -> Article | Quarantined:
    doc, segments = job
    try:
        with _time_limit(BUILD_SECONDS):
            return build_article(doc, segments=segments)
    except _TooSlow:
        return Quarantined(doc.source, f"took longer than {BUILD_SECONDS:g} s to process "
                                       f"({len(doc.content):,} characters): not ingested")
    except Exception as e:  # noqa: BLE001 — one document never stops a batch: it is quarantined, named
        return Quarantined(doc.source, f"could not be processed: {type(e).__name__}: {e}")


def _read_safely(path: Path, max_bytes: int) -> Iterable[Document | Quarantined]:
    """The file's documents; a reader that fails unexpectedly ends the file with a quarantine
    entry saying why, and the batch goes on."""
    try:
        yield from read_path(path, max_bytes)
    except Exception as e:  # noqa: BLE001
        yield Quarantined(source_name(path), f"could not be read: {type(e).__name__}: {e}")


def _warm_up() -> None:
    language.detect("warm up the language model")


class Builder:
    """Builds articles from cleaned documents, in order: in this process, or in `workers` spawned
    processes once a batch is big enough to pay for starting them (spawned, not forked: the
    parent holds threads of onnxruntime and the language model)."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.batch_size = JOBS_PER_WORKER * self.workers
        self._pool = None

    def build(self, jobs: list[tuple[Document, list[Segment]]]) -> Iterable[Article | Quarantined]:
        if self.workers == 1 or len(jobs) < 4 * self.workers:
            return map(_build, jobs)
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers, initializer=_warm_up)
        return self._pool.imap(_build, jobs, chunksize=2)

    def __enter__(self) -> Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
QUERY_PLACE_MIN_POPULATION = 200_000


def article_signals(article: Article, vector: np.ndarray) -> similarity.Signals:
    return similarity.signals(article, vector, names=[e.key for e in article.entities])


def story_title(story_id: str, members: list[Article]) -> str | None:
    """What a story is called: its founder's title, else the earliest member headline, else the
    founder's lead sentence (shortened)."""
    founder = next((a for a in members if a.id == story_id), members[0] if members else None)
    if founder is None:
        return None
    if founder.title:
        return founder.title
    titled = sorted((a for a in members if a.title), key=lambda a: (a.published or "~", a.id))
    if titled:
        return titled[0].title
    for seg in founder.segments:
        if seg.kind == "body" and seg.text.strip():
            lead = (seg.sentences[0].text if seg.sentences else seg.text).strip()
            lead = " ".join(lead.split())
            return lead if len(lead) <= TITLE_CHARS else lead[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return None


TITLE_CHARS = 120


def story_record(story_id: str, members: list[Article]) -> Story:
    """A story's summary row: its title and the span of its members' publication times."""
    dated = sorted(a.published for a in members if a.published)
    return Story(id=story_id, title=story_title(story_id, members), articles=[a.id for a in members],
                 languages=sorted({a.language for a in members}),
                 first_published=dated[0] if dated else None, last_published=dated[-1] if dated else None)
