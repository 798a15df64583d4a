"""Token patterns (spaCy ``Matcher``) for MONEY, DATE and METRIC over Kiwi tokens.

A data module: word lists and the token patterns built from them. Tokens are Kiwi morphemes
(:mod:`kner.tokenizer`): ``978억원`` is ``978/SN 억/NR 원/NNB``, ``1,400여명`` is
``1,400/SN 여/XSN 명/NNB``, ``지난 3월`` is ``지난/VV+ETM 3/SN 월/NNB``, ``오는`` is ``오/VV 는/ETM``.
Particles are their own tokens, so a pattern that stops at the unit leaves them outside.

What the patterns cover (LABEL_SPEC rules 4, 5, 6, 12, 13):

* MONEY: a run of number tokens (digits ``SN``, numerals ``NR`` such as 억/조/천만/수백억/삼,
  with ``여`` inside: ``100여억원``) then a currency word (원, 달러, 엔, 유로, 위안 …), with the
  "-level" ``대`` (``3천억원대``, ``수조 원대``); or a run ending in 억 (or a vague 수백억, 수조) without a currency word
  (``국비 20억``, ``수백억대``). Qualifiers before the number (약, 총, 최대, 국비) are never
  matched; white space inside the amount is (``1조 2천억원``, ``1,200억 원``).
* DATE: ``YYYY년 M월 D일`` and its parts, dotted ``2019.12.13.`` (the last dot kept) and
  ``2019. 12. 13.``, ``YYYY-MM-DD`` / ``YY-MM-DD`` with a clock time, deictic 지난/오는/이번 +
  date, relative years and months (지난해, 올해, 내년, 지난달, 이달, 다음 달 …) alone or with a
  month, day, half (상반기/하반기) or quarter (N분기), ranges with ``~``/``-``
  (``2020~2021년``, ``올해 1~10월``, ``2020.2.14.~2020.2.28.``), durations (``2년간``, ``지난
  15년간``, ``6개월``, ``3일간``, ``두 달``, ``10분``, ``2시간 40분``, ``두 시간``), clock times
  ``오전/오후 N시 (N분)`` and parts of the day (:data:`PARTS_OF_DAY`: ``오후``, ``밤``) alone or after
  a date (``이날 오전``, ``17일 밤``), a count of time before 전/후/뒤 (:data:`SHIFT_WORDS`: ``10년
  전``, ``석 달 뒤``), decades (``1970년대``, ``70년대``), centuries (``21세기``), two-digit
  years with ``년도`` (``98년도``), the relative day words of :data:`RELATIVE_DAYS`, seasons and
  week days alone or after 지난/오는/이번/다음 (``올 여름``, ``지난 일요일``, ``주말``) and the
  fixed-date holidays of :data:`HOLIDAYS` (``한글날``, ``스승의 날``); not ``3분의 1`` (a fraction).
* METRIC: a number run (``여`` inside) then a counter or unit: the seed counters of :data:`COUNTERS`
  (``개사``, ``%p``, ``%대`` …) and, by grammar, any bound noun (NNB) that is a counter
  (:data:`NON_COUNTER_NNB` lists those that are not), a counter noun of :data:`COUNTER_NOUNS` or a
  unit of measure of :data:`MEASURE_UNITS`; native counts (``두 배``, ``세 마리``, ``열두 명``,
  ``두세 번``) before the same counters. Counters that also form ordinals and rank groups
  (:data:`RANK_COUNTERS`: ``4대 강국``, ``3세대 치료제``, ``5번 출구``) are checked by the component.

Candidates are checked by the normaliser's parsers (:mod:`kner.normalize.money`,
:mod:`~kner.normalize.dates`, :mod:`~kner.normalize.metrics`) in the component; what they cannot
read is dropped.
"""

from typing import Any

Pattern = list[dict[str, Any]]

# ----------------------------------------------------------------------------- word lists
NUMBER_TAGS = ["SN", "NR"]
BIG_MAGNITUDE = r"억$"  # a bare amount (국비 20억) must end in 억: 1조 alone is too often a group
VAGUE_MAGNITUDE = r"^[수몇].*(?:억|조)$"  # 수백억, 수조: a vague amount on its own
APPROX_INSIDE = ["여"]  # 1,400여명, 100여억원

