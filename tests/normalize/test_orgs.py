"""ORG linking: the knowledge base, short forms, renamed bodies, in-document aliases."""

from __future__ import annotations

import datetime as dt

import pytest

from kner.normalize.orgs import ORG_TYPES, OrgResolver, load_org_kb, org_key, parse_org_tsv


@pytest.fixture(scope="module")
def kb():
    return load_org_kb()


@pytest.fixture(scope="module")
def resolver(kb):
    return OrgResolver(kb)


CASES = [
    # spec examples
    ("강원TP", "강원테크노파크"),
    ("인천시", "인천광역시"),
    ("인천상의", "인천상공회의소"),
    ("중기부", "중소벤처기업부"),
    ("재료연", "한국재료연구원"),
    # ministries and their short forms
    ("산업부", "산업통상자원부"),
    ("산자부", "산업통상자원부"),
    ("과기정통부", "과학기술정보통신부"),
    ("과기부", "과학기술정보통신부"),
    ("복지부", "보건복지부"),
    ("국토부", "국토교통부"),
    ("기재부", "기획재정부"),
    ("해수부", "해양수산부"),
    # agencies
    ("KIAT", "한국산업기술진흥원"),
    ("KEIT", "한국산업기술평가관리원"),
    ("코트라", "대한무역투자진흥공사"),
    ("중진공", "중소벤처기업진흥공단"),
    ("기보", "기술보증기금"),
    ("NIPA", "정보통신산업진흥원"),
    ("산단공", "한국산업단지공단"),
    ("강원중기청", "강원지방중소벤처기업청"),
    # provinces and cities
    ("경남도", "경상남도"),
    ("경남", "경상남도"),
    ("인천", "인천광역시"),
    ("충북도", "충청북도"),
    ("창원시", "창원시"),
    ("창원특례시", "창원시"),
    ("김해시", "김해시"),
    # technoparks
    ("경남TP", "경남테크노파크"),
    ("경남 TP", "경남테크노파크"),
    ("(재)강원테크노파크", "강원테크노파크"),
    ("포항TP", "포항테크노파크"),
    # institutes, universities, chambers
    ("전기연", "한국전기연구원"),
    ("ETRI", "한국전자통신연구원"),
    ("경남대", "경남대학교"),
    ("창원대", "창원대학교"),
    ("창원상의", "창원상공회의소"),
    # companies and unknown names
    ("㈜지원바이오", "지원바이오"),
    ("셀트리온", "셀트리온"),
    ("(주)모르는회사", "모르는회사"),
    ("(재)김해의생명산업진흥원", "김해의생명산업진흥원"),
    ("메디포스텍㈜", "메디포스텍"),
    # a unit named with its parent
    ("KIST 강릉분원", "한국과학기술연구원 강릉분원"),
    ("강원TP 바이오센터", "강원테크노파크 바이오센터"),
    # national organisations of any news text
    ("국정원", "국가정보원"),
    ("헌재", "헌법재판소"),
    ("중앙선관위", "중앙선거관리위원회"),
    ("대검", "대검찰청"),
    ("공수처", "고위공직자범죄수사처"),
    ("더민주", "더불어민주당"),
    ("KBS", "한국방송공사"),
    ("MBC", "문화방송"),
    ("매경", "매일경제신문"),
    ("로이터", "로이터통신"),
    ("삼성", "삼성그룹"),
    ("현대차그룹", "현대자동차그룹"),
    ("국민은행", "KB국민은행"),
    ("신한금융", "신한금융지주"),
    ("유엔", "국제연합"),
    ("UN", "국제연합"),
    ("IMF", "국제통화기금"),
    ("WHO", "세계보건기구"),
    ("연준", "미국 연방준비제도"),
]


@pytest.mark.parametrize("surface, org_id", CASES)
def test_resolve(resolver, surface, org_id):
    assert resolver.resolve(surface) == {"id": org_id}


