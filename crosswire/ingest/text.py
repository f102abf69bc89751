"""Plain text and Markdown: the first short line standing alone is the title."""
from __future__ import annotations

import re

from crosswire.records import Document

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def read_text(text: str, source: str, fmt: str = "text") -> Document:
    title = None
    lines = text.strip().splitlines()
    if lines:
        first = _MD_HEADING.sub("", lines[0]).strip()
        standalone = len(lines) == 1 or not lines[1].strip()
        if standalone and 0 < len(first) <= 200 and not first.endswith((".", "。", "।", "?", "!")):
            title = first
    return Document(source=source, content=text.strip(), format=fmt, title=title)