CURRENCY_WORDS = ["원", "원화", "달러", "엔", "엔화", "유로", "위안", "위안화", "파운드"]
LEVEL_SUFFIX = ["대"]  # 수백억대, 3천억원대, 10%대

# counters and units (one token or a sequence of tokens, as Kiwi splits them)
COUNTERS: list[list[str]] = [
    ["개사"], ["개", "사"], ["개", "社"], ["개社"], ["개국"], ["개", "국"], ["개소"], ["개", "소"],
    ["개교"], ["개", "교"], ["개"], ["명"], ["건"], ["곳"], ["회"], ["배"], ["종"], ["팀"], ["실"],
    ["톤"], ["가구"], ["척"], ["인"], ["병상"], ["채"],
    ["%"], ["％"], ["%", "p"], ["%", "P"], ["%", "포인트"], ["%p"], ["퍼센트"], ["%", "대"],
    ["㎡"], ["㎢"], ["㎞"], ["㎏"], ["㎾"], ["㎿"], ["m2"], ["m²"],
    ["MW"], ["kW"], ["GW"], ["MWh"], ["GWh"], ["TB"], ["GB"], ["km"], ["kg"], ["ha"],
    ["만", "명"],
]
# words that may be glued after a count or amount without making it part of a longer word
# (50%이상, 100억원대비); any other glued noun means the number is inside a name (1인창조기업)
BOUND_WORDS = ["이상", "이하", "미만", "초과", "내외", "안팎", "가량", "정도", "남짓", "씩", "중", "당", "수준",
               "규모", "대비", "증가", "감소", "상당", "어치", "분", "에", "만", "여"]
# BOUND_WORDS are checked only for MONEY and METRIC; 째 is not one of them: 세 번째, 3번째 are ordinals

# ---- counts by grammar (LABEL_SPEC: "a count with its counter", "a measured quantity")
# The principle: a count is a number followed by a counter (a classifier: 명, 개, 마리, 권, 그루, 척
# …) or a unit of measure. Kiwi tags nearly every Korean counter as a bound noun (NNB), so a number
# followed by an NNB is a count, except where the NNB is one of these:
NON_COUNTER_NNB = [
    # grammatical bound nouns (they follow a clause; after a number they would not count it)
    "것", "거", "게", "걸", "수", "데", "등", "중", "때", "뿐", "바", "만", "만큼", "간", "줄", "듯", "듯이",
    "따위", "측", "지", "적", "대로", "체", "셈", "터", "탓", "리", "나름", "김", "참", "겸", "즈음", "무렵",
    "이", "님", "씨", "군", "양", "상", "하", "내", "외", "전", "후", "말", "초", "경", "께",
    # time units: a number before them is a DATE (2019년, 3월, 15일, 오후 2시, 6개월, 2주, 3시간, 1970년대)
    "년", "년도", "년대", "월", "일", "시", "분", "초", "개월", "개년", "주", "주간", "주일", "시간", "달", "해", "박",
    # money: a MONEY (원, 달러 …) or an amount the MONEY rules leave alone
    "원", "원화", "달러", "엔", "엔화", "유로", "위안", "위안화", "파운드", "불", "센트", "루블", "루피", "페소", "프랑",
    # ordinals and serial numbers: the Nth item, not N items (2차 공모, 1위, 1등, 3호, 3기, 1부 리그, 2번째,
    # 지하철 4호선, 원전 1호기, 7화 (episode), 2탄, 1집 (album), 2막 (act), 1차전, 16강, 3주기, 10주년, 5촌,
    # 2014판, 3단), scores and grades (96점: a value on a scale) and ages (30세, 세 살): not quantities
    # by the spec (LABEL_SPEC and GUIDELINES list ordinals, stages, ranks as not labelled)
    "차", "위", "호", "기", "부", "번째", "째", "호선", "호기", "화", "탄", "집", "막", "차전", "강", "주기",
    "주년", "번지", "촌", "판", "단", "점", "세", "살",
]
# after digits these number the parts of a series (1편 = the first film) more often than they count;
# after a native numeral they count (한 편의 영화, 두 편)
SERIAL_AFTER_DIGITS = ["편"]
# a few counters Kiwi tags as common nouns (NNG): counted households, kinds, times, places, pairs …
COUNTER_NOUNS = [
    "곳", "배", "종", "종류", "팀", "가구", "세대", "차례", "쌍", "송이", "종목", "과목", "자루", "표",
    "곡", "포기", "칸", "경기", "골", "장", "톤", "미터", "개국", "명", "개", "건", "인",
]
# units of measure written in Latin letters or symbols (Kiwi: SL, SW); hangul units are NNB (킬로미터, 평)
MEASURE_UNITS = [
    "kg", "g", "mg", "t", "km", "m", "cm", "mm", "ha", "L", "l", "ml", "mL", "cc", "W", "kW", "MW", "GW",
    "kWh", "MWh", "GWh", "TWh", "KB", "MB", "GB", "TB", "PB", "Mbps", "Gbps", "Hz", "kHz", "MHz", "GHz",
    "°C", "°F", "㎏", "㎎", "㎞", "㎝", "㎜", "㎡", "㎢", "㎥", "㏊", "℃", "℉", "ℓ", "㎖", "㎾", "㎿", "㎽",
    "m²", "m³", "km²",
]
# counters that also make ordinals and rank groups when a noun follows them (세계 4대 강국, 3세대
# 치료제, 5번 출구) but counts otherwise (버스 20대를, 27만세대가, 세 번 만났다): the component keeps
# such a METRIC only when no noun follows it
RANK_COUNTERS = ["대", "세대", "번"]
# native numerals (Kiwi: MM, some NR); ranges (두세, 서너) and 몇 are vague counts (value null)
NATIVE_NUMBERS = ["한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "서른", "마흔",
                  "쉰", "한두", "두세", "서너", "두어", "너덧", "대여섯", "예닐곱"]  # not 몇, 여러: no number
