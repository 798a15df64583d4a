"""``kner extract``: run a pipeline over documents and write spec records, CSV and HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import n_process_option

EXTRACT_EXAMPLE = ("Examples:\n\nkner extract samples/press-release.txt --output-dir output "
                   "--date 2022-02-23\n\n"
                   "kner extract --model training/cnn/model-best samples/ corpus/kner-v1.0/test.jsonl "
                   "--output-dir output --format jsonl,csv")


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the main app."""
    app.command("extract", epilog=EXTRACT_EXAMPLE)(extract)


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _formats(value: str) -> list[str]:
    from ..extract import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise typer.BadParameter(f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    return formats


def _date(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    from ..extract import _check_date

    try:
        _check_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--date") from None
    return value


def extract(
    inputs: List[Path] = typer.Argument(..., help=".txt files (one document each), JSONL records "
                                                  "('text', optional 'id' and 'meta.date'), or folders of them."),
    output_dir: Path = typer.Option(..., "--output-dir", "-o", help="Folder for the output files."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="Pipeline folder, package, or 'rules' (the rules alone); default: the best one available."),
    fmt: str = typer.Option("jsonl,csv,html", "--format", "-f", help="Comma-separated: jsonl, csv, html."),
    date: Optional[str] = typer.Option(None, "--date", help="Document date YYYY-MM-DD for documents without one."),
    strict: bool = typer.Option(False, "--strict", help="Process nothing if any input is bad."),
    name: str = typer.Option("entities", "--name", help="Output file stem: <name>.jsonl, <name>.csv, <name>.html."),
    show: int = typer.Option(30, "--show", min=0, help="Print at most this many entities (0: none)."),
    n_process: int = n_process_option(),
) -> None:
    """Extract ORG, PROGRAM, MONEY, DATE and METRIC entities with their normalised values."""
    from .. import extract as ex

    formats = _formats(fmt)
    date = _date(date)
    read = ex.read_inputs(inputs, date=date)
    for problem in read.problems:
        typer.echo(f"error: {problem.describe()}", err=True)
    if read.problems and strict:
        _fail(f"{len(read.problems)} input problem(s); nothing processed (--strict)")
    if not read.records:
        _fail("no document could be read; nothing processed")
    if read.nfc_changed:
        typer.echo(f"warning: {read.nfc_changed} text(s) were not in Unicode NFC and were normalised; "
                   "offsets refer to the NFC text written out", err=True)
    if read.empty:
        typer.echo(f"warning: {read.empty} empty text(s): their records have no spans", err=True)
    try:
        nlp, desc = ex.resolve_pipeline(model)
    except ex.ModelNotFound as exc:
        _fail(str(exc))
    typer.echo(f"pipeline: {desc}", err=True)
    with typer.progressbar(length=len(read.records), label="extracting", file=sys.stderr) as bar:
        records = ex.extract(nlp, read.records, on_doc=lambda _rec: bar.update(1), n_process=n_process)
    try:
        paths = ex.write_outputs(records, output_dir, formats, stem=name)
    except OSError as exc:
        _fail(f"cannot write to {output_dir}: {exc}")
    _print_table(records, show)
    n_spans = sum(len(r["spans"]) for r in records)
    typer.echo(f"{len(records)} document(s), {n_spans} entities -> {', '.join(str(p) for p in paths)}", err=True)


def _print_table(records: list[dict], show: int) -> None:
    if show <= 0:
        return
    from rich.console import Console
    from rich.table import Table

    from ..extract import summary_rows

    rows = list(summary_rows(records))
    table = Table("document", "entity", "label", "normalised value")
    for row in rows[:show]:
        table.add_row(*(str(c).replace("\n", " ") for c in row))
    console = Console(file=sys.stdout, soft_wrap=False)
    console.print(table)
    if len(rows) > show:
        console.print(f"… {len(rows) - show} more (see the output files)")
