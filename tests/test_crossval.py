"""kner.crossval and ``kner crossval``: folds, a tiny training per fold, pooled scores."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kner import crossval as cv
from kner.cli import app
from kner.io.docbin import read_docbin
from kner.records import write_records

runner = CliRunner()


def toy_doc(doc_id: str, org: str, money: str, n: int = 6) -> dict:
    """A document of whitespace-separated tokens, so any tokenizer puts the spans on token boundaries."""
    sentence = f"{org} 은 {money} 을 지원 한다 .\n"
    text = sentence * n
    spans = []
    for i in range(n):
        base = i * len(sentence)
        spans.append({"start": base, "end": base + len(org), "label": "ORG", "norm": {"id": org}})
        m = base + len(org) + 3
        spans.append({"start": m, "end": m + len(money), "label": "MONEY",
                      "norm": {"amount": None, "currency": "KRW"}})
    return {"id": doc_id, "text": text, "meta": {"date": None, "source": "toy"}, "spans": spans}


GOLD = [toy_doc("d0", "인천시", "3억원"), toy_doc("d1", "강원도", "5억원"), toy_doc("d2", "창원시", "7억원")]
EXTRA = [toy_doc("x0", "김해시", "9억원")]
SPLITS = {"version": "kner-v1.0", "train": ["d1", "d2", "x0"], "dev": [], "test": ["d0"],
          "folds": [["d0"], ["d1"], ["d2"]]}


@pytest.mark.parametrize("dev, expected", [
    # (train ids, dev ids, held-out ids) per fold; the extra document always trains
    ("next", [(["d2", "x0"], ["d1"], ["d0"]), (["d0", "x0"], ["d2"], ["d1"]), (["d1", "x0"], ["d0"], ["d2"])]),
    ("train", [(["d1", "d2", "x0"], ["d1", "d2"], ["d0"]), (["d0", "d2", "x0"], ["d0", "d2"], ["d1"]),
               (["d0", "d1", "x0"], ["d0", "d1"], ["d2"])]),
])
def test_make_folds(dev, expected):
    folds = cv.make_folds(GOLD, SPLITS, extra_train=EXTRA, dev=dev)
    got = [([r["id"] for r in f.train], [r["id"] for r in f.dev], [r["id"] for r in f.held_out]) for f in folds]
    assert got == expected


@pytest.mark.parametrize("gold, splits, extra, message", [
    (GOLD, {**SPLITS, "folds": [["d0"], ["zz"]]}, [], "not in the gold set"),
    (GOLD, {**SPLITS, "folds": []}, [], "no folds"),
    (GOLD, {**SPLITS, "folds": [["d0", "d1", "d2"]]}, [], "no development documents"),
    (GOLD, SPLITS, [toy_doc("d1", "x", "1억원")], "share ids"),
])
def test_make_folds_errors(gold, splits, extra, message):
    with pytest.raises(cv.CrossvalError, match=message):
        cv.make_folds(gold, splits, extra_train=extra)


@pytest.fixture(scope="module")
def toy_config(tmp_path_factory):
    """A small CNN NER config on spaCy's multi-language tokenizer (fast to build and train)."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="xx", pipeline=["ner"], optimize="efficiency")
    config["training"]["eval_frequency"] = 5
    config["components"]["tok2vec"]["model"]["encode"]["width"] = 32
    config["components"]["tok2vec"]["model"]["encode"]["depth"] = 1
    path = tmp_path_factory.mktemp("cfg") / "toy.cfg"
    config.to_disk(path)
    return path


def test_cli_crossval_trains_each_fold(tmp_path, toy_config):
    gold, extra, splits = tmp_path / "gold.jsonl", tmp_path / "extra.jsonl", tmp_path / "splits.json"
    write_records(gold, GOLD)
    write_records(extra, EXTRA)
    splits.write_text(json.dumps(SPLITS), encoding="utf-8")
    out = tmp_path / "cv"
    result = runner.invoke(app, ["crossval", "--config", str(toy_config), "--gold", str(gold), "--folds", str(splits),
                                 "--extra-train", str(extra), "--output-dir", str(out), "--max-steps", "10"])
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert [f["held_out"] for f in scores["folds"]] == [["d0"], ["d1"], ["d2"]]
    assert [f["dev"] for f in scores["folds"]] == [["d1"], ["d2"], ["d0"]]
    assert [f["train_documents"] for f in scores["folds"]] == [2, 2, 2]
    assert all(f["train_seconds"] > 0 for f in scores["folds"])
    # pooled: every gold document held out once, all 36 gold spans scored together
    pooled = scores["pooled"]
    assert (pooled["documents"], pooled["gold_spans"]) == (3, 36)
    assert pooled["spans"]["micro"]["tp"] == sum(f["scores"]["spans"]["micro"]["tp"] for f in scores["folds"])
    assert pooled["pred_spans"] == sum(f["scores"]["pred_spans"] for f in scores["folds"])
    predictions = [json.loads(line) for line in (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in predictions] == ["d0", "d1", "d2"]
    assert [p["text"] for p in predictions] == [g["text"] for g in GOLD]
    for i, fold in enumerate(scores["folds"]):
        assert (out / f"fold-{i}" / "model" / "model-best" / "config.cfg").exists()
        trained_on = {r["id"] for r in read_docbin(out / f"fold-{i}" / "train.spacy")}
        assert trained_on == {"x0"} | {"d0", "d1", "d2"} - set(fold["held_out"]) - set(fold["dev"])
        assert {r["id"] for r in read_docbin(out / f"fold-{i}" / "dev.spacy")} == set(fold["dev"])
    assert "KLUE character-level macro F1" in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["--pipeline", "train"], 2, "--config"),
    (["--pipeline", "magic"], 2, "--pipeline"),
    (["--config", "x.cfg", "--dev", "test"], 2, "--dev"),
    (["--config", "x.cfg", "--set", "novalue"], 2, "--set"),
    (["--config", "{missing}"], 1, "does not exist"),
    (["--config", "{config}", "--gold", "{missing}"], 1, "cannot read"),
])
def test_cli_crossval_errors(tmp_path, toy_config, args, code, message):
    args = [a.format(missing=tmp_path / "missing", config=toy_config) for a in args]
    result = runner.invoke(app, ["crossval", *args, "--output-dir", str(tmp_path / "o")])
    assert result.exit_code == code, result.output
    assert message in result.output


@pytest.mark.slow
def test_rules_crossval(tmp_path):
    result = cv.crossval(GOLD, SPLITS, output_dir=tmp_path, pipeline="rules")
    assert result["pooled"]["documents"] == 3
    assert [f["held_out"] for f in result["folds"]] == [["d0"], ["d1"], ["d2"]]
    assert [f["train_seconds"] for f in result["folds"]] == [None, None, None]
