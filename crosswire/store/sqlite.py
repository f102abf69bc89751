"""SQLite store: WAL, versioned schema with migrations, FTS5 over segment text.

Each article is written in one transaction with its segments, sources and search rows, so a crash
or Ctrl-C mid-batch leaves whole articles only, and a re-run completes the batch.
"""
from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from crosswire.records import (
    Article, Count, DateRef, Entity, Mention, Quarantined, Segment, Sentence, Story,
)
from crosswire.store import UnknownId

MIGRATIONS: list[str] = [
    # 1: articles, their sources and segments, full-text search, quarantine, vectors, state
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT,
        published TEXT,
        published_inferred INTEGER NOT NULL DEFAULT 0,
        language TEXT NOT NULL,
        machine_translated INTEGER NOT NULL DEFAULT 0,
        extracted TEXT NOT NULL DEFAULT '{}',
        story TEXT,
        added_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_story ON articles(story);
    CREATE TABLE sources (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        outlet TEXT,
        url TEXT,
        format TEXT,
        author TEXT,
        added_at TEXT NOT NULL,
        PRIMARY KEY (article_id, source)
    );
    CREATE TABLE segments (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT, handle TEXT, date TEXT, reason TEXT,
        sentences TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (article_id, idx)
    );
    CREATE VIRTUAL TABLE segments_fts USING fts5(
        text, article_id UNINDEXED, idx UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE quarantine (
        source TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE vectors (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        vector BLOB NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_published TEXT,
        last_published TEXT
    );
    CREATE TABLE state (
        name TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
    # 2: canonical entities per article, for cross-lingual search by entity
    """
    CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, key)
    );
    CREATE INDEX article_entities_key ON article_entities(key);
    INSERT INTO article_entities
        SELECT a.id, json_extract(m.value, '$.entity'), count(*)
        FROM articles a, json_each(a.extracted, '$.mentions') m GROUP BY 1, 2;
    """,
]


_SINGULAR = {"articles": "article", "stories": "story"}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SQLiteStore:
    def __init__(self, path: str):
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self._set_wal()
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _set_wal(self, patience_s: float = 30.0) -> None:
        """WAL mode; switching needs the database to itself and SQLite does not wait for that, so
        a process opening a new database while another does retries instead of failing."""
        deadline = time.monotonic() + patience_s
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # -- schema -------------------------------------------------------------------------------
    def _migrate(self) -> None:
        """Each step reads the version under the write lock, so processes opening a new database
        at the same time apply every step once."""
        while True:
            with self.transaction():
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version >= len(MIGRATIONS):
                    return
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {version + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- articles -----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_source(self, article_id: str, source: dict[str, Any]) -> bool:
        """Record another place an existing article came from; False when already known."""
        with self.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article_id, source["source"], source.get("outlet"), source.get("url"),
                 source.get("format"), source.get("author"), _now()))
            self.db.execute("DELETE FROM quarantine WHERE source = ?", (source["source"],))
        return cur.rowcount > 0

    def save_article(self, article: Article, vector: bytes | None = None) -> None:
        extracted = {
            "entities": [e.__dict__ for e in article.entities],
            "mentions": [m.__dict__ for m in article.mentions],
            "counts": [c.__dict__ for c in article.counts],
            "dates": [d.__dict__ for d in article.dates],
        }
        with self.transaction():
            inserted = self.db.execute(
                "INSERT OR IGNORE INTO articles (id, title, published, published_inferred, language, "
                "machine_translated, extracted, story, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.title, article.published, int(article.published_inferred),
                 article.language, int(article.machine_translated), json.dumps(extracted, ensure_ascii=False),
                 article.story, _now())).rowcount
            # another process saved the same text first: the same article (ids are content
            # hashes), so only its sources are added — never a replace, which would delete theirs
            for i, seg in enumerate(article.segments if inserted else ()):
                self.db.execute(
                    "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article.id, i, seg.kind, seg.language, seg.text, seg.author, seg.handle, seg.date,
                     seg.reason, json.dumps([[s.start, s.end] for s in seg.sentences])))
                self.db.execute("INSERT INTO segments_fts (text, article_id, idx) VALUES (?, ?, ?)",
                                (seg.text, article.id, i))
            for src in article.sources:
                self.db.execute(
                    "INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (article.id, src["source"], src.get("outlet"), src.get("url"), src.get("format"),
                     src.get("author"), _now()))
                self.db.execute("DELETE FROM quarantine WHERE source = ?", (src["source"],))
            if not inserted:
                return
            if vector is not None:
                self.db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?)", (article.id, vector))
            keys = Counter(m.entity for m in article.mentions)
            self.db.executemany("INSERT INTO article_entities VALUES (?, ?, ?)",
                                [(article.id, k, n) for k, n in keys.items()])

    def update_dates(self, article: Article) -> None:
        """Save a story-level re-dating: publication time, inferred flag and the article's dates."""
        with self.transaction():
            row = self.db.execute("SELECT extracted FROM articles WHERE id = ?", (article.id,)).fetchone()
            extracted = json.loads(row["extracted"])
            extracted["dates"] = [d.__dict__ for d in article.dates]
            self.db.execute("UPDATE articles SET published = ?, published_inferred = ?, extracted = ? WHERE id = ?",
                            (article.published, int(article.published_inferred),
                             json.dumps(extracted, ensure_ascii=False), article.id))

    def resolve(self, table: str, id_or_prefix: str) -> str:
        """The full id for a unique prefix of 6+ characters."""
        if len(id_or_prefix) < 6:
            raise UnknownId(f"id prefix too short (6 characters at least): {id_or_prefix}")
        rows = self.db.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2",
                               (id_or_prefix, id_or_prefix + "\uffff")).fetchall()
        if not rows:
            raise UnknownId(f"no {_SINGULAR[table]} with id {id_or_prefix}")
        if len(rows) > 1:
            raise UnknownId(f"ambiguous id prefix {id_or_prefix}")
        return rows[0]["id"]

    def article(self, id_or_prefix: str) -> Article:
        article_id = self.resolve("articles", id_or_prefix)
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row, with_segments=True)

    def articles(self, with_segments: bool = True, ids: list[str] | None = None,
                 unassigned: bool = False) -> list[Article]:
        """Articles in publication order (undated last); only `ids`, or only those in no story yet."""
        where, params = [], []
        if ids is not None:
            where.append(f"id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if unassigned:
            where.append("story IS NULL")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.execute(f"SELECT * FROM articles {clause} ORDER BY published IS NULL, published, id",
                               params).fetchall()
        return [self._article(r, with_segments) for r in rows]

    def article_times(self, unassigned: bool = False) -> list[tuple[str, str | None]]:
        """(id, published) of every article (or those in no story yet): what ordering needs,
        without loading the articles."""
        clause = "WHERE story IS NULL" if unassigned else ""
        return [(r["id"], r["published"]) for r in self.db.execute(f"SELECT id, published FROM articles {clause}")]

    def _article(self, row: sqlite3.Row, with_segments: bool) -> Article:
        sources = [
            {k: r[k] for k in ("source", "outlet", "url", "format", "author")}
            for r in self.db.execute("SELECT * FROM sources WHERE article_id = ? ORDER BY rowid",
                                     (row["id"],))
        ]
        segments = []
        if with_segments:
            for r in self.db.execute("SELECT * FROM segments WHERE article_id = ? ORDER BY idx", (row["id"],)):
                text = r["text"]
                sentences = [Sentence(text[a:b], a, b) for a, b in json.loads(r["sentences"])]
                segments.append(Segment(r["kind"], text, r["language"], sentences, r["author"], r["handle"],
                                        r["date"], r["reason"]))
        extracted = json.loads(row["extracted"])
        return Article(
            id=row["id"], sources=sources, title=row["title"], published=row["published"],
            published_inferred=bool(row["published_inferred"]), language=row["language"],
            machine_translated=bool(row["machine_translated"]), segments=segments,
            entities=[Entity(**e) for e in extracted.get("entities", [])],
            mentions=[Mention(**m) for m in extracted.get("mentions", [])],
            counts=[Count(**c) for c in extracted.get("counts", [])],
            dates=[DateRef(**d) for d in extracted.get("dates", [])],
            story=row["story"],
        )

    def search_text(self, query: str, limit: int = 20) -> list[tuple[str, int, float, str]]:
        """(article id, segment index, bm25 rank, snippet) for a full-text query, best first."""
        terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT article_id, idx, bm25(segments_fts) AS rank, "
            "snippet(segments_fts, 0, '[', ']', '…', 12) AS snip "
            "FROM segments_fts WHERE segments_fts MATCH ? ORDER BY rank LIMIT ?", (terms, limit)).fetchall()
        return [(r["article_id"], int(r["idx"]), float(r["rank"]), r["snip"]) for r in rows]

    def articles_with_entities(self, keys: list[str], limit: int = 50) -> list[tuple[str, int, int]]:
        """(article id, how many of the keys it names, total mentions), best first."""
        if not keys:
            return []
        rows = self.db.execute(
            f"SELECT article_id, count(*) AS n, sum(mentions) AS m FROM article_entities "
            f"WHERE key IN ({','.join('?' * len(keys))}) GROUP BY article_id ORDER BY n DESC, m DESC, article_id "
            f"LIMIT ?", (*keys, limit)).fetchall()
        return [(r["article_id"], r["n"], r["m"]) for r in rows]

    # -- quarantine ---------------------------------------------------------------------------
    def quarantine(self, item: Quarantined) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO quarantine VALUES (?, ?, ?)", (item.source, item.reason, _now()))

    def quarantined(self) -> list[Quarantined]:
        return [Quarantined(r["source"], r["reason"])
                for r in self.db.execute("SELECT * FROM quarantine ORDER BY source")]

    def clear_quarantine(self, source: str) -> None:
        with self.transaction():
            # a prefix compared as text: LIKE would read "_" and "%" in file names as wildcards
            self.db.execute("DELETE FROM quarantine WHERE source = ? OR substr(source, 1, ?) = ?",
                            (source, len(source) + 1, source + "#"))

    # -- vectors, stories, state ----------------------------------------------------------------
    def vectors(self, ids: list[str] | None = None) -> dict[str, bytes]:
        if ids is None:
            return {r["article_id"]: r["vector"] for r in self.db.execute("SELECT * FROM vectors")}
        out: dict[str, bytes] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            out.update({r["article_id"]: r["vector"] for r in self.db.execute(
                f"SELECT * FROM vectors WHERE article_id IN ({','.join('?' * len(chunk))})", chunk)})
        return out

    def drop_vectors(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM vectors")

    def put_vectors(self, vectors: dict[str, bytes]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", vectors.items())

    def set_stories(self, stories: list[Story], assignments: dict[str, str], state: bytes) -> None:
        """Save story membership, the stories it touches and the index state in one transaction."""
        with self.transaction():
            for article_id, story_id in assignments.items():
                self.db.execute("UPDATE articles SET story = ? WHERE id = ?", (story_id, article_id))
            for s in stories:
                self.db.execute("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)",
                                (s.id, s.title, s.first_published, s.last_published))
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story FROM articles "
                            "WHERE story IS NOT NULL)")
            self.db.execute("INSERT OR REPLACE INTO state VALUES ('stories', ?)", (state,))

    def reset_stories(self) -> None:
        with self.transaction():
            self.db.execute("UPDATE articles SET story = NULL")
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM state WHERE name = 'stories'")

    def stories(self) -> list[Story]:
        rows = self.db.execute("SELECT * FROM stories ORDER BY first_published IS NULL, first_published, id")
        return [self._story(r) for r in rows.fetchall()]

    def story(self, id_or_prefix: str) -> Story:
        story_id = self.resolve("stories", id_or_prefix)
        return self._story(self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone())

    def _story(self, row: sqlite3.Row) -> Story:
        members = self.db.execute(
            "SELECT id, language FROM articles WHERE story = ? ORDER BY published IS NULL, published, id",
            (row["id"],)).fetchall()
        languages = sorted({m["language"] for m in members})
        return Story(row["id"], row["title"], [m["id"] for m in members], languages,
                     row["first_published"], row["last_published"])

    def get_state(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return row["data"] if row else None

    def put_state(self, name: str, data: bytes) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (name, data))
