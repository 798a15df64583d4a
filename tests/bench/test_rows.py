"""kner.bench.rows: the one table of benchmark row names, used by the Markdown table and the plot."""

from __future__ import annotations


import pytest

from kner.bench.plot import rows_from_json, rows_from_markdown
from kner.bench.report import replace_section
from kner.bench.rows import PIPELINE_ROWS, PLOT_LABELS, ROW_NAMES




def _result(f):
    scores = {"spans": {"micro": {"p": f, "r": f, "f": f}, "per_label": {}},
              "norm": {"overall": {"accuracy": 1.0, "correct": 1, "matched": 1}}}
    return {"cv": scores, "konec": scores, "chars_per_s": 1000.0 * f, "model_bytes": 1_000_000,
            "train_seconds": [1.0], "folds": [{"train_documents": 3}]}


def _all_results():
    """Every known row, inserted in reverse table order, figure = its table position / 100."""
    results: dict = {}
    for k, row in reversed(list(enumerate(PIPELINE_ROWS))):
        results.setdefault(row.group, {})[row.variant] = _result((k + 1) / 100)
    return results


NOTE = "transformer (configs/ner_trf.cfg)"  # the row that says the transformer was not measured
META = {"command": "python scripts/bench_pipelines.py", "date": "2026-01-01", "machine": "x", "folds": 4,
        "max_steps": 1, "eval_frequency": 1, "supplement": 1, "augmented": 1, "fold1_held_out": ["d"], "chars": 10}


@pytest.mark.parametrize("column", ["key", "name", "label"])
def test_keys_names_and_labels_are_unique(column):
    values = [getattr(row, column) for row in PIPELINE_ROWS]
    assert len(set(values)) == len(values)


def test_the_maps_follow_the_table():
    assert list(ROW_NAMES) == list(PLOT_LABELS) == [row.key for row in PIPELINE_ROWS]
    assert all(ROW_NAMES[row.key] == row.name and PLOT_LABELS[row.key] == row.label for row in PIPELINE_ROWS)


def test_every_benchmarked_variant_has_a_row(load_script):
    """A hybrid mode added to the benchmark script needs its rows here (the drift this table ends)."""
    script = load_script("bench_pipelines")
    assert script.ROW_NAMES is ROW_NAMES
    for group in ("full", "gold"):
        assert [v for g, v in ROW_NAMES if g == group] == ["model", *script.HYBRID_MODES]


def test_the_plot_names_every_known_row_in_table_order():
    rows = rows_from_json({"results": _all_results()})
    assert [r.name for r in rows] == [row.label for row in PIPELINE_ROWS]
    assert [r.cv for r in rows] == [(k + 1) / 100 for k in range(len(PIPELINE_ROWS))]


def test_the_markdown_table_names_every_known_row_in_table_order(tmp_path, load_script):
    path = tmp_path / "benchmarks.md"
    replace_section(path, "pipelines", load_script("bench_pipelines").render(_all_results(), META))
    rows = rows_from_markdown(path.read_text(encoding="utf-8"))
    assert not [r for r in rows if r.name.startswith(NOTE)]     # transformer rows given: no "not measured" note
    assert [r.name for r in rows] == [row.name.replace("`", "") for row in PIPELINE_ROWS]
    assert [r.cv for r in rows] == [(k + 1) / 100 for k in range(len(PIPELINE_ROWS))]


def test_the_docs_table_uses_the_names(root):
    rows = rows_from_markdown((root / "docs" / "benchmarks.md").read_text(encoding="utf-8"))
    known = {row.name.replace("`", "") for row in PIPELINE_ROWS}
    measured = [r.name for r in rows if not r.name.startswith(NOTE)]
    assert measured and set(measured) <= known


def test_without_transformer_rows_the_table_says_so(tmp_path, load_script):
    results = _all_results()
    del results["trf"]
    path = tmp_path / "benchmarks.md"
    replace_section(path, "pipelines", load_script("bench_pipelines").render(results, META))
    assert rows_from_markdown(path.read_text(encoding="utf-8"))[-1].name.startswith(NOTE)


def test_fold_training_time_from_file_times(tmp_path, load_script):
    import os

    fold = tmp_path / "fold-0"
    (fold / "model" / "model-last" / "ner").mkdir(parents=True)
    for rel, t in [("dev.spacy", 1000), ("model/model-last/meta.json", 1500), ("model/model-last/ner/model", 1600)]:
        (fold / rel).write_text("x")
        os.utime(fold / rel, (t, t))
    assert load_script("bench_pipelines")._fold_train_seconds(fold) == 600
