"""DATE norms: ``{"type": "date" | "duration" | "time", "value": TIMEX3-style str | None}``.

Values (TIMEX3 as in :mod:`kner.normalize.schema`): ``2019``, ``2019-12``, ``2019-12-13``,
``2022-H1`` (half), ``2022-Q1`` (quarter), ``2022-SP`` (season), ``2022-W08`` (ISO week),
``202X`` (decade), ``197X`` / ``XX7X`` (decade; ``XX`` for an unwritten century), ``20XX`` (century: 21세기),
``2021-02-06T11:07:46`` (date and time), ``T14:00`` (a clock time alone),
``2022-02-20`` / ``XXXX-WXX-7`` / ``2022-W08-WE`` (week days, the weekend), ``2022-02-23TMO`` /
``TAF`` (parts of the day), ``P2Y`` / ``P6M`` / ``P3W`` / ``P10D`` / ``PT2H`` (durations),
``start/end`` for ranges.

Decisions (the document date is ``Doc._.date``: the record's ``meta.date``, else the dateline
found by :func:`doc_date_from_text`, else none):

* Absolute forms: ``2019.12.13.``, ``2019. 12. 13``, ``2019-12-13``, ``2019/12/13``,
  ``2019년 12월 13일``, ``2019년 12월``, ``2019년``, ``2019년도``, ``2019.12``; two-digit years
  (``22-02-23``, ``'22년``) are 2000+YY for 00–69 and 1900+YY for 70–99; ``2021-02-06
  11:07:46`` → ``2021-02-06T11:07:46``; ``2020년대`` → ``202X``.
* Decades and centuries (TIMEX2/3 practice: the unknown digits are ``X``): ``1970년대`` → ``197X``;
  a decade without its century (``70년대``) is the latest such decade that starts on or before the
  document date (``70년대`` → ``197X``, ``10년대`` in a 2015 document → ``201X``, ``20년대`` in a 2015
  document → ``192X``) and ``XX7X`` without a document date (the century is not written, as the
  year of ``지난 3월`` is not: ``XXXX-03``); ``21세기`` → ``20XX`` (the years 20xx), ``19세기`` → ``18XX``.
* A date without a year (``4월 16일``, ``3월``, ``1분기``, ``상반기``) takes the document
  date's year — not the nearest such date — and ``XXXX`` when there is no document date
  (``XXXX-04-16``, ``XXXX-03``). A bare day (``15일``) takes the document's year and month
  (``XXXX-XX-15`` without a document date).
* Relative words are resolved against the document date: 지난해/작년/전년 −1 year, 재작년 −2,
  올해/금년/올/당해 0, 내년/명년/이듬해 +1, 내후년 +2, 새해 0 (or +1 when the document is from
  November or December); 지난달/전월 −1 month, 이달/이번 달 0, 다음 달/내달/익월 +1; 오늘/금일/
  이날/당일 0 days, 어제/전일/전날 −1, 내일/명일/익일/다음날/이튿날 +1, 모레 +2 (이날, 전날 and 다음날 are
  read against the document date, as 전년 is: the day of the news); 이번 주/금주, 지난주, 다음 주/내주 →
  ISO weeks. Without a document date a purely relative expression has value null.
* Deictic 지난/오는 before a month or a day: ``지난 3월 24일`` is the most recent 3월 24일 on or
  before the document date, ``오는 15일`` the first 15th on or after it, ``오는 3월`` the first
  March on or after the document's month, ``지난 3월`` the latest March on or before it.
  ``이번`` means the document's year/month. A deictic before an explicit year changes nothing
  (``지난 2019년 12월`` → ``2019-12``).
* Halves, quarters and seasons: ``상반기``/``하반기`` → H1/H2, ``1분기``/``1/4분기`` → Q1,
  ``봄 여름 가을 겨울`` → SP SU FA WI. 연초/연말/연내/연중 and the modifiers 초/중/말/상순/중순/
  하순/께/경/쯤/무렵/전후 are dropped: the value stays at the granularity of what they modify
  (``3월 말`` → ``2022-03``, ``올 연말`` → ``2022``).
* Ranges with ``~ ∼ 〜 ～ – —`` (or ``-`` where the text is not a numeric date) and
  ``A부터 B까지`` are one value ``start/end``; the unit of the right side completes a bare left
  number (``2020~2021년`` → ``2020/2021``, ``3~5월`` → ``2022-03/2022-05``) and the right side
  inherits the year, month and 오전/오후 of the left (``3월 2일~15일``, ``오후 2시~5시`` →
  ``T14:00/T17:00``). A range of durations (``2~3년간``) has value null.
* Durations: a count with ``간``/``동안``/``째``/``만`` after it or 지난/최근/향후/앞으로 before it
  (``2년간`` → P2Y, ``지난 15년간`` → P15Y, ``6개월간`` → P6M); counts of 개월/달/주/시간/분 are
  always durations (``6개월`` → P6M, ``2시간`` → PT2H); a year count below 1000 with no date
  around it is a duration (``4년`` → P4Y) since calendar years are written with four digits;
  ``N일`` alone or after 지난/오는 (``지난 8일``) is a day of the month, not a duration. ``1년 반`` → P1.5Y, ``반년`` → P6M,
  native counts ``한 달`` → P1M, ``두 해`` → P2Y, ``일주일`` → P1W, ``일년`` → P1Y; native day counts with
  간/동안 (``이틀간`` → P2D, ``사흘 동안`` → P3D; alone they are often rates: ``하루 10톤``). ``여``
  (``10여년간``) is dropped.
* Parts of the day without an hour (TIMEX3): 오전/아침/새벽 ``MO``, 한낮/대낮 ``MI``, 낮 ``DT``, 오후
  ``AF``, 저녁 ``EV``, 밤 ``NI``; alone a time (``오후`` → ``TAF``), after a day a date-time (``이날
  오전`` → ``2022-02-23TMO``, ``17일 밤`` → ``2022-02-17TNI``).
* A count of time before 전/후/뒤 is the point that far from the document date, at the granularity
  of its smallest unit (:func:`parse_shift`: ``10년 전`` → ``2012``, ``3개월 후`` → ``2022-05``, ``3일
  뒤`` → ``2022-02-26``); hours and minutes (``40분 뒤``) are a time of unknown value, since the
  document's time of day is not known.
* Seasons take the document's year (``여름`` → ``2022-SU``; ``초여름``, ``한겨울``, ``여름철`` alike);
  ``지난 여름`` is the latest summer begun by the document's month (``2021-SU`` in February 2022),
  ``오는 겨울`` the next to begin.
* Week days and the weekend: ``지난 일요일`` the latest Sunday before the document date, ``오는
  수요일`` the first after it, ``이번 수요일`` / ``다음 주 월요일`` / ``지난주 금요일`` that day of
  the week meant; ``이번 주말`` → ``2022-W08-WE``; alone, nothing fixes the week: ``XXXX-WXX-7``.
  After a written date the week day adds nothing (``3월 15일 화요일`` → ``2022-03-15``).
* Holidays on a fixed solar date (:data:`HOLIDAYS`: ``한글날`` → ``2022-10-09``, ``크리스마스``)
  are dates without a year; the lunar ones (설, 추석) are not read.
* Times: ``오후 2시`` → ``T14:00``, ``오전 10시 30분`` → ``T10:30``, ``2시 반`` → ``T02:30``,
  ``14:00``; 오후/저녁/밤 add 12 hours below 12; 낮 adds 12 below 7; 정오 T12:00, 자정 T00:00. A
  time with a date is a date value (``오는 15일 오후 2시`` → ``2022-03-15T14:00``); a time alone
  has type ``time``.
* Without a document date, what is written out stays and the relative part becomes X:
  ``지난 3월 24일`` → ``XXXX-03-24``, ``지난해 12월`` → ``XXXX-12``; ``지난해``/``어제`` alone → null.
* Context (given by the pipeline, :func:`parse_date` ``before``/``anchor``): a bare ``N일`` after
  a period noun (기간, 소요 …) is a count of days (``처리 기간이 7일에서 3일로`` → P7D, P3D); a date
  joined to the previous DATE by ``부터`` (``다음 달 1일부터 19일까지``) takes that date's year
  and, for a bare day, its month.
* Week days in brackets (``3월 15일(화)``), quotes and brackets are ignored.
* Anything else gives ``value: null`` (type ``date``) and ``ok=False`` from :func:`parse_date`,
  which the pipeline component counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, fields, replace

from .numbers import fold_digits
from .text import nfc, strip_quotes

# --- data tables -------------------------------------------------------------------------------
REL_YEAR: dict[str, int] = {
    "재작년": -2, "지난해": -1, "지난 해": -1, "작년": -1, "전년도": -1, "전년": -1, "올해": 0, "금년": 0,
    "올": 0, "당해년도": 0, "당해연도": 0, "당해": 0, "이번 해": 0, "내년": 1, "명년": 1, "이듬해": 1,
    "다음 해": 1, "다음해": 1, "내후년": 2, "후년": 2,
}
REL_MONTH: dict[str, int] = {
    "지난달": -1, "지난 달": -1, "전월": -1, "전달": -1, "이달": 0, "이번 달": 0, "이번달": 0, "금월": 0,
    "당월": 0, "다음 달": 1, "다음달": 1, "내달": 1, "익월": 1,
}
REL_DAY: dict[str, int] = {
    "그저께": -2, "그제": -2, "어제": -1, "전일": -1, "전날": -1, "오늘": 0, "금일": 0, "이날": 0, "당일": 0,
    "내일": 1, "명일": 1, "익일": 1, "다음날": 1, "다음 날": 1, "이튿날": 1, "모레": 2, "글피": 3,
}
REL_WEEK: dict[str, int] = {
    "지난주": -1, "지난 주": -1, "전주": -1, "이번 주": 0, "이번주": 0, "금주": 0, "다음 주": 1, "다음주": 1,
    "내주": 1, "차주": 1,
}
DEIXIS: dict[str, str] = {"지난": "past", "오는": "future", "다가오는": "future", "이번": "this", "다음": "future"}
HALVES: dict[str, str] = {"상반기": "H1", "하반기": "H2"}
SEASONS: dict[str, str] = {"봄": "SP", "여름": "SU", "가을": "FA", "겨울": "WI"}
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # the month each season starts in
# early/mid/late and "-time" written onto a season change nothing in its value: 초여름, 한겨울, 늦가을, 여름철
SEASON_PREFIXES = ("초", "늦", "한")
SEASON_SUFFIXES = ("철",)
# ISO week days (1 = Monday) and the weekend (TIMEX3 WE)
WEEKDAYS: dict[str, int | str] = {"월요일": 1, "화요일": 2, "수요일": 3, "목요일": 4, "금요일": 5, "토요일": 6,
                                  "일요일": 7, "주말": "WE"}
# holidays on a fixed solar date (month, day); the lunar ones (설, 추석, 부처님오신날) move every year
HOLIDAYS: dict[str, tuple[int, int]] = {
    "신정": (1, 1), "삼일절": (3, 1), "식목일": (4, 5), "근로자의 날": (5, 1), "노동절": (5, 1), "어린이날": (5, 5),
    "어버이날": (5, 8), "스승의 날": (5, 15), "현충일": (6, 6), "제헌절": (7, 17), "광복절": (8, 15), "개천절": (10, 3),
    "한글날": (10, 9), "크리스마스 이브": (12, 24), "크리스마스": (12, 25), "성탄절": (12, 25),
}
# parts of the day (TIMEX3): a word of AMPM without an hour (이날 오전 → …TMO, 밤 → TNI)
PARTS_OF_DAY: dict[str, str] = {"오전": "MO", "아침": "MO", "새벽": "MO", "낮": "DT", "한낮": "MI", "대낮": "MI",
                                "오후": "AF", "저녁": "EV", "밤": "NI"}
# a count of time units before one of these is a point in time that far from the document date:
# 10년 전 (2012 in a 2022 document), 3일 뒤
SHIFT_WORDS: dict[str, int] = {"전": -1, "후": 1, "뒤": 1}
YEAR_PARTS = ("연초", "연말", "연내", "연중", "년초", "년말")
AMPM: dict[str, str] = {"오전": "am", "새벽": "am", "아침": "am", "오후": "pm", "저녁": "pm", "밤": "pm", "낮": "noon",
                        "한낮": "noon", "대낮": "noon"}
NAMED_TIMES: dict[str, tuple[int, int]] = {"정오": (12, 0), "자정": (0, 0)}
MODIFIERS = (
    "초순", "상순", "중순", "하순", "말경", "말께", "초", "중", "말", "께", "경", "쯤", "무렵", "즈음", "전후",
    "까지", "부터", "현재", "기준", "이후", "이전", "내",
)
DURATION_UNITS: dict[str, str] = {"년": "Y", "해": "Y", "개월": "M", "달": "M", "주일": "W", "주": "W", "일": "D",
                                  "시간": "TH", "분": "TM", "초": "TS"}
NATIVE_DAYS: dict[str, int] = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
                               "여드레": 8, "아흐레": 9, "열흘": 10, "보름": 15}
NATIVE_COUNTS: dict[str, int] = {"한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5, "여섯": 6,
                                 "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
DURATION_PREFIXES = ("지난", "최근", "향후", "앞으로", "과거", "이후", "약", "총")
DURATION_SUFFIXES = ("여간", "간", "동안", "째", "만", "새")

RANGE_SEPARATORS = "~∼〜～–—"


@dataclass
class DateFields:
    """What one date expression says, before it is resolved against a document date."""

    year: int | None = None
    decade: int | None = None
    short_decade: int | None = None  # 70년대: the decade digit, century unwritten
    century: int | None = None       # 21세기
    rel_year: int | None = None
    month: int | None = None
    rel_month: int | None = None
    day: int | None = None
    rel_day: int | None = None
    rel_week: int | None = None
    part: str | None = None        # H1/H2/Q1../SP..
    deixis: str | None = None      # past / future / this
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    ampm: str | None = None
    pod: str | None = None         # a part of the day without an hour: MO/MI/AF/EV/NI/DT
    weekday: int | str | None = None  # 1..7 (ISO) or WE
    year_word: bool = False        # 연초/연말 …: the year itself

    def has_date(self) -> bool:
        return any(v is not None for v in (self.year, self.decade, self.short_decade, self.century, self.rel_year, self.month, self.rel_month,
                                           self.day, self.rel_day, self.rel_week, self.part, self.weekday)) or self.year_word

    def has_time(self) -> bool:
        return self.hour is not None

    def is_relative(self) -> bool:
        rel = any(v is not None for v in (self.rel_year, self.rel_month, self.rel_day, self.rel_week))
        return rel or (self.deixis is not None and self.year is None)


class DateParseError(ValueError):
    """The text is not a date expression this module reads."""


# --- tokenising ---------------------------------------------------------------------------------
def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_HOLIDAY_KEYS = {**HOLIDAYS, **{k.replace(" ", ""): v for k, v in HOLIDAYS.items()}}
_TOKEN_RE = re.compile(
    r"(?P<ymd>(?P<ymd_y>\d{4}|\d{2})\s*(?P<ymd_s>[.\-/])\s*(?P<ymd_m>\d{1,2})\s*(?P=ymd_s)\s*(?P<ymd_d>\d{1,2})(?!\d)\.?)"
    r"|(?P<clock>(?P<c_h>\d{1,2}):(?P<c_m>\d{2})(?::(?P<c_s>\d{2}))?)"
    r"|(?P<quarter>(?P<q>[1-4])\s*(?:/\s*4\s*)?분기)"
    r"|(?P<ym>(?P<ym_y>\d{4})\s*[.\-/]\s*(?P<ym_m>\d{1,2})(?![\d:])\.?)"
    r"|(?P<md>(?P<md_m>\d{1,2})\s*[./]\s*(?P<md_d>\d{1,2})(?![\d:])\.?)"
    r"|(?P<decade>(?P<dec_y>\d{3})0\s*년대)"
    r"|(?P<decade2>(?P<dec_d>\d)0\s*년대)"
    r"|(?P<century>(?P<cent>\d{1,2})\s*세기)"
    r"|(?P<year>(?P<y>\d{4}|\d{2})\s*(?:년\s*도|년|연도))"
    r"|(?P<month>(?P<m>\d{1,2})\s*월)"
    r"|(?P<day>(?P<d>\d{1,2})\s*일)"
    r"|(?P<hour>(?P<h>\d{1,2})\s*시(?:\s*(?P<h_min>\d{1,2})\s*분|\s*(?P<h_half>반))?(?:\s*(?P<h_sec>\d{1,2})\s*초)?)"
    rf"|(?P<weekday>{_alt(WEEKDAYS)})"
    rf"|(?P<holiday>{_alt(_HOLIDAY_KEYS)})"
    rf"|(?P<relweek>(?:{_alt(REL_WEEK)})(?!말))"
    rf"|(?P<relmonth>{_alt(REL_MONTH)})"
    rf"|(?P<relyear>{_alt(REL_YEAR)})"
    rf"|(?P<relday>{_alt(REL_DAY)})"
    r"|(?P<newyear>새해)"
    rf"|(?P<half>{_alt(HALVES)})"
    rf"|(?P<yearpart>{_alt(YEAR_PARTS)})"
    rf"|(?P<season>(?:{_alt(SEASON_PREFIXES)})?\s?(?P<season_w>{_alt(SEASONS)})(?:{_alt(SEASON_SUFFIXES)})?)"
    rf"|(?P<named>{_alt(NAMED_TIMES)})"
    rf"|(?P<ampm>{_alt(AMPM)})"
    rf"|(?P<deixis>{_alt(DEIXIS)})"
    rf"|(?P<mod>{_alt(MODIFIERS)})"
)
# a week day in brackets after a date says nothing more (3월 15일(화)); written out, it is read (WEEKDAYS)
_WEEKDAY_RE = re.compile(r"\(\s*[월화수목금토일](?:요일)?\s*\)")
_APOS_YEAR_RE = re.compile(r"[`'‘’´](\d{2})(?=\s*(?:년|[.\-/]\s*\d))")


def _clean(text: str) -> str:
    s = fold_digits(nfc(text)).strip()
    s = _APOS_YEAR_RE.sub(lambda m: str(_century(int(m.group(1)))), s)
    s = _WEEKDAY_RE.sub("", s)
    s = strip_quotes(s)
    return re.sub(r"\s+", " ", s).strip(" ,")


def _century(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


def parse_fields(text: str, *, new_year_month: int | None = None) -> DateFields:
    """Tokenise one (non-range) date expression into :class:`DateFields`; raise DateParseError."""
    f = DateFields()
    s = text
    i = 0
    seen = False
    while i < len(s):
        if s[i] in " ,":
            i += 1
            continue
        m = _TOKEN_RE.match(s, i)
        if not m:
            raise DateParseError(f"cannot read {s[i:]!r}")
        kind = m.lastgroup
        g = m.groupdict()
        if kind == "ymd":
            y = int(g["ymd_y"])
            _set(f, "year", _century(y) if len(g["ymd_y"]) == 2 else y)
            _set(f, "month", int(g["ymd_m"]))
            _set(f, "day", int(g["ymd_d"]))
        elif kind == "clock":
            _set(f, "hour", int(g["c_h"]))
            _set(f, "minute", int(g["c_m"]))
            if g["c_s"] is not None:
                _set(f, "second", int(g["c_s"]))
        elif kind == "ym":
            _set(f, "year", int(g["ym_y"]))
            _set(f, "month", int(g["ym_m"]))
        elif kind == "md":
            _set(f, "month", int(g["md_m"]))
            _set(f, "day", int(g["md_d"]))
        elif kind == "decade":
            _set(f, "decade", int(g["dec_y"]))
        elif kind == "decade2":
            _set(f, "short_decade", int(g["dec_d"]))
        elif kind == "century":
            if int(g["cent"]) < 1:
                raise DateParseError("century 0")
            _set(f, "century", int(g["cent"]))
        elif kind == "year":
            y = int(g["y"])
            _set(f, "year", _century(y) if len(g["y"]) == 2 else y)
        elif kind == "month":
            _set(f, "month", int(g["m"]))
        elif kind == "day":
            _set(f, "day", int(g["d"]))
        elif kind == "hour":
            _set(f, "hour", int(g["h"]))
            if g["h_min"] is not None:
                _set(f, "minute", int(g["h_min"]))
            elif g["h_half"]:
                _set(f, "minute", 30)
            if g["h_sec"] is not None:
                _set(f, "second", int(g["h_sec"]))
        elif kind == "quarter":
            _set(f, "part", f"Q{g['q']}")
        elif kind == "relweek":
            _set(f, "rel_week", REL_WEEK[m.group()])
        elif kind == "relmonth":
            _set(f, "rel_month", REL_MONTH[m.group()])
        elif kind == "relyear":
            _set(f, "rel_year", REL_YEAR[m.group()])
        elif kind == "relday":
            _set(f, "rel_day", REL_DAY[m.group()])
        elif kind == "newyear":
            _set(f, "rel_year", 1 if new_year_month is not None and new_year_month >= 11 else 0)
        elif kind == "half":
            _set(f, "part", HALVES[m.group()])
        elif kind == "yearpart":
            f.year_word = True
        elif kind == "season":
            _set(f, "part", SEASONS[g["season_w"]])
        elif kind == "weekday":
            _set(f, "weekday", WEEKDAYS[m.group()])
        elif kind == "holiday":
            month, day = _HOLIDAY_KEYS[m.group()]
            _set(f, "month", month)
            _set(f, "day", day)
        elif kind == "named":
            h, mi = NAMED_TIMES[m.group()]
            _set(f, "hour", h)
            _set(f, "minute", mi)
        elif kind == "ampm":
            _set(f, "ampm", AMPM[m.group()])
            f.pod = PARTS_OF_DAY.get(m.group())
        elif kind == "deixis":
            _set(f, "deixis", DEIXIS[m.group()])
        elif kind == "mod":
            if not seen:
                raise DateParseError(f"modifier {m.group()!r} before any date")
        if kind not in ("mod", "deixis", "ampm"):
            seen = True
        i = m.end()
    if f.hour is not None:
        f.pod = None  # 오후 2시: the hour says it
    elif f.ampm and f.pod is None:
        raise DateParseError(f"{text!r}: a time word without an hour")
    if not seen and f.pod is None:
        raise DateParseError(f"no date in {text!r}")
    return f


def _set(f: DateFields, name: str, value) -> None:
    if getattr(f, name) is not None:
        raise DateParseError(f"{name} given twice")
    setattr(f, name, value)


# --- resolving ----------------------------------------------------------------------------------
def resolve(f: DateFields, doc_date: dt.date | None,
            anchor: tuple[int, int | None] | None = None) -> tuple[str, str | None]:
    """Resolve fields against the document date; return ``(type, value)``.

    ``anchor`` (year, month or None) is the date of a preceding expression that this one
    continues (``A부터 B까지``): a date without a year takes the anchor's year, a bare day its
    month too.
    """
    if not f.has_date():
        return "time", _time_value(f)
    if f.weekday is not None and f.month is None and f.day is None and f.rel_day is None:
        return "date", _weekday_value(f, doc_date)
    if f.short_decade is not None or f.century is not None:
        return "date", _decade_or_century(f, doc_date)
    year: int | None = None
    month = f.month
    day = f.day
    if f.is_relative() and doc_date is None:
        # the relative part is unknown; what is written out stays (지난 3월 24일 → XXXX-03-24)
        if f.rel_week is not None or f.rel_day is not None or (month is None and day is None and f.part is None):
            return "date", None
        if f.rel_month is not None:
            month = None
        return _format(None, month, day, f)
    if anchor is not None and f.year is None and f.rel_year is None and f.rel_month is None \
            and f.rel_day is None and f.rel_week is None and f.deixis is None and (month is not None or day is not None):
        # 다음 달 1일부터 19일까지: the second date takes the year (and month) of the first
        year = anchor[0]
        if month is None and anchor[1] is not None:
            month = anchor[1]
        return _format(year, month, day, f)
    if f.decade is not None:
        if any(v is not None for v in (f.month, f.day, f.part, f.hour)):
            raise DateParseError("a decade with finer parts")
        return "date", f"{f.decade}X"
    if f.rel_week is not None:
        return "date", _iso_week(doc_date + dt.timedelta(weeks=f.rel_week))
    if f.rel_day is not None:
        d = doc_date + dt.timedelta(days=f.rel_day)
        year, month, day = d.year, d.month, d.day
    elif f.rel_month is not None:
        idx = doc_date.year * 12 + (doc_date.month - 1) + f.rel_month
        year, month = divmod(idx, 12)
        month += 1
    elif f.year is not None:
        year = f.year
    elif f.rel_year is not None:
        year = doc_date.year + f.rel_year
    elif f.deixis in ("past", "future") and f.part in SEASON_START:
        year = _season_year(f, doc_date)
    elif f.deixis in ("past", "future") and (month is not None or day is not None):
        year, month = _deictic(f, doc_date)
    elif doc_date is not None:
        year = doc_date.year
        if month is None and day is not None:
            month = doc_date.month
    return _format(year, month, day, f)


def _decade_or_century(f: DateFields, doc_date: dt.date | None) -> str:
    """``XX7X`` / ``197X`` for 70년대 (the latest such decade on or before the document date), ``20XX``
    for 21세기."""
    others = [v for k in fields(f) if k.name not in ("short_decade", "century", "deixis", "year_word")
              for v in [getattr(f, k.name)] if v is not None]
    if others or (f.short_decade is not None and f.century is not None):
        raise DateParseError("a decade or century with other parts")
    if f.century is not None:
        return f"{f.century - 1:02d}XX"
    if doc_date is None:
        return f"XX{f.short_decade}X"
    start = doc_date.year // 100 * 100 + f.short_decade * 10
    if start > doc_date.year:
        start -= 100
    return f"{start // 10:03d}X"


def _format(year: int | None, month: int | None, day: int | None, f: DateFields) -> tuple[str, str]:
    _check(year, month, day, f)
    if f.part is not None:
        if month is not None or day is not None:
            raise DateParseError("half/quarter/season with a month")
        return "date", f"{_y(year)}-{f.part}"
    value = _y(year)
    if month is not None:
        value += f"-{month:02d}"
        if day is not None:
            value += f"-{day:02d}"
    elif day is not None:
        value += f"-XX-{day:02d}"
    if f.has_time() or f.pod is not None:
        if month is None or day is None:
            raise DateParseError("a time of day needs a day")
        value += _time_value(f)
    return "date", value


def _y(year: int | None) -> str:
    return "XXXX" if year is None else f"{year:04d}"


def _deictic(f: DateFields, doc: dt.date) -> tuple[int, int]:
    """Year and month for 지난/오는 + month and/or day (day alone stays in a nearby month)."""
    if f.month is None:  # 오는 15일, 지난 3일
        y, m = doc.year, doc.month
        if f.deixis == "future" and f.day < doc.day:
            y, m = divmod(y * 12 + m, 12)
            m += 1
        elif f.deixis == "past" and f.day > doc.day:
            y, m = divmod(y * 12 + m - 2, 12)
            m += 1
        return y, m
    key = (f.month, f.day or 0)
    now = (doc.month, doc.day if f.day is not None else 0)
    if f.deixis == "future":
        return (doc.year if key >= now else doc.year + 1), f.month
    return (doc.year if key <= now else doc.year - 1), f.month


def _season_year(f: DateFields, doc: dt.date) -> int:
    """The year of 지난/오는 + a season: the latest one begun by the document's month, or the next to begin."""
    start = SEASON_START[f.part]
    if f.deixis == "past":
        return doc.year if start <= doc.month else doc.year - 1
    return doc.year if start >= doc.month else doc.year + 1


