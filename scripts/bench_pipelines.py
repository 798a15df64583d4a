"""Pipeline benchmark (issues 5 and 8): rules, CNN model, hybrid, data ablation — one run.

    python scripts/bench_pipelines.py [--max-steps 400] [--eval-frequency 100] [--write docs/benchmarks.md]
    python scripts/bench_pipelines.py --konec-only     # re-score only the KoNEC columns of the saved rows

Rows (all measured in the same run):

1. ``rules``: ``kner_rules`` (mode ``rules_only``) + ``kner_normalizer``, nothing trained;
2. ``cnn``: ``configs/ner_cnn.cfg`` trained per fold on the training-side gold documents +
   the supplement + one augmented copy of the supplement (``kner.augment``; only the
   supplement is augmented, so no copy of a held-out gold document is ever trained on), with
   ``kner_rules`` disabled (``nlp.disabled``) — the model alone, also for model selection;
3. ``cnn+rules fill`` / ``cnn+rules override``: the same fold models with ``kner_rules``
   enabled in that mode (no retraining);
4. the same three on gold folds only (no supplement, no augmentation);
5. optional (``--spacy-tokenizer``): the CNN config with spaCy's rule-based Korean tokenizer
   (``spacy.Tokenizer.v1``), ``.spacy`` files re-made with it (``alignment_mode="expand"``).

Columns: document-level CV micro / per-label strict span F1 on the 4 gold documents
(predictions pooled over the held-out folds, scored once; folds from ``splits.json``, dev =
next fold's documents), micro / per-label F1 on KoNEC dev (ORG, DATE, MONEY, METRIC only; the
fold-1 model) predicted once and scored against two gold files with the same sentences:
``konec-dev.jsonl`` (NIKL boundaries, ``konec``) and ``konec-dev-spec.jsonl`` (LABEL_SPEC
boundaries, TI_* times as DATE, ``konec_spec``), norm accuracy on exactly matched gold CV spans, training time per fold,
end-to-end chars/s over the gold + supplement texts (``predict_records``, 1 and 2 processes; best of 2) and ``du`` of the
fold-1 ``model-best``. Raw scores go to ``training/bench/pipelines.json``.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path
from typing import Optional

import spacy
import typer

from kner.bench.rows import ROW_NAMES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "kner-v1.0"
KONEC = ROOT / "corpus" / "external" / "konec" / "konec-dev.jsonl"
KONEC_SPEC = ROOT / "corpus" / "external" / "konec" / "konec-dev-spec.jsonl"
#: result key → gold file of the KoNEC columns; one prediction per row is scored against each
#: (the first file's texts are predicted; every file must hold the same ids and texts)
KONEC_FILES = {"konec": KONEC, "konec_spec": KONEC_SPEC}
CONFIG = ROOT / "configs" / "ner_cnn.cfg"
OUT = ROOT / "training" / "bench"
LABELS = ("ORG", "PROGRAM", "MONEY", "DATE", "METRIC")
KONEC_LABELS = ("ORG", "DATE", "MONEY", "METRIC")
HYBRID_MODES = ("fill", "override", "rules_first", "rules_first_gaps", "rules_first_confirmed")
# kner_rules settings of each hybrid variant: mode, and the model labels kept in the gaps
VARIANTS = {
    "fill": {"mode": "fill"},
    "override": {"mode": "override"},
    "rules_first": {"mode": "rules_first", "fill_labels": list(LABELS)},
    "rules_first_gaps": {"mode": "rules_first", "fill_labels": ["ORG", "PROGRAM"]},
    "rules_first_confirmed": {"mode": "rules_first", "fill_labels": ["ORG", "PROGRAM"], "confirm_gaps": True},
}

app = typer.Typer(add_completion=False)


def _command() -> str:
    """This script's command line, relative to the repository root (for the notes)."""
    return "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])


def _save(path: Path, meta: dict, results: dict) -> None:
    """Write the raw figures: ``{"meta": …, "results": …}``."""
    path.write_text(json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1, default=str),
                    encoding="utf-8")


def _records(path: Path) -> list[dict]:
    from kner.records import read_records

    return read_records(path).records


def _keep(records: list[dict], labels) -> list[dict]:
    return [{**r, "spans": [s for s in r.get("spans", []) if s["label"] in labels]} for r in records]


def _konec_golds() -> dict[str, list[dict]]:
    """The gold records of :data:`KONEC_FILES`, by result key."""
    return {key: _records(path) for key, path in KONEC_FILES.items()}


def _check_same_documents(golds: dict[str, list[dict]]) -> None:
    """ValueError unless every gold set holds the same documents (ids and texts, in the same order)
    as the first: the one prediction is scored against each, so the offsets must mean the same."""
    (first_key, first), *rest = golds.items()
    for key, records in rest:
        if len(records) != len(first):
            raise ValueError(f"KoNEC gold files differ: {first_key} has {len(first)} documents, "
                             f"{key} has {len(records)}")
        for i, (a, b) in enumerate(zip(first, records)):
            if a["id"] != b["id"] or a["text"] != b["text"]:
                what = "id" if a["id"] != b["id"] else "text"
                raise ValueError(f"KoNEC gold files differ: document {i} ({a['id']!r} in {first_key}, "
                                 f"{b['id']!r} in {key}) has another {what}")


