"""doccano round trips: offsets, conversion, overlap refusal, predictions, and a real server."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from io_strategies import documents, unique_ids
from typer.testing import CliRunner

from kner.io import doccano
from kner.records import LABELS, RecordError, load_records


def utf16_slice(text: str, start: int, end: int) -> str:
    """What a JavaScript ``text.slice(start, end)`` returns, in Python."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def exported(record: dict, example_id: int = 1) -> dict:
    """A row as doccano's JSONL export gives it back for an imported record (labels sorted)."""
    row = json.loads(json.dumps(doccano.to_doccano(record), ensure_ascii=True))
    row.update({"id": example_id, "label": sorted(row["label"]), "Comments": []})
    return row


# ---------------------------------------------------------------- offsets
@pytest.mark.parametrize("text, cp, u16", [
    ("abc", 0, 0),
    ("abc", 3, 3),
    ("강원TP", 2, 2),
    ("😀a", 1, 2),
    ("😀a", 2, 3),
    ("a😀b", 2, 3),
    ("𠀀𠀀x", 2, 4),
    ("🇰🇷", 1, 2),          # a flag is two code points, four code units
    ("🇰🇷", 2, 4),
    ("👩‍💻", 3, 5),          # woman, ZWJ, laptop
    ("é", 1, 1),            # BMP: same
])
def test_offsets_both_ways(text, cp, u16):
    assert doccano.cp_to_utf16(text, cp) == u16
    assert doccano.utf16_to_cp(text, u16) == cp


@pytest.mark.parametrize("text, u16", [("😀a", 1), ("a𠀀", 2), ("abc", 4), ("😀", 3)])
def test_utf16_offset_inside_a_pair_or_past_the_end_is_refused(text, u16):
    with pytest.raises(ValueError):
        doccano.utf16_to_cp(text, u16)


# ---------------------------------------------------------------- conversion
@settings(max_examples=100, deadline=None)
@given(documents())
def test_rows_carry_utf16_offsets_of_the_same_surfaces(record):
    row = doccano.to_doccano(record)
    by_start = sorted(record["spans"], key=lambda s: s["start"])
    assert [utf16_slice(row["text"], s, e) for s, e, _ in row["label"]] == \
        [record["text"][s["start"]:s["end"]] for s in by_start]
    assert [label for _, _, label in row["label"]] == [s["label"] for s in by_start]


@settings(max_examples=100, deadline=None)
@given(documents())
def test_record_to_row_and_back_is_identity(record):
    assert doccano.from_doccano(exported(record)) == record


@pytest.mark.parametrize("edit, kept_norm", [
    (lambda row: None, True),                                                       # untouched
    (lambda row: row["label"][0].__setitem__(2, "PROGRAM" if row["label"][0][2] != "PROGRAM" else "ORG"), False),
    (lambda row: row["label"][0].__setitem__(1, row["label"][0][1] - 1), False),    # boundary moved
])
def test_corrected_spans_lose_their_stale_norm(edit, kept_norm):
    record = {"id": "d1", "text": "😀강원TP는 978억원을", "meta": {"date": None, "source": "t"},
              "spans": [{"start": 1, "end": 5, "label": "ORG", "norm": {"id": "강원테크노파크"}},
                        {"start": 7, "end": 11, "label": "MONEY", "norm": {"amount": 97800000000, "currency": "KRW"}}]}
    row = exported(record)
    edit(row)
    back = doccano.from_doccano(row)
    assert ("norm" in back["spans"][0]) is kept_norm
    assert back["spans"][1] == record["spans"][1]


def test_rows_without_kner_data_become_records():
    row = {"id": 7, "text": "😀 중기부가", "label": [[3, 6, "ORG"]], "Comments": []}
    assert doccano.from_doccano(row) == {
        "id": "doccano-7", "text": "😀 중기부가", "meta": {"date": None, "source": "doccano"},
        "spans": [{"start": 2, "end": 5, "label": "ORG"}]}


@pytest.mark.parametrize("spans", [
    [(0, 4, "ORG"), (2, 6, "PROGRAM")],         # crossing
    [(0, 8, "PROGRAM"), (2, 4, "ORG")],         # nested
    [(1, 3, "DATE"), (1, 3, "METRIC")],         # same extent twice
])
def test_overlapping_spans_are_refused_with_their_positions(spans):
    record = {"id": "ov-1", "text": "강원테크노파크 지원사업", "meta": {"date": None, "source": "t"},
              "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}
    with pytest.raises(RecordError, match=r"overlap") as info:
        doccano.check_uploadable([record])
    assert "ov-1" in str(info.value)
    assert f"[{spans[1][0]},{spans[1][1]}) {spans[1][2]}" in str(info.value)
    with pytest.raises(RecordError, match="overlap"):
        doccano.to_doccano(record)


@settings(max_examples=50, deadline=None)
@given(documents())
def test_generated_documents_pass_the_overlap_check(record):
    doccano.check_uploadable([record])
    assert doccano.overlaps(record) == []


# ---------------------------------------------------------------- predictions
@pytest.fixture(scope="module")
def ruler_model(tmp_path_factory):
    """A tiny pipeline on disk: kner's tokenizer, an entity_ruler, and a component setting span._.norm."""
    import kner
    from spacy.language import Language
    from spacy.tokens import Span

    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)

    @Language.component("kner_test_org_norm")
    def org_norm(doc):
        for ent in doc.ents:
            if ent.label_ == "ORG":
                ent._.norm = {"id": ent.text + "-정식"}
        return doc

    nlp = kner.blank()
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": [{"TEXT": "중기"}, {"TEXT": "부"}]},
                        {"label": "MONEY", "pattern": [{"TEXT": "3"}, {"TEXT": "억"}, {"TEXT": "원"}]}])
    nlp.add_pipe("kner_test_org_norm")
    path = tmp_path_factory.mktemp("model") / "ruler"
    nlp.to_disk(path)
    return path


