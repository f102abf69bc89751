"""Article-to-article similarity: the one score that story clustering and evaluation share.

A story is one real-world event (same happenings, places, time frame), not a topic, and that holds
among news of one topic too: two shootings reported on the same day in the same words are two
stories (issue 10). The encoder's cosine alone is compressed (same-story and same-topic pairs both
score high), so `pair_score` adds cheap evidence the article already carries: the numbers it
quotes; the names it mentions (romanised to phonetic skeletons so "Kazakhstan", "Казахстан" and
"كازاخستان" meet); the places and people extraction resolved to canonical entity keys (a shared
place or person is evidence of one event, places or people that all differ evidence of two); the
days it names, read against its publication time (a shared day for, days that all differ against);
and the gap between publication times. Nothing here depends on a language or script.

The score has two logistic stages, fitted by `bench/fit_similarity.py` and stored in
`crosswire/data/similarity_model.json`. The first scores every pair from the cosine, language
crossing, names and numbers; it is fitted on SemEval-2022 Task 8 pairs (multilingual, rated by
people, undated). The dated stage applies when both publication times are known, as in a stream:
over the first stage's logit it weighs the incident evidence (places, people, days, publication
gap, share of names and numbers); it is fitted on the gun-violence benchmark's pairs of one topic
(same incident or not, `crosswire.evaluate.incidents.fit_dated`), and its intercept puts the
model's one threshold where clustering that stream is best. Beyond the 7-day story window, where
no pairs were fitted, a time prior lowers the score per day. numpy only at run time.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import regex
from anyascii import anyascii

from crosswire.records import Article

MODEL_PATH = Path(__file__).parent / "data" / "similarity_model.json"


@dataclass(frozen=True)
class Signals:
    """What `pair_score` compares; built by `signals` and kept by the story index."""

    vector: np.ndarray                                   # unit-norm embedding, float32
    published: datetime | None = None
    numbers: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)   # romanised names / entity keys
    language: str = "und"
    words: frozenset[str] = field(default_factory=frozenset)   # skeletons of uncased-script words
    places: frozenset[str] = field(default_factory=frozenset)  # place entity keys (place:5200499)
    people: frozenset[str] = field(default_factory=frozenset)  # person entity keys (person:julian-sims)
    days: frozenset[str] = field(default_factory=frozenset)    # days the text names (2013-01-01)


# --- numbers -----------------------------------------------------------------------------------

# Digits of any script (\d is Unicode-aware); thousands groups joined, a short tail is a decimal.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d{3}(?!\d))*(?:[.,]\d{1,2}(?!\d))?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def numbers_in(text: str) -> frozenset[str]:
    """Canonical numbers quoted in a text, any script; years and single digits are left out
    (every article of a season shares them)."""
    found = set()
    for match in _NUMBER.finditer(text):
        raw = "".join(str(unicodedata.decimal(c)) if c.isdigit() else c for c in match.group())
        tail = re.search(r"[.,](\d{1,2})$", raw)
        whole, decimal = (raw[:tail.start()], tail.group(1).rstrip("0")) if tail else (raw, "")
        value = str(int(re.sub(r"\D", "", whole))) + (f".{decimal}" if decimal else "")
        if len(value) > 1 and not _YEAR.match(value):
            found.add(value)
    return frozenset(found)


# --- names -------------------------------------------------------------------------------------

# Romanised letters folded into sound classes; vowels, h, w, y and marks drop out. Scripts spell
# the same name with different vowels (Arabic writes few) and near-consonants (z/j, l/r, m/n).
_SOUND_CLASS = {**dict.fromkeys("bpfv", "b"), **dict.fromkeys("cgkqx", "k"), **dict.fromkeys("szj", "s"),
                **dict.fromkeys("dt", "t"), **dict.fromkeys("lr", "r"), **dict.fromkeys("mn", "n")}
SKELETON_LENGTH = 5     # a prefix: inflected endings (Almaty / Almatir) differ
WORD_SKELETON_MIN = 4   # uncased words are many: shorter keys would match English names by chance
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)?")   # marks: Indic vowel signs
_KATAKANA = re.compile(r"[\u30a0-\u30ff]{2,}")
_UNSEGMENTED = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u3400-\u9fff\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f]")
_ARABIC_ARTICLE = re.compile(r"^(?:[وفب]?ال|لل)(?=\w{3})")


def skeleton(word: str) -> str | None:
    """Phonetic key of a word in any script: romanised, consonant classes, repeats collapsed,
    first SKELETON_LENGTH kept; None when too short to tell names apart."""
    roman = anyascii(_ARABIC_ARTICLE.sub("", word)).lower()
    classes = [_SOUND_CLASS[c] for c in roman if c in _SOUND_CLASS]
    collapsed = [c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1]]
    return "".join(collapsed[:SKELETON_LENGTH]) if len(collapsed) >= 3 else None


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start].rstrip(" \"“«'(")
    return (not before and start < 4) or before.endswith((".", "!", "?", ":", "\n", "。"))


def names_in(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names, words): skeletons of capitalised words that are not ordinary words of the text
    (their lowercase form never appears), and skeletons of words in scripts without case."""
    lowercase_words = {w for w in _WORD.findall(text) if w.islower()}
    names, words = set(), set()
    for match in _WORD.finditer(text):
        token = match.group()
        first = token[0]
        if first.isupper():
            if token.lower() in lowercase_words or len(token) < 2:
                continue
            if len(token) <= 3 and not token.isupper() and _starts_sentence(text, match.start()):
                continue
            key = skeleton(token)
            if key:
                names.add(key)
        elif not first.islower() and len(token) >= 3 and not _UNSEGMENTED.search(token):
            key = skeleton(token)
            if key and len(key) >= WORD_SKELETON_MIN:
                words.add(key)
    for run in _KATAKANA.findall(text):
        key = skeleton(run)
        if key:
            names.add(key)
    return frozenset(names), frozenset(words)


