"""Tests of kner.rules.patterns: the split pattern set and the token conditions behind the
component's fast matching (same matches as one Matcher over PATTERNS)."""

from pathlib import Path

import pytest
from spacy.matcher import Matcher

from kner.rules import patterns as P

ROOT = Path(__file__).resolve().parents[2]


def _keys(patterns):
    return {repr(p) for p in patterns}


def test_split_patterns_rebuild_the_date_patterns():
    """DATE = the rest + DATE_BASE + every DATE_BASE followed by a TIME_SUFFIX, where DATE_BASE =
    the split DATE_BASE + DATE_CORE + every DEICTIC followed by a DATE_CORE."""
    split = P.SPLIT_PATTERNS
    bases = _keys(split["DATE_BASE"] + split["DATE_CORE"]) | {repr(d + c) for d in split["DEICTIC"] for c in split["DATE_CORE"]}
    assert bases == _keys(P.DATE_BASE)
    rebuilt = _keys(split["DATE"] + P.DATE_BASE) | {repr(b + s) for b in P.DATE_BASE for s in P.TIME_SUFFIXES}
    assert rebuilt == _keys(P.DATE)
    assert split["MONEY"] == P.MONEY and split["METRIC"] == P.METRIC and split["TIME_SUFFIX"] == P.TIME_SUFFIXES
    assert sum(len(v) for v in split.values()) < len(P.DATE) / 2


def _expand(pattern):
    """Every pattern of single values that ``pattern`` stands for (each IN set of one attribute
    replaced by each of its values in turn)."""
    out = [[]]
    for spec in pattern:
        one = P._one_value_set(spec)
        values = [spec] if one is None else [{one[0]: v} for v in one[1]]
        out = [p + [v] for p in out for v in values]
    return out


def _canonical(patterns):
    """The single-value patterns of ``patterns`` (a value written alone or as a one-element IN set alike)."""
    return {repr(p) for pattern in patterns for p in _expand(pattern)}


def test_matcher_patterns_are_the_split_patterns_merged():
    """The merged patterns stand for exactly the split ones, in far fewer patterns."""
    for label, patterns in P.SPLIT_PATTERNS.items():
        assert _canonical(P.MATCHER_PATTERNS[label]) == _canonical(patterns), label
    assert len(P.MATCHER_PATTERNS["METRIC"]) < len(P.METRIC) / 5
    assert sum(len(v) for v in P.MATCHER_PATTERNS.values()) < sum(len(v) for v in P.SPLIT_PATTERNS.values()) / 2


@pytest.mark.parametrize("patterns,expected", [
    # one differing single-value spec: merged, sets joined in order
    ([[{"TAG": "SN"}, {"ORTH": "개"}], [{"TAG": "SN"}, {"ORTH": {"IN": ["명", "건"]}}]],
     [[{"TAG": "SN"}, {"ORTH": {"IN": ["개", "명", "건"]}}]]),
    # a merge that makes a further one possible
    ([[{"ORTH": "a"}, {"ORTH": "x"}], [{"ORTH": "b"}, {"ORTH": "x"}], [{"ORTH": "a"}, {"ORTH": "y"}],
      [{"ORTH": "b"}, {"ORTH": "y"}]],
     [[{"ORTH": {"IN": ["a", "b"]}}, {"ORTH": {"IN": ["x", "y"]}}]]),
    # not merged: different attributes, an OP, another key, two differences, different lengths
    ([[{"ORTH": "1"}], [{"SHAPE": "d"}]], [[{"ORTH": "1"}], [{"SHAPE": "d"}]]),
    ([[{"ORTH": "a"}, {"ORTH": "x", "OP": "?"}], [{"ORTH": "a"}, {"ORTH": "y"}]],
     [[{"ORTH": "a"}, {"ORTH": "x", "OP": "?"}], [{"ORTH": "a"}, {"ORTH": "y"}]]),
    ([[{"ORTH": "억", "TAG": "NR"}], [{"ORTH": "조"}]], [[{"ORTH": "억", "TAG": "NR"}], [{"ORTH": "조"}]]),
    ([[{"ORTH": "a"}, {"ORTH": "x"}], [{"ORTH": "b"}, {"ORTH": "y"}]], [[{"ORTH": "a"}, {"ORTH": "x"}], [{"ORTH": "b"}, {"ORTH": "y"}]]),
    ([[{"ORTH": "a"}], [{"ORTH": "b"}, {"ORTH": "x"}]], [[{"ORTH": "a"}], [{"ORTH": "b"}, {"ORTH": "x"}]]),
])
def test_merge_alternatives(patterns, expected):
    assert P.merge_alternatives(patterns) == expected


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


