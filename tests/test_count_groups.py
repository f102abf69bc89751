"""What a count counts (group), who gives it (attribution), whether it is hedged, what it is a part
of, and counts written without a number (issue 10): on the seed sentences and in many languages."""
from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.extract.counts import attribution, extract_counts
from crosswire.records import COUNT_GROUPS

SEEDS = Path(__file__).resolve().parents[1] / "examples"


def seed_line(name: str, contains: str) -> str:
    return next(line for line in (SEEDS / name).read_text().splitlines() if contains in line)


def count(sentence: str, language: str, value=None, **fields):
    found = [c for c in extract_counts(sentence, language) if value is None or c.value == value]
    found = [c for c in found if all(getattr(c, k) == v for k, v in fields.items())]
    assert len(found) == 1, [(c.value, c.type, c.group, c.text) for c in extract_counts(sentence, language)]
    return found[0]


# (seed file, words on its line, language, value (None: vague), text of the number, group)
SEED_GROUPS = [
    ("002_196b897cf606c089.txt", "18 αστυνομικοί", "el", 18, None, "security"),
    ("003_74ee9715f1c109e3.txt", "लगभग 20", "hi", 20, None, "security"),
    ("001_d44e7053e969806b.txt", "ما لا يقل عن ثمانية", "ar", 8, None, "security"),
    ("000_ee5d47df657493e3.txt", "3600", "bn", 3600, None, "soldiers"),
    ("002_196b897cf606c089.txt", "Russian-led troops", "en", 2500, None, "soldiers"),
    ("002_196b897cf606c089.txt", "δεκάδες διαδηλωτές", "el", None, "δεκάδες", "protesters"),
    ("003_74ee9715f1c109e3.txt", "लगभग 20", "hi", None, "दर्जनों", "protesters"),
    ("001_d44e7053e969806b.txt", "تجمع مئات المتظاهرين", "ar", None, "مئات", "protesters"),
    ("002_196b897cf606c089.txt", "dozens of rioters", "en", None, "dozens", "protesters"),
    ("001_d44e7053e969806b.txt", "أكثر من 200", "ar", 200, None, "people"),
    ("002_196b897cf606c089.txt", "1000 people injured", "en", 1000, None, "people"),
    ("004_680902a36fefff09.txt", "120 cars", "en", 33, None, "vehicles"),
    ("001_d44e7053e969806b.txt", "خمس طائرات", "ar", 5, None, "aircraft"),
    ("002_196b897cf606c089.txt", "τέσσερις", "el", 4, None, "suspects"),
    ("002_196b897cf606c089.txt", "διεθνείς πτήσεις", "el", 20, None, "flights"),
]


@pytest.mark.parametrize("name,contains,language,value,text,group", SEED_GROUPS)
def test_seed_counts_have_one_group_key_across_languages(name, contains, language, value, text, group):
    fields = {"text": text} if text else {}
    c = count(seed_line(name, contains), language, value, **fields)
    assert c.group == group and c.group in COUNT_GROUPS


@pytest.mark.parametrize("text,language,group", [
    ("18 αστυνομικοί σκοτώθηκαν.", "el", "security"),
    ("20 सुरक्षाकर्मी मारे गए।", "hi", "security"),
    ("18 police officers were killed.", "en", "security"),
    ("Murieron 18 policías.", "es", "security"),
    ("18 Polizisten wurden getötet.", "de", "security"),
    ("Погибли 18 полицейских.", "ru", "security"),
    ("3000 soldiers were deployed.", "en", "soldiers"),
    ("3000 জন সেনা মোতায়েন করা হয়েছে।", "bn", "soldiers"),
    ("200 demonstrators were detained.", "en", "protesters"),
    ("Plus de 200 manifestants ont été arrêtés.", "fr", "protesters"),
    ("200 प्रदर्शनकारी गिरफ्तार किए गए।", "hi", "protesters"),
    ("5 people were killed.", "en", "people"),
    ("قتل 5 أشخاص.", "ar", "people"),
    ("Σκοτώθηκαν 5 άτομα.", "el", "people"),
    ("5 were killed.", "en", "people"),                 # no object: the type's default
    ("They burned 120 cars.", "en", "vehicles"),
])
def test_group_is_one_key_across_languages(text, language, group):
    counts = extract_counts(text, language)
    assert [c.group for c in counts] == [group], [(c.value, c.type, c.group) for c in counts]


