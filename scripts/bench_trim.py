"""The F1 cost of vocabulary trimming (issue 5): a trained transformer pipeline vs its full-vocabulary twin.

    python scripts/bench_trim.py --model training/trf/model-best [--limit N] [--write docs/benchmarks.md]

Method. ``kner model build-e5 --trim-from …`` keeps the pieces the full XLM-R tokenizer produces on
the trimming texts (the corpus texts, which include every training text, and Kiwi's lexicon) plus
whole character classes (``kner.models.e5``). Kept pieces keep their scores, so every training
text is tokenised exactly as by the full tokenizer, and training reads — and its gradients reach —
only rows of kept pieces. Training the same config on the *full* vocabulary would therefore have
updated exactly the same embedding rows with exactly the same values; the rows of the ~230k
dropped pieces would only have been shrunk by Adam's decoupled weight decay (thinc applies
``w -= lr·L2·w`` to every parameter each step, gradient or not; Adam's own step is 0 where the
gradient always was). So the full-vocabulary twin of a trained trimmed pipeline is built without
training a second model: the trained pipeline with its embedding matrix expanded back to 250,037
rows — rows of kept pieces from the trained model, all other rows from the original full e5 —
and the full tokenizer (:func:`kner.models.e5.expand_vocab`). The weight decay left out is bounded
by ``1 - Π(1 - lr_t·L2)`` over the configured steps (reported; ~2·10⁻⁴ for ``configs/ner_trf.cfg``).

Both pipelines are scored on text outside the trimming set: KoNEC dev (ORG, DATE, MONEY, METRIC;
``corpus/external/konec/konec-dev.jsonl``). The fixed test split is scored too, as a check: its text
is in the trimming set, so both must agree exactly. ``kner_rules`` is disabled (the model alone:
rule spans would mask a difference). Also reported: the share of KoNEC sentences whose token ids
differ between the trimmed and the full tokenizer (ids compared in the full vocabulary), their
``<unk>`` rates, and — the premise above — how many transformer windows of the training corpus
(the pipeline's own ``get_spans`` on ``paths.train`` of its config) tokenise differently (should be 0).

Where the HF model lives in a saved pipeline (spacy-transformers 1.4): ``transformer/model`` is
thinc's msgpack of the layer tree; the ``HFShim``'s bytes (one entry of its ``shims`` list) are a
msgpack of ``config`` (the HF config dict), ``state`` (``torch.save`` of the state dict) and
``tokenizer`` (the files of ``save_pretrained``). Loaded, the shim is
``nlp.get_pipe("transformer").model.layers[0].shims[0]``: ``._model`` is the ``BertModel`` and
``._hfmodel.tokenizer`` the tokenizer ``model.tokenizer`` returns; :func:`expand_pipeline` swaps both.
"""

import itertools
import json
import os
import platform
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import numpy as np
import typer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "kner-v1.0"
KONEC = ROOT / "corpus" / "external" / "konec" / "konec-dev.jsonl"
KONEC_LABELS = ("ORG", "DATE", "MONEY", "METRIC")
OUT = ROOT / "training" / "bench"

app = typer.Typer(add_completion=False)


def _keep(records: list[dict], labels) -> list[dict]:
    return [{**r, "spans": [s for s in r.get("spans", []) if s["label"] in labels]} for r in records]


def hf_shim(nlp):
    """The ``HFShim`` of the pipeline's transformer (holds ``_model`` and ``_hfmodel.tokenizer``)."""
    return nlp.get_pipe("transformer").model.layers[0].shims[0]


def expand_pipeline(nlp, full_dir: Path, *, decay: float = 1.0) -> None:
    """Turn a trimmed-vocabulary transformer pipeline into its full-vocabulary twin, in place."""
    from kner.models.e5 import expand_vocab

    shim = hf_shim(nlp)
    shim._hfmodel.tokenizer = expand_vocab(shim._model, shim._hfmodel.tokenizer, full_dir, decay=decay)


