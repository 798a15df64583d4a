"""The ``kner_normalizer`` component on a blank kner pipeline with ``doc.ents`` set by hand."""

from __future__ import annotations

import spacy
import pytest
from spacy.tokens import Doc, Span

from kner.normalize.component import KnerNormalizer, register_extensions, set_doc_date


@pytest.fixture()
def pipeline(nlp):
    """The session's blank kner pipeline with a ``kner_normalizer`` added for one test.

    Sharing the session pipeline keeps to one Kiwi analyser (building one takes seconds);
    the component is removed again afterwards so other tests see the blank pipeline.
    """
    before = list(nlp.pipe_names)
    nlp.add_pipe("kner_normalizer")
    try:
        yield nlp
    finally:
        _remove_added(nlp, before)


def _remove_added(nlp, before):
    for name in list(nlp.pipe_names):
        if name not in before:
            nlp.remove_pipe(name)


def _doc(nlp, text, ents, date=None):
    doc = nlp.make_doc(text)
    spans = []
    for surface, label, nth in ents:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        span = doc.char_span(start, start + len(surface), label=label, alignment_mode="expand")
        assert span is not None and span.text.startswith(surface), surface
        spans.append(doc.char_span(start, start + len(surface), label=label) or span)
    doc.ents = spans
    if date is not None:
        set_doc_date(doc, date)
    return doc


TEXT = ("강원테크노파크(이하 강원TP)는 지난해 국비 3억원을 들여 1,400여명을 고용했다. "
        "강원TP는 ‘2022년 바이오 원‧부자재 국산화 지원사업’을 오는 15일 오후 2시에 공고한다.")
ENTS = [("강원테크노파크", "ORG", 0), ("강원TP", "ORG", 0), ("지난해", "DATE", 0), ("3억원", "MONEY", 0),
        ("1,400여명", "METRIC", 0), ("강원TP", "ORG", 1), ("2022년 바이오 원‧부자재 국산화 지원사업", "PROGRAM", 0),
        ("오는 15일 오후 2시", "DATE", 0)]


def test_sets_norms_and_kb_ids(pipeline):
    doc = pipeline.get_pipe("kner_normalizer")(_doc(pipeline, TEXT, ENTS, "2022-02-23"))
    got = [(e.text, e.label_, e.kb_id_, e._.norm) for e in doc.ents]
    assert got == [
        ("강원테크노파크", "ORG", "강원테크노파크", {"id": "강원테크노파크"}),
        ("강원TP", "ORG", "강원테크노파크", {"id": "강원테크노파크"}),
        ("지난해", "DATE", "", {"type": "date", "value": "2021"}),
        ("3억원", "MONEY", "", {"amount": 300000000, "currency": "KRW"}),
        ("1,400여명", "METRIC", "", {"value": 1400, "unit": "명", "approx": True}),
        ("강원TP", "ORG", "강원테크노파크", {"id": "강원테크노파크"}),
        ("2022년 바이오 원‧부자재 국산화 지원사업", "PROGRAM", "2022년 바이오 원·부자재 국산화 지원사업",
         {"id": "2022년 바이오 원·부자재 국산화 지원사업"}),
        ("오는 15일 오후 2시", "DATE", "", {"type": "date", "value": "2022-03-15T14:00"}),
    ]
    assert doc._.date == "2022-02-23"


def test_doc_date_from_a_dateline_or_none(pipeline):
    text = "제목\n작성일 22-02-23 17:41\n중기부는 지난해 성과를 밝혔다."
    doc = pipeline(text)  # no ents: the date is still found
    assert doc._.date == "2022-02-23"
    doc = _doc(pipeline, text, [("중기부", "ORG", 0), ("지난해", "DATE", 0)])
    doc = pipeline.get_pipe("kner_normalizer")(doc)
    assert [e._.norm for e in doc.ents] == [{"id": "중소벤처기업부"}, {"type": "date", "value": "2021"}]
    doc = _doc(pipeline, "중기부는 지난해 성과를 밝혔다.", [("지난해", "DATE", 0)])
    doc = pipeline.get_pipe("kner_normalizer")(doc)
    assert doc._.date is None and doc.ents[0]._.norm == {"type": "date", "value": None}