def _konec_scores(nlp, golds: dict[str, list[dict]]) -> dict:
    """Predict the KoNEC texts once with ``nlp`` and score the predictions (ORG, DATE, MONEY,
    METRIC) against each gold set of ``golds`` (result key → records with the same ids and
    texts, checked): ``{key: score(…)}``."""
    from kner.evaluate import predict_records, score

    _check_same_documents(golds)
    pred = _keep(predict_records(nlp, next(iter(golds.values())), batch_size=64), KONEC_LABELS)
    return {key: score(_keep(records, KONEC_LABELS), pred, labels=KONEC_LABELS) for key, records in golds.items()}


def _throughput(nlp, texts: list[str], repeats: int = 2) -> dict:
    """End-to-end chars/s of ``nlp`` over ``texts`` as ``kner extract`` runs it
    (:func:`kner.predict.predict_records`: spans and norms collected), best of ``repeats``:
    ``chars_per_s`` in one process, ``chars_per_s_2`` with two forked worker processes."""
    from kner.predict import predict_records

    records = [{"id": str(i), "text": t, "meta": {}, "spans": []} for i, t in enumerate(texts)]
    n = sum(len(t) for t in texts)
    out = {}
    for key, n_process in (("chars_per_s", 1), ("chars_per_s_2", 2)):
        best = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            predict_records(nlp, records, n_process=n_process)  # batch size: the pipeline's [nlp] batch_size
            best = min(best, time.perf_counter() - t0)
        out[key] = n / best
    return out


def _retimed_note(meta: dict) -> list[str]:
    """The note line of a ``--speed-only`` re-timing, if there was one."""
    rt = meta.get("retimed")
    if not rt:
        return []
    return [f"- Throughput of every row re-timed with `{rt['command']}` ({rt['date']}, load average {rt['load']}): "
            "same models and texts, on a machine with nothing else running."]


#: the note on the KoNEC columns (both tables)
_KONEC_NOTE = (
    "- KoNEC: the 5,000 KoNEC dev sentences, predicted once per row and scored against two gold files "
    "(ORG, DATE, MONEY, METRIC only; gold and predicted PROGRAM spans dropped): \"KoNEC\" = "
    "`corpus/external/konec/konec-dev.jsonl`, KoNEC's tags mapped to the kner labels on KoNEC's own (NIKL) "
    "boundaries; \"KoNEC spec\" = `konec-dev-spec.jsonl`, the same spans moved onto LABEL_SPEC "
    "boundaries (particles, quotes, qualifiers and bounds such as 이상/께 cut off, `A부터 B까지` split in two) "
    "plus KoNEC's TI_* clock times and durations as DATE (`corpus/external/konec/README.md`, "
    "`src/kner/corpus/konec_spec.py`); – = not scored on that file (rows measured before it existed)")


def _konec_rescored_note(meta: dict) -> list[str]:
    """The note line of a ``--konec-only`` re-scoring, if there was one."""
    rs = meta.get("konec_rescored")
    if not rs:
        return []
    return [f"- KoNEC columns (both files) of every row re-scored with `{rs['command']}` ({rs['date']}): the "
            "same saved models (fold-1 or split `model-best` in the row's variant, no retraining), one prediction "
            "scored against both files; the rules pipeline and the hybrids' `kner_rules` are the code of that "
            "date, so for rows with rules the KoNEC and the other score columns may come from different rule "
            "versions."]


