"""METRIC norms: value, unit, approx."""

from __future__ import annotations

import pytest

from kner.normalize.metrics import normalize_metric, parse_metric
from kner.normalize.schema import norm_problem

CASES = [
    ("1,400여명", 1400, "명", True),
    ("50.6%", 50.6, "%", False),
    ("121개사", 121, "개사", False),
    ("79건", 79, "건", False),
    ("38개", 38, "개", False),
    ("92%", 92, "%", False),
    ("2배", 2, "배", False),
    ("8,000명", 8000, "명", False),
    ("3만㎡", 30000, "㎡", False),
    ("278명", 278, "명", False),
    ("45.90%", 45.9, "%", False),
    ("1.5배", 1.5, "배", False),
    ("100여개", 100, "개", True),
    ("1만5천명", 15000, "명", False),
    ("1만 9,799개", 19799, "개", False),
    ("4개社", 4, "개사", False),
    ("두 배", 2, "배", False),
    ("세 곳", 3, "곳", False),
    ("10%대", 10, "%", True),
    ("100대", 100, "대", False),
    ("50％", 50, "%", False),
    ("3.5%p", 3.5, "%p", False),
    ("10 %포인트", 10, "%p", False),
    ("3만 m2", 30000, "㎡", False),
    ("약 30%", 30, "%", True),
    ("38개 내외", 38, "개", True),
    ("50%이상", 50, "%", False),
    ("수십개", None, "개", True),
    ("수백 명", None, "명", True),
    ("3~5개", None, "개", True),
    # any counter or unit, as written (issue 8)
    ("7마리", 7, "마리", False),
    ("세 마리", 3, "마리", False),
    ("열두 명", 12, "명", False),
    ("스무 권", 20, "권", False),
    ("두 차례", 2, "차례", False),
    ("4천512그루", 4512, "그루", False),
    ("1,500여 가구", 1500, "가구", True),
    ("12만세대", 120000, "세대", False),  # 세대 is the counter, not 세 + the "-level" 대
    ("45척", 45, "척", False),
    ("2.5km", 2.5, "km", False),
    ("18m2", 18, "㎡", False),
    ("3.5℃", 3.5, "℃", False),
    ("25°C", 25, "℃", False),
    ("600t", 600, "t", False),
    # native ranges: vague
    ("두세 번", None, "번", True),
    ("서너 개", None, "개", True),
    ("한두 명", None, "명", True),
]


@pytest.mark.parametrize("text, value, unit, approx", CASES)
def test_metric_table(text, value, unit, approx):
    norm = normalize_metric(text)
    assert norm == {"value": value, "unit": unit, "approx": approx}
    assert type(norm["value"]) is type(value)
    assert norm_problem("METRIC", norm) is None


@pytest.mark.parametrize("text", ["엉망", "12", "", "%"])
def test_unreadable_metric_is_null_or_unitless_and_not_ok(text):
    norm, ok = parse_metric(text)
    assert not ok
    assert norm_problem("METRIC", norm) is None
