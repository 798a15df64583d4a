"""``kner model list``: the pipelines ``kner extract`` chooses from, and its exit code."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import kner.extract as ex
from kner.cli import app


def _fake_model(root, name, model_ents_f):
    best = root / "training" / name / "model-best"
    best.mkdir(parents=True)
    (best / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    (best / "meta.json").write_text(json.dumps({"pipeline": ["tok2vec", "ner", "kner_rules"],
                                                "performance": {"ents_f": 0.9, "model_ents_f": model_ents_f}}))
    return best


def test_lists_trained_pipelines_best_first(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "default_roots", lambda: [tmp_path])
    monkeypatch.setattr(ex, "PACKAGES", ())
    weak, good = _fake_model(tmp_path, "trf", 0.1), _fake_model(tmp_path, "cnn", 0.7)
    result = CliRunner().invoke(app, ["model", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("* ") and str(good) in lines[0] and "0.700" in lines[0]
    assert str(weak) in lines[1] and not lines[1].startswith("*")


def test_exit_code_1_when_only_the_rules_are_left(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "default_roots", lambda: [tmp_path])
    monkeypatch.setattr(ex, "PACKAGES", ())
    result = CliRunner().invoke(app, ["model", "list"])
    assert result.exit_code == 1 and "kner train cnn" in result.output
    quiet = CliRunner().invoke(app, ["model", "list", "--quiet"])
    assert quiet.exit_code == 1 and quiet.output == ""
