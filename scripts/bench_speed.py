"""Speed of the CNN pipeline and where its time goes (issue 5: ≥ 30,000 chars/s end to end, 2 cores).

    python scripts/bench_speed.py training/cnn/model-best                  # a trained pipeline
    python scripts/bench_speed.py --variant all --components              # untrained config variants
    python scripts/bench_speed.py --variant w64d2 --feed n_process --mode rules
    python scripts/bench_speed.py MODEL … --score --write docs/benchmarks.md
    python scripts/bench_speed.py NEW OLD --feed records_mp --mode rules --rounds 5   # medians, interleaved

Speed does not depend on the trained weights, so a variant of ``configs/ner_cnn.cfg`` (table
:data:`VARIANTS`: tok2vec width × depth, maxout pieces, parser hidden width, embedding rows) is
measured on a pipeline built from the config (``spacy.util.load_model_from_config``) and initialised
on a few gold records, without training. Trained pipelines (positional arguments) are loaded.

Over the texts (default: gold + supplement), each pipeline runs in each mode — ``model``
(``kner_rules`` disabled) and ``rules`` (the rules in the pipeline's configured mode) — fed each
way (``--feed``):

- ``texts``: ``nlp.pipe(texts)``, Kiwi called once per text;
- ``tokens``: ``nlp.pipe(nlp.tokenizer.pipe(texts))``, Kiwi batched over its threads (as
  ``kner extract`` / ``kner evaluate`` feed it);
- ``n_process``: ``nlp.pipe(texts, n_process=N)`` (worker processes; their start-up included);
- ``records``: :func:`kner.predict.predict_records` over the texts as records, one process: what
  ``kner extract`` and ``kner evaluate`` run (spans and norms collected);
- ``records_mp``: the same with ``n_process=N`` (``kner extract --n-process N``: forked workers
  running the whole pipeline, start-up included);
- ``none``: no end-to-end run (with ``--components``: only the stage-by-stage times).

Each measurement is the best of ``--repeats`` runs, reported as wall-clock chars/s and (not for
``n_process``, ``records_mp``) chars per CPU-second of this process (all its threads). With
``--rounds K`` the trained pipelines' feeds are instead run in K interleaved rounds (every pipeline
in turn, :func:`interleaved`) and the median is reported, with the range: on a shared 2-core VM the
same run varies by 25–40 % within minutes, so compare pipelines by medians of interleaved rounds. CPU time moves far less
than wall time when other jobs share the machine (≈ 25 % up under a load of 7 on 2 cores, wall
time several-fold): compare variants by CPU time when the machine is busy, and take the wall-clock figures of a quiet machine (the load average is recorded).
``--components`` times the stages one by one: ``nlp.tokenizer.pipe`` over the texts, then each
component's ``pipe`` over the docs the previous one returned (µs of CPU per character).

``--score`` (trained pipelines only) adds F1: dev (``meta.json``: ``model_ents_f``, the model
alone, and ``ents_f``, with the rules), the test split and KoNEC dev (ORG, DATE, MONEY, METRIC),
each with the model alone and with the rules. ``--write FILE`` replaces the ``speed`` section of
FILE (``<!-- speed:start -->`` … ``<!-- speed:end -->``, appended if absent); ``--json`` keeps the
raw figures.
"""

import json
import os
import platform
import shlex
import sys
import time
from datetime import date
from pathlib import Path
from typing import Callable, Optional

import typer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "kner-v1.0"
DEFAULT_TEXTS = [CORPUS / "gold.jsonl", CORPUS / "supplement.jsonl"]
DEFAULT_CONFIG = ROOT / "configs" / "ner_cnn.cfg"
KONEC = ROOT / "corpus" / "external" / "konec" / "konec-dev.jsonl"
KONEC_LABELS = ("ORG", "DATE", "MONEY", "METRIC")
MODES = ("model", "rules")
FEEDS = ("texts", "tokens", "n_process", "records", "records_mp")
MULTI = ("n_process", "records_mp")  # feeds whose work is done in other processes (no CPU figure)

ENC = "components.tok2vec.model.encode"
EMBED = "components.tok2vec.model.embed"
NER = "components.ner.model"


def _wd(width: int, depth: int, maxout: int = 3, hidden: int = 64) -> dict:
    """Overrides for a tok2vec of ``width`` × ``depth`` (maxout pieces and the parser's hidden width
    stated too, so that a variant's sizes do not follow the committed config's)."""
    return {f"{ENC}.width": width, f"{ENC}.depth": depth, f"{ENC}.maxout_pieces": maxout, f"{NER}.hidden_width": hidden}


