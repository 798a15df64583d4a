"""A self-contained SVG plot of the pipeline benchmark (no plotting library).

The figures come from ``training/bench/pipelines.json`` (written by
``scripts/bench_pipelines.py``) or, when that file is not at hand, from the table of the
``pipelines`` section of ``docs/benchmarks.md``. Two panels share the rows: grouped
horizontal bars of CV micro F1 (gold, document-level folds) and KoNEC micro F1, and the
end-to-end throughput in chars/s. A value that was not measured gets no bar, only a note.

KoNEC is scored on two gold files with the same sentences (``scripts/bench_pipelines.py``):
``konec`` on KoNEC's NIKL boundaries and ``konec_spec`` on LABEL_SPEC boundaries
(``corpus/external/konec/README.md``). The KoNEC bar shows the spec figure where a row has
it, else the NIKL figure, marked "(NIKL)"; the legend says which.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

from .rows import PLOT_LABELS

#: The bar metrics of the F1 panel: key, legend text, colour (the KoNEC legend gets the
#: boundaries of the plotted figures appended, :func:`konec_legend`).
F1_METRICS = (("cv", "CV micro F1 (gold, document folds)", "#4c72b0"),
              ("konec", "KoNEC micro F1 (ORG, DATE, MONEY, METRIC)", "#dd8452"))
#: The mark after a KoNEC figure on NIKL boundaries when the plot also has spec figures.
NIKL_MARK = " (NIKL)"
SPEED_METRIC = ("chars_per_s", "chars/s (end to end, 2 processes where measured)", "#55a868")
#: Targets drawn as dashed lines: issue 8 (CV and KoNEC micro F1), issue 5 (CNN chars/s).
TARGETS = {"cv": 0.88, "konec": 0.75, "chars_per_s": 30_000}
TARGET_NAMES = {"cv": "issue 8: CV micro F1", "konec": "KoNEC micro F1", "chars_per_s": "issue 5: CNN chars/s"}


@dataclass
class BenchRow:
    """One pipeline: its name and the plotted figures (``None``: not measured). ``konec`` is
    KoNEC micro F1 on NIKL boundaries, ``konec_spec`` on LABEL_SPEC boundaries."""

    name: str
    cv: Optional[float] = None
    konec: Optional[float] = None
    chars_per_s: Optional[float] = None
    konec_spec: Optional[float] = None

    def value(self, metric: str) -> Optional[float]:
        """The plotted figure for ``metric`` (``cv``, ``konec`` or ``chars_per_s``); for
        ``konec`` the spec-boundary figure where measured, else the NIKL one."""
        if metric == "konec":
            return self.konec if self.konec_spec is None else self.konec_spec
        return getattr(self, metric)

    def konec_boundaries(self) -> Optional[str]:
        """Boundaries of the plotted KoNEC figure: ``"spec"``, ``"nikl"`` or ``None`` (none)."""
        if self.konec_spec is not None:
            return "spec"
        return None if self.konec is None else "nikl"


def konec_legend(rows: list[BenchRow], text: str = F1_METRICS[1][1]) -> str:
    """The KoNEC legend text with the boundaries of the plotted figures: NIKL when no row has a
    spec figure, else LABEL_SPEC (rows with only the NIKL figure are marked, see
    :func:`render_svg`)."""
    kinds = {r.konec_boundaries() for r in rows} - {None}
    return f"{text}, {'NIKL' if kinds == {'nikl'} else 'LABEL_SPEC'} boundaries"


# ------------------------------------------------------------------------------------ sources
def rows_from_json(data: dict) -> list[BenchRow]:
    """Rows from the structure of ``pipelines.json`` (``{"meta": …, "results": {group: {variant: …}}}``):
    the known rows (:mod:`kner.bench.rows`) in the benchmark table's order with their short plot
    labels, then any other group/variant as ``"group variant"``."""
    results = data.get("results", data)
    keys = [k for k in PLOT_LABELS if k[1] in results.get(k[0], {})]
    keys += [(g, v) for g, variants in results.items() for v in variants if (g, v) not in PLOT_LABELS]
    rows = []
    for group, variant in keys:
        r = results[group][variant]
        rows.append(BenchRow(name=PLOT_LABELS.get((group, variant), f"{group} {variant}"),
                             cv=_micro_f(r.get("cv")), konec=_micro_f(r.get("konec")),
                             konec_spec=_micro_f(r.get("konec_spec")),
                             chars_per_s=r.get("chars_per_s_2") or r.get("chars_per_s")))
    return rows


def _micro_f(scores: Optional[dict]) -> Optional[float]:
    try:
        return scores["spans"]["micro"]["f"]
    except (KeyError, TypeError):
        return None


def markdown_section(text: str, name: str) -> str:
    """The body between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` (the markers that
    :func:`kner.bench.report.replace_section` writes); ``ValueError`` when absent."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text.split(start, 1)[1]:
        raise ValueError(f"no section {name!r} (markers {start} … {end})")
    return text.split(start, 1)[1].split(end, 1)[0]


def rows_from_markdown(text: str, section: str = "pipelines") -> list[BenchRow]:
    """Rows from the first table of ``section`` whose header starts with ``pipeline``: the
    columns ``CV micro F1``, ``KoNEC micro F1``, ``KoNEC spec micro F1`` (optional: tables
    written before it existed) and ``chars/s …``; a cell that is not a number (``–``, empty,
    a note) is ``None``."""
    lines = [ln.strip() for ln in markdown_section(text, section).splitlines()]
    for i, line in enumerate(lines):
        cells = _cells(line)
        if cells and cells[0].lower() == "pipeline":
            header = cells
            body = lines[i + 2:]
            break
    else:
        raise ValueError(f"section {section!r} has no table with a 'pipeline' column")
    cols = {"cv": _column(header, "CV micro F1"), "konec": _column(header, "KoNEC micro F1"),
            "chars_per_s": _column(header, "chars/s")}  # "1 process / 2 processes": the last number
    if any(cell.startswith("KoNEC spec micro F1") for cell in header):
        cols["konec_spec"] = _column(header, "KoNEC spec micro F1")
    rows = []
    for line in body:
        cells = _cells(line)
        if not cells:
            break
        cells += [""] * (len(header) - len(cells))
        rows.append(BenchRow(name=cells[0].replace("`", ""),
                             **{key: _number(cells[col]) for key, col in cols.items()}))
    return rows


