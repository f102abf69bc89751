"""Hand-made story views (the `Crosswire.story_view` JSON shape) modelled on the five Kazakhstan seeds,
built from the records themselves so the shape follows crosswire/records.py."""
from __future__ import annotations

import copy
from dataclasses import asdict

from crosswire.records import Anomaly, Estimate, Fact, FactValue, Mentioned, TimelineEntry

BN, AR, EL, HI, EN = "aca936237831062d", "2cb180e51ac0eade", "c7e41439ee0b4ba1", "bee1e9d3452f0d95", "7df763951282aa40"

S_EL_NEUER = "• 2500 Russian-led troops deployed to back regime"
S_BN_TROOPS = ("প্রাথমিক তথ্য অনুসারে, রাশিয়া, বেলারুশ, আর্মেনিয়া, কিরগিজস্তান এবং তাজিকিস্তান থেকে কাজাখস্তানে "
               "মোতায়েন করা CSTO কন্টিনজেন্টের সংখ্যা হবে 3600 জন সেনা সদস্য।")
S_EL_18 = "Σύμφωνα με τα επίσημα στοιχεία, 18 αστυνομικοί σκοτώθηκαν και εκατοντάδες τραυματίστηκαν."
S_AR_8 = ("وذكرت وسائل الاعلام الكازاخستانية ان ما لا يقل عن ثمانية من ضباط الشرطة والجنود لقوا مصرعهم فى "
          "الاضطرابات ، من بينهم اثنان اثناء تنظيف المطار .")
S_HI_20 = ("ख़बरों के अनुसार, रूसी पैराट्रूपर्स गुरुवार को अल्माटी में हिंसक दंगों को रोकने के लिए पहुंचे, जिसमें "
           "अब तक दर्जनों प्रदर्शनकारी और लगभग 20 कज़ाख सुरक्षाकर्मी मारे गए हैं।")
S_AR_200 = ("وبعد ليلة من الاضطرابات التي اعتقل فيها أكثر من 200 شخص، اقتحم عدة آلاف من المتظاهرين مكتب رئيس "
            "البلدية في ألماتي بعد ظهر الأربعاء ويبدو أنهم سيطروا على المبنى.")
S_REUTERS_2000 = ("More than 2,000 protesters were detained as Russia rushed in paratroopers to stop a countrywide "
                  "uprising in the former Soviet state https://t.co/gHDEvrDRGl pic.twitter.com/uY2UpIG5Uc")
S_EL_JAILED = "• 2000 people jailed"
S_REUTERS_DOZENS = ("Police in the city Almaty said they killed dozens of rioters overnight as fresh violence raged "
                    "in Kazakhstan.")
S_EL_DOZENS = ("Στο Αλμάτι, δεκάδες διαδηλωτές έχουν πέσει νεκροί, τη στιγμή που ο πρόεδρος του Καζακστάν "
               "εξουσιοδότησε τις δυνάμεις ασφαλείας «να πυροβολούν χωρίς προειδοποίηση».")
S_EL_INJURED = "• 1000 people injured, 400 hospitalized"
S_HI_JAN1 = ("1 जनवरी को अल्माटी, नूर सुल्तान और मंगिस्टाऊ प्रांत में विरोध प्रदर्शन शुरू हो गए, जब सरकार ने "
             "तरलीकृत पेट्रोलियम गैस (एलपीजी) पर मूल्य सीमा हटा दी।")
S_BN_JAN2 = ("2 জানুয়ারী, কাজাখস্তানে একটি \"গ্যাস ময়দান\" শুরু হয়েছিল, যার কারণ ছিল যানবাহনের জন্য তরল গ্যাসের দাম "
             "দ্বিগুণ বৃদ্ধি।")
S_BN_AUG5 = ("5 আগস্ট, \"শান্তিপূর্ণ বিক্ষোভকারীরা\" আলমাটির বেশ কয়েকটি প্রশাসনিক ভবন, রাষ্ট্রপতির বাসভবন, সিটি হল এবং "
             "আন্তর্জাতিক বিমানবন্দর দখল করে এবং তারপরে আগুন ধরিয়ে দেয়।")
S_BN_JAN6 = ("6 জানুয়ারী রাতে, আলমাটির কেন্দ্রে (আলমা-আতা) শুটিংয়ের শব্দ শোনা গিয়েছিল এবং ওয়েবে লুটপাট, ভাঙচুর এবং "
             "অন্যান্য গুরুতর লঙ্ঘনের ভয়ঙ্কর ভিডিওগুলি প্রকাশিত হয়েছিল।")
S_EL_THURSDAY = ("συνεχίστηκαν χθες, Πέμπτη, καθώς πυροβολισμοί ακούγονταν στο κέντρο της πόλης, γεγονός το οποίο "
                 "έδειξε ότι υπήρχαν συγκρούσεις.")
