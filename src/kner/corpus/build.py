"""``kner corpus build``: the versioned corpus files from their sources.

Sources (under the corpus directory):

* ``raw/*.txt``: the seed captures, turned into clean documents by
  :func:`kner.corpus.clean.clean_directory` (text and provenance ``meta``);
* ``annotations/seeds/*.txt``: the seed annotations in inline markup
  (:mod:`kner.corpus.markup`). Their markup-stripped text must equal the clean text
  exactly, and their ``date`` the clean ``meta.date``;
* ``annotations/supplement/*.txt``: the sentences written for kner, in the same markup.

Output ``kner-v1.0/``: ``gold.jsonl`` (the seed documents with spans), ``supplement.jsonl``,
``splits.json`` (:mod:`kner.corpus.splits`) and ``train.jsonl`` / ``dev.jsonl`` /
``test.jsonl`` (train = gold train documents + the whole supplement). Every record
carries ``meta.version = "kner-v1.0"`` and every span its surface as ``text``. The
output is a pure function of the sources: byte-identical on every run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..records import CORPUS_VERSION, RecordError, atomic_write_text, dumps_record
from . import markup
from .clean import clean_directory
from .splits import SPLITS, make_splits, split_records

SUPPLEMENT_SOURCE = "written-for-kner"
OUTPUT_FILES: tuple[str, ...] = ("gold.jsonl", "supplement.jsonl", "splits.json",
                                 "train.jsonl", "dev.jsonl", "test.jsonl")


class BuildError(ValueError):
    """The sources cannot be assembled into a corpus (names file, line and document)."""


@dataclass(frozen=True)
class CorpusPaths:
    """Where the corpus sources and outputs live, relative to the corpus directory."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def seed_annotations(self) -> Path:
        return self.root / "annotations" / "seeds"

    @property
    def supplement_annotations(self) -> Path:
        return self.root / "annotations" / "supplement"

    @property
    def out(self) -> Path:
        return self.root / CORPUS_VERSION

    @property
    def external(self) -> Path:
        return self.root / "external" / "konec"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"


def _read_markup_dir(directory: Path, *, default_source: str | None = None) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(directory.glob("*.txt")):
        try:
            out += [(path, rec) for rec in markup.read_markup(path, default_source=default_source)]
        except RecordError as exc:
            raise BuildError(exc.describe()) from None
    return out


def _header_line(path: Path, doc_id: str) -> int:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") and markup.parse_header(line).get("id") == doc_id:
            return lineno
    return 0


def _text_mismatch(path: Path, doc_id: str, annotated: str, clean: str) -> str:
    """A message naming the first line where the annotated text leaves the clean text."""
    a_lines, c_lines = annotated.split("\n"), clean.split("\n")
    for k, (a, c) in enumerate(zip(a_lines, c_lines)):
        if a != c:
            col = next((i for i, (x, y) in enumerate(zip(a, c)) if x != y), min(len(a), len(c)))
            return (f"{path}:{_header_line(path, doc_id) + 1 + k} | doc {doc_id}: annotated text differs from the "
                    f"clean text in text line {k + 1}, column {col + 1}: annotated {a[max(col - 10, 0):col + 20]!r} "
                    f"vs clean {c[max(col - 10, 0):col + 20]!r}")
    return (f"{path}:{_header_line(path, doc_id)} | doc {doc_id}: annotated text has {len(a_lines)} lines, "
            f"the clean text {len(c_lines)}")


def _span(text: str, span: dict) -> dict:
    return {"start": span["start"], "end": span["end"], "label": span["label"],
            "text": text[span["start"]:span["end"]], "norm": span["norm"]}


def _record(doc_id: str, text: str, meta: dict, spans: list[dict]) -> dict:
    """A corpus record with meta in a fixed key order (date, source, …, version)."""
    ordered = {"date": meta.get("date"), "source": meta.get("source")}
    ordered.update({k: v for k, v in meta.items() if k not in ("date", "source", "version")})
    ordered["version"] = CORPUS_VERSION
    spans = sorted((_span(text, s) for s in spans), key=lambda s: (s["start"], s["end"]))
    return {"id": doc_id, "text": text, "meta": ordered, "spans": spans}