def test_bad_input_is_counted_not_raised(pipeline):
    nlp = pipeline
    comp = nlp.get_pipe("kner_normalizer")
    text = "예산 엉망원과 뭔가개 그리고 언젠가"
    doc = _doc(nlp, text, [("엉망원", "MONEY", 0), ("뭔가개", "METRIC", 0), ("언젠가", "DATE", 0)])
    doc = comp(doc)
    assert [e._.norm for e in doc.ents] == [
        {"amount": None, "currency": "KRW"},
        {"value": None, "unit": "뭔가개", "approx": False},
        {"type": "date", "value": None},
    ]
    assert [e.text for e in doc.ents] == ["엉망원", "뭔가개", "언젠가"]
    report = comp.get_report()
    assert report["unparsed"] == {"MONEY": 1, "METRIC": 1, "DATE": 1}
    assert {"label": "MONEY", "text": "엉망원"} in report["examples"]
    comp.reset_report()
    assert comp.get_report()["spans"] == {}


def test_other_labels_are_left_alone(pipeline):
    doc = pipeline.make_doc("홍길동 원장은 강원TP 소속이다")
    doc.ents = [Span(doc, 0, 1, label="PERSON", kb_id="x"), doc.char_span(8, 12, label="ORG")]
    doc = pipeline.get_pipe("kner_normalizer")(doc)
    assert doc.ents[0]._.norm is None and doc.ents[0].kb_id_ == "x"
    assert doc.ents[1].kb_id_ == "강원테크노파크"


def test_extensions_register_idempotently():
    register_extensions()
    register_extensions()
    assert Span.has_extension("norm") and Doc.has_extension("date")


def test_custom_kb_is_saved_with_the_pipeline(nlp, tmp_path):
    kb_path = tmp_path / "my_kb.tsv"
    kb_path.write_text("id\ttype\taliases\n가나다재단\tagency\t가나재단|GND\n", encoding="utf-8")
    before = list(nlp.pipe_names)
    nlp.add_pipe("kner_normalizer", config={"kb_path": str(kb_path)})
    try:
        doc = _doc(nlp, "GND는 강원TP와 협약했다", [("GND", "ORG", 0), ("강원TP", "ORG", 0)])
        assert [e._.norm["id"] for e in nlp.get_pipe("kner_normalizer")(doc).ents] == ["가나다재단", "강원TP"]
        out = tmp_path / "pipeline"
        nlp.to_disk(out)
    finally:
        _remove_added(nlp, before)
    assert (out / "kner_normalizer" / "orgs.tsv").exists()
    kb_path.unlink()  # the packaged pipeline must not need the original file
    nlp2 = spacy.load(out)
    assert nlp2.get_pipe_config("kner_normalizer")["kb_path"] == str(kb_path)
    doc = _doc(nlp, "GND는 강원TP와 협약했다", [("GND", "ORG", 0), ("강원TP", "ORG", 0)])
    assert [e._.norm["id"] for e in nlp2.get_pipe("kner_normalizer")(doc).ents] == ["가나다재단", "강원TP"]


def test_works_after_ner_and_survives_to_disk(nlp, tmp_path):
    from spacy.training import Example

    before = list(nlp.pipe_names)
    ner = nlp.add_pipe("ner")
    try:
        for label in ("ORG", "DATE"):
            ner.add_label(label)
        nlp.add_pipe("kner_normalizer", after="ner")
        assert nlp.pipe_names[-2:] == ["ner", "kner_normalizer"]
        doc = nlp.make_doc("강원TP는 지난해 문을 열었다")
        ner.initialize(lambda: [Example.from_dict(doc, {"entities": [(0, 4, "ORG"), (6, 9, "DATE")]})], nlp=nlp)
        nlp("강원TP는 지난해 문을 열었다")  # whatever the untrained ner finds, nothing breaks
        nlp.to_disk(tmp_path / "p")
    finally:
        _remove_added(nlp, before)
    nlp2 = spacy.load(tmp_path / "p")
    assert nlp2.pipe_names == ["ner", "kner_normalizer"]
    assert isinstance(nlp2.get_pipe("kner_normalizer"), KnerNormalizer)
    doc = _doc(nlp, "강원TP는 지난해 문을 열었다", [("강원TP", "ORG", 0), ("지난해", "DATE", 0)], "2022-02-23")
    doc = nlp2.get_pipe("kner_normalizer")(doc)
    assert [(e.kb_id_, e._.norm) for e in doc.ents] == [
        ("강원테크노파크", {"id": "강원테크노파크"}), ("", {"type": "date", "value": "2021"})]
