"""Entities canonical across scripts: the seed facts, own sentences in Russian, German, Turkish,
negatives, and the hand-labelled fixture (offsets into ../shared, scored on the seeds)."""
from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire import language
from crosswire.extract.entities import (
    extract_entities, link_story, romanise, same_word, script_of, skeleton, spelled_acronym, story_mentions,
)
from crosswire.records import Article, Segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURE = ROOT / "tests" / "fixtures" / "entities.jsonl"
SEED_FILES = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))


def article(article_id: str, text: str) -> Article:
    """One body segment per line, language detected per line, sentences split (as the pipeline does)."""
    segments = []
    for line in text.split("\n"):
        if line.strip():
            lang = language.detect(line)
            segments.append(Segment("body", line, lang, language.sentences(line, lang)))
    return Article(id=article_id, sources=[], title=None, published=None, published_inferred=False,
                   language=segments[0].language, machine_translated=False, segments=segments)


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    out = []
    for path in SEED_FILES:
        a = article(path.name[:3], path.read_text(encoding="utf-8"))
        a.entities, a.mentions = extract_entities(a)
        out.append(a)
    return out


@pytest.fixture(scope="module")
def seed_story(seeds) -> list:
    return link_story(seeds)


def entity_with_form(entities, text: str):
    hits = [e for e in entities if any(text in f["text"] for f in e.forms)]
    assert len(hits) == 1, f"{text!r} in {[e.key for e in hits]}"
    return hits[0]


# --------------------------------------------------------------------------------- seed facts

def test_tokayev_five_spellings_are_one_person(seeds, seed_story):
    spellings = ["টোকায়েভ", "توكاييف", "टोकायव", "टोकायेव", "तोकायेव"]
    tokayev = entity_with_form(seed_story, "توكاييف")
    assert tokayev.type == "person"
    for spelling in spellings:
        assert entity_with_form(seed_story, spelling) is tokayev
    assert {"000", "001", "003"} <= set(tokayev.articles)
    # every mention of those spellings, re-keyed to the story, points at that one entity
    keys = {m.entity for a in seeds for m in story_mentions(a, seed_story)
            if any(s in m.text for s in spellings)}
    assert keys == {tokayev.key}


def test_almaty_and_kazakhstan_are_one_entity_each_across_all_five_scripts(seeds, seed_story):
    by_key = {e.key: e for e in seed_story}
    kazakhstan, almaty = by_key["country:KZ"], by_key["place:1526384"]
    ids = {a.id for a in seeds}
    assert set(kazakhstan.articles) == ids and set(almaty.articles) == ids
    assert almaty.name == "Almaty" and almaty.lat == pytest.approx(43.25, abs=0.1)
    scripts = {script_of(f["text"]) for f in almaty.forms}
    assert {"latin", "greek", "arabic", "devanagari", "bengali"} <= scripts
    # the old name and its Greek and Arabic spellings are the same city, not something else
    for alias in ("আলমা-আতা", "Άλμα Άτα", "المااتا", "ألماتي"):
        keys = {m.entity for a in seeds for m in story_mentions(a, seed_story) if alias in m.text}
        assert keys == {"place:1526384"}, alias
    assert not [e for e in seed_story if e.type == "person" and any("Άλμα" in f["text"] for f in e.forms)]


def test_csto_acronym_transliteration_and_spelled_out_names_are_one(seeds, seed_story):
    csto = {e.key: e for e in seed_story}["org:csto"]
    assert {"000", "001", "002", "003"} <= set(csto.articles)
    texts = {f["text"] for f in csto.forms}
    assert {"CSTO", "सीएसटीओ", "منظمة معاهدة الأمن الجماعي", "Οργανισμός Συμφώνου Συλλογικής Ασφάλειας"} <= texts
    assert spelled_acronym("सीएसटीओ") == "CSTO"


# ------------------------------------------------------------------------------ own sentences

OWN = {
    "ru": "Президент России Владимир Путин провёл в Москве переговоры с канцлером Германии Олафом Шольцем. "
          "Встреча продолжалась три часа, сообщило агентство ТАСС.",
    "de": "Bundeskanzler Olaf Scholz reiste am Montag nach Paris, wo er den französischen Präsidenten "
          "Emmanuel Macron traf. Die Demonstranten vor der Botschaft forderten mehr Unterstützung.",
    "tr": "Cumhurbaşkanı Recep Tayyip Erdoğan, Ankara'da Almanya Başbakanı ile görüştü. "
          "Görüşmede Kazakistan'daki gelişmeler ele alındı.",
}


@pytest.fixture(scope="module")
def own():
    out = {}
    for lang, text in OWN.items():
        a = article(lang, text)
        assert a.language == lang
        a.entities, a.mentions = extract_entities(a)
        out[lang] = a
    return out


def keys_of(a: Article) -> dict[str, str]:
    return {m.text: m.entity for m in a.mentions}


