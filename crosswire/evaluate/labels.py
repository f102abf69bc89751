"""Hand-labelled sentences for the extraction benchmarks: each fixture line names its source text
in ../shared (a seed article, a SemEval-2022 Task 8 article, or an article-extraction page) by
reference and offsets, so no third-party text is copied into the repository."""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def _semeval(shared: Path) -> dict[str, dict]:
    csv.field_size_limit(10**9)
    with open(shared / "benchmarks" / "semeval2022-task8" / "training_set.csv", newline="", encoding="utf-8") as f:
        return {row["pair_id"]: row for row in csv.DictReader(f)}


@lru_cache(maxsize=4)
def _pages(shared: Path) -> dict[str, dict]:
    return json.loads((shared / "benchmarks" / "article-extraction" / "ground-truth.json").read_text())


def source(item: dict, shared: Path) -> tuple[str, str]:
    """(source name, full text) of the article a fixture line points into."""
    if "seed" in item:
        return item["seed"], (shared / "corpus" / "seeds" / item["seed"]).read_text(encoding="utf-8")
    if "page" in item:
        return "page/" + item["page"][:12], _pages(shared)[item["page"]]["articleBody"]
    return item["pair_id"] + "/" + item["field"], _semeval(shared)[item["pair_id"]][item["field"]]


def load(path: Path, shared: Path) -> list[dict]:
    """Fixture lines of a JSONL file, each with `source` and its sentence `text` filled in."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(raw)
        item["source"], text = source(item, shared)
        item["text"] = text[item["start"]:item["end"]]
        lines.append(item)
    return lines