@pytest.mark.parametrize("name,contains,language,source,hedged", [
    ("002_196b897cf606c089.txt", "18 αστυνομικοί", "el", "officials", False),
    ("001_d44e7053e969806b.txt", "ما لا يقل عن ثمانية", "ar", "Kazakh media", False),
    ("003_74ee9715f1c109e3.txt", "लगभग 20", "hi", "reports", False),
    ("003_74ee9715f1c109e3.txt", "अनुमान के मुताबिक", "hi", None, True),
    ("002_196b897cf606c089.txt", "Ενδέχεται", "el", None, True),
    ("000_ee5d47df657493e3.txt", "3600", "bn", None, True),
    ("004_680902a36fefff09.txt", "120 cars", "en", "Almaty police", False),
    ("002_196b897cf606c089.txt", "dozens of rioters", "en", "police", False),
])
def test_seed_attribution_and_hedge(name, contains, language, source, hedged):
    counts = [c for c in extract_counts(seed_line(name, contains), language) if contains in c.sentence]
    assert counts and all((c.attribution, c.hedged) == (source, hedged) for c in counts), \
        [(c.value, c.attribution, c.hedged) for c in counts]


@pytest.mark.parametrize("sentence,language,source", [
    ("12 people were killed, according to the health ministry.", "en", "the health ministry"),
    ("Officials said 12 people were killed.", "en", "officials"),
    ("More than 2,000 protesters were detained — Reuters (@Reuters) January 7, 2022", "en", "Reuters"),
    ("Según la policía, 12 personas murieron.", "es", "police"),
    ("Murieron 12 personas.", "es", None),
    ("He said 12 people were killed.", "en", None),      # a pronoun is no source
    ("12 people were killed.", "en", None),
])
def test_attribution(sentence, language, source):
    assert attribution(sentence, language) == source


@pytest.mark.parametrize("sentence,language,hedged", [
    ("According to preliminary figures, 12 people were killed.", "en", True),
    ("At least 12 people may have died.", "en", True),
    ("12 people were reportedly killed.", "en", True),
    ("12 people were killed.", "en", False),
    ("Ενδέχεται 12 άτομα να σκοτώθηκαν.", "el", True),
    ("Según datos preliminares, murieron 12 personas.", "es", True),
])
def test_hedged(sentence, language, hedged):
    assert [c.hedged for c in extract_counts(sentence, language)] == [hedged]


def test_including_makes_a_part_not_a_second_count():
    counts = extract_counts(seed_line("004_680902a36fefff09.txt", "120 cars"), "en")
    whole = next(i for i, c in enumerate(counts) if c.value == 120 and c.type == "vehicles")
    part = count(seed_line("004_680902a36fefff09.txt", "120 cars"), "en", 33)
    assert (part.type, part.part_of) == ("vehicles", whole)
    assert all(c.part_of is None for c in counts if c is not part and c.value != 33)


@pytest.mark.parametrize("sentence,language,whole,part", [
    ("Nine people were killed, including four children.", "en", 9, 4),
    ("Murieron nueve personas, entre ellos cuatro niños.", "es", 9, 4),
    ("20 personnes sont mortes, dont 5 enfants.", "fr", 20, 5),
    ("Neun Menschen wurden getötet, darunter vier Kinder.", "de", 9, 4),
])
def test_including_in_languages(sentence, language, whole, part):
    counts = extract_counts(sentence, language)
    values = [c.value for c in counts]
    assert counts[values.index(part)].part_of == values.index(whole)


def test_arabic_two_of_them_is_a_part_of_the_eight_killed():
    counts = extract_counts(seed_line("001_d44e7053e969806b.txt", "ما لا يقل عن ثمانية"), "ar")
    eight = next(i for i, c in enumerate(counts) if c.value == 8)
    two = next(c for c in counts if c.value == 2)
    assert (two.type, two.part_of, two.group) == ("killed", eight, "security")


def test_greek_two_of_the_dead_officers_is_a_part_across_sentences():
    from crosswire.ingest import read_path
    from crosswire.pipeline import build_article

    article = next(build_article(doc) for doc in read_path(SEEDS / "002_196b897cf606c089.txt"))
    eighteen = next(i for i, c in enumerate(article.counts) if c.value == 18)
    two = next(c for c in article.counts if c.value == 2 and "αστυνομικούς" in c.sentence)
    assert (two.type, two.group, two.part_of) == ("killed", "security", eighteen)
    for i, c in enumerate(article.counts):                  # article indices, always earlier
        assert c.part_of is None or 0 <= c.part_of < i


def test_no_part_without_a_larger_whole():
    counts = extract_counts("Four people were killed, including nine children.", "en")
    assert all(c.part_of is None for c in counts)


