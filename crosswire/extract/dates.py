"""Dates an article mentions, normalised to ISO against its publication time.

Candidate spans are found with patterns built from dateparser's own locale data (month and weekday
names, "yesterday", "N days ago" per language), so every language dateparser knows works, and
each span is then read by `dateparser.parse` with that language only. A day and month without a
year take the reference's year (last year's if that is more than 8 months ahead: news looks back
more than forward); a weekday is the most recent such day on or before the reference.
`flag_anomalies` marks dates far outside a story's time frame ("5 আগস্ট" in a January story).
"""
from __future__ import annotations

import calendar
import dataclasses
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
import regex
from dateparser.languages.loader import default_loader
from sentencex import segment as split_sentences

from crosswire.extract.numbers import ascii_digits, compiled, fold, small_number_words
from crosswire.records import DateRef

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FUTURE_LIMIT_DAYS = 240     # a yearless day-month further ahead than this is last year's
# Levantine/Iraqi and Maghrebi month names dateparser does not know, mapped to the ones it does.
ARABIC_MONTHS = {
    "كانون الثاني": "يناير", "شباط": "فبراير", "اذار": "مارس", "نيسان": "ابريل", "ايار": "مايو",
    "حزيران": "يونيو", "تموز": "يوليو", "اب": "اغسطس", "ايلول": "سبتمبر", "تشرين الاول": "اكتوبر",
    "تشرين الثاني": "نوفمبر", "كانون الاول": "ديسمبر", "جانفي": "يناير", "فيفري": "فبراير",
    "افريل": "ابريل", "ماي": "مايو", "جوان": "يونيو", "جويلية": "يوليو", "اوت": "اغسطس",
}
# Parts of the day written into one word with the weekday ("Sonntagnachmittag", "zondagavond").
WEEKDAY_PARTS = {"de": ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"),
                 "nl": ("ochtend", "morgen", "middag", "avond", "nacht")}
_RELATIVE_KEYS = {"0 day ago": 0, "1 day ago": 1, "2 day ago": 2, "in 1 day": -1, "in 2 day": -2}
_DAY = r"(?<!\d)(?:[012]?\d|3[01])(?:st|nd|rd|th|er|eme|º|ª|\.|-го|-е)?(?!\d)"
_YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
_LINK = r"(?:\s*,?\s*|\s+(?:de|of|del|di)\s+)"


@lru_cache(maxsize=None)
def _locale(language: str) -> dict:
    try:
        return default_loader.get_locale(language).info
    except Exception:
        return {}


def _alternation(names) -> str:
    return "|".join(regex.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)


def _full_names(forms: list[str]) -> list[str]:
    """Forms that are not abbreviations of another form ("sun" of "sunday"), folded."""
    folded = {fold(f).rstrip(".") for f in forms}
    return [f for f in folded if len(f) >= 4 and not any(o != f and o.startswith(f) for o in folded)]


@lru_cache(maxsize=None)
def month_names(language: str) -> frozenset[str]:
    """Month names and abbreviations of 3+ letters (folded) in a language and in English, from
    dateparser's locale data: what dates are read by, and what counts and place names are not."""
    return frozenset(fold(n).rstrip(".") for m in MONTHS for lang in {language, "en"}
                     for n in _locale(lang).get(m, []) if len(fold(n).rstrip(".")) >= 3)


@lru_cache(maxsize=None)
def weekday_names(language: str) -> frozenset[str]:
    """Full weekday names (folded) in a language and in English."""
    return frozenset(f for d in WEEKDAYS for lang in {language, "en"} for f in _full_names(_locale(lang).get(d, [])))


