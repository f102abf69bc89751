"""Numbers as written in news text, in any digit script and in words, with their values.

`find_numbers` is the one entry point: it returns every cardinal number in a text (digits in any
Unicode script with the language's separators, an optional scale word such as "million", "млн",
"लाख", or number words such as "δεκαοκτώ", "ثمانية", "दो हज़ार", "zweitausend") and the vague ones
("dozens", "عشرات", "δεκάδες"). Deciding whether a number is a count is `counts.py`'s job.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import babel.numbers
import regex

VAGUE = ("dozens", "hundreds", "thousands")


@dataclass(frozen=True)
class NumberSpan:
    start: int
    end: int
    text: str
    value: float | None          # None for a vague number ("dozens")
    vague: str | None = None     # one of VAGUE, or "about" for approximate nouns ("a dozen", "une centaine")
    words: bool = False          # written in words rather than digits


@lru_cache(maxsize=None)
def compiled(pattern: str) -> regex.Pattern:
    """A pattern compiled once: `regex.match(pattern, …)` looks it up in regex's own cache on every
    call, which costs more than matching the short strings most patterns here are used on."""
    return regex.compile(pattern)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Case- and accent-insensitive form for lexicon look-ups.

    Accents are dropped only on Latin, Greek and Cyrillic letters (in Indic scripts the marks are
    vowels); Arabic diacritics, tatweel and alef/yeh/teh-marbuta variants and Indic nuktas are
    normalised so that spelling variants meet. Cached: the same words come back in every sentence.
    """
    out = []
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.category(ch) == "Mn":
            base = out[-1] if out else ""
            if base and ord(base) < 0x0530:
                continue
            if ch in "\u093c\u09bc" or "\u064b" <= ch <= "\u0652" or ch == "\u0670":
                continue
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    return text.translate(_FOLD_TABLE)


_FOLD_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None,
                             "ؤ": "و", "ئ": "ي", "’": "'", "ı": "i", "ł": "l", "đ": "d", "ø": "o"})


class _AsciiDigitTable(dict):
    """`str.translate` table of `ascii_digits`, each character worked out once, when first met."""

    def __missing__(self, code: int) -> str | int:
        ch = chr(code)
        value = str(unicodedata.digit(ch)) if ch.isdecimal() and not ch.isascii() \
            else "," if ch == "\u066c" else "." if ch == "\u066b" else code
        self[code] = value
        return value


_ASCII_DIGITS = _AsciiDigitTable()


def ascii_digits(text: str) -> str:
    """The text with every decimal digit (any script) as an ASCII digit, same length and offsets.

    Arabic thousands/decimal separators become ',' and '.' so one grammar reads every script.
    """
    if text.isascii():
        return text
    return text.translate(_ASCII_DIGITS)


@lru_cache(maxsize=None)
def _separators(language: str) -> tuple[str, str]:
    """(decimal, group) symbols of a language from CLDR; English's when unknown."""
    try:
        return babel.numbers.get_decimal_symbol(language), babel.numbers.get_group_symbol(language)
    except Exception:
        return ".", ","


_SPACES = " \u00a0\u202f"
_DIGITS = regex.compile(
    r"(?<![\d.,'’])(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d])"            # Indian 1,00,000
    r"|\d{1,3}(?:([,.'’ \u00a0\u202f])\d{3}(?!\d))(?:\1\d{3}(?!\d))*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)


def parse_digits(run: str, language: str, scaled: bool = False) -> float | None:
    """Value of one ASCII digit run with separators, read the way `language` writes numbers.

    One separator before exactly three digits is a thousands group in every locale ("147,000"
    in Spanish copy, "2.000" in German) unless a scale word follows ("1,500 millones").
    """
    decimal = _separators(language)[0]
    seps = [c for c in run if not c.isdigit()]
    if not seps:
        return float(run)
    if len(set(seps)) > 1:                              # 1,234.5 or 1.234,5: last one is decimal
        last = seps[-1]
        whole, frac = run.rsplit(last, 1)
        return float("".join(c for c in whole if c.isdigit()) + "." + frac)
    sep = seps[0]
    groups = run.split(sep)
    if sep in _SPACES or sep in "'’":
        return float("".join(groups))
    if len(seps) > 1:
        if sep == "," and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]):
            return float("".join(groups))               # Indian lakh grouping
        return float("".join(groups)) if all(len(g) == 3 for g in groups[1:]) else None
    if len(groups[1]) == 3 and (sep != decimal or not scaled):
        return float("".join(groups))                   # 2,000 / 2.000: a group, whatever the locale
    return float(groups[0] + "." + groups[1])


def _space_grouping(language: str) -> bool:
    return _separators(language)[1] in _SPACES


