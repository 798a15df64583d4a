"""Tests of kner.rules.tokens: the per-token lists every rule finder shares."""

import pytest

from kner.rules.tokens import Tokens, tokens_of

TEXTS = [
    "2024년 강원테크노파크(이하 강원TP)는  ㈜네올과\n'바이오 펀드' 1,200억 원을 조성했다.",
    "  앞에 공백,\n\n 줄바꿈 뒤의 ‘지역혁신클러스터 육성사업’ 끝 ",
    "",
]


@pytest.mark.parametrize("text", TEXTS, ids=["mixed", "spaces", "empty"])
def test_lists_agree_with_the_doc(rules_nlp, text):
    """Every list holds what the Doc's tokens say (text, tag, white space, offsets)."""
    doc = rules_nlp.make_doc(text)
    t = Tokens(doc)
    assert t.n == len(doc) and t.text == doc.text == text
    assert t.texts == [tok.text for tok in doc]
    assert t.tags == [tok.tag_ for tok in doc]
    assert t.ws == [bool(tok.whitespace_) for tok in doc]
    assert t.is_space == [tok.is_space for tok in doc]
    assert t.space == [tok.is_space or tok.tag_ == "_SP" for tok in doc]
    assert t.idx == [tok.idx for tok in doc]
    assert t.ends == [tok.idx + len(tok.text) for tok in doc]
    assert t.orth.tolist() == [tok.orth for tok in doc]
    for i in range(len(doc)):
        for j in range(i, len(doc) + 1):
            assert t.span_text(i, j) == doc[i:j].text


@pytest.mark.parametrize("text", TEXTS[:2], ids=["mixed", "spaces"])
def test_words_are_the_white_space_words(rules_nlp, text):
    """``words``: the token runs of the white-space-separated words, none holding a space token."""
    doc = rules_nlp.make_doc(text)
    words = Tokens(doc).words
    assert [doc[i:j].text for i, j in words] == text.split()
    assert all(not (tok.is_space or tok.tag_ == "_SP") for i, j in words for tok in doc[i:j])


def test_tokens_of_reuses_only_the_same_doc(rules_nlp):
    """``tokens_of`` hands back the caller's lists only when they were read from that Doc."""
    doc, other = rules_nlp.make_doc(TEXTS[0]), rules_nlp.make_doc(TEXTS[0])
    toks = Tokens(doc)
    assert tokens_of(doc, toks) is toks
    fresh = tokens_of(other, toks)
    assert fresh is not toks and fresh.doc is other and fresh.texts == toks.texts
    assert tokens_of(doc).doc is doc
