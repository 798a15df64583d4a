"""kner.corpus.konec_spec: KoNEC spans moved onto LABEL_SPEC boundaries, rule by rule."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from kner.corpus.konec import iter_sentences, stale_files
from kner.corpus.konec_labels import KONEC_TIME_TO_KNER
from kner.corpus.konec_spec import convert_spec_file, spec_rule_counts, spec_spans, to_spec_record, trim_span
from kner.records import check_record

# (label, KoNEC span text, text after the span, spec span text, rules that changed it)
TRIM_TABLE = [
    # rule 1: particles and endings stay outside
    ("ORG", "강원TP는", " 밝혔다", "강원TP", ["1"]),
    ("ORG", "인천상공회의소와", " 협약", "인천상공회의소", ["1"]),
    ("ORG", "쓰촨온라인은", " 전했다", "쓰촨온라인", ["1"]),
    ("DATE", "2025년까지", " 지원", "2025년", ["1"]),
    ("DATE", "17일부터", " 시행", "17일", ["1"]),
    ("DATE", "지난 2010년부터", " 연재", "지난 2010년", ["1"]),
    ("DATE", "이날도", " 비가", "이날", ["1"]),
    ("DATE", "20분만", " 참으면", "20분", ["1"]),
    ("DATE", "6개월 밖에", " 안 됐다", "6개월", ["1"]),
    ("METRIC", "한 번씩", " 본다", "한 번", ["1"]),
    ("METRIC", "2.13%까지", " 올랐다", "2.13%", ["1"]),
    ("METRIC", "3세까지만", " 도움", "3세", ["1"]),
    ("MONEY", "500만원까지", " 받았다", "500만원", ["1"]),
    # rule 1 must not cut: names, units and words that only look like particles
    ("ORG", "경기도", "는", "경기도", []),
    ("ORG", "해태제과", "는", "해태제과", []),
    ("ORG", "서울메트로", "는", "서울메트로", []),
    ("ORG", "머니투데이", "는", "머니투데이", []),
    ("ORG", "국무회의", "에서", "국무회의", []),
    ("METRIC", "900만", " 관객", "900만", []),
    ("METRIC", "백만", " 넘었다", "백만", []),
    ("METRIC", "30도", "를 넘는", "30도", []),
    ("METRIC", "100프로", " 조작", "100프로", []),
    ("METRIC", "한 송이", " 같은", "한 송이", []),
    ("MONEY", "1천억 유로", " 규모", "1천억 유로", []),
    ("DATE", "1996년도", " 영화", "1996년도", []),
    ("DATE", "올 가을", " 결혼", "올 가을", []),
    # 만 "after a lapse of" is not a particle, but it stays outside all the same (GUIDELINES: [4년]만에)
    ("DATE", "14년 만", "에 한", "14년", ["4"]),
    ("DATE", "6년만", "의 최고", "6년", ["13"]),
    ("DATE", "이틀만", "에 돌아", "이틀", ["13"]),
    # where in a date, since when: outside (the supplement's [지난달] 말 기준)
    ("DATE", "지난달 말", " 기준", "지난달", ["4"]),
    ("DATE", "1990년대 후반", "부터", "1990년대", ["4"]),
    ("DATE", "2010년 이후", " 처음", "2010년", ["4"]),
    ("DATE", "90년초", " 결성", "90년", ["13"]),
    ("DATE", "60년대초", "에", "60년대", ["13"]),
    # and not where they are the date itself or part of a word
    ("DATE", "주말", "에", "주말", []),
    ("DATE", "30초", " 만에", "30초", []),
    ("DATE", "연말", "까지", "연말", []),
    ("DATE", "10년 전", "에", "10년 전", []),
    # rule 2: quotes and brackets around a name stay outside; legal forms stay (rule 3)
    ("ORG", "‘강원TP’", "는", "강원TP", ["2"]),
    ("ORG", "'강원TP", "는", "강원TP", ["2"]),
    ("ORG", "(주)플로섬", "은", "(주)플로섬", []),
    ("ORG", "㈜네올", "은", "㈜네올", []),
    ("ORG", "(재)김해의생명산업진흥원", "은", "(재)김해의생명산업진흥원", []),
    # rule 4: qualifiers before a number, words after a space
    ("MONEY", "약 5400만원", ")", "5400만원", ["4"]),
    ("MONEY", "국비 20억", "을", "20억", ["4"]),
    ("MONEY", "최대 5000만원", "을", "5000만원", ["4"]),
    ("MONEY", "우리 돈 약 5400만원", ")", "5400만원", ["4"]),
    ("MONEY", "200만 원 가량", "을", "200만 원", ["4"]),
    ("MONEY", "약 2억원 상당", "의", "2억원", ["4"]),
    ("METRIC", "30명 이상", " 사업장", "30명", ["4"]),
    ("METRIC", "38개 내외", "의", "38개", ["4"]),
    ("METRIC", "92% 이상", "이", "92%", ["4"]),
    ("METRIC", "총 415개", "의", "415개", ["4"]),
    ("METRIC", "각각 29%", "와", "29%", ["4"]),
    ("DATE", "약 10년 전", " 한", "10년 전", ["4"]),
    ("DATE", "17일 오후 8시 경", " 경주", "17일 오후 8시", ["4"]),
    ("DATE", "20일 정도", " 걸릴", "20일", ["4"]),
    # rule 13: bounds written onto the number
    ("METRIC", "50%이상", "이", "50%", ["13"]),
    ("DATE", "7월중", " 발표", "7월", ["13"]),
    ("DATE", "오후 9시께", " 군포", "오후 9시", ["13"]),
    ("DATE", "6시 30분경", " 현장", "6시 30분", ["13"]),
    ("DATE", "10분쯤", " 되었을", "10분", ["13"]),
    ("DATE", "8시간가량", " 조사", "8시간", ["13"]),
    ("MONEY", "4천만원미만", "(", "4천만원", ["13"]),
    ("MONEY", "73억 달러어치", "의", "73억 달러", ["13"]),
    # rules combined
    ("METRIC", "30명 이상이", " 참여", "30명", ["1", "4"]),
    ("DATE", "1시간 20분정도만", " 보고", "1시간 20분", ["1", "13"]),
    ("METRIC", "각각 7~10%가량", " 올리기", "7~10%", ["4", "13"]),
    # never changed: approximation written onto the number, units, ranges, deictic dates
    ("METRIC", "1,400여명", "이", "1,400여명", []),
    ("METRIC", "121개사", "가", "121개사", []),
    ("MONEY", "1,200억 원", "을", "1,200억 원", []),
    ("MONEY", "수백억대", "의", "수백억대", []),
    ("MONEY", "33억4천만원", "을", "33억4천만원", []),
    ("DATE", "2020~2021년", "에", "2020~2021년", []),
    ("DATE", "지난해", " 12월", "지난해", []),
    ("DATE", "지난 3월 24일", " 열린", "지난 3월 24일", []),
    ("DATE", "2년간", " 지원", "2년간", []),
    ("DATE", "주중", " 요금", "주중", []),
    ("ORG", "해경", "은", "해경", []),
    ("ORG", "중소벤처기업부", "는", "중소벤처기업부", []),
    # the qualifier tables are for numbers only: ORG keeps a leading 총 / a final 중
    ("ORG", "총신대", "는", "총신대", []),
]


@pytest.mark.parametrize("label, source, after, expected, rules", TRIM_TABLE)
def test_trim_span(label, source, after, expected, rules):
    text = "앞 " + source + after
    start, end, used = trim_span(text, 2, 2 + len(source), label)
    assert (text[start:end], used) == (expected, rules)


def _tags(text: str, entities: list[tuple[str, str]]) -> list[str]:
    """Per-character BIO tags for ``entities`` (text, tag), found left to right in ``text``."""
    tags = ["O"] * len(text)
    at = 0
    for ent, tag in entities:
        start = text.index(ent, at)
        tags[start:start + len(ent)] = [f"B-{tag}"] + [f"I-{tag}"] * (len(ent) - 1)
        at = start + len(ent)
    return tags


def _spans(text: str, entities: list[tuple[str, str]]) -> list[tuple]:
    return [(s["text"], s["label"], s["source_label"], s.get("spec_rules", []))
            for s in spec_spans(text, _tags(text, entities))]


@pytest.mark.parametrize("text, entities, expected", [
    # rule 12: A부터 B까지 is two DATE spans
    ("지난 2007년 11월부터 2011년 6월까지 근무했다", [("지난 2007년 11월부터 2011년 6월까지", "DT_OTHERS")],
     [("지난 2007년 11월", "DATE", "DT_OTHERS", ["12"]), ("2011년 6월", "DATE", "DT_OTHERS", ["12", "1"])]),
    ("4월 9일부터 5월 26일 사이에 열린다", [("4월 9일부터 5월 26일 사이", "DT_DURATION")],
     [("4월 9일", "DATE", "DT_DURATION", ["12"]), ("5월 26일", "DATE", "DT_DURATION", ["12"])]),
    ("오전 10시부터 오후 4시에 집중", [("오전 10시부터 오후 4시", "TI_DURATION")],
     [("오전 10시", "DATE", "TI_DURATION", ["DATE", "12"]), ("오후 4시", "DATE", "TI_DURATION", ["DATE", "12"])]),
    # a range inside one expression, and A부터 alone, stay one span
    ("2020~2021년에 추진", [("2020~2021년", "DT_YEAR")], [("2020~2021년", "DATE", "DT_YEAR", [])]),
    ("17일부터 시행", [("17일부터", "DT_DAY")], [("17일", "DATE", "DT_DAY", ["1"])]),
    # DATE rule: TI spans become DATE and join a date before them (white space only)
    ("오는 15일 오후 2시에 연다", [("오는 15일", "DT_DAY"), ("오후 2시", "TI_HOUR")],
     [("오는 15일 오후 2시", "DATE", "DT_DAY+TI_HOUR", ["DATE"])]),
    ("이날 오전 10시 25분께 체포", [("이날", "DT_DAY"), ("오전 10시 25분께", "TI_OTHERS")],
     [("이날 오전 10시 25분", "DATE", "DT_DAY+TI_OTHERS", ["DATE", "13"])]),
    ("후반 27분 골", [("후반", "TI_DURATION"), ("27분", "TI_DURATION")],
     [("후반 27분", "DATE", "TI_DURATION+TI_DURATION", ["DATE"])]),
    ("3시간 동안", [("3시간", "TI_DURATION")], [("3시간", "DATE", "TI_DURATION", ["DATE"])]),
    # not merged: a duration before a time (a rate), or a particle between them
    ("하루 8시간가량 조사", [("하루", "DT_DURATION"), ("8시간가량", "TI_DURATION")],
     [("하루", "DATE", "DT_DURATION", []), ("8시간", "DATE", "TI_DURATION", ["DATE", "13"])]),
    ("1일부터 오후 8시까지 이용", [("1일부터", "DT_DAY"), ("오후 8시까지", "TI_DURATION")],
     [("1일", "DATE", "DT_DAY", ["1"]), ("오후 8시", "DATE", "TI_DURATION", ["DATE", "1"])]),
    ("20일, 오후", [("20일", "DT_DAY"), ("오후", "TI_DURATION")],
     [("20일", "DATE", "DT_DAY", []), ("오후", "DATE", "TI_DURATION", ["DATE"])]),
    # unmapped tags stay dropped; other labels never merge
    ("박씨는 5일 서울시에", [("박씨", "PS_NAME"), ("5일", "DT_DAY"), ("서울시에", "OGG_POLITICS")],
     [("5일", "DATE", "DT_DAY", []), ("서울시", "ORG", "OGG_POLITICS", ["1"])]),
])
def test_spec_spans(text, entities, expected):
    assert _spans(text, entities) == expected


def test_changed_spans_keep_source_offsets():
    source = "지난 2007년 11월부터 2011년 6월까지"
    text = source + " 근무"
    spans = spec_spans(text, _tags(text, [(source, "DT_OTHERS")]))
    assert [(s["source_start"], s["source_end"]) for s in spans] == [(0, len(source))] * 2
    assert [(s["start"], s["end"]) for s in spans] == [(0, source.index("부터")),
                                                        (source.index("2011"), source.index("까지"))]
    text = "오는 15일 오후 2시 개최"
    (merged,) = spec_spans(text, _tags(text, [("오는 15일", "DT_DAY"), ("오후 2시", "TI_HOUR")]))
    assert (merged["start"], merged["end"]) == (0, 12) and "source_start" not in merged
    (same,) = spec_spans("2019년 개최", _tags("2019년 개최", [("2019년", "DT_YEAR")]))
    assert set(same) == {"start", "end", "label", "text", "source_label"}


def test_ti_merge_from_a_tsv_snippet():
    text = "이날 오전 9시 현재 3시간이 걸린다"
    tags = _tags(text, [("이날", "DT_DAY"), ("오전 9시", "TI_HOUR"), ("3시간이", "TI_DURATION")])
    tsv = f"## 컬럼명 : CHAR\tNE_TAG\n## s-1\t{text}\n" + "".join(f"{c}\t{t}\n" for c, t in zip(text, tags))
    (sent,) = iter_sentences(tsv.splitlines(keepends=True))
    rec = to_spec_record(sent)
    check_record(rec)
    assert rec["meta"] == {"date": None, "source": "konec", "norms": False, "version": "kner-v1.0"}
    assert [(s["text"], s["source_label"]) for s in rec["spans"]] == [
        ("이날 오전 9시", "DT_DAY+TI_HOUR"), ("3시간", "TI_DURATION")]


def test_the_real_file(konec_path, konec_records):
    spec = convert_spec_file(konec_path)
    assert [(r["id"], r["text"], r["meta"]) for r in spec] == [(r["id"], r["text"], r["meta"]) for r in konec_records]
    for rec in spec:
        check_record(rec)  # offsets inside the text, span text matches, no overlaps
        text = rec["text"]
        for s in rec["spans"]:
            assert s["text"] == text[s["start"]:s["end"]] and s["text"] == s["text"].strip()
            if "source_start" in s and "+" not in s["source_label"]:
                assert s["source_start"] <= s["start"] < s["end"] <= s["source_end"]
    # only DATE gains spans (TI tags, rule-12 halves); no other label loses or gains one
    by_label = Counter(s["label"] for r in spec for s in r["spans"])
    plain = Counter(s["label"] for r in konec_records for s in r["spans"])
    assert {k: v for k, v in by_label.items() if k != "DATE"} == {k: v for k, v in plain.items() if k != "DATE"}
    assert by_label["DATE"] > plain["DATE"]
    # every TI entity of the source is in a DATE span
    ti = sum(1 for line in konec_path.read_text(encoding="utf-8").splitlines()
             if line.rpartition("\t")[2][2:] in KONEC_TIME_TO_KNER and line.rpartition("\t")[2].startswith("B-"))
    assert sum(s["source_label"].count("TI_") for r in spec for s in r["spans"]) >= ti
    by_rule, by_rule_label = spec_rule_counts(spec)
    assert set(by_rule) <= {"DATE", "1", "2", "4", "12", "13"}
    assert sum(by_rule_label.values()) == sum(by_rule.values())
    assert by_rule_label["DATE", "ORG"] == 0 and by_rule_label["12", "DATE"] == by_rule["12"]


def test_one_parse_gives_both_conversions(konec_path, konec_records):
    from kner.corpus.konec import convert_both

    records, spec, problems = convert_both(konec_path)
    assert problems == []
    assert records == konec_records
    assert spec == convert_spec_file(konec_path)


def test_check_knows_the_spec_file(konec_path, root, tmp_path):
    out = tmp_path / "konec"
    shutil.copytree(root / "corpus" / "external" / "konec", out)
    assert stale_files(out, source_dir=konec_path.parent) == []
    (out / "konec-dev-spec.jsonl").write_text("", encoding="utf-8")
    assert stale_files(out, source_dir=konec_path.parent) == ["konec-dev-spec.jsonl"]