def _spaced_thousands(run: str, language: str) -> bool:
    """"108 000 Todesfälle", "14 000 Euro": thousands grouped by a space in a language whose group
    mark is a dot; only where no decimal comma or point follows, so "3 1,5" stays two numbers."""
    return language not in ("en", "zh", "ja") and compiled(r"\d{1,3}(?: \d{3})+").fullmatch(run) is not None


# Scale words written after a number. Keys are folded; prefixes of inflected forms end in '*'.
_SCALES = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6,
    "m": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "lakh": 1e5, "lakhs": 1e5,
    "crore": 1e7, "crores": 1e7, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
    "tausend": 1e3, "tsd": 1e3, "mio": 1e6, "million*": 1e6, "milliarde*": 1e9, "mrd": 1e9,
    "billionen": 1e12, "bio": 1e12,                  # German "Billion" is 10^12; "billion" above is English
    "mil": 1e3, "millon": 1e6, "millones": 1e6, "millardo*": 1e9, "mmdd": 1e9, "billon": 1e12, "billones": 1e12,
    "mille": 1e3, "milliers": 1e3, "milliard*": 1e9, "md": 1e9, "mds": 1e9,
    "mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9, "mld": 1e9,
    "tys": 1e3, "tysiac*": 1e3, "tysiec*": 1e3, "milion*": 1e6, "miliard*": 1e9,
    "тыс": 1e3, "тысяч*": 1e3, "млн": 1e6, "миллион*": 1e6, "млрд": 1e9, "миллиард*": 1e9,
    "bin": 1e3, "milyon": 1e6, "milyar": 1e9,
    "الف": 1e3, "الفا": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9, "بليون": 1e9,
    "χιλιαδες": 1e3, "χιλ": 1e3, "εκατομμυρια": 1e6, "εκατομμυριο": 1e6, "εκατ": 1e6,
    "δισεκατομμυρια": 1e9, "δισ": 1e9,
    "हजार": 1e3, "लाख": 1e5, "करोड": 1e7, "अरब": 1e9, "मिलियन": 1e6, "बिलियन": 1e9,
    "হাজার": 1e3, "লাখ": 1e5, "লক্ষ": 1e5, "কোটি": 1e7, "মিলিয়ন": 1e6, "বিলিয়ন": 1e9,
    "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3,
}
# Scale letters glued to digits ("5m", "10k") are read only after a currency sign ("$5m").
_GLUED_SCALES = {"k", "m", "mn", "bn", "b"}


@lru_cache(maxsize=1)
def _folded_scales() -> dict[str, float]:
    return {fold(k): v for k, v in _SCALES.items()}


def _scale(word: str) -> float | None:
    scales = _folded_scales()
    w = fold(word).rstrip(".")
    if w in scales:
        return scales[w]
    for key, mult in scales.items():
        if key.endswith("*") and w.startswith(key[:-1]) and len(w) - len(key) < 4:
            return mult
    return None


