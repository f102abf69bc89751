"""The SQLite store: schema migrations, WAL, one transaction per article."""
from __future__ import annotations

import sqlite3

from crosswire.store.sqlite import MIGRATIONS, SQLiteStore


def test_a_version_1_database_migrates_and_keeps_its_articles(tmp_path, seeded):
    old = tmp_path / "v1.db"
    db = sqlite3.connect(old)
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    src = sqlite3.connect(seeded.path)
    for table in ("articles", "sources", "segments"):
        rows = src.execute(f"SELECT * FROM {table}").fetchall()
        db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    db.commit()
    db.close()
    store = SQLiteStore(str(old))
    assert store.schema_version == len(MIGRATIONS)
    assert len(store.articles()) == 5
    # the new entity table was filled from what the articles already held
    hits = store.articles_with_entities(["country:KZ"])
    assert {h[0] for h in hits} == {a.id for a in store.articles()}
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_reopening_does_not_migrate_twice(tmp_path):
    path = str(tmp_path / "x.db")
    SQLiteStore(path).close()
    store = SQLiteStore(path)
    assert store.schema_version == len(MIGRATIONS)
    store.close()


def test_vectors_from_another_encoder_setting_are_recomputed(cw, tmp_path):
    from conftest import SEEDS

    from crosswire import encode

    cw.ingest([next(SEEDS.glob("004_*.txt"))])
    article = cw.articles()[0]
    good = cw.store.vectors()[article.id]
    cw.store.put_vectors({article.id: encode.pack(-encode.unpack(good))})  # as if another model made it
    cw.store.put_state("vectors", b"some-other-encoder:lead200")
    fresh = cw.pipeline.vectors_for([article])[article.id]
    assert float(fresh @ encode.unpack(good)) > 0.999
    assert cw.store.get_state("vectors") == f"{cw.pipeline.encoder.name}:{encode.DEFAULT_REPRESENTATION}".encode()


def test_clearing_a_file_from_quarantine_leaves_other_files_whose_names_look_alike(tmp_path):
    from crosswire.records import Quarantined

    store = SQLiteStore(str(tmp_path / "q.db"))
    for source in ("feeds/aXb.jsonl#L3", "feeds/a_b.jsonl#L1", "feeds/a%b.jsonl", "feeds/a_b.jsonl.bak"):
        store.quarantine(Quarantined(source, "invalid JSON"))
    store.clear_quarantine("feeds/a_b.jsonl")
    assert {q.source for q in store.quarantined()} == {"feeds/a%b.jsonl", "feeds/a_b.jsonl.bak", "feeds/aXb.jsonl#L3"}
    store.clear_quarantine("feeds/a%b.jsonl")
    assert {q.source for q in store.quarantined()} == {"feeds/a_b.jsonl.bak", "feeds/aXb.jsonl#L3"}
    store.close()


def test_an_unknown_story_id_is_named_in_plain_words(seeded):
    import pytest

    from crosswire.store import UnknownId

    with pytest.raises(UnknownId, match="no story with id ffffff"):
        seeded.story("ffffff")
    with pytest.raises(UnknownId, match="no article with id ffffff"):
        seeded.article("ffffff")
