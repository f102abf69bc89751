"""Readers per format: paths, directories and globs in; Documents (or quarantine reasons) out.

Every reader turns one file into Documents; anything wrong with a file (or one record in it)
becomes a `Quarantined` with its path and reason, so a batch never stops for one bad input.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosswire.ingest.decode import InputError, decode, gunzip_if_needed, looks_binary
from crosswire.records import Document, Quarantined

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
FORMATS = {
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc",
}


class MissingPath(FileNotFoundError):
    """A path given on the command line that matches nothing (a usage error, not a quarantine)."""


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files under the given files, directories (recursive) and globs, sorted, hidden files skipped."""
    found: dict[str, Path] = {}
    for raw in paths:
        text = str(raw)
        matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))] if glob.has_magic(text) \
            else ([Path(text)] if Path(text).exists() else [])
        if not matches:
            raise MissingPath(text)
        for match in matches:
            if match.is_dir():
                for f in sorted(match.rglob("*")):
                    rel = f.relative_to(match).parts
                    if f.is_file() and not any(p.startswith(".") for p in rel):
                        found.setdefault(str(f), f)
            else:
                found.setdefault(str(match), match)
    return list(found.values())


def format_of(path: Path, data: bytes) -> str:
    """The format by extension (through .gz), else by sniffing the first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in FORMATS:
        return FORMATS[suffixes[-1]]
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"{", b"[")):
        return "jsonl"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    return "text"


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Quarantined]:
    """Documents from one file; the whole file is quarantined when it cannot be read at all."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"oversized: {size} bytes exceeds the limit of {max_bytes}")
        raw = path.read_bytes()
        data = gunzip_if_needed(raw)
        if len(data) > max_bytes:
            raise InputError(f"oversized: {len(data)} bytes uncompressed exceeds the limit of {max_bytes}")
        if not data.strip():
            raise InputError("empty file")
        fmt = format_of(path, data)
        yield from _read_format(fmt, data, source)
    except InputError as e:
        yield Quarantined(source, str(e))
    except OSError as e:
        yield Quarantined(source, f"unreadable: {e.strerror or e}")


def _read_format(fmt: str, data: bytes, source: str) -> Iterator[Document | Quarantined]:
    if fmt == "warc":
        from crosswire.ingest.warc import read_warc

        yield from read_warc(data, source)
    elif fmt == "feed":
        from crosswire.ingest.feeds import read_feed

        yield from read_feed(data, source)
    elif fmt == "html":
        yield _read_html(data, source)
    elif fmt == "jsonl":
        from crosswire.ingest.jsonl import read_jsonl

        yield from read_jsonl(decode(data), source)
    else:
        from crosswire.ingest.text import read_text

        text = decode(data)
        if not text.strip():
            raise InputError("empty file")
        yield read_text(text, source)


def _read_html(data: bytes, source: str) -> Document:
    from crosswire.ingest.html import extract_page  # trafilatura is slow to import: only for HTML

    if looks_binary(data):
        raise InputError("binary content, not HTML")
    page = extract_page(data)
    if not page.text.strip():
        raise InputError("no main text found in the page")
    return Document(source=source, content=page.text, format="html", title=page.title,
                    url=page.url, outlet=page.site_name, published=page.published,
                    author=page.author, language=page.language)