S_HI_THURSDAY = S_HI_20
S_EL_ARRIVED = ("Δυνάμεις της Ρωσίας κι άλλων συμμαχικών χωρών της Μόσχας έφτασαν χθες, Πέμπτη, στο Καζακστάν για να "
                "υποστηρίξουν τις αρχές.")
S_HI_WEDNESDAY = ("अर्मेनियाई प्रधानमंत्री और वर्तमान सीएसटीओ अध्यक्ष निकोल पशिनियन ने बुधवार को कहा कि संगठन स्थिति को "
                  "स्थिर करने के लिए कज़ाख़स्तान में शांति सैनिकों को भेजेगा।")
S_AR_JAN19 = ("ومع تصاعد الاحتجاجات ، ذكرت الحكومة ليلة الاربعاء ان حالة الطوارىء المعلنة فى المناطق التى ضربتها "
              "الاحتجاجات سيتم تمديدها فى جميع انحاء البلاد وستسري حتى 19 يناير .")


def _value(value, qualifier, text, obj, article, segment, sentence, language, published, source,
           attribution=None, hedged=False, articles=None):
    return FactValue(value=value, qualifier=qualifier, text=text, object=obj, article=article, segment=segment,
                     sentence=sentence, language=language, outlet=None, published=published,
                     attribution=attribution, hedged=hedged, source=source, articles=articles or [article])


def _said(article, segment, sentence, language, text):
    return Mentioned(article=article, segment=segment, sentence=sentence, language=language, outlet=None, text=text)


