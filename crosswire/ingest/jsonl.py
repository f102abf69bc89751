"""JSON Lines and JSON: one article per object; a bad line is quarantined, the rest go on."""
from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from crosswire.ingest.dates import iso_date
from crosswire.ingest.decode import CHUNK, HEAD, InputError, decode, read_limited
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


_METADATA = {"title": str, "headline": str, "url": str, "outlet": (str, dict), "source_name": (str, dict),
             "site_name": (str, dict), "publisher": (str, dict), "author": (str, list), "byline": (str, list),
             "language": str, "lang": str, "published": (str, int, float), "date": (str, int, float),
             "published_at": (str, int, float), "datePublished": (str, int, float), "pubDate": (str, int, float)}


def _check_types(obj: dict[str, Any]) -> None:
    """A field of the wrong JSON type is a bad record, said so, not a crash later on."""
    for name in TEXT_FIELDS + HTML_FIELDS:
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise InputError(f"field {name!r} is {_kind(obj[name])}, expected a string")
    for name, allowed in _METADATA.items():
        value = obj.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, allowed)):
            raise InputError(f"field {name!r} is {_kind(value)}, not a usable value")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", str: "a string"}.get(type(value), "a number")


def document_from_object(obj: Any, source: str) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    _check_types(obj)
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


def read_jsonl(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[Document | Quarantined]:
    """JSON Lines, read line by line so that a file may be any size: max_bytes limits each line.
    A file holding one JSON document (a list of objects, or one pretty-printed object) is read
    whole, up to max_bytes, and so is a UTF-16 file (its lines are not split at newline bytes)."""
    if stream.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        stream = io.BufferedReader(io.BytesIO(decode(read_limited(stream, max_bytes)).encode("utf-8")))
    if stream.peek(HEAD).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"["):
        try:
            items = json.loads(decode(read_limited(stream, max_bytes)))
        except json.JSONDecodeError as e:
            raise InputError(f"invalid JSON: {e}") from None
        except (ValueError, RecursionError) as e:
            raise InputError(f"unreadable JSON: {e or 'nested too deeply'}") from None
        if not isinstance(items, list):
            raise InputError("expected a JSON list of objects")
        for i, obj in enumerate(items, 1):
            yield _one(obj, f"{path}#{i}")
        return
    seen = False
    for n, line in _lines(stream, max_bytes):
        if line is not None and not line.strip():
            continue
        if not seen and line is not None and (obj := _pretty_printed(line, stream, max_bytes)) is not None:
            yield _one(obj, path)
            return
        seen = True
        yield _line_record(line, n, f"{path}#L{n}", max_bytes)
    if not seen:
        raise InputError("empty file")


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its number; None for a line over max_bytes, skipped in bounded chunks."""
    n = 0
    while line := stream.readline(max_bytes + 1):
        n += 1
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield n, line
            continue
        while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield n, None


def _pretty_printed(first: bytes, stream: BinaryIO, max_bytes: int) -> Any:
    """The file as one JSON object when its first line opens one that is not JSON on its own (an
    object over several lines); None, the stream back after that line, for JSON Lines whose first
    line is bad."""
    if not first.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{") or _parses(first):
        return None
    after = stream.tell()
    stream.seek(0)
    try:
        return json.loads(decode(read_limited(stream, max_bytes)))
    except (ValueError, RecursionError):  # InputError (oversized, binary), JSONDecodeError alike
        stream.seek(after)
        return None


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def _line_record(line: bytes | None, n: int, source: str, max_bytes: int) -> Document | Quarantined:
    if line is None:
        return Quarantined(source, f"oversized: line longer than the limit of {max_bytes} bytes")
    try:
        obj = json.loads(_line_text(line.removeprefix(codecs.BOM_UTF8) if n == 1 else line))
    except json.JSONDecodeError as e:
        return Quarantined(source, f"invalid JSON: {e.msg} at column {e.colno}")
    except InputError as e:
        return Quarantined(source, str(e))
    except ValueError as e:      # e.g. an integer of thousands of digits
        return Quarantined(source, f"unreadable JSON: {e}")
    except RecursionError:
        return Quarantined(source, "unreadable JSON: nested too deeply")
    return _one(obj, source)


def _line_text(line: bytes) -> str:
    """UTF-8, as JSON Lines should be; a line that is not goes through the legacy-encoding guess."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode(line)


def _one(obj: Any, source: str) -> Document | Quarantined:
    try:
        return document_from_object(obj, source)
    except InputError as e:
        return Quarantined(source, str(e))