NATIVE_TENS = ["열", "스물", "서른", "마흔", "쉰"]  # 열두 명: 열/NR 두/MM 명
NATIVE_COUNTERS = ["배", "곳", "개", "명", "건", "가지"]  # (the seed list; kept for reference in tests)

YEAR_WORDS = ["년", "년도"]
RELATIVE_YEARS = ["지난해", "작년", "올해", "금년", "내년", "전년", "재작년", "내후년", "새해", "연초", "연말", "전년도"]
# relative days (the normaliser resolves them against the document date): 이날 the day of the news,
# 전날 the day before, 다음날/이튿날 the day after, like 전년 (GUIDELINES: the year before). Not 당일
# (선거 당일, 사고 당일: the day of the event named before it, no date of its own)
RELATIVE_DAYS = ["이날", "오늘", "어제", "내일", "모레", "그제", "전날", "이튿날", "지난주", "금주", "내주"]
RELATIVE_DAY_PHRASES = [["이번", "주"], ["다음", "주"], ["다음", "날"]]
RELATIVE_MONTHS = ["지난달", "이달", "내달", "전월", "익월", "금월"]
RELATIVE_MONTH_PHRASES = [["다음", "달"], ["이번", "달"], ["지난", "달"]]
HALVES = ["상반기", "하반기"]
DEICTIC = [["지난"], ["오", "는"], ["이번"]]
CLOCK_PREFIXES = ["오전", "오후", "낮", "밤", "저녁", "새벽", "아침"]
# a part of the day alone (오후, 밤) or after a day (이날 오전, 17일 밤); 정오/자정 are clock times
PARTS_OF_DAY = ["오전", "오후", "새벽", "아침", "낮", "한낮", "대낮", "저녁", "밤", "정오", "자정"]
DURATION_UNITS = ["개월", "주일", "시간"]  # always a duration after a number
DURATION_SUFFIXES = ["간", "동안"]
NATIVE_DURATIONS = ["달", "해", "시간"]
# after a count of time a point that far from the document date (10년 전, 3일 뒤): one span
SHIFT_WORDS = ["전", "후", "뒤"]
SEASONS = ["봄", "여름", "가을", "겨울", "봄철", "여름철", "가을철", "겨울철", "초봄", "초여름", "초가을", "초겨울",
           "늦봄", "늦여름", "늦가을", "늦겨울", "한여름", "한겨울"]