def kazakhstan_view() -> dict:
    """A story view of the five seeds with figures, a timeline and an anomaly, as story_view returns it."""
    facts = [
        Fact(type="deployed", group="soldiers", status="conflict",
             explanation="2,500 (Hillel Neuer, 6 Jan) and 3,600 (bn, 7 Jan) are both exact and cannot both be true",
             estimate=Estimate(value=None, qualifier="exact", basis="sources disagree; no figure preferred"),
             values=[
                 _value(2500, "exact", "2500", "Russian-led troops", EL, 2, S_EL_NEUER, "en", "2022-01-06",
                        "Hillel Neuer"),
                 _value(3600, "exact", "3600", "জন সেনা সদস্য", BN, 7, S_BN_TROOPS, "bn", "2022-01-07", BN,
                        attribution="প্রাথমিক তথ্য", hedged=True),
             ]),
        Fact(type="killed", group="security", status="compatible",
             explanation="18 is at least 8 and about 20",
             estimate=Estimate(value=18, qualifier="exact", basis="the official figure (el) fits every other"),
             values=[
                 _value(18, "exact", "18", "αστυνομικοί", EL, 10, S_EL_18, "el", "2022-01-07", EL,
                        attribution="τα επίσημα στοιχεία"),
                 _value(8, "at_least", "ثمانية", "من ضباط الشرطة والجنود", AR, 13, S_AR_8, "ar", "2022-01-07", AR,
                        attribution="وسائل الاعلام الكازاخستانية"),
                 _value(20, "about", "20", "कज़ाख सुरक्षाकर्मी", HI, 1, S_HI_20, "hi", "2022-01-07", HI),
             ],
             parts=[_value(2, "exact", "اثنان", None, AR, 13, S_AR_8, "ar", "2022-01-07", AR)]),
        Fact(type="detained", group="people", status="evolving",
             explanation="more than 200 on Wednesday, more than 2,000 by Friday: the figure grew",
             estimate=Estimate(value=2000, qualifier="more_than", basis="the latest figure (Reuters, 7 Jan)"),
             values=[
                 _value(200, "more_than", "200", "شخص", AR, 11, S_AR_200, "ar", "2022-01-05", AR),
                 _value(2000, "exact", "2000", "people jailed", EL, 2, S_EL_JAILED, "en", "2022-01-06",
                        "Hillel Neuer"),
                 _value(2000, "more_than", "2,000", "protesters", EL, 3, S_REUTERS_2000, "en", "2022-01-07",
                        "Reuters", articles=[EL, HI]),
             ]),
        Fact(type="killed", group="protesters", status="agree",
             explanation="every source says dozens",
             estimate=Estimate(value=None, qualifier="dozens", basis="all sources agree"),
             values=[
                 _value(None, "dozens", "dozens", "rioters", EL, 3, S_REUTERS_DOZENS, "en", "2022-01-07", "Reuters",
                        attribution="Police in the city Almaty", articles=[EL, HI]),
                 _value(None, "dozens", "δεκάδες", "διαδηλωτές", EL, 12, S_EL_DOZENS, "el", "2022-01-07", EL),
                 _value(None, "dozens", "दर्जनों", "प्रदर्शनकारी", HI, 1, S_HI_20, "hi", "2022-01-07", HI),
             ]),
        Fact(type="injured", group="people", status="single",
             explanation="one source",
             estimate=Estimate(value=1000, qualifier="exact", basis="the only figure"),
             values=[_value(1000, "exact", "1000", "people injured", EL, 2, S_EL_INJURED, "en", "2022-01-06",
                            "Hillel Neuer")]),
    ]
    timeline = [
        TimelineEntry(date="2022-01-01", sentence=S_HI_JAN1, language="hi",
                      sources=[_said(HI, 6, S_HI_JAN1, "hi", "1 जनवरी")],
                      disputed=[{"date": "2022-01-02",
                                 "sources": [asdict(_said(BN, 1, S_BN_JAN2, "bn", "2 জানুয়ারী"))]}]),
        TimelineEntry(date="2022-01-05", sentence=S_AR_200, language="ar",
                      sources=[_said(AR, 11, S_AR_200, "ar", "الأربعاء")]),
        TimelineEntry(date="2022-01-05", sentence=S_HI_WEDNESDAY, language="hi",
                      sources=[_said(HI, 4, S_HI_WEDNESDAY, "hi", "बुधवार")]),
        TimelineEntry(date="2022-01-06", sentence=S_BN_JAN6, language="bn",
                      sources=[_said(BN, 0, S_BN_JAN6, "bn", "6 জানুয়ারী"),
                               _said(EL, 8, S_EL_THURSDAY, "el", "χθες, Πέμπτη")]),
        TimelineEntry(date="2022-01-06", sentence=S_HI_THURSDAY, language="hi",
                      sources=[_said(HI, 1, S_HI_THURSDAY, "hi", "गुरुवार"),
                               _said(EL, 7, S_EL_ARRIVED, "el", "χθες, Πέμπτη"),
                               _said(EL, 3, S_REUTERS_2000, "en", "January 7, 2022")]),
        TimelineEntry(date="2022-01-19", sentence=S_AR_JAN19, language="ar",
                      sources=[_said(AR, 17, S_AR_JAN19, "ar", "19 يناير")]),
    ]
    anomalies = [Anomaly(date="2022-08-05", text="5 আগস্ট",
                         reason="2022-08-05 is 210 days after the story's last date 2022-01-07",
                         sources=[_said(BN, 2, S_BN_AUG5, "bn", "5 আগস্ট")])]
    articles = [
        {"id": EN, "language": "en", "outlet": None, "source": "examples/004_680902a36fefff09.txt",
         "title": "Violent protests in Kazakhstan: Moscow calls for normalization of situation through dialogue, "
                  "says Russian Foreign Ministry", "published": "2022-01-05", "published_inferred": True,
         "machine_translated": False, "links": []},
        {"id": AR, "language": "ar", "outlet": None, "source": "examples/001_d44e7053e969806b.txt", "title": None,
         "published": "2022-01-07", "published_inferred": True, "machine_translated": True, "links": []},
        {"id": BN, "language": "bn", "outlet": None, "source": "examples/000_ee5d47df657493e3.txt", "title": None,
         "published": "2022-01-07", "published_inferred": True, "machine_translated": False, "links": []},
        {"id": HI, "language": "hi", "outlet": None, "source": "examples/003_74ee9715f1c109e3.txt", "title": None,
         "published": "2022-01-07", "published_inferred": True, "machine_translated": False, "links": []},
        {"id": EL, "language": "el", "outlet": None, "source": "examples/002_196b897cf606c089.txt", "title": None,
         "published": "2022-01-07", "published_inferred": True, "machine_translated": False, "links": []},
    ]
    return {
        "id": EN,
        "title": articles[0]["title"],
        "articles": articles,
        "languages": ["ar", "bn", "el", "en", "hi"],
        "first_published": "2022-01-05",
        "last_published": "2022-01-07",
        "entities": [{"key": "country:KZ", "name": "Kazakhstan", "type": "country", "forms": [], "lat": None,
                      "lon": None, "articles": [EN, AR, BN, HI, EL]},
                     {"key": "place:1526384", "name": "Almaty", "type": "place", "forms": [], "lat": 43.2525,
                      "lon": 76.9115, "articles": [EN, AR, BN, HI, EL]}],
        "facts": [asdict(f) for f in facts],
        "timeline": [asdict(t) for t in timeline],
        "anomalies": [asdict(a) for a in anomalies],
    }


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(document.cookie)"


def hostile_view() -> dict:
    """The same story with attacker-controlled text in every field a source can fill."""
    view = copy.deepcopy(kazakhstan_view())
    view["title"] = SCRIPT + " | pipe\nnewline [link](javascript:alert(2))"
    view["articles"][0].update(title=SCRIPT, outlet=IMG, source=JS_URL)
    view["articles"][1].update(outlet='"><svg onload=alert(3)>', source="https://evil.example/x.js")
    first = view["facts"][0]["values"][0]
    first.update(source=IMG, outlet=IMG, sentence=SCRIPT + " 2500 | troops", attribution=IMG, object=SCRIPT)
    view["timeline"][0]["sentence"] = SCRIPT
    view["timeline"][0]["sources"][0]["outlet"] = IMG
    view["anomalies"][0]["text"] = IMG
    view["anomalies"][0]["reason"] = SCRIPT
    view["entities"][0]["name"] = IMG
    return view
