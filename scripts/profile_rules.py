"""Speed of the rule component (issues 5, 8): tokenizer alone, + kner_rules, + kner_normalizer.

    .venv/bin/python scripts/profile_rules.py [--repeat 3] [--top 20] [--no-profile]

Texts: corpus/kner-v1.0/gold.jsonl + supplement.jsonl. Stages, each timed over all texts (best of
``--repeat``, after one warm-up pass):

* (a) ``kner.blank()`` tokenizer alone: ``list(nlp.tokenizer.pipe(texts))``;
* (b) tokenizer + ``kner_rules`` (mode ``rules_only``);
* (c) tokenizer + ``kner_rules`` + ``kner_normalizer``.

Printed: chars/s of each stage and the ratio of the added time to the tokenizer time (the ratio is
what to compare when other work shares the CPU), by wall-clock time and by the CPU time of the
process (``time.process_time``: what the stage costs when it has a core to itself, much less
disturbed by other work on the machine), then a cProfile top list (cumulative time) of
``kner_rules`` alone over pre-tokenised docs.

The timed passes follow a warm-up pass over the same texts, so per-text caches (the gazetteer's
``org_key`` cache) are warm: text never seen before costs somewhat more.
"""

import cProfile
import io
import pstats
import time
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "kner-v1.0"

app = typer.Typer(add_completion=False)


def _texts() -> list[str]:
    from kner.records import load_records

    return [r["text"] for r in load_records(CORPUS / "gold.jsonl") + load_records(CORPUS / "supplement.jsonl")]


def _best(fn, repeat: int) -> tuple[float, float]:
    """The best wall-clock time and the best CPU time of ``repeat`` passes (after a warm-up)."""
    fn()  # warm-up: lazy loading of the KB, the Matcher, Kiwi caches
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    return min(walls), min(cpus)


@app.command()
def main(repeat: int = typer.Option(3, help="timed passes per stage (best is kept)"),
         top: int = typer.Option(20, help="rows of the cProfile listing"),
         profile: bool = typer.Option(True, help="print a cProfile of kner_rules")) -> None:
    """Time the three stages and profile the rules."""
    from kner.evaluate import ensure_normalizer
    from kner.rules.component import rules_pipeline

    texts = _texts()
    chars = sum(len(t) for t in texts)
    nlp_rules = rules_pipeline()
    nlp_norm = rules_pipeline()
    ensure_normalizer(nlp_norm)
    for nlp in (nlp_rules, nlp_norm):
        nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)

    tok = _best(lambda: list(nlp_rules.tokenizer.pipe(texts)), repeat)
    rules = _best(lambda: list(nlp_rules.pipe(texts)), repeat)
    norm = _best(lambda: list(nlp_norm.pipe(texts)), repeat)
    print(f"{len(texts)} texts, {chars} chars, best of {repeat}")
    for k, clock in enumerate(("wall-clock", "CPU")):
        t_tok, t_rules, t_norm = tok[k], rules[k], norm[k]
        print(f"-- {clock} time")
        print(f"(a) tokenizer              {chars / t_tok:10.0f} chars/s  {t_tok:7.3f} s")
        print(f"(b) + kner_rules           {chars / t_rules:10.0f} chars/s  {t_rules:7.3f} s  "
              f"rules/tokenizer = {(t_rules - t_tok) / t_tok:.2f}")
        print(f"(c) + kner_normalizer      {chars / t_norm:10.0f} chars/s  {t_norm:7.3f} s  "
              f"normalizer/tokenizer = {(t_norm - t_rules) / t_tok:.2f}")

    if profile:
        docs = list(nlp_rules.tokenizer.pipe(texts))
        rules = nlp_rules.get_pipe("kner_rules")
        prof = cProfile.Profile()
        prof.enable()
        for doc in docs:
            rules(doc)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
        print(buf.getvalue())
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
        print(buf.getvalue())


if __name__ == "__main__":
    app()
