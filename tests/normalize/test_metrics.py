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
