"""kner.corpus.validate: every error kind is caught and named by file, line, document and span."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path

import pytest

from kner.corpus.validate import (alignment_problem, check_record, spacy_tokenize, validate_corpus,
                                  validate_file)

ROOT = Path(__file__).resolve().parents[2]
TEXT = "중기부는 올해 3억원을 지원한다.\n둘째 줄에는 121개사가 있다."
GOOD = {
    "id": "doc-1",
    "text": TEXT,
    "meta": {"date": "2023-01-05", "source": "test", "version": "kner-v1.0"},
    "spans": [
        {"start": 0, "end": 3, "label": "ORG", "text": "중기부", "norm": {"id": "중소벤처기업부"}},
        {"start": 5, "end": 7, "label": "DATE", "text": "올해", "norm": {"type": "date", "value": "2023"}},
        {"start": 8, "end": 11, "label": "MONEY", "text": "3억원", "norm": {"amount": 300000000, "currency": "KRW"}},
        {"start": 26, "end": 31, "label": "METRIC", "text": "121개사",
         "norm": {"value": 121, "unit": "개사", "approx": False}},
    ],
}


def _span(start, end, label="ORG", norm=None, **extra):
    s = {"start": start, "end": end, "label": label, "norm": norm or {"id": "x"}}
    s.update(extra)
    return s


def _with(**changes):
    """GOOD with top-level keys, meta keys (``meta__key``) or span 0 keys (``span0__key``) changed."""
    rec = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if key.startswith("meta__"):
            rec["meta"][key[6:]] = value
        elif key.startswith("span0__"):
            rec["spans"][0][key[7:]] = value
        elif key == "add_span":
            rec["spans"].append(value)
        else:
            rec[key] = value
    return rec


# (name, broken record, expected message fragment)
BROKEN = [
    ("end past the text", _with(span0__end=100), "offsets out of range for a text of length"),
    ("empty span", _with(span0__end=0), "offsets out of range"),
    ("negative start", _with(span0__start=-1), "offsets out of range"),
    ("string offset", _with(span0__start="0"), "span offsets must be integers"),
    ("span text differs", _with(span0__text="중기"), "span text '중기' != text[start:end] '중기부'"),
    ("overlap", _with(add_span=_span(1, 4, text="기부는")), "span overlaps [0,3) ORG '중기부'"),
    ("label not in set", _with(span0__label="PER"), "label 'PER' is not one of ORG, PROGRAM, MONEY, DATE, METRIC"),
    ("norm of the wrong shape", _with(span0__norm={"name": "x"}), "ORG norm has exactly the key id"),
    ("norm missing", _with(span0__norm=None), "norm must be an object"),
    ("money norm not an int", _with(spans=[_span(8, 11, "MONEY", {"amount": "3억", "currency": "KRW"})]),
     "MONEY amount must be a non-negative integer or null"),
    ("date value not TIMEX3", _with(spans=[_span(5, 7, "DATE", {"type": "date", "value": "올해"})]),
     "is not a TIMEX3 date value"),
    ("text not NFC", _with(text=unicodedata.normalize("NFD", TEXT), spans=[]), "text is not NFC-normalised"),
    ("meta.date format", _with(meta__date="2023.01.05"), "meta.date must be YYYY-MM-DD or null"),
    ("no source", _with(meta__source=""), "meta.source must be a non-empty string"),
    ("no version", _with(meta={"date": None, "source": "test"}), "meta.version must be 'kner-v1.0'"),
    ("white space at an edge", _with(spans=[_span(3, 5, text="는 ")]), "starts or ends with white space"),
    ("crosses a line", _with(spans=[_span(17, 20)]), "crosses a line break"),
    ("out of order", _with(spans=list(reversed(GOOD["spans"]))), "spans are not in order of start offset"),
    ("norm where norms are absent", _with(meta__norms=False), "span has a norm but the record says meta.norms = false"),
    ("meta.norms not a bool", _with(meta__norms="no"), "meta.norms must be true or false"),
    ("unknown key", _with(extra=1), "unknown record keys: extra"),
    ("no id", _with(id=""), "record needs a non-empty string 'id'"),
    ("no text", _with(text=None), "record needs a string 'text'"),
    ("spans not a list", _with(spans={}), "record needs a 'spans' list"),
]


def test_the_good_record_passes():
    assert check_record(GOOD) == ([], [])


@pytest.mark.parametrize("name, record, fragment", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_error_kind_is_caught(name, record, fragment):
    errors, _ = check_record(record)
    messages = [e.message for e in errors]
    assert any(fragment in m for m in messages), messages


def test_external_records_may_lack_norms():
    rec = copy.deepcopy(GOOD)
    rec["meta"]["norms"] = False
    for s in rec["spans"]:
        del s["norm"]
    assert check_record(rec) == ([], [])
    # ...while the corpus itself may not
    rec["meta"]["norms"] = True
    assert len(check_record(rec)[0]) == 4


@pytest.mark.parametrize("tokens, start, end, fragment", [
    ([(0, 3), (3, 4)], 0, 3, None),
    ([(0, 3), (3, 4)], 0, 2, "end 2 falls inside token '중기부'"),
    ([(0, 3), (3, 4)], 1, 3, "start 1 falls inside token '중기부'"),
    ([(0, 3), (5, 7)], 4, 7, "start 4 is not a token start"),
])
def test_alignment_problem(tokens, start, end, fragment):
    problem = alignment_problem("중기부는 올해", tokens, start, end)
    assert (problem is None) if fragment is None else (fragment in problem)


def _write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_file_errors_name_file_line_document_and_span(tmp_path):
    bad = _with(id="doc-2", span0__end=100)
    path = _write_jsonl(tmp_path / "c.jsonl", [GOOD, bad, GOOD])
    report = validate_file(path)
    described = [e.describe() for e in report.errors]
    assert f"{path}:2 | doc doc-2 | span [0,100) ORG: offsets out of range for a text of length 36" in described
    assert f"{path}:3 | doc doc-1: duplicate id (first at line 1)" in described
    assert (report.records, report.spans) == (3, 12)


def test_bad_json_is_named_by_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    [error] = validate_file(path).errors
    assert error.line == 2 and "invalid JSON" in error.message


def test_misaligned_span_is_an_error_in_the_corpus_and_a_warning_outside(nlp, tmp_path):
    tokenize = spacy_tokenize(nlp)
    misaligned = _with(id="doc-2", spans=[_span(0, 2, text="중기")])  # cuts the token 중기부
    external = copy.deepcopy(misaligned)
    external["meta"]["norms"] = False
    del external["spans"][0]["norm"]
    path = _write_jsonl(tmp_path / "c.jsonl", [GOOD, misaligned])
    report = validate_file(path, tokenize=tokenize)
    assert [(e.line, e.span["end"]) for e in report.errors] == [(2, 2)]
    assert "is not aligned to kner's tokens" in report.errors[0].message
    ext = _write_jsonl(tmp_path / "e.jsonl", [external])
    assert validate_file(ext, tokenize=tokenize).ok  # external alignment is off by default
    report = validate_file(ext, tokenize=tokenize, align_external=True)
    assert report.ok and len(report.warnings) == 1


def test_markup_sources_are_named_by_their_markup_line(nlp, tmp_path):
    path = tmp_path / "part.txt"
    path.write_text(
        "% comment\n"
        "# id=m-1 date=2023-01-05 source=written-for-kner\n"
        "[[중기부|ORG|중소벤처기업부]]는 지원한다.\n"
        "[[중기|ORG|중소벤처기업부]]부는 [[올해|DATE|date:2023]] 지원한다.\n",
        encoding="utf-8")
    report = validate_file(path, tokenize=spacy_tokenize(nlp))
    assert [(e.line, e.doc_id, e.span["start"]) for e in report.errors] == [(4, "m-1", 11)]


def test_markup_that_does_not_parse_is_an_error(tmp_path):
    path = tmp_path / "part.txt"
    path.write_text("# id=m-1 date=null\n[[3억원|MONEY]] 지원\n", encoding="utf-8")
    [error] = validate_file(path).errors
    assert error.line == 2 and "needs an explicit norm" in error.message


def test_the_committed_corpus_is_valid(nlp):
    report = validate_corpus(ROOT / "corpus", tokenize=spacy_tokenize(nlp))
    assert [e.describe() for e in report.errors] == []
    assert report.records > 10000  # gold, supplement and both KoNEC files


def test_cli_exits_non_zero_naming_the_problem(tmp_path):
    from typer.testing import CliRunner

    from kner.cli import app

    path = _write_jsonl(tmp_path / "c.jsonl", [GOOD, _with(id="doc-2", span0__label="PER")])
    result = CliRunner().invoke(app, ["corpus", "validate", "--no-align", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2 | doc doc-2 | span [0,3) PER: label 'PER' is not one of" in result.output
    clean = _write_jsonl(tmp_path / "ok.jsonl", [GOOD])
    assert CliRunner().invoke(app, ["corpus", "validate", "--no-align", str(clean)]).exit_code == 0
