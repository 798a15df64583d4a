"""Tokenizer benchmark on KoNEC dev: entity-boundary alignment and throughput.

    python scripts/bench_tokenizer.py [--konec PATH] [--write docs/benchmarks.md]

1. Share of entity boundaries (ORG, DATE, MONEY, METRIC as mapped from KoNEC) that fall
   on token boundaries, for kner's tokenizer, raw ``Kiwi.tokenize`` morphemes and spaCy's
   rule-based Korean tokenizer (``spacy.Tokenizer.v1`` on a blank ``ko``).
2. Throughput in characters per second: kner (``nlp.pipe`` over ``tokenizer.pipe``)
   against raw ``Kiwi.tokenize`` on the same texts, same thread count.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

import spacy
import typer

import kner
from kner.bench.alignment import Alignment, boundary_alignment, boundary_alignment_offsets
from kner.bench.report import replace_section
from kner.corpus.konec import convert_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_KONEC = ROOT.parent / "shared" / "datasets" / "konec" / "konec-dev.tsv"
KEEP = {"ORG", "DATE", "MONEY", "METRIC"}


def _best_of(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(
    konec: Path = typer.Option(DEFAULT_KONEC, help="KoNEC dev TSV"),
    write: Path = typer.Option(None, help="Markdown file whose 'tokenizer' section is replaced"),
    repeats: int = typer.Option(3, help="timing repeats (best of)"),
) -> None:
    records, _ = convert_file(konec)
    texts = [r["text"] for r in records]
    entities = [[s for s in r["spans"] if s["label"] in KEEP] for r in records]
    n_chars = sum(len(t) for t in texts)

    nlp = kner.blank()
    kiwi = nlp.tokenizer.kiwi
    opts = nlp.tokenizer._kiwi_kwargs()

    kner_align = boundary_alignment(nlp.tokenizer.pipe(texts), entities)
    raw_offsets = [[(m.start, m.start + m.len) for m in morphs] for morphs in kiwi.tokenize(texts, **opts)]
    raw_align = boundary_alignment_offsets(raw_offsets, entities)
    rule_nlp = spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    rule_align = boundary_alignment(rule_nlp.tokenizer.pipe(texts), entities)

    t_raw = _best_of(lambda: [len(m) for m in kiwi.tokenize(texts, **opts)], repeats)
    t_kner = _best_of(lambda: [len(d) for d in nlp.pipe(nlp.tokenizer.pipe(texts))], repeats)
    raw_cps, kner_cps = n_chars / t_raw, n_chars / t_kner

    rows = [
        ("kner `KiwiTokenizer.v1`", kner_align),
        ("raw `Kiwi.tokenize` morphemes", raw_align),
        ("spaCy rule-based Korean (`spacy.Tokenizer.v1`)", rule_align),
    ]
    lines = [
        f"Measured with `python scripts/bench_tokenizer.py --write docs/benchmarks.md` on "
        f"{len(texts):,} KoNEC dev sentences ({n_chars:,} characters; "
        f"{kner_align.boundaries:,} entity boundaries of ORG, DATE, MONEY, METRIC); "
        f"{platform.machine()}, Kiwi threads: {kiwi.num_workers}, kiwipiepy {_version('kiwipiepy')}, "
        f"spaCy {spacy.__version__}.",
        "",
        "| tokenizer | boundaries aligned | ORG misses | DATE misses | MONEY misses | METRIC misses |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, a in rows:
        m = a.misses_by_label
        lines.append(f"| {name} | {a.share:.2%} | {m['ORG']} | {m['DATE']} | {m['MONEY']} | {m['METRIC']} |")
    lines += [
        "",
        "| throughput (same texts, best of %d) | chars/s | relative |" % repeats,
        "|---|---:|---:|",
        f"| raw `Kiwi.tokenize` (batch) | {raw_cps:,.0f} | 1.00 |",
        f"| kner `nlp.pipe(nlp.tokenizer.pipe(texts))` | {kner_cps:,.0f} | {kner_cps / raw_cps:.2f} |",
        "",
        "Targets (issue 2): alignment ≥ 99.5 %, throughput ≥ 0.8 × raw Kiwi.",
    ]
    table = "\n".join(lines)
    print(table)
    print("\nkner misses (label, entity, sentence):")
    for ex in kner_align.examples[:20]:
        print("  ", ex[0], repr(ex[1]), "|", ex[2][:80])
    if write:
        replace_section(write, "tokenizer", "## Tokenizer\n\n" + table)
        print(f"\nwrote {write}")


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    typer.run(main)
