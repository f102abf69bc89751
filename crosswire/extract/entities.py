"""People, organisations and places an article names, each tied to one canonical entity.

No multilingual NER model ships offline, so names are found by what every script offers:

* places, countries, macro-regions and international organisations from the gazetteer
  (`gazetteer.py`: geonames + CLDR names in every script), after stripping clitics and case
  endings per language ("وكازاخستان", "কাজাখস্তানের", "Казахстане", "Kazakistan'da");
* in cased scripts (Latin, Cyrillic, Greek), capitalised runs, minus sentence-initial common words,
  titles and headline capitals; organisations by their head word ("… Agency", "Ministerium …");
* in uncased scripts (Arabic, Devanagari, Bengali, Han …), names after a title ("الرئيس",
  "राष्ट्रपति", "总统"), acronyms spelled in letter names ("सीएसटीओ" → CSTO), and — at article and
  story level — any word whose romanised consonant skeleton matches a name found elsewhere
  (توكاييف ≈ টোকায়েভ ≈ टोकायव: t-k-v).

`extract_entities` works on one article; `link_story` merges entities across a story's articles
into one per real thing; `story_mentions` re-keys (and completes) an article's mentions to them.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np
import regex
from anyascii import anyascii

from crosswire.extract.dates import month_names, weekday_names
from crosswire.extract.gazetteer import DATA, WORD, Known, fold, gazetteer, name_key
from crosswire.records import Article, Entity, Mention, Segment

SKIPPED_KINDS = ("boilerplate", "notice")
MAX_NAME_TOKENS = 7            # longest gazetteer name tried (token n-grams)
MAX_UNSPACED_NAME = 12         # longest name tried in unspaced scripts (characters)
MAX_CUE_WORDS = 3              # words taken as a name after a title in uncased scripts
SAME_NAME = 0.8                # skeleton similarity above which two name words are the same name
BIG_CITY = 1_000_000           # population that outweighs a clash with a common word
SCAN_VOWELS = 0.65             # letters (vowels included) a scanned word must share with the name it spells
HAN_ORG_REACH = 6              # characters between a place name and an organisation head (印度[空间研究]组织)
TRANSLATED_NAME = 0.82         # encoder similarity of two names in different scripts that translate each other
TRANSLATED_MARGIN = 0.02       # ... by how much it must beat each name's next-best partner


# ------------------------------------------------------------------------------- language facts

@lru_cache(maxsize=1)
def _facts() -> dict:
    facts = json.loads((DATA / "languages.json").read_text(encoding="utf-8"))
    for section in ("titles", "org_heads", "stop", "facility_words"):
        facts[section] = {lang: {fold(w) for w in words} for lang, words in facts.get(section, {}).items()}
    facts["all_titles"] = set().union(*facts["titles"].values())
    facts["all_org_heads"] = set().union(*facts["org_heads"].values())
    facts["all_facility"] = set().union(*facts["facility_words"].values())
    facts["connectors"] = {lang: {fold(w) for w in words} for lang, words in facts["connectors"].items()}
    facts["org_connectors"] = set(facts["org_connectors"])
    facts["demonyms"] = {fold(w): iso for w, iso in facts["demonyms"].items()}
    facts["demonym_stems"] = {fold(w): iso for w, iso in facts["demonym_stems"].items()}
    facts["cased_languages"] = set(facts["cased_languages"])
    facts["han_org_heads"] = sorted(facts["han_org_heads"], key=len, reverse=True)
    facts["han_function_chars"] = set(facts["han_function_chars"])
    facts["common_acronyms"] = set(facts["common_acronyms"])
    facts["noun_capitalising"] = set(facts["noun_capitalising"])
    for section in ("suffixes", "demonym_suffixes"):
        facts[section] = {lang: sorted((tuple(rule.split(":")) for rule in rules), key=lambda r: -len(r[0]))
                          for lang, rules in facts[section].items()}
    return facts


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """Frequent words of a language: jusText's stoplist (shipped with trafilatura) plus our own."""
    words = set(_facts()["stop"].get(language, ()))
    name = _facts()["justext"].get(language)
    if name:
        try:
            import justext

            words |= {fold(w) for w in justext.get_stoplist(name)}
        except (ImportError, ValueError):
            pass
    return frozenset(words)


# ------------------------------------------------------------------------------------- scripts

@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "han"
    return name.split(" ")[0].lower() if name else "unknown"


def script_of(word: str) -> str:
    """Script of a word's first letter: latin, cyrillic, greek, arabic, devanagari, bengali, han …"""
    for ch in word:
        if ch.isalpha():
            return _char_script(ch)
    return "unknown"


CASED = {"latin", "cyrillic", "greek", "armenian"}
UNSPACED = {"han", "hiragana", "katakana", "thai", "lao", "khmer", "myanmar"}
ABJAD = {"arabic", "hebrew", "syriac"}


# ------------------------------------------------------------------------------------ phonetics

_GREEK_DIGRAPHS = (("ου", "u"), ("αι", "e"), ("ει", "i"), ("οι", "i"), ("υι", "i"), ("μπ", "b"), ("ντ", "d"),
                   ("γκ", "g"), ("γγ", "ng"), ("τσ", "ts"), ("τζ", "dz"), ("γι", "y"), ("γε", "ye"), ("αυ", "av"),
                   ("ευ", "ev"), ("χ", "kh"), ("β", "v"), ("η", "i"), ("υ", "i"))
_ARABIC = str.maketrans({       # applied to folded text (hamza seats, ta marbuta already normalised)
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "", "پ": "p", "چ": "ch", "ژ": "zh", "ڨ": "g",
})


_PINYIN_INITIALS = (("zh", "j"), ("q", "ch"), ("x", "sh"), ("c", "ts"))


def _pinyin(syllable: str) -> str:
    """A Han syllable's pinyin respelled the way other scripts write the same sounds."""
    syllable = syllable.lower()
    for initial, latin in _PINYIN_INITIALS:
        if syllable.startswith(initial):
            return latin + syllable[len(initial):]
    return syllable


_NON_LETTERS = regex.compile(r"[^a-z]+")
_HAN = regex.compile(r"\p{Han}+")
_DOUBLED = regex.compile(r"(.)\1+")
_NAME_SPLIT = regex.compile(r"[\s\-‐·・()]+")


@lru_cache(maxsize=65536)
def romanise(text: str) -> str:
    """Lower-case ASCII spelling of a name, whatever its script (anyascii plus Greek, Arabic, Han rules)."""
    script = script_of(text)
    folded = fold(text)
    if script == "greek":
        for greek, latin in _GREEK_DIGRAPHS:
            folded = folded.replace(greek, latin)
    elif script == "arabic":
        folded = folded.translate(_ARABIC)
    elif script == "han":
        folded = "".join(_pinyin(anyascii(ch)) if _char_script(ch) == "han" else ch for ch in folded)
    return " ".join(_NON_LETTERS.sub(" ", anyascii(folded).lower().replace("'", "")).split())


_SKELETON_RULES = (("tsch", "J"), ("sch", "S"), ("dzh", "J"), ("zh", "J"), ("kh", "K"), ("gh", "K"), ("ch", "J"),
                   ("sh", "S"), ("sz", "S"), ("cz", "J"), ("rz", "J"), ("ts", "S"), ("tz", "S"), ("th", "T"),
                   ("dh", "T"), ("ph", "B"), ("bh", "B"), ("jh", "J"), ("ck", "K"), ("qu", "K"), ("dj", "J"),
                   ("ng", "N"), ("ce", "Se"), ("ci", "Si"), ("cy", "Sy"), ("x", "KS"))
_SKELETON_LETTERS = str.maketrans({
    "b": "B", "p": "B", "f": "B", "v": "B", "k": "K", "q": "K", "g": "K", "c": "K", "j": "J", "d": "T", "t": "T",
    "s": "S", "z": "S", "m": "M", "n": "N", "l": "L", "r": "R",
    "a": None, "e": None, "i": None, "o": None, "u": None, "y": None, "w": None, "h": None,
})


@lru_cache(maxsize=65536)
def skeleton(romanised_word: str) -> str:
    """Consonant classes of a romanised word: what survives transliteration and unvocalised scripts.

    Tokayev, توكاييف (twkyyf), টোকায়েভ (tokayebh), टोकायव (tokayv) all give "TKB".
    """
    word = _DOUBLED.sub(r"\1", romanised_word.replace(" ", ""))
    for digraph, cls in _SKELETON_RULES:
        word = word.replace(digraph, cls)
    return word.lower().translate(_SKELETON_LETTERS).upper()