WEEKDAYS = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일", "주말"]
# holidays on a fixed solar date, as Kiwi splits them (삼일절 is 삼/NR 일/NR 절/NNG; 스승의 날 three tokens)
HOLIDAYS = [["신정"], ["삼일절"], ["삼", "일", "절"], ["식목일"], ["근로자", "의", "날"], ["노동절"], ["어린이날"],
            ["어버이날"], ["스승", "의", "날"], ["현충일"], ["제헌절"], ["광복절"], ["개천절"], ["한글날"],
            ["크리스마스"], ["크리스마스", "이브"], ["성탄절"]]
# the words above that end a DATE on their own; glued to a noun after them they are part of a compound
# noun (주말농장, 새벽배송, 크리스마스트리, 겨울올림픽), checked by the component
CALENDAR_WORDS = frozenset(PARTS_OF_DAY + SEASONS + WEEKDAYS + [h[-1] for h in HOLIDAYS])
NATIVE_DAYS = ["하루", "이틀", "사흘", "나흘", "닷새", "엿새", "이레", "여드레", "아흐레", "열흘", "보름"]

# ----------------------------------------------------------------------------- token predicates
NUM = {"TAG": {"IN": NUMBER_TAGS}}  # the parsers reject what is not a number (2019. …)
YEO = {"ORTH": {"IN": APPROX_INSIDE}, "OP": "?"}
# shapes rather than regular expressions: the Matcher checks them cheaply
YEAR4 = {"SHAPE": "dddd"}
N12 = {"SHAPE": {"IN": ["d", "dd"]}}
N2 = {"SHAPE": "dd"}
N3 = {"SHAPE": {"IN": ["d", "dd", "ddd"]}}
RANGE = {"ORTH": {"IN": ["~", "∼", "〜", "～", "-", "–"]}}


def _w(word: str, **extra) -> dict:
    return {"ORTH": word, **extra}


def _seq(words: list[str]) -> Pattern:
    return [_w(w) for w in words]


NUMBER_RUN: Pattern = [NUM, {**NUM, "OP": "*"}, YEO, {**NUM, "OP": "*"}]

# ----------------------------------------------------------------------------- MONEY
MONEY: list[Pattern] = [
    NUMBER_RUN + [{"ORTH": {"IN": CURRENCY_WORDS}}, {"ORTH": {"IN": LEVEL_SUFFIX}, "OP": "?"}],
    [NUM, {**NUM, "OP": "*"}, YEO, {**NUM, "OP": "*"},
     {"TAG": "NR", "ORTH": {"REGEX": BIG_MAGNITUDE}}, {"ORTH": {"IN": LEVEL_SUFFIX}, "OP": "?"}],
    [{"TAG": "NR", "ORTH": {"REGEX": VAGUE_MAGNITUDE}}, {"ORTH": {"IN": LEVEL_SUFFIX}, "OP": "?"}],
]

# ----------------------------------------------------------------------------- METRIC
# a counter: a bound noun that counts, a counter noun, a unit of measure
NNB_COUNTER = {"TAG": "NNB", "ORTH": {"NOT_IN": NON_COUNTER_NNB + SERIAL_AFTER_DIGITS}}
NNB_COUNTER_NATIVE = {"TAG": "NNB", "ORTH": {"NOT_IN": NON_COUNTER_NNB}}
NOUN_COUNTER = {"TAG": "NNG", "ORTH": {"IN": COUNTER_NOUNS}}
UNIT = {"ORTH": {"IN": MEASURE_UNITS}}
# 한 glued to its counter is a lexical compound (한번 해 보자, 한편, 한쪽), spaced a count (한 번, 한 곳)
NATIVE_GLUED = {"ORTH": {"IN": [n for n in NATIVE_NUMBERS if n != "한"]}, "TAG": {"IN": ["MM", "NR"]}}
NATIVE_SPACED = {"ORTH": "한", "TAG": "MM", "SPACY": True}
NATIVE_TEN = {"ORTH": {"IN": NATIVE_TENS}, "TAG": "NR", "OP": "?"}
METRIC: list[Pattern] = [NUMBER_RUN + _seq(c) for c in COUNTERS]
METRIC += [NUMBER_RUN + [c] for c in (NNB_COUNTER, NOUN_COUNTER, UNIT)]
METRIC += [NUMBER_RUN + [_w("m"), _w("2")], NUMBER_RUN + [_w("m"), _w("3")]]  # 3m2: m/SL 2/SN
METRIC += [[NATIVE_TEN, n, c] for n in (NATIVE_GLUED, NATIVE_SPACED) for c in (NNB_COUNTER_NATIVE, NOUN_COUNTER)]
METRIC += [[NUM, RANGE, NUM] + _seq(c) for c in (["%"], ["개"], ["명"], ["배"])]

