"""Expectation tables for the rules-only recogniser (``kner_rules``)."""

import pytest

from kner.normalize.component import set_doc_date

# sentence → the (label, text) spans the rules must produce, all of them, in order
CASES = [
    # MONEY: units, spaces inside, spelled numerals, vague amounts, qualifiers outside
    ("국비 978억원을 투입한다.", [("MONEY", "978억원")]),
    ("총사업비 1,200억 원 규모다.", [("MONEY", "1,200억 원")]),
    ("33억4천만원을 지원한다.", [("MONEY", "33억4천만원")]),
    ("1조 2천억원이 들어간다.", [("MONEY", "1조 2천억원")]),
    ("삼백억 원을 확보했다.", [("MONEY", "삼백억 원")]),
    ("수백억대 예산이 필요하다.", [("MONEY", "수백억대")]),
    ("수조 원대 시장이다.", [("MONEY", "수조 원대")]),
    ("최대 5000만원까지 준다.", [("MONEY", "5000만원")]),
    ("약 20억 달러를 유치했다.", [("MONEY", "20억 달러")]),
    ("도비 20억을 보탠다.", [("MONEY", "20억")]),
    ("100여억원이 든다.", [("MONEY", "100여억원")]),
    # DATE
    ("2019년 12월 13일 협약을 맺었다.", [("DATE", "2019년 12월 13일")]),
    ("업무협약(2019.12.13.)을 맺었다.", [("DATE", "2019.12.13.")]),
    ("작성일 22-02-23 17:41본문", [("DATE", "22-02-23 17:41")]),
    ("기사등록 2021-02-06 11:07:46", [("DATE", "2021-02-06 11:07:46")]),
    ("지난 3월 24일 열렸다.", [("DATE", "지난 3월 24일")]),
    ("오는 15일 오후 2시 설명회를 연다.", [("DATE", "오는 15일 오후 2시")]),
    ("지난해 매출이 늘었다.", [("DATE", "지난해")]),
    ("올해 상반기 착공한다.", [("DATE", "올해 상반기")]),
    ("내년 1분기 문을 연다.", [("DATE", "내년 1분기")]),
    ("2020~2021년 추진했다.", [("DATE", "2020~2021년")]),
    ("2020년부터 2024년까지 진행한다.", [("DATE", "2020년"), ("DATE", "2024년")]),
    ("지난 15년간 성장했다.", [("DATE", "지난 15년간")]),
    ("6개월간 운영한다.", [("DATE", "6개월간")]),
    ("4년만에 재개됐다.", [("DATE", "4년")]),
    ("7월중 발표한다.", [("DATE", "7월")]),
    ("다음 달 1일 시행된다.", [("DATE", "다음 달 1일")]),
    ("1970년대 조성됐다.", [("DATE", "1970년대")]),
    # METRIC
    ("121개사가 참여했다.", [("METRIC", "121개사")]),
    ("1,400여명이 일한다.", [("METRIC", "1,400여명")]),
    ("50.6%를 차지한다.", [("METRIC", "50.6%")]),
    ("92% 이상 증가했다.", [("METRIC", "92%")]),
    ("50%이상 늘었다.", [("METRIC", "50%")]),
    ("38개 내외를 뽑는다.", [("METRIC", "38개")]),
    ("3만㎡ 부지에 짓는다.", [("METRIC", "3만㎡")]),
    ("0.3%p 올랐다.", [("METRIC", "0.3%p")]),
    ("매출이 두 배 늘었다.", [("METRIC", "두 배")]),
    ("조회 1,106회", [("METRIC", "1,106회")]),
    ("1만 2천여건을 처리했다.", [("METRIC", "1만 2천여건")]),
    # METRIC by grammar (issue 8): any counting bound noun, counter nouns, units of measure, native counts
    ("농장에서 소 37마리를 키운다.", [("METRIC", "37마리")]),
    ("어선 12척이 출항했다.", [("METRIC", "12척")]),
    ("도서관에 책 2,300권을 기증했다.", [("METRIC", "2,300권")]),
    ("나무 4천그루를 심었다.", [("METRIC", "4천그루")]),
    ("임대주택 1,500여 가구를 공급한다.", [("METRIC", "1,500여 가구")]),
    ("단지는 8만세대 규모다.", [("METRIC", "8만세대")]),
    ("전기버스 40대를 들여온다.", [("METRIC", "40대")]),
    ("배추 두 포기를 샀다.", [("METRIC", "두 포기")]),
    ("그는 세 차례 방문했다.", [("METRIC", "세 차례")]),
    ("열두 명이 모였다.", [("METRIC", "열두 명")]),
    ("두세 번 연락했다.", [("METRIC", "두세 번")]),
    ("한 번 만났다.", [("METRIC", "한 번")]),
    ("강당에 의자 다섯 개를 놓았다.", [("METRIC", "다섯 개")]),
    ("하천 2.5km 구간을 정비한다.", [("METRIC", "2.5km")]),
    ("폐기물 600t을 처리했다.", [("METRIC", "600t")]),
    ("기온이 25℃까지 올랐다.", [("METRIC", "25℃")]),
    ("18m2 크기의 방", [("METRIC", "18m2")]),
    # DATE (issue 8): decades without the century, centuries, relative days, native durations
    ("70년대 지어진 건물이다.", [("DATE", "70년대")]),
    ("21세기 들어 성장했다.", [("DATE", "21세기")]),
    ("98년도 입학생이다.", [("DATE", "98년도")]),
    ("전날 회의가 열렸다.", [("DATE", "전날")]),
    ("다음날 오전 10시 발표했다.", [("DATE", "다음날 오전 10시")]),
    ("축제는 사흘간 이어진다.", [("DATE", "사흘간")]),
    ("일주일간 점검한다.", [("DATE", "일주일간")]),
    # DATE: parts of the day, minutes, native hours, counts before 전/후/뒤, seasons, week days, holidays
    ("이날 오전 회의가 열렸다.", [("DATE", "이날 오전")]),
    ("17일 밤 도착했다.", [("DATE", "17일 밤")]),
    ("오후에는 포럼이 열린다.", [("DATE", "오후")]),
    ("심사는 10분 걸린다.", [("DATE", "10분")]),
    ("2시간 40분 동안 논의했다.", [("DATE", "2시간 40분 동안")]),
    ("두시간 기다렸다.", [("DATE", "두시간")]),
    ("10년 전 설립됐다.", [("DATE", "10년 전")]),
    ("석 달 뒤 문을 연다.", [("DATE", "석 달 뒤")]),
    ("올 여름 착공한다.", [("DATE", "올 여름")]),
    ("지난 일요일 개막했다.", [("DATE", "지난 일요일")]),
    ("주말에도 운영한다.", [("DATE", "주말")]),
    ("한글날 행사를 연다.", [("DATE", "한글날")]),
    ("스승의 날 기념식", [("DATE", "스승의 날")]),
    ("전체의 3분의 1을 차지한다.", []),
    ("낮은 금리로 지원한다.", []),
    # a calendar word glued to a noun is part of a compound noun; a bound after it stays outside (B13)
    ("주말농장을 운영한다.", []),
    ("새벽배송 서비스를 시작했다.", []),
    ("크리스마스트리를 세웠다.", []),
    ("오전중 도착한다.", [("DATE", "오전")]),
    ("주말동안 문을 연다.", [("DATE", "주말")]),
    # ORG: KB, aliases, legal forms, acting governments
    ("강원테크노파크(원장:허장현·이하 강원TP)는 강원TP 협력을 강조했다.",
     [("ORG", "강원테크노파크"), ("ORG", "강원TP"), ("ORG", "강원TP")]),
    ("‘(재)김해의생명산업진흥원(이사장 허성곤, 이하 진흥원)’은 진흥원의 역할을 밝혔다.",
     [("ORG", "(재)김해의생명산업진흥원"), ("ORG", "진흥원"), ("ORG", "진흥원")]),
    ("㈜지원바이오와 협약을 맺었다.", [("ORG", "㈜지원바이오")]),
    ("중기부는 인천상공회의소와 손잡았다.", [("ORG", "중기부"), ("ORG", "인천상공회의소")]),
    ("인천시는 업무협약을 맺었다.", [("ORG", "인천시")]),
    ("한국산업기술진흥원(KIAT)은 KIAT 사업을 공고했다.",
     [("ORG", "한국산업기술진흥원"), ("ORG", "KIAT"), ("ORG", "KIAT")]),
    # PROGRAM
    ("‘2022년 바이오 원‧부자재 국산화 지원사업’을 공고했다.", [("PROGRAM", "2022년 바이오 원‧부자재 국산화 지원사업")]),
    ("「지역산업육성사업」에 선정됐다.", [("PROGRAM", "지역산업육성사업")]),
    ("2024년 강원지역산업육성사업은 순항 중이다.", [("PROGRAM", "2024년 강원지역산업육성사업")]),
    ("소부장특화단지 지정을 추진한다.", [("PROGRAM", "소부장특화단지")]),
    ("“K-세포·유전자 치료제 클러스터 조성”을 제시했다.", [("PROGRAM", "K-세포·유전자 치료제 클러스터 조성")]),
    # negatives: phone numbers, stages, generations, titles, places, back-references, generic mentions
    ("문의 055-123-4567", []),
    ("연락처 010-1234-5678", []),
    ("1단계 사업을 마쳤다.", []),
    ("강소기업 3기를 모집한다.", []),
    ("3세대 치료제를 개발한다.", []),
    ("세계 4대 강국으로 도약한다.", []),
    ("김해시 1인창조기업 지원", []),
    ("윤정원 원장이 인사했다.", []),
    ("인천지역 기업이 늘었다.", []),
    ("경남 김해에 조성한다.", []),
    ("김해시의 지속성장을 위해", []),
    ("재단은 진흥원은 특화단지는 각각 밝혔다.", []),
    ("다양한 지원사업을 펼친다.", []),
    ("코로나19 이후 회복했다.", []),
    ("제3회 포럼을 연다.", []),
    # not counts (issue 8): ordinals and serial numbers, ranks, scores, ages, grammatical bound nouns,
    # native numerals before ordinary nouns, the lexical 한번, rates, 당일
    ("지하철 2호선을 탔다.", []),
    ("5번 출구로 나온다.", []),
    ("세 번째 도전이다.", []),
    ("3번째 도전이다.", []),
    ("국내 100대 기업이 참여한다.", []),
    ("1위를 차지했다.", []),
    ("평균 88점을 받았다.", []),
    ("그는 35세다.", []),
    ("두 회사가 합병했다.", []),
    ("한번 해 보자.", []),
    ("하루 20톤을 처리한다.", [("METRIC", "20톤")]),
    ("행사 당일 비가 왔다.", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:20] for c in CASES])
def test_expectations(rules_nlp, text, expected):
    doc = rules_nlp(text)
    assert [(e.label_, e.text) for e in doc.ents] == expected


def test_table_is_large_enough():
    assert len(CASES) >= 40
    assert sum(1 for _, exp in CASES if not exp) >= 10


@pytest.mark.parametrize("text", ["강원TP는", "「지역산업육성사업」의", "‘㈜지원바이오’와", "2025년까지", "인천상공회의소와"])
def test_no_particle_or_quote_at_the_edges(rules_nlp, text):
    doc = rules_nlp(text)
    assert doc.ents, text
    for ent in doc.ents:
        assert ent[-1].tag_[0] not in "JE" and ent[0].tag_[0] not in "JE"
        assert ent.text[0] not in "‘’「」“”'\"" and ent.text[-1] not in "‘’「」“”'\""


def test_document_date_does_not_change_spans(rules_nlp):
    doc = rules_nlp.make_doc("오는 15일 오후 2시 지난해 12월")
    set_doc_date(doc, "2021-02-06")
    doc = rules_nlp.get_pipe("kner_rules")(doc)
    assert [e.text for e in doc.ents] == ["오는 15일 오후 2시", "지난해 12월"]
