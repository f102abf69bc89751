"""Stories are incidents (issue 10): among news of one topic, a story is one event.

Different shootings reported on the same day in near-identical words must end in different
stories; two differently worded reports of one shooting (same place, same victim) in one.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import numpy as np
import pytest

from crosswire import encode, similarity
from crosswire.evaluate import incidents
from crosswire.pipeline import article_signals, build_article
from crosswire.records import Document
from crosswire.stories import StoryIndex

from conftest import SHARED

CHICAGO = (
    "Man, 24, shot and killed on West Side",
    "CHICAGO — A 24-year-old man was shot and killed early Saturday in the 1200 block of West Madison "
    "Street, police said. Marcus Johnson was standing outside a store when a gunman opened fire from a "
    "passing car, police spokesman Anthony Guglielmi said. Johnson was taken to Stroger Hospital, where "
    "he was pronounced dead. No one is in custody and detectives are investigating.",
    "2016-10-08")
DALLAS = (
    "Man, 19, shot and killed in South Dallas",
    "DALLAS — A 19-year-old man was shot and killed early Saturday in the 400 block of Elm Street, "
    "police said. Jerome Williams was standing outside a store when a gunman opened fire from a passing "
    "car, police spokesman Michael Mata said. Williams was taken to Parkland Hospital, where he was "
    "pronounced dead. No one is in custody and detectives are investigating.",
    "2016-10-08")
CHICAGO_AGAIN = (
    "Family mourns Marcus Johnson, killed on West Madison Street",
    "Relatives of Marcus Johnson gathered Sunday on West Madison Street in Chicago, where the 24-year-old "
    "was gunned down early Saturday. \"He was on his way home,\" his aunt said. Investigators believe the "
    "shots came from a dark sedan; Chicago police asked anyone with video of the attack to come forward.",
    "2016-10-09")


def _article(title: str, text: str, published: str):
    return build_article(Document(source=f"test:{title}", content=text, format="jsonl", title=title,
                                  published=published, language="en"))


@pytest.fixture(scope="module")
def reports():
    articles = [_article(*report) for report in (CHICAGO, DALLAS, CHICAGO_AGAIN)]
    vectors = encode.encode_articles(encode.load(), articles)
    return [article_signals(a, encode.unpack(encode.pack(v))) for a, v in zip(articles, vectors)]


def _stories(items):
    index = StoryIndex(batch_scorer=similarity.pair_scores)
    return index.assign_many(items)


def test_same_day_shootings_in_different_cities_with_the_same_wording_are_different_stories(reports):
    chicago, dallas, _ = reports
    assert float(chicago.vector @ dallas.vector) > 0.9          # the encoder alone cannot tell them apart
    assert similarity.pair_score(chicago, dallas) < similarity.SAME_STORY_THRESHOLD
    first, second = _stories([("chicago", chicago), ("dallas", dallas)])
    assert first != second


def test_two_reports_of_one_shooting_in_different_words_are_one_story(reports):
    chicago, dallas, again = reports
    assert similarity.pair_score(chicago, again) >= similarity.SAME_STORY_THRESHOLD
    stories = _stories([("chicago", chicago), ("dallas", dallas), ("again", again)])
    assert stories[0] == stories[2] != stories[1]


def test_places_people_and_days_come_from_extraction(reports):
    chicago, dallas, again = reports
    assert chicago.places and dallas.places and not chicago.places & dallas.places
    assert chicago.people & again.people                         # Marcus Johnson
    assert "2016-10-08" in chicago.days and "2016-10-08" in again.days   # "Saturday", read against publication
    features = similarity.pair_features_sets(chicago, dallas)
    assert features["places_apart"] == 1.0 and features["people_apart"] == 1.0
    assert features["days_shared"] == 1.0
    assert similarity.pair_features_sets(chicago, again)["places_apart"] == 0.0


def test_publication_gap_is_a_feature_only_when_both_are_dated():
    vector = np.ones(384, np.float32) / np.sqrt(384)
    day = datetime(2016, 10, 8, tzinfo=timezone.utc)
    a = similarity.Signals(vector=vector, published=day)
    b = similarity.Signals(vector=vector, published=day.replace(day=11))
    assert similarity.pair_features_sets(a, b)["published_gap"] == pytest.approx(np.log1p(3))
    assert similarity.pair_features_sets(a, similarity.Signals(vector=vector))["published_gap"] == 0.0


def test_pairwise_and_bcubed_scores_of_a_small_partition():
    stories = ["s1", "s1", "s1", "s2", "s3"]
    truth = ["a", "a", "b", "b", "c"]
    counts = incidents.contingency(stories, truth, [True] * 5)
    result = incidents.scores([counts])
    # story pairs: (0,1) (0,2) (1,2); incident pairs: (0,1) (2,3); both: (0,1)
    assert result["pairwise"] == {"precision": round(1 / 3, 4), "recall": 0.5, "f1": 0.4}
    # B-cubed precision: 2/3, 2/3, 1/3, 1, 1 -> 11/15; recall: 1, 1, 1/2, 1/2, 1 -> 4/5
    assert result["bcubed"]["precision"] == round(11 / 15, 4)
    assert result["bcubed"]["recall"] == 0.8
    held_out = incidents.contingency(stories, truth, [True, True, False, False, True])
    assert incidents.scores([held_out])["pairwise"]["precision"] == 1.0


def test_folds_keep_an_incident_on_one_side():
    labels = [json.loads(line)["incident"]
              for line in (SHARED / "benchmarks" / "gun-violence" / "articles.jsonl").open(encoding="utf-8")]
    fold_of = incidents.incident_folds(labels, 5)
    assert set(fold_of) == set(labels) and set(fold_of.values()) == set(range(5))
    sizes = np.bincount([fold_of[label] for label in labels])
    assert sizes.max() - sizes.min() <= max(np.bincount(np.unique(labels, return_counts=True)[1]).nonzero()[0])


def test_places_people_and_days_survive_a_saved_story_index(reports):
    index = StoryIndex(batch_scorer=similarity.pair_scores)
    index.assign_many([("chicago", reports[0]), ("dallas", reports[1])])
    restored = StoryIndex.from_bytes(index.to_bytes(), batch_scorer=similarity.pair_scores)
    kept = sorted(restored._signals.values(), key=lambda found: sorted(found.places))
    assert {(s.places, s.people, s.days) for s in kept} == {(s.places, s.people, s.days) for s in reports[:2]}
    assert restored.assign("again", reports[2]) == restored.story_of("chicago")