def _weekday_value(f: DateFields, doc: dt.date | None) -> str | None:
    """A week day or the weekend: the date (or week) that 지난/오는/이번 or 지난주/다음 주 point to,
    ``XXXX-WXX-7`` when nothing fixes the week (``일요일`` alone), None when something does but
    there is no document date."""
    if f.year is not None or f.rel_year is not None or f.rel_month is not None or f.part is not None \
            or f.has_time() or f.pod is not None:
        raise DateParseError("a week day with other parts")
    wd = f.weekday
    if f.rel_week is None and f.deixis is None:
        return f"XXXX-WXX-{wd}"
    if doc is None:
        return None
    if f.rel_week is not None or f.deixis == "this":
        base = doc + dt.timedelta(weeks=f.rel_week or 0)
        if wd == "WE":
            return f"{_iso_week(base)}-WE"
        return (base + dt.timedelta(days=wd - base.isoweekday())).isoformat()
    target = 6 if wd == "WE" else wd  # a weekend is found by its Saturday
    step = -1 if f.deixis == "past" else 1
    day = doc + dt.timedelta(days=step)
    while day.isoweekday() != target:
        day += dt.timedelta(days=step)
    return f"{_iso_week(day)}-WE" if wd == "WE" else day.isoformat()


def _iso_week(d: dt.date) -> str:
    """The ISO week of ``d`` as TIMEX3 writes it: ``2022-W08``."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _check(year, month, day, f: DateFields) -> None:
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(f"month {month}")
    if day is not None and not 1 <= day <= 31:
        raise DateParseError(f"day {day}")
    if year is not None and month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise DateParseError(str(exc)) from None


def _time_value(f: DateFields) -> str:
    if f.hour is None:
        if f.pod is None:
            raise DateParseError("no time")
        return f"T{f.pod}"
    h = f.hour
    if f.ampm == "pm" and h < 12:
        h += 12
    elif f.ampm == "noon" and h < 7:
        h += 12
    elif f.ampm == "am" and h == 12:
        h = 0
    if h == 24:
        h = 0
    mi = f.minute or 0
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        raise DateParseError(f"time {h}:{mi}")
    out = f"T{h:02d}:{mi:02d}"
    if f.second is not None:
        if not 0 <= f.second <= 59:
            raise DateParseError(f"second {f.second}")
        out += f":{f.second:02d}"
    return out


# --- durations ----------------------------------------------------------------------------------
# a number of a duration: digits, a native count (두 달), the sino 일 (one) before 주일/년 (일주일, 일년)
_NUM = r"(?:\d+(?:\.\d+)?|" + _alt(NATIVE_COUNTS) + r"|일(?=\s*(?:주일|년)))"
_DUR_PART = rf"(?:{_NUM}\s*여?\s*(?:{_alt(DURATION_UNITS)})(?:\s*반)?|반\s*년|{_alt(NATIVE_DAYS)})"
_DURATION_RE = re.compile(
    rf"^(?:(?P<pre>{_alt(DURATION_PREFIXES)})\s*)?(?P<body>{_DUR_PART}(?:\s*{_DUR_PART})*)\s*(?P<suf>{_alt(DURATION_SUFFIXES)})?$"
)
_DUR_ITEM = re.compile(rf"(?P<n>{_NUM})\s*여?\s*(?P<u>{_alt(DURATION_UNITS)})(?P<half>\s*반)?|(?P<halfyear>반\s*년)"
                       rf"|(?P<days>{_alt(NATIVE_DAYS)})")


def parse_duration(s: str) -> str | None:
    """``P…`` for a duration expression, or None when ``s`` is not (only) a duration."""
    m = _DURATION_RE.match(s)
    if not m:
        return None
    parts = _duration_parts(m.group("body"))
    if parts is None:
        return None
    marked = bool(m.group("pre") and m.group("pre") not in ("약", "총")) or bool(m.group("suf"))
    units = set(parts)
    if units == {"D"} and not m.group("suf"):
        return None  # 15일, 지난 8일: a day of the month
    if not marked:
        if "Y" in units and parts["Y"] >= 1000:
            return None
    return _format_duration(parts)


def _duration_parts(body: str) -> dict[str, float] | None:
    """The units of a duration's body (``2시간 40분`` → ``{"TH": 2, "TM": 40}``); None if one is repeated."""
    parts: dict[str, float] = {}
    for item in _DUR_ITEM.finditer(body):
        if item.group("halfyear"):
            parts["M"] = parts.get("M", 0) + 6
            continue
        if item.group("days"):
            if "D" in parts:
                return None
            parts["D"] = float(NATIVE_DAYS[item.group("days")])
            continue
        raw = item.group("n")
        n = 1.0 if raw == "일" else float(NATIVE_COUNTS[raw]) if raw in NATIVE_COUNTS else float(raw)
        if item.group("half"):
            n += 0.5
        unit = DURATION_UNITS[item.group("u")]
        if unit in parts:
            return None
        parts[unit] = n
    return parts


