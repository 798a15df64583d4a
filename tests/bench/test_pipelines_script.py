"""scripts/bench_pipelines.py: end-to-end throughput (1 and 2 processes) and ``--speed-only`` re-timing."""

from __future__ import annotations

import json

import pytest

from kner.bench.report import replace_section

TEXTS = ["2024년 3월 5일 강원지역산업진흥원은 바이오 기업에 5억 원을 지원한다고 밝혔다.",
         "매출은 전년 대비 12.5% 증가했다."] * 10


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("bench_pipelines")


@pytest.mark.parametrize("row, cell", [
    ({"chars_per_s": 12057.4, "chars_per_s_2": 27000.0}, "12,057 / 27,000"),
    ({"chars_per_s": 12057.4}, "12,057 / –"),                 # measured before the 2-process figure existed
])
def test_speed_cell(script, row, cell):
    assert script._speed_cell(row) == cell


def test_throughput_measures_one_and_two_processes(script):
    from kner.extract import rules_pipeline

    out = script._throughput(rules_pipeline(), TEXTS, repeats=1)
    assert set(out) == {"chars_per_s", "chars_per_s_2"} and all(v > 0 for v in out.values())


def test_speed_only_retimes_every_row_and_notes_it(script, tmp_path):
    """``--speed-only`` replaces each saved row's chars/s (and only them) and says when it was done."""
    scores = {"spans": {"micro": {"p": 1.0, "r": 1.0, "f": 1.0}, "per_label": {}},
              "norm": {"overall": {"accuracy": 1.0, "correct": 1, "matched": 1}}}
    row = {"cv": scores, "konec": scores, "chars_per_s": 1.0, "model_bytes": None, "train_seconds": None}
    meta = {"command": "python scripts/bench_pipelines.py", "date": "2026-01-01", "machine": "x", "folds": 4,
            "max_steps": 1, "eval_frequency": 1, "supplement": 1, "augmented": 1, "fold1_held_out": ["d"],
            "chars": 10}
    (tmp_path / "pipelines.json").write_text(json.dumps({"meta": meta, "results": {"rules": {"rules": row}}}),
                                             encoding="utf-8")
    md = tmp_path / "benchmarks.md"
    md.write_text("# B\n", encoding="utf-8")
    replace_section(md, "pipelines", script.render({"rules": {"rules": row}}, meta))
    assert "| 1 / – |" in md.read_text(encoding="utf-8")
    script._retime(md, tmp_path, texts=TEXTS)
    saved = json.loads((tmp_path / "pipelines.json").read_text(encoding="utf-8"))
    new = saved["results"]["rules"]["rules"]
    assert new["chars_per_s"] > 1.0 and new["chars_per_s_2"] > 1.0
    assert new["cv"] == scores and saved["meta"]["retimed"]["date"]
    text = md.read_text(encoding="utf-8")
    assert "| 1 / – |" not in text and "re-timed with" in text
