"""``kner doccano push|pull``, ``kner export hf|docbin``, ``kner import hf|docbin``."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

doccano_app = typer.Typer(help="Push the corpus (or model predictions) to doccano and pull it back.",
                          no_args_is_help=True)
export_app = typer.Typer(help="Write records as a Hugging Face dataset or a spaCy DocBin.", no_args_is_help=True)
import_app = typer.Typer(help="Read a Hugging Face dataset or a spaCy DocBin back into records.",
                         no_args_is_help=True)

PUSH_EXAMPLE = ("Examples (server: scripts/doccano_server.sh start):\n\n"
                "kner doccano push corpus/kner-v1.0/gold.jsonl --project kner --url http://127.0.0.1:8732\n\n"
                "kner doccano push samples/press-release.txt --project kner-new --model training/cnn/model-best")
PULL_EXAMPLE = "Example: kner doccano pull --project kner --output /tmp/back.jsonl --url http://127.0.0.1:8732"
EXPORT_HF_EXAMPLE = ("Example: kner export hf corpus/kner-v1.0/train.jsonl corpus/kner-v1.0/dev.jsonl "
                     "corpus/kner-v1.0/test.jsonl /tmp/kner-hf")
IMPORT_HF_EXAMPLE = "Example: kner import hf /tmp/kner-hf --output-dir /tmp/kner-back"
EXPORT_DOCBIN_EXAMPLE = "Example: kner export docbin corpus/kner-v1.0/gold.jsonl /tmp/gold.spacy"
IMPORT_DOCBIN_EXAMPLE = "Example: kner import docbin /tmp/gold.spacy --output /tmp/gold-back.jsonl"

Url = typer.Option(None, "--url", envvar="KNER_DOCCANO_URL", help="doccano server URL.")
User = typer.Option(None, "--user", envvar="KNER_DOCCANO_USER", help="doccano user name.")
Password = typer.Option(None, "--password", envvar="KNER_DOCCANO_PASSWORD", help="doccano password.",
                        show_default=False)


def register(app: typer.Typer) -> None:
    """Add the doccano, export and import command groups to the main app."""
    app.add_typer(doccano_app, name="doccano")
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _read(paths: List[Path]) -> list[dict]:
    from ..records import load_records

    return [rec for path in paths for rec in load_records(path)]


def _errors():
    from ..io.doccano import DoccanoError
    from ..records import RecordError

    return (RecordError, DoccanoError, ValueError, OSError)


def _pipeline(model: Optional[str]):
    if model is None:
        import kner

        return kner.blank()
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:
        _fail(f"cannot load the model {model!r} (not installed and no such directory): {exc}")


@doccano_app.command(epilog=PUSH_EXAMPLE)
def push(
    files: List[Path] = typer.Argument(..., help="Corpus JSONL files; with --model, raw .txt or .jsonl documents."),
    project: str = typer.Option(..., "--project", help="doccano project (created if missing, else reused)."),
    model: Optional[str] = typer.Option(None, "--model", help="Upload this pipeline's predictions for correction."),
    url: Optional[str] = Url, user: Optional[str] = User, password: Optional[str] = Password,
) -> None:
    """Upload documents with their spans, meta and norms into a SequenceLabeling project."""
    from ..io import doccano

    try:
        credentials = doccano.Credentials.resolve(url, user, password)
        if model is not None:
            records = _predict_with_progress(doccano, _pipeline(model), doccano.raw_records(files))
        else:
            records = _read(files)
        client = doccano.DoccanoClient(credentials)
        proj = doccano.push(client, project, records)
    except _errors() as exc:
        _fail(f"push failed: {exc}")
    typer.echo(f"pushed {len(records)} documents, {sum(len(r['spans']) for r in records)} spans "
               f"to doccano project {project!r} (id {proj['id']})")


def _predict_with_progress(doccano, nlp, raw: list[dict], batch_size: int = 16) -> list[dict]:
    """``doccano.predict`` batch by batch, with a progress bar on stderr (shown on a terminal)."""
    import sys

    out: list[dict] = []
    with typer.progressbar(length=len(raw), label="predicting", file=sys.stderr) as bar:
        for i in range(0, len(raw), batch_size):
            batch = raw[i:i + batch_size]
            out += doccano.predict(nlp, batch, batch_size=batch_size)
            bar.update(len(batch))
    return out


@doccano_app.command(epilog=PULL_EXAMPLE)
def pull(
    project: str = typer.Option(..., "--project", help="doccano project to export."),
    output: Path = typer.Option(..., "--output", help="Records JSONL to write."),
    url: Optional[str] = Url, user: Optional[str] = User, password: Optional[str] = Password,
) -> None:
    """Download a project's export and convert it back to records."""
    from ..io import doccano
    from ..records import write_records

    try:
        client = doccano.DoccanoClient(doccano.Credentials.resolve(url, user, password))
        records = doccano.pull(client, project)
    except _errors() as exc:
        _fail(f"pull failed: {exc}")
    n = write_records(output, records)
    typer.echo(f"wrote {n} records to {output}")


