"""Typed counts on the seeds, on sentences in several scripts, and on the hand-labelled fixtures."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crosswire.evaluate import labels
from crosswire.extract.counts import extract_counts
from crosswire.extract.numbers import ascii_digits, find_numbers

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed_line(name: str, contains: str) -> str:
    """The line of a seed article that contains `contains` (read from ../shared, not copied)."""
    return next(line for line in (SEEDS / name).read_text().splitlines() if contains in line)


def typed(text: str, language: str) -> set[tuple]:
    """(value, type) of every count in `text` that is typed, i.e. not `other`."""
    return {(c.value, c.type) for c in extract_counts(text, language) if c.type != "other"}


def one(counts, value=None, *, text=None):
    found = [c for c in counts if (text is None or c.text == text) and (value is None or c.value == value)]
    assert len(found) == 1, [(c.text, c.value, c.type) for c in counts]
    return found[0]


def test_tweet_counts_are_typed_with_what_they_count():
    counts = extract_counts(seed_line("002_196b897cf606c089.txt", "Russian-led troops"), "en")
    troops = one(counts, 2500)
    assert (troops.type, troops.qualifier, troops.object) == ("deployed", "exact", "Russian-led troops")
    injured = extract_counts(seed_line("002_196b897cf606c089.txt", "400 hospitalized"), "en")
    assert {(c.value, c.type) for c in injured} == {(1000, "injured"), (400, "hospitalised")}
    jailed = one(extract_counts(seed_line("002_196b897cf606c089.txt", "people jailed"), "en"), 2000)
    assert jailed.type == "detained"                       # a year-like number that is a count
    dozens = one(extract_counts(seed_line("002_196b897cf606c089.txt", "Dozens killed"), "en"))
    assert (dozens.value, dozens.qualifier, dozens.type) == (None, "dozens", "killed")


def test_reuters_tweet_more_than_two_thousand_detained():
    counts = extract_counts(seed_line("002_196b897cf606c089.txt", "More than 2,000 protesters"), "en")
    c = one(counts, 2000)
    assert (c.type, c.qualifier, c.object) == ("detained", "more_than", "protesters")


def test_greek_police_killed_and_hundreds_injured():
    counts = [c for c in extract_counts(seed_line("002_196b897cf606c089.txt", "18 αστυνομικοί"), "el")
              if "18 αστυνομικοί" in c.sentence]
    killed = one(counts, 18)
    assert (killed.type, killed.qualifier, killed.object) == ("killed", "exact", "αστυνομικοί")
    injured = one(counts, text="εκατοντάδες")
    assert (injured.value, injured.qualifier, injured.type) == (None, "hundreds", "injured")
    flights = one(extract_counts(seed_line("002_196b897cf606c089.txt", "διεθνείς πτήσεις"), "el"), 20)
    assert (flights.type, flights.qualifier) == ("flights", "more_than")


def test_bengali_troops_deployed():
    counts = extract_counts(seed_line("000_ee5d47df657493e3.txt", "3600"), "bn")
    troops = one(counts, 3600)
    assert (troops.type, troops.qualifier) == ("deployed", "exact")


def test_arabic_more_than_200_detained_and_at_least_eight_in_words():
    counts = extract_counts(seed_line("001_d44e7053e969806b.txt", "أكثر من 200"), "ar")
    detained = one(counts, 200)
    assert (detained.type, detained.qualifier) == ("detained", "more_than")
    crowd = one(counts, text="عدة آلاف")
    assert (crowd.qualifier, crowd.type) == ("thousands", "protesters")
    eight = one(extract_counts(seed_line("001_d44e7053e969806b.txt", "ما لا يقل عن ثمانية"), "ar"), 8)
    assert (eight.type, eight.qualifier) == ("killed", "at_least")


def test_hindi_dozens_and_about_twenty_share_one_verb():
    counts = extract_counts(seed_line("003_74ee9715f1c109e3.txt", "लगभग 20"), "hi")
    assert {(c.value, c.qualifier, c.type) for c in counts} == {(None, "dozens", "killed"), (20, "about", "killed")}


def test_burned_cars_shops_and_about_a_hundred_offices():
    counts = extract_counts(seed_line("004_680902a36fefff09.txt", "120 cars"), "en")
    got = [(c.value, c.type, c.qualifier) for c in counts]
    assert got == [(120, "vehicles", "exact"), (33, "vehicles", "exact"), (120, "buildings", "exact"),
                   (180, "buildings", "exact"), (100, "buildings", "about")]
    assert counts[0].object == "cars" and counts[1].object == "police cars"


@pytest.mark.parametrize("text, language, value, ctype", [
    ("সংঘর্ষে ১৮ জন পুলিশ নিহত হয়েছে।", "bn", 18, "killed"),                  # Bengali digits
    ("हिंसा में १२० लोग घायल हुए।", "hi", 120, "injured"),                        # Devanagari digits
    ("اعتقلت الشرطة ٢٥٠ متظاهرا في العاصمة.", "ar", 250, "detained"),            # Arabic-Indic digits
    ("پلیس ۳۰۰ نفر را بازداشت کرد.", "fa", 300, None),                            # Extended Arabic-Indic
    ("दो हज़ार प्रदर्शनकारी सड़कों पर उतरे।", "hi", 2000, "protesters"),
    ("Σκοτώθηκαν δεκαοκτώ άνθρωποι στη σύγκρουση.", "el", 18, "killed"),
    ("В результате столкновений погибли восемнадцать человек.", "ru", 18, "killed"),
    ("Bei den Protesten wurden zweitausendfünfhundert Menschen festgenommen.", "de", 2500, "detained"),
    ("Los disturbios dejaron veintitrés heridos.", "es", 23, "injured"),
    ("Quatre-vingt-dix manifestants ont été interpellés.", "fr", 90, "detained"),
    ("Polis 3 bin 837 kişiyi gözaltına aldı.", "tr", 3837, "detained"),
    ("Pelo menos 12 pessoas morreram nos protestos.", "pt", 12, "killed"),
    ("Під час протестів загинули 18 людей.", "uk", 18, "killed"),
    ("Els disturbis han deixat 12 persones mortes.", "ca", 12, "killed"),   # no lexicon: shared stems
])
def test_digits_and_number_words_in_many_scripts(text, language, value, ctype):
    counts = extract_counts(text, language)
    c = one(counts, value)
    if ctype:
        assert c.type == ctype


@pytest.mark.parametrize("text, language", [
    ("The law was passed in 2020 and amended in 2021.", "en"),
    ("A curfew runs between 23:00 and 7:00 in the morning.", "en"),
    ("The Il-76 landed at Chkalovsky; state TV Khabar-24 showed it.", "en"),
    ("Die Flüge starten wieder ab 15.00 Uhr Ortszeit.", "de"),
    ("Prices rose by 12% over 30 years, and a 62-year-old man spoke at 6.30pm.", "en"),
    ("Call 0800 555111 or visit https://t.co/gHDEvrDRGl or follow @Reuters2022.", "en"),
    ("देश के 30 साल के इतिहास में सबसे खराब विद्रोह।", "hi"),
    ("Protests in Almaty, Kazakhstan, January 5, 2022.", "en"),
    ("She said she had been sleeping in the car for four or five days.", "en"),
    ("警方正在追查一对 20 多岁的夫妇。", "zh"),
    ("Titulares locales (8 a. m.) | Zumbido de la tarde (4 p. m.)", "es"),
    ("Die Aktie notiert derzeit bei 0 € im Handel.", "de"),
    ("The other driver, Wilonja Lusungu, 46, of Salt Lake City was hospitalized.", "en"),
    ("5 yaşındaki oğlu 4 Şubat'ta evde ölü bulundu.", "tr"),
    ("W Łańcucie po godz. 21 wybuchł pożar w budynku.", "pl"),
    ("线路：海鹰队 11⁄2 受伤：球员可能不会上场。", "zh"),
    ("Former NBA Commissioner David Stern died on Wednesday at the age of 77; dead at 77.", "en"),
    ("青贮饲料于周二被泵入另一辆油轮。", "zh"),
])
def test_years_times_codes_and_durations_are_not_counts(text, language):
    assert extract_counts(text, language) == []


@pytest.mark.parametrize("text, language, event_value, incident_value", [
    ("There were 99 traffic deaths and 88 fatal accidents last year.", "en", 99, 88),
    ("Hubo 143 muertes relacionadas con el tránsito y 130 accidentes fatales.", "es", 143, 130),
    ("Погибли 15 человек, горят более 100 лесных пожаров.", "ru", 15, 100),
    ("Bei 12 Unfällen mit Todesfolge starben 14 Menschen.", "de", 14, 12),
])
def test_incidents_are_counted_as_events_not_victims(text, language, event_value, incident_value):
    counts = {c.value: c.type for c in extract_counts(text, language)}
    assert counts[event_value] == "killed" and counts.get(incident_value, "other") == "other"


@pytest.mark.parametrize("text, language, expected", [
    ("El accidente del 3 de julio de 2006 costó la vida a 43 personas y causó 47 heridos.", "es",
     {(43, "killed"), (47, "injured")}),
    ("Sivas'ta horoz dövüştüren 18 kişi suçüstü yakalandı.", "tr", {(18, "detained")}),
    ("Il GOF cattura 16 immigrati clandestini del Myanmar.", "it", {(16, "detained")}),
    ("W nocy zmarły 2 osoby, a policja zatrzymała trzech mężczyzn.", "pl", {(2, "killed"), (3, "detained")}),
    ("中国央行释放约 8,000 亿元人民币的资金。（1 美元 = 6.9617 人民币）", "zh", {(8e11, "money")}),
])
def test_more_event_words_and_rates(text, language, expected):
    assert {(c.value, c.type) for c in extract_counts(text, language)} == expected


def test_compound_nouns_and_lives_are_typed():
    assert {(c.value, c.type) for c in extract_counts("Zwei Schwerverletzte ließen sie zurück.", "de")} == {(2, "injured")}
    assert {(c.value, c.type) for c in extract_counts("Насилие унесло 53 жизни.", "ru")} == {(53, "killed")}


@pytest.mark.parametrize("text, language, value", [
    ("At least two small groups of demonstrators were detained in Hyderabad.", "en", 2),
    ("16 cittadini sono stati detenuti ieri in due località separate.", "it", 2),
    ("Łącznie 395 zachorowań oraz trzy ofiary śmiertelne.", "pl", 395),
])
def test_groups_places_and_cases_are_not_victims(text, language, value):
    counts = {c.value: c.type for c in extract_counts(text, language)}
    assert counts.get(value, "other") == "other"


@pytest.mark.parametrize("text, language, expected", [
    ("2 officers injured when Buffalo police SUV rolls over", "en", {(2, "injured")}),
    ("Police said 2 men were hospitalized and 27 European countries sent help.", "en", {(2, "hospitalised")}),
    ("Die 30 Schüler wurden evakuiert.", "de", {(30, "evacuated")}),
    ("Ewakuowano 200 mieszkańców.", "pl", {(200, "evacuated")}),
    ("Yakın zamanda 20 suç kaydına sahip olduğu belirlendi.", "tr", set()),
    ("RELATED: Micah Downey, of Channel 7’s Bride and Prejudice, has died suddenly", "en", set()),
    ("Honduras registra oficialmente 12.759 enfermos y 363 muertos.", "es", {(363, "killed")}),
    ("Im gleichen Zeitraum verstarben insgesamt 82.303 Personen.", "de", {(82303, "killed")}),
    ("In total 35 fire tenders are on the spot.", "en", {(35, "vehicles")}),
    ("Eine Person im Taxi wurde verletzt, ein Mann kaufte ein Auto.", "de", {(1, "injured")}),
    ("Three victims were shot; a shooting sent two people to the hospital.", "en",
     {(3, "shot"), (2, "hospitalised")}),
    ("Pięć osób podtrutych czadem, z budynku ewakuowaliśmy 25 osób.", "pl", {(5, "injured"), (25, "evacuated")}),
    ("Durante la operación, la policía detuvo a 87 personas.", "es", {(87, "detained")}),
    ("巴达冈地区又有一些抗议者被捕，之后的逮捕总数达到73人。每份 25,000 卢比的债券。", "zh",
     {(73, "detained"), (25000, "money")}),
])
def test_people_words_are_not_buildings_money_or_deaths(text, language, expected):
    assert typed(text, language) == expected


def test_citizens_are_people_not_cities():
    counts = extract_counts("Ενδέχεται εκατοντάδες πολίτες να έχουν χάσει τη ζωή τους.", "el")
    assert [(c.qualifier, c.type) for c in counts] == [("hundreds", "killed")]


def test_infections_in_a_disease_story_are_not_injuries():
    arabic = extract_counts("سجلت كوريا الجنوبية 4 إصابات جديدة بفيروس كورونا ووفاة واحدة.", "ar")
    assert "injured" not in {c.type for c in arabic} and {c.type for c in arabic if c.value == 1} == {"killed"}
    english = extract_counts("The shooting left 3 people injured, police said.", "en")
    assert {(c.value, c.type) for c in english} == {(3, "injured")}


def test_numbers_in_every_separator_style():
    values = [s.value for s in find_numbers("2,000 and 1,00,000 and ۱۲۳ and 2'000 and 1.5 million", "en")]
    assert values == [2000, 100000, 123, 2000, 1.5e6]
    assert [s.value for s in find_numbers("2.000 Menschen, 1,5 Millionen Euro", "de")] == [2000, 1.5e6]
    assert [s.value for s in find_numbers("1 500 personnes et ٢٬٥٠٠", "fr")] == [1500, 2500]
    assert [s.value for s in find_numbers("5 लाख और २ करोड़", "hi")] == [5e5, 2e7]
    assert [s.value for s in find_numbers("un total de 28 mil 645 personas", "es")] == [28645]
    assert [s.value for s in find_numbers("释放约 8,000 亿元人民币（1,149.1 亿美元）", "zh")] == [8e11, 1.1491e11]
    assert ascii_digits("৩৬০০ জন") == "3600 জন"


@pytest.mark.parametrize("text, language, expected", [
    ("Zginęło w niej dziewięć osób: trzy kobiety i sześcioro dzieci.", "pl",
     {(9, "killed"), (3, "killed"), (6, "killed")}),
    ("Nine people were killed, including four children and two women.", "en",
     {(9, "killed"), (4, "killed"), (2, "killed")}),
    ("Vingt personnes sont mortes (quinze femmes et cinq enfants) lundi.", "fr",
     {(20, "killed"), (15, "killed"), (5, "killed")}),
    ("Cinque uomini, due donne e la ragazza sono stati arrestati.", "it", {(5, "detained"), (2, "detained")}),
    ("Sieben Männer, drei Frauen und zwei Kinder wurden am Abend evakuiert.", "de",
     {(7, "evacuated"), (3, "evacuated"), (2, "evacuated")}),
])
def test_people_listed_together_share_their_event(text, language, expected):
    assert {(c.value, c.type) for c in extract_counts(text, language)} == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Przyjęto 392 pacjentów do szpitali, a 477 osób mogło zostać wypisanych.", "pl", (477, "other")),
    ("De los infectados, 276 se han curado y 107 han fallecido.", "es", (276, "other")),
    ("Çin'de 8.098 kişiden 774'ü ölmüştü.", "tr", (8098, "other")),
])
def test_a_count_with_its_own_verb_does_not_take_the_next_event(text, language, expected):
    value, ctype = expected
    assert {c.value: c.type for c in extract_counts(text, language)}.get(value, "other") == ctype


def test_verb_final_clauses_and_articles_that_look_like_one():
    counts = extract_counts("Mindestens 16 Menschen sind am Samstag bei einer Schlägerei in einem Gefängnis in "
                            "Mexiko getötet und fünf weitere verletzt worden.", "de")
    assert {(c.value, c.type) for c in counts} == {(16, "killed"), (5, "injured")}


@pytest.mark.parametrize("text, language, expected", [
    ("Der Umsatz fiel auf 363 Milliarden Yen (3,1 Mrd Euro).", "de", {(363e9, "money"), (3.1e9, "money")}),
    ("Prices will rise as much as 75 cents per gallon; $3-a-gallon gasoline is gone.", "en",
     {(75, "money"), (3, "money")}),
    ("Un crédito desde 60,001 soles hasta 90,000 soles.", "es", {(60001, "money"), (90000, "money")}),
    ("Officials describe him as 5 feet tall and 120 pounds.", "en", set()),
    ("He was fined 500 pounds by the court.", "en", {(500, "money")}),
    ("Harry Potter y las Reliquias de la Muerte: Parte 2 ya está disponible.", "es", set()),
    ("Maltepe'de yaklaşık 200 polisin katıldığı denetim yapıldı.", "tr", {(200, "deployed")}),
    ("Madrid habilitará más de 40 hoteles para atender a los pacientes.", "es", {(40, "buildings")}),
])
def test_currencies_weights_labels_police_and_hotels(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("– 21: Stanley Donen, the director, died on a Thursday.", "en", set()),
    ("Andre Previn, winner of 10 Grammys and four Oscars, died aged 89.", "en", set()),
    ("Italien: 65 Corona-Todesopfer in 24 Stunden", "de", {(65, "killed")}),
    ("In den USA gibt es 1,9 Millionen Corona-Infektionen und mehr als 108 000 Todesfälle.", "de",
     {(108000, "killed")}),
    ("Sevilla registra dos fallecidos y ya hay 245 contagiados.", "es", {(2, "killed")}),
    ("Zmarło 2212 osób, ponad 48 tys. wyzdrowiało.", "pl", {(2212, "killed")}),
    ("Yanında 6 bin Euro'luk para bulundu.", "tr", {(6000, "money")}),
    ("Evde 55 adet av fişeği ve 1 adet 22 kalibrelik tüfek bulunarak zanlı tutuklandı.", "tr", set()),
    ("وبلغ عدد الذين أدخلوا إلى المستشفيات نحو 21 ألفاً.", "ar", {(21000, "hospitalised")}),
])
def test_labels_obituaries_compounds_and_units(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Dieser Fonds wird mit einem Betrag von CHF 20 Mio. aufgestockt.", "de", {(20e6, "money")}),
    ("Häuser werden in Italien für einen Euro verkauft: es gibt noch 1-Euro-Häuser.", "de",
     {(1, "money")}),
    ("Der Käufer muss 2.000 bis 5.000 Euro Kaution hinterlegen.", "de", {(2000, "money"), (5000, "money")}),
    ("Das Parlament will eine Reform impulsar una ley.", "es", set()),
    ("The plan was to raise $1,250 before Moore turned 100.", "en", {(1250, "money")}),
    ("The last 1.42 million vaccines would be dispatched to clinics.", "en", set()),
    ("Kullandığı 20 YS 603 plakalı otomobil ekip aracına çarptı.", "tr", set()),
    ("W mieszkaniu znaleziono ciała dwóch chłopców.", "pl", {(2, "killed")}),
])
def test_currency_codes_prices_plates_and_bodies(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("One of the suspects was arrested, another one escaped.", "en", set()),
    ("Zastosował wobec jednego z zatrzymanych areszt.", "pl", set()),
    ("También existe un peso importante del factor herencia.", "es", set()),
    ("Here are quotes about change in your lives from 17 historic figures.", "en", set()),
    ("Watched three people risk their lives on Sunday.", "en", set()),
    ("Насилие унесло 53 жизни.", "ru", {(53, "killed")}),
    ("Road accidents have claimed the lives of nine Kenyans.", "en", {(9, "killed")}),
    ("Im Bundesstaat Borno massakrierte die Terrorgruppe 59 Dörfler.", "de", {(59, "killed")}),
    ("An der Bahnhofstraße gerieten zwei Motorräder in Brand.", "de", {(2, "vehicles")}),
    ("Zehntausende Betten fehlen in den Krankenhäusern.", "de", set()),
    ("Rund 100 Soldaten waren an die Botschaft in Bagdad verlegt worden.", "de", {(100, "deployed")}),
])
def test_pronoun_one_weak_cues_and_more_event_words(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Apology to Rapp, who accused Spacey of an advance in his New York apartment, when Spacey was 26 and Rapp was 14.",
     "en", set()),
    ("Seit dem Jahr 2000 sind dort 50 Priester gestorben.", "de", {(50, "killed")}),
    ("Der Dollar kostete damit 0,8934 (0,8902) Euro.", "de", {(0.8934, "money"), (0.8902, "money")}),
    ("Currently 700 of the group's 760 planes are parked.", "en", {(700, "vehicles"), (760, "vehicles")}),
    ("Newsom redeployed 360 National Guard troops from the border.", "en", {(360, "deployed")}),
])
def test_head_nouns_years_asides_and_partitives(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Business Insider asked eight flight attendants about annoying passengers.", "en", set()),
    ("Among the priorities for the new three school years are these.", "en", set()),
    ("Lions linebacker Jones had surgery to repair a shoulder injury that cost him the final three games.",
     "en", set()),
    ("Under article 6a of Ordinance 2 of March 16, 2020, shareholders may not attend.", "en", set()),
    ("Obwohl er Hunderte von Millionen US-Dollar seines Vermögens ausgab, verlor er.", "de", set()),
    ("وبعد ليلة من الاضطرابات التي اعتقل فيها أكثر من 200 شخص", "ar", {(200, "detained")}),
])
def test_distant_event_words_months_and_bare_millions(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Two United States service members have been killed in a helicopter crash.", "en", {(2, "killed")}),
    ("At least 106 protesters in 21 cities have been killed, according to Amnesty.", "en", {(106, "killed")}),
    ("Nearly 150 Indians returned home broke on Wednesday after being deported.", "en", set()),
    ("Nearly 300 school districts closed because of the rally.", "en", set()),
    ("The shift, the one on which Epstein was found dead, was understaffed.", "en", set()),
    ("Lawmakers would act after lower scores on the state's new exam.", "en", set()),
])
def test_phrases_in_prepositions_verbs_and_pronouns(text, language, expected):
    assert typed(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Student loan obligations total $1.5 trillion.", "en", {(1.5e12, "money")}),
    ("Der Umsatz sank auf 1,75 Billionen Yen.", "de", {(1.75e12, "money")}),
    ("You will save $250 compared to an Apple Watch Series 5.", "en", {(250, "money")}),
    ("The final four spots will come down to next March's playoffs.", "en", set()),
    ("Das Partnernetzwerk umfasst 16 Kliniken und Betreibergesellschaften.", "de", set()),
    ("12 Menschen wurden in Kliniken gebracht.", "de", {(12, "hospitalised")}),
])
def test_trillions_series_months_and_clinics(text, language, expected):
    assert typed(text, language) == expected


def _fixture_lines() -> list[dict]:
    return labels.load(FIXTURES / "counts.jsonl", SHARED)


def _key(value, ctype, qualifier):
    return (ctype, None, qualifier) if value is None else (ctype, round(float(value), 4), None)


def test_hand_labelled_typed_counts_meet_the_bar():
    """Typed counts (not `other`) on all labelled sentences (blind sets included, now used): a
    regression guard a little under today's 0.90 / 0.71 (BENCHMARKS.md has the honest figures)."""
    tp = predicted = gold = 0
    languages = set()
    for item in _fixture_lines():
        labels = Counter(_key(c["value"], c["type"], c["qualifier"]) for c in item["counts"] if c["type"] != "other")
        ours = [_key(c.value, c.type, c.qualifier) for c in extract_counts(item["text"], item["language"])
                if c.type != "other"]
        predicted += len(ours)
        gold += sum(labels.values())
        for k in ours:
            if labels[k] > 0:
                labels[k] -= 1
                tp += 1
        languages.add(item["language"])
    assert len(languages) >= 6 and gold >= 150
    assert tp / predicted >= 0.88 and tp / gold >= 0.68, (tp, predicted, gold)


