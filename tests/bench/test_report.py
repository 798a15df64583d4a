"""kner.bench.report: generated sections between markers."""

from __future__ import annotations

from kner.bench.report import replace_section


def test_section_is_appended_then_replaced_in_place(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("# Benchmarks\n\nintro\n", encoding="utf-8")
    replace_section(path, "tokenizer", "## T\n\nold")
    replace_section(path, "pipelines", "## P")
    replace_section(path, "tokenizer", "## T\n\nnew")
    text = path.read_text(encoding="utf-8")
    assert text.count("<!-- tokenizer:start -->") == 1
    assert "old" not in text and "new" in text
    assert text.index("intro") < text.index("## T") < text.index("## P")


def test_missing_file_gets_a_title(tmp_path):
    path = tmp_path / "new.md"
    replace_section(path, "x", "body")
    assert path.read_text(encoding="utf-8").startswith("# Benchmarks")
