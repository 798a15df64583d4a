"""Train kner's spaCy pipelines (``configs/ner_cnn.cfg``, ``configs/ner_trf.cfg``) in-process.

:func:`prepare_corpus` turns the corpus JSONL into ``.spacy`` files: the training split plus
entity-substitution copies of it (:mod:`kner.augment`; never of dev or test documents) and the
dev and test splits. :func:`train` then runs ``spacy train`` (``spacy.cli.train.train``) on a
config with the corpus paths filled in, writing ``model-best`` / ``model-last`` under the output
directory. The ``[paths] transformer`` of the transformer config is the model directory written
by ``kner model build-e5``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from .records import atomic_write_text

KINDS = ("cnn", "trf")
CONFIG_NAMES = {"cnn": "ner_cnn.cfg", "trf": "ner_trf.cfg"}
DEFAULT_CORPUS = Path("corpus") / "kner-v1.0"
DEFAULT_TRANSFORMER = Path("models") / "e5-small-ko"
TRAIN_INFO = "train-info.json"  # written beside model-best: data sizes, settings, training time


def repo_root() -> Path:
    """The source checkout kner runs from (``src/kner`` → the repository root)."""
    return Path(__file__).resolve().parents[2]


def config_path(kind: str, root: Path | None = None) -> Path:
    """The config file of pipeline ``kind`` (``cnn`` or ``trf``): ``configs/`` of the current
    directory if there, else of the repository kner was installed from."""
    if kind not in KINDS:
        raise ValueError(f"unknown pipeline kind {kind!r}; expected one of {', '.join(KINDS)}")
    for base in ([root] if root else []) + [Path.cwd(), repo_root()]:
        path = base / "configs" / CONFIG_NAMES[kind]
        if path.exists():
            return path
    raise FileNotFoundError(f"configs/{CONFIG_NAMES[kind]} not found (run from the kner checkout or pass a config)")


@dataclass
class PreparedCorpus:
    """The ``.spacy`` files made by :func:`prepare_corpus` and what went into them."""

    train: Path
    dev: Path
    test: Path | None
    n_train: int
    n_augmented: int
    n_dev: int


def prepare_corpus(corpus_dir: str | Path, out_dir: str | Path, *, copies: int = 2, seed: int = 0,
                   extra_train: list[Path] | None = None, nlp=None) -> PreparedCorpus:
    """Write ``train.spacy`` (train split + ``copies`` augmented copies of each training record +
    ``extra_train`` JSONL files), ``dev.spacy`` and ``test.spacy`` (if the split exists) under
    ``out_dir``."""
    from .augment import augment_records
    from .io.docbin import write_docbin
    from .records import load_records

    if nlp is None:
        import kner

        nlp = kner.blank()
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    train = load_records(corpus_dir / "train.jsonl")
    for path in extra_train or []:
        train += load_records(path)
    augmented = augment_records(train, copies=copies, seed=seed, nlp=nlp)[0] if copies else []
    dev = load_records(corpus_dir / "dev.jsonl")
    write_docbin(train + augmented, nlp, out_dir / "train.spacy")
    write_docbin(dev, nlp, out_dir / "dev.spacy")
    test = None
    if (corpus_dir / "test.jsonl").exists():
        test = out_dir / "test.spacy"
        write_docbin(load_records(corpus_dir / "test.jsonl"), nlp, test)
    return PreparedCorpus(out_dir / "train.spacy", out_dir / "dev.spacy", test, len(train), len(augmented), len(dev))


def overrides_for(kind: str, train_path: Path, dev_path: Path, *, transformer: str | Path | None = None,
                  max_steps: int | None = None, progress: bool = False, extra: dict | None = None) -> dict:
    """The ``spacy train`` overrides (dotted config keys) for a run."""
    out = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    if kind == "trf":
        out["paths.transformer"] = str(transformer or DEFAULT_TRANSFORMER)
    if max_steps is not None:
        out["training.max_steps"] = int(max_steps)
    if progress:
        out["training.logger.progress_bar"] = True
    out.update(extra or {})
    return out


def train(kind: str, output: str | Path, *, corpus_dir: str | Path = DEFAULT_CORPUS, config: str | Path | None = None,
          copies: int = 2, seed: int = 0, transformer: str | Path | None = None, max_steps: int | None = None,
          progress: bool = False, overrides: dict | None = None) -> tuple[Path, float]:
    """Prepare the corpus under ``output/corpus`` and train pipeline ``kind`` into ``output``.

    Returns the path of ``model-best`` and the training time in seconds."""
    from spacy.cli.train import train as spacy_train

    output = Path(output)
    cfg = Path(config) if config else config_path(kind)
    if kind == "trf":
        model_dir = Path(transformer or DEFAULT_TRANSFORMER)
        if not (model_dir / "config.json").exists():
            raise FileNotFoundError(f"{model_dir} is not a model directory: build it with `kner model build-e5 {model_dir}`")
    prepared = prepare_corpus(corpus_dir, output / "corpus", copies=copies, seed=seed)
    ov = overrides_for(kind, prepared.train, prepared.dev, transformer=transformer, max_steps=max_steps,
                       progress=progress, extra={"system.seed": seed, **(overrides or {})})
    start = time.perf_counter()
    spacy_train(cfg, output, use_gpu=-1, overrides=ov)
    seconds = time.perf_counter() - start
    info = {"kind": kind, "config": str(cfg), "corpus": str(corpus_dir), "copies": copies, "seed": seed,
            "train_records": prepared.n_train, "augmented_records": prepared.n_augmented,
            "train_seconds": round(seconds, 1), "overrides": {k: v for k, v in ov.items() if not k.startswith("paths.")}}
    atomic_write_text(output / TRAIN_INFO, json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    return output / "model-best", seconds
