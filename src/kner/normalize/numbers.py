"""Korean numerals as written in press releases, parsed to exact numbers.

What is read (:func:`parse_number` reads from the start of a string and says where it stopped):

* Arabic digits, with thousands commas (``1,200``) and decimals (``1.5``); full-width digits
  (``１２０``) are folded to ASCII first (:func:`fold_digits`).
* After a myriad unit and a space, a last group below 만 in plain digits continues the number
  (``1만 9,799개`` = 19,799).
* The myriad groups 만 (10^4), 억 (10^8), 조 (10^12), 경 (10^16), and inside a group the small
  units 십, 백, 천: ``33억4천만`` = 3,340,000,000; ``1조 2천억`` = 1,200,000,000,000 (a space
  is allowed between groups, never before the first unit); ``5000만``; ``1.5조``; ``2천7백만``.
* Spelled sino-Korean numerals: ``삼백억``, ``이천칠백사십오억``, ``일억``, ``천만`` (a unit with no
  digit before it counts one). A spelled digit is read only where a unit follows it or the
  number already has a unit (``이천오``) or, at the start, ``원`` follows (``오원``), so ordinary
  syllables (``오는``, ``개사``) stay text.
* Native Korean counting words for small counts (``한``, ``두``, ``세`` … ``열``; ``두 배``) via
  :func:`parse_native`, used by the METRIC normaliser only.
* Approximation: ``여`` written onto the number (``1,400여``, ``100여억``) sets ``approx``;
  vagueness: ``수`` or ``몇`` standing for a digit (``수백억``, ``수십만``, ``십수억``, ``몇천``)
  sets ``vague`` and gives no value.

Values are :class:`decimal.Decimal` so that ``1.5조`` is exact; :func:`to_number` turns one into
an ``int`` when it is integral and into a ``float`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# --- data tables -------------------------------------------------------------------------------
FULLWIDTH = str.maketrans("０１２３４５６７８９．，％～：－／", "0123456789.,%~:-/")
SINO_DIGITS: dict[str, int] = {
    "영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6,
    "칠": 7, "팔": 8, "구": 9,
}
SMALL_UNITS: dict[str, int] = {"십": 10, "백": 100, "천": 1000}
BIG_UNITS: dict[str, int] = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
VAGUE_DIGITS = ("수", "몇")          # 수백억, 몇천: a digit that is not said
APPROX_SUFFIX = "여"                 # 1,400여명, 100여억원
NATIVE_NUMBERS: dict[str, int] = {   # native counting words, longest first when matched
    "하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "넷": 4, "네": 4, "넉": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스물": 20, "스무": 20,
    "서른": 30, "마흔": 40, "쉰": 50,
}

_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_UNIT_CHARS = set(SMALL_UNITS) | set(BIG_UNITS)


@dataclass
class NumberParse:
    """The result of reading a number from the start of a string."""

    value: Decimal | None   # None when vague or when nothing was read
    end: int                # index just past the number (0 when nothing was read)
    approx: bool = False    # 여 written onto the number
    vague: bool = False     # 수/몇 standing for a digit: no value

    @property
    def found(self) -> bool:
        """True when some numeral was read."""
        return self.end > 0


def fold_digits(text: str) -> str:
    """Fold full-width digits and punctuation (``１,２００％``) to ASCII."""
    return text.translate(FULLWIDTH)


def to_number(value: Decimal) -> int | float:
    """An exact Decimal as ``int`` when integral, else ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_number(text: str, pos: int = 0) -> NumberParse:
    """Read a Korean-written number from ``text[pos:]``.

    >>> parse_number("33억4천만원").value
    Decimal('3340000000')
    >>> p = parse_number("1,400여명"); (p.value, p.approx, p.end)
    (Decimal('1400'), True, 6)
    >>> parse_number("수백억").vague
    True
    """
    text = fold_digits(text)
    n = len(text)
    i = pos
    total = Decimal(0)       # sum of finished myriad groups
    section = Decimal(0)     # value inside the current myriad group (below 만)
    current: Decimal | None = None  # the digit(s) waiting for a unit
    seen_any = False
    seen_unit = False
    approx = False
    vague = False
    last_end = pos
    prev_big = False         # the previous token closed a myriad group (a space may follow)

    while i < n:
        ch = text[i]
        if ch.isspace():
            # a space continues the number only between myriad groups: "1조 2천억"
            j = i
            while j < n and text[j].isspace():
                j += 1
            if prev_big and j < n and _starts_group(text, j):
                i = j
                continue
            # "1만 9,799개": the last group, below 만, written in digits after a space
            m = _DIGITS_RE.match(text, j) if prev_big and j < n else None
            if m and "." not in m.group() and int(m.group().replace(",", "")) < 10**4 and not _hangul_number_follows(text, m.end()):
                i = j
                prev_big = False
                continue
            break
        m = _DIGITS_RE.match(text, i) if ch.isdigit() else None
        if m:
            if current is not None:
                break
            current = Decimal(m.group().replace(",", ""))
            i = m.end()
            seen_any = True
            prev_big = False
            last_end = i
            continue
        if ch in VAGUE_DIGITS and i + 1 < n and text[i + 1] in _UNIT_CHARS and current is None:
            vague = True
            current = Decimal(1)
            i += 1
            seen_any = True
            prev_big = False
            continue
        if ch in SINO_DIGITS and current is None and (
                (i + 1 < n and text[i + 1] in _UNIT_CHARS) or (seen_unit and not _hangul_follows(text, i + 1))
                or (i == pos and i + 1 < n and text[i + 1] == "원")):
            current = Decimal(SINO_DIGITS[ch])
            i += 1
            seen_any = True
            prev_big = False
            last_end = i
            continue
        if ch in SMALL_UNITS:
            section += (current if current is not None else Decimal(1)) * SMALL_UNITS[ch]
            current = None
            i += 1
            seen_any = seen_unit = True
            prev_big = False
            last_end = i
            # 십수억: a vague digit after a unit
            if i < n and text[i] in VAGUE_DIGITS and i + 1 < n and text[i + 1] in _UNIT_CHARS:
                vague = True
                i += 1
            continue
        if ch in BIG_UNITS:
            if not seen_any and not (i + 1 < n and text[i + 1] in "원"):
                break  # a bare 만/억 with nothing before it is a number only as "만원"
            group = section + (current if current is not None else Decimal(0))
            if group == 0:
                group = Decimal(1)
            total += group * BIG_UNITS[ch]
            section = Decimal(0)
            current = None
            i += 1
            seen_any = seen_unit = True
            prev_big = True
            last_end = i
            continue
        if ch == APPROX_SUFFIX and seen_any:
            approx = True
            i += 1
            last_end = i
            # the number may go on after 여: "100여억"
            continue
        break

    if not seen_any:
        return NumberParse(None, 0)
    value = total + section + (current if current is not None else Decimal(0))
    return NumberParse(None if vague else value, last_end, approx=approx, vague=vague)