# counts written without a number: (sentence, language, [(type, value)])
IMPLICIT = [
    ("A man was shot and killed Saturday night.", "en", [("killed", 1)]),
    ("A woman was wounded in the shooting.", "en", [("injured", 1)]),
    ("Police said a 20-year-old man was fatally shot.", "en", [("killed", 1)]),
    ("The gunman shot and killed a teenager.", "en", [("killed", 1)]),
    ("His son was injured.", "en", [("injured", 1)]),
    ("A man was arrested.", "en", [("detained", 1)]),
    ("A couple were shot dead.", "en", [("killed", 2)]),
    ("Twins were injured.", "en", [("injured", 2)]),
    ("Both were taken to the hospital.", "en", [("hospitalised", 2)]),
    ("Authorities say the investigation centers around the shooting death of a nine-year-old boy.", "en", [("killed", 1)]),
    ("Un hombre murió y una mujer resultó herida.", "es", [("killed", 1), ("injured", 1)]),
    ("Un homme a été tué.", "fr", [("killed", 1)]),
    ("Ein Mann wurde getötet.", "de", [("killed", 1)]),
    ("Un uomo è stato ucciso.", "it", [("killed", 1)]),
    ("Um homem foi morto.", "pt", [("killed", 1)]),
    ("Погиб мужчина.", "ru", [("killed", 1)]),
    ("Мужчина был ранен.", "ru", [("injured", 1)]),
    ("Zginął mężczyzna.", "pl", [("killed", 1)]),
    ("قتل رجل في الهجوم.", "ar", [("killed", 1)]),
    ("एक व्यक्ति की मौत हो गई।", "hi", [("killed", 1)]),
    ("একজন নিহত হয়েছেন।", "bn", [("killed", 1)]),
    ("Ένας άνδρας σκοτώθηκε.", "el", [("killed", 1)]),
    ("Bir kişi öldü.", "tr", [("killed", 1)]),
    # not counts
    ("He bought a gun.", "en", []),
    ("A man was not injured.", "en", []),
    ("No one was hurt.", "en", []),
    ("He was convicted of killing a man in 2010.", "en", []),
    ("A man who shot his neighbour ran away.", "en", [("shot", 1)]),   # the neighbour, not the man
    ("A couple of weeks later the road reopened.", "en", []),
    ("The man bought a car.", "en", []),
    ("Un hombre compró un coche.", "es", []),
]


@pytest.mark.parametrize("sentence,language,expected", IMPLICIT)
def test_counts_without_digits(sentence, language, expected):
    counts = extract_counts(sentence, language)
    assert [(c.type, c.value) for c in counts] == expected, [(c.type, c.value, c.text) for c in counts]
    assert all(c.group in COUNT_GROUPS and c.qualifier == "exact" for c in counts)


def test_implicit_can_be_left_out():
    assert extract_counts("A man was shot and killed.", "en", implicit=False) == []


def test_implicit_groups():
    assert count("The gunman shot and killed a teenager.", "en").group == "children"
    assert count("A police officer was injured.", "en").group == "security"


@pytest.mark.parametrize("sentence,language", [
    ("The girl's mother and two other children were also home but were not injured.", "en"),
    ("Tres personas no resultaron heridas.", "es"),
    ("Zwei Menschen wurden nicht verletzt.", "de"),
])
def test_a_negated_event_is_no_count(sentence, language):
    from crosswire.extract.counts import extract_counts

    assert [c for c in extract_counts(sentence, language, 0) if c.type in ("injured", "killed", "shot")] == []


@pytest.mark.parametrize("sentence,language,value", [
    ("Two people were injured.", "en", 2), ("Zwei Menschen wurden verletzt.", "de", 2),
])
def test_the_same_event_without_negation_is_counted(sentence, language, value):
    from crosswire.extract.counts import extract_counts

    assert [c.value for c in extract_counts(sentence, language, 0) if c.type == "injured"] == [value]


@pytest.mark.parametrize("sentence,expected", [
    ("Police are trying to learn what led to the shooting of three people in Atlanta.", [("shot", 3)]),
    ("He was convicted in the 2010 shooting of a man.", []),   # neither the year nor a past case
    ("2000 people were jailed.", [("detained", 2000)]),
])
def test_the_shooting_of_people_counts_them_and_a_year_before_it_does_not(sentence, expected):
    from crosswire.extract.counts import extract_counts

    assert [(c.type, c.value) for c in extract_counts(sentence, "en", 0)] == expected


@pytest.mark.parametrize("sentence,expected", [
    ("A 5-year-old boy who was shot in the face at a home has died, a medical examiner said.", [("killed", 1)]),
    ("A woman who was wounded Sunday died Tuesday.", [("killed", 1)]),
    ("A man was shot in the leg and taken to a hospital.", [("shot", 1)]),
])
def test_a_victim_whose_own_clause_says_they_died_is_killed(sentence, expected):
    from crosswire.extract.counts import extract_counts

    assert [(c.type, c.value) for c in extract_counts(sentence, "en", 0)] == expected


