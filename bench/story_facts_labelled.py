"""Story facts against a hand-labelled multilingual set (issue 10): the seeds and real SemEval stories.

tests/fixtures/story_facts.jsonl holds, per story, references to its articles (the seed files in
examples/, or a side of a row of ../shared/benchmarks/semeval2022-task8/training_set.csv: the
texts stay in ../shared) and the facts a careful editor lines up, labelled by hand: type, group
(`also_groups`: other groups an editor would accept for the same fact), every article's value and
qualifier, the expected status and the expected estimate. Each story's articles are built the way
ingest builds them (`pipeline.build_article` on a Document; seed files read by `ingest.read_path`,
cleaned in order against per-outlet line statistics), lined up by `reconcile.facts.story_facts`,
and scored:

- fact recall: labelled (type, group) facts found (a fact of that type whose group is the label's
  or one of its `also_groups`; of several, the one holding most labelled values);
- value recall: labelled (article, value, qualifier) found among the matched fact's values;
- status accuracy: on found facts;
- estimate accuracy: value and qualifier equal, over every labelled fact (a missing fact is
  wrong) and over found facts.

Baseline in the same run, a naive line-up: every count of a type regardless of group is one fact;
status `single` with one value, `agree` when all values are equal, else `conflict`; the estimate is
the largest value.

    python bench/story_facts_labelled.py [--verbose]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from crosswire import clean, ingest, pipeline  # noqa: E402
from crosswire.reconcile.facts import story_facts  # noqa: E402
from crosswire.records import Article, Document, Fact  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "story_facts.jsonl"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def load_labels(path: Path = FIXTURE) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def needs_shared(story: dict) -> bool:
    return any(not a["ref"]["file"].startswith("examples/") for a in story["articles"])


_ROWS: dict[str, list[dict]] = {}


def _rows(file: str) -> list[dict]:
    if file not in _ROWS:
        csv.field_size_limit(1 << 30)
        with open(BENCHMARKS / file, newline="", encoding="utf-8") as f:
            _ROWS[file] = list(csv.DictReader(f))
    return _ROWS[file]


def document(ref: dict) -> Document:
    """The Document a reference stands for, as ingest would read it."""
    if ref["file"].startswith("examples/"):
        (doc,) = list(ingest.read_path(ROOT / ref["file"]))
        return doc
    row = _rows(ref["file"])[ref["row"]]
    if row["pair_id"] != ref["pair_id"]:
        raise ValueError(f"{ref['file']} row {ref['row']} is pair {row['pair_id']}, not {ref['pair_id']}")
    return Document(source=f"{ref['file']}#{ref['row']}:{ref['side']}", content=row[ref["side"]].strip(),
                    format="text")


def build(story: dict) -> list[Article]:
    """A story's articles as ingest makes them: cleaned in order against per-outlet line statistics."""
    lines = clean.OutletLines()
    articles = []
    for entry in story["articles"]:
        doc = document(entry["ref"])
        outlet = pipeline.outlet_of(doc)
        articles.append(pipeline.build_article(doc, segments=clean.segment(doc.content, outlet, lines)))
        lines.observe(outlet, clean.paragraphs(doc.content))
    return articles


# --- the naive line-up -------------------------------------------------------------------------

def naive_facts(articles: list[Article]) -> list[Fact]:
    """Every count of a type, whatever its group, as one fact; all equal → agree, else conflict;
    the estimate is the largest value."""
    from crosswire.records import Estimate, FactValue

    by_type: dict[str, list[FactValue]] = {}
    for a in articles:
        for c in a.counts:
            if c.type == "other":
                continue
            by_type.setdefault(c.type, []).append(FactValue(
                value=c.value, qualifier=c.qualifier, text=c.text, object=c.object, article=a.id,
                segment=c.segment, sentence=c.sentence, language=a.language, outlet=None, published=None,
                attribution=None, hedged=c.hedged, source=a.id, articles=[a.id]))
    facts = []
    for kind, values in by_type.items():
        said = {(v.value, v.qualifier) for v in values}
        status = "single" if len(values) == 1 else "agree" if len(said) == 1 else "conflict"
        numeric = [v for v in values if v.value is not None]
        top = max(numeric, key=lambda v: v.value) if numeric else values[0]
        facts.append(Fact(type=kind, group="*", status=status, explanation="naive",
                          estimate=Estimate(top.value, top.qualifier, "largest"), values=values))
    return facts