def parse_native(text: str, pos: int = 0) -> NumberParse:
    """Read a native Korean counting word (``두``, ``열두``, ``스무``) from ``text[pos:]``."""
    value = 0
    i = pos
    for _ in range(2):  # tens word then units word: 열두, 스물다섯
        for word in sorted(NATIVE_NUMBERS, key=len, reverse=True):
            if text.startswith(word, i):
                value += NATIVE_NUMBERS[word]
                i += len(word)
                break
        else:
            break
    if i == pos:
        return NumberParse(None, 0)
    return NumberParse(Decimal(value), i)


_GROUP_START_RE = re.compile(r"(?:\d[\d,.]*|[영공일이삼사오육륙칠팔구수몇])?[십백천]*(?:[만억조경]|(?<=[십백천]))")


def _starts_group(text: str, j: int) -> bool:
    """Does a new myriad group (``2천억``, ``4000만``, ``삼백``) start at ``j``?"""
    m = _GROUP_START_RE.match(text, j)
    return bool(m and m.end() > j)


def _hangul_number_follows(text: str, j: int) -> bool:
    """True when a numeral unit or 여 follows at ``j`` (then the group is not a plain last group)."""
    return j < len(text) and (text[j] in _UNIT_CHARS or text[j] == APPROX_SUFFIX and j + 1 < len(text) and text[j + 1] in _UNIT_CHARS)


def _hangul_follows(text: str, j: int) -> bool:
    """True when a Hangul syllable that is not a numeral unit or currency word follows at ``j``."""
    if j >= len(text):
        return False
    ch = text[j]
    return "가" <= ch <= "힣" and ch not in _UNIT_CHARS and ch not in SINO_DIGITS and ch != "원"
