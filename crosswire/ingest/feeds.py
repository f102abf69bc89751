"""RSS and Atom files: one article per item, its HTML content reduced to text."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from html import unescape

import feedparser

from crosswire.ingest.dates import iso_date
from crosswire.ingest.decode import InputError
from crosswire.records import Document, Quarantined

_TAG = re.compile(r"</?[A-Za-z!][^>]*>")
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>", re.I)


def html_to_text(fragment: str) -> str:
    """Feed items carry small HTML fragments: keep paragraph breaks, drop tags. Many feeds escape
    their HTML twice or three times ("&amp;lt;p&amp;gt;"), so tags and entities are undone until
    none is left (at most MAX_ESCAPES rounds)."""
    text = fragment
    for _ in range(MAX_ESCAPES):
        text = _TAG.sub("", _BLOCK.sub("\n\n", text))
        unescaped = unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


MAX_ESCAPES = 4


def _struct_to_iso(value: time.struct_time | None) -> str | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=timezone.utc).isoformat()


def read_feed(data: bytes, path: str) -> Iterator[Document | Quarantined]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise InputError(f"not a readable RSS/Atom feed{': ' + str(reason) if reason else ''}")
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries, 1):
        source = f"{path}#{i}"
        contents = [c.get("value", "") for c in entry.get("content", [])]
        body = max(contents, key=len) if contents else entry.get("summary", "")
        text = html_to_text(body)
        if not text:
            yield Quarantined(source, "feed item has no text")
            continue
        published = _struct_to_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        yield Document(
            source=source,
            content=text,
            format="feed",
            title=html_to_text(entry.get("title") or "") or None,
            url=entry.get("link"),
            outlet=outlet,
            published=published or iso_date(entry.get("published")),
            author=entry.get("author"),
            language=(entry.get("language") or parsed.feed.get("language") or None),
        )