_SHIFT_RE = re.compile(rf"^(?P<body>{_DUR_PART}(?:\s*{_DUR_PART})*)\s*(?P<dir>{_alt(SHIFT_WORDS)})$")


def parse_shift(s: str, doc_date: dt.date | None) -> dict | None:
    """The norm of a time count before 전/후/뒤 (``10년 전``, ``3일 뒤``, ``석 달 전``), else None.

    The point that far from the document date, at the granularity of the smallest unit written
    (``10년 전`` in a 2022-02-23 document → ``2012``, ``3개월 후`` → ``2022-05``, ``3일 전`` →
    ``2022-02-20``); value None without a document date, for a fractional count, and for hours,
    minutes and seconds (the document's time of day is not known: type ``time``).
    """
    m = _SHIFT_RE.match(s)
    if not m:
        return None
    parts = _duration_parts(m.group("body"))
    if not parts:
        return None
    if any(u.startswith("T") for u in parts):
        return {"type": "time", "value": None}
    if doc_date is None or any(not float(n).is_integer() for n in parts.values()):
        return {"type": "date", "value": None}
    sign = SHIFT_WORDS[m.group("dir")]
    months = sign * int(parts.get("Y", 0) * 12 + parts.get("M", 0))
    year, month = divmod(doc_date.year * 12 + doc_date.month - 1 + months, 12)
    if "W" not in parts and "D" not in parts:
        return {"type": "date", "value": f"{year:04d}" if "M" not in parts else f"{year:04d}-{month + 1:02d}"}
    day = min(doc_date.day, calendar.monthrange(year, month + 1)[1])
    when = dt.date(year, month + 1, day) + dt.timedelta(days=sign * int(parts.get("W", 0) * 7 + parts.get("D", 0)))
    return {"type": "date", "value": when.isoformat()}


