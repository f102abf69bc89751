"""Dates normalised against the publication time, in several languages, and anomaly flags."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from crosswire.evaluate import labels
from crosswire.extract.dates import extract_dates, flag_anomalies

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FRIDAY = datetime(2022, 1, 7, 9, 30)      # the Greek article's "yesterday, Thursday" is 6 January


def dates_of(text: str, language: str, reference: datetime | None = FRIDAY) -> list[str]:
    return [d.date for d in extract_dates(text, language, reference)]


def test_bengali_seed_dates_and_the_august_anomaly():
    text = (SEEDS / "000_ee5d47df657493e3.txt").read_text()
    found = extract_dates(text, "bn", FRIDAY)
    assert [d.date for d in found] == ["2022-01-06", "2022-01-02", "2022-08-05", "2022-01-06"]
    assert found[2].text == "5 আগস্ট"
    flagged = flag_anomalies(found, (date(2022, 1, 2), date(2022, 1, 7)))
    assert [d.anomaly is None for d in flagged] == [True, True, False, True]
    assert flagged[2].anomaly == "2022-08-05 is 210 days after the story's last date 2022-01-07"


def test_anomaly_before_the_frame_and_partial_dates():
    found = extract_dates("It began on 3 October 2021, and again in January 2022.", "en", FRIDAY)
    assert [d.date for d in found] == ["2021-10-03", "2022-01"]
    flagged = flag_anomalies(found, (date(2022, 1, 2), date(2022, 1, 7)))
    assert flagged[0].anomaly == "2021-10-03 is 91 days before the story's first date 2022-01-02"
    assert flagged[1].anomaly is None


@pytest.mark.parametrize("text, language, expected", [
    ("Δυνάμεις της Ρωσίας έφτασαν χθες, Πέμπτη, στο Καζακστάν.", "el", ["2022-01-06"]),
    ("Police said on Wednesday that the curfew would stay.", "en", ["2022-01-05"]),
    ("Troops arrived on Friday morning.", "en", ["2022-01-07"]),   # the reference's own weekday
    ("Protesters gathered two days ago and again yesterday.", "en", ["2022-01-05", "2022-01-06"]),
    ("وحاول الرئيس توكاييف أمس منع المزيد من الاضطرابات صباح الأربعاء.", "ar", ["2022-01-06", "2022-01-05"]),
    ("रूसी पैराट्रूपर्स गुरुवार को अल्माटी पहुंचे।", "hi", ["2022-01-06"]),
    ("Die Polizei meldete am Donnerstag neue Festnahmen.", "de", ["2022-01-06"]),
    ("В среду в Алматы ввели режим ЧП.", "ru", ["2022-01-05"]),
    ("Ein Radfahrer wurde am Sonntagnachmittag von einem Motorrad erfasst.", "de", ["2022-01-02"]),
])
def test_relative_dates_resolve_against_the_reference(text, language, expected):
    assert dates_of(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("6 জানুয়ারী রাতে আলমাটিতে গুলির শব্দ শোনা যায়।", "bn", ["2022-01-06"]),
    ("وستسري حتى 19 يناير.", "ar", ["2022-01-19"]),
    ("Протесты начались 2 января, а 7 января 2022 года прибыли войска.", "ru", ["2022-01-02", "2022-01-07"]),
    ("Reuters (@Reuters) January 7, 2022", "en", ["2022-01-07"]),
    ("Zeit: 15.06.2020, 19:00 Uhr; seit dem 18.06.2020 gesucht.", "de", ["2020-06-15", "2020-06-18"]),
    ("El informe del 2022-01-05 y el 4 de agosto de 2021.", "es", ["2022-01-05", "2021-08-04"]),
    ("第一起枪击事件发生在2020年1月1日凌晨。", "zh", ["2020-01-01"]),
    ("La cerimonia si terrà il 28 dicembre.", "it", ["2021-12-28"]),   # yearless and far ahead: last year
    ("Protesto 5 Ocak 2022 tarihinde başladı.", "tr", ["2022-01-05"]),
    ("Mubarak Mohamed | 03.06.2020", "en", ["2020-06-03"]),          # dotted: day first, even in English
])
def test_explicit_dates_in_many_languages(text, language, expected):
    assert dates_of(text, language) == expected


def test_without_a_reference_relative_dates_are_skipped_and_years_left_open():
    assert dates_of("Police said on Tuesday that 3 men were held since Dec. 13.", "en", None) == ["--12-13"]


def test_years_alone_and_times_are_not_dates():
    assert dates_of("In 2019 the curfew ran from 23:00 to 7:00 for 30 days.", "en") == []


def test_hand_labelled_dates_meet_the_bar():
    """All labelled sentences: precision >= 0.95, recall >= 0.85 (ISO date must agree)."""
    tp = predicted = gold = 0
    for item in labels.load(FIXTURES / "dates.jsonl", SHARED):
        reference = datetime.fromisoformat(item["reference"]) if item["reference"] else None
        ours = dates_of(item["text"], item["language"], reference)
        left = Counter(item["dates"])
        predicted += len(ours)
        gold += len(item["dates"])
        for d in ours:
            if left[d] > 0:
                left[d] -= 1
                tp += 1
    assert gold >= 100
    assert tp / predicted >= 0.95 and tp / gold >= 0.85, (tp, predicted, gold)
