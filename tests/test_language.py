"""Language per segment and sentences per language on real mixed-language seeds."""
from __future__ import annotations

from crosswire import language


def test_mixed_language_seeds_show_both_languages(seeded):
    by_lang = {}
    for a in seeded.articles():
        langs = {s.language for s in a.segments if s.kind in ("body", "post")}
        by_lang[a.language] = langs
    assert by_lang["el"] >= {"el", "en"}           # Greek with English tweets (seed 002)
    assert by_lang["hi"] >= {"hi", "en"}           # Hindi with an English tweet (seed 003)
    assert set(by_lang) == {"bn", "ar", "el", "hi", "en"}


def test_machine_translated_flag_and_notice_language(seeded):
    arabic = next(a for a in seeded.articles() if a.language == "ar")
    assert arabic.machine_translated
    assert arabic.segments[-1].kind == "notice" and arabic.segments[-1].language == "en"
    assert not any(a.machine_translated for a in seeded.articles() if a.language != "ar")


def test_short_fragments_fall_back_on_script():
    assert language.detect("Αλμάτι") == "el"
    assert language.detect("আলমাটি") == "bn"
    assert language.detect("2022 — 33") == "und"


def test_detects_many_languages():
    samples = {
        "de": "Die Regierung hat am Mittwoch neue Maßnahmen gegen die Proteste angekündigt.",
        "ru": "Правительство в среду объявило о новых мерах против протестов в стране.",
        "tr": "Hükümet çarşamba günü protestolara karşı yeni önlemler açıkladı.",
        "zh": "政府周三宣布了针对抗议活动的新措施。",
        "pl": "Rząd ogłosił w środę nowe środki przeciwko protestom w całym kraju.",
    }
    for code, text in samples.items():
        assert language.detect(text) == code


def test_sentences_respect_danda_arabic_and_greek_punctuation():
    hi = language.sentences("यह स्पष्ट नहीं है। हालांकि, उनके आने के बाद शांति लौटी। तीसरा वाक्य।", "hi")
    assert [s.text for s in hi][0] == "यह स्पष्ट नहीं है।" and len(hi) == 3
    bn = language.sentences("এটি দেশের অনেক বড় শহরে পরিলক্ষিত হয়। বিপুল সংখ্যক দোকান লুট করা হয়।", "bn")
    assert len(bn) == 2
    ar = language.sentences("هل انتهت الاحتجاجات؟ لا، ما زالت مستمرة في ألماتي.", "ar")
    assert len(ar) == 2 and ar[0].text.endswith("؟")
    el = language.sentences("Τι συνέβη στην Αλμάτι; Οι διαδηλωτές κατέλαβαν το αεροδρόμιο.", "el")
    assert len(el) == 2
    text = "First one. Second one."
    for s in language.sentences(text, "en"):
        assert text[s.start:s.end] == s.text
