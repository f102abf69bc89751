"""How long one huge HTML page takes to ingest, with and without the extraction budget.

A page of N MB of varied text (paragraphs of words drawn from the SemEval texts) is ingested alone
into a fresh database with one worker. `budget` is the shipped code (extraction mines the first
`extract.EXTRACT_CHARS` characters); `unbounded` the same code with the budget lifted, as before
issue 11 — run on the smaller sizes only (it grows much faster than the page). Prints one JSON line.

    python bench/big_pages.py [--sizes 0.25 1 4] [--unbounded-sizes 0.25]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import crosswire  # noqa: E402
from crosswire import extract  # noqa: E402

WORDS = ROOT.parent / "shared" / "benchmarks" / "semeval2022-task8" / "training_set.csv"


def page(megabytes: float, words: list[str], seed: int = 1) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < megabytes * 1_000_000:
        p = "<p>" + " ".join(rng.choice(words) for _ in range(80)) + ".</p>\n"
        paragraphs.append(p)
        size += len(p)
    return f"<html><head><title>Big page</title></head><body><article>{''.join(paragraphs)}</article></body></html>"


def seconds_to_ingest(html: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.html"
        path.write_text(html, encoding="utf-8")
        with crosswire.open(Path(tmp) / "x.db") as cw:
            started = time.perf_counter()
            report = cw.ingest([path], workers=1)
            elapsed = time.perf_counter() - started
            assert len(report.new) == 1, report.to_dict()
    return round(elapsed, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 1, 4])
    parser.add_argument("--unbounded-sizes", type=float, nargs="+", default=[0.25])
    args = parser.parse_args()
    words = WORDS.read_text(encoding="utf-8")[:3_000_000].split()
    seconds_to_ingest(page(0.01, words))                     # models loaded before timing
    result: dict = {"bench": "big_pages", "budget_chars": extract.EXTRACT_CHARS, "budget": {}, "unbounded": {}}
    for mb in args.sizes:
        result["budget"][f"{mb:g}MB"] = seconds_to_ingest(page(mb, words))
    shipped = extract.EXTRACT_CHARS
    extract.EXTRACT_CHARS = 10**12
    for mb in args.unbounded_sizes:
        result["unbounded"][f"{mb:g}MB"] = seconds_to_ingest(page(mb, words))
    extract.EXTRACT_CHARS = shipped
    result["unbounded_over_budget"] = {k: round(v / max(result["budget"][k], 1e-9), 1)
                                       for k, v in result["unbounded"].items() if k in result["budget"]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
