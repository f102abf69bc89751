"""Typed records that flow one way through the pipeline.

Stages take and return these; nothing here touches the store. Field names follow
`../shared/design.md` (conventions) so the JSON the CLI prints is ``to_dict`` of a record.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SEGMENT_KINDS = ("body", "post", "boilerplate", "notice")
COUNT_TYPES = (
    "killed", "injured", "shot", "hospitalised", "detained", "missing", "deployed", "protesters",
    "evacuated", "vehicles", "buildings", "flights", "money", "other",
)
# What a count counts, canonically: αστυνομικοί, सुरक्षाकर्मी and "police officers" are all "security".
COUNT_GROUPS = (
    "people", "security", "soldiers", "protesters", "civilians", "children", "suspects", "victims",
    "officials", "journalists", "foreigners", "vehicles", "aircraft", "buildings", "flights", "weapons",
    "money", "other",
)
QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "dozens", "hundreds", "thousands")
ENTITY_TYPES = ("person", "organisation", "place", "country", "other")

ID_LENGTH = 16


def normalise_text(text: str) -> str:
    """The form an article id is hashed from: NFC, whitespace collapsed, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def content_id(text: str) -> str:
    """Short hex SHA-256 prefix of the normalised text: the same text is the same id anywhere."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:ID_LENGTH]


def to_dict(record: Any) -> Any:
    """JSON-ready dict of a record (recursively), dropping nothing."""
    return dataclasses.asdict(record) if dataclasses.is_dataclass(record) else record


@dataclass
class Document:
    """One raw input as read: decoded text or HTML plus whatever metadata came with it."""

    source: str                     # file path, `path#L<n>` for a JSONL line, `path#<n>` for a feed item, or URL
    content: str                    # decoded text (for HTML: the page's main text after extraction)
    format: str                     # text | html | jsonl | feed | warc
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None    # ISO 8601 from metadata only; never ingest time
    author: str | None = None
    language: str | None = None     # declared by the source, if any


@dataclass
class Sentence:
    text: str
    start: int                      # character offset within the segment text
    end: int


@dataclass
class Segment:
    """A run of an article: body text, an embedded social post, boilerplate or a notice."""

    kind: str                       # one of SEGMENT_KINDS
    text: str
    language: str = "und"
    sentences: list[Sentence] = field(default_factory=list)
    author: str | None = None       # posts only
    handle: str | None = None
    date: str | None = None
    reason: str | None = None       # why a segment is boilerplate or a notice


@dataclass
class Mention:
    """One place an entity is named: its surface form, language, segment and sentence."""

    entity: str                     # canonical key of the entity (see Entity.key)
    text: str                       # surface form as written
    language: str
    segment: int
    sentence: str
    start: int = -1                 # character offset within the segment text


@dataclass
class Entity:
    key: str                        # stable canonical key, e.g. "place:1526384" or "person:tokayev"
    name: str                       # canonical name, English where one exists
    type: str                       # one of ENTITY_TYPES
    forms: list[dict[str, str]] = field(default_factory=list)   # [{"text": ..., "language": ...}]
    lat: float | None = None
    lon: float | None = None
    articles: list[str] = field(default_factory=list)            # filled at story level


@dataclass
class Count:
    value: float | None             # None when vague ("dozens")
    qualifier: str                  # one of QUALIFIERS
    type: str                       # one of COUNT_TYPES
    object: str | None              # what is counted, as written
    text: str                       # the number as written
    sentence: str
    segment: int
    group: str | None = None        # canonical who/what is counted, one key across languages (COUNT_GROUPS)
    attribution: str | None = None  # who gives the figure, as written ("officials", "Kazakh media"), or None
    hedged: bool = False            # the sentence hedges it ("preliminary", "may have", "reportedly")
    part_of: int | None = None      # index in the article's counts of the larger count this is a part of


@dataclass
class DateRef:
    date: str                       # ISO date (or partial, e.g. 2022-01)
    text: str                       # as written
    sentence: str
    segment: int
    anomaly: str | None = None      # null, or a one-line reason


@dataclass
class Article:
    """A cleaned article: the unit stories are made of. `id` is the content hash of its text."""

    id: str
    sources: list[dict[str, Any]]   # every place this text came from: {source, outlet, url, format}
    title: str | None
    published: str | None
    published_inferred: bool
    language: str
    machine_translated: bool
    segments: list[Segment]
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    story: str | None = None

    @property
    def source(self) -> str:
        return self.sources[0]["source"] if self.sources else ""

    @property
    def outlet(self) -> str | None:
        return self.sources[0].get("outlet") if self.sources else None

    def text(self, kinds: tuple[str, ...] = ("body", "post")) -> str:
        """The article's content: body and posts by default, never boilerplate or notices."""
        return "\n\n".join(s.text for s in self.segments if s.kind in kinds)

    def to_dict(self) -> dict[str, Any]:
        d = to_dict(self)
        d["source"] = self.source
        d["outlet"] = self.outlet
        return d


@dataclass
class Story:
    id: str                         # the founding article's id; kept while the story grows
    title: str | None
    articles: list[str]
    languages: list[str]
    first_published: str | None
    last_published: str | None


FACT_STATUSES = ("agree", "compatible", "conflict", "evolving", "single")


@dataclass
class FactValue:
    """One source's figure for a fact, with where and when it was said."""

    value: float | None
    qualifier: str
    text: str                       # the figure as written
    object: str | None              # what is counted, as written
    article: str
    segment: int
    sentence: str
    language: str
    outlet: str | None
    published: str | None           # when it was said: a post's own date, else its article's
    attribution: str | None         # who gives the figure ("officials", "Reuters"), or None
    hedged: bool
    source: str                     # who says it: a post's author, else the outlet (else the article)
    articles: list[str] = field(default_factory=list)   # every article carrying this same statement


@dataclass
class Estimate:
    value: float | None
    qualifier: str
    basis: str                      # one line: why this is the value to print now


@dataclass
class Fact:
    """A story's figure of one type and group, every source's value lined up."""

    type: str                       # one of COUNT_TYPES
    group: str                      # one of COUNT_GROUPS
    status: str                     # one of FACT_STATUSES
    explanation: str
    estimate: Estimate
    values: list[FactValue]
    parts: list[FactValue] = field(default_factory=list)   # parts of a value ("two of them at the airport")


@dataclass
class Mentioned:
    """Where a dated statement was made."""

    article: str
    segment: int
    sentence: str
    language: str
    outlet: str | None
    text: str                       # the date as written


@dataclass
class TimelineEntry:
    """What happened on one day, one statement merged across the sources saying it."""

    date: str
    sentence: str                   # the statement, in the first source's words
    language: str
    sources: list[Mentioned]
    disputed: list[dict[str, Any]] = field(default_factory=list)   # the same event at other dates: {date, sources}


@dataclass
class Anomaly:
    date: str
    text: str
    reason: str
    sources: list[Mentioned]


@dataclass
class Quarantined:
    """An input that could not be ingested, kept with where it is and why."""

    source: str                     # path, or path#L<n> for a JSONL line
    reason: str
