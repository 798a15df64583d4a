"""kner.corpus.markup: inline annotation → records, and back."""

from __future__ import annotations

import pytest

from kner.corpus.markup import parse_markup, parse_norm, render_markup
from kner.records import RecordError, check_record

NORMS = [
    ("ORG", "중기부", "중소벤처기업부", {"id": "중소벤처기업부"}),
    ("ORG", "㈜지원바이오", None, {"id": "지원바이오"}),
    ("PROGRAM", "‘지역산업육성사업’", None, {"id": "지역산업육성사업"}),
    ("PROGRAM", "바이오 원‧부자재  지원사업", None, {"id": "바이오 원·부자재 지원사업"}),
    ("MONEY", "978억원", "97800000000", {"amount": 97800000000, "currency": "KRW"}),
    ("MONEY", "20억 달러", "2000000000 USD", {"amount": 2000000000, "currency": "USD"}),
    ("MONEY", "수백억", "null", {"amount": None, "currency": "KRW"}),
    ("DATE", "2019년 12월", "date:2019-12", {"type": "date", "value": "2019-12"}),
    ("DATE", "2년간", "duration:P2Y", {"type": "duration", "value": "P2Y"}),
    ("DATE", "지난해", "date:null", {"type": "date", "value": None}),
    ("METRIC", "1,400여명", "1400 명 ~", {"value": 1400, "unit": "명", "approx": True}),
    ("METRIC", "50.6%", "50.6 %", {"value": 50.6, "unit": "%", "approx": False}),
]


@pytest.mark.parametrize("label,surface,raw,expected", NORMS)
def test_parse_norm(label, surface, raw, expected):
    assert parse_norm(label, surface, raw) == expected


@pytest.mark.parametrize("label,raw", [("MONEY", None), ("DATE", "2019-12"), ("METRIC", "12"), ("MONEY", "1 2 3")])
def test_missing_or_malformed_norm_is_an_error(label, raw):
    with pytest.raises(ValueError):
        parse_norm(label, "x", raw)


SOURCE = """% a comment line
# id=doc-1 date=2022-02-23 source=written-for-kner title=두 단어 제목
[[강원TP|ORG|강원테크노파크]]는 [[지난해|DATE|date:2021]] [[978억원|MONEY|97800000000]]을 확보했다.
둘째 줄의 [[121개사|METRIC|121 개사]].

# id=doc-2 date=null
[[「2022년 바이오 원‧부자재 국산화 지원사업」|PROGRAM]]
"""


def test_parse_documents_offsets_and_meta():
    docs = list(parse_markup(SOURCE))
    assert [d["id"] for d in docs] == ["doc-1", "doc-2"]
    d1 = docs[0]
    assert d1["meta"] == {"date": "2022-02-23", "source": "written-for-kner", "title": "두 단어 제목"}
    assert d1["text"] == "강원TP는 지난해 978억원을 확보했다.\n둘째 줄의 121개사."
    assert [d1["text"][s["start"]:s["end"]] for s in d1["spans"]] == ["강원TP", "지난해", "978억원", "121개사"]
    assert docs[1]["meta"]["date"] is None
    for d in docs:
        check_record(d)


def test_render_then_parse_is_identity():
    for doc in parse_markup(SOURCE):
        assert list(parse_markup(render_markup(doc))) == [doc]


@pytest.mark.parametrize("bad,message", [
    ("orphan line\n", "outside a document"),
    ("# id=x date=null\n[[가|PER]]\n", "is not one of"),
    ("# id=x date=null\n[[가 |ORG]]\n", "white space"),
    ("# id=x date=null\n[[가|ORG\n", "malformed"),
    ("# date=null\n가\n", "no id"),
])
def test_errors_name_file_and_line(bad, message):
    with pytest.raises(RecordError, match=message) as err:
        list(parse_markup(bad, path="f.txt"))
    assert "f.txt:" in str(err.value)
