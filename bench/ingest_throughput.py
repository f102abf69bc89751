"""Ingest throughput (articles/s: cleaning, language, sentences, extraction; no encoding) on copies
of the seed articles, then the cost of encoding and clustering them, measured apart.

Baseline in the same run: the I/O floor — read, decode, hash and insert the raw text into SQLite
with no cleaning, language or sentence work — so the ratio shows what the stages cost.

    python bench/ingest_throughput.py [--articles 500]
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import crosswire  # noqa: E402
from crosswire import language  # noqa: E402
from crosswire.ingest import discover  # noqa: E402
from crosswire.ingest.decode import decode  # noqa: E402
from crosswire.records import content_id  # noqa: E402


def make_corpus(folder: Path, n: int) -> None:
    """n distinct articles: each seed with a unique first line, so every one is new."""
    seeds = sorted((ROOT / "examples").glob("*.txt"))
    for i in range(n):
        seed = seeds[i % len(seeds)]
        (folder / f"{i:05d}_{seed.name}").write_text(f"Copy {i}.\n\n" + seed.read_text(encoding="utf-8"),
                                                     encoding="utf-8")


def floor(folder: Path, db_path: Path) -> float:
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, text TEXT)")
    for path in discover([folder]):
        text = decode(path.read_bytes())
        with db:
            db.execute("INSERT OR IGNORE INTO t VALUES (?, ?)", (content_id(text), text))
    db.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        make_corpus(folder, args.articles)
        floor_s = floor(folder, Path(tmp) / "floor.db")
        language.detect("warm up the language model")  # model load is not per-article cost
        start = time.perf_counter()
        with crosswire.open(Path(tmp) / "bench.db") as cw:
            report = cw.ingest([folder], stories=False)
        ingest_s = time.perf_counter() - start
        assert len(report.new) == args.articles
        rerun_start = time.perf_counter()
        with crosswire.open(Path(tmp) / "bench.db") as cw:
            cw.ingest([folder], stories=False)
        rerun_s = time.perf_counter() - rerun_start
        cluster_start = time.perf_counter()
        with crosswire.open(Path(tmp) / "bench.db") as cw:
            cw.pipeline.cluster()
        cluster_s = time.perf_counter() - cluster_start
    print(json.dumps({
        "bench": "ingest_throughput", "articles": args.articles, "cpus": os.cpu_count(),
        "ingest_articles_per_s": round(args.articles / ingest_s, 1),
        "floor_articles_per_s": round(args.articles / floor_s, 1),
        "ingest_vs_floor": round(floor_s / ingest_s, 3),
        "reingest_articles_per_s": round(args.articles / rerun_s, 1),
        "encode_and_cluster_articles_per_s": round(args.articles / cluster_s, 1),
    }))


if __name__ == "__main__":
    main()
