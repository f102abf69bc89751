"""A story's timeline (reconcile.timeline): statements merged across sources, disputes, anomalies.

The encoder is replaced by one that maps a sentence to a vector by its "meaning" label, so these
tests pin the merging rules, not the encoder's geometry (the seeds test covers the real one)."""
from __future__ import annotations

import numpy as np

from crosswire.reconcile.timeline import story_timeline
from crosswire.records import Article, DateRef, Segment, Sentence

MEANINGS: dict[str, int] = {}


def encode(sentences: list[str]) -> np.ndarray:
    """Sentences ending in "[m]" share meaning m: the same unit vector (far from the others)."""
    rng = np.random.default_rng(0)
    basis = rng.normal(size=(50, 384)).astype(np.float32)
    rows = [basis[MEANINGS.setdefault(s.rsplit("[", 1)[-1], len(MEANINGS))] for s in sentences]
    return np.stack(rows) if rows else np.zeros((0, 384), np.float32)


def article(aid: str, dated: list[tuple[str, str, str]], kind: str = "body", author: str | None = None,
            anomaly: dict[str, str] | None = None) -> Article:
    """dated: (iso date, date as written, sentence), all in one segment."""
    text = " ".join(s for _, _, s in dated)
    seg = Segment(kind=kind, text=text, language="en", sentences=[Sentence(text, 0, len(text))],
                  author=author, handle=author, date="2022-01-07" if author else None)
    refs = [DateRef(date=d, text=t, sentence=s, segment=0, anomaly=(anomaly or {}).get(d)) for d, t, s in dated]
    return Article(id=aid, sources=[{"source": aid, "outlet": aid.upper()}], title=None, published="2022-01-07",
                   published_inferred=False, language="en", machine_translated=False, segments=[seg], dates=refs)


def test_the_same_thing_said_by_two_articles_on_one_day_is_one_entry_with_both_sources():
    timeline, _ = story_timeline([
        article("a", [("2022-01-05", "Wednesday", "Protesters stormed the mayor's office on Wednesday [storm]")]),
        article("b", [("2022-01-05", "5 January", "On 5 January the crowd took the city hall [storm]")]),
    ], encode)
    assert len(timeline) == 1
    assert sorted(m.article for m in timeline[0].sources) == ["a", "b"]


def test_different_statements_of_one_article_stay_apart():
    timeline, _ = story_timeline([
        article("a", [("2022-01-05", "Wednesday", "Protesters stormed the office on Wednesday [storm]"),
                      ("2022-01-05", "Wednesday", "The government resigned on Wednesday [storm]")]),
    ], encode)
    assert len(timeline) == 2


def test_one_event_at_two_dates_is_disputed_on_both_entries():
    timeline, _ = story_timeline([
        article("hi", [("2022-01-01", "1 January", "Protests began on 1 January [start]")]),
        article("bn", [("2022-01-02", "2 January", "On 2 January a gas maidan started [start]")]),
        article("en", [("2022-01-06", "Thursday", "Troops landed on Thursday [troops]")]),
    ], encode)
    by_date = {e.date: e for e in timeline}
    assert [d["date"] for d in by_date["2022-01-01"].disputed] == ["2022-01-02"]
    assert [d["date"] for d in by_date["2022-01-02"].disputed] == ["2022-01-01"]
    assert by_date["2022-01-06"].disputed == []
    assert [e.date for e in timeline] == ["2022-01-01", "2022-01-02", "2022-01-06"]


def test_dates_weeks_apart_are_two_events_not_a_dispute():
    timeline, _ = story_timeline([
        article("a", [("2022-01-01", "1 January", "Protests began [start]")]),
        article("b", [("2022-03-01", "1 March", "Protests began [start]")]),
    ], encode)
    assert all(e.disputed == [] for e in timeline)


def test_anomalous_dates_are_listed_apart_with_their_reason():
    reason = "2022-08-05 is 210 days after the story's last date 2022-01-07"
    timeline, anomalies = story_timeline([
        article("bn", [("2022-08-05", "5 August", "On 5 August protesters seized buildings [seize]"),
                       ("2022-01-06", "6 January", "On 6 January shots were heard [shots]")],
                anomaly={"2022-08-05": reason}),
    ], encode)
    assert [e.date for e in timeline] == ["2022-01-06"]
    assert [(a.date, a.text, a.reason) for a in anomalies] == [("2022-08-05", "5 August", reason)]


def test_a_post_quoted_by_two_articles_is_one_source_and_its_signature_no_event():
    post = "More than 2,000 protesters were detained today [detained]"
    signature = "pic.twitter.com/x — Reuters (@Reuters) January 7, 2022"
    timeline, _ = story_timeline([
        article("hi", [("2022-01-07", "today", post), ("2022-01-07", "January 7, 2022", signature)],
                kind="post", author="Reuters"),
        article("el", [("2022-01-07", "today", post), ("2022-01-07", "January 7, 2022", signature)],
                kind="post", author="Reuters"),
    ], encode)
    assert len(timeline) == 1 and timeline[0].sentence == post
    assert sorted(m.article for m in timeline[0].sources) == ["el", "hi"]


def test_yearless_dates_are_left_off_the_timeline():
    timeline, _ = story_timeline([article("a", [("--01-05", "5 January", "On 5 January it began [start]")])], encode)
    assert timeline == []


def test_one_article_giving_two_days_for_alike_sentences_is_no_dispute():
    # "Protests began on 1 January" and, later in the same article, "protests began again on 3 January"
    timeline, _ = story_timeline([
        article("a", [("2022-01-01", "1 January", "Protests began on 1 January [start]"),
                      ("2022-01-03", "3 January", "Protests began again on 3 January [start]")]),
    ], encode)
    assert len(timeline) == 2 and all(e.disputed == [] for e in timeline)
