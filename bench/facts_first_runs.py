"""The blind first runs, reproduced: each blind set scored with the code frozen before it was added.

A blind set ("fresh", "fresh2", ... in tests/fixtures/counts.jsonl and dates.jsonl) was labelled by
people who never ran crosswire and scored once with the code committed just before the commit that
added it; most sets were then used to fix errors. `bench/facts.py` scores today's code, which has
seen them; this command checks out, for each set, the parent of the commit that first added it (a
temporary git worktree), runs that code's extractors on the set, and prints the figures that were
the honest estimates for unseen text: typed counts (every type but `other`), split into money and
the other types, and dates, per set and pooled.

    python bench/facts_first_runs.py
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from facts import Score, count_key, half, load  # noqa: E402

# Pooled rows: the sets scored with session-2 code, with session-3 code, the latest four, all.
POOLS = {
    "session 2 (fresh … fresh8)": ["fresh"] + [f"fresh{i}" for i in range(2, 9)],
    "session 3 code (fresh10 … fresh17)": [f"fresh{i}" for i in range(10, 18)],
    "latest four (fresh14 … fresh17)": [f"fresh{i}" for i in range(14, 18)],
    "all blind sets": ["fresh"] + [f"fresh{i}" for i in range(2, 18)],
}

_RUN = """
import json, sys
from datetime import datetime
sys.path.insert(0, sys.argv[1])
from crosswire.extract.counts import extract_counts
from crosswire.extract.dates import extract_dates
counts, dates = json.load(open(sys.argv[2]))
out = [[[c.value, c.type, c.qualifier] for c in extract_counts(t, lang)] for t, lang in counts]
out_dates = [[d.date for d in extract_dates(t, lang, datetime.fromisoformat(ref) if ref else None)]
             for t, lang, ref in dates]
json.dump([out, out_dates], open(sys.argv[3], "w"))
"""


def code_before(split: str) -> str:
    """The parent of the first commit whose counts fixture holds lines of this split."""
    added = subprocess.run(["git", "log", "--reverse", "--format=%H", "-S", f'"split": "{split}"', "--",
                            "tests/fixtures/counts.jsonl"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()[0]
    return subprocess.run(["git", "rev-parse", "--short", added + "~1"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()


def first_run(commit: str, counts: list[dict], dates: list[dict]) -> tuple[list, list]:
    """Predictions of the code at `commit` for these labelled lines."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT,
                       capture_output=True, check=True)
        try:
            (Path(tmp) / "in.json").write_text(json.dumps([[[i["text"], i["language"]] for i in counts],
                                                           [[i["text"], i["language"], i.get("reference")]
                                                            for i in dates]]))
            subprocess.run([sys.executable, "-c", _RUN, str(tree), str(Path(tmp) / "in.json"),
                            str(Path(tmp) / "out.json")], check=True)
            return tuple(json.loads((Path(tmp) / "out.json").read_text()))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def main() -> None:
    counts, dates = load("counts.jsonl"), load("dates.jsonl")
    splits = sorted({half(i) for i in counts if re.fullmatch(r"fresh\d*", half(i))},
                    key=lambda s: int(s[5:] or 1))
    scores: dict = defaultdict(Score)
    report = {"bench": "facts_first_runs", "sets": {}}
    for split in splits:
        commit = code_before(split)
        c_lines = [i for i in counts if half(i) == split]
        d_lines = [i for i in dates if half(i) == split]
        c_pred, d_pred = first_run(commit, c_lines, d_lines)
        for item, pred in zip(c_lines, c_pred):
            gold = [count_key(c["value"], c["type"], c["qualifier"]) for c in item["counts"]]
            ours = [count_key(*c) for c in pred]
            for part, keep in (("typed", lambda k: k[0] != "other"), ("money", lambda k: k[0] == "money"),
                               ("other types", lambda k: k[0] not in ("other", "money"))):
                scores[(split, part)].add([o for o in ours if keep(o)], [g for g in gold if keep(g)])
        for item, pred in zip(d_lines, d_pred):
            scores[(split, "dates")].add(pred, list(item["dates"]))
        report["sets"][split] = {"code": commit} | {part: scores[(split, part)].as_dict()
                                                    for part in ("typed", "money", "other types", "dates")}
    report["pooled"] = {}
    for name, members in POOLS.items():
        pooled = {}
        for part in ("typed", "money", "other types", "dates"):
            total = Score()
            for split in members:
                s = scores[(split, part)]
                total.tp, total.pred, total.gold = total.tp + s.tp, total.pred + s.pred, total.gold + s.gold
            pooled[part] = total.as_dict() | {"right": total.tp}
        report["pooled"][name] = pooled
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
