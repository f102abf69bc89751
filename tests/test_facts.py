"""A story's facts: every source's figure lined up, with status and estimate (reconcile.facts)."""
from __future__ import annotations

import pytest

from crosswire.reconcile.facts import interval, story_facts, written
from crosswire.records import Article, Count, Segment, Sentence


def article(aid: str, counts: list[Count], published: str | None = "2022-01-07", outlet: str | None = None,
            posts: dict[int, tuple[str, str]] | None = None, inferred: bool = False) -> Article:
    """An article whose segment i is a post by posts[i] = (author, date) when given, else body."""
    n = max([c.segment for c in counts] + [0]) + 1
    segments = []
    for i in range(n):
        author, date = (posts or {}).get(i, (None, None))
        text = f"sentence {i} of {aid}"
        segments.append(Segment(kind="post" if author else "body", text=text, language="en",
                                sentences=[Sentence(text, 0, len(text))], author=author, handle=author, date=date))
    return Article(id=aid, sources=[{"source": aid, "outlet": outlet}], title=None, published=published,
                   published_inferred=inferred, language="en", machine_translated=False, segments=segments,
                   counts=counts)


def count(value, qualifier="exact", type_="killed", group="security", segment=0, sentence="s", **kw) -> Count:
    return Count(value=value, qualifier=qualifier, type=type_, object=None, text=str(value), sentence=sentence,
                 segment=segment, group=group, **kw)


def only(facts, type_, group):
    found = [f for f in facts if f.type == type_ and f.group == group]
    assert len(found) == 1, [(f.type, f.group) for f in facts]
    return found[0]


@pytest.mark.parametrize("value,qualifier,low,high", [
    (18, "exact", 18, 18), (8, "at_least", 8, 24), (200, "more_than", 201, 600), (1, "at_least", 1, 3),
    (20, "about", 16, 24), (50, "up_to", 0, 50), (None, "dozens", 24, 100), (None, "hundreds", 200, 1000),
    (None, "thousands", 2000, 1_000_000),
])
def test_a_count_allows_an_interval_of_values(value, qualifier, low, high):
    assert interval(value, qualifier) == pytest.approx((low, high))


@pytest.mark.parametrize("value,qualifier,text", [
    (8, "at_least", "at least 8"), (2000, "more_than", "more than 2,000"), (20, "about", "about 20"),
    (None, "dozens", "dozens"), (3600, "exact", "3,600"), (50, "up_to", "up to 50"),
])
def test_a_count_is_written_as_an_editor_would(value, qualifier, text):
    assert written(value, qualifier) == text


def test_exact_figure_inside_every_bound_is_compatible_and_is_the_estimate():
    facts = story_facts([
        article("el", [count(18, attribution="officials")], outlet="Greek daily"),
        article("ar", [count(8, "at_least")], outlet="Arab paper"),
        article("hi", [count(20, "about")], outlet="Hindi site"),
    ])
    fact = only(facts, "killed", "security")
    assert fact.status == "compatible"
    assert (fact.estimate.value, fact.estimate.qualifier) == (18, "exact")
    assert "officials" in fact.estimate.basis
    assert sorted(v.source for v in fact.values) == ["Arab paper", "Greek daily", "Hindi site"]


def test_figures_that_cannot_both_be_true_are_a_conflict():
    facts = story_facts([
        article("tw", [count(2500, type_="deployed", group="soldiers")], published="2022-01-06", outlet="X"),
        article("bn", [count(3600, type_="deployed", group="soldiers")], published="2022-01-07", outlet="Y"),
    ])
    fact = only(facts, "deployed", "soldiers")
    assert fact.status == "conflict"
    assert "2,500" in fact.explanation and "3,600" in fact.explanation


def test_a_tally_that_rises_between_dated_reports_is_evolving_with_the_latest_as_estimate():
    facts = story_facts([
        article("early", [count(200, "more_than", type_="detained", group="people")], published="2022-01-05T08:00:00+00:00", outlet="A"),
        article("late", [count(2000, "more_than", type_="detained", group="people")], published="2022-01-07T08:00:00+00:00", outlet="B"),
    ])
    fact = only(facts, "detained", "people")
    assert fact.status == "evolving"
    assert (fact.estimate.value, fact.estimate.qualifier) == (2000, "more_than")


def test_a_tally_reported_lower_later_is_a_conflict_not_an_evolution():
    facts = story_facts([
        article("early", [count(50, type_="killed", group="people")], published="2022-01-05", outlet="A"),
        article("late", [count(5, type_="killed", group="people")], published="2022-01-07", outlet="B"),
    ])
    assert only(facts, "killed", "people").status == "conflict"


def test_a_rise_between_undated_reports_is_not_evidence_of_evolution():
    facts = story_facts([
        article("a", [count(200, "more_than", type_="detained", group="people")], published=None, outlet="A"),
        article("b", [count(2000, "more_than", type_="detained", group="people")], published=None, outlet="B"),
    ])
    assert only(facts, "detained", "people").status == "conflict"


def test_a_date_borrowed_from_the_story_does_not_date_a_report():
    # "inferred" with nothing in the article to infer it from: the story lent it
    facts = story_facts([
        article("a", [count(200, "more_than", type_="detained", group="people")], published="2022-01-05",
                outlet="A", inferred=True),
        article("b", [count(2000, "more_than", type_="detained", group="people")], published="2022-01-07",
                outlet="B", inferred=True),
    ])
    assert only(facts, "detained", "people").status == "conflict"


