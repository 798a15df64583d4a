"""``kner normalize IN.jsonl --output OUT.jsonl``: fill ``norm`` for the spans of a record file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..records import RecordError, load_records, write_records

EXAMPLE = ("Example: kner normalize corpus/kner-v1.0/gold.jsonl --output /tmp/gold-normalised.jsonl "
           "--report /tmp/unparsed.json")


def normalize(
    input: Path = typer.Argument(..., dir_okay=False, help="Spec record JSONL (spans in)."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the records with norms."),
    kb: Optional[Path] = typer.Option(None, "--kb", dir_okay=False, help="ORG knowledge base TSV."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write the unparsed-case report as JSON here."),
) -> None:
    """Fill the norm of every span of INPUT (gold spans in, values out) and write OUTPUT."""
    from ..normalize.apply import normalize_records
    from ..normalize.orgs import OrgResolver, load_org_kb

    try:
        records = load_records(input)
    except RecordError as err:
        typer.echo(err.describe(), err=True)
        raise typer.Exit(1)
    try:
        resolver = OrgResolver(load_org_kb(kb)) if kb else None
    except (OSError, ValueError) as err:
        typer.echo(f"cannot read the knowledge base {kb}: {err}", err=True)
        raise typer.Exit(1)
    out, rep = normalize_records(records, resolver=resolver)
    write_records(output, out)
    if report is not None:
        report.write_text(json.dumps(rep.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"{len(out)} records → {output}: {rep.summary()}", err=True)
