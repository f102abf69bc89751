"""Readers stream: memory stays bounded by the per-document limit, not by the size of a file."""
from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_ingest import GREEK, HTML_PAGE, RUSSIAN, _warc_bytes

import crosswire
from crosswire.ingest import read_path
from crosswire.records import Document, Quarantined


def _line(i: int) -> str:
    return json.dumps({"text": f"Report {i}: {GREEK}", "title": f"Item {i}"}, ensure_ascii=False)


@contextmanager
def _peak_memory():
    """tracemalloc's peak (bytes) over the block, read after it: peak["bytes"]."""
    peak = {}
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak["bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def test_jsonl_gz_limit_is_per_record_not_per_file(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(_line(i) for i in range(100)).encode()))
    assert len(gzip.decompress(path.read_bytes())) > 5 * 2000
    items = list(read_path(path, max_bytes=2000))
    assert all(isinstance(d, Document) for d in items), items[:1]
    assert [d.source for d in items] == [f"{path}#L{n}" for n in range(1, 101)]


def test_gzip_bomb_of_one_text_is_refused_after_reading_just_past_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b" " * (20 * 1024 * 1024)))
    list(read_path(path, max_bytes=1024 * 1024))  # warm up lazy imports outside the measure
    with _peak_memory() as peak:
        items = list(read_path(path, max_bytes=1024 * 1024))
    assert len(items) == 1 and isinstance(items[0], Quarantined)
    assert items[0].reason.startswith("oversized")
    assert peak["bytes"] < 4 * 1024 * 1024


def test_large_jsonl_streams_in_order_with_line_sources(tmp_path):
    path = tmp_path / "big.jsonl"
    count = 50_000
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            f.write(_line(i) + "\n")
    size = path.stat().st_size
    (tmp_path / "warm.jsonl").write_text(_line(0), encoding="utf-8")
    list(read_path(tmp_path / "warm.jsonl"))  # lazy imports outside the measure
    seen = 0
    with _peak_memory() as peak:
        for n, item in enumerate(read_path(path, max_bytes=4096), 1):
            assert isinstance(item, Document) and item.source == f"{path}#L{n}"
            assert item.title == f"Item {n - 1}"
            seen = n
    assert seen == count
    assert peak["bytes"] < size / 10, (peak["bytes"], size)


def test_overlong_line_is_quarantined_by_number_and_the_next_lines_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    long_line = json.dumps({"text": RUSSIAN * 200}, ensure_ascii=False)
    path.write_text("\n".join([_line(1), long_line, _line(3), "", _line(5)]), encoding="utf-8")
    items = list(read_path(path, max_bytes=2000))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Document", f"{path}#L1"), ("Quarantined", f"{path}#L2"),
        ("Document", f"{path}#L3"), ("Document", f"{path}#L5")]
    assert items[1].reason.startswith("oversized")


def test_jsonl_bom_legacy_line_pretty_object_and_bad_first_line(tmp_path):
    bom = tmp_path / "bom.jsonl"
    legacy = json.dumps({"text": RUSSIAN}, ensure_ascii=False).encode("windows-1251")
    bom.write_bytes(b"\xef\xbb\xbf" + _line(1).encode() + b"\n" + legacy + b"\n")
    items = list(read_path(bom))
    assert [i.source for i in items] == [f"{bom}#L1", f"{bom}#L2"] and items[1].content == RUSSIAN
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"text": GREEK, "title": "One"}, indent=2, ensure_ascii=False), encoding="utf-8")
    [item] = read_path(pretty)
    assert item.source == str(pretty) and item.title == "One"
    bad_first = tmp_path / "bad.jsonl"
    bad_first.write_text("{not json\n" + _line(2) + "\n", encoding="utf-8")
    items = list(read_path(bad_first))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Quarantined", f"{bad_first}#L1"), ("Document", f"{bad_first}#L2")]


