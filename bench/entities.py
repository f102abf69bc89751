"""Entities benchmark: mention detection and cross-script linking on hand-labelled mentions.

    python bench/entities.py [--split dev|heldout|fresh|all] [--folds 4]

Reads `tests/fixtures/entities.jsonl` (references into ../shared: the seeds and SemEval-2022 pairs;
labelled regions, their language, and mentions with a canonical English entity name) and prints
one JSON line:

* detection precision/recall per language — `extract_entities` per article, and the story-level
  mentions after `link_story` + `story_mentions`; predicted demonym hints are not scored;
* cross-script linking precision/recall — every pair of labelled mentions written in different
  scripts: predicted "same entity" (both found, same story-level key) vs labelled "same entity";
  per story (the seeds are one story, each SemEval pair one) and over the whole set linked as one
  collection; per language (pairs involving it);
* the baseline in the same run: capitalised runs for detection, exact anyascii string equality
  of the labelled surfaces (perfect detection given to it) for linking;
* linking with translated names merged through the encoder (the shipped path) next to spelling
  alone (`link_story` without `embed_names`);
* the two linking thresholds (spelling, translation) chosen together by k-fold cross-validation
  over stories (pick on k-1 folds, score the held fold), next to the shipped defaults;
* throughput (5,000-character articles per second, word caches cold) and the one-off load time
  (gazetteer plus what is derived from it).
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURE = ROOT / "tests" / "fixtures" / "entities.jsonl"
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402
from anyascii import anyascii  # noqa: E402

from crosswire.evaluate import labels  # noqa: E402
from crosswire.records import Article, Segment  # noqa: E402

THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9)
TRANSLATED = (0.78, 0.8, 0.82, 0.84, 0.86, 0.88)


def load_documents(split: str) -> list[dict]:
    """Labelled documents: text from ../shared, regions as segments, gold mentions per segment."""
    from crosswire import language

    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs: dict[tuple, dict] = {}
    for r in rows:
        if split != "all" and r["split"] != split:
            continue
        ref = ("seed", r["seed"], r["field"]) if "seed" in r else ("pair", r["pair_id"], r["field"])
        doc = docs.setdefault(ref, {"ref": ref, "regions": [], "gold": [], "split": r["split"]})
        (doc["regions"] if r.get("region") else doc["gold"]).append(r)
    out = []
    for ref, doc in docs.items():
        text = labels.source((doc["regions"] + doc["gold"])[0], SHARED)[1]
        doc["story"] = "seeds" if ref[0] == "seed" else ref[1]
        segments = []
        for region in doc["regions"]:
            piece = text[region["start"]:region["end"]]
            segments.append(Segment("body", piece, region["language"], language.sentences(piece, region["language"])))
        doc["article"] = Article(id="|".join(ref[1:]), sources=[], title=None, published=None,
                                 published_inferred=False, language=doc["regions"][0]["language"],
                                 machine_translated=False, segments=segments)
        doc["spans"] = []
        for g in doc["gold"]:
            for index, region in enumerate(doc["regions"]):
                if region["start"] <= g["start"] < region["end"]:
                    doc["spans"].append((index, g["start"] - region["start"], g["end"] - region["start"], g))
        out.append(doc)
    return out


def script(text: str) -> str:
    from crosswire.extract.entities import script_of

    return script_of(text)


def align(doc: dict, predicted: list[tuple[int, int, int, str]]) -> tuple[dict[int, str], int]:
    """Match predictions (segment, start, end, key) to gold spans by overlap, one to one.

    Returns gold index → predicted key, and the number of unmatched predictions."""
    used: dict[int, str] = {}
    unmatched = 0
    for seg, start, end, key in sorted(predicted, key=lambda p: (p[0], p[1])):
        hit = next((k for k, (s, gs, ge, _) in enumerate(doc["spans"])
                    if s == seg and gs < end and start < ge and k not in used), None)
        if hit is None:
            unmatched += 1
        else:
            used[hit] = key
    return used, unmatched


def detection(docs: list[dict], field: str) -> dict:
    """Precision/recall of mention spans, overall and per language."""
    per = defaultdict(Counter)
    for doc in docs:
        predicted = doc[field]
        matched, _ = align(doc, predicted)
        for seg, start, end, key in predicted:
            lang = doc["regions"][seg]["language"]
            per[lang]["pred"] += 1
        for k, (_, _, _, g) in enumerate(doc["spans"]):
            per[g["language"]]["gold"] += 1
            per[g["language"]]["hit"] += k in matched
        # precision counts predictions that matched a gold span
        hits_by_lang = Counter(doc["regions"][doc["spans"][k][0]]["language"] for k in matched)
        for lang, n in hits_by_lang.items():
            per[lang]["pred_hit"] += n
    return _pr(per)


def _pr(per: dict) -> dict:
    total = Counter()
    for c in per.values():
        total.update(c)
    def fig(c: Counter) -> dict:
        p = c["pred_hit"] / c["pred"] if c["pred"] else 0.0
        r = c["hit"] / c["gold"] if c["gold"] else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "gold": c["gold"], "predicted": c["pred"]}
    return {"all": fig(total), **{lang: fig(c) for lang, c in sorted(per.items())}}


def linking(rows: list[tuple]) -> dict:
    """Cross-script pair precision/recall; rows are (group, script, language, gold entity, predicted key)."""
    per = defaultdict(Counter)
    for a, b in itertools.combinations(rows, 2):
        if a[0] != b[0] or a[1] == b[1]:
            continue
        gold_same = a[3] == b[3]
        pred_same = a[4] is not None and a[4] == b[4]
        for lang in {a[2], b[2], "all"}:
            per[lang]["tp"] += gold_same and pred_same
            per[lang]["fp"] += pred_same and not gold_same
            per[lang]["fn"] += gold_same and not pred_same
    out = {}
    for lang, c in sorted(per.items(), key=lambda kv: kv[0] != "all"):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[lang] = {"precision": round(p, 3), "recall": round(r, 3), "pairs": c["tp"] + c["fn"]}
    return out


def link_rows(docs: list[dict], grouping: str, threshold: float, embed=None,
              translated: float | None = None) -> tuple[list[tuple], dict[str, list]]:
    """Story-level keys for every gold mention, linking per story or over the whole set."""
    from crosswire.extract.entities import TRANSLATED_NAME

    from crosswire.extract.entities import link_story, story_mentions

    groups: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        groups[doc["story"] if grouping == "story" else "all"].append(doc)
    rows, predicted = [], {}
    for name, members in groups.items():
        entities = link_story([d["article"] for d in members], threshold, embed,
                              TRANSLATED_NAME if translated is None else translated)
        for doc in members:
            mentions = story_mentions(doc["article"], entities, threshold)
            pred = [(m.segment, m.start, m.start + len(m.text), m.entity) for m in mentions
                    if not m.entity.startswith("demonym:")]
            predicted[doc["article"].id] = pred
            matched, _ = align(doc, pred)
            for k, (_, _, _, g) in enumerate(doc["spans"]):
                rows.append((name, script(g["surface"]), g["language"], g["entity"], matched.get(k)))
    return rows, predicted


def baseline_rows(docs: list[dict], grouping: str) -> list[tuple]:
    """Exact-string baseline: two labelled mentions are one entity when their anyascii spellings agree."""
    rows = []
    for doc in docs:
        for _, _, _, g in doc["spans"]:
            key = regex.sub(r"[^a-z0-9]", "", anyascii(g["surface"]).lower())
            rows.append((doc["story"] if grouping == "story" else "all", script(g["surface"]), g["language"],
                         g["entity"], key))
    return rows


def baseline_detection(doc: dict) -> list[tuple[int, int, int, str]]:
    """Naive detection: every run of capitalised words (cased scripts); nothing in other scripts."""
    out = []
    for index, seg in enumerate(doc["article"].segments):
        for m in regex.finditer(r"\b\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)*", seg.text):
            out.append((index, m.start(), m.end(), m.group(0)))
    return out


def cross_validated(docs: list[dict], folds: int, embed) -> dict:
    """Pick both linking thresholds on k-1 folds of stories (best F1), score the held-out fold."""
    stories = sorted({d["story"] for d in docs})
    random.Random(0).shuffle(stories)
    fold_of = {s: i % folds for i, s in enumerate(stories)}
    by_threshold = {(t, u): link_rows(docs, "story", t, embed, u)[0] for t in THRESHOLDS for u in TRANSLATED}
    held_rows, chosen = [], []
    for f in range(folds):
        def f1(t: float) -> float:
            fig = linking([r for r in by_threshold[t] if fold_of[r[0]] != f])["all"]
            return 2 * fig["precision"] * fig["recall"] / (fig["precision"] + fig["recall"] or 1)
        best = max(by_threshold, key=f1)
        chosen.append(best)
        held_rows += [r for r in by_threshold[best] if fold_of[r[0]] == f]
    return {"folds": folds, "chosen_thresholds": chosen, "linking": linking(held_rows)["all"]}


def throughput(docs: list[dict]) -> dict:
    """Extraction speed in 5,000-character articles per second (first pass, caches cold)."""
    from crosswire.extract import entities, gazetteer

    for cached in (entities.lemma_candidates, entities.without_clitics, entities.romanise, entities.demonym_country,
                   entities.spelled_acronym, entities._word_shape, gazetteer.fold):
        cached.cache_clear()
    chars = sum(len(s.text) for d in docs for s in d["article"].segments)
    start = time.perf_counter()
    for d in docs:
        entities.extract_entities(d["article"])
    seconds = time.perf_counter() - start
    return {"characters": chars, "seconds": round(seconds, 3), "articles_5k_per_s": round(chars / 5000 / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="all", choices=("dev", "heldout", "fresh", "all"))
    parser.add_argument("--folds", type=int, default=4)
    args = parser.parse_args()

    from crosswire import encode
    from crosswire.extract import entities

    start = time.perf_counter()
    entities.gazetteer()
    entities.transliteration_han()          # derived from the gazetteer once per process
    load_seconds = time.perf_counter() - start

    from crosswire.extract.entities import SAME_NAME, TRANSLATED_NAME, extract_entities

    embed = encode.name_embedder(encode.load())

    result: dict = {"bench": "entities", "machine": "2 cores", "gazetteer_load_s": round(load_seconds, 2)}
    splits = ("dev", "heldout", "fresh") if args.split == "all" else (args.split,)
    everything: list[dict] = []
    for split in splits:
        docs = load_documents(split)
        speed = throughput(docs)
        for d in docs:
            d["article"].entities, d["article"].mentions = extract_entities(d["article"])
            d["article_level"] = [(m.segment, m.start, m.start + len(m.text), m.entity) for m in d["article"].mentions
                                  if not m.entity.startswith("demonym:")]
            d["baseline"] = baseline_detection(d)
        start = time.perf_counter()
        story_rows, story_pred = link_rows(docs, "story", SAME_NAME, embed)
        link_seconds = time.perf_counter() - start
        spelling_rows, _ = link_rows(docs, "story", SAME_NAME)
        for d in docs:
            d["story_level"] = story_pred[d["article"].id]
        global_rows, _ = link_rows(docs, "all", SAME_NAME, embed)
        result[split] = {
            "documents": len(docs),
            "mentions": sum(len(d["spans"]) for d in docs),
            "detection": {"article": detection(docs, "article_level"), "story": detection(docs, "story_level"),
                          "baseline": detection(docs, "baseline")},
            "linking": {
                "per_story": linking(story_rows), "whole_set": linking(global_rows)["all"],
                "spelling_only_per_story": linking(spelling_rows)["all"],
                "baseline_per_story": linking(baseline_rows(docs, "story"))["all"],
                "baseline_whole_set": linking(baseline_rows(docs, "all"))["all"],
                "thresholds": [SAME_NAME, TRANSLATED_NAME],
                "seconds_per_story": round(link_seconds / len({d["story"] for d in docs}), 3),
            },
            "throughput": speed,
        }
        everything += docs
        s = result[split]
        print(f"{split}: detection P/R {s['detection']['story']['all']['precision']}/{s['detection']['story']['all']['recall']}"
              f" (baseline {s['detection']['baseline']['all']['precision']}/{s['detection']['baseline']['all']['recall']});"
              f" linking per story P/R {s['linking']['per_story']['all']['precision']}/{s['linking']['per_story']['all']['recall']}"
              f" (spelling only {s['linking']['spelling_only_per_story']['precision']}/"
              f"{s['linking']['spelling_only_per_story']['recall']};"
              f" baseline {s['linking']['baseline_per_story']['precision']}/{s['linking']['baseline_per_story']['recall']})",
              file=sys.stderr)
    result["cross_validated"] = {"split": args.split, **cross_validated(everything, args.folds, embed)}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
