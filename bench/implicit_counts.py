"""Counts without digits on local US news: does an article's largest killed / injured figure equal
the Gun Violence Archive's record for its incident?

Data: ../shared/benchmarks/gun-violence/articles.jsonl (3,816 real articles, each tied to a GVA
incident) and incidents.jsonl (killed and injured per incident). Per article, the largest value of
every `killed` count (and of every `injured` count) crosswire extracts from its text is compared
with the record; no count of a type reads as 0. This is an article-level proxy: one article may
tell only part of an incident, and another incident in its background paragraphs may be the larger
figure. The story-level figure is built elsewhere.

Printed in one run: the share of articles with killed right and with injured right, with digits
only (`implicit=False`, the baseline) and with the counts written without a number ("a man was
shot and killed" → killed 1) — per split. Honesty: the implicit-count lexicons
(crosswire/lang/en/counts.json "implicit") were adjusted only while looking at errors on articles
of incidents with an EVEN id ("dev"); the figure to quote is the one on ODD ids ("test"), whose
articles were never read for tuning.

    python bench/implicit_counts.py [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from crosswire.extract.counts import extract_counts  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "gun-violence"


def largest(counts, kind: str) -> float:
    values = [c.value for c in counts if c.type == kind and c.value is not None]
    return max(values) if values else 0.0


def article_counts(text: str, implicit: bool) -> list:
    counts = []
    for paragraph in text.split("\n"):
        if paragraph.strip():
            counts += extract_counts(paragraph, "en", implicit=implicit)
    return counts


def split_of(incident: str) -> str:
    return "dev" if int(incident) % 2 == 0 else "test"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    incidents = {r["incident"]: r for r in map(json.loads, (DATA / "incidents.jsonl").open())}
    articles = [a for a in map(json.loads, (DATA / "articles.jsonl").open()) if a["incident"] in incidents]
    if args.limit:
        articles = articles[:args.limit]
    right: dict = defaultdict(lambda: defaultdict(int))
    total: dict = defaultdict(int)
    elapsed = {}
    for who, implicit in (("digits_only", False), ("with_implicit", True)):
        start = time.perf_counter()
        for a in articles:
            record = incidents[a["incident"]]
            counts = article_counts(a["text"], implicit)
            for split in ("all", split_of(a["incident"])):
                if who == "digits_only":
                    total[split] += 1
                right[(who, split)]["killed"] += largest(counts, "killed") == record["killed"]
                right[(who, split)]["injured"] += largest(counts, "injured") == record["injured"]
                right[(who, split)]["both"] += (largest(counts, "killed") == record["killed"]
                                                and largest(counts, "injured") == record["injured"])
        elapsed[who] = round(len(articles) / (time.perf_counter() - start), 1)
    report = {"bench": "implicit_counts", "machine": "2 cores", "articles": len(articles),
              "articles_per_s": elapsed, "splits": {}}
    for split in ("test", "dev", "all"):
        report["splits"][split] = {"articles": total[split]} | {
            who: {k: round(v / total[split], 3) for k, v in right[(who, split)].items()}
            for who in ("digits_only", "with_implicit") if total[split]}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