def _format_duration(parts: dict[str, float]) -> str:
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    out = "P" + "".join(f"{num(parts[u])}{u}" for u in ("Y", "M", "W", "D") if u in parts)
    time = "".join(f"{num(parts['T' + u])}{u}" for u in ("H", "M", "S") if "T" + u in parts)
    return out + ("T" + time if time else "")


# --- public API -----------------------------------------------------------------------------------
def parse_date(text: str, doc_date: dt.date | None = None, *, before: str = "",
               anchor: str | None = None) -> tuple[dict, bool]:
    """Parse a DATE span; return ``(norm, ok)``; ``ok`` is False when the text could not be read.

    ``before`` is the text just before the span (a period noun there makes a bare ``N일`` a
    count of days: ``처리 기간이 7일에서 3일로`` → P7D, P3D); ``anchor`` is the value of the DATE
    this one continues (``다음 달 1일부터 19일까지``). A relative date without a document date is
    ``ok`` with value None.
    """
    doc_date = _as_date(doc_date)
    s = _clean(text)
    shifted = parse_shift(s, doc_date)
    if shifted is not None:
        return shifted, True
    duration = parse_duration(s)
    if duration is not None:
        return {"type": "duration", "value": duration}, True
    m = _BARE_DAYS_RE.match(s)
    if m and _PERIOD_BEFORE_RE.search(before[-CONTEXT_CHARS:]):
        return {"type": "duration", "value": f"P{int(m.group(1))}D"}, True
    try:
        fields_ = parse_fields(s, new_year_month=doc_date.month if doc_date else None)
        return _norm(*resolve(fields_, doc_date, _anchor(anchor))), True
    except DateParseError:
        pass
    try:
        return _norm(*_parse_range(s, doc_date)), True
    except DateParseError:
        return {"type": "date", "value": None}, False


