"""DATE norms: TIMEX3 values, relative dates against the document date, datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from kner.normalize.dates import doc_date_from_text, normalize_date, parse_date
from kner.normalize.schema import norm_problem

D = dt.date(2022, 2, 23)

WITH_DOC_DATE = [
    # absolute
    ("2019.12.13.", "date", "2019-12-13"),
    ("2019. 12. 13", "date", "2019-12-13"),
    ("22-02-23", "date", "2022-02-23"),
    ("2021-02-06 11:07:46", "date", "2021-02-06T11:07:46"),
    ("2019년 12월 13일", "date", "2019-12-13"),
    ("2019년 12월", "date", "2019-12"),
    ("2020년 11월", "date", "2020-11"),
    ("2024년", "date", "2024"),
    ("2021년도", "date", "2021"),
    ("'22년", "date", "2022"),
    ("2019.12", "date", "2019-12"),
    ("2020년대", "date", "202X"),
    ("4월 16일", "date", "2022-04-16"),
    ("3월", "date", "2022-03"),
    ("12월", "date", "2022-12"),
    ("15일", "date", "2022-02-15"),
    ("3월 15일(화)", "date", "2022-03-15"),
    ("4.16", "date", "2022-04-16"),
    # relative
    ("지난해", "date", "2021"),
    ("작년", "date", "2021"),
    ("전년", "date", "2021"),
    ("재작년", "date", "2020"),
    ("올해", "date", "2022"),
    ("금년", "date", "2022"),
    ("내년", "date", "2023"),
    ("새해", "date", "2022"),
    ("지난달", "date", "2022-01"),
    ("이달", "date", "2022-02"),
    ("다음 달", "date", "2022-03"),
    ("어제", "date", "2022-02-22"),
    ("오늘", "date", "2022-02-23"),
    ("이번 주", "date", "2022-W08"),
    ("지난해 12월", "date", "2021-12"),
    ("내년 2월", "date", "2023-02"),
    ("지난 3월 24일", "date", "2021-03-24"),
    ("지난 2월 3일", "date", "2022-02-03"),
    ("지난 3월", "date", "2021-03"),
    ("지난 15일", "date", "2022-02-15"),
    ("지난 24일", "date", "2022-01-24"),
    ("지난 2019년 12월", "date", "2019-12"),
    ("오는 15일", "date", "2022-03-15"),
    ("오는 25일", "date", "2022-02-25"),
    ("오는 3월", "date", "2022-03"),
    ("오는 1월", "date", "2023-01"),
    ("오는 15일 오후 2시", "date", "2022-03-15T14:00"),
    ("올해 상반기", "date", "2022-H1"),
    ("올 하반기", "date", "2022-H2"),
    ("지난해 하반기", "date", "2021-H2"),
    ("상반기", "date", "2022-H1"),
    ("1분기", "date", "2022-Q1"),
    ("1/4분기", "date", "2022-Q1"),
    ("2022년 3분기", "date", "2022-Q3"),
    ("연초", "date", "2022"),
    ("올 연말", "date", "2022"),
    ("3월 말", "date", "2022-03"),
    ("7월중", "date", "2022-07"),
    ("봄", "date", "2022-SP"),
    # ranges
    ("2020~2021년", "date", "2020/2021"),
    ("3~5월", "date", "2022-03/2022-05"),
    ("2019년 12월~2020년 3월", "date", "2019-12/2020-03"),
    ("3월 2일~15일", "date", "2022-03-02/2022-03-15"),
    ("2021년부터 2022년까지", "date", "2021/2022"),
    ("오후 2시~5시", "time", "T14:00/T17:00"),
    # durations
    ("2년간", "duration", "P2Y"),
    ("15년간", "duration", "P15Y"),
    ("지난 15년간", "duration", "P15Y"),
    ("6개월간", "duration", "P6M"),
    ("6개월", "duration", "P6M"),
    ("3주간", "duration", "P3W"),
    ("10일간", "duration", "P10D"),
    ("2시간", "duration", "PT2H"),
    ("1년 6개월", "duration", "P1Y6M"),
    ("1년 반", "duration", "P1.5Y"),
    ("반년", "duration", "P6M"),
    ("한 달", "duration", "P1M"),
    ("4년", "duration", "P4Y"),
    ("10여년간", "duration", "P10Y"),
    # decades and centuries (issue 8): an unwritten century is the latest one on or before the document date
    ("1980년대", "date", "198X"),
    ("80년대", "date", "198X"),
    ("10년대", "date", "201X"),
    ("20년대", "date", "202X"),
    ("30년대", "date", "193X"),
    ("00년대", "date", "200X"),
    ("21세기", "date", "20XX"),
    ("19세기", "date", "18XX"),
    ("98년도", "date", "1998"),
    # relative days against the document date (2022-02-23)
    ("이날", "date", "2022-02-23"),
    ("전날", "date", "2022-02-22"),
    ("다음날", "date", "2022-02-24"),
    ("다음 날", "date", "2022-02-24"),
    ("이튿날", "date", "2022-02-24"),
    # durations: the sino 일 before 주일/년, native day counts with 간/동안
    ("일주일", "duration", "P1W"),
    ("일주일간", "duration", "P1W"),
    ("일년 동안", "duration", "P1Y"),
    ("이틀간", "duration", "P2D"),
    ("사흘 동안", "duration", "P3D"),
    ("열흘간", "duration", "P10D"),
    # times
    ("오후 2시", "time", "T14:00"),
    ("오전 10시 30분", "time", "T10:30"),
    ("14:00", "time", "T14:00"),
    ("오후 2시 반", "time", "T14:30"),
    ("정오", "time", "T12:00"),
    # parts of the day (TIMEX3 MO/MI/AF/EV/NI/DT): alone a time, after a day a date-time
    ("오후", "time", "TAF"),
    ("밤", "time", "TNI"),
    ("한낮", "time", "TMI"),
    ("이날 오전", "date", "2022-02-23TMO"),
    ("지난 3일 오후", "date", "2022-02-03TAF"),
    ("11일 밤", "date", "2022-02-11TNI"),
    ("다음날 새벽", "date", "2022-02-24TMO"),
    # a count of time before 전/후/뒤: that far from the document date, at the unit's granularity
    ("10년 전", "date", "2012"),
    ("10년전", "date", "2012"),
    ("10여 년 전", "date", "2012"),
    ("7년후", "date", "2029"),
    ("3개월 후", "date", "2022-05"),
    ("석 달 전", "date", "2021-11"),
    ("2년 6개월 전", "date", "2019-08"),
    ("3일 뒤", "date", "2022-02-26"),
    ("1주일 뒤", "date", "2022-03-02"),
    ("이틀 뒤", "date", "2022-02-25"),
    ("40분 뒤", "time", None),  # the document's time of day is not known
    # durations of minutes and seconds, native hours
    ("10분", "duration", "PT10M"),
    ("2시간 40분", "duration", "PT2H40M"),
    ("4분 35초", "duration", "PT4M35S"),
    ("두시간", "duration", "PT2H"),
    ("한 시간", "duration", "PT1H"),
    # seasons: the document's year; 지난/오는 the latest begun / the next to begin
    ("여름", "date", "2022-SU"),
    ("초여름", "date", "2022-SU"),
    ("여름철", "date", "2022-SU"),
    ("지난 여름", "date", "2021-SU"),
    ("지난 겨울", "date", "2021-WI"),
    ("오는 겨울", "date", "2022-WI"),
    # week days and the weekend: resolved where 지난/오는/이번 or a week fixes them
    ("일요일", "date", "XXXX-WXX-7"),
    ("주말", "date", "XXXX-WXX-WE"),
    ("지난 일요일", "date", "2022-02-20"),
    ("오는 수요일", "date", "2022-03-02"),
    ("이번 수요일", "date", "2022-02-23"),
    ("지난주 금요일", "date", "2022-02-18"),
    ("다음 주 월요일", "date", "2022-02-28"),
    ("이번 주말", "date", "2022-W08-WE"),
    ("지난 주말", "date", "2022-W07-WE"),
    ("3월 15일 화요일", "date", "2022-03-15"),
    # holidays on a fixed solar date, in the document's year
    ("크리스마스", "date", "2022-12-25"),
    ("한글날", "date", "2022-10-09"),
    ("스승의 날", "date", "2022-05-15"),
    ("스승의날", "date", "2022-05-15"),
    ("지난 크리스마스", "date", "2021-12-25"),
]


@pytest.mark.parametrize("text, kind, value", WITH_DOC_DATE)
def test_dates_with_doc_date(text, kind, value):
    norm = normalize_date(text, D)
    assert norm == {"type": kind, "value": value}
    assert norm_problem("DATE", norm) is None


WITHOUT_DOC_DATE = [
    ("지난해", "date", None),
    ("올해", "date", None),
    ("올해 상반기", "date", "XXXX-H1"),
    ("지난달", "date", None),
    ("어제", "date", None),
    ("오는 15일", "date", "XXXX-XX-15"),
    ("4월 16일", "date", "XXXX-04-16"),
    ("3월", "date", "XXXX-03"),
    ("1분기", "date", "XXXX-Q1"),
    ("지난 3월 24일", "date", "XXXX-03-24"),
    ("지난해 12월", "date", "XXXX-12"),
    ("2019.12.13.", "date", "2019-12-13"),
    ("2년간", "duration", "P2Y"),
    ("오후 2시", "time", "T14:00"),
    ("2020~2021년", "date", "2020/2021"),
    ("1970년대", "date", "197X"),
    ("70년대", "date", "XX7X"),  # the century is not written and there is no document date
    ("21세기", "date", "20XX"),
    ("전날", "date", None),
    ("이틀간", "duration", "P2D"),
    ("10년 전", "date", None),
    ("이날 오전", "date", None),
    ("지난 일요일", "date", None),
    ("일요일", "date", "XXXX-WXX-7"),
    ("크리스마스", "date", "XXXX-12-25"),
    ("오후", "time", "TAF"),
]


@pytest.mark.parametrize("text, kind, value", WITHOUT_DOC_DATE)
def test_dates_without_doc_date(text, kind, value):
    assert normalize_date(text, None) == {"type": kind, "value": value}


def test_doc_date_may_be_a_string():
    assert normalize_date("지난해", "2022-02-23") == {"type": "date", "value": "2021"}


@pytest.mark.parametrize("text, before, anchor, value", [
    ("7일", "처리 기간이 ", None, ("duration", "P7D")),
    ("3일", "처리 기간이 7일에서 ", None, ("duration", "P3D")),
    ("10일", "심사 기간을 20일에서 ", None, ("duration", "P10D")),
    ("7일", "중기부는 ", None, ("date", "2022-02-07")),
    ("19일", "", "2022-03-01", ("date", "2022-03-19")),
    ("4월 30일", "", "2023-04-01", ("date", "2023-04-30")),
])
def test_context(text, before, anchor, value):
    assert normalize_date(text, D, before=before, anchor=anchor) == {"type": value[0], "value": value[1]}


@pytest.mark.parametrize("text", ["엉망", "", "13월", "2월 30일", "32일", "25시", "2022년 오전",
                                  "3월 오후", "일요일 오후", "2022년 일요일", "말", "2~3개월 전후 어딘가",
                                  "하루", "0세기", "70년대 3월", "21세기 1970년대"])
def test_unreadable_dates_are_null_and_not_ok(text):
    norm, ok = parse_date(text, D)
    assert norm == {"type": "date", "value": None} and not ok


def test_range_of_durations_is_null_but_ok():
    assert parse_date("2~3년간", D) == ({"type": "duration", "value": None}, True)


@pytest.mark.parametrize("text, expected", [
    ("기사 메일전송\n제목\n  • 기사등록 2021-02-06 11:07:46\n본문", dt.date(2021, 2, 6)),
    ("페이지 정보\n작성자 관리자 댓글 0건 조회 1,106회 작성일 22-02-23 17:41본문", dt.date(2022, 2, 23)),
    ("보도자료\n보도일시 2023. 3. 15.(수)\n본문", dt.date(2023, 3, 15)),
    ("제목\n2023.03.15\n본문", dt.date(2023, 3, 15)),
    ("입력 2020년 11월 5일\n본문", dt.date(2020, 11, 5)),
    ("첫 줄\n둘째 줄\n셋째 줄\n넷째 줄 2019.12.13.\n", None),
    ("본문\n- 최종업데이트 2024-09-20", None),
    ("날짜가 없는 글", None),
])
def test_doc_date_from_text(text, expected):
    assert doc_date_from_text(text) == expected