# --- time --------------------------------------------------------------------------------------

def parse_published(value: str | None) -> datetime | None:
    """ISO 8601 date, datetime or partial (2022-01) as an aware UTC datetime; None if unreadable."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --- signals and score -------------------------------------------------------------------------

PLACE_KEYS = ("place:", "region:")      # entity key prefixes of places below a country
PERSON_KEYS = ("person:",)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def signals(article: Article, vector: np.ndarray, names: Iterable[str] = (),
            common: frozenset[str] | None = None) -> Signals:
    """The article's cheap evidence. `names` adds entity keys from extraction (e.g. place:1526384);
    they match exactly and count as shared names, and place and person keys are also kept apart
    (`places`, `people`). `days` are the whole days among the article's extracted dates (resolved
    against its publication time). Names in `common` (default: the fitted model's) are left out."""
    text = article.text(("body", "post"))
    if article.title and not text.startswith(article.title):
        text = f"{article.title}\n{text}"
    found_names, words = names_in(text)
    common = fitted_common_names() if common is None else common
    keys = frozenset(names) - common
    return Signals(vector=np.asarray(vector, np.float32), published=parse_published(article.published),
                   numbers=numbers_in(text), names=(found_names | keys) - common,
                   language=article.language or "und", words=words,
                   places=frozenset(k for k in keys if k.startswith(PLACE_KEYS)),
                   people=frozenset(k for k in keys if k.startswith(PERSON_KEYS)),
                   days=frozenset(d.date for d in (article.dates or ()) if _DAY.match(d.date) and not d.anomaly))


COMMON_NAME_SHARE = 0.015
COMMON_NAME_MIN_ARTICLES = 10     # too few articles say nothing about how common a name is


def common_names(articles: Iterable[Signals], share: float = COMMON_NAME_SHARE) -> frozenset[str]:
    """Names found in more than `share` of these articles (and in at least
    COMMON_NAME_MIN_ARTICLES): news agencies ("Reuters"), the biggest countries, short consonant
    skeletons that many names collide on. Like stopwords they appear in every kind of story, so
    sharing one is no evidence of the same event. Fitted without labels, from document
    frequencies."""
    articles = list(articles)
    counts = Counter(name for found in articles for name in found.names)
    total = len(articles)
    return frozenset(name for name, n in counts.items() if n > share * total and n >= COMMON_NAME_MIN_ARTICLES)


def without_names(found: Signals, names: frozenset[str]) -> Signals:
    return replace(found, names=found.names - names, places=found.places - names, people=found.people - names)


def shared_names(a: Signals, b: Signals) -> frozenset[str]:
    """Names of one side found among the other's names or uncased words (a word matching a word
    is ordinary vocabulary, not a name)."""
    return (a.names & (b.names | b.words)) | (b.names & a.words)


def _ratio(shared: int, left: int, right: int) -> float:
    smaller = min(left, right)
    return shared / smaller if smaller else 0.0


FEATURES = ("cosine", "cosine_cross", "cross", "names_shared", "names_ratio", "numbers_shared",
            "numbers_ratio")
# The dated stage: applies when both publication times are known (a stream, where articles of one
# topic crowd the same days); `base_logit` is the first stage's logit.
DATED_FEATURES = ("base_logit", "cosine", "names_ratio", "numbers_ratio", "places_shared", "places_apart",
                  "people_shared", "people_apart", "days_shared", "days_apart", "published_gap")

# (mean, components): the corpus mean and top principal directions of e5 vectors. They carry
# what every text shares (language, genre) rather than what it says; removing them spreads the
# compressed cosines and puts different language pairs on one scale.
Centring = tuple[np.ndarray, np.ndarray]


def centred_cosine(a: np.ndarray, b: np.ndarray, centring: Centring) -> float:
    mean, components = centring
    a, b = a - mean, b - mean
    a, b = a - components.T @ (components @ a), b - components.T @ (components @ b)
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norms if norms else 0.0


def pair_features(a: Signals, b: Signals, centring: Centring | None = None) -> dict[str, float]:
    """The model's inputs for one pair, by name (`centring` defaults to the fitted one)."""
    cosine = centred_cosine(a.vector, b.vector, fitted_centring() if centring is None else centring)
    features = pair_features_sets(a, b)
    return {"cosine": cosine, "cosine_cross": cosine * features["cross"], **features}


def _apart(left: frozenset, right: frozenset, shared: int) -> float:
    """1 when both sides name some (places, people, days) and none is the same."""
    return float(bool(left) and bool(right) and not shared)


def days_between(a: Signals, b: Signals) -> float | None:
    if a.published is None or b.published is None:
        return None
    return abs((a.published - b.published).total_seconds()) / 86400


def pair_features_sets(a: Signals, b: Signals) -> dict[str, float]:
    """The inputs that need no vectors: language crossing, shared names and numbers, the places,
    people and days both name or that differ, the gap between publication times."""
    cross = float(a.language != b.language and "und" not in (a.language, b.language))
    names = len(shared_names(a, b))
    numbers = len(a.numbers & b.numbers)
    places, people, days = len(a.places & b.places), len(a.people & b.people), len(a.days & b.days)
    gap = days_between(a, b)
    return {
        "cross": cross,
        "names_shared": math.log1p(names),
        "names_ratio": _ratio(names, len(a.names | a.words), len(b.names | b.words)),
        "numbers_shared": math.log1p(numbers),
        "numbers_ratio": _ratio(numbers, len(a.numbers), len(b.numbers)),
        "places_shared": math.log1p(places),
        "places_apart": _apart(a.places, b.places, places),
        "people_shared": math.log1p(people),
        "people_apart": _apart(a.people, b.people, people),
        "days_shared": float(days > 0),
        "days_apart": _apart(a.days, b.days, days),
        "published_gap": 0.0 if gap is None else math.log1p(gap),
    }


@cache
def model() -> dict:
    """The fitted coefficients (see bench/fit_similarity.py)."""
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@cache
def fitted_common_names() -> frozenset[str]:
    return frozenset(model().get("common_names", ()))


@cache
def fitted_centring() -> Centring:
    centre = model()["centring"]
    return (np.asarray(centre["mean"], np.float32),
            np.asarray(centre["components"], np.float32).reshape(-1, len(centre["mean"])))


def centring_of(fitted: dict | None) -> Centring:
    """The centring stored in a model (default: the shipped one)."""
    if fitted is None or fitted is model():
        return fitted_centring()
    centre = fitted["centring"]
    return (np.asarray(centre["mean"], np.float32),
            np.asarray(centre["components"], np.float32).reshape(-1, len(centre["mean"])))


def time_penalty(a: Signals, b: Signals, fitted: dict | None = None) -> float:
    """Logit subtracted when both publication times are known and further apart than the model's
    `time_prior` grace (the fitted `published_gap` weight covers the days inside it)."""
    days = days_between(a, b)
    prior = (fitted or model()).get("time_prior")
    if days is None or not prior:
        return 0.0
    return max(0.0, days - prior["grace_days"]) * prior["logit_per_day"]


def logit(features: dict[str, float], fitted: dict | None = None) -> float:
    """The first stage's logit (every pair)."""
    fitted = fitted or model()
    return fitted["intercept"] + sum(w * features[name] for name, w in fitted["weights"].items())


def dated_logit(features: dict[str, float], base: float, fitted: dict | None = None) -> float:
    """The logit of a pair whose two publication times are known: the dated stage over the first
    stage's logit `base` and the incident evidence, where the model has one; else `base`."""
    stage = (fitted or model()).get("dated")
    if not stage:
        return base
    return stage["intercept"] + sum(w * (base if name == "base_logit" else features[name])
                                    for name, w in stage["weights"].items())


def full_logit(a: Signals, b: Signals, features: dict[str, float], base: float, fitted: dict | None) -> float:
    if a.published is not None and b.published is not None:
        base = dated_logit(features, base, fitted)
    return base - time_penalty(a, b, fitted)


def pair_score(a: Signals, b: Signals, fitted: dict | None = None) -> float:
    """Probability-like same-story score in [0, 1]; compare with SAME_STORY_THRESHOLD. `fitted`:
    another model of the same form (default: the shipped one)."""
    features = pair_features(a, b, centring_of(fitted))
    z = full_logit(a, b, features, logit(features, fitted), fitted)
    return 1.0 / (1.0 + math.exp(-z))


def centred_rows(rows: np.ndarray, centring: Centring) -> np.ndarray:
    """`centred_cosine`'s transform for many vectors at once, rows scaled to unit length."""
    mean, components = centring
    rows = np.asarray(rows, np.float32) - mean
    rows = rows - (rows @ components.T) @ components
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def pair_scores(a: Signals, many: Sequence[Signals], fitted: dict | None = None) -> np.ndarray:
    """`[pair_score(a, b, fitted) for b in many]` in one pass: the cosines as one matrix product,
    only the set overlaps per pair. The story index calls this once per article over its
    candidates."""
    if not many:
        return np.zeros(0)
    fitted = fitted or model()
    weights = fitted["weights"]
    rows = centred_rows(np.stack([a.vector] + [b.vector for b in many]), centring_of(fitted))
    cosine = (rows[1:] @ rows[0]).astype(np.float64)
    z = fitted["intercept"] + weights["cosine"] * cosine
    for i, b in enumerate(many):
        features = pair_features_sets(a, b)
        features["cosine"] = cosine[i]
        features["cosine_cross"] = cosine[i] * features["cross"]
        base = z[i] + sum(weights[name] * features[name] for name in weights if name != "cosine")
        z[i] = full_logit(a, b, features, base, fitted)
    return 1.0 / (1.0 + np.exp(-z))


SAME_STORY_THRESHOLD: float = model()["threshold"]


# --- translations and near-copies --------------------------------------------------------------

def _number_agreement(a: Signals, b: Signals) -> float:
    """Jaccard of quoted numbers; 1 when neither quotes any (nothing to disagree on)."""
    union = a.numbers | b.numbers
    return len(a.numbers & b.numbers) / len(union) if union else 1.0


def _surface_forms(text: str, keys: frozenset[str]) -> list[str]:
    """The first word of the text behind each name key, for evidence a person can read."""
    forms: dict[str, str] = {}
    for token in _WORD.findall(text):
        key = skeleton(token) if len(token) >= 2 else None
        if key in keys and key not in forms:
            forms[key] = token
    return sorted(forms.values())


def translation_link(a_article: Article, b_article: Article, a_signals: Signals,
                     b_signals: Signals) -> dict | None:
    """Evidence that `a` is a translation (other language) or near-copy (same language) of `b`,
    or None. Both keep meaning and numbers almost intact, which same-story reports by different
    writers do not; the cosine floors are fitted on SemEval MT copies (bench/fit_similarity.py)."""
    floors = model()["translation"]
    cosine = float(np.dot(a_signals.vector, b_signals.vector))
    cross = a_signals.language != b_signals.language
    agreement = _number_agreement(a_signals, b_signals)
    if cosine < floors["min_cosine_cross" if cross else "min_cosine_same"] or agreement < floors["min_number_agreement"]:
        return None
    names = shared_names(a_signals, b_signals)
    return {
        "kind": "translation" if cross else "near_copy",
        "article": a_article.id,
        "of": b_article.id,
        "languages": [a_signals.language, b_signals.language],
        "similarity": round(cosine, 4),
        "number_agreement": round(agreement, 4),
        "shared_numbers": sorted(a_signals.numbers & b_signals.numbers, key=lambda n: (len(n), n)),
        "shared_names": _surface_forms(a_article.text(), names),
    }
