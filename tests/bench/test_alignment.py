"""kner.bench.alignment: counting entity boundaries that fall on token boundaries."""

from __future__ import annotations

from kner.bench.alignment import boundary_alignment, boundary_alignment_offsets

TOKENS = [(0, 2), (2, 4), (4, 5), (6, 10)]  # 강원 | TP | 는 | 978억원


def test_counts_starts_and_ends_separately():
    spans = [{"start": 0, "end": 4, "label": "ORG"},  # both on boundaries
             {"start": 1, "end": 5, "label": "ORG"},  # start inside a token
             {"start": 6, "end": 9, "label": "MONEY"}]  # end inside a token
    result = boundary_alignment_offsets([TOKENS], [spans], ["강원TP는 978억원"])
    assert (result.boundaries, result.aligned) == (6, 4)
    assert result.share == 4 / 6
    assert result.misses_by_label == {"ORG": 1, "MONEY": 1}
    assert [e[1] for e in result.examples] == ["원TP는", "978"]


def test_no_entities_is_full_alignment():
    assert boundary_alignment_offsets([TOKENS], [[]]).share == 1.0


def test_docs_version_uses_token_offsets(nlp):
    doc = nlp("강원TP는 978억원을")
    spans = [{"start": 0, "end": 4, "label": "ORG"}, {"start": 6, "end": 11, "label": "MONEY"},
             {"start": 0, "end": 1, "label": "ORG"}]
    result = boundary_alignment([doc], [spans])
    assert (result.boundaries, result.aligned) == (6, 5)