# A number's own verb wins over an event word of the clause before "and"; an "including" aside
# neither parts a number from its verb nor lends it its own.
@pytest.mark.parametrize("text, language, expected", [
    ("A man was killed and four other people, including a 13-year-old boy, were seriously wounded.", "en",
     {(1, "killed"), (4, "injured"), (1, "injured")}),
    ("Ein Mann wurde getötet und vier weitere Menschen, darunter ein Kind, wurden verletzt.", "de",
     {(1, "killed"), (4, "injured"), (1, "injured")}),
    ("Un hombre murió y cuatro personas, entre ellos un niño, resultaron heridas.", "es",
     {(1, "killed"), (4, "injured")}),
    ("Eight people, including the 2 who died, were shot.", "en", {(8, "shot"), (2, "killed")}),
    # the two boys joined by "and" are one count of two (a part of the four)
    ("Police say four people, including an 11-year-old boy and a 13-year-old boy, were wounded Friday.", "en",
     {(4, "injured"), (2, "injured")}),
    ("Acht Menschen, darunter zwei Kinder und ein älterer Mann aus der Nachbarschaft, wurden verletzt.", "de",
     {(8, "injured"), (2, "injured")}),
    # negative: a list still shares its verb, and a killed verb right before its object types it
    # and their total, a count written without its number
    ("The attack killed two soldiers and three civilians.", "en", {(2, "killed"), (3, "killed"), (5, "killed")}),
    ("He shot and killed his two sons.", "en", {(2, "killed")}),
    ("Five people were killed and 20 others were wounded.", "en", {(5, "killed"), (20, "injured")}),
])
def test_own_clause_verb_and_including_asides(text, language, expected):
    assert typed(text, language) == expected


