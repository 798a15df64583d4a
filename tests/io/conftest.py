"""Fixtures of the round-trip tests: the corpus, a doccano client, fresh project names."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from kner.records import load_records

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "corpus" / "kner-v1.0"
CORPUS_FILES = ("train.jsonl", "dev.jsonl", "test.jsonl")


@pytest.fixture(scope="session")
def corpus_records() -> list[dict]:
    """Every record of kner-v1.0 (train, dev, test); skips until the corpus is built."""
    paths = [CORPUS_DIR / name for name in CORPUS_FILES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"corpus not built yet ({', '.join(missing)} missing; run `kner corpus build`)")
    return [r for p in paths for r in load_records(p)]


@pytest.fixture(scope="session")
def corpus_splits() -> dict | None:
    """The corpus splits.json, or None when absent."""
    from kner.corpus.splits import load_splits

    path = CORPUS_DIR / "splits.json"
    return load_splits(path) if path.exists() else None


@pytest.fixture(scope="session")
def doccano_client():
    """A logged-in client for the doccano server named by KNER_DOCCANO_URL (skips without it)."""
    if not os.environ.get("KNER_DOCCANO_URL"):
        pytest.skip("no doccano server: set KNER_DOCCANO_URL, KNER_DOCCANO_USER and KNER_DOCCANO_PASSWORD "
                    "(scripts/doccano_server.sh start runs one on 127.0.0.1)")
    from kner.io.doccano import Credentials, DoccanoClient

    return DoccanoClient(Credentials.resolve())


@pytest.fixture
def project_name() -> str:
    """A fresh doccano project name per test."""
    return f"kner-test-{uuid.uuid4().hex[:10]}"
