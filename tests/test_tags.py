"""kner.tags: every Kiwi tag has a UD row; X only where chosen."""

from __future__ import annotations

import pytest

from kner.tags import DELIBERATE_X, KIWI_TO_UD, ud_pos


@pytest.mark.parametrize("tag,pos", [
    ("NNG", "NOUN"), ("NNP", "PROPN"), ("NNB", "NOUN"), ("NR", "NUM"), ("SN", "NUM"), ("JKS", "ADP"),
    ("JX", "ADP"), ("EF", "PART"), ("VV", "VERB"), ("VV-I", "VERB"), ("VA-R", "ADJ"), ("SF", "PUNCT"),
    ("SW", "SYM"), ("SL", "X"), ("W_EMOJI", "SYM"), ("VV+EP", "VERB"), ("_SP", "SPACE"), ("UN", "X"),
])
def test_ud_pos_table(tag, pos):
    assert ud_pos(tag) == pos


def test_deliberate_x_is_small_and_explicit():
    assert DELIBERATE_X == {"SL", "UN", "W_URL", "W_EMAIL", "W_HASHTAG", "W_MENTION"}


def test_no_kiwi_tag_falls_through_to_x_silently(konec_docs):
    from kner.tags import DELIBERATE_X, KIWI_TO_UD

    _, docs = konec_docs
    seen = {part for d in docs for t in d for part in t.tag_.split("+")}
    assert seen <= set(KIWI_TO_UD), seen - set(KIWI_TO_UD)
    x_tokens = {t.tag_.split("+")[0] for d in docs for t in d if t.pos_ == "X"}
    assert x_tokens <= DELIBERATE_X


def test_unknown_tag_is_an_error_not_x():
    from kner.tags import ud_pos

    with pytest.raises(KeyError):
        ud_pos("NOT_A_TAG")


