"""Unseen-organisation check (issue 8): the pipelines when the knowledge base does not know the
organisations a held-out document introduces.

    python scripts/bench_unseen.py [--models training/bench/full] [--write docs/benchmarks.md]

The ORG knowledge base (``kner/normalize/data/orgs.tsv``) lists every organisation of the corpus
gold, so on the gold folds the gazetteer recognises the held-out document's organisations by
construction — the gold CV of every row with rules is optimistic for that reason. Here, per fold,
every KB row is removed whose surface forms (id, aliases, former names) name a gold ORG span of
the held-out document and occur in no training document of that fold (gold training side +
supplement): the organisations only the new document brings. Rows of organisations the training
texts mention, and the KB's rows from public lists that no document mentions, stay. The norms
are still read with the full KB (only recognition is ablated).

Rows: the rules alone and the fold models of ``scripts/bench_pipelines.py`` (group "full": gold
training side + supplement + augmentation; no retraining) alone and in the hybrid modes, each
with the ablated KB; held-out predictions pooled over the folds and scored once.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path

import spacy
import typer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bench_pipelines import CORPUS, LABELS, _f, _records, _set_variant  # noqa: E402

from kner.bench.kb_ablation import ablated_kb  # noqa: E402

KB = ROOT / "src" / "kner" / "normalize" / "data" / "orgs.tsv"
ROWS = ("rules", "model", "override", "rules_first", "rules_first_gaps", "rules_first_confirmed")

app = typer.Typer(add_completion=False)


def _use_kb(nlp, kb_path: str | None) -> None:
    rules = nlp.get_pipe("kner_rules")
    rules.kb_path = kb_path
    rules._gazetteer = rules._programs = None


@app.command()
def main(models: Path = typer.Option(ROOT / "training" / "bench" / "full", help="fold-*/model/model-best of bench_pipelines"),
         write: Path = typer.Option(ROOT / "docs" / "benchmarks.md", help="Markdown file; its 'unseen' section is replaced"),
         out: Path = typer.Option(ROOT / "training" / "bench", help="raw JSON folder")) -> None:
    """Score rules, model and hybrids with the held-out documents' own organisations removed from the KB."""
    from kner.bench.report import replace_section
    from kner.corpus.splits import load_splits
    from kner.crossval import make_folds
    from kner.evaluate import ensure_normalizer, predict_records, score
    from kner.extract import rules_pipeline

    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])
    gold, supplement = _records(CORPUS / "gold.jsonl"), _records(CORPUS / "supplement.jsonl")
    folds = make_folds(gold, load_splits(CORPUS / "splits.json"), extra_train=supplement)
    kb_text = KB.read_text(encoding="utf-8")
    pooled: dict[str, list] = {r: [] for r in ROWS}
    gold_pooled: list[dict] = []
    removed_all: dict[int, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="kner-unseen-") as tmp:
        for fold in folds:
            text, removed = ablated_kb(kb_text, fold.held_out, fold.train + fold.dev)
            removed_all[fold.index] = removed
            kb_path = Path(tmp) / f"orgs-fold{fold.index}.tsv"
            kb_path.write_text(text, encoding="utf-8")
            rnlp = rules_pipeline()
            _use_kb(rnlp, str(kb_path))
            pooled["rules"] += predict_records(rnlp, fold.held_out)
            nlp = spacy.load(models / f"fold-{fold.index}" / "model" / "model-best")
            ensure_normalizer(nlp)
            for v in ROWS[1:]:
                _set_variant(nlp, v)
                if v != "model":
                    _use_kb(nlp, str(kb_path))
                pooled[v] += predict_records(nlp, fold.held_out)
            gold_pooled += fold.held_out
            print(f"fold {fold.index}: removed {len(removed)} KB rows: {', '.join(removed)}", flush=True)
    scores = {v: score(gold_pooled, pooled[v]) for v in ROWS}
    meta = {"command": command, "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    out.mkdir(parents=True, exist_ok=True)
    (out / "unseen.json").write_text(json.dumps({"meta": meta, "removed": removed_all, "scores": scores},
                                                ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    body = render(scores, removed_all, meta)
    replace_section(write, "unseen", body)
    print(body)


NAMES = {"rules": "rules only", "model": "CNN model only",
         "override": "CNN + `kner_rules` override", "rules_first": "CNN + `kner_rules` rules_first",
         "rules_first_gaps": "CNN + `kner_rules` rules_first, model ORG/PROGRAM in gaps",
         "rules_first_confirmed": "CNN + `kner_rules` rules_first, confirmed model ORG/PROGRAM in gaps"}


def render(scores: dict, removed: dict, meta: dict) -> str:
    lines = ["## Organisations the knowledge base does not know (issue 8)", "",
             f"Measured with `{meta['command']}` ({meta['date']}; {meta['machine']}; spaCy {spacy.__version__}).", "",
             "| pipeline (KB without the held-out documents' own organisations) | CV micro F1 | ORG P | ORG R | ORG F1 | "
             "PROGRAM | MONEY | DATE | METRIC |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for v in ROWS:
        sp = scores[v]["spans"]
        org = sp["per_label"].get("ORG", {})
        cells = [NAMES[v], _f(sp["micro"]["f"]), _f(org.get("p")), _f(org.get("r")), _f(org.get("f"))]
        cells += [_f(sp["per_label"].get(l, {}).get("f")) for l in LABELS if l != "ORG"]
        lines.append("| " + " | ".join(cells) + " |")
    n = sum(len(r) for r in removed.values())
    lines += ["", "Notes:",
              f"- Per fold, the KB rows naming a gold ORG of the held-out document that no training document of the "
              f"fold mentions are removed ({n} rows over the folds: "
              + "; ".join(f"fold {i}: {', '.join(r) or 'none'}" for i, r in removed.items()) + "). The same fold "
              "models as the \"Pipelines\" section (gold + supplement + aug.), no retraining; predictions of the "
              "held-out documents pooled and scored once (strict spans).",
              "- What it shows: how much of the rules' ORG score on the gold folds is the knowledge base knowing the "
              "document, and whether the learned model recovers organisations the KB does not list."]
    return "\n".join(lines)


if __name__ == "__main__":
    app()
