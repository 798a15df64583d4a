"""kner.bench.plot: benchmark figures from pipelines.json or the Markdown table, drawn as SVG."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from kner.bench.plot import (F1_METRICS, F1_W, NIKL_MARK, SPEED_W, BenchRow, konec_legend, markdown_section,
                             render_svg, rows_from_json, rows_from_markdown, write_svg)
from kner.bench.report import replace_section

SVG = "{http://www.w3.org/2000/svg}"


def _scores(f):
    return {"spans": {"micro": {"p": f, "r": f, "f": f}, "per_label": {}},
            "norm": {"overall": {"accuracy": 1.0, "correct": 1, "matched": 1}}}


def _result(cv, konec, speed, train=(10.0,)):
    return {"cv": _scores(cv), "konec": _scores(konec), "chars_per_s": speed, "model_bytes": 2_000_000,
            "train_seconds": list(train), "folds": [{"train_documents": 3}]}


RESULTS = {
    "rules": {"rules": _result(0.9, 0.5, 7000.0, train=())},
    "full": {"model": _result(0.7, 0.4, 12000.0), "override": _result(0.8, None, 5000.0)},
    "extra": {"mine": _result(None, 0.25, 20000.0)},
}
ROWS = [BenchRow("a", 0.5, 0.25, 1000.0), BenchRow("b & c", 1.0, None, 4000.0), BenchRow("d", None, None, None)]


def _svg(rows, **kwargs):
    return ET.fromstring(render_svg(rows, **kwargs))


def _bars(root, metric):
    return [r for r in root.iter(f"{SVG}rect") if r.get("data-metric") == metric]


# ------------------------------------------------------------------------------------ sources
def test_rows_from_json_follow_the_table_order_then_extra_rows():
    rows = rows_from_json({"meta": {}, "results": RESULTS})
    assert [(r.cv, r.konec, r.chars_per_s) for r in rows] == [
        (0.9, 0.5, 7000.0), (0.7, 0.4, 12000.0), (0.8, None, 5000.0), (None, 0.25, 20000.0)]
    assert rows[0].name == "rules only" and rows[-1].name == "extra mine"


def test_the_konec_spec_figure_is_read_and_plotted_where_scored():
    results = copy.deepcopy(RESULTS)
    results["full"]["model"]["konec_spec"] = _scores(0.6)
    rows = rows_from_json({"results": results})
    assert [(r.konec, r.konec_spec, r.value("konec"), r.konec_boundaries()) for r in rows] == [
        (0.5, None, 0.5, "nikl"), (0.4, 0.6, 0.6, "spec"), (None, None, None, None), (0.25, None, 0.25, "nikl")]


def test_a_row_without_scores_is_not_measured():
    rows = rows_from_json({"results": {"rules": {"rules": {"chars_per_s": 10.0}}}})
    assert (rows[0].cv, rows[0].konec, rows[0].chars_per_s) == (None, None, 10.0)


def test_the_two_process_speed_is_plotted_where_measured():
    rows = rows_from_json({"results": {"rules": {"rules": {"chars_per_s": 10.0, "chars_per_s_2": 18.0}}}})
    assert rows[0].chars_per_s == 18.0


TABLE = """# Benchmarks

<!-- other:start -->
| pipeline | CV micro F1 |
|---|---:|
| decoy | 0.111 |
<!-- other:end -->

<!-- pipelines:start -->
## Pipelines

| pipeline | CV micro F1 | ORG | KoNEC micro F1 | ORG | chars/s (2 cores) | size |
|---|---:|---:|---:|---:|---:|---:|
| rules (`kner_rules`) | 0.956 | 0.980 | 0.548 | 0.265 | 7,317 | – |
| CNN | 0.715 | – | – | 0.227 | 12,078 | 8.7 MB |
| transformer | not measured in this run | | | | | |
| CNN, two speeds | 0.715 | – | – | 0.227 | 12,078 / 27,500 | 8.7 MB |
| CNN, one measured | 0.715 | – | – | 0.227 | 12,078 / – | 8.7 MB |

