"""Tests of the PROGRAM rules (kner.rules.programs): spaced project names and the ORG filter."""

import pytest

# (text, PROGRAM spans of the rules-only pipeline) — guidelines 4 PROGRAM ✓/✗, 5.3
CASES = [
    # ✓ spaced names ending in a project head (the cut after 클러스터 of issue 8)
    ("산업통상자원부의 지역혁신클러스터 육성사업과 연계해 추진된다.", ["지역혁신클러스터 육성사업"]),
    ("파워유닛 스마트 제조센터 구축사업에 100억원이 투입된다.", ["파워유닛 스마트 제조센터 구축사업"]),
    ("2단계 사업인 극한소재 실증연구센터 조성사업은 올해 끝난다.", ["극한소재 실증연구센터 조성사업"]),
    ("중소기업 기술혁신개발사업에 4천억원을 배정했다.", ["중소기업 기술혁신개발사업"]),
    ("2022년 바이오 의약품 원부자재 상용화 지원사업을 공고했다.", ["2022년 바이오 의약품 원부자재 상용화 지원사업"]),
    ("첨단소재 실증 연구단지는 우수한 소재 기업을 모은다.", ["첨단소재 실증 연구단지"]),
    # ✗ generic mentions, stages, determiners, organisations before the name
    ("기업 지원사업과 다양한 지원사업을 안내한다.", []),
    ("지역맞춤형 지원사업을 확대한다.", []),
    ("이번 사업은 1단계 사업의 후속이다.", []),
    ("로봇산업 클러스터 조성에 나선다.", []),
    ("청정대기 분야 클러스터 조성 지역으로 뽑혔다.", []),
    ("‘소부장 특화단지’ 기획 사업을 한다.", ["소부장 특화단지"]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:16] for c in CASES])
def test_expectations(rules_nlp, text, expected):
    doc = rules_nlp(text)
    assert [e.text for e in doc.ents if e.label_ == "PROGRAM"] == expected


def test_press_release_sample_keeps_the_whole_name(rules_nlp, root):
    """samples/press-release.txt: ``지역혁신클러스터 육성사업`` is one PROGRAM (not cut after 클러스터)."""
    text = (root / "samples" / "press-release.txt").read_text(encoding="utf-8")
    doc = rules_nlp(text)
    programs = [e.text for e in doc.ents if e.label_ == "PROGRAM"]
    assert "지역혁신클러스터 육성사업" in programs
    assert "지역혁신클러스터" not in programs


def test_organisations_joined_by_a_dot_are_not_a_programme(rules_nlp):
    """``강원TP·원주의료기기테크노밸리``: two organisations, not one compound PROGRAM."""
    doc = rules_nlp("강원TP·원주의료기기테크노밸리, 특구 지정을 위해 협력")
    assert [(e.label_, e.text) for e in doc.ents] == [("ORG", "강원TP"), ("ORG", "원주의료기기테크노밸리")]