# "N people were shot, M (of them) fatally": M killed, not linked as a part (the story's killed
# figure would lose it); the shot who did not die are the injured.
@pytest.mark.parametrize("text, language, expected", [
    ("Four people were shot, one fatally.", "en", {(4, "shot"), (1, "killed")}),
    ("Six people were shot, two of them fatally, police said.", "en", {(6, "shot"), (2, "killed")}),
    ("Seis personas resultaron heridas, dos de ellas mortalmente.", "es", {(6, "injured"), (2, "killed")}),
    ("Vier Menschen wurden verletzt, zwei davon tödlich.", "de", {(4, "injured"), (2, "killed")}),
    # negative: no fatal adverb, or no shot/injured count before
    ("Four people were shot, one in the leg.", "en", {(4, "shot")}),
    ("Two of them fatally.", "en", set()),
])
def test_fatal_part_of_those_shot(text, language, expected):
    assert typed(text, language) == expected
    assert all(c.part_of is None for c in extract_counts(text, language) if c.type == "killed")


# A sentence-initial person noun without a determiner (a headline) and an age noun imply one.
@pytest.mark.parametrize("text, language, expected", [
    ("Man killed, 4 wounded in West Englewood shooting", "en", {(1, "killed"), (4, "injured")}),
    ("Mann getötet, vier Verletzte bei Schießerei", "de", {(1, "killed"), (4, "injured")}),
    ("Teen shot in the leg on South Side", "en", {(1, "shot")}),
    ("A 7-year-old was fatally shot Sunday.", "en", {(1, "killed")}),
    ("A 17-year-old was wounded.", "en", {(1, "injured")}),
    # negative: no event after the noun, or an active verb of the person
    ("Man charged with killing son", "en", set()),
    ("Woman says she heard shots", "en", set()),
    ("The 7-year-old girl's mother said she was fine.", "en", set()),
])
def test_headline_person_and_age_nouns(text, language, expected):
    assert typed(text, language) == expected