#: Config variants: name → dotted overrides of ``configs/ner_cnn.cfg`` (``{}`` = the config as is,
#: whatever its sizes; the other names state their sizes: width × depth, maxout, hidden, rows).
VARIANTS: dict[str, dict] = {
    "config": {},
    "w128d4": _wd(128, 4),
    "w96d4": _wd(96, 4),
    "w64d4": _wd(64, 4),
    "w128d2": _wd(128, 2),
    "w96d2": _wd(96, 2),
    "w64d2": _wd(64, 2),
    "w128d4-mp2": {**_wd(128, 4), f"{ENC}.maxout_pieces": 2},
    "w128d4-h32": {**_wd(128, 4), f"{NER}.hidden_width": 32},
    "w128d4-rows2": {**_wd(128, 4), f"{EMBED}.rows": "half"},
    "w64d4-mp2-h32": {**_wd(64, 4), f"{ENC}.maxout_pieces": 2, f"{NER}.hidden_width": 32},
    "w64d2-mp2-h32": {**_wd(64, 2), f"{ENC}.maxout_pieces": 2, f"{NER}.hidden_width": 32},
}


def variant_config(name: str, config_path: Path = DEFAULT_CONFIG):
    """The pipeline config of variant ``name`` (:data:`VARIANTS`), not interpolated.

    ``"half"`` as the value of an embedding ``rows`` override halves each row count of the base config."""
    from spacy.util import load_config

    if name not in VARIANTS:
        raise KeyError(f"unknown variant {name!r}; known: {', '.join(VARIANTS)}")
    config = load_config(config_path, interpolate=False)
    for key, value in VARIANTS[name].items():
        *parents, last = key.split(".")
        node = config
        for part in parents:
            node = node[part]
        if value == "half":
            value = [max(1, int(r) // 2) for r in node[last]]
        node[last] = value
    return config


def sizes(config) -> dict:
    """The speed-relevant sizes of a pipeline config (tok2vec width/depth/maxout, embedding rows,
    parser hidden width)."""
    comps = config["components"]
    enc, embed, ner = comps["tok2vec"]["model"]["encode"], comps["tok2vec"]["model"]["embed"], comps["ner"]["model"]
    return {"width": enc["width"], "depth": enc["depth"], "maxout_pieces": enc["maxout_pieces"],
            "rows": list(embed["rows"]), "hidden_width": ner["hidden_width"]}


def init_records(n: int = 4) -> list[dict]:
    """The first ``n`` gold records that have spans (the examples a built variant is initialised on)."""
    from kner.records import load_records

    return [r for r in load_records(CORPUS / "gold.jsonl") if r.get("spans")][:n]


def build_variant(name: str, config_path: Path = DEFAULT_CONFIG, records: Optional[list[dict]] = None, *,
                  share=None):
    """An initialised, untrained pipeline of variant ``name`` (its labels from ``records``).

    With ``share`` (another pipeline), the new one uses that pipeline's vocab and tokenizer
    instead of loading a Kiwi model of its own (building a grid of variants loads Kiwi once)."""
    from spacy.training import Example
    from spacy.util import load_model_from_config

    from kner.io.docbin import record_to_doc

    config = variant_config(name, config_path)
    if share is None:
        nlp = load_model_from_config(config, auto_fill=True)
    else:
        config["nlp"]["tokenizer"] = {"@tokenizers": "spacy.Tokenizer.v1"}
        nlp = load_model_from_config(config, auto_fill=True, vocab=share.vocab)
        nlp.tokenizer = share.tokenizer
    records = init_records() if records is None else records
    examples = [Example(nlp.make_doc(r["text"]), record_to_doc(nlp, r)) for r in records]
    nlp.initialize(lambda: examples)
    return nlp


def best_of(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """``(wall seconds, CPU seconds of this process)`` of the fastest of ``repeats`` calls."""
    best = (float("inf"), float("inf"))
    for _ in range(max(1, repeats)):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        run = (time.perf_counter() - w0, time.process_time() - c0)
        best = min(best, run)
    return best


def set_mode(nlp, mode: str) -> None:
    """``model``: ``kner_rules`` disabled; ``rules``: enabled (no-op for a pipeline without it)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if "kner_rules" not in nlp.component_names:
        return
    if mode == "model" and "kner_rules" in nlp.pipe_names:
        nlp.disable_pipe("kner_rules")
    elif mode == "rules" and "kner_rules" not in nlp.pipe_names:
        nlp.enable_pipe("kner_rules")


def feed_fn(nlp, texts: list[str], feed: str, *, batch_size: int = 8, n_process: int = 2) -> Callable[[], list]:
    """A call that runs ``nlp`` over ``texts`` fed the ``feed`` way (module docstring)."""
    if feed == "texts":
        return lambda: list(nlp.pipe(texts, batch_size=batch_size))
    if feed == "tokens":
        return lambda: list(nlp.pipe(nlp.tokenizer.pipe(texts), batch_size=batch_size))
    if feed == "n_process":
        return lambda: list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    if feed in ("records", "records_mp"):
        from kner.predict import predict_records

        records = [{"id": str(i), "text": t, "meta": {}, "spans": []} for i, t in enumerate(texts)]
        procs = n_process if feed == "records_mp" else 1
        return lambda: predict_records(nlp, records, batch_size=batch_size, n_process=procs)
    raise ValueError(f"feed must be one of {FEEDS}, not {feed!r}")


def component_times(nlp, texts: list[str], *, batch_size: int = 8, repeats: int = 1) -> tuple[dict[str, dict], list]:
    """``(times, docs)``: per stage (``tokenizer`` then each enabled component) ``{"wall": s, "cpu": s}``
    of the tokenizer's ``pipe`` over ``texts``, then of each component's ``pipe`` over copies of the
    previous stage's docs (copied outside the timing); ``docs`` as the last stage returned them."""
    out = {}
    docs: list = []

    def tok():
        docs[:] = list(nlp.tokenizer.pipe(texts))

    wall, cpu = best_of(tok, repeats)
    out["tokenizer"] = {"wall": wall, "cpu": cpu}
    for name, proc in nlp.pipeline:
        start = list(docs)

        def run_timed(proc=proc, start=start):
            copies = [d.copy() for d in start]  # copied outside the timed part
            w0, c0 = time.perf_counter(), time.process_time()
            res = list(proc.pipe(copies, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in copies]
            return res, time.perf_counter() - w0, time.process_time() - c0

        best = None
        for _ in range(max(1, repeats)):
            res, w, c = run_timed()
            if best is None or (w, c) < best[1:]:
                best = (res, w, c)
        docs[:] = best[0]
        out[name] = {"wall": best[1], "cpu": best[2]}
    return out, docs


def _prepare(nlp, texts: list[str]) -> int:
    """Make ``nlp`` ready to time over ``texts`` (``kner_normalizer`` present, ``max_length`` above the
    longest text); return the number of characters."""
    from kner.evaluate import ensure_normalizer

    ensure_normalizer(nlp)
    longest = max(len(t) for t in texts)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    return sum(len(t) for t in texts)


def measure(nlp, texts: list[str], *, modes=MODES, feeds=("texts", "tokens"), repeats: int = 2,
            batch_size: int = 8, n_process: int = 2, components: bool = False,
            log: Callable[[str], None] = lambda s: None) -> dict:
    """Speed of ``nlp`` over ``texts``: ``{mode: {feed: {"wall_cps", "cpu_cps"}, "components": …}}``."""
    n_chars = _prepare(nlp, texts)
    out: dict = {"chars": n_chars}
    for mode in modes:
        set_mode(nlp, mode)
        res: dict = {}
        for feed in feeds:
            wall, cpu = best_of(feed_fn(nlp, texts, feed, batch_size=batch_size, n_process=n_process),
                                1 if feed == "n_process" else repeats)
            res[feed] = {"wall_cps": n_chars / wall, "cpu_cps": None if feed in MULTI else n_chars / cpu}
            log(f"  {mode:5s} {feed:10s} {res[feed]['wall_cps']:9,.0f} chars/s wall"
                + ("" if feed in MULTI else f"  {res[feed]['cpu_cps']:9,.0f} chars/CPU-s"))
        if components:
            times, _docs = component_times(nlp, texts, batch_size=batch_size, repeats=repeats)
            res["components"] = {k: {"cpu_us_per_char": 1e6 * v["cpu"] / n_chars,
                                     "wall_us_per_char": 1e6 * v["wall"] / n_chars} for k, v in times.items()}
            log("  " + mode + " µs CPU/char: " + ", ".join(f"{k} {v['cpu_us_per_char']:.1f}"
                                                         for k, v in res["components"].items()))
        out[mode] = res
    set_mode(nlp, "rules")
    return out


def interleaved(pipelines: dict, texts: list[str], *, modes=("rules",), feeds=("records_mp",), rounds: int = 5,
                batch_size: int = 8, n_process: int = 2, log: Callable[[str], None] = lambda s: None) -> dict:
    """End-to-end chars/s of several pipelines measured in turn: ``{name: {mode: {feed: {"runs": […],
    "wall_cps": median, "min": …, "max": …}}}}``.

    Each of ``rounds`` rounds runs every pipeline once per mode and feed, one after the other, so a
    slow spell of a shared machine (run-to-run spread of 25–40 % on a 2-core VM) falls on all of them
    alike; the median of the rounds is the figure to compare, the range shows the spread."""
    import statistics

    n_chars = 0
    for nlp in pipelines.values():
        n_chars = _prepare(nlp, texts)
    runs = {name: {m: {f: [] for f in feeds} for m in modes} for name in pipelines}
    for i in range(rounds):
        for name, nlp in pipelines.items():
            for m in modes:
                set_mode(nlp, m)
                for f in feeds:
                    fn = feed_fn(nlp, texts, f, batch_size=batch_size, n_process=n_process)
                    w0 = time.perf_counter()
                    fn()
                    runs[name][m][f].append(n_chars / (time.perf_counter() - w0))
            set_mode(nlp, "rules")
        log(f"  round {i + 1}/{rounds}: " + ", ".join(
            f"{name} {m} {f} {runs[name][m][f][-1]:,.0f}" for name in pipelines for m in modes for f in feeds))
    return {name: {m: {f: {"runs": v, "wall_cps": statistics.median(v), "min": min(v), "max": max(v), "cpu_cps": None}
                       for f, v in by_feed.items()} for m, by_feed in by_mode.items()}
            for name, by_mode in runs.items()}


def _keep(records: list[dict], labels) -> list[dict]:
    return [{**r, "spans": [s for s in r.get("spans", []) if s["label"] in labels]} for r in records]


def f1_scores(nlp, model_dir: Path, *, test: Path = CORPUS / "test.jsonl", konec: Optional[Path] = KONEC) -> dict:
    """Micro F1 of a trained pipeline: dev from its ``meta.json``, test and KoNEC dev predicted here,
    each with the model alone (``model``) and with the rules (``rules``)."""
    from kner.evaluate import predict_records, score
    from kner.records import load_records

    perf = json.loads((Path(model_dir) / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    out = {"dev": {"model": perf.get("model_ents_f"), "rules": perf.get("ents_f")}}
    gold = load_records(test)
    kn = _keep(load_records(konec), KONEC_LABELS) if konec is not None and Path(konec).exists() else None
    out["test"], out["konec"] = {}, {}
    for mode in MODES:
        set_mode(nlp, mode)
        out["test"][mode] = score(gold, predict_records(nlp, gold))["spans"]["micro"]["f"]
        if kn is not None:
            pred = _keep(predict_records(nlp, kn, batch_size=64), KONEC_LABELS)
            out["konec"][mode] = score(kn, pred, labels=KONEC_LABELS)["spans"]["micro"]["f"]
    set_mode(nlp, "rules")
    return out


def _cps(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:,.0f}"


def _f(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:.3f}"


def _get(d: dict, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def render(results: dict, meta: dict) -> str:
    """The Markdown body of the ``speed`` section for ``results`` (``{name: row}``, rows as
    :func:`main` collects them) measured as described by ``meta``."""
    lines = ["## CNN pipeline speed (issue 5)", "",
             f"Measured with `{meta['command']}` ({meta['date']}; {meta['machine']}; load average "
             f"{meta['load']}; {meta['chars']:,} characters of {meta['texts']}, "
             + (f"end-to-end columns: median of {meta['rounds']} interleaved rounds, stages: best of {meta['repeats']}"
                if meta.get("rounds") else f"best of {meta['repeats']}")
             + f", batch size {meta['batch_size']}).", ""]
    lines += ["| pipeline | width × depth | maxout | hidden | rows | model alone chars/s | with rules chars/s "
              "| with rules, n_process=2 | end to end with rules (`predict_records`), 1 / 2 processes "
              "| model alone chars/CPU-s | with rules chars/CPU-s "
              "| µs CPU/char tokenizer / tok2vec / ner / rules / normaliser "
              "| dev F1 model / rules | test F1 model / rules | KoNEC F1 model / rules |",
              "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---|"]
    for name, r in results.items():
        s, sp, sc = r["sizes"], r["speed"], r.get("scores") or {}
        comp = _get(sp, "rules", "components") or _get(sp, "model", "components") or {}
        comp_cell = " / ".join(f"{comp[k]['cpu_us_per_char']:.1f}" if k in comp else "–"
                               for k in ("tokenizer", "tok2vec", "ner", "kner_rules", "kner_normalizer"))
        pair = lambda part: f"{_f(_get(sc, part, 'model'))} / {_f(_get(sc, part, 'rules'))}" if part in sc else "–"
        lines.append(
            f"| {name} | {s['width']} × {s['depth']} | {s['maxout_pieces']} | {s['hidden_width']} "
            f"| {'/'.join(str(x) for x in s['rows'])} "
            f"| {_cps(_get(sp, 'model', 'tokens', 'wall_cps'))} | {_cps(_get(sp, 'rules', 'tokens', 'wall_cps'))} "
            f"| {_cps(_get(sp, 'rules', 'n_process', 'wall_cps'))} "
            f"| {_cps(_get(sp, 'rules', 'records', 'wall_cps'))} / {_cps(_get(sp, 'rules', 'records_mp', 'wall_cps'))} "
            f"| {_cps(_get(sp, 'model', 'tokens', 'cpu_cps'))} | {_cps(_get(sp, 'rules', 'tokens', 'cpu_cps'))} "
            f"| {comp_cell} | {pair('dev')} | {pair('test')} | {pair('konec')} |")
    lines += ["", "Columns: chars/s = wall clock of `nlp.pipe(nlp.tokenizer.pipe(texts))` (Kiwi batched over "
              "its threads) end to end, tokenizer and `kner_normalizer` included; \"model alone\" = `kner_rules` "
              "disabled; n_process=2 = `nlp.pipe(texts, n_process=2)` (worker start-up included); end to end = "
              "`kner.predict.predict_records` over the texts as records, spans and norms collected, as `kner extract` "
              "runs it, in one process and with `n_process=2` (`kner extract --n-process 2`: forked workers, start-up "
              "included); chars/CPU-s = "
              "characters per CPU-second of the process (all threads), which other jobs on the "
              "machine move far less than wall time; µs CPU/char = each stage alone (`nlp.tokenizer.pipe`, then each component's `pipe` over "
              "the previous stage's docs). Untrained rows are built from the config with the sizes shown "
              "(`spacy.util.load_model_from_config` + `nlp.initialize` on 4 gold records): speed does not depend "
              "on the weights. F1: strict span micro F1; dev from `meta.json` (`model_ents_f` / `ents_f`), test = "
              "`corpus/kner-v1.0/test.jsonl`, KoNEC = `corpus/external/konec/konec-dev.jsonl` (ORG, DATE, MONEY, "
              "METRIC)."]
    ranged = [(name, m, f, v) for name, r in results.items() for m, by_feed in r["speed"].items()
              if isinstance(by_feed, dict) for f, v in by_feed.items() if isinstance(v, dict) and "runs" in v]
    if ranged:
        lines += ["", "Interleaved rounds (each round runs every pipeline in turn; chars/s wall clock):", "",
                  "| pipeline | mode | feed | median | min – max | rounds |", "|---|---|---|---:|---:|---|"]
        for name, m, f, v in ranged:
            lines.append(f"| {name} | {m} | {f} | {_cps(v['wall_cps'])} | {_cps(v['min'])} – {_cps(v['max'])} "
                         f"| {', '.join(_cps(x) for x in v['runs'])} |")
    return "\n".join(lines)


def _split(values: Optional[list[str]], allowed, default) -> list[str]:
    out = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    out = out or list(default)
    bad = [x for x in out if x not in allowed]
    if bad:
        raise typer.BadParameter(f"unknown: {', '.join(bad)} (choose from {', '.join(allowed)})")
    return out


def main(
    models: Optional[list[Path]] = typer.Argument(None, help="Trained pipeline folders (e.g. training/cnn/model-best)."),
    variant: Optional[list[str]] = typer.Option(None, "--variant", "-v",
                                                help=f"Untrained config variant(s), comma-separated or repeated, or 'all': {', '.join(VARIANTS)}."),
    config: Path = typer.Option(DEFAULT_CONFIG, help="Base config of the variants."),
    mode: Optional[list[str]] = typer.Option(None, "--mode", help="model (kner_rules disabled) and/or rules [default: both]."),
    feed: Optional[list[str]] = typer.Option(None, "--feed", help="texts, tokens, n_process, records, records_mp, or none (only --components) [default: texts,tokens]."),
    texts: Optional[list[Path]] = typer.Option(None, "--texts", help="Record JSONL files whose texts are timed [default: gold + supplement]."),
    limit: int = typer.Option(0, help="Use only the first N texts (0: all)."),
    repeats: int = typer.Option(2, min=1, help="Timing repeats (best of)."),
    rounds: int = typer.Option(0, min=0, help="Trained pipelines: measure the --feed feeds in this many interleaved "
                                              "rounds (all pipelines in turn) and report the median, instead of best of --repeats."),
    batch_size: int = typer.Option(8, min=1, help="nlp.pipe batch size."),
    n_process: int = typer.Option(2, min=2, help="Processes of the n_process and records_mp feeds."),
    components: bool = typer.Option(False, "--components", help="Also time each stage on its own (CPU µs per character)."),
    score_f1: bool = typer.Option(False, "--score", help="Trained pipelines: add dev/test/KoNEC F1, model alone and with the rules."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the raw figures here."),
    write: Optional[Path] = typer.Option(None, help="Markdown file whose 'speed' section is replaced (appended if absent)."),
) -> None:
    """Chars/s of trained CNN pipelines and of untrained config variants, by mode and feed."""
    import spacy

    from kner.records import load_records

    modes = _split(mode, MODES, MODES)
    feeds = [f for f in _split(feed, FEEDS + ("none",), ("texts", "tokens")) if f != "none"]
    names = _split(variant, list(VARIANTS) + ["all"], ())
    if "all" in names:
        names = list(VARIANTS)
    if not models and not names:
        raise typer.BadParameter("give a trained pipeline folder or --variant")
    paths = texts or DEFAULT_TEXTS
    docs = [r["text"] for p in paths for r in load_records(p)]
    if limit:
        docs = docs[:limit]
    log = lambda s: typer.echo(s, err=True)
    log(f"{len(docs)} texts, {sum(map(len, docs)):,} chars; load average {os.getloadavg()[0]:.2f}")

    results: dict = {}
    loaded: dict = {}
    for path in models or []:
        log(f"{path}")
        nlp = spacy.load(path)
        row = {"kind": "trained", "path": str(path), "sizes": sizes(nlp.config),
               "speed": measure(nlp, docs, modes=modes, feeds=() if rounds else feeds, repeats=repeats,
                                batch_size=batch_size, n_process=n_process, components=components, log=log)}
        if score_f1:
            row["scores"] = f1_scores(nlp, path)
            log(f"  F1 {row['scores']}")
        results[str(path)] = row
        if rounds:
            loaded[str(path)] = nlp
    if loaded and feeds:
        log(f"interleaved rounds: {rounds}")
        for name, by_mode in interleaved(loaded, docs, modes=modes, feeds=feeds, rounds=rounds, batch_size=batch_size,
                                         n_process=n_process, log=log).items():
            for m, by_feed in by_mode.items():
                results[name]["speed"].setdefault(m, {}).update(by_feed)
    shared = None
    for name in names:
        log(f"variant {name}")
        nlp = build_variant(name, config, share=shared)
        shared = shared if shared is not None else nlp
        results[f"{name} (untrained)"] = {
            "kind": "variant", "variant": name, "overrides": VARIANTS[name], "sizes": sizes(nlp.config),
            "speed": measure(nlp, docs, modes=modes, feeds=feeds, repeats=repeats, batch_size=batch_size,
                             n_process=n_process, components=components, log=log)}

    meta = {"command": "python scripts/bench_speed.py " + shlex.join(sys.argv[1:]), "date": date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}",
            "load": f"{os.getloadavg()[0]:.2f}", "chars": sum(map(len, docs)),
            "texts": " + ".join(Path(p).name for p in paths) + (f" (first {limit})" if limit else ""),
            "repeats": repeats, "rounds": rounds if loaded else 0, "batch_size": batch_size}
    typer.echo(render(results, meta))
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    if write is not None:
        from kner.bench.report import replace_section

        replace_section(write, "speed", render(results, meta))


if __name__ == "__main__":
    typer.run(main)
