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

#: variant → (table name, plot label) of a trained model or one of its hybrids; ``{m}`` is the
#: model ("CNN", "transformer"); the training data is appended by :func:`_trained`
_VARIANT_NAMES = {
    "model": ("{m} model only", "{m} only"),
    "fill": ("{m} + `kner_rules` fill", "{m} + rules fill"),
    "override": ("{m} + `kner_rules` override", "{m} + rules override"),
    "rules_first": ("{m} + `kner_rules` rules_first", "{m} + rules first"),
    "rules_first_gaps": ("{m} + `kner_rules` rules_first, model ORG/PROGRAM in gaps",
                         "{m} + rules first, ORG/PROGRAM gaps"),
    "rules_first_confirmed": ("{m} + `kner_rules` rules_first, confirmed model ORG/PROGRAM in gaps",
                              "{m} + rules first, confirmed gaps"),
}


def _trained(group: str, model: str, data: str, variants) -> tuple[PipelineRow, ...]:
    """The rows of ``model`` trained on ``data`` (group ``group``), one per variant."""
    return tuple(PipelineRow(group, v, f"{_VARIANT_NAMES[v][0].format(m=model)} {data}",
                             f"{_VARIANT_NAMES[v][1].format(m=model)} {data}") for v in variants)


#: Every known row, in table order.
PIPELINE_ROWS: tuple[PipelineRow, ...] = (
    PipelineRow("rules", "rules", "rules only (`kner_rules` rules_only + normaliser)", "rules only"),
    *_trained("full", "CNN", _FULL, _VARIANT_NAMES),
    *_trained("gold", "CNN", _GOLD, _VARIANT_NAMES),
    *_trained("trf", "transformer", _FULL, ("model", "rules_first_gaps", "rules_first_confirmed")),
    PipelineRow("spacytok", "model", f"CNN model only, spaCy rule-based tokenizer {_FULL}",
                f"CNN only, spaCy tokenizer {_FULL}"),
)
#: ``(group, variant)`` → name in the Markdown table, in table order.
ROW_NAMES: dict[tuple[str, str], str] = {row.key: row.name for row in PIPELINE_ROWS}
#: ``(group, variant)`` → short plot label, in table order.
PLOT_LABELS: dict[tuple[str, str], str] = {row.key: row.label for row in PIPELINE_ROWS}
