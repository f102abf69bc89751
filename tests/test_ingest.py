"""Ingest every format, legacy encodings, bad inputs, and idempotent re-runs, on a real SQLite store."""
from __future__ import annotations

import gzip
import io
import json
import sqlite3

import pytest
from conftest import SEEDS, seed_text

import crosswire
from crosswire.records import content_id

ARABIC = "قال الرئيس الكازاخستاني قاسم جومارت توكاييف إن قوات حفظ السلام ستغادر البلاد قريبا بعد انتهاء المهمة."
GREEK = "Δυνάμεις της Ρωσίας κι άλλων συμμαχικών χωρών της Μόσχας έφτασαν χθες στο Καζακστάν."
RUSSIAN = "Президент Казахстана заявил, что миротворцы ОДКБ покинут страну в ближайшие дни."

HTML_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Protests spread across Kazakhstan | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.com/kz-protests">
<meta property="article:published_time" content="2022-01-06T09:30:00+00:00">
<meta name="author" content="Jane Reporter"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Protests spread across Kazakhstan</h1>
<p>Protests that began over fuel prices in the west of Kazakhstan spread to Almaty on Wednesday, where
demonstrators stormed the mayor's office and set it on fire, according to local media reports.</p>
<p>The government resigned and a state of emergency was declared in several regions, while the
internet was shut down across the country for several hours.</p>
<p>President Kassym-Jomart Tokayev asked the Russian-led Collective Security Treaty Organization for
help, and the alliance said it would send peacekeeping forces for a limited period of time.</p>
</article><footer>Copyright 2022 Example News. All rights reserved.</footer></body></html>"""


def test_plain_text_and_markdown(cw, tmp_path):
    (tmp_path / "a.md").write_text("# Floods in the north\n\nHeavy rain flooded villages in the north on Monday.",
                                   encoding="utf-8")
    report = cw.ingest([tmp_path / "a.md"])
    a = cw.article(report.new[0])
    assert a.title == "Floods in the north" and a.language == "en"
    assert a.sources[0]["format"] == "text" and a.published is None and not a.published_inferred


def test_seeds_ingest_with_ids_from_content_and_inferred_dates(seeded):
    by_lang = {a.language: a for a in seeded.articles()}
    assert len(by_lang) == 5
    for a in by_lang.values():
        path = SEEDS / a.source.split("/")[-1]
        assert a.id == content_id(path.read_text(encoding="utf-8"))
    # Seed 002: its tweets are dated; the latest says when the article was written at the earliest.
    assert by_lang["el"].published == "2022-01-07" and by_lang["el"].published_inferred
    assert by_lang["hi"].published == "2022-01-07" and by_lang["hi"].published_inferred
    assert by_lang["en"].published == "2022-01-05" and by_lang["en"].published_inferred  # dated caption


def test_html_main_text_and_metadata(cw, tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode()))
    report = cw.ingest([tmp_path])
    a = cw.article(report.new[0])
    text = a.text()
    assert "stormed the mayor's office" in text and "Home" not in text and "Sport" not in text
    assert a.title.startswith("Protests spread across Kazakhstan")
    assert a.published.startswith("2022-01-06") and not a.published_inferred
    assert a.outlet == "Example News"
    assert a.sources[0]["url"] == "https://news.example.com/kz-protests"
    assert a.sources[0]["author"] == "Jane Reporter"


def test_jsonl_fields_and_one_bad_line_quarantined(cw, tmp_path):
    lines = [
        json.dumps({"text": GREEK, "title": "Καζακστάν", "url": "https://www.kathimerini.gr/x",
                    "published": "2022-01-07", "source_name": "Kathimerini"}, ensure_ascii=False),
        "{not json",
        json.dumps({"body": ARABIC, "outlet": "Al Example", "date": "Fri, 07 Jan 2022 10:00:00 +0000",
                    "language": "ar"}, ensure_ascii=False),
        json.dumps({"title": "no text here"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = cw.ingest([path])
    assert len(report.new) == 2
    quarantined = {q.source: q.reason for q in cw.quarantined()}
    assert set(quarantined) == {f"{path}#L2", f"{path}#L4"}
    assert "invalid JSON" in quarantined[f"{path}#L2"] and "no text field" in quarantined[f"{path}#L4"]
    greek = cw.article(content_id(GREEK))
    assert greek.source == f"{path}#L1" and greek.outlet == "Kathimerini" and greek.language == "el"
    assert greek.published == "2022-01-07"
    arabic = cw.article(content_id(ARABIC))
    assert arabic.published == "2022-01-07T10:00:00+00:00" and arabic.outlet == "Al Example"


def test_json_array_file(cw, tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"content": RUSSIAN, "outlet": "RIA"}, {"text": GREEK}], ensure_ascii=False),
                    encoding="utf-8")
    report = cw.ingest([path])
    assert len(report.new) == 2
    assert cw.article(content_id(RUSSIAN)).language == "ru"


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World Wire</title>
<language>en</language>
<item><title>Troops arrive in Almaty</title><link>https://wire.example/1</link>
<pubDate>Fri, 07 Jan 2022 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Russian paratroopers arrived in Almaty on Thursday as part of a peacekeeping mission.&lt;/p&gt;
&lt;p&gt;The airport remains closed.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/2</link><description></description></item>
<item><title>Curfew extended</title><link>https://wire.example/3</link>
<description>The curfew in Almaty was extended until January 19, officials said on Friday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Nachrichten</title>
<entry><title>Proteste in Kasachstan</title><link href="https://nachrichten.example/a"/>
<updated>2022-01-06T12:00:00Z</updated>
<content type="html">&lt;p&gt;In Kasachstan sind bei Protesten gegen hohe Gaspreise Dutzende Menschen getötet worden.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_and_atom_one_article_per_item(cw, tmp_path):
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "news.atom").write_text(ATOM, encoding="utf-8")
    report = cw.ingest([tmp_path])
    assert len(report.new) == 3
    arts = {a.title: a for a in cw.articles()}
    troops = arts["Troops arrive in Almaty"]
    assert troops.outlet == "World Wire" and troops.published.startswith("2022-01-07")
    assert troops.sources[0]["url"] == "https://wire.example/1"
    assert "The airport remains closed." in troops.text() and "<p>" not in troops.text()
    assert arts["Proteste in Kasachstan"].language == "de"
    assert arts["Proteste in Kasachstan"].published.startswith("2022-01-06")
    assert [q.source for q in cw.quarantined()] == [f"{tmp_path / 'wire.rss'}#2"]


def _warc_bytes(pages: list[tuple[str, str]], compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


def test_warc_and_warc_gz_html_responses(cw, tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(_warc_bytes([("https://news.example.com/kz", HTML_PAGE)], True))
    other = HTML_PAGE.replace("Protests spread", "Unrest grows").replace("Wednesday", "Thursday")
    (tmp_path / "crawl2.warc").write_bytes(_warc_bytes([("https://news.example.com/kz2", other)], False))
    report = cw.ingest([tmp_path])
    assert len(report.new) == 2 and not report.quarantined
    a = cw.article(report.new[0])
    assert a.sources[0]["format"] == "warc" and "stormed the mayor's office" in a.text()
    assert a.published.startswith("2022-01-06")


@pytest.mark.parametrize("encoding,text,lang", [
    ("windows-1256", ARABIC, "ar"), ("windows-1253", GREEK, "el"), ("koi8-r", RUSSIAN, "ru"),
    ("windows-1251", RUSSIAN, "ru"),
    ("windows-1250", "Protestujący zajęli ratusz w Ałmaty, podała agencja. Zażółć gęślą jaźń.", "pl"),
    ("windows-1254", "Hükümet çarşamba günü protestolara karşı yeni önlemler açıkladı.", "tr"),
    ("gb18030", "政府周三宣布了针对抗议活动的新措施，首都的局势仍然紧张。", "zh"),
    ("shift_jis", "政府は水曜日に抗議活動に対する新たな措置を発表した。", "ja"),
])
def test_legacy_encodings_are_detected(cw, tmp_path, encoding, text, lang):
    body = "\n\n".join([text] * 3)
    (tmp_path / "legacy.txt").write_bytes(body.encode(encoding))
    report = cw.ingest([tmp_path / "legacy.txt"])
    a = cw.article(report.new[0])
    assert a.text() == body and a.language == lang


def test_bad_files_are_quarantined_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(GREEK, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n  ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "big.txt").write_text(RUSSIAN * 100, encoding="utf-8")
    (tmp_path / "only-boilerplate.txt").write_text("Leave a Reply\n\nShare this", encoding="utf-8")
    with crosswire.open(tmp_path / "db.sqlite", max_bytes=4000) as cw:
        report = cw.ingest([tmp_path])
        assert len(report.new) == 1
        reasons = {q.source.split("/")[-1]: q.reason for q in cw.quarantined()}
        assert reasons["empty.txt"] == "empty file" and reasons["blank.md"] == "empty file"
        assert "binary" in reasons["image.txt"]
        assert "gzip" in reasons["broken.txt.gz"]
        assert reasons["big.txt"].startswith("oversized")
        assert "boilerplate" in reasons["only-boilerplate.txt"]


def test_reingest_changes_nothing_and_a_second_source_is_listed(cw, tmp_path):
    cw.ingest([SEEDS])
    before = [(a.id, a.published, len(a.segments)) for a in cw.articles()]
    report = cw.ingest([SEEDS])
    assert report.new == [] and len(report.known) == 5
    assert [(a.id, a.published, len(a.segments)) for a in cw.articles()] == before
    copy = tmp_path / "copy.txt"
    copy.write_text(seed_text("004"), encoding="utf-8")
    report = cw.ingest([copy])
    assert report.new == [] and len(cw.articles()) == 5
    article = cw.article(report.known[0])
    assert [s["source"] for s in article.sources][-1] == str(copy)
    db = sqlite3.connect(cw.path)
    assert db.execute("SELECT count(*) FROM segments_fts").fetchone()[0] == \
        db.execute("SELECT count(*) FROM segments").fetchone()[0]


def test_fixed_file_leaves_quarantine_on_rerun(cw, tmp_path):
    path = tmp_path / "later.txt"
    path.write_bytes(b"")
    cw.ingest([path])
    assert [q.source for q in cw.quarantined()] == [str(path)]
    path.write_text(GREEK, encoding="utf-8")
    cw.ingest([path])
    assert cw.quarantined() == []


def test_globs_and_missing_paths(cw, tmp_path):
    for i in range(3):
        (tmp_path / f"n{i}.txt").write_text(f"{GREEK} {i}", encoding="utf-8")
    assert len(cw.ingest([str(tmp_path / "n[01].txt")]).new) == 2
    with pytest.raises(crosswire.MissingPath):
        cw.ingest([tmp_path / "nope.txt"])


def test_prefix_lookup(seeded):
    a = seeded.articles()[0]
    assert seeded.article(a.id[:6]).id == a.id
    with pytest.raises(crosswire.UnknownId):
        seeded.article("zzzzzzzz")
    with pytest.raises(crosswire.UnknownId):
        seeded.article(a.id[:3])


def test_full_text_search_in_several_scripts(seeded):
    for query, lang in [("Almaty", "en"), ("Αλμάτι", "el"), ("अल्माटी", "hi"), ("ألماتي", "ar"), ("আলমাটির", "bn")]:
        hits = seeded.search(query)
        assert hits and hits[0].language == lang, query


def test_an_archived_page_is_credited_to_its_original_outlet():
    from crosswire.pipeline import outlet_of
    from crosswire.records import Document

    archived = "http://web.archive.org/web/20160110085637/http://usnews.nbcnews.com:80/_news/2013/01/07/x"
    assert outlet_of(Document(source="x", content="", format="jsonl", url=archived)) == "usnews.nbcnews.com"
    assert outlet_of(Document(source="x", content="", format="jsonl", url="https://www.bbc.co.uk/news")) == "bbc.co.uk"


def test_a_document_that_takes_too_long_is_quarantined_and_the_batch_goes_on(cw, tmp_path, monkeypatch):
    import time

    from crosswire import pipeline
    from crosswire.records import Document

    real = pipeline.build_article

    def slow_for_one(doc, **kw):
        if "endless" in doc.content:
            time.sleep(30)
        return real(doc, **kw)

    real(Document(source="warm", content="Rain in the north on Monday.", format="text"))   # models loaded once
    monkeypatch.setattr(pipeline, "build_article", slow_for_one)
    monkeypatch.setattr(pipeline, "BUILD_SECONDS", 1.0)
    (tmp_path / "slow.txt").write_text("An endless page about the flood in the north.", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Heavy rain flooded villages in the north on Monday.", encoding="utf-8")
    started = time.perf_counter()
    report = cw.ingest([tmp_path], workers=1)
    assert time.perf_counter() - started < 20
    assert len(report.new) == 1
    (bad,) = cw.quarantined()
    assert bad.source.endswith("slow.txt") and "took longer than 1 s" in bad.reason


def test_a_huge_article_is_kept_whole_but_mined_only_up_to_the_budget():
    from crosswire.extract import EXTRACT_CHARS, extract
    from crosswire.records import Article, Segment, Sentence

    filler = "The river rose slowly all week. " * (EXTRACT_CHARS // 32 + 10)
    late = "Police said 7 people were killed in Springfield."
    segments = [Segment("body", filler, "en", [Sentence(filler, 0, len(filler))]),
                Segment("body", late, "en", [Sentence(late, 0, len(late))])]
    article = Article(id="x", sources=[], title=None, published=None, published_inferred=False, language="en",
                      machine_translated=False, segments=segments)
    assert extract(article).counts == []
    assert article.segments[1].kind == "body"            # the article itself is unchanged
    early = Article(id="y", sources=[], title=None, published=None, published_inferred=False, language="en",
                    machine_translated=False, segments=segments[1:])
    assert [c.value for c in extract(early).counts] == [7]


def test_a_truncated_warc_keeps_its_whole_records_and_quarantines_the_partial_one(cw, tmp_path):
    other = HTML_PAGE.replace("Kazakhstan", "Kyrgyzstan")
    data = _warc_bytes([("https://news.example.com/1", HTML_PAGE), ("https://news.example.com/2", other)], False)
    (tmp_path / "cut.warc").write_bytes(data[:-200])
    report = cw.ingest([tmp_path / "cut.warc"])
    assert len(report.new) == 1 and "Kazakhstan" in cw.article(report.new[0]).text()
    (bad,) = cw.quarantined()
    assert bad.source == f"{tmp_path / 'cut.warc'}#2" and "truncated WARC record" in bad.reason


def test_a_warc_content_length_that_runs_into_the_next_record_is_reported(cw, tmp_path):
    other = HTML_PAGE.replace("Kazakhstan", "Kyrgyzstan")
    data = _warc_bytes([("https://news.example.com/1", HTML_PAGE), ("https://news.example.com/2", other)], False)
    start = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", start)
    data = data[:start] + str(int(data[start:end]) + 900).encode() + data[end:]
    (tmp_path / "long.warc").write_bytes(data)
    report = cw.ingest([tmp_path / "long.warc"])
    assert report.new == []
    reasons = [q.reason for q in cw.quarantined()]
    assert any("runs into the next record" in r for r in reasons)


ESCAPED_RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Floods &amp;amp; landslides</title><link>https://wire.example/1</link>
<description>&amp;lt;p&amp;gt;Heavy rain flooded twelve villages in the north on Monday, officials said.&amp;lt;/p&amp;gt;&amp;lt;p&amp;gt;Roads were closed.&amp;lt;/p&amp;gt;</description></item>
<item><title>Empty</title><link>https://wire.example/2</link><description>&amp;amp;nbsp;&amp;amp;nbsp;</description></item>
</channel></rss>"""


