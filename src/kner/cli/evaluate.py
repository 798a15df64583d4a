"""``kner evaluate`` (score a pipeline or predictions on gold records) and ``kner crossval``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from . import n_process_option

EVALUATE_EXAMPLE = ("Example: kner evaluate --model training/cnn/model-best corpus/kner-v1.0/test.jsonl "
                    "--output scores.json")
CROSSVAL_EXAMPLE = ("Example: kner crossval --config configs/ner_cnn.cfg --extra-train "
                    "corpus/kner-v1.0/supplement.jsonl --output-dir training/crossval")


def register(app: typer.Typer) -> None:
    """Add ``evaluate`` and ``crossval`` to the main app."""
    app.command("evaluate", epilog=EVALUATE_EXAMPLE)(evaluate)
    app.command("crossval", epilog=CROSSVAL_EXAMPLE)(crossval)


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _read_gold(path: Path, strict: bool) -> list[dict]:
    from ..records import RecordError, read_records

    try:
        result = read_records(path, strict=False)
    except RecordError as exc:
        _fail(str(exc))
    for err in result.errors:
        typer.echo(f"error: {err}", err=True)
    if result.errors and strict:
        _fail(f"{len(result.errors)} bad line(s) in {path}; nothing evaluated (--strict)")
    if not result.records:
        _fail(f"{path}: no usable records")
    return result.records


def _write_json(path: Path, obj: dict) -> None:
    from ..records import atomic_write_text

    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    typer.echo(f"scores written to {path}", err=True)


def evaluate(
    data: Path = typer.Argument(..., help="Gold records (spec JSONL)."),
    model: Optional[str] = typer.Option(None, "--model", "-m",
                                        help="Pipeline folder, package, or 'rules' (the rules alone); default: the best one available."),
    predictions: Optional[Path] = typer.Option(None, "--predictions",
                                               help="Score these predicted records instead of running a model."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the scores as JSON here."),
    save_predictions: Optional[Path] = typer.Option(None, "--save-predictions",
                                                    help="Write the model's predicted records here (JSONL)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at any bad gold line instead of skipping it."),
    n_process: int = n_process_option(),
) -> None:
    """Score a pipeline (or predictions) on gold records.

    Strict span P/R/F per label, KLUE character-level F1, norm accuracy on exactly matched
    spans, boundary and label errors: a table on stdout, JSON with --output.
    """
    from .. import evaluate as ev
    from ..extract import ModelNotFound, resolve_pipeline
    from ..records import RecordError, read_records, write_records

    if model is not None and predictions is not None:
        raise typer.BadParameter("give --model or --predictions, not both")
    gold = _read_gold(data, strict)
    if predictions is not None:
        try:
            res = read_records(predictions, strict=strict)
        except RecordError as exc:
            _fail(str(exc))
        for err in res.errors:
            typer.echo(f"error: {err}", err=True)
        pred = res.records
    else:
        try:
            nlp, desc = resolve_pipeline(model)
        except ModelNotFound as exc:
            _fail(str(exc))
        typer.echo(f"pipeline: {desc}", err=True)
        with typer.progressbar(length=len(gold), label="predicting", file=_stderr()) as bar:
            pred = ev.predict_records(nlp, gold, on_doc=lambda _rec: bar.update(1), n_process=n_process)
        if save_predictions is not None:
            write_records(save_predictions, pred)
    try:
        scores = ev.score(gold, pred)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(ev.format_table(scores))
    if output is not None:
        _write_json(output, scores)


def crossval(
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="spaCy training config (pipeline 'train')."),
    gold_path: Path = typer.Option(Path("corpus/kner-v1.0/gold.jsonl"), "--gold", help="Gold records."),
    folds_path: Path = typer.Option(Path("corpus/kner-v1.0/splits.json"), "--folds",
                                    help="splits.json whose 'folds' list the held-out documents."),
    extra_train: Optional[List[Path]] = typer.Option(
        None, "--extra-train", help="Records always on the training side (supplement, augmented); repeatable."),
    pipeline: str = typer.Option("train", "--pipeline", help="'train' (train CONFIG per fold) or 'rules'."),
    dev: str = typer.Option("next", "--dev",
                            help="Model selection set: 'next' (next fold's held-out docs, off the training "
                                 "side) or 'train' (the training-side gold docs)."),
    output_dir: Path = typer.Option(Path("training/crossval"), "--output-dir",
                                    help="Fold folders, pooled predictions and scores.json go here."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", min=1, help="Override [training] max_steps."),
    overrides: Optional[List[str]] = typer.Option(None, "--set",
                                                  help="Config override KEY=VALUE (e.g. training.seed=1); repeatable."),
) -> None:
    """Document-level k-fold cross-validation on the gold corpus.

    Per fold: train CONFIG (or use the rules), predict the held-out gold documents; then
    score the pooled predictions once and each fold on its own.
    """
    from .. import crossval as cv
    from ..corpus.splits import load_splits
    from ..evaluate import format_table
    from ..records import RecordError, load_records

    if pipeline not in cv.PIPELINES:
        raise typer.BadParameter(f"choose one of {', '.join(cv.PIPELINES)}", param_hint="--pipeline")
    if dev not in cv.DEV_MODES:
        raise typer.BadParameter(f"choose one of {', '.join(cv.DEV_MODES)}", param_hint="--dev")
    if pipeline == "train" and config is None:
        raise typer.BadParameter("--pipeline train needs --config", param_hint="--config")
    cfg_overrides = _parse_overrides(overrides or [])
    if config is not None and not config.is_file():
        _fail(f"config {config} does not exist")
    if max_steps is not None:
        cfg_overrides["training.max_steps"] = max_steps
    try:
        gold = load_records(gold_path)
        extra = [r for p in (extra_train or []) for r in load_records(p)]
        splits = load_splits(folds_path)
    except RecordError as exc:
        _fail(str(exc))
    except (OSError, ValueError) as exc:
        _fail(f"cannot read the folds: {exc}")

    def report(i: int, result: dict) -> None:
        f = result["scores"]["spans"]["micro"]["f"]
        typer.echo(f"fold {i}: held out {', '.join(result['held_out'])}: span F1 "
                   f"{'–' if f is None else f'{100 * f:.1f}'}", err=True)

    try:
        result = cv.crossval(gold, splits, output_dir=output_dir, config=config, extra_train=extra,
                             pipeline=pipeline, dev=dev, overrides=cfg_overrides, on_fold=report)
    except (cv.CrossvalError, RecordError, ValueError) as exc:
        _fail(f"cross-validation failed: {exc}")
    typer.echo(format_table(result["pooled"]))
    _write_json(output_dir / "scores.json", result)


def _parse_overrides(items: List[str]) -> dict:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _stderr():
    import sys

    return sys.stderr