def _people_counts(sentence: str) -> list[tuple[str, float]]:
    return [(c.type, c.value) for c in extract_counts(sentence, "en", 0) if c.type in ("killed", "injured", "shot")]


@pytest.mark.parametrize("sentence,expected", [
    ("Two men, 28 and 30, were wounded.", [("injured", 2)]),
    ("Two victims, ages 8 and 15, were wounded.", [("injured", 2)]),
    ("Three teens (16, 17 and 19) were shot.", [("shot", 3)]),
    # negatives: counts, not ages
    ("Police said 4 and 5 people were hurt in two shootings.", [("injured", 4), ("injured", 5)]),
    ("In Chicago, 4 people were hurt.", [("injured", 4)]),
])
def test_ages_listed_after_the_people_are_not_counts(sentence, expected):
    assert _people_counts(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("A man and a boy were wounded in the leg.", [("injured", 2)]),
    ("The toddler, 2, and his grandfather, 35, were shot about 6 p.m.", [("shot", 2)]),
    ("Jane Doe and her son were injured.", [("injured", 2)]),
    ("A man and a woman were killed.", [("killed", 2)]),
    # negatives: the word before "and" is no person
    ("Police and a man were injured.", [("injured", 1)]),
    ("He was shot by Smith and a friend was wounded.", [("injured", 1)]),
    ("On Sunday and a man was hurt.", [("injured", 1)]),
])
def test_two_people_joined_by_and_are_counted_together(sentence, expected):
    assert _people_counts(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Katherine Cooper was shot eight times.", []),
    ("Investigators say Burnette was shot three to four times.", []),
    ("Four people have been charged in the death of a high school student.", [("killed", 1)]),
    ("The man accused of trying to kill 2 law enforcement officers was sentenced.", []),
    ("It capped a violent weekend: police said four people were killed and seven were injured.", []),
    ("Two weeks ago, two students were killed in a crash.", []),
    # negatives: the story's own figures stay
    ("Police said 3 men were killed and the suspect was charged.", [("killed", 3)]),
    ("Three people were shot, two of them fatally.", [("shot", 3), ("killed", 2)]),
    ("Four people were shot this weekend outside a bar.", [("shot", 4)]),
])
def test_times_charges_attempts_and_other_periods_are_not_the_victims(sentence, expected):
    assert _people_counts(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Four men, aged 20 to 27, were shot.", [("shot", 4)]),
    ("Within four hours, five people were dead and one seriously wounded.", [("killed", 5), ("injured", 1)]),
    ("The shooter drove north on Highway 81 where he shot another person.", [("shot", 1)]),
    ("He was convicted of two charges of attempted murder and four counts of battery.", []),
    # negatives
    ("Police said 3 to 4 people were shot.", [("shot", 3), ("shot", 4)]),
    ("Three were seriously hurt.", [("injured", 3)]),
])
def test_age_ranges_adverbs_roads_and_charges(sentence, expected):
    assert _people_counts(sentence) == expected


@pytest.mark.parametrize("sentence,total", [
    ("Police are investigating after four adults and a 3-year-old were shot in Evanston Monday.", ("shot", 5)),
    ("Four women and one man were shot, police said.", ("shot", 5)),
    ("Officials say a 16-year-old and two children were shot late Saturday.", ("shot", 3)),
    ("A shooting in Humboldt Park left a 10-year-old girl and two men wounded.", ("injured", 3)),
    # negatives: different events, or no "and" between them, make no total
    ("A woman was shot in the chest, and three men were also wounded.", None),
    ("Two people were killed and three injured.", None),
    ("Police said 4 people were shot, 2 in the leg.", None),
    ("Police said 4 and 5 people were hurt in two shootings.", None),
])
def test_people_joined_by_and_under_one_event_are_totalled(sentence, total):
    counts = extract_counts(sentence, "en", 0)
    totals = [(c.type, c.value) for c in counts if any(p.part_of is not None and counts[p.part_of] is c for p in counts)]
    assert totals == ([total] if total else [])


@pytest.mark.parametrize("sentence,expected", [
    ("A man was killed and at least six others shot at a residence.", [("killed", 1), ("injured", 6)]),
    ("One man died and four other people were shot.", [("killed", 1), ("injured", 4)]),
    ("Twenty people were shot in 12 separate incidents across the city.", []),
    # negatives: no one killed before the others, or the shot come first
    ("Six people were shot, and two others were killed.", [("shot", 6), ("killed", 2)]),
    ("Two others were shot, police said.", [("shot", 2)]),
    ("Four people were shot in one incident.", [("shot", 4)]),
])
def test_others_shot_after_the_dead_lived_and_tallies_over_incidents_are_background(sentence, expected):
    assert _people_counts(sentence) == expected
