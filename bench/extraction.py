"""Main-text extraction: crosswire vs plain ``trafilatura.extract`` on the article-extraction
benchmark (scrapinghub, 181 pages), side by side in one run; prints one JSON line.

Both get the same gunzipped bytes and the same ``url=``. Our repair settings are also scored
by k-fold cross-validation: on each fold the settings that score best on the other folds are
chosen from a small grid and applied to the held-out pages; the out-of-fold pages are then
scored together. ``full_set`` is the shipped defaults on all pages (which saw all pages).

    python bench/extraction.py [--dir ../shared/benchmarks/article-extraction] [--folds 5]
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import logging
import platform
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from crosswire.evaluate.extraction import aggregate, benchmark_pages, page_scores  # noqa: E402
from crosswire.ingest.html import Settings, assemble, extraction_runs  # noqa: E402

GRID = [
    Settings(link_share=share, link_block_words=words, precise_overlap=overlap,
             precise_coverage=coverage)
    for share, words, overlap, coverage in itertools.product(
        (0.9, 0.75, 0.6), (20, 40, 80), (1.0, 0.99, 0.95), (0.6, 0.4, 0.2))
]  # conservative values first: max() keeps the first of equal scores


def cross_validate(per_setting: dict[Settings, list], folds: int, seed: int) -> dict:
    """Out-of-fold figures: each fold scored with the settings best on the other folds."""
    n_pages = len(next(iter(per_setting.values())))
    order = list(range(n_pages))
    random.Random(seed).shuffle(order)
    held_out_scores: list = [None] * n_pages
    chosen = []
    for fold in range(folds):
        held_out = set(order[fold::folds])
        train = [i for i in range(n_pages) if i not in held_out]
        best = max(per_setting, key=lambda s: aggregate([per_setting[s][i] for i in train])["f1"])
        chosen.append(dataclasses.asdict(best))
        for i in held_out:
            held_out_scores[i] = per_setting[best][i]
    return {"folds": folds, "seed": seed, **aggregate(held_out_scores), "chosen": chosen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path,
                        default=REPO.parent / "shared" / "benchmarks" / "article-extraction")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura logs every page it finds odd

    pages = list(benchmark_pages(args.dir))
    baseline_scores, ours_scores, runs = [], [], []
    baseline_seconds = ours_seconds = 0.0
    for _, html, url, truth in pages:
        start = time.perf_counter()
        baseline_text = trafilatura.extract(html, url=url)
        baseline_seconds += time.perf_counter() - start
        start = time.perf_counter()
        page_runs = extraction_runs(html, url=url)
        ours_text = assemble(page_runs).text
        ours_seconds += time.perf_counter() - start
        baseline_scores.append(page_scores(truth, baseline_text))
        ours_scores.append(page_scores(truth, ours_text))
        runs.append(page_runs)

    truths = [truth for *_, truth in pages]
    per_setting = {s: [page_scores(t, assemble(r, s).text) for t, r in zip(truths, runs)]
                   for s in GRID}
    full_set_best = max(per_setting, key=lambda s: aggregate(per_setting[s])["f1"])
    result = {
        "benchmark": "scrapinghub/article-extraction-benchmark",
        "pages": len(pages),
        "machine": f"{platform.machine()} {platform.system()}, 2 cores",
        "trafilatura": trafilatura.__version__,
        "baseline": {"name": "trafilatura.extract(html, url=url) defaults",
                     **aggregate(baseline_scores),
                     "ms_per_page": 1000 * baseline_seconds / len(pages)},
        "ours": {"name": "crosswire.ingest.html.extract_page(html, url=url)",
                 **aggregate(ours_scores), "ms_per_page": 1000 * ours_seconds / len(pages),
                 "settings": dataclasses.asdict(Settings())},
        "ours_cross_validated": cross_validate(per_setting, args.folds, args.seed),
        "grid": {"size": len(GRID), "best_on_full_set": dataclasses.asdict(full_set_best),
                 "best_full_set_f1": aggregate(per_setting[full_set_best])["f1"]},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