@pytest.mark.parametrize("surface, date, org_id", [
    ("강원도", dt.date(2022, 5, 17), "강원도"),
    ("강원", dt.date(2022, 5, 17), "강원도"),
    ("강원도", dt.date(2024, 4, 1), "강원특별자치도"),
    ("강원자치도", dt.date(2024, 4, 1), "강원특별자치도"),
    ("강원도", None, "강원특별자치도"),
    ("전북도", dt.date(2021, 7, 7), "전라북도"),
    ("전북", dt.date(2024, 2, 1), "전북특별자치도"),
    ("중기청", dt.date(2016, 1, 1), "중소기업청"),
    ("중기청", dt.date(2020, 1, 1), "중소벤처기업부"),
    ("행자부", dt.date(2015, 1, 1), "행정자치부"),
    ("행안부", dt.date(2013, 1, 1), "안전행정부"),
    ("한나라당", dt.date(2010, 6, 2), "한나라당"),
    ("한나라당", dt.date(2013, 1, 1), "새누리당"),
    ("한나라당", dt.date(2021, 1, 1), "국민의힘"),
    ("새누리당", dt.date(2019, 1, 1), "자유한국당"),
    ("미래통합당", dt.date(2020, 9, 2), "국민의힘"),
    ("민주당", dt.date(2014, 1, 1), "민주당"),
    ("민주당", dt.date(2015, 1, 1), "새정치민주연합"),
    ("민주당", dt.date(2024, 4, 10), "더불어민주당"),
    ("국가안전기획부", dt.date(2000, 1, 1), "국가정보원"),
])
def test_renamed_bodies_take_the_name_in_force(resolver, surface, date, org_id):
    assert resolver.resolve(surface, doc_date=date) == {"id": org_id}


MINISTRIES = [
    "기획재정부", "교육부", "과학기술정보통신부", "외교부", "통일부", "법무부", "국방부", "행정안전부", "국가보훈부",
    "문화체육관광부", "농림축산식품부", "산업통상자원부", "보건복지부", "환경부", "고용노동부", "여성가족부", "국토교통부",
    "해양수산부", "중소벤처기업부",
]
PROVINCES = [
    "서울특별시", "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시", "경기도",
    "강원특별자치도", "충청북도", "충청남도", "전북특별자치도", "전라남도", "경상북도", "경상남도", "제주특별자치도",
]
TECHNOPARKS = ["서울", "인천", "경기", "경기대진", "강원", "충북", "충남", "대전", "세종", "전북", "광주", "전남", "경북",
               "포항", "대구", "울산", "경남", "부산", "제주"]


def test_kb_has_all_ministries_provinces_and_technoparks(kb, resolver):
    assert len(MINISTRIES) == 19 and len(PROVINCES) == 17
    for name in MINISTRIES:
        assert kb.entries[name].type == "ministry"
    for name in PROVINCES:
        assert kb.entries[name].type == "local government"
        assert any(a.endswith(("시", "도")) or len(a) == 2 for a in kb.entries[name].aliases), name
    for region in TECHNOPARKS:
        assert resolver.resolve(f"{region}TP") == {"id": f"{region}테크노파크"}
        assert kb.entries[f"{region}테크노파크"].type == "technopark"


def test_kb_types_and_size(kb):
    assert len(kb) >= 1000
    assert {e.type for e in kb.entries.values()} <= set(ORG_TYPES)
    assert {e.type for e in kb.entries.values()} == set(ORG_TYPES)
    assert {"state body", "party", "media", "international"} <= set(ORG_TYPES)


@pytest.mark.parametrize("org_id, org_type", [
    ("헌법재판소", "state body"), ("대법원", "state body"), ("국가정보원", "state body"), ("청와대", "state body"),
    ("국민의힘", "party"), ("더불어민주당", "party"),
    ("한국방송공사", "media"), ("연합뉴스", "media"), ("조선일보", "media"),
    ("국제연합", "international"), ("경제협력개발기구", "international"),
    ("삼성그룹", "company"), ("신한은행", "company"), ("구글", "company"),
])
def test_national_organisations_have_their_own_types(kb, org_id, org_type):
    """Parties, media, state and international bodies stay out of the industrial types that
    augmentation swaps (kner.augment replaces an organisation with one of the same type)."""
    assert kb.entries[org_id].type == org_type