def weight_decay_factor(config) -> tuple[float, int]:
    """``(Π(1 - lr_t·L2), steps)`` over ``training.max_steps`` of a pipeline config: the factor the
    never-seen rows of a full-vocabulary training run would have been multiplied by."""
    from thinc.api import registry

    cfg = config.interpolate()
    opt, steps = cfg["training"]["optimizer"], int(cfg["training"]["max_steps"])
    if not opt.get("L2_is_weight_decay", True) or not opt.get("L2"):
        return 1.0, steps
    schedule = registry.resolve({"s": opt["learn_rate"]})["s"]
    if hasattr(schedule, "__next__"):  # a legacy generator schedule (warmup_linear.v1): one value a step
        rates = [float(r) for r in itertools.islice(schedule, steps)]
    elif callable(schedule):
        rates = [float(schedule(step=i)) for i in range(steps)]
    else:
        rates = [float(schedule)] * steps
    return float(np.prod([1.0 - r * float(opt["L2"]) for r in rates])), steps


def token_differences(trim_tok, full_tok, texts: list[str]) -> dict:
    """How many ``texts`` get other token ids from the trimmed tokenizer than from the full one
    (trimmed ids mapped to full ids), and the ``<unk>`` counts of both."""
    from kner.models.e5 import tokenizer_pieces, vocab_row_map

    row_map = vocab_row_map(tokenizer_pieces(trim_tok), tokenizer_pieces(full_tok))
    trim_ids = trim_tok(texts, add_special_tokens=False)["input_ids"]
    full_ids = full_tok(texts, add_special_tokens=False)["input_ids"]
    unk = full_tok.unk_token_id
    differ = sum(row_map[np.asarray(a, dtype=np.int64)].tolist() != b for a, b in zip(trim_ids, full_ids))
    return {"texts": len(texts), "differ": differ,
            "tokens_trimmed": sum(map(len, trim_ids)), "tokens_full": sum(map(len, full_ids)),
            "unk_trimmed": sum(i == 3 for ids in trim_ids for i in ids),
            "unk_full": sum(i == unk for ids in full_ids for i in ids)}


def training_windows(nlp, train_path: Path) -> list[str]:
    """The texts the transformer read in training: its ``get_spans`` windows over the docs of ``train_path``."""
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(train_path).get_docs(nlp.vocab))
    get_spans = nlp.get_pipe("transformer").model.attrs["get_spans"]
    return [span.text for doc_spans in get_spans(docs) for span in doc_spans]


def evaluate(nlp, konec: list[dict], test: list[dict]) -> dict:
    """Model-alone scores on KoNEC (its four labels) and the test split, plus the transformer outputs
    on the test texts (to compare the two pipelines)."""
    from kner.evaluate import predict_records, score

    t0 = time.perf_counter()
    pred = _keep(predict_records(nlp, konec, batch_size=64), KONEC_LABELS)
    konec_scores = score(_keep(konec, KONEC_LABELS), pred, labels=KONEC_LABELS)
    test_scores = score(test, predict_records(nlp, test))
    outputs = [np.asarray(doc._.trf_data.model_output["last_hidden_state"])
               for doc in nlp.pipe(r["text"] for r in test)]
    return {"konec": konec_scores, "test": test_scores, "seconds": time.perf_counter() - t0, "_outputs": outputs}


def _shown(path: Path) -> str:
    """``path`` relative to the repository when inside it, else absolute."""
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _f(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:.3f}"


