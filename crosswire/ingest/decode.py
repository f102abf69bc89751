"""Bytes to text: bounded reads, reject binary, detect legacy encodings (windows-1256, KOI8-R, …)."""
from __future__ import annotations

import codecs
import re
from typing import BinaryIO

from charset_normalizer import from_bytes


class InputError(ValueError):
    """A file (or one record of it) that cannot be ingested; the message is the quarantine reason."""


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.I)


HEAD = 8192  # bytes peeked at to sniff a format
CHUNK = 64 * 1024


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """The rest of a stream, counted chunk by chunk: what is over max_bytes is refused after reading
    at most max_bytes + 1 bytes, whatever the file's size on disk (a gzip bomb, a device) claims."""
    chunks, size = [], 0
    while chunk := stream.read(min(CHUNK, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"oversized: more than the limit of {max_bytes} bytes")
    return b"".join(chunks)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not text."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    return len(_CONTROL.findall(head)) > max(8, len(head) // 100)


# WHATWG: these labels mean windows-1252 in browsers, which is what the bytes usually are.
_BROWSER_CHARSET = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                    "ascii": "cp1252", "us-ascii": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset a page or XML file declares about itself, if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "ignore").strip().lower()
    try:
        return codecs.lookup(_BROWSER_CHARSET.get(label, label)).name
    except LookupError:
        return None


def decode(data: bytes) -> str:
    """Decode bytes to str: a BOM decides; valid UTF-8 is UTF-8 (legacy text is never valid UTF-8
    by accident, while pages misdeclaring UTF-8 are common); then the declared charset; then the
    most plausible legacy encoding."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if looks_binary(data):
        raise InputError("binary content, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(data)
    if declared and not declared.startswith(("utf-8", "utf-16", "utf-32")):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _most_plausible(data)


# Legacy encodings news sites still serve; each candidate is judged by how plausible its text is.
LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "koi8-r", "koi8-u", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "iso-8859-2", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8", "cp874",
    "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr",
)


def _most_plausible(data: bytes) -> str:
    """Decode with the encoding whose text reads most like one language in one script."""
    from crosswire.language import plausibility

    candidates: dict[str, str] = {}
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        candidates[best.encoding] = str(best)
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.setdefault(encoding, data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError("undecodable: no text encoding fits these bytes")
    return max(candidates.values(), key=plausibility)
