"""Document-level k-fold cross-validation on the gold corpus.

The folds are those of ``splits.json`` (:mod:`kner.corpus.splits`: ``folds`` lists the gold
documents each fold holds out). For every fold:

1. the training side is the other gold documents plus every ``extra_train`` record
   (supplement or augmented data, never held out);
2. a development set is needed by ``spacy train`` to pick ``model-best``. Using the held-out
   documents for that would leak them into model selection, so by default (``dev="next"``)
   the development documents are the next fold's held-out gold documents, taken off this
   fold's training side; ``dev="train"`` instead uses a copy of the training-side gold
   documents (no data removed, selection on training data);
3. train and dev are written as ``.spacy`` files (:func:`kner.io.docbin.write_docbin`), the
   config is trained (``spacy train`` in this process, ``--paths.train/--paths.dev`` and any
   other overrides), ``model-best`` is loaded and predicts the held-out documents.

With ``pipeline="rules"`` nothing is trained: the rule pipeline (``kner_rules`` +
``kner_normalizer``) predicts every fold's held-out documents.

The predictions of all folds are pooled and scored once (:func:`kner.evaluate.score`: each
gold document is held out exactly once, so this is a micro average over every gold
document), and each fold is scored on its own as well.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from .corpus.splits import folds as split_folds
from .evaluate import ensure_normalizer, predict_records, score
from .records import write_records

DEV_MODES: tuple[str, ...] = ("next", "train")
PIPELINES: tuple[str, ...] = ("train", "rules")


class CrossvalError(RuntimeError):
    """A fold could not be set up or trained."""


@dataclass
class Fold:
    """One fold: the records it trains on, selects the model with, and holds out."""

    index: int
    train: list[dict]
    dev: list[dict]
    held_out: list[dict]


def make_folds(gold_records: Iterable[dict], splits: dict, *, extra_train: Iterable[dict] = (),
               dev: str = "next") -> list[Fold]:
    """The folds of ``splits`` over ``gold_records`` (module docstring); ``extra_train`` always trains."""
    if dev not in DEV_MODES:
        raise ValueError(f"dev must be one of {', '.join(DEV_MODES)}, got {dev!r}")
    gold = list(gold_records)
    extra = list(extra_train)
    gold_ids = {r["id"] for r in gold}
    clash = sorted(r["id"] for r in extra if r["id"] in gold_ids)
    if clash:
        raise CrossvalError(f"extra training documents share ids with gold documents: {', '.join(clash[:5])}")
    known = {d for fold in splits.get("folds", []) for d in fold}
    missing = sorted(known - gold_ids)
    if missing:
        raise CrossvalError(f"the folds hold out documents that are not in the gold set: {', '.join(missing[:5])}")
    pairs = split_folds(gold, splits)
    if not pairs:
        raise CrossvalError("the splits define no folds")
    out = []
    for i, (train, held) in enumerate(pairs):
        if not held:
            raise CrossvalError(f"fold {i} holds out no gold document")
        if dev == "next":
            nxt = {r["id"] for r in pairs[(i + 1) % len(pairs)][1]}
            dev_docs = [r for r in train if r["id"] in nxt]
            train = [r for r in train if r["id"] not in nxt]
        else:
            dev_docs = list(train)
        if not dev_docs:
            raise CrossvalError(f"fold {i} has no development documents (dev={dev!r}); more than one fold is needed")
        out.append(Fold(i, train + extra, dev_docs, held))
    return out


def tokenizer_pipeline(config: str | Path, overrides: Optional[dict] = None):
    """A blank pipeline with the language and tokenizer of ``config`` (nothing else built)."""
    import spacy
    from spacy.util import load_config

    cfg = load_config(Path(config), overrides={k: v for k, v in (overrides or {}).items()
                                                if k.startswith(("nlp.", "paths."))}, interpolate=True)
    nlp_cfg = cfg["nlp"]
    tokenizer = nlp_cfg.get("tokenizer")
    return spacy.blank(nlp_cfg["lang"], config={"nlp": {"tokenizer": tokenizer}} if tokenizer else {})


def train_fold(config: str | Path, fold: Fold, fold_dir: str | Path, *, overrides: Optional[dict] = None,
               nlp_for_docs=None) -> Path:
    """Write the fold's ``train.spacy``/``dev.spacy`` into ``fold_dir``, train ``config``; return ``model-best``.

    The ``.spacy`` files are tokenised by ``nlp_for_docs`` (default: the config's tokenizer).
    """
    from spacy.cli.train import train as spacy_train

    from .io.docbin import write_docbin

    fold_dir = Path(fold_dir)
    nlp = nlp_for_docs if nlp_for_docs is not None else tokenizer_pipeline(config, overrides)
    train_path, dev_path = fold_dir / "train.spacy", fold_dir / "dev.spacy"
    write_docbin(fold.train, nlp, train_path)
    write_docbin(fold.dev, nlp, dev_path)
    model_dir = fold_dir / "model"
    all_overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path), **(overrides or {})}
    try:
        spacy_train(Path(config), model_dir, use_gpu=-1, overrides=all_overrides)
    except SystemExit as exc:  # spaCy's CLI helpers exit on bad configs
        raise CrossvalError(f"fold {fold.index}: spacy train stopped (exit code {exc.code}); see its output") from None
    best = model_dir / "model-best"
    if not best.exists():
        raise CrossvalError(f"fold {fold.index}: training wrote no {best}")
    return best


def crossval(gold_records: Iterable[dict], splits: dict, *, output_dir: str | Path,
             config: Optional[str | Path] = None, extra_train: Iterable[dict] = (), pipeline: str = "train",
             dev: str = "next", overrides: Optional[dict] = None,
             on_fold: Optional[Callable[[int, dict], None]] = None) -> dict:
    """Cross-validate; return ``{"pooled": scores, "folds": [...], ...}`` and write the pooled
    predictions to ``<output_dir>/predictions.jsonl``.

    ``pipeline="train"`` needs ``config``; ``"rules"`` trains nothing. ``on_fold(i, fold_result)``
    is called after each fold.
    """
    import spacy

    if pipeline not in PIPELINES:
        raise ValueError(f"pipeline must be one of {', '.join(PIPELINES)}, got {pipeline!r}")
    if pipeline == "train" and config is None:
        raise ValueError("pipeline 'train' needs a config")
    output_dir = Path(output_dir)
    folds = make_folds(gold_records, splits, extra_train=extra_train, dev=dev)
    rules_nlp = doc_nlp = None
    if pipeline == "train":
        doc_nlp = tokenizer_pipeline(config, overrides)  # tokenises the fold's .spacy files
    if pipeline == "rules":
        from .extract import rules_available, rules_pipeline

        if not rules_available():
            raise CrossvalError("the rule component kner_rules (package kner.rules) is not installed")
        rules_nlp = rules_pipeline()
    results = []
    pooled_pred: list[dict] = []
    pooled_gold: list[dict] = []
    for fold in folds:
        seconds = None
        if rules_nlp is not None:
            nlp, model_path = rules_nlp, None
        else:
            t0 = time.perf_counter()
            model_path = train_fold(config, fold, output_dir / f"fold-{fold.index}", overrides=overrides,
                                    nlp_for_docs=doc_nlp)
            seconds = time.perf_counter() - t0
            nlp = spacy.load(model_path)
            ensure_normalizer(nlp)
        pred = predict_records(nlp, fold.held_out)
        result = {
            "fold": fold.index,
            "held_out": [r["id"] for r in fold.held_out],
            "dev": [r["id"] for r in fold.dev] if rules_nlp is None else [],
            "train_documents": len(fold.train) if rules_nlp is None else 0,
            "model": None if model_path is None else str(model_path),
            "train_seconds": seconds,
            "scores": score(fold.held_out, pred),
        }
        results.append(result)
        pooled_pred += pred
        pooled_gold += fold.held_out
        if on_fold is not None:
            on_fold(fold.index, result)
    write_records(output_dir / "predictions.jsonl", pooled_pred)
    return {
        "pipeline": pipeline,
        "config": None if config is None else str(config),
        "dev": dev if pipeline == "train" else None,
        "folds": results,
        "pooled": score(pooled_gold, pooled_pred),
    }