@lru_cache(maxsize=None)
def _patterns(language: str) -> dict[str, regex.Pattern]:
    """Compiled span patterns for a language (over folded text)."""
    info = _locale(language)
    months = sorted(month_names(language))
    if language == "ar":
        months += [fold(k) for k in ARABIC_MONTHS]
    month = rf"(?:{_alternation(months)})\.?" if months else r"(?!x)x"
    weekdays = [f for d in WEEKDAYS for f in _full_names(info.get(d, []))]
    relative = [fold(p) for key in _RELATIVE_KEYS for p in info.get("relative-type", {}).get(key, [])]
    ago = []
    for key, pats in info.get("relative-type-regex", {}).items():
        if key in ("\\1 day ago", "\\1 days ago"):
            ago += [fold(p).replace("(\\d++[.,]?\\d*+)", "(?P<n>\\d+|" + (_alternation(small_number_words(language)) or "(?!x)x") + ")")
                    for p in pats]
    b, e = r"(?<![\p{L}\p{M}])", r"(?![\p{L}\p{M}])"
    return {
        "iso": regex.compile(r"(?<!\d)(?:19|20)\d{2}-[01]\d-[0-3]\d(?!\d)"),
        "iso_month": regex.compile(r"(?<![\d-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?![\d-])"),
        "numeric": regex.compile(r"(?<![\d.])(?:[0-3]?\d[./][01]?\d[./](?:19|20)\d{2}|(?:19|20)\d{2}/[01]?\d/[0-3]?\d)(?![\d])"),
        "day_month": regex.compile(rf"{_DAY}{_LINK}{b}{month}{e}(?:{_LINK}{_YEAR})?"),
        "month_day": regex.compile(rf"{b}{month}{e}\s*{_DAY}(?:\s*,?\s*{_YEAR})?"),
        "month_year": regex.compile(rf"{b}{month}{e}{_LINK}{_YEAR}"),
        "han": regex.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?([01]?\d)\s*月\s*([0-3]?\d)\s*[日号]"
                             r"|((?:19|20)\d{2})\s*年\s*([01]?\d)\s*月(?!\s*\d)"),
        "weekday": regex.compile(rf"{b}(?:{_alternation(weekdays)})(?:{_alternation(WEEKDAY_PARTS.get(language, ()))})?{e}")
        if weekdays else None,
        "relative": regex.compile(rf"{b}(?:{_alternation(relative)}){e}") if relative else None,
        "ago": regex.compile("|".join(f"{b}{p}{e}" for p in ago)) if ago else None,
    }


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """Folded text (digits ASCII) and, for each of its characters, the offset it came from."""
    if text.isascii():              # folding ASCII is lower-casing, one character for one
        return text.lower(), list(range(len(text) + 1))
    out, offsets = [], []
    for i, ch in enumerate(ascii_digits(text)):
        f = ch.lower() if ch.isascii() else fold(ch)
        if not f and unicodedata.category(ch) == "Mn":
            continue
        out.append(f)
        offsets.extend([i] * len(f))
    offsets.append(len(text))
    return "".join(out), offsets


def extract_dates(text: str, language: str, reference: datetime | None, segment: int = 0,
                  relative: bool = True) -> list[DateRef]:
    """Every date `text` mentions, as ISO, in order.

    Explicit dates keep their own year; yearless ones take the reference's. Without a reference,
    relative ones ("yesterday", "Thursday", "two days ago") are skipped and yearless ones are
    written "--MM-DD" (ISO 8601 without year); `flag_anomalies` leaves those alone. With
    `relative=False` "yesterday" and "two days ago" are skipped too: a reference that is only an
    estimate (a date borrowed from the story) is good for a year and for "Wednesday" (the most
    recent one within the week), not for a count of days.
    """
    language = (language or "und").split("-")[0].lower()
    out: list[DateRef] = []
    for sentence in split_sentences(language if language != "und" else "en", text):
        sentence = sentence.strip()
        for start, end, iso in _sentence_dates(sentence, language, reference, relative):
            out.append(DateRef(date=iso, text=sentence[start:end], sentence=sentence, segment=segment))
    return out


_RELATIVE_KINDS = ("relative", "ago", "weekday")
_RANK = {"iso": 0, "iso_month": 2, "numeric": 0, "han": 0, "day_month": 1, "month_day": 1, "month_year": 2,
         "relative": 3, "ago": 3, "weekday": 4}


