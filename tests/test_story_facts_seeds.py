"""The seed story's facts and timeline, end to end: five articles in five languages, lined up."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def view(seeded):
    (story,) = seeded.stories()
    return seeded.story_view(story.id)


def language_of(view, article_id):
    return next(a["language"] for a in view["articles"] if a["id"] == article_id)


def fact(view, type_, group):
    found = [f for f in view["facts"] if f["type"] == type_ and f["group"] == group]
    assert len(found) == 1, [(f["type"], f["group"], [v["text"] for v in f["values"]]) for f in view["facts"]]
    return found[0]


def test_troop_figures_are_a_conflict(view):
    troops = fact(view, "deployed", "soldiers")
    assert troops["status"] == "conflict"
    assert sorted(v["value"] for v in troops["values"]) == [2500, 3600]
    assert "2,500" in troops["explanation"] and "3,600" in troops["explanation"]


def test_security_forces_killed_line_up_across_three_languages(view):
    killed = fact(view, "killed", "security")
    by_language = {v["language"]: (v["value"], v["qualifier"]) for v in killed["values"]}
    assert by_language == {"el": (18, "exact"), "ar": (8, "at_least"), "hi": (20, "about")}
    assert killed["status"] == "compatible"
    assert (killed["estimate"]["value"], killed["estimate"]["qualifier"]) == (18, "exact")
    # "two of them at the airport" is a part of the eight, not a second count
    assert 2 in [p["value"] for p in killed["parts"]]
    assert 2 not in [v["value"] for v in killed["values"]]


def test_detentions_evolve_and_the_reuters_post_counts_once(view):
    detained = fact(view, "detained", "people") if any(
        f["type"] == "detained" and f["group"] == "people" for f in view["facts"]) else fact(view, "detained", "protesters")
    assert detained["status"] == "evolving"
    assert detained["estimate"]["value"] == 2000
    reuters = [v for v in detained["values"] if v["source"] == "Reuters"]
    assert len(reuters) == 1
    assert sorted(language_of(view, a) for a in reuters[0]["articles"]) == ["el", "hi"]


def test_the_august_date_is_an_anomaly_not_a_timeline_entry(view):
    assert [a["date"] for a in view["anomalies"]] == ["2022-08-05"]
    assert "days after" in view["anomalies"][0]["reason"]
    assert all(not e["date"].startswith("2022-08") for e in view["timeline"])


def test_the_start_dates_are_shown_side_by_side(view):
    first = next(e for e in view["timeline"] if e["date"] == "2022-01-01")
    assert [d["date"] for d in first["disputed"]] == ["2022-01-02"]
    second = next(e for e in view["timeline"] if e["date"] == "2022-01-02")
    assert {first["language"], second["language"]} == {"hi", "bn"}


def test_the_timeline_is_in_date_order_and_leaves_out_post_signatures(view):
    dates = [e["date"] for e in view["timeline"]]
    assert dates == sorted(dates)
    # "— Reuters (@Reuters) January 7, 2022" dates the post, not an event
    signatures = [m for e in view["timeline"] for m in e["sources"]
                  if m["sentence"].rstrip().endswith(m["text"]) and "(@" in m["sentence"][-len(m["text"]) - 40:]]
    assert signatures == []
    assert any("(@" in e["sentence"] for e in view["timeline"])    # a post's own dated statement stays


def test_every_story_has_a_title(seeded):
    assert all(s.title for s in seeded.stories())