def test_sources_saying_the_same_agree_and_one_source_is_single():
    facts = story_facts([
        article("a", [count(3, type_="injured", group="people"), count(1, type_="killed", group="people")], outlet="A"),
        article("b", [count(3, type_="injured", group="people")], outlet="B"),
    ])
    assert only(facts, "injured", "people").status == "agree"
    killed = only(facts, "killed", "people")
    assert killed.status == "single" and killed.estimate.value == 1


def test_the_same_post_quoted_by_two_articles_is_one_source():
    reuters = {1: ("Reuters", "2022-01-07")}
    facts = story_facts([
        article("hi", [count(2000, "more_than", type_="detained", group="protesters", segment=1)], posts=reuters, outlet="H"),
        article("el", [count(2000, "more_than", type_="detained", group="protesters", segment=1)], posts=reuters, outlet="G"),
    ])
    fact = only(facts, "detained", "protesters")
    assert len(fact.values) == 1
    assert fact.values[0].source == "Reuters" and sorted(fact.values[0].articles) == ["el", "hi"]
    assert fact.status == "single"


def test_a_part_is_listed_with_its_whole_not_as_a_second_count():
    whole = count(8, "at_least", group="security")
    part = count(2, group="security", part_of=0)
    facts = story_facts([article("ar", [whole, part], outlet="A"), article("el", [count(18)], outlet="B")])
    fact = only(facts, "killed", "security")
    assert [v.value for v in fact.parts] == [2]
    assert sorted(v.value for v in fact.values) == [8, 18]
    assert fact.status == "compatible"


def test_several_figures_from_one_source_are_subcounts_not_a_conflict():
    facts = story_facts([article("en", [count(120, type_="buildings", group="buildings"),
                                        count(180, type_="buildings", group="buildings")], outlet="A")])
    fact = only(facts, "buildings", "buildings")
    assert fact.status == "single" and fact.estimate.value == 120     # its first: the others are details


def test_hedged_figure_yields_to_a_firm_one_in_a_conflict():
    facts = story_facts([
        article("a", [count(300, type_="killed", group="civilians", hedged=True)], published=None, outlet="A"),
        article("b", [count(30, type_="killed", group="civilians")], published=None, outlet="B"),
    ])
    fact = only(facts, "killed", "civilians")
    assert fact.status == "conflict" and fact.estimate.value == 30
    assert "300" in fact.estimate.basis


def test_background_figures_of_type_other_are_not_facts():
    facts = story_facts([article("a", [count(19_000_000, type_="other", group="people")], outlet="A")])
    assert facts == []


def test_unnamed_people_join_the_one_named_group_their_figures_fit():
    facts = story_facts([
        article("tw", [count(2000, type_="detained", group="people"),
                       count(4, type_="detained", group="suspects", segment=1)], published="2022-01-06", outlet="A"),
        article("re", [count(2000, "more_than", type_="detained", group="protesters")], published="2022-01-07", outlet="B"),
    ])
    assert {(f.type, f.group) for f in facts} == {("detained", "protesters"), ("detained", "suspects")}
    assert sorted(v.value for v in only(facts, "detained", "protesters").values) == [2000, 2000]


def test_unnamed_people_stay_apart_when_two_named_groups_fit():
    facts = story_facts([
        article("a", [count(None, "dozens", group="people")], outlet="A"),
        article("b", [count(20, "about", group="security"), count(None, "dozens", group="protesters", segment=1)],
                outlet="B"),
    ])
    assert {f.group for f in facts} == {"people", "security", "protesters"}


def test_figures_that_disagree_on_the_same_day_are_a_conflict_even_for_a_tally():
    facts = story_facts([
        article("a", [count(None, "hundreds", type_="injured", group="people")], published="2022-01-07", outlet="A"),
        article("b", [count(None, "thousands", type_="injured", group="people")], published="2022-01-07", outlet="B"),
        article("c", [count(100, type_="injured", group="people")], published="2022-01-06", outlet="C"),
    ])
    assert only(facts, "injured", "people").status == "conflict"


def test_without_an_injured_figure_the_injured_are_those_shot_who_did_not_die():
    from crosswire.reconcile.facts import headline_figure

    facts = story_facts([
        article("a", [count(4, type_="shot", group="people"), count(1, type_="killed", group="people", segment=1)],
                outlet="A"),
    ])
    assert headline_figure(facts, "injured") == 3 and headline_figure(facts, "killed") == 1
    with_injured = story_facts([article("b", [count(4, type_="shot", group="people"),
                                              count(2, type_="injured", group="people", segment=1)], outlet="B")])
    assert headline_figure(with_injured, "injured") == 2
    assert headline_figure(story_facts([]), "injured") is None


def test_the_headline_figure_is_the_best_attested_fact_not_a_background_one():
    from crosswire.reconcile.facts import headline_figure

    facts = story_facts([
        article("a", [count(1, type_="killed", group="people"),
                      count(305, type_="killed", group="victims", segment=9)], outlet="A"),   # "305 homicides that year"
        article("b", [count(1, type_="killed", group="people")], outlet="B"),
    ])
    assert headline_figure(facts, "killed") == 1
    deep_only = story_facts([article("c", [count(305, type_="killed", group="victims", segment=9)], outlet="C")])
    assert headline_figure(deep_only, "killed") is None
    hospital = story_facts([article("d", [count(2, type_="hospitalised", group="people")], outlet="D")])
    assert headline_figure(hospital, "injured") == 2


def test_among_equally_supported_conflicting_figures_the_one_a_lead_gives_wins():
    facts = story_facts([
        article("a", [count(5, type_="injured", group="people", segment=6)], published=None, outlet="A"),
        article("b", [count(2, type_="injured", group="people", segment=0)], published=None, outlet="B"),
    ])
    fact = only(facts, "injured", "people")
    assert fact.status == "conflict" and fact.estimate.value == 2