@pytest.mark.parametrize("word", [
    "현대", "한국", "국민", "대한", "신세계", "하나", "우리", "대우", "신화", "나사", "교육방송", "한국경제",
    "EU", "MS", "AP", "GM", "정부", "경찰", "검찰", "군", "도는", "시는",
])
def test_ordinary_words_are_not_kb_surfaces(kb, word):
    """Aliases that are mostly ordinary words, places or generic references were left out."""
    assert kb.lookup(word) is None


def test_kb_is_a_gazetteer(kb):
    forms = list(kb)
    assert ("강원TP", "강원테크노파크", "technopark") in forms
    assert ("중소벤처기업부", "중소벤처기업부", "ministry") in forms
    assert ("강원도", "강원특별자치도", "local government") in forms  # former names are surfaces too
    assert len(forms) > 2 * len(kb)
    assert all(kb.lookup(surface).id == org_id for surface, org_id, _ in forms)


def test_kb_rejects_conflicts_and_bad_rows():
    with pytest.raises(ValueError, match="already a surface"):
        parse_org_tsv("id\ttype\taliases\nA청\tagency\tX\nB청\tagency\tX\n")
    with pytest.raises(ValueError, match="type"):
        parse_org_tsv("id\ttype\taliases\nA청\tcastle\t\n")
    with pytest.raises(ValueError, match="header"):
        parse_org_tsv("A청\tagency\t\n")
    with pytest.raises(ValueError, match="former"):
        parse_org_tsv("id\ttype\taliases\tformer\nA청\tagency\t\tB청<yesterday\n")


def test_custom_kb_round_trips_through_tsv(tmp_path):
    kb = parse_org_tsv("id\ttype\taliases\tformer\n가나다재단\tagency\t가나재단|GND\t가나재단구<2020-01-01\n")
    path = tmp_path / "kb.tsv"
    path.write_text(kb.to_tsv(), encoding="utf-8")
    again = load_org_kb(path)
    r = OrgResolver(again)
    assert r.resolve("GND") == {"id": "가나다재단"}
    assert r.resolve("가나재단", doc_date=dt.date(2019, 1, 1)) == {"id": "가나재단구"}
    assert r.resolve("강원TP") == {"id": "강원TP"}  # not in this KB: the surface is the id


def test_org_key_ignores_spaces_quotes_and_legal_forms():
    assert org_key("‘(재) 강원 TP’") == org_key("강원TP") == "강원TP"
    assert org_key("kiat") == "KIAT"


ALIAS_TEXT = (
    "김해산업진흥의생명융합재단이 오는 15일 기관 명칭을 ‘(재)김해의생명산업진흥원(이사장 허성곤, 이하 진흥원)’으로 바꾼다. "
    "특히, 강원테크노파크(원장:허장현·이하 강원TP)는 기획 기능을 강화했다. "
    "연구개발특구진흥재단(이하 ‘특구재단’이라 한다)과 한국산업기술진흥원(KIAT), 중소벤처기업부(중기부)가 참여한다. "
    "KIST 강릉분원(이하 강릉분원)도 함께한다. 글로벌 브랜드 ‘쏘큐(SOQU)’를 출시했다. 행사는 서울(코엑스)에서 열린다."
)


def test_aliases_in(resolver):
    assert resolver.aliases_in(ALIAS_TEXT) == {
        "진흥원": "김해의생명산업진흥원",
        "강원TP": "강원테크노파크",
        "특구재단": "연구개발특구진흥재단",
        "KIAT": "한국산업기술진흥원",
        "중기부": "중소벤처기업부",
        "강릉분원": "한국과학기술연구원 강릉분원",
    }


def test_aliases_with_spans_use_the_org_span(resolver):
    text = "전남테크노파크 신소재기술산업화지원센터(이하 센터)는 센터 운영을 맡는다."
    x = text.index("(")
    with_span = resolver.aliases_in(text, [{"start": 0, "end": x, "label": "ORG"}])
    assert with_span == {"센터": "전남테크노파크 신소재기술산업화지원센터"}
    assert resolver.aliases_in(text) == {"센터": "전남테크노파크 신소재기술산업화지원센터"}  # KB row


def test_doc_aliases_come_first(resolver):
    assert resolver.resolve("진흥원", {"진흥원": "울산경제일자리진흥원"}) == {"id": "울산경제일자리진흥원"}
    assert resolver.resolve("진흥원") == {"id": "진흥원"}