def test_token_ends():
    pats = {"A": [[{"TAG": "SN"}, {"ORTH": "월"}, {"ORTH": "중", "OP": "?"}]], "B": [[{"SHAPE": "dd"}, {"TAG": "NR"}]]}
    assert P.token_ends(pats) == {"ORTH": {"월", "중"}, "TAG": {"NR"}, "SHAPE": set()}  # SN, dd never end one
    assert P.token_ends({"C": [[{"ORTH": "a"}, {"ORTH": {"REGEX": "x"}, "OP": "?"}]]}) is None


def test_fast_matches_equal_the_full_matcher(rules_nlp, konec_records):
    """KnerRules.matches finds exactly the matches of one Matcher over PATTERNS (gold + supplement,
    the first 500 KoNEC sentences, a few edge cases), with and without the doc's Tokens."""
    from kner.records import load_records
    from kner.rules.tokens import Tokens

    rules = rules_nlp.get_pipe("kner_rules")
    full = Matcher(rules_nlp.vocab)
    for label, patterns in P.PATTERNS.items():
        full.add(label, patterns)
    corpus = ROOT / "corpus" / "kner-v1.0"
    texts = [r["text"] for r in load_records(corpus / "gold.jsonl") + load_records(corpus / "supplement.jsonl")]
    texts += [r["text"] for r in konec_records[:500]]
    texts += ["2019.12.13. 오후 3시 30분", "올해 1~10월 1,200억 원", "지난해 상반기 두 배", "2020-03-05 14:30:00",
              "지난 2019년 3월 5일 오전 10시 30분", "오는 3월 24일 14:00", "이번 주 3개社 0.5%P 1만 명", "1,400여명",
              "3", "한", "", "수백억대", "2020.2.14.~2020.2.28.", "3~5개월간 두 달 지난 15년간"]
    total = 0
    for doc in rules_nlp.tokenizer.pipe(texts):
        expected = set(full(doc))
        assert set(rules.matches(doc)) == expected, doc.text[:80]
        assert set(rules.matches(doc, Tokens(doc))) == expected, doc.text[:80]
        total += len(expected)
    assert total > 1500


def test_fast_matches_refuse_a_doc_without_tags(rules_nlp):
    """Like the plain Matcher, matches() refuses a Doc without tags (with and without windows)."""
    from spacy.tokens import Doc

    rules = rules_nlp.get_pipe("kner_rules")
    for words in (["2019", "년", "3", "월"], ["abc"]):
        with pytest.raises(ValueError):
            rules.matcher(Doc(rules_nlp.vocab, words=words))
        with pytest.raises(ValueError):
            rules.matches(Doc(rules_nlp.vocab, words=words))


def _word_lists():
    words = [*P.PARTS_OF_DAY, *P.SEASONS, *P.WEEKDAYS, *("".join(h) for h in P.HOLIDAYS)]
    words += [f"한 {s}" for s in ("여름", "겨울")] + [f"지난 {w}" for w in P.WEEKDAYS]
    return words


@pytest.mark.parametrize("word", _word_lists())
def test_every_calendar_word_is_read_by_the_normaliser(word):
    """The word lists of the patterns and the tables of kner.normalize.dates must not drift apart:
    a candidate the parser cannot read is dropped by the component."""
    import datetime as dt

    from kner.normalize.dates import parse_date

    norm, ok = parse_date(word, dt.date(2022, 2, 23))
    assert ok and norm["value"] is not None, (word, norm)
