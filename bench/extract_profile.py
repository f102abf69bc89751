"""Per-article CPU cost of `pipeline.build_article`, stage by stage, over real articles.

SemEval-2022 task 8 texts (every `--step`-th distinct text, ten languages) and the first
gun-violence articles go through the real `build_article`; each stage is timed by wrapping the
function the pipeline calls, so what is measured is the shipped path. Prints one JSON line: the
number of articles and milliseconds per article for clean, language (detection and sentences),
extract.counts, extract.entities, extract.dates and the whole of build_article, in CPU time (the
process's own, so other work on a shared machine does not count). Models and lexicons are loaded
first on warm-up articles (one SemEval text per language, not measured); per-word caches start as
the warm-up leaves them. Run it on the old code and on the new to compare; `--dump PATH` also
writes every built article as one JSON line, to check that outputs stay byte-identical.

    python bench/extract_profile.py [--step 12] [--gun 100] [--dump /tmp/articles.jsonl]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

import crosswire.extract as extract  # noqa: E402
from crosswire import clean, pipeline  # noqa: E402
from crosswire.evaluate.similarity import article_from_text  # noqa: E402
from crosswire.extract import counts, entities  # noqa: E402
from crosswire.ingest.jsonl import document_from_object  # noqa: E402
from crosswire.records import Document  # noqa: E402

SEMEVAL = SHARED / "benchmarks" / "semeval2022-task8" / "training_set.csv"
GUN_VIOLENCE = SHARED / "benchmarks" / "gun-violence" / "articles.jsonl"
STAGES = {            # stage name -> (module, attribute the pipeline calls it through)
    "clean": (clean, "segment"),
    "language": (pipeline, "annotate_languages"),
    "extract.counts": (counts, "extract_counts"),
    "extract.entities": (entities, "extract_entities"),
    "extract.dates": (extract, "dates_of"),
}


def semeval_documents(step: int) -> tuple[list[Document], list[Document]]:
    """Every `step`-th distinct non-empty SemEval text as a Document (first line as title, as the
    similarity benchmark reads them), and for warming up one text per language of those left out."""
    seen, docs = set(), []
    with open(SEMEVAL, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for side in ("1", "2"):
                text, language = row["text" + side], row["lang" + side]
                if not text.strip() or text in seen:
                    continue
                seen.add(text)
                article = article_from_text(text, language)
                docs.append(Document(source=f"semeval:{row['pair_id']}:{side}", content=article.segments[0].text,
                                     format="text", title=article.title, language=language))
    warm_up: dict[str, Document] = {}
    for i, doc in enumerate(docs):
        if i % step:
            warm_up.setdefault(doc.language, doc)
    return docs[::step], list(warm_up.values())


def gun_documents(limit: int) -> list[Document]:
    docs = []
    with open(GUN_VIOLENCE, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            obj = json.loads(line)
            if obj.get("text", "").strip():
                docs.append(document_from_object(obj, f"{GUN_VIOLENCE.name}#L{n}"))
            if len(docs) == limit:
                break
    return docs


def timed(spent: dict[str, float], name: str, fn):
    """`fn`, adding the CPU time of each call to spent[name]."""
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--step", type=int, default=12, help="take every STEP-th SemEval text")
    parser.add_argument("--gun", type=int, default=100, help="how many gun-violence articles")
    parser.add_argument("--dump", type=Path, help="write every built article here, one JSON line each")
    args = parser.parse_args()
    docs, warm_up = semeval_documents(args.step)
    docs += gun_documents(args.gun)

    for doc in warm_up:
        pipeline.build_article(doc)
    spent: dict[str, float] = defaultdict(float)
    for name, (module, attr) in STAGES.items():
        setattr(module, attr, timed(spent, name, getattr(module, attr)))
    built = []
    start = time.process_time()
    for doc in docs:
        built.append(pipeline.build_article(doc))
    spent["build_article"] = time.process_time() - start

    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for article in built:
                f.write(json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    per_article = {name: round(1000 * spent[name] / len(docs), 2) for name in [*STAGES, "build_article"]}
    print(json.dumps({"articles": len(docs), "ms_per_article": per_article}))


if __name__ == "__main__":
    main()
