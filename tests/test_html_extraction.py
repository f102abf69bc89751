"""HTML main text and metadata (crosswire.ingest.html) and the extraction metric
(crosswire.evaluate.extraction), on real benchmark pages and hand-made multilingual pages."""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from crosswire.evaluate.extraction import benchmark_pages, evaluate, page_scores, score
from crosswire.ingest.html import decode_html, extract_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCHMARK = SHARED / "benchmarks" / "article-extraction"
SEED_TWEETS = SHARED / "corpus" / "seeds" / "002_196b897cf606c089.txt"

ARABIC = ("قال تحالف عسكري بقيادة روسيا إنه سيرسل قوات حفظ سلام إلى كازاخستان، ملقيا باللوم على "
          "الاحتجاجات الجماهيرية التي أغرقت البلاد في حالة من الفوضى.")
ARABIC_2 = "وقال الرئيس قاسم جومارت توكاييف إنه طلب المساعدة من منظمة معاهدة الأمن الجماعي."
GREEK = ("Βίαιες διαδηλώσεις στο Καζακστάν: η Μόσχα ζητά ομαλοποίηση της κατάστασης μέσω "
         "διαλόγου, σύμφωνα με το ρωσικό υπουργείο Εξωτερικών.")
GREEK_2 = "Οι διαδηλωτές κατέλαβαν το διεθνές αεροδρόμιο της Αλμάτι και κατέστρεψαν τον τερματικό σταθμό."
RUSSIAN = ("Полиция Алматы заявила, что ночью были убиты десятки участников беспорядков, а более "
           "двух тысяч протестующих задержаны.")
RUSSIAN_2 = "Россия направила в страну десантников по просьбе президента Токаева."


def page(body: str, head: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<!doctype html><html{lang_attr}><head>{head}<title>Unrest in Kazakhstan</title></head>"
            "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article>{body}</article><footer>© 2022 Example Media</footer></body></html>")


def benchmark_page(prefix: str) -> tuple[bytes, str | None, str]:
    for page_id, html, url, truth in benchmark_pages(BENCHMARK):
        if page_id.startswith(prefix):
            return html, url, truth
    raise LookupError(prefix)


def f1(truth: str, predicted: str) -> float:
    precision, recall = page_scores(truth, predicted)
    return 2 * precision * recall / (precision + recall) if precision and recall else 0.0


# --- real pages ----------------------------------------------------------------------------------

def test_benchmark_page_keeps_embedded_tweets_in_order():
    """nj.com quotes five tweets inside wrappers plain trafilatura throws away."""
    html, url, truth = benchmark_page("3f65af7b")
    text = extract_page(html, url=url).text
    assert f1(truth, text) > 0.95
    tweet = "Yes this is real and yes the state spent nearly half a million dollars on it"
    assert tweet in text
    assert "— Dianna E. Anderson" in text
    assert text.index(tweet) < text.index("So many people were talking about")


def test_benchmark_article_split_over_sibling_containers_is_stitched():
    """wired.com splits the body over several identical containers between ad rails."""
    html, url, truth = benchmark_page("d48aeb9c")
    text = extract_page(html, url=url).text
    assert page_scores(truth, text)[1] > 0.9
    assert text.index("I learned that over a dozen people") > text.index("Instagram")


@pytest.mark.parametrize("prefix", ["0ec95c72", "3c6d3381", "20b2b649", "05844573"])
def test_benchmark_pages_in_several_languages(prefix):
    """Korean, Russian, Italian and English pages: close to the hand-made truth, headline not
    repeated as the first paragraph, blank lines between paragraphs."""
    html, url, truth = benchmark_page(prefix)
    extracted = extract_page(html, url=url)
    assert f1(truth, extracted.text) > 0.9
    assert extracted.title and not extracted.text.startswith(extracted.title)
    assert "\n\n" in extracted.text


# --- encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("codec, declaration, lang, paragraphs", [
    ("windows-1256", '<meta charset="windows-1256">', "ar", (ARABIC, ARABIC_2)),
    ("windows-1253", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1253">',
     "el", (GREEK, GREEK_2)),
    ("koi8-r", '<meta charset="KOI8-R">', "ru", (RUSSIAN, RUSSIAN_2)),
])
def test_legacy_encodings_decode_right(codec, declaration, lang, paragraphs):
    html = page("".join(f"<p>{p}</p>" for p in paragraphs), head=declaration, lang=lang)
    raw = html.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    extracted = extract_page(raw)
    assert extracted.text == "\n\n".join(paragraphs)
    assert extracted.language == lang


def test_undeclared_koi8r_is_detected():
    html = page("".join(f"<p>{p}</p>" for p in (RUSSIAN, RUSSIAN_2) * 2))
    assert decode_html(html.encode("koi8-r")) == html


def test_utf8_page_misdeclared_as_legacy_stays_utf8():
    html = page(f"<p>{ARABIC}</p>", head='<meta charset="windows-1256">')
    assert decode_html(html.encode("utf-8")) == html


def test_gzipped_input_is_the_callers_job():
    html, url, truth = benchmark_page("3f65af7b")
    with pytest.raises(ValueError, match="gunzip"):
        extract_page(gzip.compress(html), url=url)


# --- metadata ------------------------------------------------------------------------------------

