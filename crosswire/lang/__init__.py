"""Language data stored as data, not code: ``crosswire/lang/<code>/<name>.json``, loaded once.

Each file is one language's word lists for one stage (``counts.json``: what a count counts, who
gives it, what hedges it, which words imply a count without digits). Term syntax is that of the
lexicons in `crosswire.extract.counts`: space-separated terms, ``_`` joins the words of a phrase, a
trailing ``*`` marks a stem; terms are folded (case and accents) when they are compiled.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(language: str, name: str) -> dict:
    """The `name` data of a language ({} when the language has none)."""
    path = ROOT / language / f"{name}.json"
    if not language.isalpha() or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def languages(name: str) -> tuple[str, ...]:
    """Every language that has `name` data."""
    return tuple(sorted(p.parent.name for p in ROOT.glob(f"*/{name}.json")))