# Number words per language: "word:value"; value "h" multiplies by 100, "t" by 1000, "M" by a
# million, "G" by a billion; "~N" is an approximate noun ("a dozen"); "d", "c", "k" are vague
# dozens, hundreds, thousands; "+" joins parts ("and"). Words ending in '*' are stems.
_WORDS = {
    "en": "one:1 two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12 "
          "thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 nineteen:19 "
          "twenty:20 thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90 "
          "hundred:h thousand:t million:M billion:G and:+ dozen:~12 "
          "dozens:d scores:d hundreds:c thousands:k",
    "de": "zwei:2 zwo:2 drei:3 vier:4 funf:5 sechs:6 sieben:7 acht:8 neun:9 zehn:10 elf:11 zwolf:12 "
          "dreizehn:13 vierzehn:14 funfzehn:15 sechzehn:16 siebzehn:17 achtzehn:18 neunzehn:19 "
          "zwanzig:20 dreissig:30 vierzig:40 funfzig:50 sechzig:60 siebzig:70 achtzig:80 "
          "neunzig:90 hundert:h tausend:t million:M millionen:M milliarde:G milliarden:G und:+ "
          "ein:1 eine:1 einen:1 einer:1 dutzend:~12 dutzende:d hunderte:c tausende:k",
    "es": "dos:2 tres:3 cuatro:4 cinco:5 seis:6 siete:7 ocho:8 nueve:9 diez:10 once:11 doce:12 "
          "trece:13 catorce:14 quince:15 dieciseis:16 diecisiete:17 dieciocho:18 diecinueve:19 "
          "veinte:20 veinti:20 treinta:30 cuarenta:40 cincuenta:50 sesenta:60 setenta:70 "
          "ochenta:80 noventa:90 cien:100 ciento:100 doscientos:200 doscientas:200 trescientos:300 "
          "trescientas:300 cuatrocientos:400 cuatrocientas:400 quinientos:500 quinientas:500 "
          "seiscientos:600 seiscientas:600 setecientos:700 setecientas:700 ochocientos:800 "
          "ochocientas:800 novecientos:900 novecientas:900 mil:t millon:M millones:M y:+ "
          "un:1 una:1 uno:1 docena:~12 decena:~10 centenar:~100 decenas:d docenas:d cientos:c "
          "centenares:c miles:k",
    "fr": "deux:2 trois:3 quatre:4 cinq:5 six:6 sept:7 huit:8 neuf:9 dix:10 onze:11 douze:12 "
          "treize:13 quatorze:14 quinze:15 seize:16 vingt:20 vingts:20 trente:30 quarante:40 "
          "cinquante:50 soixante:60 quatrevingt:80 cent:h cents:h mille:t million:M millions:M milliard:G "
          "milliards:G et:+ un:1 une:1 douzaine:~12 dizaine:~10 quinzaine:~15 vingtaine:~20 "
          "trentaine:~30 quarantaine:~40 cinquantaine:~50 centaine:~100 dizaines:d douzaines:d "
          "centaines:c milliers:k",
    "it": "due:2 tre:3 quattro:4 cinque:5 sei:6 sette:7 otto:8 nove:9 dieci:10 undici:11 dodici:12 "
          "tredici:13 quattordici:14 quindici:15 sedici:16 diciassette:17 diciotto:18 "
          "diciannove:19 venti:20 vent:20 trenta:30 trent:30 quaranta:40 quarant:40 cinquanta:50 "
          "cinquant:50 sessanta:60 sessant:60 settanta:70 settant:70 ottanta:80 ottant:80 "
          "novanta:90 novant:90 cento:h mille:1000 mila:t milione:M milioni:M miliardo:G "
          "miliardi:G e:+ un:1 uno:1 una:1 dozzina:~12 decina:~10 ventina:~20 trentina:~30 "
          "quarantina:~40 cinquantina:~50 centinaio:~100 decine:d dozzine:d centinaia:c migliaia:k",
    "pl": "jeden:1 jedna:1 jedno:1 jednego:1 dwa:2 dwie:2 dwoch:2 dwom:2 dwoma:2 dwoje:2 dwojga:2 trzy:3 trzech:3 trzem:3 cztery:4 czterech:4 "
          "troje:3 trojga:3 czworo:4 czworga:4 piecioro:5 pieciorga:5 szescioro:6 szesciorga:6 siedmioro:7 osmioro:8 "
          "piec:5 pieciu:5 szesc:6 szesciu:6 siedem:7 siedmiu:7 osiem:8 osmiu:8 dziewiec:9 "
          "dziewieciu:9 dziesiec:10 dziesieciu:10 jedenast*:11 dwunast*:12 trzynast*:13 "
          "czternast*:14 pietnast*:15 szesnast*:16 siedemnast*:17 osiemnast*:18 "
          "dziewietnast*:19 dwadziescia:20 dwudziestu:20 trzydziesci:30 trzydziestu:30 "
          "czterdziesci:40 czterdziestu:40 piecdziesiat:50 piecdziesieciu:50 szescdziesiat:60 "
          "szescdziesieciu:60 siedemdziesiat:70 siedemdziesieciu:70 osiemdziesiat:80 "
          "osiemdziesieciu:80 dziewiecdziesiat:90 dziewiecdziesieciu:90 sto:100 stu:100 "
          "dwiescie:200 dwustu:200 trzysta:300 trzystu:300 czterysta:400 czterystu:400 "
          "piecset:500 pieciuset:500 szescset:600 szesciuset:600 siedemset:700 siedmiuset:700 "
          "osiemset:800 osmiuset:800 dziewiecset:900 dziewieciuset:900 tysiac:t tysiace:t "
          "tysiecy:t milion:M miliony:M milionow:M miliard:G miliardy:G miliardow:G "
          "dziesiatki:d setki:c tysiace_:k",
    "ru": "один:1 одна:1 одно:1 одного:1 одной:1 два:2 две:2 двух:2 двум:2 двумя:2 двое:2 двоих:2 три:3 трех:3 трем:3 тремя:3 трое:3 "
          "троих:3 четыре:4 четырех:4 четырем:4 четверо:4 пять:5 пяти:5 пятеро:5 шесть:6 шести:6 "
          "шестеро:6 семь:7 семи:7 семеро:7 восемь:8 восьми:8 девять:9 девяти:9 десять:10 "
          "десяти:10 одиннадцат*:11 двенадцат*:12 тринадцат*:13 четырнадцат*:14 пятнадцат*:15 "
          "шестнадцат*:16 семнадцат*:17 восемнадцат*:18 девятнадцат*:19 двадцат*:20 "
          "тридцат*:30 сорок:40 сорока:40 пятьдесят:50 пятидесяти:50 шестьдесят:60 "
          "шестидесяти:60 семьдесят:70 семидесяти:70 восемьдесят:80 восьмидесяти:80 "
          "девяносто:90 девяноста:90 сто:100 ста:100 двести:200 двухсот:200 триста:300 "
          "трехсот:300 четыреста:400 четырехсот:400 пятьсот:500 пятисот:500 шестьсот:600 "
          "шестисот:600 семьсот:700 семисот:700 восемьсот:800 восьмисот:800 девятьсот:900 "
          "девятисот:900 тысяча:t тысячи:t тысяч:t тысячу:t миллион:M миллиона:M миллионов:M "
          "миллиард:G миллиарда:G миллиардов:G десяток:~10 десятка:~10 десятки:d десятков:d "
          "сотни:c сотен:c тысячи_:k",
    "tr": "iki:2 uc:3 dort:4 bes:5 alti:6 yedi:7 sekiz:8 dokuz:9 on:10 yirmi:20 otuz:30 kirk:40 "
          "elli:50 altmis:60 yetmis:70 seksen:80 doksan:90 yuz:h bin:t milyon:M milyar:G "
          "onlarca:d duzinelerce:d yuzlerce:c binlerce:k",
    "pt": "dois:2 duas:2 tres:3 quatro:4 cinco:5 seis:6 sete:7 oito:8 nove:9 dez:10 vinte:20 trinta:30 "
          "quarenta:40 cinquenta:50 cem:100 cento:100 mil:t milhao:M milhoes:M um:1 uma:1 e:+ "
          "dezenas:d centenas:c milhares:k",
    "nl": "twee:2 drie:3 vier:4 vijf:5 zes:6 zeven:7 acht:8 negen:9 tien:10 twintig:20 dertig:30 "
          "veertig:40 vijftig:50 honderd:h duizend:t miljoen:M een:1 tientallen:d honderden:c duizenden:k",
    "uk": "один:1 одна:1 два:2 дві:2 три:3 чотири:4 п'ять:5 шість:6 сім:7 вісім:8 дев'ять:9 десять:10 "
          "двадцять:20 тридцять:30 сто:100 тисяча:t тисячі:t тисяч:t мільйон:M мільйони:M мільйонів:M "
          "десятки:d сотні:c тисячі_:k",
    "ar": "واحد:1 واحده:1 اثنان:2 اثنين:2 اثنتان:2 اثنتين:2 اثنا:2 اثني:2 ثلاث:3 ثلاثه:3 اربع:4 اربعه:4 خمس:5 "
          "خمسه:5 ست:6 سته:6 سبع:7 سبعه:7 ثمان:8 ثماني:8 ثمانيه:8 تسع:9 تسعه:9 عشر:10 عشره:10 "
          "احد:1 احدي:1 عشرون:20 عشرين:20 ثلاثون:30 ثلاثين:30 اربعون:40 اربعين:40 خمسون:50 "
          "خمسين:50 ستون:60 ستين:60 سبعون:70 سبعين:70 ثمانون:80 ثمانين:80 تسعون:90 تسعين:90 "
          "مايه:h مئه:h مائه:h مئتان:200 مئتين:200 مايتان:200 مايتين:200 مائتان:200 مائتين:200 "
          "ثلاثمايه:300 ثلاثمئه:300 ثلاثمائه:300 اربعمايه:400 اربعمئه:400 اربعمائه:400 "
          "خمسمايه:500 خمسمئه:500 خمسمائه:500 ستمايه:600 ستمئه:600 ستمائه:600 سبعمايه:700 "
          "سبعمئه:700 سبعمائه:700 ثمانمايه:800 ثمانمئه:800 ثمانمائه:800 تسعمايه:900 "
          "تسعمئه:900 تسعمائه:900 الف:t الاف:t الفين:2000 الفان:2000 مليون:M ملايين:M "
          "مليونين:2000000 مئتي:200 مليار:G عشرات:d مئات:c الاف_:k الوف:k",
    "el": "ενας:1 ενα:1 μια:1 μια:1 δυο:2 τρια:3 τρεις:3 τεσσερα:4 τεσσερις:4 πεντε:5 εξι:6 επτα:7 εφτα:7 οκτω:8 "
          "οχτω:8 εννεα:9 εννια:9 δεκα:10 εντεκα:11 ενδεκα:11 δωδεκα:12 δεκατρια:13 δεκατρεις:13 "
          "δεκατεσσερα:14 δεκατεσσερις:14 δεκαπεντε:15 δεκαεξι:16 δεκαξι:16 δεκαεπτα:17 "
          "δεκαεφτα:17 δεκαοκτω:18 δεκαοχτω:18 δεκαεννεα:19 δεκαεννια:19 εικοσι:20 τριαντα:30 "
          "σαραντα:40 πενηντα:50 εξηντα:60 εβδομηντα:70 ογδοντα:80 ενενηντα:90 εκατο:100 "
          "εκατον:100 διακοσι*:200 τριακοσι*:300 τετρακοσι*:400 πεντακοσι*:500 εξακοσι*:600 "
          "επτακοσι*:700 εφτακοσι*:700 οκτακοσι*:800 οχτακοσι*:800 εννιακοσι*:900 "
          "εννεακοσι*:900 χιλιοι:1000 χιλιες:1000 χιλια:1000 χιλιαδες:t εκατομμυριο:M "
          "εκατομμυρια:M δισεκατομμυρια:G δωδεκαδα:~12 δεκαδα:~10 δεκαδες:d εκατονταδες:c "
          "χιλιαδες_:k",
    "hi": "एक:1 दो:2 तीन:3 चार:4 पांच:5 पाँच:5 छह:6 छः:6 सात:7 आठ:8 नौ:9 दस:10 ग्यारह:11 बारह:12 "
          "तेरह:13 चौदह:14 पंद्रह:15 पन्द्रह:15 सोलह:16 सत्रह:17 अठारह:18 उन्नीस:19 बीस:20 "
          "इक्कीस:21 बाईस:22 तेईस:23 चौबीस:24 पच्चीस:25 छब्बीस:26 सत्ताईस:27 अट्ठाईस:28 "
          "उनतीस:29 तीस:30 पैंतीस:35 चालीस:40 पैंतालीस:45 पचास:50 साठ:60 सत्तर:70 अस्सी:80 "
          "नब्बे:90 सौ:h हजार:t लाख:100000 करोड:10000000 दर्जन:~12 दर्जनों:d सैकडों:c हजारों:k "
          "लाखों:k",
    "bn": "এক:1 একজন:1 দুই:2 দু:2 তিন:3 চার:4 পাঁচ:5 ছয়:6 সাত:7 আট:8 দশ:10 এগারো:11 বারো:12 তেরো:13 "
          "চৌদ্দ:14 চোদ্দ:14 পনেরো:15 ষোল:16 ষোলো:16 সতেরো:17 আঠারো:18 উনিশ:19 বিশ:20 কুড়ি:20 "
          "পঁচিশ:25 ত্রিশ:30 তিরিশ:30 চল্লিশ:40 পঞ্চাশ:50 ষাট:60 সত্তর:70 আশি:80 নব্বই:90 "
          "শো:h শত:h হাজার:t লাখ:100000 লক্ষ:100000 কোটি:10000000 ডজন:~12",
}
# Vague phrases (folded, space-joined) and glued vague words: "d", "c", "k" as in _WORDS.
_VAGUE_PHRASES = {
    "tens of thousands": "k", "hundreds of thousands": "k", "several thousand": "k",
    "several hundred": "c", "a few hundred": "c", "a few dozen": "d", "several dozen": "d",
    "zehntausende": "k", "hunderttausende": "k", "mehrere tausend": "k", "mehrere hundert": "c",
    "decenas de miles": "k", "cientos de miles": "k", "varios miles": "k", "varios cientos": "c",
    "des dizaines de milliers": "k", "des centaines de milliers": "k", "plusieurs milliers": "k",
    "plusieurs centaines": "c", "plusieurs dizaines": "d",
    "decine di migliaia": "k", "centinaia di migliaia": "k",
    "dziesiatki tysiecy": "k", "setki tysiecy": "k", "kilka tysiecy": "k", "kilkaset": "c",
    "kilkadziesiat": "d", "kilkudziesieciu": "d", "kilkuset": "c", "kilku tysiecy": "k",
    "десятки тысяч": "k", "сотни тысяч": "k", "несколько тысяч": "k", "несколько сотен": "c",
    "несколько десятков": "d",
    "on binlerce": "k", "yuz binlerce": "k", "birkac bin": "k", "birkac yuz": "c",
    "عشرات الالاف": "k", "مئات الالاف": "k", "عده الاف": "k", "بضعه الاف": "k", "عده مئات": "c",
    "δεκαδες χιλιαδες": "k", "εκατονταδες χιλιαδες": "k", "μερικες χιλιαδες": "k",
    "μερικες εκατονταδες": "c", "μερικες δεκαδες": "d",
    "कई हजार": "k", "कई सौ": "c",
    "শত শত": "c", "হাজার হাজার": "k", "কয়েক হাজার": "k", "কয়েকশ": "c", "কয়েক ডজন": "d",
    "half a dozen": "~6", "ein halbes dutzend": "~6", "media docena": "~6", "medio centenar": "~50",
    "une demi-douzaine": "~6", "demi-douzaine": "~6", "mezza dozzina": "~6", "pol tuzina": "~6",
}
_VAGUE_KIND = {"d": "dozens", "c": "hundreds", "k": "thousands"}
_MULT = {"h": 100.0, "t": 1e3, "M": 1e6, "G": 1e9}
_COMPOUNDING = {"de", "it", "es", "tr"}   # languages that glue number words into one token


