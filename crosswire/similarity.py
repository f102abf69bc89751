"""Article-to-article similarity: the one score that story clustering and evaluation share.

`Signals` are the cheap facts an article already has (vector, time, numbers, names); `pair_score`
turns two of them into a same-story score in [0, 1]. (Interim: cosine only; replaced by the
fitted model.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np


@dataclass(frozen=True)
class Signals:
    vector: np.ndarray                                   # unit-norm embedding, float32
    published: datetime | None = None
    numbers: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)   # romanised names / entity keys


def pair_score(a: Signals, b: Signals) -> float:
    return float(np.dot(a.vector, b.vector))


SAME_STORY_THRESHOLD = 0.85
