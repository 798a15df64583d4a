"""MONEY norms: expectation table and a round trip through several written Korean styles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kner.normalize.money import normalize_money, parse_money
from kner.normalize.schema import norm_problem

KRW = "KRW"

CASES = [
    # spec and corpus
    ("978억원", 97800000000, KRW),
    ("3억원", 300000000, KRW),
    ("1,200억 원", 120000000000, KRW),
    ("33억4천만원", 3340000000, KRW),
    ("20억", 2000000000, KRW),
    ("5000만원", 50000000, KRW),
    ("수백억", None, KRW),
    ("5,418억원", 541800000000, KRW),
    ("691억원", 69100000000, KRW),
    ("2300억원", 230000000000, KRW),
    # loose spans: qualifiers the spec leaves outside
    ("국비 20억", 2000000000, KRW),
    ("최대 5000만원", 50000000, KRW),
    ("총 186억원", 18600000000, KRW),
    ("약 3억원", 300000000, KRW),
    # digit + unit mixes
    ("1조 2천억원", 1200000000000, KRW),
    ("1.5조원", 1500000000000, KRW),
    ("2천7백만원", 27000000, KRW),
    ("1억 2000만원", 120000000, KRW),
    ("3,000,000원", 3000000, KRW),
    ("만원", 10000, KRW),
    ("천만원", 10000000, KRW),
    # spelled numerals
    ("삼백억 원", 30000000000, KRW),
    ("이천칠백사십오억", 274500000000, KRW),
    ("일억 원", 100000000, KRW),
    ("오천만원", 50000000, KRW),
    # full-width digits
    ("３억원", 300000000, KRW),
    ("１，２００억원", 120000000000, KRW),
    # other currencies
    ("20억 달러", 2000000000, "USD"),
    ("미화 100만달러", 1000000, "USD"),
    ("$300", 300, "USD"),
    ("100만 엔", 1000000, "JPY"),
    ("50만 유로", 500000, "EUR"),
    ("3억 위안", 300000000, "CNY"),
    # approximation keeps the number, vagueness does not
    ("100여억원", 10000000000, KRW),
    ("10억원대", 1000000000, KRW),
    ("수백억대", None, KRW),
    ("수십억원", None, KRW),
    ("몇천만원", None, KRW),
    ("십수억원", None, KRW),
    ("10~20억원", None, KRW),
]


@pytest.mark.parametrize("text, amount, currency", CASES)
def test_money_table(text, amount, currency):
    norm = normalize_money(text)
    assert norm == {"amount": amount, "currency": currency}
    assert norm_problem("MONEY", norm) is None


@pytest.mark.parametrize("text", ["엉망", "", "원", "3억원 을", "억만장자"])
def test_unreadable_money_is_null_and_not_ok(text):
    norm, ok = parse_money(text)
    assert norm["amount"] is None and not ok
    assert norm_problem("MONEY", norm) is None


@pytest.mark.parametrize("text", ["수백억", "10~20억원"])
def test_vague_money_is_ok(text):
    assert parse_money(text)[1]


# --- round trip: an integer amount written in several Korean styles parses back to itself ------
SINO = "영일이삼사오육칠팔구"
BIG = [(10**12, "조"), (10**8, "억"), (10**4, "만"), (1, "")]


def _groups(n: int) -> list[tuple[int, str]]:
    out = []
    for size, unit in BIG:
        g, n = divmod(n, size)
        if g:
            out.append((g, unit))
    return out


def _small_mixed(g: int) -> str:  # 4000 → 4천, 2500 → 2천500, 33 → 33 (the press style)
    thousands, rest = divmod(g, 1000)
    return (f"{thousands}천" if thousands else "") + (str(rest) if rest else "")


def _small_spelled(g: int) -> str:  # 3456 → 삼천사백오십육, 1000 → 천
    out = ""
    for size, unit in ((1000, "천"), (100, "백"), (10, "십")):
        d, g = divmod(g, size)
        if d:
            out += ("" if d == 1 else SINO[d]) + unit
    return out + (SINO[g] if g else "")


def render(n: int, style: str) -> str:
    groups = _groups(n)
    if style == "commas":
        return f"{n:,}원"
    if style == "fullwidth":
        return f"{n:,}원".translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    if style == "groups":
        return "".join(f"{g}{u}" for g, u in groups) + "원"
    if style == "groups_spaced":
        return " ".join(f"{g:,}{u}" for g, u in groups) + " 원"
    if style == "mixed":
        return "".join(f"{_small_mixed(g)}{u}" for g, u in groups) + "원"
    if style == "spelled":
        return "".join(f"{_small_spelled(g)}{u}" for g, u in groups) + "원"
    raise ValueError(style)


STYLES = ["commas", "fullwidth", "groups", "groups_spaced", "mixed", "spelled"]


@pytest.mark.parametrize("n, style, text", [
    (3340000000, "groups", "33억4000만원"),
    (3340000000, "mixed", "33억4천만원"),
    (274500000000, "spelled", "이천칠백사십오억원"),
    (1200000000000, "groups_spaced", "1조 2,000억 원"),
])
def test_renderer_writes_korean(n, style, text):
    assert render(n, style) == text


@settings(max_examples=300, deadline=None)
@given(n=st.integers(min_value=1, max_value=10**16 - 1), style=st.sampled_from(STYLES))
def test_round_trip(n, style):
    text = render(n, style)
    assert normalize_money(text) == {"amount": n, "currency": KRW}, text