def test_a_feed_that_escapes_its_html_twice_still_gives_clean_text(cw, tmp_path):
    (tmp_path / "escaped.rss").write_text(ESCAPED_RSS, encoding="utf-8")
    report = cw.ingest([tmp_path / "escaped.rss"])
    (article,) = [cw.article(a) for a in report.new]
    assert article.title == "Floods & landslides"
    assert article.text().startswith("Heavy rain flooded twelve villages") and "<p>" not in article.text()
    assert "&" not in article.text() and "Roads were closed." in article.text()
    assert [q.reason for q in cw.quarantined()] == ["feed item has no text"]


def test_special_files_and_unreadable_folders_in_a_directory_are_reported_not_skipped(cw, tmp_path, monkeypatch):
    import os

    (tmp_path / "ok.txt").write_text("Heavy rain flooded villages in the north on Monday.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Never read.", encoding="utf-8")
    scandir, listdir = os.scandir, os.listdir

    def denied(real):
        def call(path=".", *a):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a)
        return call

    monkeypatch.setattr(os, "scandir", denied(scandir))   # as a non-root user with chmod 000
    monkeypatch.setattr(os, "listdir", denied(listdir))
    report = cw.ingest([tmp_path], workers=1)
    assert len(report.new) == 1
    reasons = {q.source: q.reason for q in cw.quarantined()}
    assert reasons[str(tmp_path / "pipe.txt")].startswith("not a regular file")
    assert reasons[str(locked)] == "unreadable: Permission denied"