_NEAR = {pair: cost for (a, b), cost in {("L", "R"): 0.3, ("M", "N"): 0.5, ("J", "S"): 0.5, ("J", "K"): 0.5,
                                          ("S", "T"): 0.7, ("J", "T"): 0.7}.items()
         for pair in ((a, b), (b, a))}


@lru_cache(maxsize=65536)
def skeleton_similarity(a: str, b: str) -> float:
    """1 − weighted edit distance / length, with cheap swaps between sounds scripts confuse (l/r, m/n …)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            sub = prev[j - 1] + (0 if ca == cb else _NEAR.get((ca, cb), 1))
            up, left = prev[j] + 1, cur[j - 1] + 1
            cur.append(sub if sub < up and sub < left else (up if up < left else left))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b))


def _plain_similarity(a: str, b: str) -> float:
    """1 − Levenshtein / length over romanised letters (vowels included)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b), 1)


def same_word(a: str, b: str, threshold: float = SAME_NAME) -> bool:
    """Two name words (any scripts) are spellings of one name.

    Skeletons must agree (short ones exactly); within one vocalised script the vowels must
    broadly agree too, so that "प्रयास" (attempt) is not "प्राइस" (Price).
    """
    ra, rb = romanise(a), romanise(b)
    sa, sb = skeleton(ra), skeleton(rb)
    shortest = min(len(sa), len(sb))
    if shortest < 2:
        return fold(a) == fold(b)
    if shortest == 2:
        if sa != sb or (ra[:1] != rb[:1] and "han" not in (script_of(a), script_of(b))):
            return False
    elif sa[0] != sb[0] or skeleton_similarity(sa, sb) < (threshold if shortest >= 4 else max(threshold, 0.85)):
        return False
    script = script_of(a)
    if script == script_of(b) and script not in ABJAD and script != "han":
        return _plain_similarity(ra, rb) >= 0.7
    return True


_NOT_SLUG = regex.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _NOT_SLUG.sub("-", anyascii(text).lower()).strip("-") or "x"


# ---------------------------------------------------------------------------------- tokenising

@dataclass(eq=False)   # compared by identity: tokens.index() need not compare every field of each token
class Token:
    """One word of a segment, with what the matchers need to know about it."""

    text: str
    start: int
    end: int
    folded: str
    script: str
    gap: str                # characters between the previous token and this one
    upper: bool = False     # starts with a capital (cased scripts)
    caps: bool = False      # all capitals, two letters or more
    initial: bool = False   # first word of a sentence, line or headline
    headline: bool = False  # on a short title-case line, where every word is capitalised
    taken: bool = False     # already part of a found name


_SENTENCE_END = regex.compile(r"[.!?।॥؟。！？:\n…]|[\"“”«»„]\s*$|^\s*[\"“«„]")
_NOT_NAMES = regex.compile(r"https?://\S+|\b(?:pic\.twitter\.com|t\.co|www\.)\S*|@\w+")


def tokenise(segment: Segment) -> list[Token]:
    """Word tokens with their case, script and what precedes them; URLs and @handles come pre-taken."""
    text = segment.text
    starts = {s.start for s in segment.sentences}
    masked = [(m.start(), m.end()) for m in _NOT_NAMES.finditer(text)]
    tokens: list[Token] = []
    previous_end = 0
    for m in WORD.finditer(text):
        word, start = m.group(0), m.start()
        gap = text[previous_end:start]
        folded, script, upper, caps = _word_shape(word)
        tok = Token(word, start, m.end(), folded, script, gap, upper, caps)
        tok.initial = not tokens or start in starts or bool(_SENTENCE_END.search(gap))
        tok.taken = any(a <= start < b for a, b in masked)
        tokens.append(tok)
        previous_end = m.end()
    return tokens


@lru_cache(maxsize=65536)
def _word_shape(word: str) -> tuple[str, str, bool, bool]:
    """Folded form, script, capitalised, all capitals (the last two in cased scripts only), cached:
    the same words come back in every segment."""
    script = script_of(word)
    letters = [ch for ch in word if ch.isalpha()]
    if script not in CASED or not letters:
        return fold(word), script, False, False
    return fold(word), script, letters[0].isupper(), len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _joined(tokens: list[Token], i: int, j: int) -> bool:
    """Tokens i..j-1 form one contiguous name: only spaces or hyphens between them, one script."""
    for k in range(i + 1, j):
        gap = tokens[k].gap
        if gap.strip(" -‐") or gap.count(" ") > 1 or "\n" in gap or tokens[k].script != tokens[i].script:
            return False
    return True


# ------------------------------------------------------------------------------ what was found

@dataclass
class Found:
    """One name found in one segment, before entities are assembled."""

    segment: int
    start: int
    end: int
    text: str
    language: str
    kind: str                       # known | person | organisation | other | demonym
    known: Known | None = None
    words: list[str] = field(default_factory=list)
    cue: bool = False               # announced by a title ("President …")


@lru_cache(maxsize=65536)
def without_clitics(word: str, language: str, script: str) -> tuple[str, ...]:
    """A folded word and what is left once prefixed clitics go ("وكازاخستان" → "كازاخستان")."""
    folded = fold(word)
    out = [folded]
    facts = _facts()
    for prefix in facts["prefixes"].get(language) or (facts["prefixes"]["ar"] if script == "arabic" else ()):
        p = fold(prefix)
        if folded.startswith(p) and len(folded) - len(p) >= 3:
            out.append(folded[len(p):])
            if script == "arabic" and p in ("ل", "لل"):
                out.append("ال" + folded[len(p):])
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def lemma_candidates(word: str, language: str, script: str) -> tuple[str, ...]:
    """Folded base forms a word may be an inflection of: itself, without clitics, without endings."""
    out = list(without_clitics(word, language, script))
    for base in list(out):
        for ending, replacement in _facts()["suffixes"].get(language, ()):
            e = fold(ending)
            if e and base.endswith(e) and len(base) - len(e) >= 3:
                out.append(base[: len(base) - len(e)] + fold(replacement))
    return tuple(dict.fromkeys(out))


def _demonym_country(tok: Token, language: str) -> Known | None:
    """The country an adjective or demonym points to ("Kazakh", "российский", "الكازاخستاني", "रूसी")."""
    return demonym_country(tok.text, language)


@lru_cache(maxsize=65536)
def demonym_country(word: str, language: str) -> Known | None:
    facts = _facts()
    g = gazetteer()
    folded, script = fold(word), script_of(word)
    if folded in facts["demonyms"]:
        return g.by_key.get(f"country:{facts['demonyms'][folded]}")
    for stem, iso in facts["demonym_stems"].items():
        if folded.startswith(stem) and len(folded) - len(stem) <= 6:
            return g.by_key.get(f"country:{iso}")
    endings = facts["demonym_endings"].get(script)
    if endings is None or len(folded) < 4:
        return None
    bases = [folded]
    if script == "arabic":
        bases += [b[2:] for b in lemma_candidates(word, "ar", "arabic") if b.startswith("ال")]
    for base in list(bases):
        for ending, replacement in facts["demonym_suffixes"].get(language, ()):
            e = fold(ending)
            if base.endswith(e) and len(base) - len(e) >= 3:
                bases.append(base[: len(base) - len(e)] + replacement)
    # a bare word is a demonym only by adding an ending ("Kazakh" + "stan"), never by itself
    for base in bases:
        for ending in endings:
            if base is bases[0] and not ending:
                continue
            for known in g.lookup(base + fold(ending)):
                if known.type == "country":
                    return known
    return None


# ------------------------------------------------------------------------------------ matching

@dataclass
class _Context:
    """What a segment's matchers share: the article's lower-case words, confirmed capitals, countries."""

    lowercase: set[str]
    confirmed: set[str]
    shouted: set[int]                                   # start offsets of words on all-capitals stretches
    countries: set[str] = field(default_factory=set)


def _facility(word: str) -> bool:
    return word in _facts()["all_facility"]


def _accept_known(tokens: list[Token], i: int, j: int, known: Known, language: str, ctx: _Context) -> bool:
    """Whether a gazetteer name at tokens i..j may stand (before the article's countries are known)."""
    first = tokens[i]
    if first.script in CASED:
        if not (first.upper or first.caps):
            return False
        if j - i > 1 and known.type in ("place", "country") and not (tokens[j - 1].upper or tokens[j - 1].caps):
            return False
    if known.type in ("country", "organisation") or known.key.startswith("region:"):
        return True
    if j - i > 1 and first.script not in CASED and any(t.folded in _facts()["stop"].get(language, ()) for t in tokens[i:j]):
        return False
    if j - i == 1:
        word = first.folded
        if _facility(word) or len(word) < 3 or _is_title(word, language):
            return False
        if (word in month_names(language) or word in weekday_names(language)) and known.population < BIG_CITY:
            return False                                  # "in March", not March in Cambridgeshire
        if first.script in CASED:
            if len(word) <= 3 and known.population < 100_000:
                return False
            if first.initial and (word in ctx.lowercase or word in stopwords(language)) and known.population < BIG_CITY:
                return False
            if first.initial and word not in ctx.confirmed and known.key not in gazetteer().capitals \
                    and known.population < 2 * BIG_CITY:
                return False
            if first.caps and len(word) > 3 and known.population < BIG_CITY:
                return False
    return True


