"""Records in, norms out: the dispatcher, ``kner normalize``, and accuracy on the corpus gold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kner.corpus.markup import read_markup
from kner.normalize import normalize_span
from kner.normalize.apply import compare_norms, normalize_records, record_doc_date
from kner.normalize.orgs import load_org_kb
from kner.normalize.programs import ProgramResolver
from kner.normalize.schema import norm_problem
from kner.records import load_records, write_records

ROOT = Path(__file__).resolve().parents[2]
MARKUP_DIRS = (ROOT / "corpus" / "annotations" / "seeds", ROOT / "corpus" / "annotations" / "supplement")


def markup_files() -> list[Path]:
    """Every corpus markup source file that exists now (files not written yet are skipped)."""
    return sorted(p for d in MARKUP_DIRS if d.is_dir() for p in d.glob("*.txt"))


@pytest.mark.parametrize("label, text, norm", [
    ("MONEY", "978억원", {"amount": 97800000000, "currency": "KRW"}),
    ("DATE", "지난해", {"type": "date", "value": "2021"}),
    ("METRIC", "121개사", {"value": 121, "unit": "개사", "approx": False}),
    ("ORG", "강원TP", {"id": "강원테크노파크"}),
    ("ORG", "진흥원", {"id": "김해의생명산업진흥원"}),
    ("PROGRAM", "‘2022년 바이오 원‧부자재  국산화 지원사업’", {"id": "2022년 바이오 원·부자재 국산화 지원사업"}),
    ("PROGRAM", "특화산업육성사업", {"id": "지역특화산업육성사업"}),
])
def test_normalize_span(label, text, norm):
    got = normalize_span(label, text, doc_date=dt.date(2022, 2, 23), org_aliases={"진흥원": "김해의생명산업진흥원"})
    assert got == norm and norm_problem(label, got) is None


def test_unknown_label_is_an_error():
    with pytest.raises(ValueError):
        normalize_span("PERSON", "홍길동")


@pytest.mark.parametrize("surface, others, expected", [
    ("소부장특화단지", ["소부장특화단지", "소부장 특화단지"], "소부장 특화단지"),
    ("소부장 산업 육성계획", ["창원시 소부장 산업 육성계획"], "창원시 소부장 산업 육성계획"),
    ("지역산업육성사업", ["강원지역산업육성사업", "2024년 강원지역산업육성사업"], "지역산업육성사업"),
    ("강원지역산업육성사업", ["2024년 강원지역산업육성사업"], "강원지역산업육성사업"),
    ("육성계획", ["무슨 육성계획"], "육성계획"),  # 무슨 is no organisation
])
def test_programme_mentions_link_within_a_document(surface, others, expected):
    kb = load_org_kb()
    resolver = ProgramResolver(org_known=lambda s: kb.lookup(s) is not None)
    assert resolver.resolve(surface, others) == {"id": expected}


TEXT = ("울산광역시는 울산경제일자리진흥원(이하 진흥원)과 함께 기업의 인증 비용을 최대 2천만원씩 지원한다.\n"
        "진흥원은 다음 달 1일부터 19일까지 신청을 받는다. 처리 기간이 7일에서 3일로 줄어든다.")


def _span(text, surface, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label}


def _record(date="2021-10-12"):
    spans = [_span(TEXT, "울산광역시", "ORG"), _span(TEXT, "울산경제일자리진흥원", "ORG"), _span(TEXT, "진흥원", "ORG", 1),
             _span(TEXT, "2천만원", "MONEY"), _span(TEXT, "진흥원", "ORG", 2), _span(TEXT, "다음 달 1일", "DATE"),
             _span(TEXT, "19일", "DATE"), _span(TEXT, "7일", "DATE"), _span(TEXT, "3일", "DATE")]
    return {"id": "t1", "text": TEXT, "meta": {"date": date, "source": "test"}, "spans": spans}


def test_normalize_records_uses_document_context():
    (out,), report = normalize_records([_record()])
    assert [s["norm"] for s in out["spans"]] == [
        {"id": "울산광역시"}, {"id": "울산경제일자리진흥원"}, {"id": "울산경제일자리진흥원"},
        {"amount": 20000000, "currency": "KRW"}, {"id": "울산경제일자리진흥원"},
        {"type": "date", "value": "2021-11-01"}, {"type": "date", "value": "2021-11-19"},
        {"type": "duration", "value": "P7D"}, {"type": "duration", "value": "P3D"},
    ]
    assert report.spans["ORG"] == 4 and sum(report.unparsed.values()) == 0


def test_document_date_from_meta_then_dateline():
    assert record_doc_date({"text": "x", "meta": {"date": "2021-10-12"}}) == dt.date(2021, 10, 12)
    assert record_doc_date({"text": "제목\n기사등록 2021-02-06 11:07:46\n", "meta": {"date": None}}) == dt.date(2021, 2, 6)
    assert record_doc_date({"text": "날짜 없음", "meta": {}}) is None


def test_cli_normalize(tmp_path):
    from typer.testing import CliRunner

    from kner.cli import app

    rec = _record()
    for s in rec["spans"]:
        s["norm"] = None
    bad = {"id": "t2", "text": "예산 엉망원", "meta": {"date": None, "source": "test"},
           "spans": [{"start": 3, "end": 6, "label": "MONEY"}]}
    src, dst, rep = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "report.json"
    write_records(src, [rec, bad])
    result = CliRunner().invoke(app, ["normalize", str(src), "--output", str(dst), "--report", str(rep)])
    assert result.exit_code == 0, result.output
    out = load_records(dst)
    assert out[0]["spans"][2]["norm"] == {"id": "울산경제일자리진흥원"}
    assert out[1]["spans"][0]["norm"] == {"amount": None, "currency": "KRW"}
    assert json.loads(rep.read_text(encoding="utf-8"))["unparsed"] == {"MONEY": 1}


def test_cli_normalize_rejects_bad_records(tmp_path):
    from typer.testing import CliRunner

    from kner.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "x", "text": "abc", "spans": [{"start": 2, "end": 9, "label": "ORG"}]}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["normalize", str(src), "--output", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert not (tmp_path / "out.jsonl").exists()


# --- the corpus gold -----------------------------------------------------------------------------
FILES = markup_files()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_gold_norms_are_reproduced(path, capsys):
    records = read_markup(path)
    n, mismatches = compare_norms(records)
    with capsys.disabled():
        print(f"\n{path.parent.name}/{path.name}: norm accuracy {n - len(mismatches)}/{n} "
              f"= {100 * (n - len(mismatches)) / max(n, 1):.1f}%")
    assert mismatches == []


def test_corpus_norm_accuracy_overall(capsys):
    if not FILES:
        pytest.skip("no corpus markup files yet")
    records = [r for p in FILES for r in read_markup(p)]
    n, mismatches = compare_norms(records)
    with capsys.disabled():
        print(f"\ncorpus norm accuracy with gold spans: {n - len(mismatches)}/{n} "
              f"= {100 * (n - len(mismatches)) / n:.2f}% ({len(records)} documents)")
    assert n > 0 and not mismatches


def test_every_gold_org_is_in_the_kb():
    if not FILES:
        pytest.skip("no corpus markup files yet")
    kb = load_org_kb()
    names = {e.id for e in kb.entries.values()} | {name for e in kb.entries.values() for name, _ in e.former}
    missing = sorted({s["norm"]["id"] for p in FILES for r in read_markup(p) for s in r["spans"]
                      if s["label"] == "ORG"} - names)
    assert missing == []


# --- bad input never breaks the normaliser --------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("0123456789,.~-:/ 년월일시분억만천백십조원여수몇약%개명배㈜()이하지난오는올해상반기분기간TP강원중기부‘’「」\n")
                            + ["\u3000", "０", "𝟘", "\x00"])


@settings(max_examples=400, deadline=None)
@given(label=st.sampled_from(["ORG", "PROGRAM", "MONEY", "DATE", "METRIC"]),
       text=st.one_of(st.text(max_size=20), st.lists(_ALPHABET, max_size=20).map("".join)))
def test_any_text_gets_a_valid_norm(label, text):
    from kner.normalize.apply import parse_span

    norm, ok = parse_span(label, text, doc_date=dt.date(2022, 2, 23))
    assert norm_problem(label, norm) is None, (text, norm)
    assert isinstance(ok, bool)