def _cells(line: str) -> list[str]:
    if not line.startswith("|"):
        return []
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _column(header: list[str], prefix: str) -> int:
    for i, cell in enumerate(header):
        if cell.startswith(prefix):
            return i
    raise ValueError(f"the pipelines table has no column {prefix!r}")


def _number(cell: str) -> Optional[float]:
    """The cell's number; of ``a / b`` (1 / 2 processes), ``b`` if it is one, else ``a``."""
    for part in reversed(cell.replace(",", "").split("/")):
        part = part.strip()
        if re.fullmatch(r"\d+(\.\d+)?", part):
            return float(part)
    return None


def load_rows(path: str | Path) -> list[BenchRow]:
    """Rows from a ``pipelines.json`` file (``.json``) or a Markdown file with the section."""
    import json

    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return rows_from_json(json.loads(text)) if path.suffix == ".json" else rows_from_markdown(text)


# ------------------------------------------------------------------------------------ drawing
LABEL_W, F1_W, SPEED_W, GAP = 300, 380, 190, 40
BAR_H, ROW_PAD, TOP, FONT = 10, 12, 78, "font-family=\"DejaVu Sans, Arial, sans-serif\""


def _wrap(name: str, width: int = 44) -> list[str]:
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines or [""]


NICE = {1: 5, 2: 4, 3: 3, 4: 4, 5: 5, 6: 3, 8: 4, 10: 5}  # axis maximum (× 10^k): number of ticks


def _nice_max(value: float) -> tuple[float, int]:
    """The smallest round axis maximum (1, 2, 3, 4, 5, 6 or 8 × 10^k) at or above ``value``,
    and the number of tick intervals that keeps the ticks round."""
    if value <= 0:
        return 1.0, 5
    exp = 10 ** math.floor(math.log10(value))
    m = next(m for m in NICE if m * exp >= value * (1 - 1e-12))
    return m * exp, NICE[m]