def _place_stands(f: Found, tokens: list[Token], language: str, ctx: _Context) -> bool:
    """Second look at a one-word place or country once the article's countries are known.

    In uncased scripts a city name is often also a common word (المدينة "the city", بيان
    "statement"): it stands when it is a capital, very big, or in a country the article names.
    In cased scripts a place inside a run of other capitalised words is part of a name ("Omar
    Miranda", "Japan Airlines") unless the neighbours are facility words ("Almaty International
    Airport"); headlines and acronyms (US-Botschaft) are left alone.
    """
    k = f.known
    if k is None or f.kind != "known" or k.type not in ("place", "country") or k.key.startswith("region:"):
        return True
    inside = [t for t in tokens if f.start <= t.start < f.end]
    if len(inside) != 1 or inside[0].script in UNSPACED:
        return True
    tok = inside[0]
    capital = k.key in gazetteer().capitals
    if tok.script not in CASED:
        if k.type == "country":
            return True
        stop = stopwords(language)
        if any(c in stop for c in lemma_candidates(tok.text, language, tok.script)):
            return capital or k.population >= 2 * BIG_CITY
        return capital or k.population >= BIG_CITY or (k.population >= 100_000 and k.country in ctx.countries)
    if tok.caps or tok.headline:
        return True
    index = tokens.index(tok)
    neighbours = []
    for n in (index - 1, index + 1):
        if 0 <= n < len(tokens) and _joined(tokens, min(index, n), max(index, n) + 1):
            other = tokens[n]
            if (other.upper or other.caps) and not other.taken and other.folded not in stopwords(language) \
                    and not _is_title(other.folded, language) \
                    and not (other.initial and not _confirmed(other, language, ctx)):
                neighbours.append(other)
    if not neighbours or any(_facility(o.folded) for o in neighbours):
        return True
    if any(o.folded in _facts()["all_org_heads"] for o in neighbours):
        return False                                      # "Japan Airlines", "Statistics Canada"
    # a country before a name is usually a genitive ("канцлер Германии Олаф Шольц"); a small
    # city among capitalised words is part of a name
    return k.type == "country" or (capital and k.population >= BIG_CITY)


def _best_known(candidates: list[Known], ctx: _Context, key: str) -> Known:
    """Country or organisation first, then a place in a country the article names, then a town
    whose own name this is (New Delhi, not Delhi that is also called so; a state is no town: New
    York is the city), then the biggest."""
    def rank(k: Known) -> tuple:
        return (k.type == "country", k.type == "organisation", k.key.startswith("region:"),
                k.country in ctx.countries, k.lat is not None and name_key(k.name) == key, k.population)
    return max(candidates, key=rank)


def _match_gazetteer(tokens: list[Token], seg: int, language: str, ctx: _Context) -> list[Found]:
    g = gazetteer()
    found: list[Found] = []
    i = 0
    while i < len(tokens):
        hit = None
        first = tokens[i]
        if first.script in CASED and not (first.upper or first.caps):
            i += 1                                        # `_accept_known` takes no name starting here
            continue
        longest = 1
        if not first.taken and first.script not in UNSPACED and any(
                f in g.first_words for f in lemma_candidates(first.text, language, first.script)[:4]):
            longest = MAX_NAME_TOKENS
        if not first.taken and first.script not in UNSPACED:
            for j in range(min(len(tokens), i + longest), i, -1):
                if any(t.taken for t in tokens[i:j]) or not _joined(tokens, i, j):
                    continue
                last = tokens[j - 1]
                middle = " ".join(t.folded for t in tokens[i + 1:j - 1])
                heads = lemma_candidates(first.text, language, first.script)[:4] if j - i > 1 else ("",)
                keys = [" ".join(p for p in (head, middle, form) if p)
                        for head in heads for form in lemma_candidates(last.text, language, last.script)]
                for key in keys:
                    if key not in g.names or (j - i == 1 and first.script not in CASED
                                              and key != first.folded and len(key) < 4):
                        continue                          # "باللوم" is not "لوم" (Lomé)
                    candidates = [k for k in g.lookup(key) if _accept_known(tokens, i, j, k, language, ctx)]
                    if candidates:
                        hit = (j, _best_known(candidates, ctx, key))
                        break
                if hit:
                    break
        if hit:
            j, known = hit
            for t in tokens[i:j]:
                t.taken = True
            found.append(Found(seg, tokens[i].start, tokens[j - 1].end, "", language, "known", known))
            i = j
        else:
            i += 1
    return found


_DOTTED = regex.compile(r"(?<![\p{L}.])((?:\p{Lu}\.){2,})")


def _match_acronyms(tokens: list[Token], text: str, seg: int, language: str) -> list[Found]:
    """Upper-case acronyms of known organisations and countries (CSTO, ОДКБ, U.S.), exact case."""
    g = gazetteer()
    found = []
    for m in _DOTTED.finditer(text):
        known = g.acronym(m.group(1).replace(".", ""), language)
        if known:
            for t in tokens:
                if m.start() <= t.start < m.end():
                    t.taken = True
            found.append(Found(seg, m.start(), m.end(), m.group(1), language, "known", known))
    for t in tokens:
        if not t.taken and (t.caps or t.text in g.acronyms):
            known = g.acronym(t.text, language)
            if known:
                t.taken = True
                found.append(Found(seg, t.start, t.end, t.text, language, "known", known))
    return found


NAME_ONLY_HAN = frozenset("宾逊奎蕾莉琳妮琼汀詹芙莎黛琪鲍")
"""Characters of transliterated people's names (罗宾逊, 詹妮弗) that place names seldom use."""


@lru_cache(maxsize=1)
def transliteration_han() -> frozenset[str]:
    """Han characters used to transliterate foreign names: those of names of places abroad, and
    `NAME_ONLY_HAN`."""
    g = gazetteer()
    abroad: Counter[str] = Counter()
    at_home: Counter[str] = Counter()
    home = {"CN", "TW", "HK", "MO", "JP", "KR", "KP", "SG"}
    for name in g.unspaced:
        if all(_char_script(ch) == "han" for ch in name):
            places = g.lookup(name)
            if all(k.country not in home and k.type != "organisation" for k in places):
                abroad.update(set(name))
            elif all(k.country in home for k in places):
                at_home.update(set(name))
    return frozenset(ch for ch, n in abroad.items() if n >= 15 and n >= at_home[ch]) | NAME_ONLY_HAN


_UNSPACED_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}ー]+")


def _match_unspaced(text: str, seg: int, language: str, ctx: _Context, taken: list[tuple[int, int]]) -> list[Found]:
    """Dictionary scan of scripts written without spaces (longest name first at each position)."""
    g = gazetteer()
    found = []
    for run in _UNSPACED_RUN.finditer(text):
        chunk, base = run.group(0), run.start()
        i = 0
        while i < len(chunk):
            hit = None
            if not any(s <= base + i < e for s, e in taken):
                for j in range(min(len(chunk), i + MAX_UNSPACED_NAME), i + 1, -1):
                    piece = fold(chunk[i:j])
                    if piece in g.unspaced and not any(s < base + j and base + i < e for s, e in taken):
                        candidates = [k for k in g.lookup(piece) if k.type != "place" or k.key.startswith("region:")
                                      or k.key in g.capitals or k.population >= 100_000]
                        if candidates:
                            hit = (j, _best_known(candidates, ctx, piece))
                            break
            if hit:
                j, known = hit
                head = _han_org_head(chunk, j)
                if head and known.type in ("country", "place"):   # 日本航空公司 is an airline, not Japan
                    found.append(Found(seg, base + i, base + head, chunk[i:head], language, "organisation",
                                       words=[chunk[i:head]]))
                    j = head
                else:
                    found.append(Found(seg, base + i, base + j, chunk[i:j], language, "known", known))
                i = j
            else:
                i += 1
    return found