def normalize_date(text: str, doc_date: dt.date | None = None, *, before: str = "",
                   anchor: str | None = None) -> dict:
    """The DATE norm of a span's text, relative dates resolved against ``doc_date``.

    >>> import datetime as dt
    >>> normalize_date("지난해", dt.date(2022, 2, 23))
    {'type': 'date', 'value': '2021'}
    >>> normalize_date("2019.12.13.", None)
    {'type': 'date', 'value': '2019-12-13'}
    >>> normalize_date("2년간", None)
    {'type': 'duration', 'value': 'P2Y'}
    """
    return parse_date(text, doc_date, before=before, anchor=anchor)[0]


CONTEXT_CHARS = 20
_BARE_DAYS_RE = re.compile(r"^(\d{1,3})\s*일$")
# a period noun (기간, 소요 …) shortly before: "처리 기간이 7일에서 3일로", "심사 기간을 20일에서 10일로"
_PERIOD_BEFORE_RE = re.compile(r"(?:기간|소요|걸리던|걸리는|걸렸던)[이가을를은는도]?\s+(?:\S+\s+){0,2}$")
_ANCHOR_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def _anchor(value: str | None) -> tuple[int, int | None] | None:
    m = _ANCHOR_RE.match(value or "")
    if not m:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def _norm(kind: str, value: str | None) -> dict:
    return {"type": kind, "value": value}


