"""Readers per format: paths, directories and globs in; Documents (or quarantine reasons) out.

Every reader turns one file into Documents; anything wrong with a file (or one record in it)
becomes a `Quarantined` with its path and reason, so a batch never stops for one bad input.
"""
from __future__ import annotations

import glob
import gzip
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from crosswire.ingest.decode import HEAD, InputError, decode, looks_binary, read_limited
from crosswire.records import Document, Quarantined

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
FORMATS = {
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc",
}
GZIP_MAGIC = b"\x1f\x8b"
SPECIAL_FILES = {"p": "a FIFO", "c": "a character device", "b": "a block device", "s": "a socket", "d": "a directory"}


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
                for f in sorted(_walk(match), key=str):
                    found.setdefault(str(f), f)
            else:
                found.setdefault(str(match), match)
    return list(found.values())


def _walk(top: Path) -> Iterator[Path]:
    """Every entry under `top` that is not a directory — FIFOs, sockets and broken links too, so
    that reading them reports them — and every directory that could not be listed (hidden ones
    skipped)."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (Path(root) / name for name in files if not name.startswith("."))
    yield from (Path(e.filename) for e in unreadable if e.filename)


def source_name(path: Path) -> str:
    """The path as text that can be stored and shown: bytes of a file name that are not UTF-8
    appear as escapes (\\xff), so two such names never collapse into one."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def format_of(path: Path, head: bytes) -> str:
    """The format by extension (through .gz), else by sniffing the first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in FORMATS:
        return FORMATS[suffixes[-1]]
    head = head[:2048].lstrip().lower()
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
    """Documents from one file, read as a stream so that memory stays bounded whatever its size.

    max_bytes limits a whole document (text, HTML, a feed, one JSON document; gzipped or not) and
    each record of a streaming format (a JSON line, a WARC payload): a JSONL or WARC file may be
    any size. The whole file is quarantined when it cannot be read at all."""
    source = source_name(path)
    try:
        mode = os.stat(path).st_mode  # before opening: opening a FIFO blocks, a device never ends
        if stat.S_ISDIR(mode):
            os.listdir(path)          # raises why it cannot be listed
            raise InputError("a directory, not a file")
        if not stat.S_ISREG(mode):
            kind = SPECIAL_FILES.get(stat.filemode(mode)[0], "a special file")
            raise InputError(f"not a regular file: {kind}")
        with path.open("rb") as raw:
            stream: BinaryIO = gzip.GzipFile(fileobj=raw) if raw.peek(2)[:2] == GZIP_MAGIC else raw
            head = stream.peek(HEAD)[:HEAD]
            if not head:
                raise InputError("empty file")
            fmt = format_of(path, head)
            if fmt == "warc":  # warcio reads gzip members itself
                raw.seek(0)
                stream = raw
            yield from _read_format(fmt, stream, source, max_bytes)
    except InputError as e:
        yield Quarantined(source, str(e))
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        yield Quarantined(source, f"corrupt gzip data: {e}")
    except OSError as e:
        yield Quarantined(source, f"unreadable: {e.strerror or e}")


def _read_format(fmt: str, stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Document | Quarantined]:
    if fmt == "warc":
        from crosswire.ingest.warc import read_warc

        yield from read_warc(stream, source, max_bytes)
        return
    if fmt == "jsonl":
        from crosswire.ingest.jsonl import read_jsonl

        yield from read_jsonl(stream, source, max_bytes)
        return
    data = read_limited(stream, max_bytes)
    if not data.strip():
        raise InputError("empty file")
    if fmt == "feed":
        from crosswire.ingest.feeds import read_feed

        yield from read_feed(data, source)
    elif fmt == "html":
        yield _read_html(data, source)
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
