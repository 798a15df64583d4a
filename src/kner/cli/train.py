"""``kner train cnn|trf``: convert the corpus (with augmentation) and train a pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

EXAMPLE = ("Examples:\n\nkner train cnn --max-steps 600\n\n"
           "kner train trf --transformer models/e5-small-ko  (after kner model build-e5 models/e5-small-ko)")


def train(
    kind: str = typer.Argument(..., help="cnn (fast CPU pipeline) or trf (transformer, e5-small)."),
    output: Optional[Path] = typer.Option(None, "--output", help="Output directory (default: training/<kind>)."),
    corpus: Path = typer.Option(Path("corpus/kner-v1.0"), "--corpus", help="Corpus folder with train/dev/test.jsonl."),
    config: Optional[Path] = typer.Option(None, "--config", help="Config file (default: configs/ner_<kind>.cfg)."),
    copies: int = typer.Option(2, "--copies", min=0, help="Augmented copies of each training record (0: none)."),
    seed: int = typer.Option(0, "--seed", help="Seed for augmentation and training."),
    transformer: Optional[Path] = typer.Option(None, "--transformer",
                                               help="trf: model directory from `kner model build-e5`."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Override training.max_steps."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar between evaluations."),
) -> None:
    """Train a kner pipeline; the best model is written to OUTPUT/model-best."""
    from .. import train as training

    if kind not in training.KINDS:
        raise typer.BadParameter(f"unknown pipeline {kind!r}: choose cnn or trf", param_hint="KIND")
    try:
        best, seconds = training.train(kind, output or Path("training") / kind, corpus_dir=corpus, config=config,
                                       copies=copies, seed=seed, transformer=transformer, max_steps=max_steps,
                                       progress=progress)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo(f"trained {kind} in {seconds / 60:.1f} min: {best}")
