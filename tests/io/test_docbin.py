"""Records ↔ spaCy DocBin: identity with norms, ents set for training, misaligned spans refused."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from io_strategies import token_documents
from spacy.tokens import DocBin
from typer.testing import CliRunner

from kner.io.docbin import AlignmentError, from_docbin, read_docbin, to_docbin, write_docbin
from kner.records import load_records


def through_bytes(records, nlp):
    """records → DocBin → bytes → DocBin → records (what a .spacy file does)."""
    data = to_docbin(records, nlp).to_bytes()
    return from_docbin(DocBin().from_bytes(data), nlp.vocab)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_round_trip(nlp, data):
    records = [data.draw(token_documents(nlp)) for _ in range(data.draw(st.integers(1, 3)))]
    assert through_bytes(records, nlp) == records


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_docs_carry_the_spans_as_ents_for_training(nlp, data):
    record = data.draw(token_documents(nlp))
    (doc,) = DocBin().from_bytes(to_docbin([record], nlp).to_bytes()).get_docs(nlp.vocab)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == \
        sorted((s["start"], s["end"], s["label"]) for s in record["spans"])
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(record["text"])]


@pytest.mark.parametrize("text, start, end", [
    ("중기부가 지원", 1, 3),      # across a token boundary (Kiwi: 중기 부 가)
    ("978억원을", 1, 4),          # starts inside 978
    ("강원TP는", 0, 3),           # ends inside TP
])
def test_misaligned_span_is_an_error_naming_it(nlp, text, start, end):
    record = {"id": "mis-1", "text": text, "meta": {"date": None, "source": "t"},
              "spans": [{"start": start, "end": end, "label": "ORG", "norm": {"id": "x"}}]}
    with pytest.raises(AlignmentError, match="mis-1") as info:
        to_docbin([record], nlp)
    assert f"[{start},{end}) ORG" in str(info.value)


def test_docs_from_elsewhere_become_records(nlp):
    doc = nlp.make_doc("😀 강원TP는")
    doc.ents = [doc.char_span(2, 6, label="ORG")]
    db = DocBin(docs=[doc])
    assert from_docbin(db, nlp.vocab) == [{"id": "doc-0", "text": "😀 강원TP는",
                                            "meta": {"date": None, "source": "spacy"},
                                            "spans": [{"start": 2, "end": 6, "label": "ORG"}]}]


def test_corpus_round_trip_through_a_file(nlp, corpus_records, tmp_path):
    path = tmp_path / "corpus.spacy"
    assert write_docbin(corpus_records, nlp, path) == len(corpus_records)
    assert read_docbin(path, nlp.vocab) == corpus_records


def test_cli_export_import_docbin(tmp_path):
    from kner.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "d", "text": "🇰🇷 3억원을 2배", "meta": {"date": null, "source": "t"}, "spans": ['
                   '{"start": 3, "end": 6, "label": "MONEY", "norm": {"amount": 300000000, "currency": "KRW"}}, '
                   '{"start": 8, "end": 10, "label": "METRIC", "norm": {"value": 2, "unit": "배", "approx": false}}'
                   ']}\n', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", "docbin", str(src), str(tmp_path / "d.spacy")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", "docbin", str(tmp_path / "d.spacy"), "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    assert load_records(tmp_path / "o.jsonl") == load_records(src)