def test_russian_cases_resolve_to_gazetteer_keys(own):
    found = keys_of(own["ru"])
    assert found["России"] == "country:RU" and found["Германии"] == "country:DE"
    assert found["Москве"] == "place:524901"
    assert found["ТАСС"] == "org:tass"
    assert found["Владимир Путин"].startswith("person:")


def test_german_titles_and_demonyms(own):
    found = keys_of(own["de"])
    assert found["Olaf Scholz"].startswith("person:") and found["Emmanuel Macron"].startswith("person:")
    assert found["Paris"] == "place:2988507"
    assert found["französischen"] == "demonym:FR"
    assert not any(t in found for t in ("Demonstranten", "Botschaft", "Unterstützung", "Montag"))


def test_turkish_suffixes_after_apostrophes(own):
    found = keys_of(own["tr"])
    assert found["Ankara"] == "place:323786" and found["Kazakistan"] == "country:KZ" and found["Almanya"] == "country:DE"
    assert found["Recep Tayyip Erdoğan"].startswith("person:")
    assert "Görüşmede" not in found


def test_one_person_across_cyrillic_and_latin_inflections(own):
    english = article("en", "Chancellor Olaf Scholz said on Tuesday that talks in Moscow had been useful.")
    story = link_story([own["ru"], own["de"], english])
    scholz = entity_with_form(story, "Олафом Шольцем")
    assert scholz.name == "Olaf Scholz" and set(scholz.articles) == {"ru", "de", "en"}
    assert entity_with_form(story, "Москве").key == "place:524901" == entity_with_form(story, "Moscow").key


def test_chinese_names_gazetteer_titles_and_organisations():
    zh = article("zh", "土耳其总统埃尔多安在安卡拉会见了日本航空公司和俄罗斯外交部的代表。美国总统特朗普表示，他将与埃尔多安通电话。")
    en = article("en", "President Donald Trump said he would call Turkish President Recep Tayyip Erdogan in Ankara.")
    zh.entities, zh.mentions = extract_entities(zh)
    found = keys_of(zh)
    assert found["土耳其"] == "country:TR" and found["安卡拉"] == "place:323786" and found["美国"] == "country:US"
    assert found["埃尔多安"].startswith("person:") and found["特朗普"].startswith("person:")
    assert found["日本航空公司"].startswith("org:") and "country:JP" not in found.values()   # an airline, not Japan
    story = link_story([zh, article_with_entities(en)])
    assert entity_with_form(story, "特朗普") is entity_with_form(story, "Donald Trump")
    assert entity_with_form(story, "安卡拉") is entity_with_form(story, "Ankara")


@pytest.fixture(scope="module")
def names():
    from crosswire import encode

    return encode.name_embedder(encode.load())


def test_translated_names_link_through_the_encoder(names):
    """Names translated rather than transliterated: spelling alone keeps them apart, the encoder
    joins each to its own partner and to no other name of the story."""
    zh = article("zh", "日本航空公司和印度空间研究组织周二在东京签署了一项协议。")
    en = article("en", "Japan Airlines and the Indian Space Research Organisation signed an agreement in Tokyo "
                       "on Tuesday. Officials of Japan said JAL would fly the payload.")
    ru = article("ru", "Представитель ИППС сообщил, что экзамен пройдет в марте.")
    en2 = article("en", "IBPS, the Institute of Banking Personnel Selection, said the exam will be held in March.")
    for a in (zh, en, ru, en2):
        a.entities, a.mentions = extract_entities(a)
    assert keys_of(zh)["印度空间研究组织"].startswith("org:")       # an agency, not India
    spelled = link_story([zh, en, ru, en2])
    assert entity_with_form(spelled, "日本航空公司") is not entity_with_form(spelled, "Japan Airlines")
    story = link_story([zh, en, ru, en2], embed_names=names)
    airline = entity_with_form(story, "日本航空公司")
    assert airline is entity_with_form(story, "Japan Airlines") and airline.name == "Japan Airlines"
    assert entity_with_form(story, "JAL") is airline                   # an acronym of the name, letters in order
    assert entity_with_form(story, "印度空间研究组织") is entity_with_form(story, "Indian Space Research Organisation")
    assert entity_with_form(story, "ИППС") is entity_with_form(story, "IBPS")
    assert {e.key for e in story} >= {"country:JP", "place:1850147"}                # Japan and Tokyo stay themselves
    assert "Japan" not in {f["text"] for f in airline.forms} and "Tokyo" not in {f["text"] for f in airline.forms}


def test_a_translated_name_needs_a_clear_partner(names):
    """A Chinese name with two plausible English partners of its type joins neither."""
    zh = article("zh", "安德森·库珀在纽约主持了节目。")
    en = article("en", "Anderson Cooper and Andy Cohen hosted the show in New York, and Andy Cohen's guests were "
                       "late.")
    for a in (zh, en):
        a.entities, a.mentions = extract_entities(a)
    story = link_story([zh, en], embed_names=names)
    cooper = entity_with_form(story, "安德森·库珀")
    assert cooper is not entity_with_form(story, "Andy Cohen")
    assert entity_with_form(story, "纽约") is entity_with_form(story, "New York")


