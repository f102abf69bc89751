"""JSON Lines and JSON: one article per object; a bad line is quarantined, the rest go on."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.ingest.dates import iso_date
from crosswire.ingest.decode import InputError
from crosswire.ingest.html import extract_page
from crosswire.records import Document, Quarantined

TEXT_FIELDS = ("text", "body", "content", "articleBody", "maintext")
HTML_FIELDS = ("html", "raw_html")


def _first(obj: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = obj.get(name)
        if value not in (None, ""):
            return value
    return None


def document_from_object(obj: Any, source: str) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text = _first(obj, *TEXT_FIELDS)
    html = _first(obj, *HTML_FIELDS)
    if text is None and html is None:
        raise InputError(f"no text field (one of {', '.join(TEXT_FIELDS + HTML_FIELDS)})")
    if text is not None and not isinstance(text, str):
        raise InputError("text field is not a string")
    page = extract_page(html, url=obj.get("url")) if text is None else None
    if page is not None and not page.text.strip():
        raise InputError("html field has no main text")
    outlet = _first(obj, "outlet", "source_name", "site_name", "publisher")
    if isinstance(outlet, dict):
        outlet = outlet.get("name")
    return Document(
        source=source,
        content=(text if text is not None else page.text).strip(),
        format="jsonl",
        title=_first(obj, "title", "headline") or (page.title if page else None),
        url=obj.get("url") or (page.url if page else None),
        outlet=outlet or (page.site_name if page else None),
        published=iso_date(_first(obj, "published", "date", "published_at", "datePublished", "pubDate"))
        or (page.published if page else None),
        author=_first(obj, "author", "byline") if not isinstance(obj.get("author"), list)
        else ", ".join(map(str, obj["author"])),
        language=obj.get("language") or obj.get("lang") or (page.language if page else None),
    )


def read_jsonl(text: str, path: str) -> Iterator[Document | Quarantined]:
    """JSON Lines, or one JSON document holding an object or a list of objects."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as e:
            yield Quarantined(path, f"invalid JSON: {e}")
            return
        for i, obj in enumerate(items, 1):
            yield _one(obj, f"{path}#{i}")
        return
    lines = text.splitlines()
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        try:  # a pretty-printed single object
            obj = json.loads(stripped)
            yield _one(obj, path)
            return
        except json.JSONDecodeError:
            pass
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Quarantined(f"{path}#L{n}", f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        yield _one(obj, f"{path}#L{n}")


def _one(obj: Any, source: str) -> Document | Quarantined:
    try:
        return document_from_object(obj, source)
    except InputError as e:
        return Quarantined(source, str(e))
