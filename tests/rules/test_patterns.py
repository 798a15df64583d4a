"""Tests of kner.rules.patterns: the split pattern set and the token conditions behind the
component's fast matching (same matches as one Matcher over PATTERNS)."""

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from kner.rules import patterns as P

ROOT = Path(__file__).resolve().parents[2]


def _keys(patterns):
    return {repr(p) for p in patterns}


def test_matcher_patterns_rebuild_the_date_patterns():
    """DATE = the rest + DATE_BASE + every DATE_BASE followed by a TIME_SUFFIX."""
    rebuilt = _keys(P.MATCHER_PATTERNS["DATE"] + P.DATE_BASE) | {repr(b + s) for b in P.DATE_BASE for s in P.TIME_SUFFIXES}
    assert rebuilt == _keys(P.DATE)
    assert P.MATCHER_PATTERNS["MONEY"] == P.MONEY and P.MATCHER_PATTERNS["METRIC"] == P.METRIC
    assert sum(len(v) for v in P.MATCHER_PATTERNS.values()) < len(P.DATE) / 2


@pytest.mark.parametrize("spec,expected", [
    ({"ORTH": "월"}, ("ORTH", {"월"})),
    ({"ORTH": {"IN": ["원", "달러"]}, "OP": "?"}, ("ORTH", {"원", "달러"})),
    ({"TAG": {"IN": ["SN", "NR"]}, "OP": "*"}, ("TAG", {"SN", "NR"})),
    ({"TAG": "NR", "ORTH": {"REGEX": "억$"}}, ("TAG", {"NR"})),  # the regex is no value set
    ({"ORTH": {"IN": ["두"]}, "TAG": "MM"}, ("ORTH", {"두"})),
    ({"SHAPE": "dddd"}, ("SHAPE", {"dddd"})),
    ({"ORTH": {"REGEX": "억$"}}, None),  # nothing to test cheaply
    ({"ORTH": "월", "OP": "!"}, None),  # a negated token is any other token
    ({}, None),
])
def test_condition(spec, expected):
    got = P._condition(spec)
    assert (got if got is None else (got[0], set(got[1]))) == expected


def test_token_conditions_starts_and_insides():
    pats = {"A": [[{"ORTH": "지난", "OP": "?"}, {"TAG": "SN"}, {"ORTH": "월"}]], "B": [[{"SHAPE": "dd"}]]}
    inside, first = P.token_conditions(pats)
    assert inside == {"ORTH": {"지난", "월"}, "TAG": {"SN"}, "SHAPE": {"dd"}}
    assert first == {"ORTH": {"지난"}, "TAG": {"SN"}, "SHAPE": {"dd"}}  # 월 never starts a match
    assert P.token_conditions({"C": [[{"ORTH": {"REGEX": "x"}}]]}) is None


def test_fast_matches_equal_the_full_matcher(rules_nlp):
    """KnerRules.matches finds exactly the matches of one Matcher over PATTERNS (gold + supplement)."""
    from kner.records import load_records

    rules = rules_nlp.get_pipe("kner_rules")
    full = Matcher(rules_nlp.vocab)
    for label, patterns in P.PATTERNS.items():
        full.add(label, patterns)
    corpus = ROOT / "corpus" / "kner-v1.0"
    texts = [r["text"] for r in load_records(corpus / "gold.jsonl") + load_records(corpus / "supplement.jsonl")]
    texts += ["2019.12.13. 오후 3시 30분", "올해 1~10월 1,200억 원", "지난해 상반기 두 배", "2020-03-05 14:30:00"]
    total = 0
    for doc in rules_nlp.tokenizer.pipe(texts):
        expected = set(full(doc))
        assert set(rules.matches(doc)) == expected, doc.text[:80]
        total += len(expected)
    assert total > 1000