def test_chinese_transliterated_names_with_name_only_characters():
    zh = article("zh", "警长的副手乔伊·罗宾逊试图拦下一辆汽车。")
    zh.entities, zh.mentions = extract_entities(zh)
    assert "乔伊·罗宾逊" in keys_of(zh)


def article_with_entities(a: Article) -> Article:
    a.entities, a.mentions = extract_entities(a)
    return a


# ---------------------------------------------------------------------------------- negatives

def test_sentence_initial_common_words_are_not_entities():
    a = article("neg", "Powerful photo from the square today. Yet another video shows armoured vehicles.\n"
                       "Situation remains tense. Meanwhile shops stayed closed.")
    entities, mentions = extract_entities(a)
    assert entities == [] and mentions == []


def test_months_common_acronyms_and_lone_letters_are_not_names():
    a = article("neg", "The exam will be held in March, the CEO said on TV. RIP Gary McLaren, friends wrote on "
                       "Saturday from the U.S.\nLa prueba será en marzo y el lunes hablará el CEO.")
    found = keys_of(article_with_entities(a))
    assert "March" not in found and "marzo" not in found and "TV" not in found and "CEO" not in found
    assert found["Gary McLaren"].startswith("person:")                         # "RIP" is not part of the name
    assert not [text for text in found if len(text.strip(".")) < 2]


def test_a_place_named_as_written_beats_a_bigger_one_also_called_so():
    found = keys_of(article_with_entities(article("en", "Fog covered New Delhi and the rest of Delhi on Tuesday.")))
    assert found["New Delhi"] == "place:1261481" and found["Delhi"] == "place:1273294"


def test_traditional_and_simplified_chinese_are_one_name():
    simplified = keys_of(article_with_entities(article("zh", "他昨天抵达纽约，随后前往东京。")))
    traditional = keys_of(article_with_entities(article("zh", "他昨天抵達紐約，隨後前往東京。")))
    assert simplified["纽约"] == traditional["紐約"] == "place:5128581"
    assert simplified["东京"] == traditional["東京"] == "place:1850147"


def test_aircraft_model_is_not_a_person():
    a = article("il", "Two Russian Il-76 transport planes landed at an airfield near Moscow on Thursday.")
    entities, mentions = extract_entities(a)
    assert not [m for m in mentions if "Il" in m.text]
    assert {e.key for e in entities} == {"place:524901", "demonym:RU"}


def test_common_words_that_sound_like_names_are_not_linked():
    # Hindi "प्रयास" (attempt) shares its consonants with "प्राइस" (Price) but not its vowels
    assert same_word("प्राइस", "Price") and not same_word("प्रयास", "प्राइस")
    assert skeleton(romanise("توكاييف")) == skeleton(romanise("Tokayev")) == "TKB"


# ------------------------------------------------------------------------------------ fixture

def fixture_rows() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fixture_references_real_text_in_many_languages_and_scripts():
    from crosswire.evaluate import labels

    mentions = [r for r in fixture_rows() if not r.get("region")]
    for r in mentions:
        assert labels.source(r, SHARED)[1][r["start"]:r["end"]] == r["surface"]
    assert len(mentions) >= 100
    assert len({r["language"] for r in mentions}) >= 6
    assert len({script_of(r["surface"]) for r in mentions}) >= 3
    assert {r["split"] for r in mentions} == {"dev", "heldout", "fresh"}


def test_seed_cross_script_linking_meets_the_target(seeds, seed_story):
    """On the labelled seed mentions: pairs in different scripts, predicted same vs labelled same."""
    gold = [r for r in fixture_rows() if r.get("seed") and not r.get("region")]
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEED_FILES}
    predicted = {}
    for a, path in zip(seeds, SEED_FILES):
        offsets, cursor = [], 0
        for seg in a.segments:
            cursor = texts[path.name].index(seg.text, cursor)
            offsets.append(cursor)
        predicted[path.name] = [(offsets[m.segment] + m.start, offsets[m.segment] + m.start + len(m.text), m.entity)
                                for m in story_mentions(a, seed_story) if not m.entity.startswith("demonym:")]
    rows = []
    for g in gold:
        hit = next((key for s, e, key in predicted[g["seed"]] if s < g["end"] and g["start"] < e), None)
        rows.append((script_of(g["surface"]), g["entity"], hit))
    tp = fp = fn = 0
    for a, b in itertools.combinations(rows, 2):
        if a[0] == b[0]:
            continue
        same, linked = a[1] == b[1], a[2] is not None and a[2] == b[2]
        tp += same and linked
        fp += linked and not same
        fn += same and not linked
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.7


def test_gazetteer_loads_once_and_quickly():
    code = ("import time; t = time.perf_counter(); from crosswire.extract.gazetteer import gazetteer; "
            "g = gazetteer(); assert gazetteer() is g; print(time.perf_counter() - t)")
    seconds = float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                   check=True).stdout)
    assert seconds < 3.0
