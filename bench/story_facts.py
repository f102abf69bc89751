"""Story facts against the Gun Violence Archive: does a story's estimate equal the record?

For every incident of ../shared/benchmarks/gun-violence with at least two articles, the articles are
built the way ingest builds them (cleaning with per-outlet line statistics in publication order,
language, extraction), lined up as one story (`reconcile.facts.story_facts`), and the story's
figure for killed and for injured (`headline_figure`: the largest estimate among that type's
facts; no fact = 0) is compared with the archive's record. Two groupings: `incident` (the
articles of the incident, as a perfect clustering would group them) and, with `--stories`, the
stories crosswire's clustering makes, judged by grouped 5-fold cross-validation by incident as in
bench/stories_incidents.py (per fold the dated stage is fitted without the held-out incidents, the
whole stream is clustered, and each held-out incident is judged by the story holding most of its
articles, with every article of that story, other incidents' included). Baseline in the same run:
the largest value any article of the story reports (no fact = 0). The extraction rules were
tuned looking at even-numbered incidents only, so figures are also printed for odd incidents apart.

    python bench/story_facts.py [--limit N] [--workers 2] [--stories]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from crosswire import clean, pipeline  # noqa: E402
from crosswire.reconcile.facts import headline_figure, story_facts  # noqa: E402
from crosswire.records import Article, Document  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "gun-violence"


def documents(limit: int | None) -> list[tuple[str, Document]]:
    rows = [json.loads(line) for line in (DATA / "articles.jsonl").open(encoding="utf-8")]
    docs = [(r["incident"], Document(source=f"articles.jsonl#L{i + 1}", content=r["text"], format="jsonl",
                                     title=r.get("title"), url=r.get("url"), published=r.get("published")))
            for i, r in enumerate(rows)]
    docs.sort(key=lambda x: (x[1].published or "", x[1].source))
    return docs[:limit] if limit else docs


def _build(job: tuple[Document, list]) -> Article:
    doc, segments = job
    return pipeline.build_article(doc, segments=segments)


def build(docs: list[tuple[str, Document]], workers: int) -> list[tuple[str, Article]]:
    """Articles as ingest makes them: cleaned in publication order against outlet statistics."""
    lines = clean.OutletLines()
    jobs = []
    for _, doc in docs:
        outlet = pipeline.outlet_of(doc)
        jobs.append((doc, clean.segment(doc.content, outlet, lines)))
        lines.observe(outlet, clean.paragraphs(doc.content))
    with ProcessPoolExecutor(workers) as pool:
        built = list(pool.map(_build, jobs, chunksize=16))
    return [(incident, article) for (incident, _), article in zip(docs, built)]


def naive(articles: list[Article], kind: str) -> float:
    values = [c.value for a in articles for c in a.counts if c.type == kind and c.value is not None]
    return max(values, default=0.0)


def score(groups: dict[str, list[Article]], records: dict[str, dict]) -> dict:
    right: Counter = Counter()
    for incident, members in groups.items():
        facts = story_facts(members)
        odd = int(incident) % 2 == 1
        for kind in ("killed", "injured"):
            truth = records[incident][kind]
            for name, value in (("facts", headline_figure(facts, kind)), ("naive", naive(members, kind))):
                hit = (value or 0) == truth
                right[(name, kind, "all")] += hit
                if odd:
                    right[(name, kind, "odd")] += hit
    n_all = len(groups)
    n_odd = sum(int(i) % 2 for i in groups)
    out: dict = {"incidents": n_all, "odd_incidents": n_odd}
    for name in ("facts", "naive"):
        out[name] = {f"{kind}_{part}": round(right[(name, kind, part)] / (n_all if part == "all" else max(n_odd, 1)), 3)
                     for kind in ("killed", "injured") for part in ("all", "odd")}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles by publication time")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stories", action="store_true", help="also group by crosswire's own stories (CV)")
    args = parser.parse_args()
    records = {r["incident"]: r for r in map(json.loads, (DATA / "incidents.jsonl").open(encoding="utf-8"))}
    started = time.perf_counter()
    built = build(documents(args.limit), args.workers)
    by_incident: dict[str, list[Article]] = defaultdict(list)
    for incident, article in built:
        by_incident[incident].append(article)
    covered = {i: members for i, members in by_incident.items() if len(members) >= 2}
    result = {"bench": "story_facts", "articles": len(built), "grouping": "incident",
              **score(covered, records), "seconds": round(time.perf_counter() - started, 1)}
    if args.stories:
        result["stories"] = score(story_groups({a.id: a for _, a in built}, covered), records)
    print(json.dumps(result))


def story_groups(built: dict[str, Article], covered: dict[str, list[Article]], folds: int = 5) -> dict[str, list[Article]]:
    """Per incident, the articles of the out-of-fold story holding most of its articles (the
    dated stage of the pair model fitted without the held-out incidents, as bench/stories_incidents.py)."""
    from crosswire import similarity
    from crosswire.evaluate import incidents

    corpus = incidents.load_corpus()
    fold_of = incidents.incident_folds(corpus.incidents, folds)
    fold = [fold_of[i] for i in corpus.incidents]
    base = {key: value for key, value in similarity.model().items() if key != "dated"}
    groups: dict[str, list[Article]] = {}
    for k in range(folds):
        train = [i for i in range(len(corpus.ids)) if fold[i] != k]
        stories = incidents.cluster(corpus, incidents.fit_dated(corpus.subset(train), base, base["l2"]))
        members: dict[str, list[str]] = defaultdict(list)
        for article_id, story in zip(corpus.ids, stories):
            members[story].append(article_id)
        story_of = dict(zip(corpus.ids, stories))
        for incident, articles in covered.items():
            if fold_of.get(incident) != k:
                continue
            main = Counter(story_of[a.id] for a in articles if a.id in story_of).most_common(1)
            if main:
                groups[incident] = [built[a] for a in members[main[0][0]] if a in built]
        print(f"stories: fold {k + 1}/{folds}", file=sys.stderr)
    return groups


if __name__ == "__main__":
    main()