# ----------------------------------------------------------------------------- DATE
YEAR: Pattern = [YEAR4, {"ORTH": {"IN": YEAR_WORDS}}]
MONTH: Pattern = [N12, _w("월")]
DAY: Pattern = [N12, _w("일")]
QUARTER: Pattern = [{"ORTH": {"IN": ["1", "2", "3", "4"]}}, _w("분기")]
HALF: Pattern = [{"ORTH": {"IN": HALVES}}]
REL_YEAR: Pattern = [{"ORTH": {"IN": RELATIVE_YEARS}}]
TIME_HM: Pattern = [N12, _w(":"), N2]
TIME_HMS: Pattern = [N12, _w(":"), N2, _w(":"), N2]
CLOCK: list[Pattern] = [
    [{"ORTH": {"IN": CLOCK_PREFIXES}}, N12, _w("시")],
    [{"ORTH": {"IN": CLOCK_PREFIXES}}, N12, _w("시"), N12, _w("분")],
    [{"ORTH": {"IN": CLOCK_PREFIXES}}, N12, _w("시"), _w("반")],
    [{"ORTH": {"IN": PARTS_OF_DAY}, "TAG": "NNG"}],  # (낮은, 밤낮: other tags)
]
DOTTED: list[Pattern] = [
    [YEAR4, _w("."), N12, _w("."), N12, _w(".")],
    [YEAR4, _w("."), N12, _w("."), N12],
    [{"SHAPE": "dddd."}, {"SHAPE": {"IN": ["d.", "dd."]}}, {"SHAPE": {"IN": ["d.", "dd.", "d", "dd"]}}],
]
DASHED: list[Pattern] = [
    [YEAR4, _w("-"), N2, _w("-"), N2],
    [N2, _w("-"), N2, _w("-"), N2],
    [YEAR4, _w("/"), N12, _w("/"), N12],
]


def _deictic_variants(core: Pattern) -> list[Pattern]:
    """``core`` alone and with each deictic word before it (지난, 오는, 이번)."""
    return [core] + [_seq(d) + core for d in DEICTIC]


# the calendar dates that may follow a deictic word
DEICTIC_CORES: list[Pattern] = [
    YEAR, YEAR + MONTH, YEAR + MONTH + DAY, MONTH, MONTH + DAY, DAY,
    [YEAR4, {"ORTH": "년대"}],
]
DECADE_SHORT: Pattern = [N2, _w("년대")]  # 70년대: the century is not written
CENTURY: Pattern = [N12, _w("세기")]  # 21세기
YEAR2_DO: Pattern = [N2, _w("년도")]  # 98년도 (a two-digit year with 도 is never a duration)
_calendar: list[Pattern] = []
for _core in DEICTIC_CORES:
    _calendar += _deictic_variants(_core)
for _rel in (REL_YEAR,):
    _calendar += [_rel, _rel + MONTH, _rel + MONTH + DAY, _rel + HALF, _rel + QUARTER]
    _calendar += [_rel + [N12, RANGE, N12, _w("월")]]