def _parse_entry(raw: str):
    if raw in ("h", "t", "M", "G", "+", "d", "c", "k"):
        return raw
    if raw.startswith("~"):
        return ("~", float(raw[1:]))
    return float(raw)


@lru_cache(maxsize=None)
def _lexicon(language: str) -> tuple[dict, list, dict]:
    """(exact forms, stems, bare plurals read as vague) of a language's number words, folded."""
    exact, stems, plurals = {}, [], {}
    for item in _WORDS.get(language, "").split():
        word, raw = item.rsplit(":", 1)
        entry = _parse_entry(raw)
        if word.endswith("_"):
            plurals[fold(word[:-1])] = entry
        elif word.endswith("*"):
            stems.append((fold(word[:-1]), entry))
        else:
            exact[fold(word)] = entry
    stems.sort(key=lambda s: -len(s[0]))
    return exact, stems, plurals


@lru_cache(maxsize=None)
def small_number_words(language: str) -> dict[str, int]:
    """Folded number words for 2..10 in a language ("two", "δύο", "دو"): for "two days ago"."""
    exact = _lexicon(language)[0]
    return {w: int(v) for w, v in exact.items() if isinstance(v, float) and 2 <= v <= 10}


@lru_cache(maxsize=1)
def _vague_phrases() -> dict[str, str]:
    return {" ".join(fold(w) for w in k.split()): v for k, v in _VAGUE_PHRASES.items()}


