"""``kner corpus …``: build, validate, stats, splits and the KoNEC external set."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(help="Build, validate and describe the corpus.", no_args_is_help=True)

BUILD_EXAMPLE = "Example: kner corpus build --check"
VALIDATE_EXAMPLE = "Example: kner corpus validate corpus/kner-v1.0/gold.jsonl --warnings"
STATS_EXAMPLE = "Example: kner corpus stats --check"
KONEC_EXAMPLE = "Example: kner corpus konec --source-dir ../shared/datasets/konec --check"
SPLITS_EXAMPLE = "Example: kner corpus splits --corpus-dir corpus"

CorpusDir = typer.Option(Path("corpus"), "--corpus-dir", help="The corpus directory.", file_okay=False)


@app.command(epilog=BUILD_EXAMPLE)
def build(
    corpus_dir: Path = CorpusDir,
    check: bool = typer.Option(False, "--check", help="Only verify the committed files are up to date."),
) -> None:
    """Assemble kner-v1.0 (gold, supplement, splits, train/dev/test) from the sources."""
    from ..corpus.build import BuildError, CorpusPaths, stale_files, write_corpus

    paths = CorpusPaths(corpus_dir)
    try:
        if check:
            stale = stale_files(paths)
            if stale:
                typer.echo(f"out of date in {paths.out}: {', '.join(stale)} (run: kner corpus build)", err=True)
                raise typer.Exit(1)
            typer.echo(f"{paths.out}: up to date")
            return
        files = write_corpus(paths)
    except BuildError as exc:
        typer.echo(f"build failed: {exc}", err=True)
        raise typer.Exit(1)
    for name, content in files.items():
        typer.echo(f"wrote {paths.out / name} ({content.count(chr(10)) if name.endswith('.jsonl') else 1} "
                   f"{'records' if name.endswith('.jsonl') else 'file'})")


@app.command(epilog=VALIDATE_EXAMPLE)
def validate(
    files: Optional[List[Path]] = typer.Argument(None, help="JSONL or markup (.txt) files; default: the corpus."),
    corpus_dir: Path = CorpusDir,
    align: bool = typer.Option(True, "--align/--no-align", help="Check spans against kner's token boundaries."),
    align_external: bool = typer.Option(False, "--align-external",
                                        help="Also check external (KoNEC) spans; misalignments there are warnings."),
    show_warnings: bool = typer.Option(False, "--warnings", help="List every warning, not only their number."),
) -> None:
    """Check records: offsets, span text, overlaps, labels, norms, NFC, token alignment, splits."""
    from ..corpus.validate import default_tokenize, validate_corpus, validate_paths

    tokenize = default_tokenize() if align else None
    if files:
        report = validate_paths(files, tokenize=tokenize, align_external=align_external)
    else:
        report = validate_corpus(corpus_dir, tokenize=tokenize, align_external=align_external)
    for error in report.errors:
        typer.echo(f"error: {error.describe()}", err=True)
    for warning in report.warnings if show_warnings else []:
        typer.echo(f"warning: {warning.describe()}", err=True)
    typer.echo(f"{report.files} files, {report.records} records, {report.spans} spans: "
               f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    if report.errors:
        raise typer.Exit(1)


@app.command(epilog=STATS_EXAMPLE)
def stats(
    corpus_dir: Path = CorpusDir,
    write: bool = typer.Option(False, "--write", help="Write the tables into corpus/README.md."),
    check: bool = typer.Option(False, "--check", help="Fail when the README's tables are stale."),
) -> None:
    """Documents, lines, characters and spans per label, per split and per source."""
    from ..corpus.stats import corpus_tables, readme_is_current, write_readme

    from ..records import RecordError

    readme = corpus_dir / "README.md"
    try:
        tables = corpus_tables(corpus_dir)
        if check:
            if not readme_is_current(readme, tables):
                typer.echo(f"{readme}: stats are stale (run: kner corpus stats --write)", err=True)
                raise typer.Exit(1)
            typer.echo(f"{readme}: stats are current")
        elif write:
            changed = write_readme(readme, tables)
            typer.echo(f"{readme}: {'updated' if changed else 'already current'}")
        else:
            typer.echo(tables, nl=False)
    except (OSError, ValueError, RecordError) as exc:
        typer.echo(f"{readme}: {exc}", err=True)
        raise typer.Exit(1)


@app.command(epilog=KONEC_EXAMPLE)
def konec(
    corpus_dir: Path = CorpusDir,
    source_dir: Path = typer.Option(Path("../shared/datasets/konec"), "--source-dir",
                                    help="Folder holding konec-dev.tsv and its licence files."),
    check: bool = typer.Option(False, "--check", help="Only verify the committed files are up to date."),
) -> None:
    """Convert KoNEC dev into corpus/external/konec (evaluation only)."""
    from ..corpus import konec as konec_mod
    from ..corpus import konec_spec
    from ..corpus.build import CorpusPaths

    out_dir = CorpusPaths(corpus_dir).external
    try:
        if check:
            stale = konec_mod.stale_files(out_dir, source_dir=source_dir)
            if stale:
                typer.echo(f"out of date in {out_dir}: {', '.join(stale)} (run: kner corpus konec)", err=True)
                raise typer.Exit(1)
            typer.echo(f"{out_dir}: up to date")
            return
        records, spec_records, problems = konec_mod.convert_both(source_dir / konec_mod.SOURCE_FILE)
    except OSError as exc:
        typer.echo(f"cannot read the KoNEC source: {exc}", err=True)
        raise typer.Exit(1)
    for problem in problems:
        typer.echo(f"problem: {problem.describe()}", err=True)
    konec_mod.write_external(out_dir, source_dir=source_dir, records=records, spec_records=spec_records)
    for name, recs in ((konec_mod.OUTPUT_FILE, records), (konec_spec.SPEC_OUTPUT_FILE, spec_records)):
        by_label, _ = konec_mod.label_counts(recs)
        typer.echo(f"wrote {out_dir / name}: {len(recs)} records, "
                   + ", ".join(f"{label} {n}" for label, n in sorted(by_label.items())))
    typer.echo("spans changed per LABEL_SPEC rule in " + konec_spec.SPEC_OUTPUT_FILE + ":")
    typer.echo(konec_spec.render_counts(spec_records), nl=False)
    if problems:
        raise typer.Exit(1)


@app.command(epilog=SPLITS_EXAMPLE)
def splits(corpus_dir: Path = CorpusDir) -> None:
    """Show the document splits and the cross-validation folds."""
    from ..corpus.build import CorpusPaths
    from ..corpus.splits import SPLITS, load_splits

    path = CorpusPaths(corpus_dir).out / "splits.json"
    try:
        data = load_splits(path)
    except (OSError, ValueError) as exc:
        typer.echo(f"cannot read the splits: {exc}", err=True)
        raise typer.Exit(1)
    held_out = {d for fold in data["folds"] for d in fold}  # the gold documents
    for split in SPLITS:
        ids = data[split]
        gold = [d for d in ids if d in held_out]
        typer.echo(f"{split}: {len(ids)} documents ({', '.join(gold)}"
                   f"{f' + {len(ids) - len(gold)} supplement' if len(ids) > len(gold) else ''})")
    for k, held in enumerate(data["folds"], start=1):
        typer.echo(f"fold {k}: held out {', '.join(held)}")
