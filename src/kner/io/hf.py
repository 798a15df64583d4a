"""Records ↔ Hugging Face ``datasets`` (a ``DatasetDict`` of train / validation / test).

Columns of every split:

========== ==================================================================
id         the record id
text       the document text
meta       the record's ``meta`` as a JSON string
spans      list of ``{start, end, label, text, norm}``; ``norm`` is the span's norm
           as a JSON string; ``text`` and ``norm`` are null where the span lacks the key
tokens     the document's tokens by kner's tokenizer (Kiwi morphemes)
ner_tags   BIO tags over ``tokens``, a ``ClassLabel`` (:data:`BIO_NAMES`)
========== ==================================================================

``spans`` carries everything, so :func:`from_hf` reads records back from ``id``,
``text``, ``meta`` and ``spans`` alone: the import is the identity whatever the
tokenisation. ``tokens`` / ``ner_tags`` are derived for token-classification training;
a span that does not fall on token boundaries is an error, never dropped.

On disk (:func:`write_hf`): ``save_to_disk`` at the top of the output directory, and
the same splits as ``parquet/<split>.parquet`` (the features, ClassLabel included, ride
in the Parquet schema metadata); empty splits are not written. :func:`read_hf` reads
either and gives back train / validation / test in every case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..records import LABELS, RecordError, check_record, sorted_spans
from .docbin import AlignmentError, misaligned

HF_SPLITS: tuple[str, ...] = ("train", "validation", "test")
# kner's splits file says "dev"; Hugging Face says "validation".
SPLIT_ALIASES: dict[str, str] = {"dev": "validation", "valid": "validation"}
BIO_NAMES: tuple[str, ...] = ("O",) + tuple(f"{p}-{label}" for label in LABELS for p in ("B", "I"))
RECORD_KEYS = frozenset({"id", "text", "meta", "spans"})
SPAN_KEYS = frozenset({"start", "end", "label", "text", "norm"})


def features():
    """The ``datasets.Features`` of every split."""
    from datasets import ClassLabel, Features, Sequence, Value

    return Features({
        "id": Value("string"),
        "text": Value("string"),
        "meta": Value("string"),
        "spans": [{"start": Value("int32"), "end": Value("int32"), "label": Value("string"),
                   "text": Value("string"), "norm": Value("string")}],
        "tokens": Sequence(Value("string")),
        "ner_tags": Sequence(ClassLabel(names=list(BIO_NAMES))),
    })


def hf_split_name(name: str) -> str:
    """kner's split name → the Hugging Face one (``dev`` → ``validation``)."""
    return SPLIT_ALIASES.get(name, name)


def assign_splits(records: Iterable[dict], splits: dict | None = None,
                  default: str | None = None) -> dict[str, list[dict]]:
    """Group records by split: from a ``splits.json`` dict (``{"train": [ids], "dev": [...], …}``;
    other keys such as ``folds`` are ignored), else ``default``. A record in no split and no
    ``default`` is an error."""
    where: dict[str, str] = {}
    for name, ids in (splits or {}).items():
        if hf_split_name(name) in HF_SPLITS:
            for doc_id in ids:
                where[doc_id] = hf_split_name(name)
    out: dict[str, list[dict]] = {name: [] for name in HF_SPLITS}
    missing = []
    for rec in records:
        split = where.get(rec["id"], hf_split_name(default) if default else None)
        if split is None:
            missing.append(rec["id"])
            continue
        out.setdefault(split, []).append(rec)
    if missing:
        raise RecordError(f"{len(missing)} record(s) in no split (give a default split): "
                          + ", ".join(missing[:20]))
    return out


def _check_keys(record: dict) -> None:
    extra = set(record) - RECORD_KEYS
    if extra:
        raise RecordError(f"record keys {sorted(extra)} have no column in the HF dataset", doc_id=record.get("id"))
    for span in record.get("spans", []):
        extra = set(span) - SPAN_KEYS
        if extra:
            raise RecordError(f"span keys {sorted(extra)} have no field in the HF dataset",
                              doc_id=record.get("id"), span=span)


def bio_tags(doc, spans: list[dict]) -> list[str]:
    """BIO tag names over ``doc``'s tokens for ``spans`` (which must align strictly)."""
    tags = ["O"] * len(doc)
    for s in spans:
        span = doc.char_span(s["start"], s["end"], alignment_mode="strict")
        tags[span.start] = f"B-{s['label']}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{s['label']}"
    return tags