def _han_org_head(chunk: str, at: int) -> int | None:
    """End of an organisation's head word starting within `HAN_ORG_REACH` characters of `at`, with
    no function character between (日本航空公司, 印度空间研究组织, 印度气象局; not 日本的公司). A one-character
    head (局) must end the run or meet a function character: 局势 is "situation"."""
    heads, function = _facts()["han_org_heads"], _facts()["han_function_chars"]
    for gap in range(min(HAN_ORG_REACH + 1, len(chunk) - at)):
        if gap and chunk[at + gap - 1] in function:
            return None
        for head in heads:
            end = at + gap + len(head)
            if chunk.startswith(head, at + gap) and (len(head) > 1 or end == len(chunk) or chunk[end] in function):
                return end
    return None


def _is_title(word: str, language: str) -> bool:
    facts = _facts()
    if word in facts["titles"].get(language, ()) or (len(word) > 3 and word in facts["all_titles"]):
        return True
    return any(word.endswith(t) and len(word) > len(t) + 2 for t in facts["compound_titles"].get(language, ()))


def connectors(language: str) -> set[str]:
    """Lower-case particles that may sit inside a name in this language (van, de, bin, عبد …)."""
    table = _facts()["connectors"]
    return table.get(language, table["default"])


def _noun_like(word: str, language: str) -> bool:
    """German and similar languages capitalise nouns: recognise the commonest noun endings."""
    return any(word.endswith(e) for e in _facts()["noun_endings"].get(language, ()))


def _match_cased_runs(tokens: list[Token], seg: int, language: str, ctx: _Context) -> list[Found]:
    """Capitalised runs in Latin, Cyrillic, Greek text: people, organisations, other names.

    A run loses sentence-initial words not seen capitalised elsewhere ("Yet", "Powerful") and
    splits at titles ("İçişleri Bakanı Süleyman Soylu" → a person after a title); runs on
    title-case headline lines need a word confirmed in the body.
    """
    facts = _facts()
    found = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.taken or t.script not in CASED or not (t.upper or t.caps):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            nxt = tokens[j]
            if nxt.taken or nxt.script != t.script or not _joined(tokens, j - 1, j + 1):
                break
            if nxt.upper or nxt.caps:
                j += 1
                continue
            follow = tokens[j + 1] if j + 1 < len(tokens) else None
            org_link = nxt.folded in facts["org_connectors"] and any(
                w.folded in facts["all_org_heads"] for w in tokens[i:j + 2])
            if follow and follow.upper and not follow.taken and _joined(tokens, j, j + 2) and (
                    nxt.folded in connectors(language) or org_link):
                j += 2
            else:
                break
        run = tokens[i:j]
        i = j
        if _model_name(tokens, j - 1):
            continue
        start = tokens.index(run[0])
        titled = start > 0 and _is_title(tokens[start - 1].folded, language) and _joined(tokens, start - 1, start + 1)
        found += _name_from_run(run, seg, language, ctx, titled)
    return found


def _name_from_run(run: list[Token], seg: int, language: str, ctx: _Context, titled: bool) -> list[Found]:
    """Split a capitalised run at titles: what follows the last title is a person; so is a run right
    after a lower-case title ("papież Franciszek", "le président Macron")."""
    titles = [k for k, r in enumerate(run) if _is_title(r.folded, language)]
    if not titles:
        return _emit(run, seg, language, ctx, cue=titled)
    before, after = run[:titles[0]], run[titles[-1] + 1:]
    for r in run[titles[0]:titles[-1] + 1]:
        r.taken = True
    out = []
    if len(before) > 1 or (before and before[0].caps):
        out += _emit(before, seg, language, ctx, cue=titled)  # "AK Parti" in "AK Parti Genel Başkanı …"
    if after:
        out += _emit(after, seg, language, ctx, cue=True)
    return out


def _confirmed(token: Token, language: str, ctx: _Context) -> bool:
    """Seen capitalised mid-sentence, or unmistakably a name (camel case, Latin inside another script)."""
    if token.folded in ctx.confirmed or (token.caps and 2 <= len(token.folded) <= 5):    # an acronym
        return True
    inner_capital = any(ch.isupper() for ch in token.text[1:]) and not token.caps
    return inner_capital or language not in _facts()["cased_languages"]


def _emit(run: list[Token], seg: int, language: str, ctx: _Context, cue: bool) -> list[Found]:
    """A found name from a capitalised run, or nothing when what is left is not a name."""
    facts = _facts()
    stop = stopwords(language)
    hard = facts["stop"].get(language, set())
    links = connectors(language) | facts["org_connectors"]
    common = facts["common_acronyms"]
    def dropped(t: Token) -> bool:
        return t.folded in hard or t.folded in links or (t.caps and t.folded in common)

    while run and (dropped(run[0]) or (run[0].initial and not cue and (
            run[0].folded in stop or run[0].folded in ctx.lowercase
            or (len(run) == 1 and not _confirmed(run[0], language, ctx))))):
        run = run[1:]
    while run and dropped(run[-1]):
        run = run[:-1]
    if run and run[0].headline:
        while run and run[0].folded not in ctx.confirmed:
            run = run[1:]
        while run and run[-1].folded not in ctx.confirmed:
            run = run[:-1]
    if not run or all(_facility(r.folded) for r in run) or (len(run) == 1 and len(run[0].folded) < 2):
        return []
    words = [w.folded for w in run]
    heads = facts["org_heads"].get(language, set()) | facts["org_heads"].get("en", set())
    if any(w in heads for w in words):
        kind = "organisation"
    elif len(run) == 1 and run[0].caps:
        word = run[0]
        if len(word.folded) > 5 or word.folded in stop or word.folded in stopwords("en") \
                or (not word.text.isascii() and language != "tr" and word.script != "cyrillic") \
                or _shouted(word, ctx):
            return []
        kind = "organisation"
    elif all(r.caps for r in run):
        return []                                          # shouted headline words
    elif any(_noun_like(w, language) for w in words) and not cue:
        return []
    elif len(run) == 1:
        if (language in facts["noun_capitalising"] or words[0] in stop) and not cue:
            return []
        kind = "person" if cue else "other"
    else:
        kind = "person"
    for r in run:
        r.taken = True
    return [Found(seg, run[0].start, run[-1].end, "", language, kind, words=[r.text for r in run], cue=cue)]


def _shouted(token: Token, ctx: _Context) -> bool:
    """An all-capitals word on a line written in capitals ("NOPE FROM THE POPE") is not an acronym."""
    return token.start in ctx.shouted


_HEADLINE_WORDS = 25


def _mark_headlines(tokens: list[Token], text: str, language: str) -> None:
    """Flag tokens on title-case lines: short lines, not ending a sentence, most longer words capitalised."""
    lines: list[list[Token]] = [[]]
    for t in tokens:
        if "\n" in t.gap and lines[-1]:
            lines.append([])
        lines[-1].append(t)
    share = 0.9 if language in _facts()["noun_capitalising"] else 0.6
    for line in lines:
        if not line:
            continue
        end = text.find("\n", line[-1].end)
        tail = text[line[-1].end: end if end >= 0 else len(text)].strip()
        longer = [t for t in line if t.script in CASED and len(t.text) > 3]
        if len(line) <= _HEADLINE_WORDS and len(longer) >= 3 and not tail.endswith((".", "!", "?", "。")) \
                and sum(t.upper for t in longer) / len(longer) > share:
            for t in line:
                t.headline = True


def _match_titled_names(tokens: list[Token], seg: int, language: str) -> list[Found]:
    """In uncased scripts: the words after a title ("الرئيس قاسم جومارت توكاييف", "राष्ट्रपति टोकायव")."""
    facts = _facts()
    titles = facts["titles"].get(language, set()) | facts["all_titles"]
    heads = facts["all_org_heads"]
    stop_hard = facts["stop"].get(language, set())
    stop_soft = stopwords(language)
    found = []
    for i, t in enumerate(tokens):
        if t.script in CASED or t.script in UNSPACED or not any(f in titles for f in without_clitics(t.text, language, t.script)):
            continue
        k = i + 1
        while k < len(tokens) and k - i <= 3 and not tokens[k].taken and _joined(tokens, k - 1, k + 1) and (
                tokens[k].folded in titles or _demonym_country(tokens[k], language) is not None
                or (tokens[k].script == "arabic" and tokens[k].folded.startswith("ال"))):
            k += 1                                        # "رئيس الوزراء الأرمني …"
        name: list[Token] = []
        words = 0
        links = connectors(language)
        while k < len(tokens) and words < MAX_CUE_WORDS:
            nxt = tokens[k]
            if (nxt.taken or nxt.script != t.script or nxt.folded in stop_hard or nxt.folded in titles
                    or nxt.folded in heads or not _joined(tokens, k - 1, k + 1) or nxt.text.isdigit()
                    or _demonym_country(nxt, language) is not None or _preposition_article(nxt)
                    or (name and nxt.folded in stop_soft and nxt.folded not in links)
                    or (words >= 2 and nxt.script == "arabic" and nxt.folded.endswith("ا"))):
                break
            if nxt.gap.strip() != "-" and nxt.folded not in links:
                words += 1
            name.append(nxt)
            k += 1
        while name and (name[-1].folded in stop_soft or name[-1].folded in links):
            name.pop()
        if name and not all(n.folded in stop_soft for n in name):
            for n in name:
                n.taken = True
            found.append(Found(seg, name[0].start, name[-1].end, "", language, "person",
                               words=[n.text for n in name], cue=True))
    return found