@pytest.fixture
def raw_files(tmp_path):
    (tmp_path / "a.txt").write_text("😀 중기부가 3억원을 지원한다.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b-1", "text": "𠀀 지원 없음", "meta": {
        "date": "2023-01-02", "source": "x"}}, ensure_ascii=False) + "\n", encoding="utf-8")
    return [tmp_path / "a.txt", tmp_path / "b.jsonl"]


def test_predictions_become_records_with_norms(ruler_model, raw_files):
    import spacy

    records = doccano.predict(spacy.load(ruler_model), doccano.raw_records(raw_files))
    assert records == [
        {"id": "a", "text": "😀 중기부가 3억원을 지원한다.", "meta": {"date": None, "source": "a.txt"},
         "spans": [{"start": 2, "end": 5, "label": "ORG", "norm": {"id": "중기부-정식"}},
                   {"start": 7, "end": 10, "label": "MONEY"}]},
        {"id": "b-1", "text": "𠀀 지원 없음", "meta": {"date": "2023-01-02", "source": "x"}, "spans": []},
    ]


def test_push_with_a_missing_model_fails_clearly(tmp_path, raw_files, monkeypatch):
    from kner.cli import app

    monkeypatch.setenv("KNER_DOCCANO_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("KNER_DOCCANO_USER", "u")
    monkeypatch.setenv("KNER_DOCCANO_PASSWORD", "p")
    result = CliRunner().invoke(app, ["doccano", "push", "--project", "p", "--model", str(tmp_path / "nope"),
                                      *map(str, raw_files)])
    assert result.exit_code == 1
    assert "cannot load the model" in result.output


def test_missing_credentials_are_named(monkeypatch):
    for name in (doccano.ENV_URL, doccano.ENV_USER, doccano.ENV_PASSWORD):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="KNER_DOCCANO_PASSWORD"):
        doccano.Credentials.resolve("http://127.0.0.1:1", "user")


# ---------------------------------------------------------------- a real doccano server
on_server = pytest.mark.doccano


@on_server
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(documents(rich=True), min_size=20, max_size=24))
def test_server_round_trip_of_generated_documents(doccano_client, records):
    import uuid

    records = unique_ids(records)
    assert {s["label"] for r in records for s in r["spans"]} == set(LABELS)
    name = f"kner-test-{uuid.uuid4().hex[:10]}"
    doccano.push(doccano_client, name, records)
    assert doccano.pull(doccano_client, name) == records
    # What doccano holds counts UTF-16 code units: its own text sliced there is the surface.
    proj = doccano_client.find_project(name)
    rows = {json.loads(r["kner"])["id"]: r for r in doccano_client.export_rows(proj["id"])}
    for rec in records:
        row = rows[rec["id"]]
        assert [utf16_slice(row["text"], s, e) for s, e, _ in row["label"]] == \
            [rec["text"][s["start"]:s["end"]] for s in sorted(rec["spans"], key=lambda s: s["start"])]


@on_server
def test_server_round_trip_of_the_corpus(doccano_client, corpus_records, project_name):
    doccano.push(doccano_client, project_name, corpus_records)
    assert doccano.pull(doccano_client, project_name) == corpus_records


@on_server
def test_server_push_refuses_overlaps_before_uploading(doccano_client, project_name):
    record = {"id": "ov", "text": "강원테크노파크 지원사업", "meta": {"date": None, "source": "t"},
              "spans": [{"start": 0, "end": 7, "label": "ORG"}, {"start": 2, "end": 12, "label": "PROGRAM"}]}
    with pytest.raises(RecordError, match="overlap"):
        doccano.push(doccano_client, project_name, [record])
    assert doccano_client.find_project(project_name) is None


@on_server
def test_server_project_is_reused_and_has_the_five_labels(doccano_client, project_name):
    first = doccano_client.ensure_project(project_name)
    again = doccano_client.ensure_project(project_name)
    assert first["id"] == again["id"]
    types = doccano_client._json("GET", f"projects/{first['id']}/span-types")
    assert sorted(t["text"] for t in types) == sorted(LABELS)


@on_server
def test_server_cli_push_pull_and_model_predictions(tmp_path, project_name, ruler_model, raw_files,
                                                    doccano_client):
    from kner.cli import app

    corpus = tmp_path / "in.jsonl"
    records = [{"id": "c-1", "text": "🇰🇷 올해 121개사", "meta": {"date": "2023-05-01", "source": "t"},
                "spans": [{"start": 2, "end": 4, "label": "DATE", "norm": {"type": "date", "value": "2023"}},
                          {"start": 5, "end": 10, "label": "METRIC",
                           "norm": {"value": 121, "unit": "개사", "approx": False}}]}]
    corpus.write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["doccano", "push", str(corpus), "--project", project_name])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["doccano", "push", "--model", str(ruler_model), "--project", project_name,
                                 *map(str, raw_files)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["doccano", "pull", "--project", project_name, "--output", str(out)])
    assert result.exit_code == 0, result.output
    import spacy

    predicted = doccano.predict(spacy.load(ruler_model), doccano.raw_records(raw_files))
    assert load_records(out) == records + predicted
