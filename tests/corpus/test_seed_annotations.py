"""The annotated seeds (corpus/annotations/seeds/*.txt) against the cleaner and the spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from kner.corpus.clean import clean_file
from kner.corpus.markup import read_markup
from kner.normalize.schema import norm_problem
from kner.normalize.text import QUOTES
from kner.records import check_record

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "corpus" / "raw"
SEEDS = ROOT / "corpus" / "annotations" / "seeds"
PAIRS = [
    ("seed-000", "000_1e17e0edbc9d0144.txt"),
    ("seed-001", "001_96d2f02b0f10d452.txt"),
    ("seed-002", "002_faae4942ca426890.txt"),
    ("seed-004", "004_b931d85137ad4507.txt"),
]


def _annotated(doc_id: str) -> dict:
    records = read_markup(SEEDS / f"{doc_id}.txt")
    assert len(records) == 1, "one document per seed file"
    return records[0]


@pytest.mark.parametrize("doc_id, raw_name", PAIRS)
def test_markup_matches_the_cleaner(doc_id, raw_name):
    rec, clean = _annotated(doc_id), clean_file(RAW / raw_name)
    assert rec["id"] == clean["id"] == doc_id
    assert rec["meta"]["date"] == clean["meta"]["date"]
    assert rec["meta"]["source"] == raw_name
    assert rec["text"] == clean["text"]


@pytest.mark.parametrize("doc_id", [p[0] for p in PAIRS])
def test_spans_are_well_formed(doc_id):
    rec = _annotated(doc_id)
    check_record(rec)
    assert rec["spans"], "every seed has spans"
    text = rec["text"]
    for span in rec["spans"]:
        surface = text[span["start"]:span["end"]]
        assert norm_problem(span["label"], span["norm"]) is None, surface
        assert surface == surface.strip() and "\n" not in surface, surface
        assert surface[0] not in QUOTES and surface[-1] not in QUOTES, surface  # boundary rule 2


@pytest.mark.parametrize("doc_id", [p[0] for p in PAIRS])
def test_spans_sit_on_token_boundaries(nlp, doc_id):
    rec = _annotated(doc_id)
    doc = nlp(rec["text"])
    misaligned = [rec["text"][s["start"]:s["end"]] for s in rec["spans"]
                  if doc.char_span(s["start"], s["end"]) is None]
    assert misaligned == []


@pytest.mark.parametrize("doc_id, surface, label, norm", [
    # the spec's own examples, taken from these documents
    ("seed-004", "지난해", "DATE", {"type": "date", "value": "2021"}),
    ("seed-004", "수백억대", "MONEY", {"amount": None, "currency": "KRW"}),
    ("seed-004", "92%", "METRIC", {"value": 92, "unit": "%", "approx": False}),
    ("seed-004", "재료연", "ORG", {"id": "한국재료연구원"}),
    ("seed-004", "파워유닛 스마트 제조센터 구축사업", "PROGRAM", {"id": "파워유닛 스마트 제조센터 구축사업"}),
    ("seed-004", "소부장특화단지", "PROGRAM", {"id": "소부장 특화단지"}),
    ("seed-001", "978억원", "MONEY", {"amount": 97800000000, "currency": "KRW"}),
    ("seed-001", "1,400여명", "METRIC", {"value": 1400, "unit": "명", "approx": True}),
    ("seed-001", "121개사", "METRIC", {"value": 121, "unit": "개사", "approx": False}),
    ("seed-001", "15년간", "DATE", {"type": "duration", "value": "P15Y"}),
    ("seed-001", "올해 상반기", "DATE", {"type": "date", "value": "2021-H1"}),
    ("seed-001", "(재)김해의생명산업진흥원", "ORG", {"id": "김해의생명산업진흥원"}),
    ("seed-001", "진흥원", "ORG", {"id": "김해의생명산업진흥원"}),
    ("seed-002", "강원TP", "ORG", {"id": "강원테크노파크"}),
    ("seed-002", "50.6%", "METRIC", {"value": 50.6, "unit": "%", "approx": False}),
    ("seed-002", "㈜지원바이오", "ORG", {"id": "지원바이오"}),
    ("seed-002", "지난해", "DATE", {"type": "date", "value": None}),  # no page date
    ("seed-000", "2019.12.13.", "DATE", {"type": "date", "value": "2019-12-13"}),
    ("seed-000", "4월 16일", "DATE", {"type": "date", "value": "XXXX-04-16"}),
    ("seed-000", "2022년 바이오 원‧부자재 국산화 지원사업", "PROGRAM", {"id": "2022년 바이오 원·부자재 국산화 지원사업"}),
    ("seed-000", "인천상의", "ORG", {"id": "인천상공회의소"}),
    ("seed-000", "38개", "METRIC", {"value": 38, "unit": "개", "approx": False}),
])
def test_spec_examples(doc_id, surface, label, norm):
    rec = _annotated(doc_id)
    found = [s for s in rec["spans"] if rec["text"][s["start"]:s["end"]] == surface]
    assert found, f"{surface!r} is not a span of {doc_id}"
    assert all(s["label"] == label and s["norm"] == norm for s in found)


@pytest.mark.parametrize("doc_id, not_a_span", [
    ("seed-002", "도는"), ("seed-004", "시는"), ("seed-000", "1단계"), ("seed-001", "3기"),
    ("seed-001", "메디컬실용화센터"), ("seed-001", "의생명산업진흥원"), ("seed-001", "통합재단"),
    ("seed-002", "허장현"), ("seed-002", "국비 140억원"), ("seed-004", "92% 이상"),
    ("seed-000", "38개 내외"), ("seed-004", "지원 조례"), ("seed-004", "4대"),
])
def test_not_labelled(doc_id, not_a_span):
    rec = _annotated(doc_id)
    assert not_a_span not in {rec["text"][s["start"]:s["end"]] for s in rec["spans"]}