def _speed_cell(r: dict) -> str:
    """``1-process / 2-process`` chars/s (– where not measured)."""
    two = r.get("chars_per_s_2")
    return f"{r['chars_per_s']:,.0f} / " + (f"{two:,.0f}" if two else "–")


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _write_expand_docbin(records: list[dict], nlp, path: Path) -> dict:
    """``.spacy`` file with spans snapped outwards to token boundaries; counts of snapped/dropped spans."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    db, stats = DocBin(), {"spans": 0, "expanded": 0, "dropped_overlap": 0}
    for rec in records:
        doc = nlp.make_doc(rec["text"])
        spans = []
        for s in rec.get("spans", []):
            stats["spans"] += 1
            sp = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
            if sp is None:
                sp = doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="expand")
                stats["expanded"] += 1
            if sp is not None:
                spans.append(sp)
        kept = filter_spans(spans)
        stats["dropped_overlap"] += len(spans) - len(kept)
        doc.ents = kept
        db.add(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return stats


def _train_spacy_tok(fold, fold_dir: Path, overrides: dict, doc_nlp, align: dict) -> Path:
    from spacy.cli.train import train as spacy_train

    train_path, dev_path = fold_dir / "train.spacy", fold_dir / "dev.spacy"
    for key, val in _write_expand_docbin(fold.train, doc_nlp, train_path).items():
        align[key] = align.get(key, 0) + val
    _write_expand_docbin(fold.dev, doc_nlp, dev_path)
    spacy_train(CONFIG, fold_dir / "model", use_gpu=-1,
                overrides={"paths.train": str(train_path), "paths.dev": str(dev_path), **overrides})
    return fold_dir / "model" / "model-best"


def run_trained(name: str, folds, overrides: dict, konec, texts, out_dir: Path, *, hybrids: bool = True,
                spacy_tok: bool = False) -> dict:
    """Train every fold; score the model alone and (``hybrids``) with kner_rules fill/override."""
    from kner.crossval import tokenizer_pipeline, train_fold

    variants = ["model"] + (list(HYBRID_MODES) if hybrids else [])
    pooled = {v: [] for v in variants}
    gold_pooled: list[dict] = []
    train_s: list[float] = []
    per_fold = []
    fold1: dict = {}
    align: dict = {}
    doc_nlp = tokenizer_pipeline(CONFIG, overrides)
    for fold in folds:
        fold_dir = out_dir / name / f"fold-{fold.index}"
        t0 = time.perf_counter()
        if spacy_tok:
            best = _train_spacy_tok(fold, fold_dir, overrides, doc_nlp, align)
        else:
            best = train_fold(CONFIG, fold, fold_dir, overrides=overrides, nlp_for_docs=doc_nlp)
        train_s.append(time.perf_counter() - t0)
        _score_fold(name, fold, best, train_s[-1], variants, konec, texts, pooled, per_fold, fold1)
        gold_pooled += fold.held_out
    return _rows(variants, gold_pooled, pooled, fold1, train_s, per_fold, align if spacy_tok else None)


def _score_fold(name: str, fold, best: Path, seconds: float, variants, konec, texts, pooled: dict,
                per_fold: list, fold1: dict) -> None:
    """Predict the fold's held-out documents with each variant of the model ``best``; on fold 1
    also score KoNEC, throughput and size."""
    from kner.evaluate import ensure_normalizer, predict_records, score

    nlp = spacy.load(best)
    ensure_normalizer(nlp)
    fold_res = {"fold": fold.index, "held_out": [r["id"] for r in fold.held_out],
                "dev": [r["id"] for r in fold.dev], "train_documents": len(fold.train),
                "train_seconds": seconds, "model": str(best), "scores": {}}
    for v in variants:
        _set_variant(nlp, v)
        pred = predict_records(nlp, fold.held_out)
        pooled[v] += pred
        fold_res["scores"][v] = score(fold.held_out, pred)["spans"]["micro"]
        if fold.index == 0:
            fold1[v] = {**_konec_scores(nlp, konec), **_throughput(nlp, texts),
                        "model_bytes": _du(best), "pipe_names": list(nlp.pipe_names)}
    per_fold.append(fold_res)
    print(f"[{name}] fold {fold.index}: trained in {seconds:.0f}s, "
          + ", ".join(f"{v} F={fold_res['scores'][v]['f']}" for v in variants), flush=True)


def _rows(variants, gold_pooled, pooled, fold1, train_s, per_fold, align=None) -> dict:
    from kner.evaluate import score

    rows = {}
    for v in variants:
        rows[v] = {"cv": score(gold_pooled, pooled[v]), **fold1[v], "train_seconds": train_s,
                   "folds": [{**f, "scores": f["scores"][v]} for f in per_fold]}
        if align is not None:
            rows[v]["alignment"] = align
    return rows


def _fold_train_seconds(fold_dir: Path) -> float:
    """Wall time of a fold's training from its files: ``dev.spacy`` is written just before
    ``spacy train`` starts, ``model-last`` when it ends."""
    start = (fold_dir / "dev.spacy").stat().st_mtime
    end = max(p.stat().st_mtime for p in (fold_dir / "model" / "model-last").rglob("*") if p.is_file())
    return end - start


def score_crossval_dir(name: str, folds, cv_dir: Path, konec, texts, variants) -> dict:
    """Rows for fold models already trained by ``kner crossval --output-dir cv_dir`` on the same
    folds (``cv_dir/fold-<i>/model/model-best``); training time from the fold files' times."""
    pooled = {v: [] for v in variants}
    gold_pooled: list[dict] = []
    train_s: list[float] = []
    per_fold: list = []
    fold1: dict = {}
    for fold in folds:
        fold_dir = cv_dir / f"fold-{fold.index}"
        best = fold_dir / "model" / "model-best"
        if not best.exists():
            raise SystemExit(f"{best} does not exist: train the folds first (kner crossval --output-dir {cv_dir})")
        train_s.append(_fold_train_seconds(fold_dir))
        _score_fold(name, fold, best, train_s[-1], variants, konec, texts, pooled, per_fold, fold1)
        gold_pooled += fold.held_out
    return _rows(variants, gold_pooled, pooled, fold1, train_s, per_fold)


