"""Tests of kner.rules.gazetteer: the list-based finders (Tokens) and their expectation table."""

import pytest

from kner.rules.gazetteer import Tokens, _ends_word, _starts_word, legal_form_matches, suffix_matches

# (text, kb_matches, legal_form_matches, suffix_matches): the texts of the candidates found
EXPECTATIONS = [
    ("강원테크노파크는 지원했다.", ["강원테크노파크"], [], ["강원테크노파크"]),
    ("김해시는 발표했다.", ["김해시"], [], []),  # an acting government (spec 9)
    ("김해시의 지속성장", [], [], []),  # a place, not an actor
    ("㈜네올과 협약을 맺었다.", ["㈜네올", "네올"], ["㈜네올"], []),
    ("(재)춘천바이오산업진흥원이 주관한다.", ["(재)춘천바이오산업진흥원", "춘천바이오산업진흥원"],
     ["(재)춘천바이오산업진흥원"], []),
    ("삼성전자㈜는 밝혔다.", ["삼성전자㈜"], ["삼성전자㈜"], ["삼성전자"]),
    ("춘천바이오산업진흥원은 말했다.", ["춘천바이오산업진흥원"], [], ["춘천바이오산업진흥원"]),
    ("인천지역 기업", [], [], []),  # glued to a noun: not a whole word
    ("한국바이오협회장이 말했다.", [], [], []),
    ("메디컬실용화센터에서", [], [], []),  # a bare …센터 is no head
    # national organisations of any news text: aliases and former names of the KB
    ("국정원과 대검, 선관위가 밝혔다.", ["국정원", "대검", "선관위"], [], []),
    ("한나라당은 새누리당으로 이름을 바꿨다.", ["한나라당", "새누리당"], [], []),
    ("KBS와 연합뉴스, 조선일보가 보도했다.", ["KBS", "연합뉴스", "조선일보"], [], []),
    ("유엔과 IMF, 세계보건기구는 경고했다.", ["유엔", "IMF", "세계보건기구"], [], []),
    ("삼성과 LG, 현대차그룹이 투자한다.", ["삼성", "LG", "현대차그룹"], [], ["현대차그룹"]),
    # ✗ words left out of the KB on purpose: ordinary words, places, generic references
    ("현대 사회에서 한국 정부와 국민은 대한 신세계를 열었다.", [], [], []),
    ("우리 경찰과 검찰은 하나의 EU 시장을 본다.", [], [], []),
]


@pytest.fixture(scope="module")
def gazetteer(rules_nlp):
    return rules_nlp.get_pipe("kner_rules").gazetteer


@pytest.mark.parametrize("text,kb,legal,suffix", EXPECTATIONS)
def test_finders(rules_nlp, gazetteer, text, kb, legal, suffix):
    doc = rules_nlp.make_doc(text)
    toks = Tokens(doc)
    assert [doc[i:j].text for i, j, _ in gazetteer.kb_matches(doc, toks)] == kb
    assert [doc[i:j].text for i, j, _ in legal_form_matches(doc, toks)] == legal
    assert [doc[i:j].text for i, j, _ in suffix_matches(doc, toks)] == suffix


def test_tokens_agree_with_the_doc(rules_nlp):
    """The lists of Tokens give what the Doc gives: run texts, word edges, white space."""
    text = "2024년 강원테크노파크(이하 강원TP)는  ㈜네올과\n'바이오 펀드' 1,200억 원을 조성했다."
    doc = rules_nlp.make_doc(text)
    toks = Tokens(doc)
    assert toks.n == len(doc) and toks.text == doc.text
    for i in range(len(doc)):
        assert toks.starts_word(i) == _starts_word(doc, i)
        for j in range(i + 1, min(len(doc), i + 12) + 1):
            assert toks.span_text(i, j) == doc[i:j].text
    for j in range(1, len(doc) + 1):
        assert toks.ends_word(j) == _ends_word(doc, j)


def test_finders_without_tokens_give_the_same(rules_nlp, gazetteer):
    """The Tokens argument is an optimisation: without it the finders build their own."""
    doc = rules_nlp.make_doc(" ".join(t for t, *_ in EXPECTATIONS))
    toks = Tokens(doc)
    assert gazetteer.kb_matches(doc) == gazetteer.kb_matches(doc, toks)
    assert legal_form_matches(doc) == legal_form_matches(doc, toks)
    assert suffix_matches(doc) == suffix_matches(doc, toks)
    assert gazetteer.find(doc)  # the finders find something in the joined text