def render(r: dict, meta: dict) -> str:
    """The 'trim' section of docs/benchmarks.md."""
    trim, full = r["trimmed"], r["full"]
    rows = []
    for name, key in (("KoNEC dev (ORG, DATE, MONEY, METRIC)", "konec"), ("test split (check: in the trimming set)", "test")):
        a, b = trim[key]["spans"]["micro"], full[key]["spans"]["micro"]
        rows.append(f"| {name} | {trim[key]['documents']:,} | {_f(a['f'])} | {_f(b['f'])} | "
                    f"{100 * (b['f'] - a['f']):+.2f} |")
    per_label = " · ".join(
        f"{lab} {_f(trim['konec']['spans']['per_label'][lab]['f'])} / {_f(full['konec']['spans']['per_label'][lab]['f'])}"
        for lab in KONEC_LABELS if lab in trim["konec"]["spans"]["per_label"])
    k, tw = r["tokens_konec"], r.get("tokens_train")
    train_line = (f"- Premise check: {tw['differ']} of {tw['texts']:,} transformer windows of the training corpus "
                  f"(`{r['train_path']}`) tokenise differently with the trimmed vocabulary."
                  if tw else "- Premise check skipped: the training corpus of the pipeline was not found.")
    lines = [
        "## Vocabulary trimming: F1 cost (issue 5)",
        "",
        f"Model: `{meta['model']}` ({r['layers']} layers, vocabulary {r['vocab_trimmed']:,} of {r['vocab_full']:,} "
        f"pieces; `transformer/` {r['bytes_trimmed'] / 1e6:.1f} MB, {r['bytes_full'] / 1e6:.1f} MB with the full "
        "vocabulary). Model alone (`kner_rules` disabled), strict span micro F1:",
        "",
        "| evaluation set | docs | trimmed | full-vocabulary twin | Δ F1 (points) |",
        "|---|---:|---:|---:|---:|",
        *rows,
        "",
        f"- KoNEC per label, trimmed / full: {per_label}.",
        f"- KoNEC tokenisation: {k['differ']:,} of {k['texts']:,} sentences ({100 * k['differ'] / max(k['texts'], 1):.1f}%) "
        f"get other token ids from the trimmed tokenizer; `<unk>` {k['unk_trimmed']:,} of {k['tokens_trimmed']:,} tokens "
        f"(full: {k['unk_full']:,} of {k['tokens_full']:,}).",
        train_line,
        f"- Transformer outputs on the test split, trimmed vs twin: max |Δ| = {r['test_output_max_abs_diff']:.2g}.",
        f"- Weight decay the twin leaves out: the rows not in the trimmed vocabulary would have been scaled by "
        f"{r['decay_factor']:.6f} over {r['decay_steps']} steps (a relative change of {1 - r['decay_factor']:.1e}).",
        "",
        "Method (`scripts/bench_trim.py`, docstring): kept pieces keep their scores, so the trimming texts — which "
        "contain every training text — tokenise exactly as with the full vocabulary, and training on the full "
        "vocabulary would have updated exactly the same embedding rows. The full-vocabulary twin is therefore the "
        "trained pipeline with its embedding matrix expanded back to 250,037 rows (kept rows: trained; the others: "
        "the original e5) and the full tokenizer (`kner.models.e5.expand_vocab`); no second training is needed. "
        "KoNEC is outside the trimming set; the test split is inside it, so its scores must be equal.",
        "",
        f"`{meta['command']}` — {meta['date']}, {meta['machine']}; "
        f"{r['seconds_trimmed']:.0f} s / {r['seconds_full']:.0f} s to evaluate the two pipelines.",
    ]
    return "\n".join(lines)