def _set_variant(nlp, variant: str) -> None:
    if variant == "model":
        if "kner_rules" in nlp.pipe_names:
            nlp.disable_pipe("kner_rules")
        return
    if "kner_rules" not in nlp.component_names:
        from kner.rules import component  # noqa: F401  (registers the factory)

        nlp.add_pipe("kner_rules", before="kner_normalizer")
    nlp.enable_pipe("kner_rules")
    rules = nlp.get_pipe("kner_rules")
    cfg = VARIANTS[variant]
    rules.mode = cfg["mode"]
    rules.fill_labels = list(cfg.get("fill_labels", LABELS))
    rules.confirm_gaps = bool(cfg.get("confirm_gaps", False))


# ---------------------------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------------------------

def _f(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:.3f}"


#: header cells of the KoNEC columns: micro and per-label F1 of each gold file of :data:`KONEC_FILES`
KONEC_HEAD = {"konec": "KoNEC micro F1", "konec_spec": "KoNEC spec micro F1"}


def _konec_head() -> str:
    return " | ".join(f"{KONEC_HEAD[key]} | " + " | ".join(KONEC_LABELS) for key in KONEC_FILES)


def _konec_cells(r: dict) -> list[str]:
    """Micro and per-label F1 on each KoNEC gold file; – for a file the row was not scored on
    (``konec_spec``: rows measured before that file existed)."""
    cells = []
    for key in KONEC_FILES:
        kn = (r.get(key) or {}).get("spans")
        if kn is None:
            cells += ["–"] * (1 + len(KONEC_LABELS))
            continue
        cells += [_f(kn["micro"]["f"])] + [_f(kn["per_label"].get(l, {}).get("f")) for l in KONEC_LABELS]
    return cells


def _table_rule(n_cols: int) -> str:
    return "|" + "---|" + "---:|" * (n_cols - 1)


def _row_cells(label: str, r: dict) -> str:
    cv = r["cv"]["spans"]
    norm = r["cv"]["norm"]["overall"]
    cells = [label, _f(cv["micro"]["f"])] + [_f(cv["per_label"].get(l, {}).get("f")) for l in LABELS]
    cells += _konec_cells(r)
    cells.append(f"{_f(norm['accuracy'])} ({norm['correct']}/{norm['matched']})")
    ts = r.get("train_seconds") or []
    cells.append(f"{sum(ts) / len(ts):.0f} s" if ts else "–")
    cells.append(_speed_cell(r))
    cells.append(f"{r['model_bytes'] / 1e6:.1f} MB" if r.get("model_bytes") else "–")
    return "| " + " | ".join(cells) + " |"