def gold_records(paths: CorpusPaths) -> list[dict]:
    """The seed documents: clean text and provenance merged with their annotations, sorted by id.

    Raises BuildError when the corpus directory does not exist or holds no raw captures."""
    if not paths.root.is_dir():
        raise BuildError(f"corpus directory {paths.root} does not exist")
    clean = {r["id"]: r for r in clean_directory(paths.raw)}
    if not clean:
        raise BuildError(f"no seed documents (raw captures *.txt) in {paths.raw}")
    annotated: dict[str, tuple[Path, dict]] = {}
    for path, rec in _read_markup_dir(paths.seed_annotations):
        if rec["id"] in annotated:
            raise BuildError(f"{path} | doc {rec['id']}: annotated twice (also in {annotated[rec['id']][0]})")
        annotated[rec["id"]] = (path, rec)
    missing = sorted(set(clean) - set(annotated))
    if missing:
        raise BuildError(f"seed documents without annotations in {paths.seed_annotations}: {', '.join(missing)}")
    orphans = sorted(set(annotated) - set(clean))
    if orphans:
        raise BuildError(f"annotations for documents that are not in {paths.raw}: "
                         + ", ".join(f"{d} ({annotated[d][0]})" for d in orphans))
    out = []
    for doc_id in sorted(clean):
        path, ann = annotated[doc_id]
        base = clean[doc_id]
        if ann["text"] != base["text"]:
            raise BuildError(_text_mismatch(path, doc_id, ann["text"], base["text"]))
        if ann["meta"].get("date") != base["meta"].get("date"):
            raise BuildError(f"{path}:{_header_line(path, doc_id)} | doc {doc_id}: date={ann['meta'].get('date')} "
                             f"but the clean document has date {base['meta'].get('date')}")
        meta = dict(base["meta"])
        meta.update({k: v for k, v in ann["meta"].items() if k not in meta})
        out.append(_record(doc_id, base["text"], meta, ann["spans"]))
    return out


def supplement_records(paths: CorpusPaths) -> list[dict]:
    """The written supplement, in file-name order then document order."""
    return [_record(rec["id"], rec["text"], rec["meta"], rec["spans"])
            for _path, rec in _read_markup_dir(paths.supplement_annotations, default_source=SUPPLEMENT_SOURCE)]


def _jsonl(records: list[dict]) -> str:
    return "".join(dumps_record(r) + "\n" for r in records)


def build_files(paths: CorpusPaths) -> dict[str, str]:
    """Every output file's content, keyed by file name (see :data:`OUTPUT_FILES`)."""
    gold = gold_records(paths)
    supplement = supplement_records(paths)
    seen: dict[str, str] = {}
    for name, recs in (("gold", gold), ("supplement", supplement)):
        for rec in recs:
            if rec["id"] in seen:
                raise BuildError(f"document id {rec['id']} occurs twice ({seen[rec['id']]} and {name})")
            seen[rec["id"]] = name
    try:
        splits = make_splits([r["id"] for r in gold], [r["id"] for r in supplement])
    except ValueError as exc:
        raise BuildError(str(exc)) from None
    parts = split_records(gold + supplement, splits)
    files = {
        "gold.jsonl": _jsonl(gold),
        "supplement.jsonl": _jsonl(supplement),
        "splits.json": json.dumps(splits, ensure_ascii=False, indent=2) + "\n",
    }
    for split in SPLITS:
        files[f"{split}.jsonl"] = _jsonl(parts[split])
    return files


def write_corpus(paths: CorpusPaths) -> dict[str, str]:
    """Build and write the corpus files; return what was written."""
    files = build_files(paths)
    for name, content in files.items():
        atomic_write_text(paths.out / name, content)
    return files


def stale_files(paths: CorpusPaths) -> list[str]:
    """Output files that are missing or differ from a fresh build (empty when up to date)."""
    stale = []
    for name, content in build_files(paths).items():
        target = paths.out / name
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            stale.append(name)
    return stale
