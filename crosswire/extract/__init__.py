"""Extraction over one article: entities, typed counts and dates, per sentence of body and posts.

Boilerplate and notices are never mined. A post is a source of its own: its dates are read against
the post's own date, and what it reports is tied to its segment.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from crosswire.ingest.dates import iso_date
from crosswire.records import Article, Count, DateRef, Entity, Mention, Segment
from crosswire.similarity import parse_published


@dataclass
class Extraction:
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)


# Text mined per article: news articles run to a few tens of thousands of characters, and linking
# names within an article grows faster than its length (a 1 MB page took minutes); past this, a
# page is a dump or a book, and what it says later is kept as text but not mined.
EXTRACT_CHARS = 100_000


def within_budget(article: Article, budget: int | None = None) -> Article:
    """The article with its body and posts past `budget` (default EXTRACT_CHARS) characters
    turned into unmined boilerplate (segment indices unchanged)."""
    budget = EXTRACT_CHARS if budget is None else budget
    used, segments = 0, []
    for seg in article.segments:
        if seg.kind in ("body", "post"):
            if used >= budget:
                seg = dataclasses.replace(seg, kind="boilerplate", reason="past the extraction budget")
            used += len(seg.text)
        segments.append(seg)
    return dataclasses.replace(article, segments=segments) if used > budget else article


def extract(article: Article, reference: datetime | None = None) -> Extraction:
    """Everything extractable from an article (its first EXTRACT_CHARS of body and posts);
    `reference` overrides its publication time."""
    from crosswire.extract.counts import extract_counts, link_parts, shift_parts
    from crosswire.extract.entities import extract_entities

    article = within_budget(article)
    out = Extraction()
    out.entities, out.mentions = extract_entities(article)
    for i, seg in enumerate(article.segments):
        if seg.kind in ("body", "post"):
            for sentence in seg.sentences:       # part_of: per sentence, offset into the article's counts
                found = extract_counts(sentence.text, seg.language, i, source=seg.author if seg.kind == "post" else None)
                out.counts.extend(shift_parts(found, len(out.counts)))
    link_parts(out.counts, [seg.language for seg in article.segments])
    out.dates = dates_of(article, reference)
    return out


def dates_of(article: Article, reference: datetime | None = None, relative: bool = True) -> list[DateRef]:
    """Dates in body and posts, read against the publication time (a post: against its own date).
    `relative=False`: the article's time is only an estimate, so its "yesterday" is not read."""
    from crosswire.extract.dates import extract_dates

    reference = reference or parse_published(article.published)
    found: list[DateRef] = []
    for i, seg in enumerate(article.segments):
        if seg.kind not in ("body", "post"):
            continue
        own_date = seg.kind == "post" and bool(seg.date)
        seg_reference = parse_published(seg.date) if own_date else reference
        for sentence in seg.sentences:
            found.extend(extract_dates(sentence.text, seg.language, seg_reference, i, relative or own_date))
    return found


def infer_published(segments: list[Segment]) -> str | None:
    """A publication date from the article's own dated content, when metadata has none.

    An article is published no earlier than the latest post it embeds; failing posts, a stray
    metadata line ("date 2022-01") or a dated caption says when it was written.
    """
    post_dates = sorted(s.date for s in segments if s.kind == "post" and s.date)
    if post_dates:
        return post_dates[-1]
    for seg in segments:
        if seg.kind == "boilerplate" and seg.reason in ("stray metadata line", "photo caption", "metadata line"):
            m = re.search(r"\d{4}(?:-\d{2}){0,2}$", seg.text.strip())
            if m and seg.reason == "stray metadata line":
                return m.group(0)
            found = iso_date(_first_dated_phrase(seg.text))
            if found:
                return found[:10]
    return None


_DATED_PHRASE = re.compile(r"([A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}\.? [^\W\d]+ \d{4}|\d{4}-\d{2}-\d{2})")


def _first_dated_phrase(text: str) -> str | None:
    m = _DATED_PHRASE.search(text)
    return m.group(0) if m else None


def story_frame(members: list[Article]) -> tuple[date, date] | None:
    """The span of a story's publication dates, which its articles' dates are judged against."""
    days = sorted(d.date() for d in (parse_published(a.published) for a in members) if d)
    return (days[0], days[-1]) if days else None


def date_story(members: list[Article]) -> list[Article]:
    """Story-level dating: an undated article takes its story's latest publication date (marked
    inferred) and has its dates re-read against it, except "yesterday" and "N days ago" (the
    borrowed date is not when it was written: it would shift them); every date far outside
    the story's time frame is flagged as an anomaly. Returns the articles that changed."""
    from crosswire.extract.dates import flag_anomalies

    frame = story_frame(members)
    if frame is None:
        return []
    changed = []
    for article in members:
        before = (article.published, [d.anomaly for d in article.dates], len(article.dates))
        if article.published is None:
            article.published, article.published_inferred = frame[1].isoformat(), True
            article.dates = dates_of(within_budget(article), relative=False)
        article.dates = flag_anomalies(article.dates, frame)
        if (article.published, [d.anomaly for d in article.dates], len(article.dates)) != before:
            changed.append(article)
    return changed
