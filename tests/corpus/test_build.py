"""kner.corpus.build: sources → versioned corpus files, deterministic, with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kner.corpus.build import OUTPUT_FILES, BuildError, CorpusPaths, build_files, stale_files, write_corpus
from kner.corpus.splits import check_splits

ROOT = Path(__file__).resolve().parents[2]

# Three tiny raw captures (one chrome line each, dropped by the cleaner) and their annotations.
RAW = {
    "000_aaaa.txt": "보도자료\n인천시는 올해 3억원을 지원한다.\n기업 12개사가 참여한다.\n",
    "001_bbbb.txt": "기사수정\n김해시는 지난해 사업을 마쳤다.\n",
    "002_cccc.txt": "강원TP는 2년간 사업을 한다.\n",
}
SEEDS = {
    "seed-000.txt": "# id=seed-000 date=null source=000_aaaa.txt\n"
                    "[[인천시|ORG|인천광역시]]는 [[올해|DATE|date:null]] [[3억원|MONEY|300000000]]을 지원한다.\n"
                    "기업 [[12개사|METRIC|12 개사]]가 참여한다.\n",
    "seed-001.txt": "# id=seed-001 date=null source=001_bbbb.txt\n"
                    "[[김해시|ORG|김해시]]는 [[지난해|DATE|date:null]] 사업을 마쳤다.\n",
    "seed-002.txt": "# id=seed-002 date=null source=002_cccc.txt\n"
                    "[[강원TP|ORG|강원테크노파크]]는 [[2년간|DATE|duration:P2Y]] 사업을 한다.\n",
}
SUPPLEMENT = {
    "part-b.txt": "# id=sup-b-001 date=2023-01-05\n[[중기부|ORG|중소벤처기업부]]가 발표했다.\n",
    "part-a.txt": "% a comment\n# id=sup-a-001 date=2023-01-05 source=written-for-kner\n"
                  "[[5일|DATE|date:2023-01-05]] 공고했다.\n둘째 문장이다.\n\n"
                  "# id=sup-a-002 date=null\n[[50%|METRIC|50 %]] 늘었다.\n",
}


def _corpus(tmp_path: Path, seeds: dict | None = None) -> CorpusPaths:
    paths = CorpusPaths(tmp_path / "corpus")
    for folder, files in ((paths.raw, RAW), (paths.seed_annotations, seeds or SEEDS),
                          (paths.supplement_annotations, SUPPLEMENT)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return paths


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_build_assembles_gold_supplement_and_splits(tmp_path):
    files = build_files(_corpus(tmp_path))
    assert sorted(files) == sorted(OUTPUT_FILES)
    gold, supplement = _jsonl(files["gold.jsonl"]), _jsonl(files["supplement.jsonl"])
    assert [r["id"] for r in gold] == ["seed-000", "seed-001", "seed-002"]
    assert gold[0]["text"] == "인천시는 올해 3억원을 지원한다.\n기업 12개사가 참여한다."  # the cleaner's text
    assert gold[0]["meta"]["source"] == "000_aaaa.txt" and gold[0]["meta"]["version"] == "kner-v1.0"
    assert "removed" in gold[0]["meta"]  # provenance from the cleaner is kept
    assert gold[0]["spans"][2] == {"start": 8, "end": 11, "label": "MONEY", "text": "3억원",
                                   "norm": {"amount": 300000000, "currency": "KRW"}}
    # supplement: file-name order, default source, version
    assert [r["id"] for r in supplement] == ["sup-a-001", "sup-a-002", "sup-b-001"]
    assert {r["meta"]["source"] for r in supplement} == {"written-for-kner"}
    assert supplement[0]["text"] == "5일 공고했다.\n둘째 문장이다."
    splits = json.loads(files["splits.json"])
    assert splits == {"version": "kner-v1.0", "train": ["seed-000", "sup-a-001", "sup-a-002", "sup-b-001"],
                      "dev": ["seed-001"], "test": ["seed-002"],
                      "folds": [["seed-000"], ["seed-001"], ["seed-002"]]}
    assert check_splits(splits, [r["id"] for r in gold], [r["id"] for r in supplement]) == []
    assert [r["id"] for r in _jsonl(files["train.jsonl"])] == splits["train"]
    assert _jsonl(files["dev.jsonl"]) == [gold[1]] and _jsonl(files["test.jsonl"]) == [gold[2]]


def test_build_is_deterministic_and_check_sees_staleness(tmp_path):
    paths = _corpus(tmp_path)
    write_corpus(paths)
    first = {name: (paths.out / name).read_bytes() for name in OUTPUT_FILES}
    assert stale_files(paths) == []
    write_corpus(paths)
    assert {name: (paths.out / name).read_bytes() for name in OUTPUT_FILES} == first
    with (paths.supplement_annotations / "part-b.txt").open("a", encoding="utf-8") as fh:
        fh.write("\n# id=sup-b-002 date=null\n새 문장이다.\n")
    assert stale_files(paths) == ["supplement.jsonl", "splits.json", "train.jsonl"]
    (paths.out / "dev.jsonl").unlink()
    assert "dev.jsonl" in stale_files(paths)


@pytest.mark.parametrize("seed_file, text, fragment", [
    ("seed-001.txt", "# id=seed-001 date=null source=001_bbbb.txt\n[[김해시|ORG]]는 작년에 사업을 마쳤다.\n",
     "seed-001.txt:2 | doc seed-001: annotated text differs from the clean text in text line 1, column 6"),
    ("seed-001.txt", "# id=seed-001 date=2021-01-01 source=001_bbbb.txt\n[[김해시|ORG]]는 지난해 사업을 마쳤다.\n",
     "date=2021-01-01 but the clean document has date None"),
    ("seed-001.txt", "# id=seed-009 date=null\n김해시는 지난해 사업을 마쳤다.\n",
     "seed documents without annotations"),
    ("seed-001.txt", "# id=seed-001 date=null\n[[3억원|MONEY]] 지원\n", "seed-001.txt:2 | doc seed-001: MONEY span"),
])
def test_build_errors_name_the_source(tmp_path, seed_file, text, fragment):
    paths = _corpus(tmp_path, {**SEEDS, seed_file: text})
    with pytest.raises(BuildError) as exc:
        build_files(paths)
    assert fragment in str(exc.value)


@pytest.mark.parametrize("make, fragment", [
    (lambda root: None, "corpus directory {root} does not exist"),
    (lambda root: root.mkdir(), "no seed documents (raw captures *.txt) in {root}/raw"),
    (lambda root: (root / "raw").mkdir(parents=True), "no seed documents (raw captures *.txt) in {root}/raw"),
])
def test_a_missing_corpus_is_named_not_blamed_on_the_split_plan(tmp_path, make, fragment):
    root = tmp_path / "corpus"
    make(root)
    with pytest.raises(BuildError) as exc:
        build_files(CorpusPaths(root))
    assert str(exc.value) == fragment.format(root=root)


def test_a_duplicate_id_fails(tmp_path):
    paths = _corpus(tmp_path)
    (paths.supplement_annotations / "part-c.txt").write_text("# id=seed-000 date=null\n문장.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="seed-000 occurs twice"):
        build_files(paths)


def test_the_committed_corpus_is_up_to_date():
    assert stale_files(CorpusPaths(ROOT / "corpus")) == []