@export_app.command("hf", epilog=EXPORT_HF_EXAMPLE)
def export_hf(
    files: List[Path] = typer.Argument(..., help="Corpus JSONL files."),
    out_dir: Path = typer.Argument(..., help="Output directory (save_to_disk, plus parquet/)."),
    splits: Optional[Path] = typer.Option(
        None, "--splits", help="splits.json; default: splits.json beside the first corpus file, if there."),
    split: Optional[str] = typer.Option(None, "--split", help="Split for documents the splits file does not name "
                                        "(or for all, without a splits file)."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline whose tokenizer makes `tokens` "
                                        "(default: kner.blank())."),
) -> None:
    """Write a DatasetDict (train / validation / test) with spans, Kiwi tokens and BIO ner_tags."""
    from ..corpus.splits import load_splits
    from ..io.hf import assign_splits, to_hf, write_hf

    if splits is None and (files[0].parent / "splits.json").exists():
        splits = files[0].parent / "splits.json"
    try:
        by_split = assign_splits(_read(files), load_splits(splits) if splits else None, split)
        dd = to_hf(by_split, _pipeline(model))
    except _errors() as exc:
        _fail(f"export failed: {exc}")
    write_hf(dd, out_dir)
    typer.echo(f"wrote {out_dir}: " + ", ".join(f"{k} {len(v)}" for k, v in dd.items())
               + (f" (splits from {splits})" if splits else ""))


@import_app.command("hf", epilog=IMPORT_HF_EXAMPLE)
def import_hf(
    path: Path = typer.Argument(..., help="A directory written by `kner export hf` (or of .parquet files)."),
    output: Optional[Path] = typer.Option(None, "--output", help="One JSONL with every split, in split order."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="One <split>.jsonl per split."),
) -> None:
    """Read a DatasetDict back into records."""
    from ..io.hf import from_hf, read_hf
    from ..records import write_records

    if (output is None) == (output_dir is None):
        _fail("give exactly one of --output and --output-dir")
    try:
        by_split = from_hf(read_hf(path))
    except _errors() as exc:
        _fail(f"import failed: {exc}")
    if output is not None:
        n = write_records(output, [r for recs in by_split.values() for r in recs])
        typer.echo(f"wrote {n} records to {output}")
    else:
        for name, recs in by_split.items():
            n = write_records(output_dir / f"{name}.jsonl", recs)
            typer.echo(f"wrote {n} records to {output_dir / f'{name}.jsonl'}")


@export_app.command("docbin", epilog=EXPORT_DOCBIN_EXAMPLE)
def export_docbin(
    files: List[Path] = typer.Argument(..., help="Corpus JSONL files."),
    output: Path = typer.Argument(..., help="The .spacy file to write."),
    model: Optional[str] = typer.Option(None, "--model", help="Pipeline whose tokenizer makes the Docs "
                                        "(default: kner.blank())."),
) -> None:
    """Write records as a spaCy DocBin (ents set for `spacy train`, records in user_data)."""
    from ..io.docbin import write_docbin

    try:
        n = write_docbin(_read(files), _pipeline(model), output)
    except _errors() as exc:
        _fail(f"export failed: {exc}")
    typer.echo(f"wrote {n} docs to {output}")


@import_app.command("docbin", epilog=IMPORT_DOCBIN_EXAMPLE)
def import_docbin(
    path: Path = typer.Argument(..., help="A .spacy file."),
    output: Path = typer.Option(..., "--output", help="Records JSONL to write."),
) -> None:
    """Read a spaCy DocBin back into records."""
    from ..io.docbin import read_docbin
    from ..records import write_records

    try:
        records = read_docbin(path)
    except _errors() as exc:
        _fail(f"import failed: {exc}")
    n = write_records(output, records)
    typer.echo(f"wrote {n} records to {output}")
