"""The rows of the pipeline benchmark: the one table of their names.

``training/bench/pipelines.json`` (written by ``scripts/bench_pipelines.py``) keeps its
figures as ``results[group][variant]``. Each known row has a display name, the first cell of
its row in the ``pipelines`` table of ``docs/benchmarks.md``, and a short label for the plot
of :mod:`kner.bench.plot`. The order of :data:`PIPELINE_ROWS` is the order of the table and
of the plot.
"""

from __future__ import annotations

from typing import NamedTuple


class PipelineRow(NamedTuple):
    """One row of the pipeline benchmark."""

    group: str      #: training data of the row: ``rules``, ``full``, ``gold``, ``trf``, ``spacytok``
    variant: str    #: ``rules``, ``model`` or a ``kner_rules`` hybrid mode (``fill``, …)
    name: str       #: first cell of the Markdown table
    label: str      #: short label of the plot

    @property
    def key(self) -> tuple[str, str]:
        """``(group, variant)``: where the row's figures are in ``pipelines.json``."""
        return self.group, self.variant


_FULL, _GOLD = "(gold + supplement + aug.)", "(gold folds only)"

#: Every known row, in table order.
PIPELINE_ROWS: tuple[PipelineRow, ...] = (
    PipelineRow("rules", "rules", "rules only (`kner_rules` rules_only + normaliser)", "rules only"),
    PipelineRow("full", "model", f"CNN model only {_FULL}", f"CNN only {_FULL}"),
    PipelineRow("full", "fill", f"CNN + `kner_rules` fill {_FULL}", f"CNN + rules fill {_FULL}"),
    PipelineRow("full", "override", f"CNN + `kner_rules` override {_FULL}", f"CNN + rules override {_FULL}"),
    PipelineRow("full", "rules_first", f"CNN + `kner_rules` rules_first {_FULL}", f"CNN + rules first {_FULL}"),
    PipelineRow("full", "rules_first_gaps", f"CNN + `kner_rules` rules_first, model ORG/PROGRAM in gaps {_FULL}",
                f"CNN + rules first, ORG/PROGRAM gaps {_FULL}"),
    PipelineRow("gold", "model", f"CNN model only {_GOLD}", f"CNN only {_GOLD}"),
    PipelineRow("gold", "fill", f"CNN + `kner_rules` fill {_GOLD}", f"CNN + rules fill {_GOLD}"),
    PipelineRow("gold", "override", f"CNN + `kner_rules` override {_GOLD}", f"CNN + rules override {_GOLD}"),
    PipelineRow("gold", "rules_first", f"CNN + `kner_rules` rules_first {_GOLD}", f"CNN + rules first {_GOLD}"),
    PipelineRow("gold", "rules_first_gaps", f"CNN + `kner_rules` rules_first, model ORG/PROGRAM in gaps {_GOLD}",
                f"CNN + rules first, ORG/PROGRAM gaps {_GOLD}"),
    PipelineRow("trf", "model", f"transformer model only {_FULL}", f"transformer only {_FULL}"),
    PipelineRow("trf", "rules_first_gaps",
                f"transformer + `kner_rules` rules_first, model ORG/PROGRAM in gaps {_FULL}",
                f"transformer + rules first, ORG/PROGRAM gaps {_FULL}"),
    PipelineRow("spacytok", "model", f"CNN model only, spaCy rule-based tokenizer {_FULL}",
                f"CNN only, spaCy tokenizer {_FULL}"),
)
#: ``(group, variant)`` → name in the Markdown table, in table order.
ROW_NAMES: dict[tuple[str, str], str] = {row.key: row.name for row in PIPELINE_ROWS}
#: ``(group, variant)`` → short plot label, in table order.
PLOT_LABELS: dict[tuple[str, str], str] = {row.key: row.label for row in PIPELINE_ROWS}
