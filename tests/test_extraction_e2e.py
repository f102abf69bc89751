"""Extraction through the whole pipeline on the seeds: what `article --json` and `story --json` show."""
from __future__ import annotations

from crosswire import encode, similarity
from crosswire.pipeline import article_signals


def by_language(cw):
    return {a.language: a for a in cw.articles()}


def test_counts_typed_in_every_seed_language(seeded):
    arts = by_language(seeded)

    def has(lang, value, kind, qualifier=None):
        return any(c.value == value and c.type == kind and (qualifier is None or c.qualifier == qualifier)
                   for c in arts[lang].counts)

    assert has("el", 2500, "deployed")               # the Hillel Neuer tweet embedded in 002
    assert has("el", 18, "killed")                   # "18 αστυνομικοί σκοτώθηκαν"
    assert has("bn", 3600, "deployed")
    assert has("ar", 200, "detained", "more_than")   # "أكثر من 200"
    assert has("ar", 8, "killed", "at_least")        # "ما لا يقل عن ثمانية"
    assert has("en", 120, "vehicles")                # "burned 120 cars"
    tweet_counts = [c for c in arts["el"].counts if arts["el"].segments[c.segment].kind == "post"]
    assert any(c.value == 2500 for c in tweet_counts)  # tied to the post's own segment


def test_the_5_august_date_is_an_anomaly_in_its_story(seeded):
    bengali = by_language(seeded)["bn"]
    august = [d for d in bengali.dates if d.text == "5 আগস্ট"]
    assert august and august[0].date.endswith("-08-05") and august[0].anomaly
    assert all(d.anomaly is None for d in bengali.dates if d.date.startswith("2022-01"))
    # undated articles are dated from their story, and say so
    assert bengali.published and bengali.published_inferred


def test_story_entities_are_canonical_across_scripts(seeded):
    story = seeded.stories()[0]
    entities = {e["key"]: e for e in seeded.story_view(story.id)["entities"]}
    all_ids = set(story.articles)
    assert set(entities["country:KZ"]["articles"]) == all_ids
    assert set(entities["place:1526384"]["articles"]) == all_ids  # Almaty
    tokayev = next(e for e in entities.values() if any(f["text"] == "توكاييف" for f in e["forms"]))
    forms = {f["text"] for f in tokayev["forms"]}
    assert {"টোকায়েভ", "टोकायव", "टोकायेव", "तोकायेव"} <= forms
    csto = entities["org:csto"]
    assert len(csto["articles"]) == 4 and "सीएसटीओ" in {f["text"] for f in csto["forms"]}


def test_story_signals_carry_canonical_entities(seeded):
    vectors = {k: encode.unpack(v) for k, v in seeded.store.vectors().items()}
    for article in seeded.articles():
        names = article_signals(article, vectors[article.id]).names
        common = similarity.fitted_common_names()       # in every kind of story: no evidence
        assert "country:KZ" in names and {e.key for e in article.entities} - common <= names
        assert not names & common