def _sentence_dates(sentence: str, language: str, reference: datetime | None,
                    relative: bool = True) -> list[tuple[int, int, str]]:
    folded, offsets = _folded_with_offsets(sentence)
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in _patterns(language).items():
        if pattern is None or kind == "han" and language not in ("zh", "ja"):
            continue
        for m in pattern.finditer(folded):
            start, end = offsets[m.start()], offsets[m.end()]
            if kind == "weekday" and language == "el" and not sentence[start:start + 1].isupper():
                continue                                   # "πέμπτη" is also "fifth"
            if language == "en" and compiled(r"(?<![A-Za-z])(?:may|march)(?![A-Za-z])").search(sentence[start:end]):
                continue                                   # the verbs, not the months
            spans.append((start, end, kind))
    spans = _merge(sorted(spans, key=lambda s: (s[0], -s[1])), sentence)
    found = []
    for start, end, kind, read_start, read_end in spans:
        if not relative and kind in ("relative", "ago"):
            continue
        iso = _normalise(sentence[read_start:read_end], kind, language, reference)
        if iso and reference and kind in ("day_month", "month_day") and iso.startswith(str(reference.year)) \
                and not regex.search(_YEAR, ascii_digits(sentence[start:end])) \
                and _says_last_year(folded[_folded_index(offsets, end):][:40], language):
            iso = str(reference.year - 1) + iso[4:]          # "Aug. 18 and Oct. 1 last year"
        if iso:
            found.append((start, end, iso))
    return found


def _folded_index(offsets: list[int], original: int) -> int:
    return next((i for i, o in enumerate(offsets) if o >= original), len(offsets) - 1)


@lru_cache(maxsize=None)
def _last_year_pattern(language: str) -> regex.Pattern | None:
    phrases = [fold(p) for lang in {language, "en"}
               for p in _locale(lang).get("relative-type", {}).get("1 year ago", [])]
    return regex.compile(rf"^[\s\p{{L}}\d.,]{{0,20}}?(?<![\p{{L}}])(?:{_alternation(phrases)})(?![\p{{L}}])") if phrases else None


def _says_last_year(after: str, language: str) -> bool:
    pattern = _last_year_pattern(language)
    return bool(pattern and pattern.search(after))


def _merge(spans: list[tuple[int, int, str]], sentence: str) -> list[tuple[int, int, str, int, int]]:
    """One mention per place: overlapping spans keep the longest; a weekday or relative word next
    to another date ("Thursday, January 6", "χθες, Πέμπτη") joins it, and the more explicit of the
    two is read. Returns (start, end, kind, read_start, read_end)."""
    out: list[tuple[int, int, str, int, int]] = []
    for start, end, kind in spans:
        if out and start < out[-1][1]:
            if end - start > out[-1][1] - out[-1][0]:
                out[-1] = (start, end, kind, start, end)
            continue
        kinds = {kind, out[-1][2]} if out else set()
        if out and compiled(r"[\s,(]{0,3}").fullmatch(sentence[out[-1][1]:start]) and len(kinds) == 2 \
                and kinds & {"weekday", "relative", "ago"} and not kinds <= {"relative", "ago"}:
            prev = out[-1]
            if _RANK[prev[2]] <= _RANK[kind]:
                out[-1] = (prev[0], end, prev[2], prev[3], prev[4])
            else:
                out[-1] = (prev[0], end, kind, start, end)
            continue
        out.append((start, end, kind, start, end))
    return out


def _normalise(span: str, kind: str, language: str, reference: datetime | None) -> str | None:
    """ISO form of one span, or None when it cannot be read (or needs a reference it lacks)."""
    text = _readable(span, kind, language)
    if kind in _RELATIVE_KINDS and reference is None:
        return None
    base = reference or datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past" if kind in _RELATIVE_KINDS
                else "current_period", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if kind == "han":
        return _han_date(span, reference)
    if kind == "iso_month":
        return span
    if kind == "numeric" and "." in span:
        settings["DATE_ORDER"] = "DMY"              # dotted numeric dates are day first everywhere
    if kind == "weekday":
        text = regex.sub(rf"(?:{_alternation(WEEKDAY_PARTS.get(language, ()))})$", "", fold(text)) \
            if language in WEEKDAY_PARTS else text
    parsed = _parse(text, language, tuple(sorted(settings.items())))
    if parsed is None:
        return None
    if kind == "weekday":
        back = (base.weekday() - parsed.weekday()) % 7
        return (base.date() - timedelta(days=back)).isoformat()
    if kind == "month_year":
        return f"{parsed.year:04d}-{parsed.month:02d}"
    if kind in ("day_month", "month_day") and not regex.search(_YEAR, ascii_digits(span)):
        if reference is None:
            return f"--{parsed.month:02d}-{parsed.day:02d}"
        return _with_reference_year(parsed.month, parsed.day, reference).isoformat()
    return parsed.date().isoformat()


