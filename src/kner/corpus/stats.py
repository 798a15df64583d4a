"""Corpus statistics as Markdown, kept in ``corpus/README.md`` between markers.

Counts documents, lines (sentences: the text lines of a document), characters and
spans per label, per split (train / dev / test of the corpus, plus the external
KoNEC set) and per source (``meta.source``). ``kner corpus stats --write`` puts the
tables between ``<!-- stats:start -->`` and ``<!-- stats:end -->``; ``--check`` fails
when the README's tables are not the ones the current files give.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..records import CORPUS_VERSION, LABELS, atomic_write_text, load_records
from .splits import SPLITS, load_splits

START = "<!-- stats:start -->"
END = "<!-- stats:end -->"


@dataclass
class Counts:
    """Sizes of a set of records."""

    documents: int = 0
    lines: int = 0
    characters: int = 0
    labels: Counter = field(default_factory=Counter)

    @property
    def spans(self) -> int:
        """All spans, every label."""
        return sum(self.labels.values())

    def add(self, record: dict) -> None:
        """Count one record."""
        self.documents += 1
        self.lines += record["text"].count("\n") + 1
        self.characters += len(record["text"])
        self.labels.update(s["label"] for s in record["spans"])


def count(records: Iterable[dict]) -> Counts:
    """The :class:`Counts` of ``records``."""
    c = Counts()
    for rec in records:
        c.add(rec)
    return c


def _row(name: str, c: Counts, extra: tuple[str, ...] = ()) -> str:
    cells = [name, *extra, f"{c.documents:,}", f"{c.lines:,}", f"{c.characters:,}", f"{c.spans:,}"]
    cells += [f"{c.labels[label]:,}" for label in LABELS]
    return "| " + " | ".join(cells) + " |"


def _header(first: tuple[str, ...]) -> list[str]:
    cols = [*first, "documents", "lines", "characters", "spans", *LABELS]
    align = ["---"] * len(first) + ["---:"] * (len(cols) - len(first))
    return ["| " + " | ".join(cols) + " |", "|" + "|".join(align) + "|"]


def render_tables(corpus: list[dict], splits: dict, external: dict[str, list[dict]] | None = None) -> str:
    """The Markdown tables for the corpus records (gold + supplement) and external sets.

    ``external`` maps a set name (e.g. ``konec-dev``) to its records.
    """
    external = external or {}
    by_id = {r["id"]: r for r in corpus}
    split_of: dict[str, list[str]] = {}
    for split in SPLITS:
        for doc_id in splits[split]:
            split_of.setdefault(doc_id, []).append(split)

    lines = [f"Corpus version `{splits.get('version', CORPUS_VERSION)}`; lines = text lines (sentences of "
             "the supplement, paragraphs of the seed documents).", "", "By split:", ""]
    lines += _header(("split",))
    for split in SPLITS:
        lines.append(_row(split, count(by_id[d] for d in splits[split] if d in by_id)))
    gold = {d for fold in splits.get("folds", []) for d in fold}
    lines.append(_row("gold (seed documents)", count(r for r in corpus if r["id"] in gold)))
    lines.append(_row("supplement (train only)", count(r for r in corpus if r["id"] not in gold)))
    lines.append(_row("**all (kner-v1.0)**", count(corpus)))
    for name, recs in external.items():
        lines.append(_row(f"external: {name} (eval only)", count(recs)))

    sources: dict[str, list[dict]] = {}
    for rec in corpus:
        sources.setdefault(rec["meta"].get("source", "?"), []).append(rec)
    for recs in external.values():
        for rec in recs:
            sources.setdefault(rec["meta"].get("source", "?"), []).append(rec)
    lines += ["", "By source (`meta.source`):", ""]
    lines += _header(("source", "documents' ids", "split"))
    ext_ids = {r["id"] for recs in external.values() for r in recs}
    for source in sorted(sources, key=lambda s: (sources[s][0]["id"] in ext_ids, s)):
        recs = sources[source]
        ids = [r["id"] for r in recs]
        id_cell = ids[0] if len(ids) == 1 else f"{ids[0]} … {ids[-1]}"
        places = sorted({p for d in ids for p in split_of.get(d, ["external"])}, key=_split_order)
        lines.append(_row(f"`{source}`", count(recs), (id_cell, ", ".join(places))))
    return "\n".join(lines) + "\n"


def _split_order(name: str) -> int:
    order = (*SPLITS, "external")
    return order.index(name) if name in order else len(order)


def corpus_tables(corpus_dir: str | Path) -> str:
    """Read the built corpus under ``corpus_dir`` and render its tables."""
    corpus_dir = Path(corpus_dir)
    out = corpus_dir / CORPUS_VERSION
    corpus = load_records(out / "gold.jsonl") + load_records(out / "supplement.jsonl")
    splits = load_splits(out / "splits.json")
    external = {}
    konec = corpus_dir / "external" / "konec" / "konec-dev.jsonl"
    if konec.exists():
        external["konec-dev"] = load_records(konec)
    return render_tables(corpus, splits, external)


def replace_block(readme: str, tables: str) -> str:
    """``readme`` with the text between the stats markers replaced by ``tables``."""
    if readme.count(START) != 1 or readme.count(END) != 1 or readme.index(START) > readme.index(END):
        raise ValueError(f"the README needs exactly one {START} … {END} block")
    head, rest = readme.split(START)
    _, tail = rest.split(END)
    return f"{head}{START}\n{tables}{END}{tail}"


def write_readme(readme_path: str | Path, tables: str) -> bool:
    """Put ``tables`` into the README; return True when the file changed."""
    readme_path = Path(readme_path)
    old = readme_path.read_text(encoding="utf-8")
    new = replace_block(old, tables)
    if new != old:
        atomic_write_text(readme_path, new)
    return new != old


def readme_is_current(readme_path: str | Path, tables: str) -> bool:
    """True when the README already holds ``tables``."""
    old = Path(readme_path).read_text(encoding="utf-8")
    return replace_block(old, tables) == old
