"""Publication dates from metadata, normalised to ISO 8601 (partial dates kept partial)."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?\s*$")


def iso_date(value: Any) -> str | None:
    """ISO 8601 for a metadata date (ISO, RFC 2822, epoch seconds, free text); None if unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value).astimezone().isoformat() if value > 0 else None
        except (OverflowError, OSError, ValueError):    # far outside any calendar
            return None
    text = str(value).strip()
    m = _PARTIAL.match(text)
    if m:
        return text
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.date().isoformat() if len(text) == 10 else parsed.isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow import: only for free-text dates

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.isoformat() if parsed else None