def render(results: dict, meta: dict) -> str:
    """The ``pipelines`` section of docs/benchmarks.md: table and notes."""
    head = (f"| pipeline | CV micro F1 | ORG | PROGRAM | MONEY | DATE | METRIC | {_konec_head()} | "
            "norm acc. (CV matched) | train / fold | chars/s, 1 / 2 processes | model-best size |")
    n_cols = head.count("|") - 1
    lines = [
        "## Pipelines (issues 5, 8)",
        "",
        f"Measured with `{meta['command']}` ({meta['date']}; {meta['machine']}; spaCy {spacy.__version__}).",
        "",
        head,
        _table_rule(n_cols),
    ]
    for (group, variant), label in ROW_NAMES.items():
        r = results.get(group, {}).get(variant)
        if r is not None:
            lines.append(_row_cells(label, r))
    if "trf" not in results:
        cells = ["transformer (`configs/ner_trf.cfg`)", "not measured in this run: training the transformer "
                 "on 4 folds does not fit the time box of this run on a 2-core CPU"] + [""] * (n_cols - 2)
        lines.append("| " + " | ".join(cells) + " |")
    full_model = results.get("full", {}).get("model")
    n_train = ", ".join(str(f["train_documents"]) for f in full_model["folds"]) if full_model else "?"
    gold_model = results.get("gold", {}).get("model")
    n_gold = ", ".join(str(f["train_documents"]) for f in gold_model["folds"]) if gold_model else "?"
    lines += [
        "",
        "Notes:",
        f"- CV: document-level {meta['folds']}-fold cross-validation over the 4 gold documents (folds of "
        "`corpus/kner-v1.0/splits.json`; each fold's dev set for `model-best` selection = the next fold's "
        "held-out document, taken off the training side); the predictions of all held-out folds are pooled "
        "and scored once (strict span F1). Per-label F1 of a label absent from gold and predictions is shown as –.",
        f"- Training: `configs/ner_cnn.cfg` with `--training.max_steps {meta['max_steps']}` and "
        f"`--training.eval_frequency {meta['eval_frequency']}`, `kner_rules` disabled during training "
        "(`nlp.disabled`), seed 0, folds run one after another. \"gold + supplement + aug.\" = the "
        f"training-side gold documents + `supplement.jsonl` ({meta['supplement']} docs) + "
        f"{meta['augmented']} augmented copies of the supplement (`kner.augment`, copies=1, seed 0; only the "
        f"supplement is augmented, so no copy of a held-out gold document is trained on); training documents "
        f"per fold: {n_train}; \"gold folds only\": {n_gold} training documents per fold (the other gold documents "
        "minus the dev document). The hybrid rows reuse the same fold models with `kner_rules` enabled (no retraining): "
        "`fill` = model spans first, rule spans in the gaps; `override` = rule MONEY/DATE/METRIC replace overlapping "
        "model spans, other rule spans fill gaps; `rules_first` = every rule span wins, model spans fill the gaps "
        "(all labels, or only ORG/PROGRAM); \"confirmed\" = only the ORG/PROGRAM gap spans `kner.rules.confirm` "
        "confirms (ORG: a legal-form mark, or coordination with an organisation found; PROGRAM: a programme head), "
        "the configs' default (`confirm_gaps = true`).",
        _KONEC_NOTE + "; trained rows use the model of fold 1 (held out: "
        f"{', '.join(meta['fold1_held_out'])}).",
        "- Norm accuracy: predicted norm = gold norm on exactly matched CV spans (correct/matched).",
        "- Throughput: end to end as `kner extract` runs it (`kner.predict.predict_records`: Kiwi tokenizer, "
        "pipeline, spans and norms collected; batches of the pipeline's `[nlp] batch_size`) over the gold + "
        f"supplement texts ({meta['chars']:,} chars), best of 2, 2 cores, in one process / with two forked worker "
        "processes (`kner extract --n-process 2`), fold-1 model for trained rows; – = not measured (rows measured "
        "before the option existed: `nlp.pipe`, one process). "
        "Model size: du of the fold-1 `model-best` (the rules resources are part of the kner package).",
    ]
    lines += _retimed_note(meta) + _konec_rescored_note(meta)
    if "spacytok" in results:
        al = results["spacytok"]["model"].get("alignment", {})
        lines.append(f"- spaCy tokenizer row: `.spacy` files re-made with `spacy.Tokenizer.v1`; spans that do not "
                     f"fall on token boundaries snapped outwards (`doc.char_span(..., alignment_mode=\"expand\")`): "
                     f"{al.get('expanded', 0)} of {al.get('spans', 0)} training spans over the 4 folds, "
                     f"{al.get('dropped_overlap', 0)} dropped as overlapping after expansion; gold is scored on the "
                     "original offsets, so the expanded boundaries count as errors.")
    else:
        lines.append("- spaCy rule-based tokenizer row (`spacy.Tokenizer.v1`): not measured in this run (time box).")
    for group, gm in sorted(meta.get("groups", {}).items()):
        lines.append(f"- {group} rows: measured later than the others, on the same folds, data and texts: fold models "
                     f"trained by `{gm['train_command']}`, scored by `{gm['command']}` ({gm['date']}). Training time "
                     "per fold from the fold files' times (dev.spacy written → model-last saved); the machine was "
                     "shared with other jobs during training, so that time is an upper bound.")
    lines += [
        "- **Caveat**: the rules were developed with the seed documents visible, so the gold CV figures of the "
        "rows with rules (rules only and every hybrid) are optimistic; KoNEC is the check of generality, but "
        "no longer a blind one: on 2026-11-28 its DATE misses, read in aggregate, chose which kinds of the spec's "
        "DATE got patterns (parts of the day, minutes, seasons, week days, fixed holidays, counts before 전/후/뒤) "
        "and showed two guideline decisions the spec file had missed (`[4년]만에`, `[지난달] 말`). It has "
        "different annotation conventions: on NIKL boundaries KoNEC keeps particles, 약 and 이상 inside spans and "
        "has no clock times, which the spec file corrects; both files keep KoNEC's label decisions (people "
        "counted as METRIC, cities acting as governments only sometimes ORG, etc.), which cost every row "
        "points that are not errors under LABEL_SPEC.",
        "",
        "Targets: issue 8 — CV micro F1 ≥ 0.88 with PROGRAM ≥ 0.75 and every other label ≥ 0.85; KoNEC mapped "
        "micro F1 ≥ 0.75. Issue 5 — transformer CV micro F1 ≥ 0.85; inference ≥ 3,000 chars/s (transformer) and "
        "≥ 30,000 chars/s (CNN) on CPU.",
        "",
        "Raw scores: `training/bench/pipelines.json`.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# single split: the pipelines `kner train cnn|trf` trained (train / dev / test of splits.json)
# ---------------------------------------------------------------------------------------------

SPLIT_VARIANTS = ("model", "rules_first_gaps", "rules_first_confirmed")


def _wheel_bytes(kind: str) -> Optional[int]:
    wheels = sorted((ROOT / "packages").glob(f"ko_kner_{kind}-*/dist/*.whl"))
    return wheels[-1].stat().st_size if wheels else None


def run_split(models: list[Path], konec, texts) -> dict:
    """Score each trained pipeline (model alone and hybrids) on the test document and KoNEC."""
    from kner.evaluate import ensure_normalizer, predict_records, score

    test = _records(CORPUS / "test.jsonl")
    out = {}
    for best in models:
        nlp = spacy.load(best)
        ensure_normalizer(nlp)
        info_path = best.parent / "train-info.json"
        info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        kind = "trf" if "transformer" in nlp.pipe_names else "cnn"
        rows = {}
        for v in SPLIT_VARIANTS:
            _set_variant(nlp, v)
            pred = predict_records(nlp, test)
            rows[v] = {"test": score(test, pred), **_konec_scores(nlp, konec),
                       **_throughput(nlp, texts), "model_bytes": _du(best),
                       "wheel_bytes": _wheel_bytes(kind), "train_seconds": info.get("train_seconds"),
                       "train_info": info, "model": str(best)}
            print(f"[split {kind}] {v}: test F={rows[v]['test']['spans']['micro']['f']} "
                  f"KoNEC F={rows[v]['konec']['spans']['micro']['f']} {rows[v]['chars_per_s']:.0f} chars/s", flush=True)
        out[kind] = rows
    return out


SPLIT_NAMES = {"model": "model only",
               "rules_first_gaps": "+ `kner_rules` rules_first, model ORG/PROGRAM in gaps",
               "rules_first_confirmed": "+ `kner_rules` rules_first, confirmed model ORG/PROGRAM in gaps"}


def render_split(results: dict, meta: dict) -> str:
    """The ``split`` section of docs/benchmarks.md: table and notes."""
    head = (f"| pipeline | test micro F1 | ORG | PROGRAM | MONEY | DATE | METRIC | {_konec_head()} | "
            "training | chars/s, 1 / 2 processes | model-best size | wheel |")
    lines = ["## Trained pipelines on the fixed split (issue 5)", "",
             f"Measured with `{meta['command']}` ({meta['date']}; {meta['machine']}; spaCy {spacy.__version__}).",
             "", head, _table_rule(head.count("|") - 1)]
    for kind, name in (("cnn", "CNN (`configs/ner_cnn.cfg`)"), ("trf", "transformer (`configs/ner_trf.cfg`)")):
        for v, vname in SPLIT_NAMES.items():
            r = results.get(kind, {}).get(v)
            if r is None:
                continue
            t = r["test"]["spans"]
            cells = [f"{name} {vname}", _f(t["micro"]["f"])] + [_f(t["per_label"].get(l, {}).get("f")) for l in LABELS]
            cells += _konec_cells(r)
            ts = r.get("train_seconds")
            cells.append(f"{ts / 60:.0f} min" if ts else "–")
            cells.append(_speed_cell(r))
            cells.append(f"{r['model_bytes'] / 1e6:.1f} MB")
            cells.append(f"{r['wheel_bytes'] / 1e6:.1f} MB" if r.get("wheel_bytes") else "–")
            lines.append("| " + " | ".join(cells) + " |")
    infos = {k: v["model"]["train_info"] for k, v in results.items() if v.get("model", {}).get("train_info")}
    lines += [
        "",
        "Notes:",
        "- Trained with `kner train cnn` / `kner train trf` (`configs/ner_*.cfg` as committed; training split = "
        "the training-side gold documents + the supplement + entity-substitution copies; `model-best` chosen on "
        "the dev document by the model alone, `model_ents_f`). Test = the one held-out test document of "
        "`splits.json` (seed-002): a small sample, so these figures are noisier than the cross-validated ones "
        "above.",
        _KONEC_NOTE + ".",
    ]
    for kind, info in infos.items():
        lines.append(f"- {kind}: {info.get('train_records')} training records + {info.get('augmented_records')} "
                     f"augmented, settings {json.dumps(info.get('overrides', {}), ensure_ascii=False)}.")
    lines += [
        "- The transformer's cross-validated rows (if measured) are in the Pipelines table above, trained with "
        "fewer steps per fold; the rows here compare it with the CNN on the same split.",
        "- Wheel: `spacy package` output (`packages/ko_kner_*/dist/*.whl`) when built.",
        "- chars/s: end to end as in the Pipelines table (`predict_records`, one process / two forked workers).",
    ]
    lines += _retimed_note(meta) + _konec_rescored_note(meta)
    return "\n".join(lines)


@app.command()
def main(
    max_steps: int = typer.Option(400, help="training.max_steps per fold"),
    eval_frequency: int = typer.Option(100, help="training.eval_frequency"),
    spacy_tokenizer: bool = typer.Option(False, "--spacy-tokenizer", help="also train the spaCy-tokenizer row"),
    write: Path = typer.Option(ROOT / "docs" / "benchmarks.md", help="Markdown file; its 'pipelines' section is replaced"),
    out: Path = typer.Option(OUT, help="fold models and raw JSON"),
    render_only: bool = typer.Option(False, "--render-only",
                                     help="measure nothing: re-write the section from <out>/pipelines.json"),
    crossval_dir: Optional[Path] = typer.Option(
        None, "--crossval-dir", help="only add the rows of fold models already trained by `kner crossval "
                                     "--output-dir DIR` on the same folds (gold + supplement + aug.) to "
                                     "<out>/pipelines.json and re-write the section"),
    group: str = typer.Option("trf", help="with --crossval-dir: the group name of its rows"),
    train_command: str = typer.Option("", help="with --crossval-dir: the command that trained the folds (for the notes)"),
    split_models: Optional[list[Path]] = typer.Option(
        None, "--split-model", help="only score these trained model-best folders on the fixed split "
                                    "(section 'split'); repeat for several"),
    speed_only: bool = typer.Option(False, "--speed-only",
                                    help="only re-time the throughput of every saved row (its fold-1 or split "
                                         "model, same texts) and re-write the sections: for a quiet machine"),
    konec_only: bool = typer.Option(False, "--konec-only",
                                    help="only re-predict KoNEC with every saved row's model (fold-1 or split "
                                         "model-best, no training) and re-score its KoNEC columns on both gold "
                                         "files; re-write the sections"),
) -> None:
    """Run every row of the pipeline benchmark and write the 'pipelines' section."""
    if speed_only:
        _retime(write, out)
        return
    if konec_only:
        _rescore_konec(write, out)
        return
    if render_only:
        from kner.bench.report import replace_section

        saved = json.loads((out / "pipelines.json").read_text(encoding="utf-8"))
        replace_section(write, "pipelines", render(saved["results"], saved["meta"]))
        if (out / "split.json").exists():
            saved = json.loads((out / "split.json").read_text(encoding="utf-8"))
            replace_section(write, "split", render_split(saved["results"], saved["meta"]))
        return
    if crossval_dir is not None:
        _add_crossval_group(crossval_dir, group, train_command, write, out)
        return
    if split_models:
        from kner.bench.report import replace_section

        command = _command()
        texts = [r["text"] for r in _records(CORPUS / "gold.jsonl") + _records(CORPUS / "supplement.jsonl")]
        meta = {"command": command, "date": time.strftime("%Y-%m-%d"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
        results = run_split(list(split_models), _konec_golds(), texts)
        out.mkdir(parents=True, exist_ok=True)
        _save(out / "split.json", meta, results)
        replace_section(write, "split", render_split(results, meta))
        print(render_split(results, meta))
        return
    from kner.augment import augment_records
    from kner.bench.report import replace_section
    from kner.corpus.splits import load_splits
    from kner.crossval import crossval, make_folds
    from kner.extract import rules_pipeline

    command = _command()
    gold = _records(CORPUS / "gold.jsonl")
    supplement = _records(CORPUS / "supplement.jsonl")
    splits = load_splits(CORPUS / "splits.json")
    konec = _konec_golds()
    texts = [r["text"] for r in gold + supplement]
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    meta = {"command": command, "date": time.strftime("%Y-%m-%d"), "max_steps": max_steps,
            "eval_frequency": eval_frequency, "chars": sum(len(t) for t in texts), "supplement": len(supplement),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}

    def save() -> None:
        _save(out / "pipelines.json", meta, results)
        if write is not None and "fold1_held_out" in meta:
            replace_section(write, "pipelines", render(results, meta))

    t_start = time.perf_counter()
    # 1. rules only
    rules_cv = crossval(gold, splits, output_dir=out / "rules", pipeline="rules")
    rnlp = rules_pipeline()
    results["rules"] = {"rules": {"cv": rules_cv["pooled"], **_konec_scores(rnlp, konec),
                                  **_throughput(rnlp, texts), "model_bytes": None,
                                  "train_seconds": None}}
    print(f"rules done ({time.perf_counter() - t_start:.0f}s)", flush=True)

    augmented, report = augment_records(supplement, copies=1, seed=0)
    meta["augmented"] = len(augmented)
    # kner_rules disabled while training: the model alone is what ents_f scores, so select on it
    # (model_ents_f is scored by kner_rules and is absent while it is disabled)
    overrides = {"training.max_steps": max_steps, "training.eval_frequency": eval_frequency,
                 "nlp.disabled": ["kner_rules"], "training.score_weights.ents_f": 1.0,
                 "training.score_weights.model_ents_f": 0.0}
    full_folds = make_folds(gold, splits, extra_train=supplement + augmented)
    meta["folds"] = len(full_folds)
    meta["fold1_held_out"] = [r["id"] for r in full_folds[0].held_out]
    save()
    # 2, 3. trained on gold + supplement + augmented supplement; hybrids on the same models
    results["full"] = run_trained("full", full_folds, overrides, konec, texts, out)
    save()
    print(f"full done ({time.perf_counter() - t_start:.0f}s)", flush=True)
    # 4. gold folds only
    results["gold"] = run_trained("gold", make_folds(gold, splits), overrides, konec, texts, out)
    save()
    print(f"gold done ({time.perf_counter() - t_start:.0f}s)", flush=True)
    # 5. spaCy's rule-based tokenizer
    if spacy_tokenizer:
        tok_overrides = {**overrides, "nlp.tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}
        results["spacytok"] = run_trained("spacytok", full_folds, tok_overrides, konec, texts, out,
                                          hybrids=False, spacy_tok=True)
        save()
    meta["total_seconds"] = time.perf_counter() - t_start
    save()
    print(render(results, meta))


def _add_crossval_group(cv_dir: Path, group: str, train_command: str, write: Path, out: Path) -> None:
    """Score the fold models of ``cv_dir`` (model alone, and the configs' hybrid) into the saved
    results as ``group`` and re-write the section."""
    from kner.augment import augment_records
    from kner.bench.report import replace_section
    from kner.corpus.splits import load_splits
    from kner.crossval import make_folds

    saved = json.loads((out / "pipelines.json").read_text(encoding="utf-8"))
    results, meta = saved["results"], saved["meta"]
    gold, supplement = _records(CORPUS / "gold.jsonl"), _records(CORPUS / "supplement.jsonl")
    augmented, _report = augment_records(supplement, copies=1, seed=0)
    folds = make_folds(gold, load_splits(CORPUS / "splits.json"), extra_train=supplement + augmented)
    texts = [r["text"] for r in gold + supplement]
    command = _command()
    results[group] = score_crossval_dir(group, folds, cv_dir, _konec_golds(), texts, CROSSVAL_VARIANTS)
    meta.setdefault("groups", {})[group] = {"command": command, "date": time.strftime("%Y-%m-%d"),
                                            "train_command": train_command or f"kner crossval --output-dir {cv_dir}"}
    _save(out / "pipelines.json", meta, results)
    replace_section(write, "pipelines", render(results, meta))
    print(render(results, meta))


def _model_path(model: str) -> Path:
    """A saved row's model folder; a relative path is taken from the repository root when it is
    not found from the working directory (rows store what the command line gave)."""
    path = Path(model)
    return path if path.is_absolute() or path.exists() else ROOT / path


def _redo_saved_rows(write: Path, out: Path, measure, meta_key: str) -> None:
    """Call ``measure(nlp, row)`` for every row of ``<out>/pipelines.json`` and ``<out>/split.json``
    with the row's pipeline — the rules pipeline, or the row's fold-1 / split ``model-best`` in
    the row's variant (loaded once for all its variants) — which updates the row in place; note
    the command and date under ``meta[meta_key]``, save both files and re-write both sections."""
    from kner.bench.report import replace_section
    from kner.evaluate import ensure_normalizer
    from kner.extract import rules_pipeline

    loaded: dict[str, object] = {}

    def pipeline(model: Optional[str]):
        if model is None:
            return rules_pipeline()
        if model not in loaded:
            path = _model_path(model)
            if not path.exists():
                raise SystemExit(f"{path}: the saved model of a row is gone (re-run the benchmark)")
            loaded.clear()  # one model in memory at a time
            loaded[model] = spacy.load(path)
            ensure_normalizer(loaded[model])
        return loaded[model]

    note = {"command": _command(), "date": time.strftime("%Y-%m-%d")}
    if meta_key == "retimed":
        note["load"] = f"{os.getloadavg()[0]:.2f}"
    for name, render_fn, model_of in (("pipelines", render, lambda r: r["folds"][0]["model"] if r.get("folds") else None),
                                      ("split", render_split, lambda r: r["model"])):
        path = out / f"{name}.json"
        if not path.exists():
            continue
        saved = json.loads(path.read_text(encoding="utf-8"))
        for group, rows in saved["results"].items():
            for variant, row in rows.items():
                nlp = pipeline(model_of(row))
                if model_of(row) is not None:
                    _set_variant(nlp, variant)
                print(f"[{name}] {group} {variant}: {measure(nlp, row)}", flush=True)
        saved["meta"][meta_key] = note
        _save(path, saved["meta"], saved["results"])
        replace_section(write, name, render_fn(saved["results"], saved["meta"]))


def _retime(write: Path, out: Path, texts: Optional[list[str]] = None) -> None:
    """Re-measure ``chars_per_s`` / ``chars_per_s_2`` of every row of ``pipelines.json`` and
    ``split.json`` (the rules pipeline, or the row's fold-1 / split model in the row's variant)
    over the same texts, and re-write both sections; the date and load go to the notes."""
    if texts is None:
        texts = [r["text"] for r in _records(CORPUS / "gold.jsonl") + _records(CORPUS / "supplement.jsonl")]

    def measure(nlp, row: dict) -> str:
        row.update(_throughput(nlp, texts))
        return f"{_speed_cell(row)} chars/s"

    _redo_saved_rows(write, out, measure, "retimed")


def _rescore_konec(write: Path, out: Path, golds: Optional[dict[str, list[dict]]] = None) -> None:
    """Re-predict KoNEC with every saved row's pipeline (as :func:`_retime` finds it: no
    retraining) and replace the row's KoNEC scores on every gold file of ``golds`` (by default
    :data:`KONEC_FILES`); the other figures stay; the date goes to the notes."""
    if golds is None:
        golds = _konec_golds()

    def measure(nlp, row: dict) -> str:
        row.update(_konec_scores(nlp, golds))
        return ", ".join(f"{key} F={row[key]['spans']['micro']['f']:.3f}" for key in golds)

    _redo_saved_rows(write, out, measure, "konec_rescored")


#: variants scored for fold models trained elsewhere: the model alone and the configs' hybrid
CROSSVAL_VARIANTS = ("model", "rules_first_gaps", "rules_first_confirmed")


if __name__ == "__main__":
    app()
