"""crosswire: multilingual news intelligence, offline.

The public Python API; the CLI, REST API and web UI are thin shells over it::

    import crosswire
    with crosswire.open("news.db") as cw:
        cw.ingest(["articles/"])
        for article in cw.articles():
            print(article.id, article.language, article.title)
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crosswire.ingest import DEFAULT_MAX_BYTES, MissingPath
from crosswire.pipeline import IngestReport, Pipeline
from crosswire.reconcile.facts import story_facts
from crosswire.reconcile.timeline import story_timeline
from crosswire.records import Article, Quarantined, Story, to_dict
from crosswire.store import UnknownId, open_store

__all__ = ["open", "Crosswire", "Article", "Story", "Quarantined", "IngestReport", "SearchHit", "MAX_QUERY_CHARS",
           "MissingPath", "UnknownId", "default_db_path"]
__version__ = "0.1.0"


def default_db_path() -> str:
    return os.environ.get("CROSSWIRE_DB") or "crosswire.db"


@dataclass
class SearchHit:
    article: str        # article id
    segment: int        # segment index within the article
    score: float        # higher is better
    snippet: str
    title: str | None
    language: str


class Crosswire:
    """One database of articles and stories, and everything a user does with it."""

    def __init__(self, path: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = str(path or default_db_path())
        self.store = open_store(self.path)
        self.pipeline = Pipeline(self.store, max_bytes=max_bytes)

    def __enter__(self) -> Crosswire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(self, paths: Iterable[str | os.PathLike], progress: bool = False,
               stories: bool = True, workers: int | None = None) -> IngestReport:
        """Ingest files, directories and globs; bad inputs are quarantined, the rest goes on.

        New articles join stories in the same run; with `stories=False` they wait for the next
        ingest that clusters (or `recluster`). `workers` processes (default: one per core) build
        articles; the result does not depend on how many."""
        return self.pipeline.ingest([str(p) for p in paths], progress=progress, stories=stories,
                                    workers=workers)

    def articles(self, with_segments: bool = True) -> list[Article]:
        return self.store.articles(with_segments=with_segments)

    def article(self, id_or_prefix: str) -> Article:
        return self.store.article(id_or_prefix)

    def quarantined(self) -> list[Quarantined]:
        return self.store.quarantined()

    def search(self, query: str, limit: int = 20, semantic: bool = True) -> list[SearchHit]:
        """Articles matching a query in any language, best first.

        Three rankings are fused by reciprocal rank: full-text hits (exact words), semantic hits
        (the cross-lingual encoder) and canonical entities named in the query (an English
        "Almaty" finds আলমাটি, ألماتي and Αλμάτι), so a query in one language finds all of them.
        A query without a single word finds nothing; one over MAX_QUERY_CHARS is refused.
        """
        if len(query) > MAX_QUERY_CHARS:
            raise ValueError(f"query too long: {len(query)} characters (at most {MAX_QUERY_CHARS})")
        if not any(ch.isalnum() for ch in query):
            return []
        fused: dict[str, float] = {}
        snippets: dict[str, tuple[int, str]] = {}
        for rank, (article_id, idx, _, snippet) in enumerate(self._best_segment_per_article(query, limit * 3)):
            fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (RRF_K + rank)
            snippets[article_id] = (idx, snippet)
        if semantic:
            for rank, (article_id, _) in enumerate(self.pipeline.semantic_neighbours(query, limit * 3)):
                fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (RRF_K + rank)
        keys = self.pipeline.query_entities(query)
        for rank, (article_id, _, _) in enumerate(self.store.articles_with_entities(keys, limit * 3)):
            fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(fused, key=lambda a: (-fused[a], a))[:limit]
        hits = []
        for article_id in best:
            article = self.store.article(article_id)
            idx, snippet = snippets.get(article_id, (0, _lead(article)))
            hits.append(SearchHit(article_id, idx, round(fused[article_id], 5), snippet, article.title,
                                  article.language))
        return hits

    def _best_segment_per_article(self, query: str, limit: int) -> list[tuple[str, int, float, str]]:
        seen: set[str] = set()
        out = []
        for hit in self.store.search_text(query, limit):
            if hit[0] not in seen:
                seen.add(hit[0])
                out.append(hit)
        return out

    def stories(self) -> list[Story]:
        return self.store.stories()

    def story(self, id_or_prefix: str) -> Story:
        return self.store.story(id_or_prefix)

    def story_view(self, id_or_prefix: str) -> dict:
        """A story with its articles (language, outlet, title, time) and translation/near-copy
        links, its entities, its facts (every source's figures lined up, with a status and an
        estimate), its timeline and its anomalous dates."""
        story = self.store.story(id_or_prefix)
        members = self.store.articles(with_segments=True, ids=story.articles)
        links = self.pipeline.copy_links(members)
        view = to_dict(story)
        view["articles"] = [
            {"id": a.id, "language": a.language, "outlet": a.outlet, "source": a.source, "title": a.title,
             "published": a.published, "published_inferred": a.published_inferred,
             "machine_translated": a.machine_translated, "links": links.get(a.id, [])}
            for a in members
        ]
        view["entities"] = [to_dict(e) for e in self.pipeline.story_entities(members)]
        view["facts"] = [to_dict(f) for f in story_facts(members)]
        timeline, anomalies = story_timeline(members, self.pipeline.encoder.encode)
        view["timeline"] = [to_dict(e) for e in timeline]
        view["anomalies"] = [to_dict(a) for a in anomalies]
        return view

    def recluster(self, progress: bool = False) -> int:
        """Rebuild all stories deterministically (publication order); returns how many there are."""
        return self.pipeline.recluster(progress=progress)


RRF_K = 60
MAX_QUERY_CHARS = 1000      # a search is words, not a document: longer queries cost minutes


def _lead(article: Article, size: int = 160) -> str:
    text = " ".join(article.text().split())
    return text[:size] + ("…" if len(text) > size else "")


def open(path: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Crosswire:  # noqa: A001
    """Open (or create) a crosswire database; `path` defaults to $CROSSWIRE_DB, then ./crosswire.db."""
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Crosswire(path, max_bytes=max_bytes)