_SPLIT_RE = re.compile(rf"\s*[{RANGE_SEPARATORS}]\s*")
_FROM_TO_RE = re.compile(r"^(?P<a>.+?)\s*부터\s*(?P<b>.+?)(?:\s*까지)?$")
_BARE_END_RE = re.compile(r"(\d+)$")
_LEAD_UNIT_RE = re.compile(r"^\s*(?:[가-힣]+\s+)?\d+\s*(년도|년|월|일|시|분기)")


def _parse_range(s: str, doc_date: dt.date | None) -> tuple[str, str | None]:
    m = _FROM_TO_RE.match(s)
    if m:
        left, right = m.group("a"), m.group("b")
    else:
        pieces = _SPLIT_RE.split(s)
        if len(pieces) != 2 and "-" in s:
            pieces = re.split(r"\s*-\s*", s)
        if len(pieces) != 2 or not all(pieces):
            raise DateParseError("not a range")
        left, right = pieces
    if parse_duration(right) is not None and _BARE_END_RE.search(left):
        # 2~3년간: a range of durations has no single TIMEX3 value
        return "duration", None
    if _BARE_END_RE.search(left):
        unit = _LEAD_UNIT_RE.match(right)
        if not unit:
            raise DateParseError("bare left side")
        left = left + unit.group(1)
    nym = doc_date.month if doc_date else None
    lf = parse_fields(left, new_year_month=nym)
    rf_ = parse_fields(right, new_year_month=nym)
    # the right side inherits the coarser fields it does not state
    if not _has_year(rf_) and _has_year(lf) and rf_.rel_month is None and rf_.rel_day is None:
        rf_ = replace(rf_, year=lf.year, rel_year=lf.rel_year, deixis=rf_.deixis or lf.deixis)
        if rf_.month is None and rf_.day is not None and lf.month is not None:
            rf_ = replace(rf_, month=lf.month)
    elif rf_.month is None and rf_.day is not None and lf.month is not None:
        rf_ = replace(rf_, month=lf.month, deixis=rf_.deixis or lf.deixis)
    if rf_.hour is not None and lf.has_date() and not rf_.has_date():
        rf_ = replace(rf_, **{k.name: getattr(lf, k.name) for k in fields(lf)
                              if k.name not in ("hour", "minute", "second", "ampm")})
    if rf_.hour is not None and rf_.ampm is None and lf.ampm is not None:
        rf_ = replace(rf_, ampm=lf.ampm)
    # a left side without a year takes the right's explicit year (12월~2020년 3월 is not this)
    if not _has_year(lf) and rf_.year is not None and lf.month is not None and rf_.month is not None \
            and lf.month <= rf_.month:
        lf = replace(lf, year=rf_.year)
    lt, lv = resolve(lf, doc_date)
    rt, rv = resolve(rf_, doc_date)
    if lt != rt:
        raise DateParseError("range of mixed types")
    if lv is None or rv is None:
        return lt, None
    return lt, f"{lv}/{rv}"


