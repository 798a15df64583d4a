"""kner.records: the document record's checks, reading with error reports, atomic writes."""

from __future__ import annotations

import json

import pytest

from kner.records import RecordError, check_record, read_records, write_records

GOOD = {"id": "d1", "text": "강원TP는 978억원을", "meta": {"date": "2022-02-23", "source": "x"},
        "spans": [{"start": 0, "end": 4, "label": "ORG", "norm": {"id": "강원테크노파크"}},
                  {"start": 6, "end": 11, "label": "MONEY", "norm": {"amount": 97800000000, "currency": "KRW"}}]}


def _with(**changes):
    rec = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if key.startswith("span0_"):
            rec["spans"][0][key[6:]] = value
        else:
            rec[key] = value
    return rec


BROKEN = [
    (["not", "a", "dict"], "JSON object"),
    (_with(id=""), "non-empty string 'id'"),
    (_with(text=None), "string 'text'"),
    (_with(meta={"date": "22-02-23"}), "meta.date"),
    (_with(span0_start=-1), "out of range"),
    (_with(span0_end=99), "out of range"),
    (_with(span0_end=0), "out of range"),
    (_with(span0_label="PER"), "is not one of"),
    (_with(span0_start="0"), "integers"),
    (_with(span0_end=8), "overlaps"),
    (_with(span0_text="강원"), "span text"),
    (_with(spans={"a": 1}), "must be a list"),
]


def test_good_record_passes():
    check_record(GOOD)


@pytest.mark.parametrize("record,message", BROKEN)
def test_broken_records_are_named(record, message):
    with pytest.raises(RecordError, match=message):
        check_record(record)


def test_read_reports_file_and_line_and_keeps_good_lines(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n{broken\n\n" + json.dumps(_with(id="d2"), ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = read_records(path, strict=False)
    assert [r["id"] for r in result.records] == ["d1", "d2"]
    assert len(result.errors) == 1 and result.errors[0].line == 2
    assert f"{path}:2" in str(result.errors[0])
    with pytest.raises(RecordError, match="invalid JSON"):
        read_records(path, strict=True)


def test_unreadable_file_is_a_record_error(tmp_path):
    with pytest.raises(RecordError, match="cannot read"):
        read_records(tmp_path / "missing.jsonl")


def test_write_is_atomic_and_round_trips(tmp_path):
    path = tmp_path / "out" / "r.jsonl"
    assert write_records(path, [GOOD, _with(id="d2")]) == 2
    assert [r["id"] for r in read_records(path).records] == ["d1", "d2"]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith('{"id": "d1", "text": "강원TP는')


def test_atomic_write_gives_files_the_usual_mode(tmp_path):
    import os

    from kner.records import atomic_write_text

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
