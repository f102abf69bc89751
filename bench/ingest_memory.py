"""Memory of a long bulk ingest: is the resident memory of `crosswire ingest` flat over a big file?

Writes a JSON Lines file of `--gb` GB (default 1) of distinct articles — the 3,816 gun-violence
articles and the ~2,500 SemEval texts, repeated, each copy with a unique first line — into a temp
dir under /tmp, then runs `crosswire ingest FILE --no-stories -q` (this checkout) on a fresh
database for at most `--seconds` (default 600), sampling every 2 s the RSS of the process and all
its descendants (the worker processes): the sum of VmRSS in /proc/<pid>/status over the tree
(pages the processes share counted in each) and the sum of Pss from /proc/<pid>/smaps_rollup
(shared pages split between their users: what the tree really holds). The
process group is then killed (the database is in WAL mode: every committed article survives) and
the articles in the database are counted with sqlite3. Prints one JSON line: peak RSS and PSS,
both at 25/50/75/100 % of the run (flat if memory does not grow with the input), articles ingested
and articles/s.

Baseline: `--old` runs the code before this session's ingest work (commit 4332358, checked out
in a temporary git worktree, run with this venv's python) the same way, for `--seconds`
(default 60 under --old), to show how its memory grows: it reads the whole file into memory.
It is given `--max-mb` above the file size, or it would quarantine the file as oversized (the
new code limits each JSON line, not the file).

Copies carry no url: an outlet's repeated short paragraphs become boilerplate
(clean.OutletLines), so repeated copies from one outlet would shrink to almost nothing; without
an outlet that statistic is not kept, and every copy is cleaned like a first one.

    python bench/ingest_memory.py [--gb 1] [--seconds 600]
    python bench/ingest_memory.py --old [--gb 1] [--seconds 60]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"
GUN_VIOLENCE = SHARED / "gun-violence" / "articles.jsonl"
SEMEVAL = SHARED / "semeval2022-task8" / "training_set.csv"
OLD_COMMIT = "4332358"
# The old CLI imported from the worktree given as argv[1], not from the installed package.
_OLD_CLI = ("import sys; tree = sys.argv.pop(1); sys.path.insert(0, tree); import crosswire; "
            "assert crosswire.__file__.startswith(tree), crosswire.__file__; "
            "from crosswire.cli import main; sys.argv[0] = 'crosswire'; main()")


def source_records() -> list[dict]:
    """Gun-violence articles (title, published, url) and SemEval texts (language), in file order."""
    records = [{k: row[k] for k in ("text", "title", "published", "url") if row.get(k)}
               for row in map(json.loads, GUN_VIOLENCE.open(encoding="utf-8"))]
    csv.field_size_limit(sys.maxsize)
    with SEMEVAL.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for side in ("1", "2"):
                if row["text" + side].strip():
                    records.append({"text": row["text" + side].strip(), "language": row["lang" + side]})
    return records


def write_corpus(path: Path, size: int) -> int:
    """A JSONL file of about `size` bytes of distinct articles; returns how many lines."""
    records, written, n = source_records(), 0, 0
    with path.open("w", encoding="utf-8") as f:
        while written < size:
            record = dict(records[n % len(records)])
            record.pop("url", None)  # see the docstring: no outlet statistics across copies
            record["text"] = f"Bulletin {n + 1} of the memory benchmark.\n\n{record['text']}"
            line = json.dumps(record, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def tree_memory_kb(root: int) -> tuple[int, int]:
    """Sums over a process and all its descendants (kB): VmRSS (pages shared between them counted
    in each) and Pss (shared pages split between their users: the tree's real footprint)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children[ppid].append(int(stat.parent.name))
    rss, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as status:
                rss += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                pss += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:
            pass
    return rss, pss


def watch(proc: subprocess.Popen, seconds: float, interval: float) -> list[tuple[float, float, float]]:
    """(seconds since start, tree RSS MB, tree PSS MB) every `interval` until the process ends or
    `seconds` pass."""
    samples, start = [], time.monotonic()
    while proc.poll() is None and (elapsed := time.monotonic() - start) < seconds:
        rss, pss = tree_memory_kb(proc.pid)
        samples.append((round(elapsed, 1), round(rss / 1024, 1), round(pss / 1024, 1)))
        time.sleep(interval)
    return samples


def at_fraction(samples: list[tuple[float, float, float]], fraction: float, column: int = 1) -> float | None:
    """The RSS sampled nearest to `fraction` of the run."""
    if not samples:
        return None
    end = samples[-1][0]
    return min(samples, key=lambda s: abs(s[0] - fraction * end))[column]


def worktree(tmp: Path) -> Path:
    tree = tmp / "old"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), OLD_COMMIT], cwd=ROOT,
                   capture_output=True, check=True)
    return tree


