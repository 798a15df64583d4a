"""Session fixtures shared by every test module: one Kiwi, one blank kner pipeline, paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under the shared data folder beside the repository (``../shared``)."""
    return SHARED.joinpath(*parts)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def load_script():
    """``load_script("bench_speed")``: ``scripts/bench_speed.py`` as a module (the scripts are not
    a package), loaded once per session."""
    import importlib.util

    loaded: dict = {}

    def load(name: str):
        if name not in loaded:
            spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            loaded[name] = module
        return loaded[name]

    return load


@pytest.fixture(scope="session")
def nlp():
    """One blank Korean pipeline with kner's Kiwi tokenizer for the whole session."""
    import kner

    return kner.blank()


@pytest.fixture(scope="session")
def kiwi(nlp):
    """The session's Kiwi analyser (the one inside the ``nlp`` fixture's tokenizer)."""
    return nlp.tokenizer.kiwi


@pytest.fixture(scope="session")
def konec_path() -> Path:
    """KoNEC dev TSV from the shared data folder (skips when absent)."""
    path = shared_path("datasets", "konec", "konec-dev.tsv")
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def konec_records(konec_path):
    """KoNEC dev converted to kner records (labels mapped per its LICENSE-NOTE)."""
    from kner.corpus.konec import convert_file

    records, _problems = convert_file(konec_path)
    return records


@pytest.fixture(scope="session")
def konec_docs(nlp, konec_records):
    """``(texts, docs)``: every KoNEC dev sentence tokenised once by kner's tokenizer."""
    texts = [r["text"] for r in konec_records]
    return texts, list(nlp.tokenizer.pipe(texts))


@pytest.fixture(scope="session")
def konec_entities(konec_records):
    """Per sentence, the KoNEC entities mapped to ORG, DATE, MONEY, METRIC."""
    keep = {"ORG", "DATE", "MONEY", "METRIC"}
    return [[s for s in r["spans"] if s["label"] in keep] for r in konec_records]
