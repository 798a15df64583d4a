"""``kner augment``: entity-substitution copies of corpus records (training data only)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

EXAMPLE = ("Example: kner augment corpus/kner-v1.0/supplement.jsonl --output /tmp/supplement-aug.jsonl "
           "--copies 1 --seed 0")


def augment(
    files: List[Path] = typer.Argument(..., dir_okay=False,
                                       help="Corpus JSONL files to augment (training records only)."),
    output: Path = typer.Option(..., "--output", help="JSONL to write the augmented copies to."),
    copies: int = typer.Option(2, "--copies", min=1, help="Augmented copies per record."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same output)."),
    include_originals: bool = typer.Option(False, "--include-originals",
                                           help="Also write the input records, before their copies."),
) -> None:
    """Swap ORG/PROGRAM names, amounts, dates and counts inside gold records; norms recomputed."""
    from ..augment import augment_records
    from ..records import RecordError, load_records, write_records

    try:
        records = [rec for path in files for rec in load_records(path)]
    except RecordError as exc:
        typer.echo(f"cannot read the input: {exc}", err=True)
        raise typer.Exit(1)
    import sys

    with typer.progressbar(length=len(records), label="augmenting", file=sys.stderr) as bar:
        def advance(items):
            for rec in items:
                yield rec
                bar.update(1)

        out, report = augment_records(records, copies=copies, seed=seed, progress=advance)
    n = write_records(output, (records + out) if include_originals else out)
    typer.echo(report.summary())
    typer.echo(f"wrote {n} records to {output}")
