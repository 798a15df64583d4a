"""kner.augment: particle agreement, recomputed norms, determinism, valid records."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kner.augment import Augmenter, agreeing_particle, augment_records, final_sound, new_amount, render_amount
from kner.normalize.apply import normalize_record, record_doc_date
from kner.normalize.dates import parse_date
from kner.normalize.metrics import parse_metric
from kner.normalize.money import parse_money
from kner.normalize.schema import norm_problem
from kner.records import check_record, load_records

ALL = {"ORG": 1.0, "PROGRAM": 1.0, "MONEY": 1.0, "DATE": 1.0, "METRIC": 1.0}


@pytest.mark.parametrize("particle, before, expected", [
    ("는", "중소벤처기업부", "는"), ("은", "중소벤처기업부", "는"), ("는", "인천상공회의소", "는"),
    ("는", "셀트리온", "은"), ("은", "강원테크노파크", "는"),
    ("이", "중기부", "가"), ("가", "셀트리온", "이"), ("가", "한국재료연구원", "이"),
    ("를", "재료연", "을"), ("을", "중기부", "를"), ("를", "재료연구원", "을"), ("를", "978억원", "을"),
    ("와", "경남도청", "과"), ("과", "중기부", "와"),
    ("으로", "전기연", "으로"), ("으로", "인천시", "로"), ("로", "서울", "로"), ("으로", "서울", "로"),
    ("로", "부산", "으로"), ("로서", "대학", "으로서"), ("으로서", "협회", "로서"), ("이나", "산업부", "나"), ("이며", "재단", "이며"),
    # non-Hangul endings are read aloud: TP 티피, KOTRA 코트라, KIST 키스트, 50% 퍼센트, 3 삼, 7 칠, 10 십
    ("은", "강원TP", "는"), ("이", "KOTRA", "가"), ("가", "KIST", "가"), ("를", "50%", "를"),
    ("와", "3", "과"), ("과", "2", "와"), ("으로", "7", "로"), ("로", "10", "으로"), ("은", "KCL", "은"),
    # particles that do not alternate, and unknown endings, stay as they are
    ("에", "강원TP", "에"), ("의", "셀트리온", "의"), ("도", "중기부", "도"), ("는", "2019.12.13.", "는"),
])
def test_particle_agreement(particle, before, expected):
    assert agreeing_particle(particle, before) == expected


@pytest.mark.parametrize("text, sound", [
    ("부", "V"), ("원", "C"), ("서울", "L"), ("강원TP", "V"), ("30%", "V"), ("1", "L"), ("6", "C"), ("", None),
])
def test_final_sound(text, sound):
    assert final_sound(text) == sound


@pytest.mark.parametrize("amount", [97_800_000_000, 3_340_000_000, 120_000_000_000, 1_200_000_000_000,
                                    1_500_000_000_000, 474_600_000_000, 50_000_000, 30_000, 2_010_000_000_000])
@pytest.mark.parametrize("seed", range(6))
def test_rendered_amounts_parse_back(amount, seed):
    text = render_amount(amount, random.Random(seed))
    assert parse_money(text + "원")[0] == {"amount": amount, "currency": "KRW"}


@pytest.mark.parametrize("seed", range(20))
def test_new_amount_is_similar_and_renderable(seed):
    value = new_amount(97_800_000_000, random.Random(seed))
    assert 97_800_000_000 * 0.1 <= value <= 97_800_000_000 * 6 and value % 10_000 == 0


def _record(nlp_norm_text: str, marked: list[tuple[str, str]], date: str | None = "2022-02-23", rid="t-1") -> dict:
    """A record whose spans are the given (surface, label) pairs in order, norms from the normaliser."""
    spans, pos = [], 0
    for surface, label in marked:
        start = nlp_norm_text.index(surface, pos)
        spans.append({"start": start, "end": start + len(surface), "label": label, "text": surface})
        pos = start + len(surface)
    rec = {"id": rid, "text": nlp_norm_text, "meta": {"date": date, "source": "test"}, "spans": spans}
    return normalize_record(rec)


@pytest.fixture(scope="module")
def sample():
    text = ("중기부는 2022년 3월 5일 강원TP와 함께 978억원을 투입한다고 밝혔다.\n"
            "셀트리온이 ‘지역산업육성사업’을 맡고 2년간 121개사를 지원한다.\n"
            "중소벤처기업부와 인천시는 지난해 1,200억 원을 들였다.")
    return _record(text, [("중기부", "ORG"), ("2022년 3월 5일", "DATE"), ("강원TP", "ORG"), ("978억원", "MONEY"),
                          ("셀트리온", "ORG"), ("지역산업육성사업", "PROGRAM"), ("2년간", "DATE"), ("121개사", "METRIC"),
                          ("중소벤처기업부", "ORG"), ("인천시", "ORG"), ("지난해", "DATE"), ("1,200억 원", "MONEY")])


@pytest.fixture(scope="module")
def augmenter(nlp, sample):
    return Augmenter(nlp, pool=[sample], rates=ALL)


def _copies(augmenter, record, n=8, seed=0):
    out = [augmenter.augment_record(record, k, seed) for k in range(1, n + 1)]
    assert any(r is not None for r in out)
    return [r for r in out if r is not None]


def test_every_copy_is_a_valid_record_with_valid_norms(augmenter, sample):
    for rec in _copies(augmenter, sample):
        check_record(rec)
        assert rec["id"].startswith("t-1~aug") and rec["meta"]["augmented_from"] == "t-1"
        for s in rec["spans"]:
            assert rec["text"][s["start"]:s["end"]] == s["text"]
            assert norm_problem(s["label"], s["norm"]) is None, s


def test_replaced_norms_are_recomputed(augmenter, sample):
    doc_date = dt.date(2022, 2, 23)
    changed = 0
    for rec in _copies(augmenter, sample):
        for old, new in zip(sample["spans"], rec["spans"]):
            if new["text"] == old["text"]:
                assert new["norm"] == old["norm"]
                continue
            changed += 1
            if new["label"] == "MONEY":
                assert new["norm"] == parse_money(new["text"])[0]
                assert new["norm"]["currency"] == old["norm"]["currency"]
            elif new["label"] == "DATE":
                assert new["norm"] == parse_date(new["text"], doc_date)[0]
                assert new["norm"]["type"] == old["norm"]["type"] and new["norm"]["value"]
            elif new["label"] == "METRIC":
                assert new["norm"] == parse_metric(new["text"])[0]
                assert new["norm"]["unit"] == old["norm"]["unit"]
            elif new["label"] == "ORG":
                assert new["norm"]["id"] != old["norm"]["id"]
                assert augmenter.kb.lookup(new["text"]).id == new["norm"]["id"]
            else:
                assert new["norm"] == normalize_record({**rec, "spans": [new]})["spans"][0]["norm"]
    assert changed >= 8


def test_one_organisation_stays_one_organisation(augmenter, sample):
    """중기부 and 중소벤처기업부 are the same body: after a swap they still share one id."""
    for rec in _copies(augmenter, sample):
        ids = {rec["spans"][i]["norm"]["id"] for i in (0, 8)}
        assert len(ids) == 1


def test_particles_agree_after_replacement(nlp, augmenter, sample):
    checked = 0
    for rec in _copies(augmenter, sample, n=12):
        doc = nlp.make_doc(rec["text"])
        starts = {t.idx: t for t in doc}
        for s in rec["spans"]:
            pos = s["end"]
            while pos < len(rec["text"]) and rec["text"][pos] in "’”":
                pos += 1
            tok = starts.get(pos)
            if tok is not None and tok.tag_.startswith("J"):
                assert agreeing_particle(tok.text, s["text"]) == tok.text, (s["text"], tok.text, rec["text"])
                checked += 1
    assert checked > 10


def test_text_outside_spans_and_particles_is_kept(augmenter, sample):
    rec = _copies(augmenter, sample, n=1)[0]
    # the unlabelled words between the spans are still there, in order
    for word in ("함께", "투입한다고 밝혔다.", "맡고", "지원한다.", "들였다."):
        assert word in rec["text"]


def test_deterministic_with_a_seed(nlp, sample):
    a = augment_records([sample], copies=3, seed=7, nlp=nlp, rates=ALL)[0]
    b = augment_records([sample], copies=3, seed=7, nlp=nlp, rates=ALL)[0]
    c = augment_records([sample], copies=3, seed=8, nlp=nlp, rates=ALL)[0]
    assert a == b
    assert [r["text"] for r in a] != [r["text"] for r in c]


def test_progress_wrapper_sees_every_record_and_changes_nothing(nlp, sample):
    seen = []

    def progress(items):
        for rec in items:
            seen.append(rec["id"])
            yield rec

    other = {**sample, "id": "other"}
    plain = augment_records([sample, other], copies=2, seed=7, nlp=nlp, rates=ALL)[0]
    wrapped = augment_records([sample, other], copies=2, seed=7, nlp=nlp, rates=ALL, progress=progress)[0]
    assert wrapped == plain and seen == [sample["id"], "other"]


def test_linked_dates_and_introduced_aliases_are_left_alone(nlp):
    rec = _record("강원테크노파크(이하 강원TP)는 3월 2일부터 4월 30일까지 신청을 받는다. 강원TP는 50곳을 뽑는다.",
                  [("강원테크노파크", "ORG"), ("강원TP", "ORG"), ("3월 2일", "DATE"), ("4월 30일", "DATE"),
                   ("강원TP", "ORG"), ("50곳", "METRIC")])
    aug = Augmenter(nlp, rates=ALL)
    for k in range(1, 6):
        new = aug.augment_record(rec, k)
        assert new is not None  # the METRIC can still change
        assert [s["text"] for s in new["spans"][:5]] == [s["text"] for s in rec["spans"][:5]]


def test_real_corpus_records_convert_to_docbin(nlp, root):
    from kner.io.docbin import to_docbin

    records = load_records(root / "corpus" / "kner-v1.0" / "supplement.jsonl")[:12]
    out, report = augment_records(records, copies=1, seed=3, nlp=nlp)
    assert len(out) >= 10 and report.records_out == len(out)
    assert sum(report.replaced.values()) > 50
    for rec in out:
        check_record(rec)
        assert record_doc_date(rec) == record_doc_date(next(r for r in records if r["id"] == rec["meta"]["augmented_from"]))
        for s in rec["spans"]:
            assert norm_problem(s["label"], s["norm"]) is None
    assert len(to_docbin(out, nlp)) == len(out)  # every span on token boundaries
