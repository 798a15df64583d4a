"""kner.corpus.konec: KoNEC BIO rows → records, on an inline sample and on the real dev file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kner.corpus.konec import bio_spans, convert_file, convert_lines, stale_files
from kner.corpus.konec_labels import KONEC_TO_KNER
from kner.records import check_record

ROOT = Path(__file__).resolve().parents[2]


def _block(sid: str, rows: list[tuple[str, str]], header: str | None = None) -> str:
    sentence = header if header is not None else "".join(c for c, _ in rows)
    return f"## {sid}\t{sentence}\n" + "".join(f"{c}\t{t}\n" for c, t in rows)


def _rows(text: str, tags: str) -> list[tuple[str, str]]:
    return list(zip(text, tags.split()))


SAMPLE = (
    "## 토큰, 레이블 구분자 : \\t\n## 컬럼명 : CHAR\tNE_TAG\n"
    + _block("s-1", _rows("중기부는 2020년 3월 30억원", "B-OGG_POLITICS I-OGG_POLITICS I-OGG_POLITICS O O "
                          "B-DT_YEAR I-DT_YEAR I-DT_YEAR I-DT_YEAR I-DT_YEAR O B-DT_MONTH I-DT_MONTH O "
                          "B-QT_PRICE I-QT_PRICE I-QT_PRICE I-QT_PRICE"))
    + "\n"
    + _block("s-2", _rows("박씨 2020년3월 4대강 사업", "B-PS_NAME O O B-DT_YEAR I-DT_YEAR I-DT_YEAR I-DT_YEAR "
                           "I-DT_YEAR B-DT_MONTH I-DT_MONTH O B-TMI_PROJECT I-TMI_PROJECT I-TMI_PROJECT "
                           "I-TMI_PROJECT I-TMI_PROJECT I-TMI_PROJECT"))
)


def test_sample_converts_with_spaces_kept_and_touching_entities_apart():
    records, problems = convert_lines(SAMPLE.splitlines(keepends=True), path="sample.tsv")
    assert problems == []
    assert [r["id"] for r in records] == ["s-1", "s-2"]
    got = [[(s["text"], s["label"], s["source_label"]) for s in r["spans"]] for r in records]
    assert got == [
        [("중기부", "ORG", "OGG_POLITICS"), ("2020년", "DATE", "DT_YEAR"), ("3월", "DATE", "DT_MONTH"),
         ("30억원", "MONEY", "QT_PRICE")],
        # PS_NAME dropped; 2020년3월 touches: two DATE spans; a space inside an entity stays in
        [("2020년", "DATE", "DT_YEAR"), ("3월", "DATE", "DT_MONTH"), ("4대강 사업", "PROGRAM", "TMI_PROJECT")],
    ]
    assert records[0]["text"] == "중기부는 2020년 3월 30억원"
    assert records[0]["meta"] == {"date": None, "source": "konec", "norms": False, "version": "kner-v1.0"}
    for rec in records:
        check_record(rec)
        assert all("norm" not in s for s in rec["spans"])


@pytest.mark.parametrize("rows_text, header, fragment", [
    ("경찰 은", "경찰은", "do not reassemble the header sentence (first difference at offset 2"),
    ("경찰은", "경찰은 ", "do not reassemble"),
])
def test_reassembly_mismatch_is_reported(rows_text, header, fragment):
    block = _block("s-9", [(c, "O") for c in rows_text], header=header)
    records, problems = convert_lines(block.splitlines(keepends=True), path="x.tsv")
    assert len(records) == 1
    assert [(p.line, p.sentence_id) for p in problems] == [(1, "s-9")]
    assert fragment in problems[0].message


@pytest.mark.parametrize("row, fragment", [
    ("경B-OGG_ECONOMY", "is not 'char<TAB>TAG'"),
    ("경찰\tO", "is not 'char<TAB>TAG'"),
    ("경\tX-OGG", "is not O, B-X or I-X"),
])
def test_malformed_rows_are_reported(row, fragment):
    text = f"## s-1\t경\n{row}\n"
    _, problems = convert_lines(text.splitlines(keepends=True))
    assert any(fragment in p.message for p in problems), [p.message for p in problems]


@pytest.mark.parametrize("tags, spans", [
    (["B-A", "I-A", "O"], [(0, 2, "A")]),
    (["B-A", "B-A"], [(0, 1, "A"), (1, 2, "A")]),
    (["B-A", "I-B"], [(0, 1, "A"), (1, 2, "B")]),
    (["O", "I-A", "I-A"], [(1, 3, "A")]),
    (["O", "O"], []),
])
def test_bio_spans(tags, spans):
    assert bio_spans(tags) == spans


def test_the_real_dev_file(konec_path):
    records, problems = convert_file(konec_path)
    assert [p.describe() for p in problems] == []  # every sentence reassembles exactly
    assert len(records) == 5000 and len({r["id"] for r in records}) == 5000
    # independent count: one mapped entity per B- row of a mapped tag (the file has no stray I-)
    expected: Counter = Counter()
    for line in konec_path.read_text(encoding="utf-8").splitlines():
        tag = line.rpartition("\t")[2]
        if not line.startswith("## ") and tag.startswith("B-") and tag[2:] in KONEC_TO_KNER:
            expected[KONEC_TO_KNER[tag[2:]]] += 1
    assert Counter(s["label"] for r in records for s in r["spans"]) == expected
    for rec in records:
        check_record(rec)


def test_the_committed_external_set_is_current(konec_path):
    assert stale_files(ROOT / "corpus" / "external" / "konec", source_dir=konec_path.parent) == []
