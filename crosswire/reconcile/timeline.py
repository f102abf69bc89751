"""A story's timeline: its dated statements across languages, one entry per thing said per day.

Every date an article's body or posts mention is a statement about that day. Statements of
different articles on the same day that say the same thing (their sentence vectors close, in any
language) are one entry listing all their sources; the very same sentence (a post quoted by two
articles) is one source. Statements that say the same thing about *different* days ("protests began
on 1 January" / "… on 2 January") are a disputed date, shown side by side on both entries. Dates
flagged as anomalies (months off the story) are listed apart with their reason, never placed on
the timeline. A post's own signature line ("— Reuters (@Reuters) January 7, 2022") dates the post,
not an event, and is left out.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from crosswire.records import Anomaly, Article, DateRef, Mentioned, TimelineEntry
from crosswire.similarity import centred_rows, fitted_centring

# Centred cosine of two sentences' vectors (e5, any language pair) above which they say the same
# thing. Set on the seeds: the 1 and 2 January start of the protests in Hindi and Bengali score
# 0.53; unrelated sentences of one story mostly stay under 0.5 across articles.
SAME_STATEMENT = 0.5
DISPUTE_DAYS = 7            # further apart than this, two dates are two events, not a dispute
_SIGNATURE = re.compile(r"—\s*[^—]{0,80}\(@\w+\)\s*[^—]{0,40}$")

Encode = Callable[[list[str]], np.ndarray]


@dataclass
class _Dated:
    ref: DateRef
    article: Article

    def mentioned(self) -> Mentioned:
        seg = self.article.segments[self.ref.segment]
        return Mentioned(article=self.article.id, segment=self.ref.segment, sentence=self.ref.sentence,
                         language=seg.language or self.article.language, outlet=self.article.outlet,
                         text=self.ref.text)


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if len(iso) >= 10 else None
    except ValueError:
        return None


def _statements(members: Iterable[Article]) -> tuple[list[_Dated], list[_Dated]]:
    """(dated statements for the timeline, anomalous ones), signature lines and yearless dates out."""
    placed, odd = [], []
    for article in sorted(members, key=lambda a: (a.published or "", a.id)):
        for ref in article.dates:
            seg = article.segments[ref.segment]
            if seg.kind == "post" and _SIGNATURE.search(ref.sentence) and ref.sentence.rstrip().endswith(ref.text):
                continue
            if ref.date.startswith("--"):
                continue
            (odd if ref.anomaly else placed).append(_Dated(ref, article))
    return placed, odd


def story_timeline(members: list[Article], encode: Encode) -> tuple[list[TimelineEntry], list[Anomaly]]:
    """The timeline (by date, the most-reported first within a day) and the anomalies of a story.
    `encode` turns sentences into vectors (the story's encoder)."""
    placed, odd = _statements(members)
    entries: list[tuple[TimelineEntry, int, set[str]]] = []     # entry, vector row, its articles
    sentences = sorted({d.ref.sentence for d in placed})
    rows = {s: i for i, s in enumerate(sentences)}
    vectors = centred_rows(np.asarray(encode(sentences)), fitted_centring()) if sentences else np.zeros((0, 1))
    for item in sorted(placed, key=lambda d: (d.ref.date, d.article.published or "", d.article.id)):
        row = rows[item.ref.sentence]
        home = _same_entry(entries, item, row, vectors)
        if home is None:
            entries.append((TimelineEntry(date=item.ref.date, sentence=item.ref.sentence,
                                          language=item.mentioned().language, sources=[item.mentioned()]),
                            row, {item.article.id}))
        else:
            entry, _, articles = home
            if not any(m.article == item.article.id and m.sentence == item.ref.sentence for m in entry.sources):
                entry.sources.append(item.mentioned())
            articles.add(item.article.id)
    _link_disputes(entries, vectors)
    timeline = sorted((e for e, _, _ in entries), key=lambda e: (e.date, -len(e.sources)))
    return timeline, _anomalies(odd)


def _same_entry(entries, item: _Dated, row: int, vectors: np.ndarray):
    """The entry of the same day saying the same thing: the very same sentence, or a close one
    from another article (one article's sentences of a day are separate statements)."""
    for entry, entry_row, articles in entries:
        if entry.date != item.ref.date:
            continue
        if entry.sentence == item.ref.sentence:
            return entry, entry_row, articles
        if item.article.id not in articles and float(vectors[row] @ vectors[entry_row]) >= SAME_STATEMENT:
            return entry, entry_row, articles
    return None


def _link_disputes(entries, vectors: np.ndarray) -> None:
    """Entries of different articles saying the same thing about days less than DISPUTE_DAYS apart."""
    for i, (a, row_a, arts_a) in enumerate(entries):
        for b, row_b, arts_b in entries[i + 1:]:
            day_a, day_b = _day(a.date), _day(b.date)
            if day_a is None or day_b is None or day_a == day_b or abs((day_a - day_b).days) > DISPUTE_DAYS:
                continue
            if arts_a & arts_b or float(vectors[row_a] @ vectors[row_b]) < SAME_STATEMENT:
                continue
            a.disputed.append({"date": b.date, "sources": b.sources})
            b.disputed.append({"date": a.date, "sources": a.sources})


def _anomalies(odd: list[_Dated]) -> list[Anomaly]:
    merged: dict[tuple[str, str], Anomaly] = {}
    for item in odd:
        key = (item.ref.date, item.ref.sentence)
        if key in merged:
            if all(m.article != item.article.id for m in merged[key].sources):
                merged[key].sources.append(item.mentioned())
        else:
            merged[key] = Anomaly(date=item.ref.date, text=item.ref.text, reason=item.ref.anomaly or "",
                                  sources=[item.mentioned()])
    return sorted(merged.values(), key=lambda a: a.date)