@lru_cache(maxsize=1)
def _vague_first_words() -> frozenset[str]:
    """First words of the vague phrases: no phrase starts at any other word (folded words have
    no spaces), so most words need no phrase look-up at all."""
    return frozenset(k.split(" ")[0] for k in _vague_phrases())


def _lookup(word: str, language: str):
    exact, stems, _ = _lexicon(language)
    if word in exact:
        return exact[word]
    for stem, entry in stems:
        if word.startswith(stem) and len(word) - len(stem) <= 3:
            return entry
    return None


def _is_part(entry) -> bool:
    """A piece that can build a larger number (not a vague or approximate noun)."""
    return not isinstance(entry, tuple) and entry not in ("d", "c", "k")


def _decompose(word: str, language: str) -> list | None:
    """Split a glued number word ("zweihundertfünfzig", "ventitre", "duemila") into entries."""
    if not word:
        return []
    exact = _lexicon(language)[0]
    for cut in range(len(word), 1, -1):
        head = word[:cut]
        if head in exact and _is_part(exact[head]):
            rest = _decompose(word[cut:], language)
            if rest is not None:
                return [exact[head]] + rest
    return None


def _word_entries(word: str, language: str) -> list | None:
    if language == "fr":
        word = compiled(r"quatre-vingts?").sub("quatrevingt", word)
    entry = _lookup(word, language)
    if entry is not None:
        return [entry]
    if "-" in word:
        parts = [_lookup(p, language) for p in word.split("-")]
        if all(p is not None and _is_part(p) for p in parts):
            return parts
    if language in _COMPOUNDING and len(word) > 5:
        parts = _decompose(word, language)
        if parts and len(parts) > 1:
            return parts
    return None