Notes: | not a row |
<!-- pipelines:end -->
"""


@pytest.mark.parametrize("index, name, cv, konec, speed", [
    (0, "rules (kner_rules)", 0.956, 0.548, 7317.0),        # backticks dropped, thousands separator read
    (1, "CNN", 0.715, None, 12078.0),                         # – is not measured
    (2, "transformer", None, None, None),                     # a note instead of figures
    (3, "CNN, two speeds", 0.715, None, 27500.0),             # 1 / 2 processes: the 2-process figure
    (4, "CNN, one measured", 0.715, None, 12078.0),           # 2 processes not measured: the 1-process one
])
def test_rows_from_markdown(index, name, cv, konec, speed):
    rows = rows_from_markdown(TABLE)
    assert len(rows) == 5
    assert (rows[index].name, rows[index].cv, rows[index].konec, rows[index].chars_per_s) == (name, cv, konec, speed)


SPEC_TABLE = """<!-- pipelines:start -->
| pipeline | CV micro F1 | KoNEC micro F1 | ORG | KoNEC spec micro F1 | ORG | chars/s, 1 / 2 processes |
|---|---:|---:|---:|---:|---:|---:|
| rules | 0.956 | 0.548 | 0.265 | 0.612 | 0.270 | 7,317 / 9,000 |
| CNN, old row | 0.715 | 0.392 | 0.227 | – | – | 12,078 / – |
<!-- pipelines:end -->
"""


def test_rows_from_markdown_read_the_spec_column_where_the_table_has_it():
    rows = rows_from_markdown(SPEC_TABLE)
    assert [(r.name, r.konec, r.konec_spec, r.value("konec")) for r in rows] == [
        ("rules", 0.548, 0.612, 0.612), ("CNN, old row", 0.392, None, 0.392)]
    assert all(r.konec_spec is None for r in rows_from_markdown(TABLE))     # a table written before the column


@pytest.mark.parametrize("text, message", [
    ("# Benchmarks\n", "no section 'pipelines'"),
    ("<!-- pipelines:start -->\nno table\n<!-- pipelines:end -->", "no table"),
    ("<!-- pipelines:start -->\n| pipeline | CV micro F1 |\n|---|---|\n<!-- pipelines:end -->", "KoNEC micro F1"),
])
def test_rows_from_markdown_errors(text, message):
    with pytest.raises(ValueError, match=message):
        rows_from_markdown(text)


def test_markdown_section_is_what_replace_section_wrote(tmp_path):
    path = tmp_path / "b.md"
    replace_section(path, "pipelines", "## P\n\nbody")
    assert markdown_section(path.read_text(encoding="utf-8"), "pipelines").strip() == "## P\n\nbody"




def test_the_benchmark_table_and_its_json_give_the_same_figures(tmp_path, load_script):
    """The table that scripts/bench_pipelines.py renders parses back to the figures of its JSON."""
    results = copy.deepcopy({k: v for k, v in RESULTS.items() if k != "extra"})
    results["full"]["override"] = _result(0.8, 0.3, 5000.0)
    results["full"]["model"]["konec_spec"] = _scores(0.45)
    meta = {"command": "python scripts/bench_pipelines.py", "date": "2026-01-01", "machine": "x", "folds": 4,
            "max_steps": 1, "eval_frequency": 1, "supplement": 1, "augmented": 1, "fold1_held_out": ["d"],
            "chars": 10}
    path = tmp_path / "benchmarks.md"
    replace_section(path, "pipelines", load_script("bench_pipelines").render(results, meta))
    from_md = rows_from_markdown(path.read_text(encoding="utf-8"))
    from_json = rows_from_json({"meta": meta, "results": results})
    assert [(r.cv, r.konec, r.konec_spec, r.chars_per_s) for r in from_md[:-1]] == [
        (r.cv, r.konec, r.konec_spec, r.chars_per_s) for r in from_json]
    assert [r.konec_spec for r in from_json] == [None, 0.45, None]
    assert (from_md[-1].cv, from_md[-1].chars_per_s) == (None, None)     # the transformer note row


def test_the_docs_table_parses(root):
    text = (root / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    rows = rows_from_markdown(text)
    section = markdown_section(text, "pipelines")
    assert rows and all(r.name.split()[0] in section for r in rows)
    assert all(0 <= r.cv <= 1 for r in rows if r.cv is not None)


# ------------------------------------------------------------------------------------ drawing
def test_one_bar_per_row_and_metric_and_missing_values_are_noted():
    root = _svg(ROWS)
    for metric, _text, _colour in F1_METRICS:
        assert [b.get("data-row") for b in _bars(root, metric)] == [r.name for r in ROWS if r.value(metric) is not None]
    assert [b.get("data-row") for b in _bars(root, "chars_per_s")] == ["a", "b & c"]
    missing = [(t.get("data-row"), t.get("data-metric"))
               for t in root.iter(f"{SVG}text") if t.get("class") == "missing"]
    assert missing == [("b & c", "konec"), ("d", "cv"), ("d", "konec"), ("d", "chars_per_s")]
    notes = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note")
    assert "not measured" in notes


def test_no_missing_note_when_everything_was_measured():
    root = _svg(ROWS[:1])
    assert not [t for t in root.iter(f"{SVG}text") if t.get("class") == "missing"]
    assert "not measured" not in " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note")


@pytest.mark.parametrize("metric", ["cv", "konec"])
def test_f1_bar_widths_are_proportional_on_a_0_to_1_axis(metric):
    for bar in _bars(_svg(ROWS), metric):
        assert float(bar.get("width")) == pytest.approx(F1_W * float(bar.get("data-value")), abs=0.01)


def test_speed_bars_are_proportional_to_a_round_axis_maximum():
    bars = _bars(_svg(ROWS, targets={}), "chars_per_s")
    widths = {b.get("data-row"): float(b.get("width")) for b in bars}
    assert widths["b & c"] / widths["a"] == pytest.approx(4.0)
    assert widths["b & c"] == pytest.approx(SPEED_W)                     # 4,000 is already round
    assert max(float(b.get("width")) for b in _bars(_svg(ROWS), "chars_per_s")) < SPEED_W   # 30,000 target


def test_targets_are_drawn_as_lines():
    lines = [l for l in _svg(ROWS).iter(f"{SVG}line") if l.get("class") == "target"]
    assert {l.get("data-metric") for l in lines} == {"cv", "konec", "chars_per_s"}


SPEC_ROWS = [BenchRow("s", 0.5, 0.25, 1000.0, konec_spec=0.5), BenchRow("n", 0.5, 0.3, 1000.0)]


@pytest.mark.parametrize("rows, boundaries, legend", [
    (SPEC_ROWS[:1], ["spec"], "LABEL_SPEC boundaries"),
    (SPEC_ROWS[1:], ["nikl"], "NIKL boundaries"),
    (SPEC_ROWS, ["spec", "nikl"], "LABEL_SPEC boundaries"),
    (ROWS, ["nikl"], "NIKL boundaries"),                         # rows measured before the spec file
])
def test_konec_bars_show_the_spec_figure_where_present_and_the_legend_says_so(rows, boundaries, legend):
    root = _svg(rows)
    bars = _bars(root, "konec")
    assert [b.get("data-boundaries") for b in bars] == boundaries
    plotted = [r.value("konec") for r in rows if r.value("konec") is not None]
    assert [float(b.get("data-value")) for b in bars] == plotted
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert konec_legend(rows) in texts and konec_legend(rows).endswith(legend)
    mixed = len(set(boundaries)) == 2
    assert any(t.endswith(NIKL_MARK) for t in texts) == mixed          # the NIKL figure marked among spec ones
    notes = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note")
    assert ("konec-dev-spec.jsonl" in notes) == mixed
    assert [l for l in root.iter(f"{SVG}line") if l.get("class") == "target" and l.get("data-metric") == "konec"]


def test_the_svg_is_tall_enough_for_every_note():
    root = _svg(SPEC_ROWS + [BenchRow("d")], source="test")
    notes = [float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") == "note"]
    assert len(notes) == 4 and max(notes) < float(root.get("height"))


def test_row_names_are_escaped_and_the_file_is_written(tmp_path):
    path = write_svg(ROWS, tmp_path / "img" / "b.svg", source="test")
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert any(t.text == "b & c" for t in root.iter(f"{SVG}text"))


def test_script_writes_the_svg(tmp_path, load_script):
    from typer.testing import CliRunner

    module = load_script("plot_benchmarks")
    source, out = tmp_path / "benchmarks.md", tmp_path / "b.svg"
    source.write_text(TABLE, encoding="utf-8")
    result = CliRunner().invoke(module.app, ["--from", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert len([r for r in ET.parse(out).getroot().iter(f"{SVG}rect") if r.get("data-metric") == "cv"]) == 4
    bad = CliRunner().invoke(module.app, ["--from", str(tmp_path / "missing.md"), "--output", str(out)])
    assert bad.exit_code == 1 and "cannot read the benchmark figures" in bad.output