_calendar += [[{"ORTH": {"IN": RELATIVE_MONTHS}}], [{"ORTH": {"IN": RELATIVE_MONTHS}}] + DAY]
_calendar += [_seq(p) for p in RELATIVE_MONTH_PHRASES] + [_seq(p) + DAY for p in RELATIVE_MONTH_PHRASES]
_calendar += [YEAR + HALF, YEAR + QUARTER, HALF, QUARTER, [_w("지난해")] + HALF]
_calendar += [[{"ORTH": {"IN": RELATIVE_DAYS}}]] + [_seq(p) for p in RELATIVE_DAY_PHRASES]
# 올 (this year) only before a month, a half or a quarter: 올 1월, 올 상반기
_calendar += [[_w("올")] + MONTH, [_w("올")] + MONTH + DAY, [_w("올")] + HALF, [_w("올")] + QUARTER]
_calendar += DOTTED + DASHED
_calendar += [DECADE_SHORT, CENTURY, YEAR2_DO]
# ranges written inside one expression (spec rule 12)
_calendar += [
    [YEAR4, RANGE, YEAR4, {"ORTH": {"IN": YEAR_WORDS}}],
    YEAR + [RANGE] + YEAR,
    [N12, RANGE, N12, _w("월")],
    MONTH + [N12, RANGE, N12, _w("일")],
    MONTH + DAY + [RANGE] + DAY,
    [N12, RANGE, N12, _w("일")],
    DAY + [RANGE] + DAY,
    MONTH + DAY + [RANGE] + MONTH + DAY,
    [YEAR4, _w("."), N12, _w("."), N12, _w("."), RANGE, YEAR4, _w("."), N12, _w("."), N12, _w(".")],
]

DATE: list[Pattern] = list(_calendar)
# a date followed by its clock time (one span) and clock times alone
for _date in [p for p in _calendar if p not in (HALF, QUARTER)]:
    DATE += [_date + c for c in CLOCK]
    DATE += [_date + TIME_HM, _date + TIME_HMS]
DATE += CLOCK
# durations (LABEL_SPEC: 2년간, 15년간, 지난 15년간, 4년만에 → 4년)
_durations: list[Pattern] = []
for _unit in (["년"], ["개월"], ["주일"], ["시간"], ["일"], ["주"], ["분"]):
    _with_suffix = [N3, YEO] + _seq(_unit) + [{"ORTH": {"IN": DURATION_SUFFIXES}}]
    _durations += [_with_suffix, [_w("지난")] + _with_suffix]
for _unit in (["년"], ["개월"], ["주일"], ["시간"], ["분"], ["초"]):
    _bare = [N3, YEO] + _seq(_unit)
    _durations += [_bare, [_w("지난")] + _bare]
# hours and minutes, minutes and seconds (2시간 40분, 4분 35초), with 간/동안 or not; 1시간 반
_SUFFIX_OPT = {"ORTH": {"IN": DURATION_SUFFIXES}, "OP": "?"}
_durations += [[N3, YEO, _w(a), N3, YEO, _w(b), _SUFFIX_OPT] for a, b in (("시간", "분"), ("분", "초"))]
_durations += [[N3, YEO, _w("시간"), _w("반"), _SUFFIX_OPT]]
_NATIVE = {"ORTH": {"IN": NATIVE_NUMBERS + ["석", "넉"]}}  # 석 달, 넉 달
_durations += [[_NATIVE, {"ORTH": {"IN": NATIVE_DURATIONS}}, {"ORTH": {"IN": DURATION_SUFFIXES}, "OP": "?"}]]
_durations += [[N3, RANGE, N3] + _seq(u) + [{"ORTH": {"IN": DURATION_SUFFIXES}, "OP": "?"}]
               for u in (["년"], ["개월"], ["시간"], ["주일"])]
# 일주일(간), 일년(간): the sino numeral 일 (one) before a time unit
_durations += [[{"ORTH": "일", "TAG": "NR"}, {"ORTH": {"IN": ["주일", "년"]}}, {"ORTH": {"IN": DURATION_SUFFIXES}, "OP": "?"}],
               [{"ORTH": {"IN": ["일주일", "일년"]}}, {"ORTH": {"IN": DURATION_SUFFIXES}, "OP": "?"}]]  # (one token)
# native day counts with 간/동안 (이틀간, 사흘 동안); alone they are often rates (하루 10톤)
_durations += [[{"ORTH": {"IN": NATIVE_DAYS}}, {"ORTH": {"IN": DURATION_SUFFIXES}}]]
_durations += [[N3, _w("년"), N3, _w("개월")], [N3, _w("년"), N3, _w("개월"), {"ORTH": {"IN": DURATION_SUFFIXES}}]]
DATE += _durations
# a count of time before 전/후/뒤: the point that far from the document date (10년 전, 3일 뒤, 석 달 전)
SHIFT = {"ORTH": {"IN": SHIFT_WORDS}, "TAG": "NNG"}
DATE += [[N3, YEO] + _seq(u) + [SHIFT] for u in (["년"], ["개월"], ["주"], ["주일"], ["일"], ["시간"], ["분"])]
DATE += [[N3, _w("년"), N3, _w("개월"), SHIFT], [_NATIVE, {"ORTH": {"IN": NATIVE_DURATIONS}}, SHIFT],
         [{"ORTH": {"IN": NATIVE_DAYS}}, SHIFT]]