def _combine(entries: list) -> float | None:
    """Value of a sequence of number-word entries ("two hundred and five thousand")."""
    total, current, seen = 0.0, 0.0, False
    for e in entries:
        if e == "+":
            continue
        seen = True
        if isinstance(e, float):
            current += e
        elif e == "h":
            current = (current or 1.0) * 100
        else:
            total += (current or 1.0) * _MULT[e]
            current = 0.0
    return total + current if seen else None


_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*")
_ARABIC_PROCLITICS = ("وال", "بال", "لل", "فال", "كال", "ال", "وب", "ول", "فب", "و", "ف", "ب", "ل")


def word_forms(word: str, language: str) -> list[tuple[str, bool]]:
    """Folded forms of a token to look up in a lexicon, with whether a glued "and" was taken off:
    in Arabic the conjunctions, prepositions and article written onto the word (وال، بال، لل…)."""
    folded = fold(word)
    out = [(folded, False)]
    if language != "ar":
        return out
    for p in _ARABIC_PROCLITICS:
        rest = folded[len(p):]
        if folded.startswith(p) and len(rest) >= 2:
            out.append((rest, p.startswith("و")))
            if p in ("و", "ف") and rest.startswith("ال") and len(rest) > 4:
                out.append((rest[2:], p == "و"))
    return list(dict.fromkeys(out))


