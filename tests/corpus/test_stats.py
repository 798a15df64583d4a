"""kner.corpus.stats: counts on a tiny corpus and the README block between markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kner.corpus.stats import END, START, corpus_tables, count, readme_is_current, render_tables, replace_block, \
    write_readme

ROOT = Path(__file__).resolve().parents[2]


def _rec(doc_id, text, labels, source):
    spans = [{"start": 0, "end": 1, "label": label, "norm": {}} for label in labels]
    return {"id": doc_id, "text": text, "meta": {"date": None, "source": source}, "spans": spans}


CORPUS = [
    _rec("g1", "가나다\n라마", ["ORG", "ORG", "DATE"], "page-1.txt"),
    _rec("g2", "바사", ["MONEY"], "page-2.txt"),
    _rec("s1", "아자차", ["METRIC", "PROGRAM"], "written-for-kner"),
    _rec("s2", "카", [], "written-for-kner"),
]
SPLITS = {"version": "kner-v1.0", "train": ["g1", "s1", "s2"], "dev": ["g2"], "test": [], "folds": [["g1"], ["g2"]]}
EXTERNAL = {"konec-dev": [_rec("k1", "타파하", ["DATE", "DATE"], "konec")]}


def test_count():
    c = count(CORPUS)
    assert (c.documents, c.lines, c.characters, c.spans) == (4, 5, 12, 6)
    assert c.labels == {"ORG": 2, "DATE": 1, "MONEY": 1, "METRIC": 1, "PROGRAM": 1}


def test_tables_per_split_and_source():
    rows = {line.split(" | ")[0].lstrip("| "): line for line in render_tables(CORPUS, SPLITS, EXTERNAL).splitlines()
            if line.startswith("| ")}
    # documents | lines | characters | spans | ORG | PROGRAM | MONEY | DATE | METRIC
    assert rows["train"] == "| train | 3 | 4 | 10 | 5 | 2 | 1 | 0 | 1 | 1 |"
    assert rows["dev"] == "| dev | 1 | 1 | 2 | 1 | 0 | 0 | 1 | 0 | 0 |"
    assert rows["test"] == "| test | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert rows["gold (seed documents)"] == "| gold (seed documents) | 2 | 3 | 8 | 4 | 2 | 0 | 1 | 1 | 0 |"
    assert rows["supplement (train only)"] == "| supplement (train only) | 2 | 2 | 4 | 2 | 0 | 1 | 0 | 0 | 1 |"
    assert rows["**all (kner-v1.0)**"] == "| **all (kner-v1.0)** | 4 | 5 | 12 | 6 | 2 | 1 | 1 | 1 | 1 |"
    assert rows["external: konec-dev (eval only)"].endswith("| 1 | 1 | 3 | 2 | 0 | 0 | 0 | 2 | 0 |")
    assert rows["`written-for-kner`"] == "| `written-for-kner` | s1 … s2 | train | 2 | 2 | 4 | 2 | 0 | 1 | 0 | 0 | 1 |"
    assert rows["`page-2.txt`"] == "| `page-2.txt` | g2 | dev | 1 | 1 | 2 | 1 | 0 | 0 | 1 | 0 | 0 |"
    assert rows["`konec`"].startswith("| `konec` | k1 | external | 1 |")


def test_readme_block_is_replaced_and_checked(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# corpus\n\n{START}\nSTALE TABLE\n{END}\n\nafter\n", encoding="utf-8")
    tables = render_tables(CORPUS, SPLITS)
    assert not readme_is_current(readme, tables)
    assert write_readme(readme, tables) is True
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# corpus\n\n" + START + "\n") and text.endswith(END + "\n\nafter\n")
    assert "STALE TABLE" not in text and "| train | 3 |" in text
    assert readme_is_current(readme, tables)
    assert write_readme(readme, tables) is False  # idempotent


@pytest.mark.parametrize("readme", ["no markers", f"{START} only", f"{END} {START}", f"{START}{END}{START}{END}"])
def test_markers_are_required_once(readme):
    with pytest.raises(ValueError, match="stats:start"):
        replace_block(readme, "x")


def test_the_committed_readme_is_current():
    assert readme_is_current(ROOT / "corpus" / "README.md", corpus_tables(ROOT / "corpus"))
