"""Encoders behind one registry: `load("cpu")` today, another backend registered later.

Callers ask for an `Encoder` by backend name and never import a backend module themselves.
"""
from __future__ import annotations

import importlib
from functools import cache
from typing import Callable

from crosswire.encode.base import (
    DEFAULT_REPRESENTATION, REPRESENTATIONS, Encoder, article_pieces, article_text,
    encode_articles, name_embedder, normalise, pack, unpack,
)

_BACKENDS: dict[str, str | Callable[..., Encoder]] = {"cpu": "crosswire.encode.cpu:E5Encoder"}


def register(name: str, factory: str | Callable[..., Encoder]) -> None:
    """Add a backend: a callable returning an Encoder, or "module:attr" imported on first use."""
    _BACKENDS[name] = factory


@cache
def load(name: str = "cpu", **options) -> Encoder:
    """The backend's encoder, loaded once per process per (name, options)."""
    if name not in _BACKENDS:
        raise ValueError(f"unknown encoder {name!r}; known: {', '.join(sorted(_BACKENDS))}")
    factory = _BACKENDS[name]
    if isinstance(factory, str):
        module, attr = factory.split(":")
        factory = getattr(importlib.import_module(module), attr)
    return factory(**options)


__all__ = [
    "DEFAULT_REPRESENTATION", "REPRESENTATIONS", "Encoder", "article_pieces", "article_text",
    "encode_articles", "load", "name_embedder", "normalise", "pack", "register", "unpack",
]