def _word_at(word: str, language: str) -> tuple[list | None, bool]:
    for form, conj in word_forms(word, language):
        got = _word_entries(form, language)
        if got is not None:
            return got, conj
    return None, False


def _joins(prev, nxt) -> bool:
    """Whether an "and" between two number words builds one number (hundred and five, 5 و20)."""
    if prev in _MULT:
        return True
    if isinstance(prev, float) and isinstance(nxt, float):
        return prev < 10 and nxt in (20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0) or \
            prev in (20.0, 30.0, 40.0, 50.0, 60.0) and nxt == 1.0
    return False


def _word_numbers(text: str, language: str, ones: bool = False) -> list[NumberSpan]:
    if language not in _WORDS:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    _, _, plurals = _lexicon(language)
    found: list[NumberSpan] = []

    def add(i: int, j: int, value: float | None, vague: str | None) -> None:
        start, end = tokens[i][0], tokens[j - 1][1]
        found.append(NumberSpan(start, end, text[start:end], value, vague, True))

    i = 0
    while i < len(tokens):
        phrase = _vague_phrase(tokens, i, text)
        if phrase:
            kind = phrase[1]
            if kind.startswith("~"):
                add(i, phrase[0], float(kind[1:]), "about")
            else:
                add(i, phrase[0], None, _VAGUE_KIND[kind])
            i = phrase[0]
            continue
        entries, _ = _word_at(tokens[i][2], language)
        if entries is None or entries == ["+"]:
            i += 1
            continue
        if len(entries) == 1 and not _is_part(entries[0]):
            e = entries[0]
            add(i, i + 1, e[1] if isinstance(e, tuple) else None, "about" if isinstance(e, tuple) else _VAGUE_KIND[e])
            i += 1
            continue
        seq, j = list(entries), i + 1
        while j < len(tokens) and _only_spaces(text[tokens[j - 1][1]:tokens[j][0]]):
            nxt, conj = _word_at(tokens[j][2], language)
            if nxt == ["+"] and j + 1 < len(tokens) and _only_spaces(text[tokens[j][1]:tokens[j + 1][0]]):
                after, _ = _word_at(tokens[j + 1][2], language)
                if after and _is_part(after[0]) and after != ["+"] and _joins(seq[-1], after[0]):
                    seq += ["+"] + after
                    j += 2
                    continue
                break
            if nxt is None or not all(_is_part(e) for e in nxt) or nxt == ["+"]:
                break
            if conj and not _joins(seq[-1], nxt[0]):
                break
            seq += nxt
            j += 1
        value = _combine(seq)
        numeric = [e for e in seq if isinstance(e, float)]
        bare_scale = len(seq) == 1 and seq[0] in _MULT
        if bare_scale and seq[0] in ("t", "h") and any(f in plurals for f, _ in word_forms(tokens[i][2], language)):
            add(i, j, None, "thousands")                  # bare plural: "тысячи людей", "آلاف"
        elif value is not None and not (bare_scale and seq[0] in ("M", "G")) \
                and (ones or not (numeric == [1.0] and len(seq) == 1)):
            add(i, j, value, None)                        # not a bare "Millionen", "millones": no figure given
        i = j
    return found


def _only_spaces(gap: str) -> bool:
    return gap.strip() in ("", "-")


def _vague_phrase(tokens, i, text) -> tuple[int, str] | None:
    phrases = _vague_phrases()
    if fold(tokens[i][2]) not in _vague_first_words():
        return None
    for n in (4, 3, 2, 1):
        if i + n > len(tokens):
            continue
        if not all(_only_spaces(text[tokens[k][1]:tokens[k + 1][0]]) for k in range(i, i + n - 1)):
            continue
        key = " ".join(fold(t[2]) for t in tokens[i:i + n])
        if key in phrases:
            return i + n, phrases[key]
    return None


_CURRENCY_SIGNS = "$€£¥₹₽₺₸"
_CJK_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "百": 100, "千": 1000, "万": 1e4,
                 "萬": 1e4, "亿": 1e8, "億": 1e8}
_CJK_RUN = regex.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_CJK_VAGUE = regex.compile(r"(?:数|數|几|幾|上)(十|百|千|万|萬)")


def _cjk_value(run: str) -> float | None:
    """Value of a Chinese numeral run (三百二十, 两万, 十五)."""
    total, section, digit = 0.0, 0.0, None
    for ch in run:
        v = _CJK_NUMERALS[ch]
        if v < 10:
            digit = v
        elif v in (10, 100, 1000):
            section += (digit if digit is not None else 1) * v
            digit = None
        else:
            total = (total + section + (digit or 0)) * v
            section, digit = 0.0, None
    value = total + section + (digit or 0)
    return float(value) if value else None