def _has_year(f: DateFields) -> bool:
    return f.year is not None or f.rel_year is not None


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# --- datelines ----------------------------------------------------------------------------------
_DATE_IN_LINE = (r"(?P<y>\d{4}|\d{2})\s*[.\-/년]\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})(?!\d)")
DATELINE_LABELS = (
    "기사등록", "기사입력", "등록일시", "등록일자", "등록일", "등록", "작성일시", "작성일자", "작성일", "입력일시",
    "입력일", "입력", "게재일", "발행일", "보도일시", "보도일자", "보도일", "배포일시", "배포일자", "배포일", "송고시간",
    "송고", "승인", "발표일", "일자", "날짜",
)
_LABELLED_RE = re.compile(rf"(?:{_alt(DATELINE_LABELS)})\s*[:：]?\s*{_DATE_IN_LINE}")
_BARE_RE = re.compile(_DATE_IN_LINE)
TOP_LINES = 3  # an unlabelled date counts as the dateline only in the first non-empty lines


def doc_date_from_text(text: str) -> dt.date | None:
    """The document date from a dateline: a labelled date anywhere (``기사등록 2021-02-06 11:07:46``,
    ``작성일 22-02-23 17:41``, ``보도일시 2023. 3. 15.``), else a full date in the first three
    non-empty lines (``2023.03.15``). Update stamps (``최종업데이트``, ``수정``) are not datelines.
    """
    s = fold_digits(nfc(text))
    for m in _LABELLED_RE.finditer(s):
        if _is_update_stamp(s, m.start()):
            continue
        d = _date_from_match(m)
        if d:
            return d
    lines = [ln for ln in s.splitlines() if ln.strip()][:TOP_LINES]
    for line in lines:
        for m in _BARE_RE.finditer(line):
            if _is_update_stamp(line, m.start()):
                continue
            d = _date_from_match(m)
            if d:
                return d
    return None


def _is_update_stamp(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8):pos]
    return "업데이트" in before or "수정" in before


def _date_from_match(m: re.Match) -> dt.date | None:
    y = int(m.group("y"))
    if len(m.group("y")) == 2:
        y = _century(y)
    try:
        return dt.date(y, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