def remove_worktree(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0, help="size of the JSONL file")
    parser.add_argument("--seconds", type=float, help="run bound (default 600; 60 with --old)")
    parser.add_argument("--old", action="store_true", help=f"run the code of {OLD_COMMIT} instead")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between RSS samples")
    args = parser.parse_args()
    seconds = args.seconds or (60.0 if args.old else 600.0)
    size = int(args.gb * 1e9)
    free = shutil.disk_usage(tempfile.gettempdir()).free
    if free < 3 * size:
        sys.exit(f"ingest_memory: refusing to start: {free / 1e9:.1f} GB free in {tempfile.gettempdir()}, "
                 f"need 3x the file size ({3 * size / 1e9:.1f} GB) for the file and the database")
    with tempfile.TemporaryDirectory(prefix="crosswire-memory-") as tmp_name:
        tmp = Path(tmp_name)
        corpus, db = tmp / "corpus.jsonl", tmp / "bench.db"
        lines = write_corpus(corpus, size)
        tree = worktree(tmp) if args.old else None
        try:
            if tree:
                command = [sys.executable, "-c", _OLD_CLI, str(tree), "--db", str(db), "ingest", str(corpus),
                           "--no-stories", "-q", "--max-mb", str(size // 2**20 + 1)]
            else:
                command = [sys.executable, "-m", "crosswire", "--db", str(db), "ingest", str(corpus),
                           "--no-stories", "-q"]
            env = {k: v for k, v in os.environ.items() if k not in ("CROSSWIRE_DB", "CROSSWIRE_ENCODER")}
            with (tmp / "stderr").open("w") as stderr:
                start = time.monotonic()
                proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                                        start_new_session=True)  # its own process group, workers included
                samples = watch(proc, seconds, args.interval)
                finished = proc.poll() is not None
                if not finished:
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                elapsed = time.monotonic() - start
            with sqlite3.connect(db) as con:
                articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            errors = (tmp / "stderr").read_text()[-500:] if finished and proc.returncode else None
        finally:
            if tree:
                remove_worktree(tree)
    print(json.dumps({
        "bench": "ingest_memory", "code": f"old ({OLD_COMMIT})" if args.old else "new (this checkout)",
        "file_gb": round(size / 1e9, 3), "file_lines": lines, "bound_s": seconds,
        "ran_s": round(elapsed, 1), "finished_before_bound": finished, "exit_code": proc.returncode,
        "peak_rss_mb": max((s[1] for s in samples), default=None),
        "rss_mb_at": {f"{p}%": at_fraction(samples, p / 100) for p in (25, 50, 75, 100)},
        "peak_pss_mb": max((s[2] for s in samples), default=None),
        "pss_mb_at": {f"{p}%": at_fraction(samples, p / 100, 2) for p in (25, 50, 75, 100)},
        "articles_ingested": articles, "articles_per_s": round(articles / elapsed, 2),
        "samples": len(samples), "cpus": os.cpu_count(), "stderr_tail": errors,
    }))


if __name__ == "__main__":
    main()
