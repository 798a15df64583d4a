"""MONEY norms: ``{"amount": int | None, "currency": ISO 4217 code}`` (LABEL_SPEC).

Decisions:

* The amount is in the currency's base unit (원, dollar, yen …) and is an integer: ``1.5조원``
  → 1500000000000; a fractional result (``1.5달러``) is rounded to the nearest unit.
* Numbers are read by :mod:`kner.normalize.numbers` (digits with commas and decimals, 만/억/조
  groups with 천/백/십, spelled sino-Korean numerals, full-width digits).
* Currency words after the number (and the symbols ``$ ₩ ¥ € £`` before it) give the code
  (table :data:`CURRENCY_WORDS`); ``미화``/``US`` before the number means USD; no currency word
  at all (``수백억``, ``국비 20억``) means KRW — the corpus is Korean public money.
* Vagueness gives ``amount: null``: a digit said as ``수``/``몇`` (``수백억``, ``수십억원대``,
  ``몇천만원``) or a range (``10~20억원``). Approximation written onto a number keeps the
  number (``100여억원`` → 10000000000): the spec nulls only the vague.
* ``대`` after the amount (``10억원대``, ``수백억대``) is the "-level" suffix and is ignored.
* Qualifiers that the spec leaves outside the span (약, 총, 최대, 국비, 도비, 시비 …) and trailing
  bounds (이상, 내외, 규모 …) are stripped when they do appear, so a loose span still parses.
* What cannot be read at all gives ``amount: null`` and ``ok=False`` from :func:`parse_money`,
  which the pipeline component counts in its report; the span keeps its text.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .numbers import fold_digits, parse_number
from .text import nfc, strip_quotes

# currency word (after the number) → ISO 4217; longest match wins
CURRENCY_WORDS: dict[str, str] = {
    "원": "KRW", "원화": "KRW", "달러": "USD", "불": "USD", "미국달러": "USD", "미달러": "USD",
    "엔": "JPY", "엔화": "JPY", "유로": "EUR", "위안": "CNY", "위안화": "CNY", "파운드": "GBP",
    "홍콩달러": "HKD", "싱가포르달러": "SGD", "호주달러": "AUD", "캐나다달러": "CAD",
    "스위스프랑": "CHF", "루피": "INR", "동": "VND", "바트": "THB", "루블": "RUB",
    "USD": "USD", "KRW": "KRW", "EUR": "EUR", "JPY": "JPY", "CNY": "CNY", "GBP": "GBP",
}
CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "US$": "USD", "₩": "KRW", "¥": "JPY", "€": "EUR", "£": "GBP"}
PREFIX_CURRENCY: dict[str, str] = {"미화": "USD", "US": "USD"}
# qualifiers written before a number (spec rule 4) and bounds written after it
LEADING_QUALIFIERS = (
    "약", "대략", "총", "최대", "최소", "최고", "최저", "국비", "도비", "시비", "군비", "구비", "민자",
    "지방비", "자부담", "예산", "사업비", "매출", "연간", "연", "월", "매년", "모두", "무려", "전체",
)
TRAILING_WORDS = (
    "이상", "이하", "미만", "초과", "내외", "안팎", "가량", "정도", "남짓", "규모", "상당", "씩", "어치",
    "대",
)
RANGE_RE = re.compile(r"\d\s*[~∼〜～\-–—]\s*\d|[~∼〜～–—]")


def parse_money(text: str) -> tuple[dict, bool]:
    """Parse a MONEY span; return ``(norm, ok)`` where ``ok`` is False when nothing could be read.

    A deliberately vague amount (``수백억``) is ``ok`` with ``amount: None``.
    """
    s = fold_digits(strip_quotes(nfc(text))).strip()
    currency = None
    # leading words: qualifiers, currency prefixes and symbols, in any order
    changed = True
    while changed and s:
        changed = False
        for word in sorted(LEADING_QUALIFIERS + tuple(PREFIX_CURRENCY) + tuple(CURRENCY_SYMBOLS), key=len, reverse=True):
            if s.startswith(word) and len(s) > len(word):
                rest = s[len(word):]
                is_symbol = word in CURRENCY_SYMBOLS
                # a Hangul qualifier must be its own word (약 20억) or touch a digit (약20억)
                if not is_symbol and word not in PREFIX_CURRENCY and not (rest[0].isspace() or rest[0].isdigit()):
                    continue
                if word in PREFIX_CURRENCY:
                    currency = PREFIX_CURRENCY[word]
                elif is_symbol:
                    currency = CURRENCY_SYMBOLS[word]
                s = rest.strip()
                changed = True
                break
    if RANGE_RE.search(s):
        amount_ok = parse_number(s).found
        return {"amount": None, "currency": currency or _currency_after(s) or "KRW"}, amount_ok
    num = parse_number(s)
    if not num.found:
        return {"amount": None, "currency": currency or "KRW"}, False
    rest = s[num.end:].strip()
    word_cur, rest = _take_currency(rest)
    currency = currency or word_cur or "KRW"
    rest = _strip_trailing(rest)
    if rest:
        # something after the amount that is neither a currency nor a bound: cannot be sure
        return {"amount": None, "currency": currency}, False
    if num.value is None:  # vague: 수백억
        return {"amount": None, "currency": currency}, True
    amount = int(num.value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return {"amount": amount, "currency": currency}, True


def normalize_money(text: str) -> dict:
    """The MONEY norm of a span's text.

    >>> normalize_money("33억4천만원")
    {'amount': 3340000000, 'currency': 'KRW'}
    >>> normalize_money("수백억")
    {'amount': None, 'currency': 'KRW'}
    >>> normalize_money("20억 달러")
    {'amount': 2000000000, 'currency': 'USD'}
    """
    return parse_money(text)[0]


def _take_currency(rest: str) -> tuple[str | None, str]:
    for word in sorted(CURRENCY_WORDS, key=len, reverse=True):
        if rest.startswith(word):
            return CURRENCY_WORDS[word], rest[len(word):].strip()
    # "대" may stand between amount and currency: 수십억원대 / 10억대 원
    if rest.startswith("대"):
        cur, tail = _take_currency(rest[1:].strip())
        if cur:
            return cur, tail
    return None, rest


def _currency_after(s: str) -> str | None:
    for word in sorted(CURRENCY_WORDS, key=len, reverse=True):
        if word in s:
            return CURRENCY_WORDS[word]
    return None


def _strip_trailing(rest: str) -> str:
    changed = True
    while changed and rest:
        changed = False
        for word in TRAILING_WORDS:
            if rest.startswith(word):
                rest = rest[len(word):].strip()
                changed = True
    return rest