def _preposition_article(token: Token) -> bool:
    """Arabic words glued to a preposition and the article ("للقوات", "بالنيابة") are never names."""
    return token.script == "arabic" and token.folded.startswith(("بال", "لل", "وال", "فال", "كال", "وبال"))


def _match_han_titled(text: str, seg: int, language: str, taken: list[tuple[int, int]]) -> list[Found]:
    """Chinese names next to a title: transliteration characters before or after it (特朗普总统, 总统特朗普)."""
    if not _HAN.search(text):
        return []
    titles = _facts()["titles"].get("zh", set())
    translit = transliteration_han()
    found = []
    for title in titles:
        for m in regex.finditer(regex.escape(title), text):
            for step, edge in ((-1, m.start()), (1, m.end())):
                k = edge if step > 0 else edge - 1
                while 0 <= k < len(text) and text[k] in translit and abs(k - edge) < 6:
                    k += step
                start, end = (k + 1, edge) if step < 0 else (edge, k)
                if end - start >= 2 and not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found.append(Found(seg, start, end, text[start:end], language, "person",
                                       words=[text[start:end]], cue=True))
    return found


def _match_org_heads(tokens: list[Token], seg: int, language: str) -> list[Found]:
    """In uncased scripts: a named body around its head word ("وزارة الدفاع", "रक्षा मंत्रालय")."""
    facts = _facts()
    heads = facts["org_heads"].get(language, set())
    stop = facts["stop"].get(language, set())
    step = -1 if language in facts["head_final"] else 1
    found = []
    for i, t in enumerate(tokens):
        if t.taken or t.script in CASED or t.script in UNSPACED or t.folded not in heads:
            continue
        k, body = i + step, []
        while 0 <= k < len(tokens) and len(body) < 3:
            nxt = tokens[k]
            if nxt.taken or nxt.script != t.script or nxt.folded in stop or nxt.folded in heads \
                    or not _joined(tokens, min(k, k - step), max(k, k - step) + 1):
                break
            body.append(nxt)
            k += step
        if body:
            span = sorted([t, *body], key=lambda x: x.start)
            for s in span:
                s.taken = True
            found.append(Found(seg, span[0].start, span[-1].end, "", language, "organisation",
                               words=[s.text for s in span]))
    return found


@lru_cache(maxsize=65536)
def spelled_acronym(word: str) -> str | None:
    """A word made only of letter names in its script, decoded (सीएसटीओ → CSTO); else None."""
    table = _facts()["letter_names"].get(script_of(word))
    if not table:
        return None
    best: list[str | None] = [None] * (len(word) + 1)
    best[0] = ""
    for i in range(len(word)):
        if best[i] is None:
            continue
        for name, letter in table.items():
            end = i + len(name)
            if word.startswith(name, i) and (best[end] is None or len(best[end]) > len(best[i]) + 1):
                best[end] = best[i] + letter
    spelled = best[-1]
    return spelled if spelled and len(spelled) >= 2 else None


def _match_letter_acronyms(tokens: list[Token], seg: int, language: str) -> list[Found]:
    """Known acronyms written as letter names in Devanagari, Bengali, Arabic (सीएसटीओ → CSTO)."""
    found = []
    for t in tokens:
        if t.taken:
            continue
        spelled = spelled_acronym(t.text)
        known = gazetteer().acronym(spelled, language) if spelled else None
        if known:
            t.taken = True
            found.append(Found(seg, t.start, t.end, t.text, language, "known", known))
    return found


@lru_cache(maxsize=1)
def _han_dotted_name() -> regex.Pattern:
    chars = regex.escape("".join(sorted(transliteration_han())))
    return regex.compile(f"[{chars}]+(?:[·・][{chars}]+)+")


def _match_han_names(text: str, seg: int, language: str) -> list[Found]:
    """Chinese transliterated foreign names: transliteration characters joined by "·" (巴拉克·奥巴马)."""
    return [Found(seg, m.start(), m.end(), m.group(0), language, "person", words=regex.split(r"[·・]", m.group(0)))
            for m in _han_dotted_name().finditer(text)]


# ----------------------------------------------------------------------------- article assembly

def _context(tokenised: list[tuple[int, Segment, str, list[Token]]]) -> _Context:
    """Words the article writes in lower case, and capitalised words it uses mid-sentence."""
    lowercase, confirmed, shouted = set(), set(), set()
    for _, _, _, tokens in tokenised:
        for k, t in enumerate(tokens):
            if t.script in CASED:
                if not t.upper:
                    lowercase.add(t.folded)
                elif not t.initial and not t.headline:
                    confirmed.add(t.folded)
            stretch = tokens[max(0, k - 2): k + 3]
            if t.caps and sum(w.caps and len(w.text) >= 3 for w in stretch) >= 3:
                shouted.add(t.start)
    return _Context(lowercase, confirmed, shouted)


def _find(article: Article) -> list[Found]:
    """Every name in an article's body and posts, in matcher order: what is surest claims words first."""
    tokenised = []
    for index, seg in enumerate(article.segments):
        if seg.kind in SKIPPED_KINDS or not seg.text.strip():
            continue
        language = _language(seg, article)
        tokens = tokenise(seg)
        _mark_headlines(tokens, seg.text, language)
        tokenised.append((index, seg, language, tokens))
    ctx = _context(tokenised)
    by_segment = {index: (language, tokens) for index, _, language, tokens in tokenised}
    found: list[Found] = []
    for index, seg, language, tokens in tokenised:
        found += _match_acronyms(tokens, seg.text, index, language)
        found += _match_gazetteer(tokens, index, language, ctx)
        han = _match_han_names(seg.text, index, language)
        unspaced = _match_unspaced(seg.text, index, language, ctx, [(f.start, f.end) for f in han])
        spans = [(f.start, f.end) for f in han + unspaced]
        found += han + unspaced + _match_han_titled(seg.text, index, language, spans)
    ctx.countries = {f.known.country for f in found if f.known and f.known.type == "country"}
    kept = []
    for f in found:
        language, tokens = by_segment[f.segment]
        if _place_stands(f, tokens, language, ctx):
            kept.append(f)
        else:
            for t in tokens:
                if f.start <= t.start < f.end:
                    t.taken = False
    found = kept
    for index, seg, language, tokens in tokenised:
        found += _match_letter_acronyms(tokens, index, language)
        found += _match_titled_names(tokens, index, language)
        for k, t in enumerate(tokens):
            if not t.taken and t.script not in UNSPACED and not _inside_capitalised_run(tokens, k, language):
                country = _demonym_country(t, language)
                if country:
                    t.taken = True
                    found.append(Found(index, t.start, t.end, t.text, language, "demonym", country))
        found += _match_org_heads(tokens, index, language)
        found += _match_cased_runs(tokens, index, language, ctx)
    for f in found:
        f.text = f.text or article.segments[f.segment].text[f.start:f.end]
    found += _propagate(tokenised, found)
    return sorted(found, key=lambda f: (f.segment, f.start))


def _inside_capitalised_run(tokens: list[Token], k: int, language: str) -> bool:
    """A capitalised word next to a title or another capitalised word is part of a name ("Pope Francis",
    "Russian Foreign Ministry"), not a demonym."""
    t = tokens[k]
    if t.script not in CASED or not t.upper:
        return False
    for n in (k - 1, k + 1):
        if 0 <= n < len(tokens) and _joined(tokens, min(k, n), max(k, n) + 1):
            other = tokens[n]
            if (other.upper and not other.taken and other.folded not in stopwords(language)
                    and not _model_name(tokens, n)) or _is_title(other.folded, language):
                return True
    return False


def _model_name(tokens: list[Token], k: int) -> bool:
    """A word glued to a number by a hyphen names a model (Il-76, F-16), not a person or place."""
    return k + 1 < len(tokens) and tokens[k + 1].gap == "-" and tokens[k + 1].text[:1].isdigit()