# --- scoring -----------------------------------------------------------------------------------

def _same(a, b) -> bool:
    return a is None and b is None or a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


def _holds(fact: Fact, article_id: str, value, qualifier: str) -> bool:
    return any(article_id in (v.articles or [v.article]) and _same(v.value, value) and v.qualifier == qualifier
               for v in fact.values)


def match(label: dict, facts: list[Fact], ids: list[str], naive: bool = False) -> Fact | None:
    """The fact standing for a labelled one: same type, an accepted group (any group for the naive
    line-up); of several, the one holding most labelled values."""
    groups = {label["group"], *label.get("also_groups", [])}
    candidates = [f for f in facts if f.type == label["type"] and (naive or f.group in groups)]
    if not candidates:
        return None
    return max(candidates, key=lambda f: (
        sum(_holds(f, ids[v["article"]], v["value"], v["qualifier"]) for v in label["values"]),
        f.group == label["group"]))


def score(story: dict, articles: list[Article], facts: list[Fact], naive: bool = False) -> dict:
    ids = [a.id for a in articles]
    rows = []
    for label in story["facts"]:
        found = match(label, facts, ids, naive)
        est = label["estimate"]
        rows.append({
            "fact": f"{label['type']}/{label['group']}",
            "found": found is not None,
            "values": len(label["values"]),
            "values_found": 0 if found is None else sum(
                _holds(found, ids[v["article"]], v["value"], v["qualifier"]) for v in label["values"]),
            "status": label["status"],
            "got_status": found.status if found else None,
            "estimate": [est["value"], est["qualifier"]],
            "got_estimate": [found.estimate.value, found.estimate.qualifier] if found else None,
            "estimate_ok": found is not None and _same(found.estimate.value, est["value"])
            and found.estimate.qualifier == est["qualifier"],
        })
    return {"facts": rows, **summary(rows)}


def summary(rows: list[dict]) -> dict:
    found = [r for r in rows if r["found"]]

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "labelled_facts": len(rows),
        "fact_recall": ratio(len(found), len(rows)),
        "value_recall": ratio(sum(r["values_found"] for r in rows), sum(r["values"] for r in rows)),
        "status_accuracy_found": ratio(sum(r["got_status"] == r["status"] for r in found), len(found)),
        "estimate_accuracy": ratio(sum(r["estimate_ok"] for r in rows), len(rows)),
        "estimate_accuracy_found": ratio(sum(r["estimate_ok"] for r in found), len(found)),
    }


def evaluate(stories: list[dict]) -> dict:
    """Per story and overall figures for crosswire and the naive baseline."""
    per_story, all_rows, all_naive = {}, [], []
    for story in stories:
        articles = build(story)
        mine = score(story, articles, story_facts(articles))
        naive = score(story, articles, naive_facts(articles), naive=True)
        all_rows += mine["facts"]
        all_naive += naive["facts"]
        per_story[story["story"]] = {
            "articles": len(articles), "languages": sorted({a["language"] for a in story["articles"]}),
            "crosswire": mine, "naive": naive}
    return {"stories": per_story, "overall": {"crosswire": summary(all_rows), "naive": summary(all_naive)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="every labelled fact with what was found")
    parser.add_argument("--story", action="append", help="only these stories")
    args = parser.parse_args()
    stories = [s for s in load_labels() if not args.story or s["story"] in args.story]
    start = time.perf_counter()
    result = evaluate(stories)
    if not args.verbose:
        for story in result["stories"].values():
            for side in ("crosswire", "naive"):
                story[side].pop("facts")
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