def _readable(span: str, kind: str, language: str) -> str:
    """The span as dateparser reads it: ASCII digits, Arabic regional month names made standard,
    small number words as digits ("two days ago" → "2 days ago")."""
    text = ascii_digits(span)
    if language == "ar":
        folded = fold(text)
        for regional, standard in sorted(ARABIC_MONTHS.items(), key=lambda kv: -len(kv[0])):
            if regex.search(rf"(?<!\p{{L}}){regional}(?!\p{{L}})", folded):
                return regex.sub(rf"(?<!\p{{L}}){regional}(?!\p{{L}})", standard, folded)
    if kind == "ago":
        values = small_number_words(language)
        text = " ".join(str(values[fold(t)]) if fold(t) in values else t for t in text.split())
    return text


@lru_cache(maxsize=4096)
def _parse(text: str, language: str, settings: tuple[tuple[str, object], ...]) -> datetime | None:
    """dateparser on one span in the article's language, then English (spans are matched with
    English month names too: "January 7, 2022" under a Hindi or German article). Cached: a story's
    articles repeat the same dates, and dateparser is the slowest step of reading one."""
    for languages in ([language], ["en"]) if _locale(language) and language != "en" else (["en"],):
        try:
            parsed = dateparser.parse(text, languages=languages, settings=dict(settings))
        except Exception:
            parsed = None
        if parsed:
            return parsed
    return None


def _with_reference_year(month: int, day: int, reference: datetime) -> date:
    year = reference.year
    if month == 2 and day == 29 and not calendar.isleap(year):
        year -= 1
    candidate = date(year, month, day)
    if (candidate - reference.date()).days > FUTURE_LIMIT_DAYS:
        candidate = date(year - 1, month, day) if not (month == 2 and day == 29) else candidate
    return candidate


def _han_date(span: str, reference: datetime | None) -> str | None:
    m = compiled(r"(?:((?:19|20)\d{2})\s*年\s*)?([01]?\d)\s*月\s*([0-3]?\d)?").search(ascii_digits(span))
    if not m:
        return None
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{int(year):04d}-{month:02d}" if year else None
    try:
        if year:
            return date(int(year), month, int(day)).isoformat()
        if reference is None:
            return f"--{month:02d}-{int(day):02d}"
        return _with_reference_year(month, int(day), reference).isoformat()
    except ValueError:
        return None


def _bounds(iso: str) -> tuple[date, date] | None:
    """First and last day an ISO date (full, YYYY-MM or YYYY) stands for; None if yearless."""
    try:
        if compiled(r"\d{4}-\d{2}-\d{2}").fullmatch(iso):
            d = date.fromisoformat(iso)
            return d, d
        if compiled(r"\d{4}-\d{2}").fullmatch(iso):
            y, m = map(int, iso.split("-"))
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if compiled(r"\d{4}").fullmatch(iso):
            return date(int(iso), 1, 1), date(int(iso), 12, 31)
    except ValueError:
        return None
    return None


def flag_anomalies(dates: list[DateRef], frame: tuple[date, date], slack_days: int = 45) -> list[DateRef]:
    """The dates with `anomaly` set on those more than `slack_days` outside the story's frame
    (dates or datetimes, first and last)."""
    first, last = (d.date() if isinstance(d, datetime) else d for d in frame)
    out = []
    for ref in dates:
        bounds = _bounds(ref.date)
        reason = None
        if bounds and (first - bounds[1]).days > slack_days:
            reason = f"{ref.date} is {(first - bounds[1]).days} days before the story's first date {first.isoformat()}"
        elif bounds and (bounds[0] - last).days > slack_days:
            reason = f"{ref.date} is {(bounds[0] - last).days} days after the story's last date {last.isoformat()}"
        out.append(dataclasses.replace(ref, anomaly=reason) if reason else ref)
    return out