def _surnames(found: list[Found]) -> set[str]:
    """The words other spellings are looked for: last words of people's names, not given names."""
    out = set()
    for f in found:
        if f.kind == "person" and f.words:
            word = f.words[-1]
            if len(skeleton(romanise(word))) >= 3 and not (script_of(word) == "arabic" and fold(word).startswith("ال")):
                out.add(word)
    return out


def _propagate(tokenised: list, found: list[Found]) -> list[Found]:
    """Within an article, other spellings of a surname already found ("टोकायेव" after "राष्ट्रपति टोकायव")."""
    targets = _surnames(found)
    if not targets:
        return []
    extra = []
    for index, seg, language, tokens in tokenised:
        stop = stopwords(language)
        for t in tokens:
            if t.taken or t.folded in stop or len(t.folded) < 3 or t.script in UNSPACED \
                    or (t.script in CASED and not t.upper):
                continue
            forms = lemma_candidates(t.text, language, t.script)
            if any(same_word(form, w) for w in targets for form in dict.fromkeys([forms[0], forms[-1]])):
                t.taken = True
                extra.append(Found(index, t.start, t.end, t.text, language, "person", words=[t.text]))
    return extra


def _clusters(found: list[Found]) -> list[list[Found]]:
    """Group one article's unknown names: full names absorb surnames and other spellings."""
    named = [f for f in found if f.kind in ("person", "organisation", "other")]
    named.sort(key=lambda f: -len(f.words))
    clusters: list[list[Found]] = []
    for f in named:
        home = None
        for c in clusters:
            lead = c[0]
            if fold(" ".join(lead.words)) == fold(" ".join(f.words)):
                home = c
            elif len(f.words) == 1 and len(lead.words) > 1 and (
                    _same_name_word(f.words[0], lead.words[-1], f.language)
                    or (len(lead.words) > 2 and lead.kind == "person"
                        and _same_name_word(f.words[0], lead.words[0], f.language))):
                home = c                                  # a surname (or the first of a person's three names)
            elif 1 < len(f.words) < len(lead.words) and _same_name_word(f.words[-1], lead.words[-1], f.language):
                home = c
            if home:
                break
        if home is not None:
            home.append(f)
        else:
            clusters.append([f])
    return clusters


