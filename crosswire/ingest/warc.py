"""WARC / WARC.gz: each HTML response record is one page."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crosswire.ingest.decode import InputError, read_limited
from crosswire.ingest.html import extract_page
from crosswire.records import Document, Quarantined


def read_warc(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[Document | Quarantined]:
    """Each HTML response as it is read, so one payload (up to max_bytes) is held at a time and the
    file may be any size."""
    found = 0
    for i, (url, payload) in enumerate(_html_responses(stream, max_bytes), 1):
        found = i
        if isinstance(payload, InputError):
            yield Quarantined(f"{path}#{i}", str(payload))
            continue
        page = extract_page(payload, url=url)
        if not page.text.strip():
            yield Quarantined(f"{path}#{i}", f"no main text in the page at {url}")
            continue
        yield Document(
            source=url or f"{path}#{i}",
            content=page.text,
            format="warc",
            title=page.title,
            url=page.url or url,
            outlet=page.site_name,
            published=page.published,  # the crawl date is not the publication date
            author=page.author,
            language=page.language,
        )
    if not found:
        raise InputError("WARC file holds no HTML responses")


def _html_responses(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[str | None, bytes | InputError]]:
    """URL and payload of each HTML response; an oversized payload comes as its InputError."""
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            try:
                payload: bytes | InputError = read_limited(record.content_stream(), max_bytes)
            except InputError as e:
                payload = e
            if isinstance(payload, bytes):
                payload = _checked(record, payload)
            yield record.rec_headers.get_header("WARC-Target-URI"), payload
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
        raise InputError(f"not a readable WARC file: {e}") from None


_NEXT_RECORD = re.compile(rb"\nWARC/1\.[01]\r?\nWARC-[A-Za-z-]+:")


def _checked(record, payload: bytes) -> bytes | InputError:
    """The payload, or why it cannot be trusted: the file ended inside the record (its declared
    Content-Length was not all there), or the record's Content-Length runs into the next record."""
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        declared = record.rec_headers.get_header("Content-Length")
        return InputError(f"truncated WARC record: the file ends {missing:,} bytes short of its "
                          f"Content-Length {declared}")
    if _NEXT_RECORD.search(payload):
        return InputError("WARC record's Content-Length is too large: it runs into the next record "
                          "(that record and any after it are lost)")
    return payload