# seasons, week days, the weekend and fixed holidays; 지난/오는/이번/다음 before a season or a week day
_SEASON = {"ORTH": {"IN": SEASONS}, "TAG": "NNG"}
_WEEKDAY = {"ORTH": {"IN": WEEKDAYS}, "TAG": "NNG"}
_named: list[Pattern] = [[_SEASON], [{"ORTH": "한", "TAG": "XPN"}, _SEASON], [_WEEKDAY]]
_named += [REL_YEAR + [_SEASON], [_w("올"), _SEASON], YEAR + [_SEASON]]
_named += [_seq(d) + [x] for d in DEICTIC + [["다음"]] for x in (_SEASON, _WEEKDAY)]
_named += [[{"ORTH": {"IN": ["지난주", "금주", "내주"]}}, _WEEKDAY]] + [_seq(p) + [_WEEKDAY] for p in (["이번", "주"], ["다음", "주"])]
_named += [_seq(h) for h in HOLIDAYS]
DATE += _named

PATTERNS: dict[str, list[Pattern]] = {"MONEY": MONEY, "DATE": DATE, "METRIC": METRIC}


# ----------------------------------------------------------------------------- match windows
def _optional(spec: dict) -> bool:
    """May ``spec`` match no token (``?``, ``*``, ``{0,n}``, ``{,n}``)?"""
    op = spec.get("OP", "")
    return op in ("?", "*") or op.startswith(("{0", "{,"))


def _condition(spec: dict) -> tuple[str, frozenset] | None:
    """One condition that every token matching ``spec`` meets, as ``(attr, values)``: ORTH, TAG or
    SHAPE in a set of strings (the most selective one the spec has); None when the spec has none."""
    if spec.get("OP") == "!":
        return None  # a negated spec matches the tokens that fail it
    for attr in ("ORTH", "TAG", "SHAPE"):
        value = spec.get(attr)
        if isinstance(value, str):
            return attr, frozenset([value])
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, frozenset(value["IN"])
    return None


def token_conditions(patterns: dict[str, list[Pattern]]) -> tuple[dict[str, set], dict[str, set]] | None:
    """What a token must be to take part in a match (``inside``) and to start one (``first``).

    Each is a dict ``{"ORTH": {...}, "TAG": {...}, "SHAPE": {...}}``: a token whose ORTH, TAG or
    SHAPE is in the set may match (a superset of the tokens that do). Every match of ``patterns``
    is a run of ``inside`` tokens that starts at a ``first`` token, so the component runs the
    ``Matcher`` only over such runs. None when a token spec has no ORTH/TAG/SHAPE value set (a
    bare regular expression, a wildcard): then every token may take part.
    """
    inside: dict[str, set] = {"ORTH": set(), "TAG": set(), "SHAPE": set()}
    first: dict[str, set] = {"ORTH": set(), "TAG": set(), "SHAPE": set()}
    for label_patterns in patterns.values():
        for pattern in label_patterns:
            leading = True  # the specs up to the first required one may start a match
            for spec in pattern:
                cond = _condition(spec)
                if cond is None:
                    return None
                attr, values = cond
                inside[attr] |= values
                if leading:
                    first[attr] |= values
                    leading = _optional(spec)
    return inside, first


def token_ends(patterns: dict[str, list[Pattern]]) -> dict[str, set] | None:
    """What a token must be to end a match: ``{"ORTH": {...}, "TAG": {...}, "SHAPE": {...}}`` like
    :func:`token_conditions` (the specs from the last required one to the end). The component ends
    each window at its last such token. None when a spec has no ORTH/TAG/SHAPE value set."""
    last: dict[str, set] = {"ORTH": set(), "TAG": set(), "SHAPE": set()}
    for label_patterns in patterns.values():
        for pattern in label_patterns:
            for spec in reversed(pattern):
                cond = _condition(spec)
                if cond is None:
                    return None
                last[cond[0]] |= cond[1]
                if not _optional(spec):
                    break
    return last