# In a child process with a deadline and a memory cap: a reader that opened the FIFO would hang,
# one that read /dev/zero would fill the memory of the machine.
_CHILD = """import json, sys, time
from pathlib import Path
from crosswire.ingest import read_path
start = time.monotonic()
reasons = {p: [i.reason for i in read_path(Path(p), 1024)] for p in sys.argv[1:]}
print(json.dumps({"reasons": reasons, "seconds": time.monotonic() - start}))"""


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_device_behind_a_symlink_are_refused_promptly(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    env = {**os.environ, "PYTHONPATH": str(Path(crosswire.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(fifo), str(zero)], capture_output=True, text=True,
                          timeout=120, env=env, preexec_fn=_cap_memory)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["reasons"] == {str(fifo): ["not a regular file: a FIFO"],
                              str(zero): ["not a regular file: a character device"]}
    assert out["seconds"] < 5


def test_warc_records_are_yielded_as_read(tmp_path):
    other = HTML_PAGE.replace("Protests spread", "Unrest grows").replace("Wednesday", "Thursday")
    pages = [("https://news.example.com/kz", HTML_PAGE), ("https://news.example.com/kz2", other)]
    for compress in (True, False):
        path = tmp_path / f"crawl{int(compress)}.warc{'.gz' if compress else ''}"
        path.write_bytes(_warc_bytes(pages, compress))
        items = list(read_path(path))
        assert [i.source for i in items] == [url for url, _ in pages]
        assert all(isinstance(i, Document) for i in items)
    # Records are yielded while reading: a broken tail loses nothing before it.
    broken = tmp_path / "broken.warc"
    broken.write_bytes(_warc_bytes(pages, False) + b"this is not a WARC record\r\n\r\n")
    items = list(read_path(broken))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Quarantined"]
    assert "WARC" in items[2].reason


def test_oversized_warc_payload_is_quarantined_by_record_number(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    small = "<html><body><article><p>" + GREEK + "</p></article></body></html>"
    path.write_bytes(_warc_bytes([("https://news.example.com/big", HTML_PAGE), ("https://x.example/s", small)],
                                 True))
    items = list(read_path(path, max_bytes=len(small.encode()) + 10))
    assert isinstance(items[0], Quarantined) and items[0].source == f"{path}#1"
    assert items[0].reason.startswith("oversized")
    assert len(items) == 2 and isinstance(items[1], Document) and items[1].source == "https://x.example/s"


def test_utf16_jsonl_is_read_line_by_line(tmp_path):
    lines = [{"text": "Протестующие захватили здание администрации в Алматы.", "title": "Алматы"},
             {"text": "Αστυνομικοί τραυματίστηκαν στο Αλμάτι.", "title": "Αλμάτι"}]
    path = tmp_path / "utf16.jsonl"
    path.write_bytes("\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-16"))
    docs = list(read_path(path, 1 << 20))
    assert [d.title for d in docs] == ["Алматы", "Αλμάτι"]
    assert [d.source for d in docs] == [f"{path}#L1", f"{path}#L2"]


def test_records_of_the_wrong_shape_are_quarantined_and_the_batch_goes_on(tmp_path):
    good = {"text": "Протестующие захватили здание администрации в Алматы.", "title": "Алматы"}
    bad = [{"html": ["<p>x</p>"]}, {"text": "Ok text here.", "title": ["a", "b"]}, {"text": "Ok.", "title": {"x": 1}},
           {"text": "Ok text.", "published": 1e20}, {"text": "Ok text!", "published": True},
           {"text": "Ok text?", "url": 5}, {"text": "Ok, text.", "author": {"name": "x"}},
           {"text": "Ok; text.", "language": ["en"]}]
    lines = [json.dumps(x, ensure_ascii=False) for x in bad]
    lines.append('{"text": "Big number", "n": ' + "9" * 5001 + "}")
    lines.append("[" * 100_000 + "]" * 100_000)
    lines.append(json.dumps(good, ensure_ascii=False))
    path = tmp_path / "shapes.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with crosswire.open(tmp_path / "shapes.db") as cw:
        report = cw.ingest([path], stories=False, workers=1)
        reasons = {q.source.rsplit("#L", 1)[1]: q.reason for q in report.quarantined}
        kept = {a.title: a for a in cw.articles()}
    assert set(reasons) == {"1", "2", "3", "5", "6", "7", "8", "9", "10"}, reasons
    assert "expected a string" in reasons["1"] and "list" in reasons["2"] and "object" in reasons["3"]
    assert "boolean" in reasons["5"] and "digits" in reasons["9"] and "nested too deeply" in reasons["10"]
    assert set(kept) == {"Алматы", "Ok text."}          # a date past any calendar is no date, not a crash
    assert kept["Ok text."].published is None


def test_a_file_name_that_is_not_utf8_is_stored_with_escapes(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.fsdecode(b"r\xe9sum\xe9-" + b"\xff.txt")
    (folder / name).write_text("Протестующие захватили здание администрации в Алматы.", encoding="utf-8")
    with crosswire.open(tmp_path / "odd.db") as cw:
        report = cw.ingest([folder], stories=False, workers=1)
        assert len(report.new) == 1
        assert cw.article(report.new[0]).source.endswith("r\\xe9sum\\xe9-\\xff.txt")
