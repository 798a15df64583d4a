"""The document record of LABEL_SPEC: reading, writing and checking JSONL.

A record is a plain dict::

    {"id": str, "text": str,
     "meta": {"date": "YYYY-MM-DD" | None, "source": str, ...},
     "spans": [{"start": int, "end": int, "label": str, "norm": {...}}, ...]}

Everything in kner passes through this shape; converters (DocBin, HF datasets,
doccano) are pairs whose composition is the identity on it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

LABELS: tuple[str, ...] = ("ORG", "PROGRAM", "MONEY", "DATE", "METRIC")
CORPUS_VERSION = "kner-v1.0"

_DATE_META = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RecordError(ValueError):
    """A record that does not follow the spec; carries where it was found."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 doc_id: str | None = None, span: dict | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.doc_id = doc_id
        self.span = span
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.path is not None:
            where.append(str(self.path) + (f":{self.line}" if self.line is not None else ""))
        if self.doc_id is not None:
            where.append(f"doc {self.doc_id}")
        if self.span is not None:
            where.append("span [{start},{end}) {label}".format(
                start=self.span.get("start"), end=self.span.get("end"), label=self.span.get("label")))
        return (" | ".join(where) + ": " if where else "") + self.message


@dataclass
class ReadResult:
    """Records read from a JSONL file plus the lines that could not be read."""

    records: list[dict]
    errors: list[RecordError]


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, parsed_json)`` for each non-blank line; raise RecordError on bad JSON."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield i, json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=i) from exc


def read_records(path: str | Path, *, strict: bool = True, check: bool = True) -> ReadResult:
    """Read a spec JSONL file.

    With ``strict`` the first bad line raises :class:`RecordError`; otherwise bad lines
    are collected in ``errors`` and the good ones are still returned.
    """
    path = Path(path)
    records: list[dict] = []
    errors: list[RecordError] = []
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"cannot read file: {exc.strerror}", path=str(path)) from exc
    with fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise RecordError(f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
                if check:
                    check_record(obj)
                records.append(obj)
            except RecordError as err:
                err = RecordError(err.message, path=str(path), line=i, doc_id=err.doc_id, span=err.span)
                if strict:
                    raise err from None
                errors.append(err)
    return ReadResult(records, errors)


def load_records(path: str | Path) -> list[dict]:
    """Read a spec JSONL file strictly and return its records."""
    return read_records(path, strict=True).records


def dumps_record(record: dict) -> str:
    """One record as one JSON line (UTF-8 kept readable, keys in spec order)."""
    ordered = {k: record[k] for k in ("id", "text", "meta", "spans") if k in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    return json.dumps(ordered, ensure_ascii=False)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_records(path: str | Path, records: Iterable[dict]) -> int:
    """Write records as JSONL atomically; return how many were written."""
    lines = [dumps_record(r) for r in records]
    atomic_write_text(path, "".join(line + "\n" for line in lines))
    return len(lines)


def check_record(obj: Any) -> None:
    """Raise :class:`RecordError` unless ``obj`` has the record shape with consistent spans.

    Checks the keys and types, offsets in range, no overlaps and labels in the set.
    ``norm`` values are checked against their label by :mod:`kner.corpus.validate`
    (:func:`kner.normalize.schema.norm_problem`).
    """
    if not isinstance(obj, dict):
        raise RecordError(f"a record is a JSON object, got {type(obj).__name__}")
    doc_id = obj.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise RecordError("record needs a non-empty string 'id'")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecordError("record needs a string 'text'", doc_id=doc_id)
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise RecordError("'meta' must be an object", doc_id=doc_id)
    date = meta.get("date")
    if date is not None and not (isinstance(date, str) and _DATE_META.match(date)):
        raise RecordError(f"meta.date must be YYYY-MM-DD or null, got {date!r}", doc_id=doc_id)
    spans = obj.get("spans", [])
    if not isinstance(spans, list):
        raise RecordError("'spans' must be a list", doc_id=doc_id)
    for span in spans:
        if not isinstance(span, dict):
            raise RecordError("a span is a JSON object", doc_id=doc_id)
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            raise RecordError("span offsets must be integers", doc_id=doc_id, span=span)
        if not 0 <= start < end <= len(text):
            raise RecordError(f"offsets out of range for text of length {len(text)}", doc_id=doc_id, span=span)
        if label not in LABELS:
            raise RecordError(f"label {label!r} is not one of {', '.join(LABELS)}", doc_id=doc_id, span=span)
        if "text" in span and span["text"] != text[start:end]:
            raise RecordError(f"span text {span['text']!r} != text[start:end] {text[start:end]!r}",
                              doc_id=doc_id, span=span)
        if "norm" in span and span["norm"] is not None and not isinstance(span["norm"], dict):
            raise RecordError("'norm' must be an object", doc_id=doc_id, span=span)
    prev_end = -1
    for span in sorted_spans(spans):
        if span["start"] < prev_end:
            raise RecordError("span overlaps the previous one", doc_id=doc_id, span=span)
        prev_end = span["end"]


def is_nfc(text: str) -> bool:
    """True when ``text`` is in Unicode NFC."""
    return unicodedata.is_normalized("NFC", text)


def sorted_spans(spans: Iterable[dict]) -> list[dict]:
    """Spans ordered by start, then end."""
    return sorted(spans, key=lambda s: (s["start"], s["end"]))
