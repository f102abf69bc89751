"""Ingest at scale gives the same result whatever the parallelism and batch sizes: worker processes
build the same articles as one process, clustering in small batches gives the same stories, and
documents repeated within one batch are one article with every source."""
from __future__ import annotations

import json

import pytest
from conftest import SEEDS
from test_stories_e2e import semeval_articles, story_sets

import crosswire
from crosswire import pipeline
from crosswire.records import to_dict


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds and twelve unrelated SemEval articles, one outlet repeating a boilerplate line
    (so the in-order outlet statistics matter), and an exact duplicate inside the same file."""
    folder = tmp_path_factory.mktemp("corpus")
    others = semeval_articles()
    for article in others[:6]:
        article["outlet"] = "example.org"
        article["text"] += "\n\nExample News: world coverage every morning, from our desk in Lisbon."
    others.append(dict(others[0], url="https://example.org/copy"))
    (folder / "others.jsonl").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in others),
                                         encoding="utf-8")
    return folder


def ingest(folder, db, workers: int):
    with crosswire.open(db) as cw:
        report = cw.ingest([SEEDS, folder / "others.jsonl"], workers=workers)
        articles = [to_dict(a) for a in cw.articles()]
        return report, articles, story_sets(cw)


def test_workers_build_the_same_articles_and_stories_as_one_process(corpus, tmp_path, monkeypatch):
    pools = []
    original = pipeline.Builder.__exit__

    def record(self, *exc):
        pools.append(self._pool is not None)
        original(self, *exc)

    monkeypatch.setattr(pipeline.Builder, "__exit__", record)
    one_report, one, one_stories = ingest(corpus, tmp_path / "one.db", workers=1)
    two_report, two, two_stories = ingest(corpus, tmp_path / "two.db", workers=2)
    assert pools == [False, True]                 # the second run really used worker processes
    assert two == one
    assert two_stories == one_stories
    assert one_report.new == two_report.new and len(one_report.new) == 5 + 12
    assert len(one_report.known) == 1             # the duplicate line: one article, two sources
    repeated = [a for a in one if len(a["sources"]) == 2]
    assert len(repeated) == 1 and repeated[0]["sources"][1]["url"] == "https://example.org/copy"
    flagged = [a for a in one if any(s["kind"] == "boilerplate" and "Example News: world coverage" in s["text"]
                                     for s in a["segments"])]
    assert len(flagged) == 6 - 3                  # repeated from the outlet's fourth article on


def test_clustering_in_small_batches_gives_the_same_stories(corpus, tmp_path, monkeypatch):
    found = []
    for batch in (4, 1000):
        monkeypatch.setattr(pipeline, "CLUSTER_BATCH", batch)
        with crosswire.open(tmp_path / f"batch{batch}.db") as cw:
            cw.ingest([SEEDS, corpus / "others.jsonl"], stories=False, workers=1)
            assigned = cw.pipeline.cluster()
            assert len(assigned) == 5 + 12
            found.append((story_sets(cw), [to_dict(a) for a in cw.articles()]))
            seeds = frozenset(a.id for a in cw.articles() if a.source.startswith(str(SEEDS)))
    assert found[0] == found[1]
    assert seeds in found[0][0]


def test_an_article_that_fails_to_build_is_quarantined_and_the_batch_goes_on(corpus, tmp_path, monkeypatch):
    real = pipeline.build_article

    def fragile(doc, outlet_lines=None, segments=None):
        if "Example News" in doc.content:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, outlet_lines, segments)

    monkeypatch.setattr(pipeline, "build_article", fragile)
    with crosswire.open(tmp_path / "fragile.db") as cw:
        report = cw.ingest([corpus / "others.jsonl"], stories=False, workers=1)
        quarantined = {q.source: q.reason for q in cw.quarantined()}
    assert len(report.new) == 12 - 6 and len(quarantined) == 6 + 1     # and the duplicate of one of them
    assert all("RecursionError" in reason for reason in quarantined.values())
    assert not report.known