def _same_name_word(a: str, b: str, language: str) -> bool:
    """Two words of names in one article are the same name (inflected, or another spelling)."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if script_of(a) == script_of(b) and script_of(a) in CASED:
        # inflected surnames in one language: Dudy / Dudę / Duda, Trzaskowskiego / Trzaskowski
        return bool(set(lemma_candidates(a, language, script_of(a))) & set(lemma_candidates(b, language, script_of(b))))
    return same_word(a, b)


def _cluster_type(cluster: list[Found]) -> str:
    kinds = Counter(f.kind for f in cluster)
    if kinds["organisation"]:
        return "organisation"
    if kinds["person"] or any(f.cue for f in cluster):
        return "person"
    return "other"


_ROMANISES_WELL = ("cyrillic", "greek", "devanagari", "bengali", "han")


def _romanised_name(texts: list[str]) -> str:
    """A readable Latin name from non-Latin spellings, preferring scripts that write every vowel."""
    def rank(text: str) -> tuple:
        s = script_of(text)
        return (_ROMANISES_WELL.index(s) if s in _ROMANISES_WELL else len(_ROMANISES_WELL), -len(text.split()))
    best = min(texts, key=rank)
    return " ".join(w.capitalize() for w in romanise(best).split())


def _display_name(forms: list[Found]) -> str:
    """English-looking name: the longest Latin form (from an English segment if any), else romanised."""
    latin = [f for f in forms if script_of(f.text) == "latin"]
    pool = [f for f in latin if f.language == "en"] or latin
    if pool:
        best = max(pool, key=lambda f: (len(f.words) or 1, -pool.index(f)))
        return " ".join(best.words) if best.words else best.text
    return _romanised_name([" ".join(f.words) if f.words else f.text for f in forms])


def extract_entities(article: Article) -> tuple[list[Entity], list[Mention]]:
    """The people, organisations and places one article names, and where (body and posts only).

    Keys are canonical across scripts where the gazetteer knows the thing (`place:<geonameid>`,
    `country:<ISO2>`, `region:<M49>`, `org:<slug>`); demonyms ("Kazakh", "रूसी") point at their
    country as `demonym:<ISO2>`; other people and organisations get `person:`/`org:`/`other:` keys
    from a romanised name, which `link_story` reconciles across articles.
    """
    found = _find(article)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    keyed: list[tuple[str, Found]] = []
    for f in found:
        if f.known is not None:
            key = f"demonym:{f.known.country}" if f.kind == "demonym" else f.known.key
            if key not in entities:
                k = f.known
                name = f"{k.name} (demonym)" if f.kind == "demonym" else k.name
                entities[key] = Entity(key, name, "other" if f.kind == "demonym" else k.type, [], k.lat, k.lon)
            keyed.append((key, f))
    for cluster in _clusters(found):
        typ = _cluster_type(cluster)
        name = _display_name(cluster)
        key = _free_key(typ, name, entities)
        entities.setdefault(key, Entity(key, name, typ, []))
        keyed += [(key, f) for f in cluster]
    for key, f in sorted(keyed, key=lambda kf: (kf[1].segment, kf[1].start)):
        entity = entities[key]
        form = {"text": f.text, "language": f.language}
        if form not in entity.forms:
            entity.forms.append(form)
        mentions.append(Mention(key, f.text, f.language, f.segment, _sentence_of(article.segments[f.segment], f.start),
                                f.start))
    used = {m.entity for m in mentions}
    return [e for k, e in entities.items() if k in used], mentions


def _free_key(typ: str, name: str, taken: dict[str, Entity]) -> str:
    """`person:`/`org:`/`other:` plus the slug of the name; the same name is the same key, a clash
    of different names on one slug gets a number."""
    base = f"{ {'person': 'person', 'organisation': 'org'}.get(typ, 'other') }:{slug(name)}"
    key, n = base, 1
    while key in taken and taken[key].name != name:
        n += 1
        key = f"{base}-{n}"
    return key


def _sentence_of(segment: Segment, offset: int) -> str:
    for s in segment.sentences:
        if s.start <= offset < s.end:
            return s.text
    line_start = segment.text.rfind("\n", 0, offset) + 1
    line_end = segment.text.find("\n", offset)
    return segment.text[line_start: line_end if line_end >= 0 else len(segment.text)].strip()


# -------------------------------------------------------------------------------- story linking

def _extracted(article: Article) -> tuple[list[Entity], list[Mention]]:
    if article.entities or article.mentions:
        return article.entities, article.mentions
    return extract_entities(article)


def _name_words(entity: Entity) -> list[tuple[list[str], str]]:
    """Each form of an entity as its words (hyphens split, Han split on "·") and its language."""
    return [([w for w in _NAME_SPLIT.split(form["text"]) if w], form.get("language", "und")) for form in entity.forms]


def _acronyms(entity: Entity) -> set[str]:
    """Acronyms an entity goes by, in Latin letters (CSTO, ИБПС → IBPS, सीएसटीओ → CSTO)."""
    return {a for form in entity.forms for a in [_acronym_of(form["text"])] if a}


@lru_cache(maxsize=65536)
def _acronym_of(text: str) -> str | None:
    if not text or _NAME_SPLIT.search(text.strip()):
        return None
    spelled = spelled_acronym(text)
    if spelled:
        return spelled
    return romanise(text).upper() if text.isupper() and len(text) >= 2 else None


def _names_match(a: Entity, b: Entity, threshold: float) -> bool:
    """Two names are one: acronyms equal, or surnames alike and given names not in conflict.

    A person never merges with an organisation ("Trump Organization" is not Trump)."""
    if {a.type, b.type} == {"person", "organisation"}:
        return False
    if _acronyms(a) & _acronyms(b) or _abbreviates(a, b) or _abbreviates(b, a):
        return True
    return any(_forms_match(wa, la, wb, lb, threshold) for wa, la in _name_words(a) for wb, lb in _name_words(b))


def _abbreviates(short: Entity, long: Entity) -> bool:
    """An acronym stands for a longer name of the story by its letters in order (Schwartz & Hearst):
    the first starts the name, every word gives one or more (JAL ← Japan Airlines)."""
    for form in short.forms:
        acronym = form["text"]
        if not (2 <= len(acronym) <= 6 and acronym.isupper() and acronym.isalpha()):
            continue
        for other in long.forms:
            words = [w for w in _NAME_SPLIT.split(other["text"]) if w and w[:1].isupper()]
            if 2 <= len(words) <= len(acronym) and script_of(other["text"]) == script_of(acronym) \
                    and _letters_in_words(acronym.lower(), [w.lower() for w in words]):
                return True
    return False


def _letters_in_words(letters: str, words: list[str]) -> bool:
    """Each word gives the next letters, its first among them; all letters used, no word skipped."""
    if not words:
        return not letters
    word = words[0]
    if not letters or letters[0] != word[0]:
        return False
    for taken in range(1, len(letters) - len(words) + 2):
        if _subsequence(letters[1:taken], word[1:]) and _letters_in_words(letters[taken:], words[1:]):
            return True
    return False


def _subsequence(part: str, word: str) -> bool:
    it = iter(word)
    return all(ch in it for ch in part)


def _same_inflected(a: str, la: str, b: str, lb: str, threshold: float) -> bool:
    """Same name word, allowing for case endings on either side (Шольцем ≈ Scholz)."""
    if same_word(a, b, threshold):
        return True
    return any(same_word(x, y, threshold) for x in lemma_candidates(a, la, script_of(a))[:4]
               for y in lemma_candidates(b, lb, script_of(b))[:4] if (x, y) != (fold(a), fold(b)))


def _forms_match(wa: list[str], la: str, wb: list[str], lb: str, threshold: float) -> bool:
    if not wa or not wb:
        return False
    if len(wa) == 1 and len(wb) == 1:
        return _same_inflected(wa[0], la, wb[0], lb, threshold)
    if len(wa) == 1 or len(wb) == 1:
        (one, lo), (many, lm) = ((wa[0], la), (wb, lb)) if len(wa) == 1 else ((wb[0], lb), (wa, la))
        return _same_inflected(one, lo, many[-1], lm, threshold) or same_word(one, "".join(many), threshold)
    if not _same_inflected(wa[-1], la, wb[-1], lb, threshold):
        return same_word("".join(wa), "".join(wb), threshold)
    return _same_inflected(wa[0], la, wb[0], lb, threshold - 0.15)


def _matches_known(entity: Entity, known: Entity, threshold: float) -> bool:
    """An unknown name is a spelling of a gazetteer thing the story names (المااتا ≈ Almaty)."""
    if _acronyms(entity) & _acronyms(known):
        return True
    names = [known.name] + [f["text"] for f in known.forms]
    return any(_spells("".join(words), "".join(_NAME_SPLIT.split(name)), threshold)
               for words, _ in _name_words(entity) for name in names)


def _spells(a: str, b: str, threshold: float) -> bool:
    """A word spells a known name: skeletons agree and, when short, so do the vowels that are written."""
    if not same_word(a, b, max(threshold, 0.85)):
        return False
    if len(skeleton(romanise(a))) >= 4:
        return True
    return _plain_similarity(romanise(a), romanise(b)) >= 0.6


NameEmbedder = Callable[[list[str]], np.ndarray]
"""Unit vectors for short names, comparable across languages (the encoder's query mode)."""


def link_story(articles: list[Article], threshold: float = SAME_NAME, embed_names: NameEmbedder | None = None,
               translated: float = TRANSLATED_NAME) -> list[Entity]:
    """One entity per real thing across a story's articles, with every surface form and article.

    Gazetteer keys agree by construction; other names merge when their romanised skeletons agree
    (a one-word name only when a single full name claims it, so two Walias stay two people), or
    join the gazetteer thing they spell. Then every article is scanned for words spelling a story
    entity — names no rule found in that article alone (المااتا, نزارباييف), and surnames within
    full names — and those spellings join the entity's forms. Forms taken from the articles' own
    entities carry the per-article `key` they were found under, so `story_mentions` can re-key
    mentions. Articles without extracted entities are extracted here.

    With `embed_names`, names translated rather than transliterated (日本航空公司 = Japan Airlines,
    ИППС = IBPS) are merged too: see `_link_translations`.
    """
    merged: dict[str, Entity] = {}
    unknown: list[tuple[str, Entity]] = []
    for article in articles:
        entities, _ = _extracted(article)
        for e in entities:
            if _is_known_key(e.key):
                target = merged.setdefault(e.key, Entity(e.key, e.name, e.type, [], e.lat, e.lon))
                _absorb(target, e, article.id)
            else:
                unknown.append((article.id, e))
    known = [e for e in merged.values() if not e.key.startswith("demonym:")]
    for group in _group_unknown([e for _, e in unknown], threshold):
        members = [unknown[i] for i in group]
        # a person seen under several spellings is a person, not a misread place
        may_be_known = all(e.type != "person" or len(e.forms) == 1 for _, e in members)
        home = next((k for k in known if all(_matches_known(e, k, threshold) for _, e in members)), None) \
            if may_be_known else None
        if home is None:
            name = _story_name([e for _, e in members])
            types = Counter(e.type for _, e in members)
            typ = "person" if types["person"] else "organisation" if types["organisation"] else "other"
            key = _free_key(typ, name, merged)
            home = merged[key] = Entity(key, name, typ, [])
        for article_id, e in members:
            _absorb(home, e, article_id)
    if embed_names is not None:
        _link_translations(merged, embed_names, translated)
    targets = _targets(list(merged.values()))
    for article in articles:
        for index, entity, (start, end) in _scan_article(article, targets, threshold):
            seg = article.segments[index]
            form = {"text": seg.text[start:end], "language": _language(seg, article)}
            if not any(f["text"] == form["text"] for f in entity.forms):
                entity.forms.append(form)
            if article.id not in entity.articles:
                entity.articles.append(article.id)
    return sorted(merged.values(), key=lambda e: (-len(e.articles), e.key))


def _types_agree(a: Entity, b: Entity) -> bool:
    """Same type, or an untyped name beside a person or organisation."""
    kinds = {a.type, b.type}
    return len(kinds) == 1 or ("other" in kinds and not kinds & {"place", "country"})


def _link_translations(merged: dict[str, Entity], embed_names: NameEmbedder, min_similarity: float) -> None:
    """Merge story entities whose names translate each other, by the cross-lingual encoder.

    Only names written in different scripts are compared, of entities of agreeing type, never two
    gazetteer things (they are linked by their keys) nor two names in one script (spelling decides
    those), nor a name in a script where the other is a person already named in full (安德森·库珀 is
    not Andy Cohen, who is 安迪·科恩 here; a lone 阿米尔 does not stop Amiir Deeq Mohammed). A pair merges when each is the other's best partner, their names are at least
    `min_similarity` alike and that beats each one's next-best partner by `TRANSLATED_MARGIN`: in
    a story that names Japan, JAL and Japan Airlines, 日本航空公司 goes to Japan Airlines alone.
    """
    entities = [e for e in merged.values() if not e.key.startswith("demonym:") and e.forms]
    if len(entities) < 2:
        return
    names = [sorted({e.name} | {f["text"] for f in e.forms}) for e in entities]     # a gazetteer name too
    texts = sorted({t for n in names for t in n})
    row = {t: k for k, t in enumerate(texts)}
    cosine = np.asarray(embed_names(texts), dtype=np.float32)
    cosine = cosine @ cosine.T                                       # every name against every name, once
    scripts = {t: script_of(t) for t in texts}
    spelled = [_full_name_scripts(e) for e in entities]
    known = [_is_known_key(e.key) for e in entities]
    n = len(entities)
    sim = np.full((n, n), -1.0)
    for i in range(n):
        for j in range(i + 1, n):
            if (known[i] and known[j]) or not _types_agree(entities[i], entities[j]):
                continue
            sim[i, j] = sim[j, i] = max((float(cosine[row[a], row[b]]) for a in names[i] for b in names[j]
                                         if scripts[a] != scripts[b] and scripts[a] not in spelled[j]
                                         and scripts[b] not in spelled[i]), default=-1.0)
    pairs = []
    for i in range(n):
        j = int(np.argmax(sim[i]))
        if j <= i or sim[i, j] < min_similarity or int(np.argmax(sim[j])) != i:
            continue
        runner_up = max(np.partition(sim[i], -2)[-2], np.partition(sim[j], -2)[-2])
        if sim[i, j] - runner_up >= TRANSLATED_MARGIN:
            pairs.append((i, j))
    for i, j in pairs:
        keep, gone = sorted((entities[i], entities[j]), key=_keeps_key)
        for form in gone.forms:
            if form not in keep.forms:
                keep.forms.append(form)
        keep.articles.extend(a for a in gone.articles if a not in keep.articles)
        if keep.type == "other":
            keep.type = gone.type
        if not _is_known_key(keep.key) and script_of(keep.name) != "latin" and script_of(gone.name) == "latin":
            keep.name = gone.name
        del merged[gone.key]


def _full_name_scripts(entity: Entity) -> set[str]:
    """Scripts a person's name is written in at full length (as many words as its longest form).

    Organisations go by several names in one script (ИБПС spelled, ИППС translated): none."""
    if entity.type != "person":
        return set()
    words = [(len([w for w in _NAME_SPLIT.split(f["text"]) if w]), script_of(f["text"])) for f in entity.forms]
    longest = max((n for n, _ in words), default=0)
    return {script for n, script in words if n == longest}


def _keeps_key(entity: Entity) -> tuple:
    """Which of two merging entities keeps its key: a gazetteer thing, then a Latin-named one."""
    return (not _is_known_key(entity.key), script_of(entity.name) != "latin", entity.key)


def _language(segment: Segment, article: Article) -> str:
    return segment.language if segment.language and segment.language != "und" else article.language


def _is_known_key(key: str) -> bool:
    return key.startswith(("place:", "country:", "region:", "demonym:")) or key in gazetteer().by_key


def _absorb(target: Entity, source: Entity, article_id: str) -> None:
    for form in source.forms:
        tagged = {**form, "key": source.key}
        if tagged not in target.forms:
            target.forms.append(tagged)
    if article_id not in target.articles:
        target.articles.append(article_id)


def _group_unknown(entities: list[Entity], threshold: float) -> list[list[int]]:
    """Union of names that match; a one-word name joins only if every full name it matches agrees."""
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    is_multi = [max((len(w) for w, _ in _name_words(e)), default=0) >= 2 for e in entities]
    multi = [i for i, m in enumerate(is_multi) if m]
    single = [i for i, m in enumerate(is_multi) if not m]
    for x, i in enumerate(multi):
        for j in multi[x + 1:]:
            if root(i) != root(j) and _names_match(entities[i], entities[j], threshold):
                parent[root(j)] = root(i)
    for i in single:
        hits = {root(j) for j in multi if _names_match(entities[i], entities[j], threshold)}
        if len(hits) == 1:
            parent[root(i)] = hits.pop()
    for x, i in enumerate(single):
        for j in single[x + 1:]:
            if root(i) != root(j) and _names_match(entities[i], entities[j], threshold):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entities)):
        groups[root(i)].append(i)
    return list(groups.values())