def test_metadata_from_meta_tags():
    head = ('<meta property="og:title" content="Russian-led troops arrive in Kazakhstan">'
            '<meta property="og:site_name" content="Crosswire Daily">'
            '<link rel="canonical" href="https://daily.example.org/world/kz-troops">'
            '<meta property="article:published_time" content="2022-01-07T08:15:00+06:00">'
            '<meta name="author" content="Aigerim Sarsenova">')
    extracted = extract_page(page(f"<p>{RUSSIAN}</p><p>{RUSSIAN_2}</p>", head=head, lang="ru-KZ"),
                             url="https://daily.example.org/amp/kz-troops?utm=1")
    assert extracted.title == "Russian-led troops arrive in Kazakhstan"
    assert extracted.site_name == "Crosswire Daily"
    assert extracted.url == "https://daily.example.org/world/kz-troops"
    assert extracted.published == "2022-01-07T08:15:00+06:00"
    assert extracted.author == "Aigerim Sarsenova"
    assert extracted.language == "ru"


def test_metadata_from_json_ld_graph():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Αθηναϊκά Νέα", "dateModified": "2023-05-05"},
        {"@type": "NewsArticle", "headline": "Διαδηλώσεις στο Καζακστάν",
         "datePublished": "2022-01-05T19:40:00Z", "inLanguage": "el-GR",
         "author": {"@type": "Person", "name": "Νίκος Παπαδόπουλος"},
         "publisher": {"@type": "Organization", "name": "Αθηναϊκά Νέα"}}]}
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    extracted = extract_page(page(f"<p>{GREEK}</p><p>{GREEK_2}</p>", head=head))
    assert extracted.published == "2022-01-05T19:40:00+00:00"
    assert extracted.title == "Διαδηλώσεις στο Καζακστάν"
    assert extracted.author == "Νίκος Παπαδόπουλος"
    assert extracted.site_name == "Αθηναϊκά Νέα"
    assert extracted.language == "el"


def test_page_dated_only_today_has_no_publication_date():
    """Relative dates, the URL and the clock never become a publication date."""
    head = '<meta name="date" content="today"><meta property="article:published_time" content="">'
    body = (f"<p>Published today, {date.today():%B %d}.</p><p>Updated 2 hours ago</p>"
            f"<p>{RUSSIAN}</p><p>{RUSSIAN_2}</p>")
    extracted = extract_page(page(body, head=head), url="https://example.org/2022/01/07/kz.html")
    assert extracted.published is None
    assert RUSSIAN in extracted.text


def test_benchmark_page_date_comes_from_its_metadata():
    html, url, _ = benchmark_page("042bb7b5")
    assert extract_page(html, url=url).published == "2019-11-19T13:03:00+00:00"


# --- embedded posts ------------------------------------------------------------------------------

@pytest.mark.parametrize("caption", ["", "<figcaption>The tweet that went viral</figcaption>"])
def test_embedded_tweet_blockquote_survives_as_its_own_block(caption):
    """Tweets sit in embed wrappers and figures that extraction drops, with or without a caption."""
    tweet, attribution = SEED_TWEETS.read_text(encoding="utf-8").split("\n")[0].split(" — ", 1)
    tweet = tweet.removeprefix(" date 2022-01 ")
    author = attribution.split(" (@")[0]
    body = (f"<p>{ARABIC}</p>"
            '<figure class="wp-block-embed is-provider-twitter"><div class="embed-wrapper">'
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{tweet}</p>&mdash; {author} '
            '(@ASBMilitary) <a href="https://twitter.com/ASBMilitary/status/1">January 7, 2022</a>'
            "</blockquote><script>window.twttr = (function (d) { return d; }(document));</script>"
            f"</div>{caption}</figure><p>{ARABIC_2}</p>")
    blocks = extract_page(page(body, lang="ar")).text.split("\n\n")
    assert blocks == [ARABIC, f"{tweet}\n— {author} (@ASBMilitary) January 7, 2022", ARABIC_2]


def test_fragment_and_empty_input():
    assert extract_page(f"<p>{GREEK}</p>").text == GREEK
    assert extract_page("").text == ""
    assert extract_page(b"").text == ""


# --- the metric ----------------------------------------------------------------------------------

def test_metric_on_hand_made_pages(tmp_path):
    truths = {
        "a": "a b c d e",                 # shingles abcd, bcde
        "b": "one two three",             # shorter than 4 tokens: one shingle
        "c": "",                          # empty truth: out of the recall average
        "d": "The Cat sat down",          # tokens keep their case
        "e": "x y z w x y z w",           # xyzw counted twice in the multiset
    }
    predictions = {"a": "a b c d x", "b": "", "c": "foo bar baz qux",
                   "d": "the cat sat down", "e": "x y z w"}
    (tmp_path / "html").mkdir()
    for page_id in truths:
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(page_id.encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps(
        {k: {"articleBody": v, "url": f"https://example.org/{k}"} for k, v in truths.items()}))

    result = evaluate(tmp_path, extract=lambda html, url: predictions[html.decode()])
    # precision over a, c, d, e (b predicted nothing): 1/2, 0, 0, 1
    # recall over a, b, d, e (c has no truth): 1/2, 0, 0, 1/5
    assert result["pages"] == 5
    assert result["precision"] == pytest.approx(1.5 / 4)
    assert result["recall"] == pytest.approx(0.7 / 4)
    assert result["f1"] == pytest.approx(2 * 0.375 * 0.175 / (0.375 + 0.175))
    assert score([("same text here now", "same text here now")])["f1"] == 1.0


def test_evaluate_runs_our_extractor_by_default(tmp_path):
    paragraphs = (GREEK, GREEK_2, ARABIC)
    (tmp_path / "html").mkdir()
    html = page("<h1>Unrest in Kazakhstan</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs))
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    (tmp_path / "ground-truth.json").write_text(json.dumps(
        {"p1": {"articleBody": "\n\n".join(paragraphs), "url": None}}))
    assert evaluate(tmp_path) == {"pages": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0}
