"""Main-text extraction quality, scored the way scrapinghub/article-extraction-benchmark does.

Per page: precision and recall over multisets of 4-token shingles of ``\\w+`` tokens. Tokens keep
their case, as in the benchmark's published table (its tokeniser compiles ``\\w+`` with
IGNORECASE, which changes nothing for ``\\w`` and lower-cases nothing). A text of fewer than four
tokens is one shorter shingle. Precision and recall are averaged over pages, leaving pages with
nothing predicted out of the precision average and pages with an empty truth out of the recall
average; F1 comes from the two averages, so long pages weigh no more than short ones.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

SHINGLE_SIZE = 4
TOKEN = re.compile(r"\w+")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a shorter non-empty text is a single shingle."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1)))


def page_scores(truth: str | None, predicted: str | None) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the page is left out of that average."""
    truth_shingles, predicted_shingles = shingles(truth), shingles(predicted)
    matched = sum((truth_shingles & predicted_shingles).values())
    n_predicted, n_truth = sum(predicted_shingles.values()), sum(truth_shingles.values())
    precision = matched / n_predicted if n_predicted else None
    recall = matched / n_truth if n_truth else None
    return precision, recall


def aggregate(per_page: list[tuple[float | None, float | None]]) -> dict:
    """Benchmark figures from per-page (precision, recall): pages, precision, recall, f1."""
    precisions = [p for p, _ in per_page if p is not None]
    recalls = [r for _, r in per_page if r is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": len(per_page), "precision": precision, "recall": recall, "f1": f1}


def score(pairs: list[tuple[str | None, str | None]]) -> dict:
    """Benchmark figures over (truth, predicted) pairs: pages, precision, recall, f1."""
    return aggregate([page_scores(truth, predicted) for truth, predicted in pairs])


def benchmark_pages(dir: Path) -> Iterator[tuple[str, bytes, str | None, str]]:
    """(id, raw html bytes, url, true article body) for each page of the benchmark folder."""
    dir = Path(dir)
    truth = json.loads((dir / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        path = dir / "html" / f"{page_id}.html.gz"
        if not path.exists():
            path = dir / "html" / f"{page_id}.html"
            html = path.read_bytes()
        else:
            html = gzip.decompress(path.read_bytes())
        yield page_id, html, truth[page_id].get("url"), truth[page_id].get("articleBody") or ""


def default_extract(html: bytes, url: str | None) -> str:
    """Our extractor's main text, the thing being scored when no other is given."""
    from crosswire.ingest.html import extract_page

    return extract_page(html, url=url).text


def evaluate(dir: Path, extract: Callable[[bytes, str | None], str | None] | None = None) -> dict:
    """Score ``extract(html_bytes, url) -> text`` (default: ours) on a benchmark folder laid
    out as ``html/<id>.html.gz`` plus ``ground-truth.json`` ``{id: {articleBody, url}}``."""
    extract = extract or default_extract
    pairs = [(truth, extract(html, url)) for _, html, url, truth in benchmark_pages(dir)]
    return score(pairs)
