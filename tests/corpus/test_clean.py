"""kner.corpus.clean: the seed captures in corpus/raw → clean documents."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kner.corpus.clean import clean_directory, clean_document, clean_file

RAW = Path(__file__).resolve().parents[2] / "corpus" / "raw"
FILES = {
    "000": "000_1e17e0edbc9d0144.txt",
    "001": "001_96d2f02b0f10d452.txt",
    "002": "002_faae4942ca426890.txt",
    "004": "004_b931d85137ad4507.txt",
}


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    return {key: clean_file(RAW / name) for key, name in FILES.items()}


def test_directory_cleans_every_capture_in_order(docs):
    records = clean_directory(RAW)
    assert [r["id"] for r in records] == ["seed-000", "seed-001", "seed-002", "seed-004"]
    assert records == [docs[k] for k in sorted(FILES)]


@pytest.mark.parametrize("key, headline", [
    ("000", "인천시, 바이오 원부자재 국산화 희망기업에 맞춤전략 지원한다"),
    ("001", "김해산업진흥의생명융합재단, ‘김해의생명산업진흥원’으로 재도약 - - 15년간 성과기반, 김해시 산업혁신 "
            "강화와 변화의지 담겨 - - ‘의생명산업진흥원’ 명칭은 전국 유일"),
    ("002", "[춘천시뉴스] [이코노미플러스]“‘지역산업육성사업’ 통해 강원자치도를 미래산업 글로벌 도시로”"),
    ("004", "창원시, 소부장산업 글로벌 경쟁력 확보 속도 낸다"),
])
def test_headline_is_the_first_line(docs, key, headline):
    assert docs[key]["text"].split("\n")[0] == headline


@pytest.mark.parametrize("key, sentence", [
    ("000", "이번 사업은 인천지역 중소‧중견 제조기업을 대상으로"),
    ("000", "*「바이오산업 원부자재 국산화 및 수출산업화를 위한 업무협약」(2019.12.13.)"),
    ("000", "예산 3억원 을 편성해 인천상공회의소와 거버넌스를 구축한다."),
    ("001", "4년만에 새롭게 출범하는 진흥원은"),
    ("001", "김해시민이 체감하고"),
    ("002", "강원테크노파크(원장:허장현·이하 강원TP)는"),
    ("004", "창원시가 소부장산업 글로벌 경쟁력 확보에 속도를 낸다."),
    ("004", "제2재료연구원 첫 사업 3월 착공"),
    ("004", "경남대, 창원대 등 수많은 지역 소재 산학연 기관들의 도움"),
])
def test_article_text_is_kept_exactly_once(docs, key, sentence):
    assert docs[key]["text"].count(sentence) == 1


@pytest.mark.parametrize("key", sorted(FILES))
def test_no_line_is_repeated(docs, key):
    lines = [line for line in docs[key]["text"].split("\n") if len(line) >= 20]
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("key, chrome", [
    ("000", "보도자료"), ("000", "첨부파일"), ("000", "첨부된 파일이 없습니다"), ("000", "자료관리담당자"),
    ("000", "공보담당관"), ("000", "032-440-3066"), ("000", "최종업데이트"), ("000", "만족하십니까"),
    ("001", "기사 메일전송"), ("001", "기사수정"), ("001", "다른 곳에 퍼가실"), ("001", "http://jnnews.co.kr"),
    ("001", "기자프로필"), ("001", "나도 한마디"), ("001", "로그인 후"), ("001", "기사 이미지"),
    ("001", "강진 백련사"), ("001", "가수 전가연"), ("001", "모바일 버전"), ("001", "\u00a0"),
    ("002", "\n본문\n"), ("002", "로그인 후 추천"), ("002", "SNS"), ("002", "댓글목록"),
    ("002", "등록된 댓글이 없습니다"), ("002", "21,251"),
    ("004", "페이지 정보"), ("004", "이은수기자"), ("004", "eunsu@gnnews.co.kr"), ("004", "출처 :"),
])
def test_chrome_is_absent(docs, key, chrome):
    assert chrome not in docs[key]["text"]


@pytest.mark.parametrize("key, dateline", [
    ("001", "  • 기사등록 2021-02-06 11:07:46"),
    ("004", "작성자 관리자 댓글 0건 조회 1,106회 작성일 22-02-23 17:41본문"),
])
def test_dateline_is_kept(docs, key, dateline):
    assert dateline in docs[key]["text"].split("\n")


@pytest.mark.parametrize("key, date, url", [
    ("000", None, None),  # only a "최종업데이트" (page update) date
    ("001", "2021-02-06", "http://jnnews.co.kr/news/view.php?idx=296019"),
    ("002", None, None),
    ("004", "2022-02-23", "http://www.gnnews.co.kr"),
])
def test_meta(docs, key, date, url):
    meta = docs[key]["meta"]
    assert docs[key]["id"] == f"seed-{key}"
    assert meta["date"] == date
    assert meta.get("url") == url
    assert meta["source"] == FILES[key]
    assert meta["date_note"]


@pytest.mark.parametrize("key, duplicate", [
    ("000", {"lines": [20, 34], "kind": "duplicate block", "copy_of": [5, 19]}),
    ("001", None),
    ("002", None),
    ("004", {"lines": [18, 30], "kind": "duplicate block", "copy_of": [5, 17]}),
])
def test_duplicate_block_is_recorded(docs, key, duplicate):
    found = [r for r in docs[key]["meta"]["removed"] if r["kind"] == "duplicate block"]
    assert found == ([duplicate] if duplicate else [])


@pytest.mark.parametrize("key", sorted(FILES))
def test_every_raw_line_is_kept_or_accounted_for(docs, key):
    raw = unicodedata.normalize("NFC", (RAW / FILES[key]).read_text(encoding="utf-8")).replace("\u00a0", " ")
    raw_lines = raw.splitlines()
    removed = set()
    for entry in docs[key]["meta"]["removed"]:
        removed.update(range(entry["lines"][0], entry["lines"][1] + 1))
    expected = [line.rstrip() for n, line in enumerate(raw_lines, 1) if line.strip() and n not in removed]
    assert docs[key]["text"].split("\n") == expected


@pytest.mark.parametrize("key", sorted(FILES))
def test_text_shape(docs, key):
    text = docs[key]["text"]
    assert unicodedata.is_normalized("NFC", text)
    assert all(line.strip() and line == line.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize("key", sorted(FILES))
def test_deterministic_and_nfc_of_decomposed_input(docs, key):
    raw = (RAW / FILES[key]).read_text(encoding="utf-8")
    assert clean_document(raw, FILES[key]) == docs[key]
    assert clean_document(unicodedata.normalize("NFD", raw), FILES[key]) == docs[key]


# --- the generic logic on small synthetic pages --------------------------------------

ARTICLE = [
    "첫째 문단은 충분히 길어서 반복 블록으로 인정될 만한 길이를 가진 문장입니다.",
    "둘째 문단도 마찬가지로 길게 써서 중복 검출의 최소 글자 수를 넘깁니다.",
    "셋째 문단까지 반복되면 세 줄짜리 블록이 됩니다. 끝.",
]


@pytest.mark.parametrize("lines, kept, removed_kinds", [
    # a whole block captured twice: the second copy goes
    (["제목", *ARTICLE, "", *ARTICLE], ["제목", *ARTICLE], ["duplicate block"]),
    # a repeated block shorter than the minimum stays (two lines)
    (["제목", *ARTICLE[:2], *ARTICLE[:2]], ["제목", *ARTICLE[:2], *ARTICLE[:2]], []),
    # the tail after an attachment box goes, whatever it holds
    (["제목", *ARTICLE, "- 첨부파일", "아무 말이나", "또 아무 말"], ["제목", *ARTICLE],
     ["attachment box", "page tail"]),
    # single chrome lines anywhere; trailing white space and blank lines go
    (["기사 메일전송", "제목   ", "", "0", *ARTICLE, "홍길동기자 hong@example.com"], ["제목", *ARTICLE],
     ["share menu", "counter widget", "byline"]),
])
def test_generic_cleaning(lines, kept, removed_kinds):
    rec = clean_document("\n".join(lines), "123_x.txt")
    assert rec["id"] == "seed-123"
    assert rec["text"] == "\n".join(kept)
    assert [r["kind"] for r in rec["meta"]["removed"]] == removed_kinds


@pytest.mark.parametrize("lines, date", [
    (["제목", "- 최종업데이트 2024-09-20"], None),
    (["제목", "기사등록 2021-02-06 11:07:46"], "2021-02-06"),
    (["제목", "작성자 관리자 작성일 22-02-23 17:41본문"], "2022-02-23"),
    (["제목", "입력 2023.3.5"], "2023-03-05"),
])
def test_publication_date(lines, date):
    assert clean_document("\n".join(lines), "9_x.txt")["meta"]["date"] == date