@app.command()
def main(
    model: Path = typer.Option(ROOT / "training" / "trf" / "model-best", help="trained transformer pipeline"),
    konec_path: Path = typer.Option(KONEC, "--konec", help="KoNEC dev JSONL"),
    test_path: Path = typer.Option(CORPUS / "test.jsonl", "--test", help="test split JSONL"),
    train_path: Optional[Path] = typer.Option(None, "--train", help="training .spacy (default: the config's paths.train)"),
    limit: int = typer.Option(0, help="only the first N KoNEC sentences (0: all)"),
    full_dir: Optional[Path] = typer.Option(None, help="a full e5 build to reuse (default: build one in a temp dir)"),
    write: Optional[Path] = typer.Option(ROOT / "docs" / "benchmarks.md", help="Markdown file whose 'trim' section "
                                         "is replaced; '-' to write nothing"),
    out: Path = typer.Option(OUT / "trim.json", help="raw results"),
) -> None:
    """Score a trained transformer pipeline and its full-vocabulary twin; write the 'trim' section."""
    import spacy
    import torch

    from kner.bench.report import replace_section
    from kner.models.e5 import build_e5, dir_size
    from kner.records import read_records

    torch.set_num_threads(min(2, os.cpu_count() or 1))
    command = "python " + " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])
    konec = read_records(konec_path).records
    konec = konec[:limit] if limit else konec
    test = read_records(test_path).records

    nlp = spacy.load(model)
    if "kner_rules" in nlp.pipe_names:
        nlp.disable_pipe("kner_rules")
    shim = hf_shim(nlp)
    trim_tok, hf = shim._hfmodel.tokenizer, shim._model
    layers, vocab_trimmed, width = hf.config.num_hidden_layers, hf.config.vocab_size, hf.config.hidden_size
    if train_path is None and nlp.config["paths"].get("train"):
        train_path = Path(nlp.config["paths"]["train"])
    factor, steps = weight_decay_factor(nlp.config)
    print(f"[trim] {model}: {layers} layers, vocab {vocab_trimmed}; decay factor {factor:.6f} over {steps} steps",
          flush=True)

    trimmed = evaluate(nlp, konec, test)
    print(f"[trim] trimmed: KoNEC F={trimmed['konec']['spans']['micro']['f']} "
          f"test F={trimmed['test']['spans']['micro']['f']} ({trimmed['seconds']:.0f}s)", flush=True)
    windows = training_windows(nlp, train_path) if train_path and train_path.exists() else None

    with tempfile.TemporaryDirectory(prefix="kner-e5-full-") as tmp:
        full_dir = full_dir or build_e5(Path(tmp) / "full").output_dir
        expand_pipeline(nlp, full_dir)
        full_tok = hf_shim(nlp)._hfmodel.tokenizer
        vocab_full = hf_shim(nlp)._model.config.vocab_size
        full = evaluate(nlp, konec, test)
    print(f"[trim] full twin: KoNEC F={full['konec']['spans']['micro']['f']} "
          f"test F={full['test']['spans']['micro']['f']} ({full['seconds']:.0f}s)", flush=True)

    bytes_trimmed = dir_size(model / "transformer")
    result = {
        "layers": layers, "vocab_trimmed": vocab_trimmed, "vocab_full": vocab_full,
        "bytes_trimmed": bytes_trimmed, "bytes_full": bytes_trimmed + (vocab_full - vocab_trimmed) * width * 4,
        "decay_factor": factor, "decay_steps": steps,
        "tokens_konec": token_differences(trim_tok, full_tok, [r["text"] for r in konec]),
        "tokens_train": token_differences(trim_tok, full_tok, windows) if windows is not None else None,
        "train_path": str(train_path) if windows is not None else None,
        # (inf if a test document got other windows: it would be a tokenisation difference)
        "test_output_max_abs_diff": max((float(np.abs(a - b).max()) if a.shape == b.shape else float("inf")
                                         for a, b in zip(trimmed["_outputs"], full["_outputs"])), default=0.0),
        "seconds_trimmed": trimmed["seconds"], "seconds_full": full["seconds"],
        "trimmed": {k: v for k, v in trimmed.items() if not k.startswith("_")},
        "full": {k: v for k, v in full.items() if not k.startswith("_")},
    }
    meta = {"command": command, "date": time.strftime("%Y-%m-%d"), "model": _shown(model),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "result": result}, ensure_ascii=False, indent=1, default=str),
                   encoding="utf-8")
    body = render(result, meta)
    if write is not None and str(write) != "-":
        replace_section(write, "trim", body)
    print(body)


if __name__ == "__main__":
    app()