def _story_name(entities: list[Entity]) -> str:
    """The story-level name: a Latin spelling as written (English first), else the articles' romanised names."""
    forms = [f for e in entities for f in e.forms if script_of(f["text"]) == "latin"]
    english = [f["text"] for f in forms if f.get("language") == "en"]
    pool = english or [f["text"] for f in forms]
    if not pool:
        return _romanised_name([f["text"] for e in entities for f in e.forms] or [e.name for e in entities])
    return max(pool, key=lambda n: (len(n.split()), -pool.index(n)))


@dataclass
class _Target:
    entity: Entity
    skeleton: str
    romanised: str


def _targets(entities: list[Entity]) -> dict[tuple[str, int], list[_Target]]:
    """Skeletons to look for, by first consonant class and length: whole names, people's surnames.

    Acronyms are filed under ("#", 0)."""
    out: dict[tuple[str, int], list[_Target]] = defaultdict(list)
    seen = set()
    for e in entities:
        if e.key.startswith("demonym:"):
            continue
        for acronym in _acronyms(e):
            out["#", 0].append(_Target(e, acronym, acronym))
        for text in {e.name} | {f["text"] for f in e.forms}:
            parts = [w for w in _NAME_SPLIT.split(text) if w]
            words = ["".join(parts)] + (parts[-1:] if e.type == "person" and len(parts) > 1 else [])
            for word in words:
                roman = romanise(word).replace(" ", "")
                sk = skeleton(roman)
                if len(sk) >= 2 and (e.key, roman) not in seen:
                    seen.add((e.key, roman))
                    out[sk[0], len(sk)].append(_Target(e, sk, roman))
    return out


def _best_target(text: str, targets: dict[tuple[str, int], list[_Target]], threshold: float,
                 transliterated: bool = False) -> Entity | None:
    """The story entity a word spells best, if any: skeletons close, written vowels not far apart.

    A whole run of Han transliteration characters (科尼亚) is already a foreign name: its added
    syllable vowels are not compared, and two consonants (K-N, Konya) are enough.
    """
    roman = romanise(text).replace(" ", "")
    sk = skeleton(roman)
    shortest = 2 if transliterated else 3
    if len(sk) < shortest:
        return None
    best, best_score = None, 0.0
    reach = int(len(sk) * (1 - threshold) / threshold) + 1      # lengths a close-enough skeleton can have
    firsts = [sk[0]] + [b for a, b in _NEAR if a == sk[0]]
    for length in range(max(shortest, len(sk) - reach), len(sk) + reach + 1):
        for t in (t for first in firsts for t in targets.get((first, length), ())):
            short = min(len(sk), length) < 4
            score = skeleton_similarity(sk, t.skeleton)
            if score >= (max(threshold, 0.85) if short else threshold) and score > best_score \
                    and (transliterated or _plain_similarity(roman, t.romanised) >= SCAN_VOWELS):
                best, best_score = t.entity, score
    return best


def _scan_article(article: Article, targets: dict[tuple[str, int], list[_Target]], threshold: float):
    """Words, word pairs and Han transliterations of an article that spell a story entity's name."""
    acronyms = {t.skeleton: t.entity for t in targets.get(("#", 0), ())}
    translit = transliteration_han()
    for index, seg in enumerate(article.segments):
        if seg.kind in SKIPPED_KINDS:
            continue
        language = _language(seg, article)
        stop = stopwords(language)
        tokens = tokenise(seg)
        for i, t in enumerate(tokens):
            if t.taken or t.script in UNSPACED:
                continue
            spelled = spelled_acronym(t.text) or (t.text if t.caps else None)
            if spelled and romanise(spelled).upper() in acronyms:
                yield index, acronyms[romanise(spelled).upper()], (t.start, t.end)
                continue
            if t.folded in stop or len(t.folded) < 3 or (t.script in CASED and not t.upper):
                continue
            spans = [(i, i + 1)]
            if i + 1 < len(tokens) and _joined(tokens, i, i + 2) and tokens[i + 1].folded not in stop \
                    and (tokens[i + 1].upper or t.script not in CASED):
                spans.insert(0, (i, i + 2))
            for a, b in spans:
                text = seg.text[tokens[a].start:tokens[b - 1].end]
                forms = lemma_candidates(text, language, t.script) if b - a == 1 else [text]
                hit = next((e for e in (_best_target(f, targets, threshold) for f in forms) if e), None)
                if hit:
                    yield index, hit, (tokens[a].start, tokens[b - 1].end)
                    break
        for run in _HAN.finditer(seg.text):
            chunk, base, i = run.group(0), run.start(), 0
            while i < len(chunk):
                hit = None
                if chunk[i] in translit:
                    end = i
                    while end < len(chunk) and chunk[end] in translit:
                        end += 1
                    for j in range(end, i + 1, -1):
                        whole = j == end and (i == 0 or chunk[i - 1] not in translit) and j - i >= 3
                        entity = _best_target(chunk[i:j], targets, threshold, transliterated=whole)
                        if entity:
                            hit = (j, entity)
                            break
                if hit:
                    yield index, hit[1], (base + i, base + hit[0])
                    i = hit[0]
                else:
                    i += 1


def story_mentions(article: Article, entities: list[Entity], threshold: float = SAME_NAME) -> list[Mention]:
    """An article's mentions keyed to the story's entities (from `link_story`), plus the words the
    story scan recognises as spellings of them (names no rule found in this article alone)."""
    _, mentions = _extracted(article)
    alias = {f["key"]: e.key for e in entities for f in e.forms if "key" in f}
    out = [Mention(alias.get(m.entity, m.entity), m.text, m.language, m.segment, m.sentence, m.start)
           for m in mentions]
    spans = defaultdict(list)
    for m in out:
        spans[m.segment].append((m.start, m.start + len(m.text)))
    for index, entity, (start, end) in _scan_article(article, _targets(entities), threshold):
        if any(s < end and start < e for s, e in spans[index]):
            continue
        seg = article.segments[index]
        out.append(Mention(entity.key, seg.text[start:end], _language(seg, article), index, _sentence_of(seg, start),
                           start))
        spans[index].append((start, end))
    return sorted(out, key=lambda m: (m.segment, m.start))
