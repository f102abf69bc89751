"""Shared test fixtures: the seed articles (bundled in examples/) and ../shared data in place."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "examples"


def seed_text(prefix: str) -> str:
    """A seed article's text by its number, e.g. seed_text("002")."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def cw(tmp_path):
    import crosswire

    with crosswire.open(tmp_path / "test.db") as handle:
        yield handle


@pytest.fixture(scope="session")
def seeded(tmp_path_factory):
    """A database holding the five seeds, ingested once for the whole session (read-only use)."""
    import crosswire

    db = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with crosswire.open(db) as handle:
        handle.ingest([SEEDS])
    handle = crosswire.open(db)
    yield handle
    handle.close()


@pytest.fixture(scope="session")
def seeded_db(seeded):
    """The path of the seeds database (for the CLI run as a subprocess; read-only use)."""
    return seeded.path