def record_to_row(record: dict, doc) -> dict:
    """One record and its tokenised Doc → one dataset row; AlignmentError if a span cannot align."""
    check_record(record)
    _check_keys(record)
    bad = misaligned(doc, record)
    if bad:
        raise AlignmentError("span(s) not on token boundaries: " + "; ".join(
            f"[{s['start']},{s['end']}) {s['label']} {record['text'][s['start']:s['end']]!r}" for s in bad),
            doc_id=record["id"])
    spans = sorted_spans(record.get("spans", []))
    return {
        "id": record["id"],
        "text": record["text"],
        "meta": json.dumps(record["meta"], ensure_ascii=False) if "meta" in record else None,
        "spans": [{"start": s["start"], "end": s["end"], "label": s["label"], "text": s.get("text"),
                   "norm": json.dumps(s["norm"], ensure_ascii=False) if "norm" in s else None} for s in spans],
        "tokens": [t.text for t in doc],
        "ner_tags": [BIO_NAMES.index(t) for t in bio_tags(doc, spans)],
    }


def row_to_record(row: dict) -> dict:
    """One dataset row → the record (from id, text, meta and spans only)."""
    record = {"id": row["id"], "text": row["text"]}
    if row.get("meta") is not None:
        record["meta"] = json.loads(row["meta"])
    spans = []
    for s in row["spans"]:
        span = {"start": s["start"], "end": s["end"], "label": s["label"]}
        if s.get("text") is not None:
            span["text"] = s["text"]
        if s.get("norm") is not None:
            span["norm"] = json.loads(s["norm"])
        spans.append(span)
    record["spans"] = spans
    return record


def to_hf(records_by_split: dict[str, list[dict]], nlp):
    """``{split: records}`` → a ``DatasetDict`` (empty splits kept, so train/validation/test always exist)."""
    from datasets import Dataset, DatasetDict

    feats = features()
    out = {}
    for split, records in records_by_split.items():
        docs = nlp.tokenizer.pipe(r["text"] for r in records)
        rows = [record_to_row(r, d) for r, d in zip(records, docs)]
        columns = {name: [row[name] for row in rows] for name in feats}
        out[hf_split_name(split)] = Dataset.from_dict(columns, features=feats)
    for split in HF_SPLITS:
        out.setdefault(split, Dataset.from_dict({name: [] for name in feats}, features=feats))
    return DatasetDict(out)


def from_hf(dd) -> dict[str, list[dict]]:
    """A ``DatasetDict`` → ``{split: records}``."""
    return {split: [row_to_record(row) for row in ds] for split, ds in dd.items()}


def write_hf(dd, out_dir: str | Path) -> Path:
    """``save_to_disk`` into ``out_dir`` and Parquet files into ``out_dir/parquet``; return ``out_dir``.

    Empty splits are left out on disk (``datasets`` cannot load an empty saved split);
    :func:`read_hf` puts them back.
    """
    from datasets import DatasetDict

    out_dir = Path(out_dir)
    kept = DatasetDict({split: ds for split, ds in dd.items() if len(ds)})
    if not kept:
        raise ValueError("nothing to write: every split is empty")
    kept.save_to_disk(str(out_dir))
    pq = out_dir / "parquet"
    pq.mkdir(parents=True, exist_ok=True)
    for split, ds in kept.items():
        ds.to_parquet(str(pq / f"{split}.parquet"))
    return out_dir


def read_hf(path: str | Path):
    """Read a ``DatasetDict`` written by :func:`write_hf`: a ``save_to_disk`` directory or a
    Parquet directory. Splits of :data:`HF_SPLITS` missing on disk come back empty."""
    from datasets import Dataset, DatasetDict, load_from_disk

    path = Path(path)
    if (path / "dataset_dict.json").exists():
        dd = load_from_disk(str(path))
    else:
        pq = path / "parquet" if (path / "parquet").is_dir() else path
        files = sorted(pq.glob("*.parquet"))
        if not files:
            raise FileNotFoundError(f"{path}: neither a save_to_disk DatasetDict nor a directory of .parquet files")
        dd = DatasetDict({f.stem: Dataset.from_parquet(str(f)) for f in files})
    feats = features()
    return DatasetDict({**{split: Dataset.from_dict({name: [] for name in feats}, features=feats)
                           for split in HF_SPLITS}, **dd})