def _cjk_numbers(text: str) -> list[NumberSpan]:
    found = []
    for m in _CJK_VAGUE.finditer(text):
        kind = {"十": "dozens", "百": "hundreds"}.get(m.group(1), "thousands")
        found.append(NumberSpan(m.start(), m.end(), m.group(), None, kind, True))
    vague_at = {s.start + 1 for s in found}
    for m in _CJK_RUN.finditer(text):
        if m.start() in vague_at or len(m.group()) == 1 and m.group() in "一千万萬亿億百":
            continue                                     # 一 is mostly "a/one"; lone 千/万 are scales
        value = _cjk_value(m.group())
        if value is not None:
            found.append(NumberSpan(m.start(), m.end(), m.group(), value, None, True))
    return found


def find_numbers(text: str, language: str, ones: bool = False) -> list[NumberSpan]:
    """Every cardinal number in `text`, in reading order, written in digits or words.

    Digits may be in any script and use the language's separators; a scale word that follows
    ("2.5 million", "3 млн", "5 लाख", "1,2万") multiplies the value. Word-numbers cover en, de,
    es, fr, it, pl, ru, tr, ar, el, hi, bn and Chinese numerals; a lone "one"/"un"/"ein" is left
    out (it is mostly an article) unless `ones` asks for it.
    """
    language = (language or "und").split("-")[0].split("_")[0].lower()
    digits_text = compiled(r"(?<=\d)\u060c(?=\d{3}(?!\d))").sub(",", ascii_digits(text))
    spans: list[NumberSpan] = []
    for m in _DIGITS.finditer(digits_text):
        if spans and m.start() < spans[-1].end:
            continue                                     # already read as part of "3 bin 837"
        run = m.group()
        sep = m.group(1)
        if sep and sep in _SPACES and not _space_grouping(language) and not _spaced_thousands(run, language):
            run = run.split(sep)[0]                      # "2021 300": two numbers, not one
        end = m.start() + len(run)
        scaled = _apply_scale(digits_text, m.start(), end, 1.0, language)[1] != 1.0
        value = parse_digits(run, language, scaled)
        if value is None:
            continue
        end, value = _apply_scale(digits_text, m.start(), end, value, language)
        end, value = _turkish_remainder(digits_text, end, value, language)
        spans.append(NumberSpan(m.start(), end, text[m.start():end], value))
    covered = [(s.start, s.end) for s in spans]
    words = _cjk_numbers(text) if language in ("zh", "ja") else _word_numbers(text, language, ones)
    for w in words:
        if not any(a < w.end and w.start < b for a, b in covered):
            spans.append(w)
    spans.sort(key=lambda s: s.start)
    return spans



_REMAINDER_SCALES = {"tr": ("bin", "milyon", "milyar"), "es": ("mil", "millones", "millón", "millon"),
                     "pt": ("mil", "milhões", "milhão")}


def _turkish_remainder(text: str, end: int, value: float, language: str) -> tuple[int, float]:
    """Turkish writes 3,837 as "3 bin 837" and 2,5 million as "2 milyon 500 bin"; Mexican Spanish
    28,645 as "28 mil 645"."""
    scales = _REMAINDER_SCALES.get(language)
    if not scales or not regex.search(rf"(?:{'|'.join(scales)})$", text[:end]):
        return end, value
    m = regex.match(rf" (\d{{1,3}})(?: ({scales[0]}))?(?![\d.,])", text[end:])
    if not m:
        return end, value
    return end + len(m.group()), value + float(m.group(1)) * (1000 if m.group(2) else 1)


def _scaled(value: float, scale: float) -> float:
    """1,149.1 亿 is 114,910,000,000 exactly, not 114909999999.99998."""
    return float(round(value * scale)) if scale >= 100 else value * scale


def _apply_scale(text: str, start: int, end: int, value: float, language: str) -> tuple[int, float]:
    """Extend a digit run over a following scale word ("2.5 million", "5m" after "$")."""
    m = compiled(r"[ \u00a0\u202f]?([\p{L}\p{M}]+\.?)").match(text[end:])
    if not m:
        return end, value
    word = m.group(1)
    glued = m.group(0) == word
    folded = fold(word).rstrip(".")
    if glued and folded in _GLUED_SCALES:
        if start > 0 and text[start - 1] in _CURRENCY_SIGNS:
            return end + len(word), _scaled(value, _SCALES[folded])
        return end, value
    if language in ("zh", "ja") and word[0] in "万萬亿億千":            # "1,150 亿美元", "75 万卢比"
        return end + len(m.group(0)) - len(word) + 1, _scaled(value, _SCALES[word[0]])
    mult = _scale(word)
    if mult is None or folded in _GLUED_SCALES or folded == "b" or (folded == "bin" and language != "tr"):
        return end, value
    if folded == "mil" and language not in ("es", "pt", "ca"):
        return end, value
    return end + len(m.group(0)), _scaled(value, mult)