def render_svg(rows: list[BenchRow], *, title: str = "kner pipelines: benchmark figures",
               source: str = "", targets: Optional[dict] = None) -> str:
    """A self-contained SVG: per row, one bar per F1 metric (x: 0–1) and one chars/s bar
    (linear, 0 to a round maximum). Bars carry ``data-row``/``data-metric``/``data-value``
    (KoNEC bars also ``data-boundaries``: ``spec`` or ``nikl``); a missing value has no bar but
    the text "not measured". The KoNEC bar is :meth:`BenchRow.value`: LABEL_SPEC boundaries
    where scored, else NIKL, marked "(NIKL)" when the plot has both kinds."""
    targets = TARGETS if targets is None else targets
    f1_x = LABEL_W
    speed_x = f1_x + F1_W + GAP
    width = speed_x + SPEED_W + 70
    speeds = [r.chars_per_s for r in rows if r.chars_per_s is not None]
    speed_max, ticks = _nice_max(max(speeds + [targets.get("chars_per_s") or 0])) if speeds else (1.0, 5)
    row_h = len(F1_METRICS) * BAR_H + ROW_PAD
    heights = [max(row_h, 13 * len(_wrap(r.name)) + 4) for r in rows]
    plot_h = sum(heights)
    missing = any(r.value(key) is None for r in rows for key in (*(m[0] for m in F1_METRICS), SPEED_METRIC[0]))
    mixed = {r.konec_boundaries() for r in rows} >= {"spec", "nikl"}
    notes = [("Dashed lines: targets (" + ", ".join(f"{TARGET_NAMES.get(k, k)} {v:,}" for k, v in targets.items())
              + ").") if targets else ""]
    if mixed:
        notes.append(f"KoNEC figures marked \"{NIKL_MARK.strip()}\": the row was scored only on KoNEC's NIKL "
                     "boundaries (konec-dev.jsonl), not yet on the LABEL_SPEC file (konec-dev-spec.jsonl).")
    if missing:
        notes.append("No bar, \"not measured\": the figure was not measured in the benchmark run.")
    if source:
        notes.append(f"Data: {source}")
    notes = [n for n in notes if n]
    height = TOP + plot_h + max(70, 28 + 14 * len(notes))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="15" font-weight="bold">{escape(title)}</text>']
    # legend
    lx = 10
    legend = {"konec": konec_legend(rows)}
    for key, text, colour in (*F1_METRICS, SPEED_METRIC):
        text = legend.get(key, text)
        out.append(f'<rect x="{lx}" y="32" width="12" height="10" fill="{colour}"/>')
        out.append(f'<text x="{lx + 16}" y="41">{escape(text)}</text>')
        lx += 22 + int(6.2 * len(text))
    # axes and grid
    y0, y1 = TOP, TOP + plot_h
    out.append(f'<text x="{f1_x}" y="{TOP - 12}" font-weight="bold">micro F1 (strict spans)</text>')
    out.append(f'<text x="{speed_x}" y="{TOP - 12}" font-weight="bold">throughput, chars/s</text>')
    for k in range(0, 11, 2):
        x = f1_x + F1_W * k / 10
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{y1 + 14}" text-anchor="middle">{k / 10:.1f}</text>')
    for k in range(0, ticks + 1):
        x = speed_x + SPEED_W * k / ticks
        out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{y1 + 14}" text-anchor="middle">{speed_max * k / ticks:,.0f}</text>')
    for key, value in targets.items():
        colour = dict((m, c) for m, _t, c in (*F1_METRICS, SPEED_METRIC)).get(key, "#888")
        x = speed_x + SPEED_W * value / speed_max if key == SPEED_METRIC[0] else f1_x + F1_W * value
        out.append(f'<line class="target" data-metric="{key}" x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y1}" '
                   f'stroke="{colour}" stroke-dasharray="4 3"/>')
    # rows
    y = TOP
    for row, h in zip(rows, heights):
        for i, line in enumerate(_wrap(row.name)):
            out.append(f'<text x="{LABEL_W - 8}" y="{y + 10 + 13 * i}" text-anchor="end">{escape(line)}</text>')
        for j, (key, _text, colour) in enumerate(F1_METRICS):
            by = y + j * BAR_H
            fmt = "{:.3f}" + (NIKL_MARK if key == "konec" and mixed and row.konec_boundaries() == "nikl" else "")
            out.append(_bar(row, key, row.value(key), colour, f1_x, by, F1_W, 1.0, fmt,
                            boundaries=row.konec_boundaries() if key == "konec" else None))
        out.append(_bar(row, SPEED_METRIC[0], row.chars_per_s, SPEED_METRIC[2], speed_x, y + BAR_H / 2,
                        SPEED_W, speed_max, "{:,.0f}"))
        y += h
        out.append(f'<line x1="10" y1="{y - ROW_PAD / 2:.1f}" x2="{width - 10}" y2="{y - ROW_PAD / 2:.1f}" '
                   f'stroke="#f0f0f0"/>')
    for i, note in enumerate(notes):
        out.append(f'<text class="note" x="10" y="{y1 + 34 + 14 * i}" fill="#555">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _bar(row: BenchRow, metric: str, value: Optional[float], colour: str, x: float, y: float,
         width: float, scale_max: float, fmt: str, boundaries: Optional[str] = None) -> str:
    if value is None:
        return (f'<text class="missing" data-row="{escape(row.name)}" data-metric="{metric}" x="{x + 3}" '
                f'y="{y + BAR_H - 1.5}" font-size="9" fill="#888">not measured</text>')
    w = width * value / scale_max
    extra = f' data-boundaries="{boundaries}"' if boundaries else ""
    return (f'<rect data-row="{escape(row.name)}" data-metric="{metric}" data-value="{value}"{extra} x="{x}" y="{y}" '
            f'width="{w:.2f}" height="{BAR_H - 1}" fill="{colour}"/>'
            f'<text x="{x + w + 3:.2f}" y="{y + BAR_H - 1.5}" font-size="9">{fmt.format(value)}</text>')


def write_svg(rows: list[BenchRow], path: str | Path, **kwargs) -> Path:
    """Render ``rows`` (see :func:`render_svg`) and write the SVG to ``path``."""
    from ..records import atomic_write_text

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, render_svg(rows, **kwargs))
    return path
