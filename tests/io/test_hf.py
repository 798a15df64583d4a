"""Records ↔ Hugging Face DatasetDict: identity, BIO tags over Kiwi tokens, disk formats, splits."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from io_strategies import token_documents, unique_ids
from typer.testing import CliRunner

from kner.io.docbin import AlignmentError
from kner.io.hf import BIO_NAMES, HF_SPLITS, assign_splits, from_hf, read_hf, to_hf, write_hf
from kner.records import RecordError, load_records

SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=25, **SLOW)
@given(data=st.data())
def test_generated_documents_round_trip(nlp, data):
    by_split = {split: unique_ids([data.draw(token_documents(nlp)) for _ in range(data.draw(st.integers(0, 2)))])
                for split in HF_SPLITS}
    assert from_hf(to_hf(by_split, nlp)) == by_split


@settings(max_examples=40, **SLOW)
@given(data=st.data())
def test_bio_tags_follow_the_spans_over_kiwi_tokens(nlp, data):
    record = data.draw(token_documents(nlp))
    row = to_hf({"train": [record]}, nlp)["train"][0]
    doc = nlp.make_doc(record["text"])
    assert row["tokens"] == [t.text for t in doc]
    tags = [BIO_NAMES[i] for i in row["ner_tags"]]
    # Reading the tags back gives the spans' token extents and labels.
    spans, i = [], 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + tags[i][2:]:
                j += 1
            spans.append((doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), tags[i][2:]))
            i = j
        else:
            assert tags[i] == "O"
            i += 1
    assert spans == sorted((s["start"], s["end"], s["label"]) for s in record["spans"])


def test_ner_tags_is_a_classlabel_that_survives_parquet(nlp, tmp_path):
    record = {"id": "d", "text": "😀 강원TP는 3억원을", "meta": {"date": None, "source": "t"},
              "spans": [{"start": 2, "end": 6, "label": "ORG", "norm": {"id": "강원테크노파크"}}]}
    write_hf(to_hf({"train": [record]}, nlp), tmp_path / "hf")
    dd = read_hf(tmp_path / "hf" / "parquet")
    assert dd["train"].features["ner_tags"].feature.names == list(BIO_NAMES)
    assert from_hf(dd)["train"] == [record]
    assert sorted(dd) == sorted(HF_SPLITS)


def test_misaligned_span_is_an_error(nlp):
    record = {"id": "mis-2", "text": "978억원을", "meta": {"date": None, "source": "t"},
              "spans": [{"start": 1, "end": 4, "label": "MONEY"}]}
    with pytest.raises(AlignmentError, match="mis-2"):
        to_hf({"train": [record]}, nlp)


@pytest.mark.parametrize("splits, default, expected", [
    ({"train": ["a"], "dev": ["b"], "test": ["c"], "folds": [["a"]]}, None,
     {"train": ["a"], "validation": ["b"], "test": ["c"]}),
    (None, "train", {"train": ["a", "b", "c"], "validation": [], "test": []}),
    ({"train": ["a"], "test": ["c"]}, "dev", {"train": ["a"], "validation": ["b"], "test": ["c"]}),
])
def test_assign_splits(splits, default, expected):
    records = [{"id": i, "text": "x", "meta": {}, "spans": []} for i in "abc"]
    got = assign_splits(records, splits, default)
    assert {k: [r["id"] for r in v] for k, v in got.items()} == expected


def test_a_record_in_no_split_is_an_error():
    with pytest.raises(RecordError, match="no split"):
        assign_splits([{"id": "z", "text": "x", "meta": {}, "spans": []}], {"train": ["a"]})


def test_corpus_round_trip_on_disk(nlp, corpus_records, corpus_splits, tmp_path):
    by_split = assign_splits(corpus_records, corpus_splits, None if corpus_splits else "train")
    write_hf(to_hf(by_split, nlp), tmp_path / "hf")
    assert from_hf(read_hf(tmp_path / "hf")) == by_split
    assert from_hf(read_hf(tmp_path / "hf" / "parquet")) == by_split


def test_cli_export_import_hf(tmp_path):
    from kner.cli import app

    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "d", "text": "🇰🇷 3억원을 2배", "meta": {"date": null, "source": "t"}, "spans": ['
                   '{"start": 3, "end": 6, "label": "MONEY", "norm": {"amount": 300000000, "currency": "KRW"}}]}\n',
                   encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", "hf", str(src), str(tmp_path / "hf"), "--split", "test"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", "hf", str(tmp_path / "hf"), "--output-dir", str(tmp_path / "back")])
    assert result.exit_code == 0, result.output
    assert load_records(tmp_path / "back" / "test.jsonl") == load_records(src)
    assert load_records(tmp_path / "back" / "train.jsonl") == []
    result = runner.invoke(app, ["export", "hf", str(src), str(tmp_path / "hf2")])
    assert result.exit_code == 1 and "no split" in result.output
