"""WARC / WARC.gz: each HTML response record is one page."""
from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crosswire.ingest.decode import InputError
from crosswire.ingest.html import extract_page
from crosswire.records import Document, Quarantined


def read_warc(data: bytes, path: str) -> Iterator[Document | Quarantined]:
    try:
        records = list(_html_responses(data))
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as e:
        raise InputError(f"not a readable WARC file: {e}") from None
    if not records:
        raise InputError("WARC file holds no HTML responses")
    for i, (url, payload) in enumerate(records, 1):
        source = url or f"{path}#{i}"
        page = extract_page(payload, url=url)
        if not page.text.strip():
            yield Quarantined(f"{path}#{i}", f"no main text in the page at {url}")
            continue
        yield Document(
            source=source,
            content=page.text,
            format="warc",
            title=page.title,
            url=page.url or url,
            outlet=page.site_name,
            published=page.published,  # the crawl date is not the publication date
            author=page.author,
            language=page.language,
        )


def _html_responses(data: bytes) -> Iterator[tuple[str | None, bytes]]:
    for record in ArchiveIterator(io.BytesIO(data)):
        if record.rec_type != "response":
            continue
        ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
        if "html" not in ctype.lower():
            continue
        payload = record.content_stream().read()
        yield record.rec_headers.get_header("WARC-Target-URI"), payload
