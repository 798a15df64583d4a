"""Fixtures for the normaliser tests: the document date of the brief, corpus markup files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKUP_DIRS = (ROOT / "corpus" / "annotations" / "seeds", ROOT / "corpus" / "annotations" / "supplement")


@pytest.fixture(scope="session")
def doc_date() -> dt.date:
    """The document date the spec's relative-date examples use."""
    return dt.date(2022, 2, 23)


def markup_files() -> list[Path]:
    """Every corpus markup source file that exists now."""
    return sorted(p for d in MARKUP_DIRS if d.is_dir() for p in d.glob("*.txt"))