def _one_value_set(spec: dict) -> tuple[str, tuple] | None:
    """``(attr, values)`` when ``spec`` is one ORTH/TAG/SHAPE value or ``IN`` set and nothing else."""
    if len(spec) != 1:
        return None
    ((attr, value),) = spec.items()
    if attr not in ("ORTH", "TAG", "SHAPE"):
        return None
    if isinstance(value, str):
        return attr, (value,)
    if isinstance(value, dict) and set(value) == {"IN"}:
        return attr, tuple(value["IN"])
    return None


def merge_alternatives(patterns: list[Pattern]) -> list[Pattern]:
    """The same matches with fewer patterns: two patterns of one length that differ only in one token
    spec, each a plain value set of the same attribute (no ``OP``, no other key), become one pattern
    with the union of the two sets there (``... 개 사`` and ``... 개 국`` → ``... 개 {사, 국}``),
    until no two patterns can be joined. The ``Matcher`` tries every pattern at every token, so its
    cost is proportional to the number of patterns; a token meets the union exactly when it meets
    one of the two specs, so the (start, end) matches are the same."""
    out: list[Pattern] = []
    for pattern in patterns:
        pattern = list(pattern)
        while True:
            for n, other in enumerate(out):
                if len(other) != len(pattern):
                    continue
                diff = [k for k, (a, b) in enumerate(zip(other, pattern)) if a != b]
                if len(diff) != 1:
                    continue
                a, b = _one_value_set(other[diff[0]]), _one_value_set(pattern[diff[0]])
                if a is None or b is None or a[0] != b[0]:
                    continue
                merged = list(other)
                merged[diff[0]] = {a[0]: {"IN": list(dict.fromkeys(a[1] + b[1]))}}
                del out[n]
                pattern = merged  # the merged pattern may join another one in turn
                break
            else:
                out.append(pattern)
                break
    return out


# ----------------------------------------------------------------------------- the same matches, fewer patterns
# Most DATE patterns are a calendar date followed by a clock time (DATE_BASE x TIME_SUFFIXES). The
# component's Matcher holds the two halves apart and joins their matches (a base ending where a suffix
# starts): the same (label, start, end) matches as PATTERNS, with a sixth of the patterns to try at
# every token. The join is exact because neither half has optional or repeated tokens (checked here).
# In the same way a base that is a deictic word before a calendar date (지난 3월) is the join of a
# DEICTIC match and a DATE_CORE match (a DATE_CORE match is a base on its own too).
DATE_BASE: list[Pattern] = [p for p in _calendar if p not in (HALF, QUARTER)]
TIME_SUFFIXES: list[Pattern] = CLOCK + [TIME_HM, TIME_HMS]
_joined = {repr(b + s) for b in DATE_BASE for s in TIME_SUFFIXES}
_deictic_joined = {repr(_seq(d) + c) for d in DEICTIC for c in DEICTIC_CORES}
SPLIT_PATTERNS: dict[str, list[Pattern]] = {
    "MONEY": MONEY, "METRIC": METRIC,
    "DATE": [p for p in DATE if repr(p) not in _joined and p not in DATE_BASE],
    "DATE_BASE": [p for p in DATE_BASE if p not in DEICTIC_CORES and repr(p) not in _deictic_joined],
    "DATE_CORE": DEICTIC_CORES, "DEICTIC": [_seq(d) for d in DEICTIC], "TIME_SUFFIX": TIME_SUFFIXES,
}
# and the alternatives of each label merged (216 patterns -> 92; see merge_alternatives)
MATCHER_PATTERNS: dict[str, list[Pattern]] = {k: merge_alternatives(v) for k, v in SPLIT_PATTERNS.items()}
if any("OP" in spec for k in ("DATE_BASE", "DATE_CORE", "DEICTIC", "TIME_SUFFIX") for p in MATCHER_PATTERNS[k]
       for spec in p):
    raise AssertionError("DATE_BASE, DATE_CORE, DEICTIC and TIME_SUFFIX must be fixed-length for the joins to be exact")
