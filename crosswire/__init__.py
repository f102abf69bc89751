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
from crosswire.records import Article, Quarantined, Story
from crosswire.store import UnknownId
from crosswire.store.sqlite import SQLiteStore

__all__ = ["open", "Crosswire", "Article", "Story", "Quarantined", "IngestReport", "SearchHit",
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
        self.store = SQLiteStore(self.path)
        self.pipeline = Pipeline(self.store, max_bytes=max_bytes)

    def __enter__(self) -> Crosswire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(self, paths: Iterable[str | os.PathLike], progress: bool = False) -> IngestReport:
        """Ingest files, directories and globs; bad inputs are quarantined, the rest goes on."""
        return self.pipeline.ingest([str(p) for p in paths], progress=progress)

    def articles(self, with_segments: bool = True) -> list[Article]:
        return self.store.articles(with_segments=with_segments)

    def article(self, id_or_prefix: str) -> Article:
        return self.store.article(id_or_prefix)

    def quarantined(self) -> list[Quarantined]:
        return self.store.quarantined()

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text hits over segment text, best first."""
        hits = []
        for article_id, idx, rank, snippet in self.store.search_text(query, limit):
            article = self.store.article(article_id)
            hits.append(SearchHit(article_id, idx, -rank, snippet, article.title, article.language))
        return hits

    def stories(self) -> list[Story]:
        return self.store.stories()

    def story(self, id_or_prefix: str) -> Story:
        return self.store.story(id_or_prefix)


def open(path: str | os.PathLike | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Crosswire:  # noqa: A001
    """Open (or create) a crosswire database; `path` defaults to $CROSSWIRE_DB, then ./crosswire.db."""
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Crosswire(path, max_bytes=max_bytes)
