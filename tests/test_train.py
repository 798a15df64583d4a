"""kner.train: corpus preparation (augmented training split) and an in-process training run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kner import train as kt
from kner.records import load_records, write_records

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tiny_split(tmp_path_factory):
    """A corpus folder with train/dev/test.jsonl cut from the supplement."""
    records = load_records(ROOT / "corpus" / "kner-v1.0" / "supplement.jsonl")
    out = tmp_path_factory.mktemp("split")
    write_records(out / "train.jsonl", records[:3])
    write_records(out / "dev.jsonl", records[3:4])
    write_records(out / "test.jsonl", records[4:5])
    return out


def test_prepare_corpus_adds_augmented_copies_of_train_only(tiny_split, tmp_path, nlp):
    from spacy.tokens import DocBin

    prepared = kt.prepare_corpus(tiny_split, tmp_path, copies=2, seed=0, nlp=nlp)
    assert (prepared.n_train, prepared.n_dev) == (3, 1) and 0 < prepared.n_augmented <= 6
    n_docs = lambda p: len(DocBin().from_disk(p))  # noqa: E731
    assert n_docs(prepared.train) == 3 + prepared.n_augmented
    assert n_docs(prepared.dev) == 1 and n_docs(prepared.test) == 1


def test_overrides_for_trf_names_the_transformer(tmp_path):
    ov = kt.overrides_for("trf", tmp_path / "t.spacy", tmp_path / "d.spacy", transformer="m", max_steps=5)
    assert ov["paths.transformer"] == "m" and ov["training.max_steps"] == 5
    assert "paths.transformer" not in kt.overrides_for("cnn", Path("t"), Path("d"))
    with pytest.raises(ValueError):
        kt.config_path("bilstm")


def test_train_writes_model_and_train_info(tiny_split, tmp_path):
    best, seconds = kt.train("cnn", tmp_path / "cnn", corpus_dir=tiny_split, copies=1, max_steps=8,
                             overrides={"training.eval_frequency": 4})
    assert (best / "config.cfg").exists() and seconds > 0
    info = json.loads((tmp_path / "cnn" / kt.TRAIN_INFO).read_text(encoding="utf-8"))
    assert info["kind"] == "cnn" and info["train_records"] == 3 and info["train_seconds"] > 0
    assert info["overrides"]["training.max_steps"] == 8
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    assert "model_ents_f" in meta["performance"]


def test_trf_without_model_dir_says_how_to_build_it(tiny_split, tmp_path):
    with pytest.raises(FileNotFoundError, match="kner model build-e5"):
        kt.train("trf", tmp_path / "trf", corpus_dir=tiny_split, transformer=tmp_path / "nothing")
