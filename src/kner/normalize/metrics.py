"""METRIC norms: ``{"value": number | None, "unit": str, "approx": bool}`` (LABEL_SPEC).

Decisions:

* The number is read by :mod:`kner.normalize.numbers`: ``1,400여명`` → 1400; ``3만㎡`` → 30000;
  ``1만5천명`` → 15000; ``50.6%`` → 50.6; native counts ``두 배`` → 2, ``세 곳`` → 3. The value
  is an ``int`` when integral as written and a ``float`` otherwise (``45.90%`` → 45.9).
* The unit is the text after the number with spaces removed, as written (``개사``, ``명``, ``건``,
  ``배``, ``㎡``, ``MW``), except for a few spellings folded by :data:`UNIT_FOLD`: full-width
  ``％`` and ``퍼센트`` → ``%``, ``%포인트``/``％p`` → ``%p``, the hanja counter ``社`` → ``사``
  (``4개社`` → ``개사``), ``m2``/``m²`` → ``㎡``.
* ``approx`` is true for ``여`` written onto the number, for ``약``/``대략`` before it and for
  ``가량 정도 남짓 내외 안팎 쯤`` after it (these are outside a span by the spec, but a loose span
  still reads), and for the "-level" suffix ``대`` after a unit (``10%대`` → 10, %, true); a
  ``대`` that is the whole unit is the counter for machines and vehicles (``100대``). ``이상 이하 미만 초과`` after the number are bounds, not approximations: they are
  dropped and leave ``approx`` false.
* Vague counts (``수십개``, ``수백명``, ``몇 곳``), ranges (``3~5개``) and native ranges (``두세 번``,
  ``서너 개``, ``한두 명``: :data:`NATIVE_RANGES`) have value null and approx true.
* Any counter or unit is read the same way (``7편`` → 7, 편; ``두 마리`` → 2, 마리; ``75m`` → 75, m;
  ``30°C`` → 30, ℃): the unit is what follows the number, as written.
* A span with no number, or no unit after it, has value null; :func:`parse_metric` says
  ``ok=False`` and the pipeline component counts the case.
"""

from __future__ import annotations

import re

from .numbers import fold_digits, parse_native, parse_number, to_number
from .text import nfc, strip_quotes

UNIT_FOLD: dict[str, str] = {
    "％": "%", "퍼센트": "%", "%포인트": "%p", "%P": "%p", "퍼센트포인트": "%p", "포인트": "p",
    "社": "사", "m2": "㎡", "m²": "㎡", "㎡": "㎡", "평방미터": "㎡", "제곱미터": "㎡",
    "m3": "㎥", "m³": "㎥", "°C": "℃",
}
APPROX_BEFORE = ("약", "대략", "어림잡아")
QUALIFIERS_BEFORE = ("총", "최대", "최소", "무려", "모두", "전체", "연간", "연", "월", "누적", "신규", "올해", "매년")
APPROX_AFTER = ("가량", "정도", "남짓", "내외", "안팎", "쯤", "여", "대")
BOUNDS_AFTER = ("이상", "이하", "미만", "초과", "씩", "까지")
# counters that end in one of those words but are whole words (27만세대: households, not 27만세 + 대)
UNITS_ENDING_IN_AFTER_WORDS = ("세대",)
_RANGE_RE = re.compile(r"\d\s*[~∼〜～\-–—]\s*\d")
_VAGUE_WORDS_RE = re.compile(r"^(?:몇|수)\s*(?=[가-힣])")
# native ranges: two neighbouring numbers in one word (두세 번 = two or three times)
NATIVE_RANGES = ("한두", "두세", "두어", "서너", "너덧", "너더댓", "대여섯", "예닐곱")
_NATIVE_RANGE_RE = re.compile(rf"^(?:{'|'.join(sorted(NATIVE_RANGES, key=len, reverse=True))})\s*(?=\S)")


def parse_metric(text: str) -> tuple[dict, bool]:
    """Parse a METRIC span; return ``(norm, ok)``; ``ok`` is False when it could not be read."""
    s = fold_digits(strip_quotes(nfc(text))).strip()
    approx = False
    changed = True
    while changed:
        changed = False
        for word in APPROX_BEFORE + QUALIFIERS_BEFORE:
            if s.startswith(word + " ") or (s.startswith(word) and s[len(word):len(word) + 1].isdigit()):
                approx = approx or word in APPROX_BEFORE
                s = s[len(word):].strip()
                changed = True
    if _RANGE_RE.search(s):
        num = parse_number(s)
        unit = _unit(re.sub(r"^[\d.,\s~∼〜～\-–—만천백십억여]+", "", s))
        return {"value": None, "unit": unit or "?", "approx": True}, bool(unit) and num.found
    num = parse_number(s)
    if not num.found:
        rng = _NATIVE_RANGE_RE.match(s)
        if rng:
            unit = _unit(_strip_after(s[rng.end():].strip())[0])
            return {"value": None, "unit": unit or "?", "approx": True}, bool(unit)
        native = parse_native(s)
        if native.found and s[native.end:].strip():
            num = native
        elif _VAGUE_WORDS_RE.match(s):
            unit = _unit(_VAGUE_WORDS_RE.sub("", s))
            return {"value": None, "unit": unit or "?", "approx": True}, bool(unit)
        else:
            return {"value": None, "unit": _unit(s) or "?", "approx": approx}, False
    approx = approx or num.approx
    rest = s[num.end:].strip()
    rest, more_approx = _strip_after(rest)
    approx = approx or more_approx
    unit = _unit(rest)
    if not unit:
        return {"value": None if num.value is None else to_number(num.value), "unit": "?", "approx": approx}, False
    if num.value is None:  # vague: 수백명
        return {"value": None, "unit": unit, "approx": True}, True
    value = to_number(num.value)
    return {"value": value, "unit": unit, "approx": approx}, True


def normalize_metric(text: str) -> dict:
    """The METRIC norm of a span's text.

    >>> normalize_metric("1,400여명")
    {'value': 1400, 'unit': '명', 'approx': True}
    >>> normalize_metric("3만㎡")
    {'value': 30000, 'unit': '㎡', 'approx': False}
    """
    return parse_metric(text)[0]


def _strip_after(rest: str) -> tuple[str, bool]:
    """Remove approximation and bound words at the end of the unit; say whether one was approx."""
    approx = False
    changed = True
    while changed and rest:
        changed = False
        for word in APPROX_AFTER + BOUNDS_AFTER:
            if rest.endswith(word) and len(rest) > len(word) and not rest.endswith(UNITS_ENDING_IN_AFTER_WORDS):
                rest = rest[: -len(word)].strip()
                approx = approx or word in APPROX_AFTER
                changed = True
    return rest, approx


def _unit(rest: str) -> str:
    unit = re.sub(r"\s+", "", rest)
    for src in sorted(UNIT_FOLD, key=len, reverse=True):
        if src in unit:
            unit = unit.replace(src, UNIT_FOLD[src])
    return unit
