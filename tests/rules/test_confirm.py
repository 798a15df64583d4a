"""Confirming the model's gap spans (:mod:`kner.rules.confirm`): expectation tables."""

import pytest
from spacy.tokens import Span

from kner.rules.confirm import confirm, coordinated, has_legal_mark, program_confirmed


def _span(doc, text: str, label: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    assert span is not None, (doc.text, text)
    return span


# (text, rule ORG spans, model gap span, kept?)
ORG_CASES = [
    ("삼성바이오로직스, 바이넥스, STJEN바이오가 참여한다.", ["삼성바이오로직스"], "바이넥스", True),
    ("강원TP와 바이넥스가 협약을 맺었다.", ["강원TP"], "바이넥스", True),
    ("에이티엠과 강원TP가 협약을 맺었다.", ["강원TP"], "에이티엠", True),
    ("강원TP·에이티엠 공동 개발", ["강원TP"], "에이티엠", True),
    ("강원TP 및 바이넥스가 참여", ["강원TP"], "바이넥스", True),
    ("㈜에이티엠은 센서를 만든다.", [], "에이티엠", True),
    ("에이티엠(주)은 센서를 만든다.", [], "에이티엠", True),
    ("에이티엠 주식회사는 센서를 만든다.", [], "에이티엠", True),
    ("강원TP 윤정원 원장은 말했다.", ["강원TP"], "윤정원", False),  # only a space: not coordinated
    ("윤정원 원장은 강원TP와 협의했다.", ["강원TP"], "윤정원", False),  # far apart
    ("강원지역의 주력산업은 바이오다.", [], "강원지역의", False),
    ("강원TP는 에이티엠을 지원했다.", ["강원TP"], "에이티엠", False),  # a particle, then the verb's object
]


@pytest.mark.parametrize("text,rule_orgs,gap,kept", ORG_CASES)
def test_org_gaps(nlp, text, rule_orgs, gap, kept):
    doc = nlp.make_doc(text)
    rules = [_span(doc, r, "ORG") for r in rule_orgs]
    span = _span(doc, gap, "ORG")
    assert (confirm([span], rules) == [span]) is kept


def test_a_confirmed_gap_confirms_its_neighbour(nlp):
    doc = nlp.make_doc("㈜에이티엠, 바이넥스, 지원바이오가 선정됐다.")
    gaps = [_span(doc, t, "ORG") for t in ("에이티엠", "바이넥스", "지원바이오")]
    assert confirm(list(reversed(gaps)), []) == gaps  # the mark confirms the first, the list the rest


def test_a_chain_needs_an_anchor(nlp):
    doc = nlp.make_doc("바이넥스, 지원바이오가 선정됐다.")
    gaps = [_span(doc, t, "ORG") for t in ("바이넥스", "지원바이오")]
    assert confirm(gaps, []) == []


# (text, gap PROGRAM span, kept?)
PROGRAM_CASES = [
    ("‘김해시 1인창조기업지원센터’ 등 프로그램", "김해시 1인창조기업지원센터", True),
    ("스마트공장 보급사업을 추진한다.", "스마트공장 보급사업", True),
    ("‘창원시 소부장 산업 육성계획’을 세웠다", "창원시 소부장 산업 육성계획", True),
    ("‘미래산업 글로벌 도시를 견인하’는", "미래산업 글로벌 도시를 견인하", False),
    ("브랜드 ‘쏘큐(SOQU)’를 출시", "쏘큐(SOQU)", False),
]


@pytest.mark.parametrize("text,gap,kept", PROGRAM_CASES)
def test_program_gaps(nlp, text, gap, kept):
    doc = nlp.make_doc(text)
    span = _span(doc, gap, "PROGRAM")
    assert program_confirmed(span) is kept
    assert (confirm([span], []) == [span]) is kept


def test_other_labels_pass(nlp):
    doc = nlp.make_doc("2019년 12월")
    span = doc.char_span(0, len(doc.text), label="DATE")
    assert confirm([span], []) == [span]


def test_helpers(nlp):
    doc = nlp.make_doc("(주)네올, 에이티엠")
    neol, atm = _span(doc, "네올", "ORG"), _span(doc, "에이티엠", "ORG")
    assert has_legal_mark(neol) and not has_legal_mark(atm)
    assert coordinated(neol, atm) and coordinated(atm, neol)