# A sentence about another time gives casualties of another event: typed `other`, out of the
# story's figures; tallies and the story's own day stay typed.
@pytest.mark.parametrize("text, language, expected", [
    ("Last year, four men were wounded in a shooting on the same block.", "en", set()),
    ("The man was suspected of killing four people the previous day.", "en", set()),
    ("Im vergangenen Jahr wurden vier Menschen verletzt.", "de", set()),
    ("La semana pasada, cuatro personas murieron en el mismo lugar.", "es", set()),
    # negative: the story's own day, a tally
    ("Four people were wounded Tuesday.", "en", {(4, "injured")}),
    ("Vier Menschen wurden am Dienstag verletzt.", "de", {(4, "injured")}),
    ("More than 2,500 Afghan civilians have been killed in the fighting so far this year.", "en", {(2500, "killed")}),
])
def test_counts_of_another_time_are_not_typed(text, language, expected):
    assert typed(text, language) == expected


# "the man, 28, later died": an age after a person noun; "the 16800 block of": an address.
@pytest.mark.parametrize("text, language, expected", [
    ("The man, 28, later died at a hospital.", "en", {(1, "killed")}),
    ("A third man, 21, was taken to a hospital with serious injuries.", "en", set()),
    ("Aniaya Montgomery was killed in the 16800 block of Riverview.", "en", set()),
    # negative: a count set off by commas after a noun that is no person
    ("In the attack, 28, including children, were killed.", "en", {(28, "killed")}),
])
def test_ages_after_person_nouns_and_block_numbers(text, language, expected):
    assert typed(text, language) == expected
