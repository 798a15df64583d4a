"""Plot the pipeline benchmark figures as a self-contained SVG (issue 7).

    python scripts/plot_benchmarks.py [--from docs/benchmarks.md] [--output docs/img/benchmarks.svg]

``--from`` takes the Markdown file whose ``pipelines`` section holds the table written by
``scripts/bench_pipelines.py``, or that script's raw ``training/bench/pipelines.json``. The KoNEC
bars show the figures on LABEL_SPEC boundaries (``konec-dev-spec.jsonl``) where a row has them,
else those on KoNEC's NIKL boundaries (``konec-dev.jsonl``), marked "(NIKL)".
"""

from __future__ import annotations

from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]

app = typer.Typer(add_completion=False)


@app.command()
def main(
    source: Path = typer.Option(ROOT / "docs" / "benchmarks.md", "--from",
                                help="docs/benchmarks.md (its 'pipelines' table) or training/bench/pipelines.json."),
    output: Path = typer.Option(ROOT / "docs" / "img" / "benchmarks.svg", "--output", help="The SVG to write."),
) -> None:
    """Write the benchmark plot: CV and KoNEC micro F1 per pipeline (KoNEC on LABEL_SPEC boundaries
    where scored, else NIKL; the legend says which), and chars/s."""
    from kner.bench.plot import load_rows, write_svg

    try:
        rows = load_rows(source)
    except (OSError, ValueError) as exc:
        typer.echo(f"cannot read the benchmark figures from {source}: {exc}", err=True)
        raise typer.Exit(1)
    if not rows:
        typer.echo(f"{source}: the pipelines table has no rows", err=True)
        raise typer.Exit(1)
    shown = source.resolve().relative_to(ROOT) if source.resolve().is_relative_to(ROOT) else source
    write_svg(rows, output, source=f"{shown} (regenerate: python scripts/plot_benchmarks.py)")
    spec = sum(r.konec_boundaries() == "spec" for r in rows)
    typer.echo(f"wrote {output} ({len(rows)} rows; KoNEC on LABEL_SPEC boundaries for {spec}, "
               f"NIKL for {sum(r.konec_boundaries() == 'nikl' for r in rows)})")


if __name__ == "__main__":
    app()
