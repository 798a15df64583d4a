"""Tests of the generic organisation-name rules (kner.rules.orgnames, kner.rules.org_heads)."""

import pytest

from kner.rules.org_heads import BLOCKED_WORDS, HEADS, STOP_ENDINGS
from kner.rules.orgnames import find_org_names

# (text, ORG names the finder must return) — ✓ names outside the KB, ✗ common words and quantities
CASES = [
    ("국방기술진흥연구소와 한국남부발전이 협약을 맺었다.", ["국방기술진흥연구소"]),
    ("영남대학교, 경북대학교 연구팀이 참여한다.", ["영남대학교", "경북대학교"]),
    ("방위사업청은 새만금개발청과 함께 추진한다.", ["방위사업청", "새만금개발청"]),
    ("경기신용보증재단 보증을 받는다.", ["경기신용보증재단"]),
    ("인공지능산업융합사업단이 운영한다.", ["인공지능산업융합사업단"]),
    ("LG화학과 삼성전자가 투자한다.", ["LG화학", "삼성전자"]),
    ("서울아산병원과 하나은행이 협력한다.", ["서울아산병원", "하나은행"]),
    ("식품의약품안전처와 행정안전부는 밝혔다.", ["식품의약품안전처", "행정안전부"]),
    ("경남창조경제혁신센터, 오는 15일 설명회", ["경남창조경제혁신센터"]),
    # parent + unit (B10)
    ("전남테크노파크 신소재기술산업화지원센터는 장비를 갖췄다.", ["전남테크노파크", "전남테크노파크 신소재기술산업화지원센터"]),
    # ✗ money, numbers, bound nouns
    ("총 100억원을 투입한다.", []),
    ("3개 연구원이 참여한다.", []),
    # ✗ common words ending in short heads
    ("일부 관계부처와 지원 여부를 신청 요청했다.", []),
    ("연락처와 거래처, 납품처를 적는다.", []),
    ("건설공사와 보수공사가 끝났다.", []),
    # ✗ persons and titles
    ("윤정원 원장은 말했다.", []),
    ("김철수 선임연구원과 책임연구원이 발표했다.", []),
    ("한국바이오협회장이 참석했다.", []),
    # ✗ generic groups and internal councils (guidelines 4 ORG ✗, B10, 5.1)
    ("통합재단 출범으로 시중은행과 대학병원, 지역대학이 참여한다.", []),
    ("운영위원회와 정책전략협의회를 열었다.", []),
    ("석유화학 업종이 회복했다.", []),
    ("해당 센터와 관계 기관이 협력한다.", []),
    # ✗ a name quoted as a word (B11), an ordinal site (5.12), a word glued after a particle
    ("‘의생명산업진흥원’ 명칭은 전국 최초다.", []),
    ("제2재료연구원 조성을 확정했다.", []),
    # national news: parties, media, schools, courts, prosecution, police and fire stations
    ("한나라당과 바른미래당, 정의당이 합의했다.", ["한나라당", "바른미래당", "정의당"]),
    ("조선일보와 강원일보, 경향신문이 보도했다.", ["조선일보", "강원일보", "경향신문"]),
    ("한국방송과 문화방송, 신화통신사가 전했다.", ["한국방송", "문화방송", "신화통신사"]),
    ("경기고등학교와 잠실중학교, 서울초등학교 학생들", ["경기고등학교", "잠실중학교", "서울초등학교"]),
    ("서울중앙지방법원과 서울고등법원, 서울가정법원은 판결했다.", ["서울중앙지방법원", "서울고등법원", "서울가정법원"]),
    ("수원지법과 부산고법이 심리했다.", ["수원지법", "부산고법"]),
    ("서울중앙지방검찰청과 춘천지검, 여주지청이 수사한다.", ["서울중앙지방검찰청", "춘천지검", "여주지청"]),
    ("종로경찰서와 강남소방서가 출동했다.", ["종로경찰서", "강남소방서"]),
    # ✗ common words ending in the new heads
    ("식당과 성당, 강당을 지었다.", []),
    ("정당과 여당, 야당, 보수정당이 맞섰다.", []),
    ("서울식당과 명동성당 앞에서", []),
    ("진일보한 지역신문과 종이신문", []),
    ("방송과 신문, 생방송과 지역방송, 공영방송, TV방송", []),
    ("이동통신사와 해외통신사", []),
    ("고등학교와 중학교, 초등학교, 과학고등학교, 외국어고등학교", []),
    ("가정법원과 회생법원, 지방법원, 고등법원, 지방검찰청", []),
    ("관할경찰서와 인근소방서, 경찰서, 소방서", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_expectations(nlp, text, expected):
    doc = nlp(text)
    found = sorted({doc[s:e].text for s, e, _ in find_org_names(doc)}, key=lambda t: (text.find(t), len(t)))
    assert found == expected


def test_glued_tail_is_not_a_name(nlp):
    """김해산업진흥의생명융합재단: Kiwi splits off 의; the tail 생명융합재단 is no name of its own."""
    doc = nlp("김해산업진흥의생명융합재단 통합출범에 이어")
    assert all(doc[s:e].text != "생명융합재단" for s, e, _ in find_org_names(doc))


def test_kb_parent_joins_unit_but_not_government(nlp, rules_nlp):
    """A KB organisation is a parent (B10); a local government is not (김해시 … is a programme name)."""
    kb = rules_nlp.get_pipe("kner_rules").gazetteer.kb
    doc = nlp("KOTRA 하노이무역관이 맡는다.")
    assert ("KOTRA 하노이무역관" in {doc[s:e].text for s, e, _ in find_org_names(doc, kb)})
    doc = nlp("김해시 창업지원센터는 문을 열었다.")
    assert all(" " not in doc[s:e].text for s, e, _ in find_org_names(doc, kb))


def test_pipeline_uses_the_finder_and_kb_spans_survive(rules_nlp):
    """The component adds generic names; a KB name of the same extent stays one ORG span."""
    doc = rules_nlp("국방기술진흥연구소와 한국전기연구원은 100억원을 투입한다.")
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("ORG", "국방기술진흥연구소"), ("ORG", "한국전기연구원"), ("MONEY", "100억원")]


def test_table_is_well_formed():
    """Every head is unique and a blocked word really ends in a head (else the block is dead)."""
    texts = [h.text for h in HEADS]
    assert len(texts) == len(set(texts))
    assert all(h.min_stem >= 1 for h in HEADS)
    dead = [w for w in BLOCKED_WORDS if not any(w.endswith(t) for t in texts)]
    assert dead == []
    assert [s for s in STOP_ENDINGS if not any(s.endswith(t) for t in texts)] == []  # else the stop is dead
