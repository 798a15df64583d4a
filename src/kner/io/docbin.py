"""Records ↔ spaCy ``DocBin`` (``.spacy`` files), norms kept.

Each record becomes a ``Doc`` made by the pipeline's tokenizer (kner's Kiwi tokenizer
for ``kner.blank()``), with ``doc.ents`` set from the spans so that the file trains
as it is (``spacy train``). Custom span extensions such as ``span._.norm`` do not
survive a DocBin reliably, so everything of the record except its text (id, meta,
other keys, the spans with their norms) goes into ``doc.user_data["kner"]`` as a JSON
string (exact, where msgpack would turn lists into tuples), which a DocBin keeps with
``store_user_data=True``.

Back from a DocBin, span boundaries and labels are read from ``doc.ents`` and each
span gets its norm (and any other keys) back from ``user_data`` where start, end and
label match. Docs without kner data (for instance a pipeline's predictions) become
records with id ``doc-<n>`` and norms from ``span._.norm`` where that extension is set.

A span that does not fall on token boundaries cannot be an entity: it is an error
(:class:`AlignmentError`), never dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from ..records import RecordError, check_record, sorted_spans

USER_DATA_KEY = "kner"


class AlignmentError(RecordError):
    """Spans that do not start and end on token boundaries."""


def misaligned(doc, record: dict) -> list[dict]:
    """The spans of ``record`` that ``doc``'s tokens cannot represent (strict alignment)."""
    return [s for s in record.get("spans", [])
            if doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict") is None]


def record_to_doc(nlp, record: dict):
    """One record → a ``Doc`` with ``ents`` set and the record in ``user_data``; AlignmentError if a span cannot align."""
    doc = nlp.make_doc(record["text"])
    return _fill(doc, record)


def _fill(doc, record: dict):
    bad = misaligned(doc, record)
    if bad:
        raise AlignmentError(
            "span(s) not on token boundaries: " + "; ".join(
                f"[{s['start']},{s['end']}) {s['label']} {doc.text[s['start']:s['end']]!r} "
                f"(tokens there: {[t.text for t in doc.char_span(s['start'], s['end'], alignment_mode='expand') or []]})"
                for s in bad),
            doc_id=record.get("id"))
    doc.ents = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
                for s in sorted_spans(record.get("spans", []))]
    # As a JSON string: msgpack (DocBin's serialiser) would bring lists back as tuples.
    doc.user_data[USER_DATA_KEY] = json.dumps({k: v for k, v in record.items() if k != "text"}, ensure_ascii=False)
    return doc


def records_to_docs(nlp, records: Iterable[dict]) -> Iterator:
    """Records → Docs (batched through the tokenizer's ``pipe``); AlignmentError on the first misaligned span."""
    records = list(records)
    for rec in records:
        check_record(rec)
    for doc, rec in zip(nlp.tokenizer.pipe(r["text"] for r in records), records):
        yield _fill(doc, rec)


def doc_to_record(doc, index: int = 0) -> dict:
    """A ``Doc`` → a record: spans from ``doc.ents``; id, meta and norms from ``user_data`` when present."""
    carried = doc.user_data.get(USER_DATA_KEY)
    if isinstance(carried, str):
        carried = json.loads(carried)
    if carried is None:
        carried = {"id": f"doc-{index}", "meta": {"date": None, "source": "spacy"}, "spans": []}
    originals = {(s["start"], s["end"], s["label"]): s for s in carried.get("spans", [])}
    from spacy.tokens import Span

    has_norm = Span.has_extension("norm")
    spans = []
    for ent in doc.ents:
        key = (ent.start_char, ent.end_char, ent.label_)
        if key in originals:
            spans.append(originals[key])
            continue
        span = {"start": ent.start_char, "end": ent.end_char, "label": ent.label_}
        if has_norm and ent._.norm is not None:
            span["norm"] = ent._.norm
        spans.append(span)
    record = {"id": carried.get("id"), "text": doc.text}
    record.update({k: v for k, v in carried.items() if k not in ("id", "spans")})
    record["spans"] = sorted_spans(spans)
    return record


def to_docbin(records: Iterable[dict], nlp):
    """Records → a ``DocBin`` (``store_user_data=True``) of Docs tokenised by ``nlp``."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=True)
    for doc in records_to_docs(nlp, records):
        db.add(doc)
    return db


def from_docbin(db, vocab) -> list[dict]:
    """A ``DocBin`` → records (``vocab``: the pipeline's, or any ``Vocab``)."""
    return [doc_to_record(doc, i) for i, doc in enumerate(db.get_docs(vocab))]


def write_docbin(records: Iterable[dict], nlp, path: str | Path) -> int:
    """Write records to a ``.spacy`` file; return how many docs were written."""
    db = to_docbin(records, nlp)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return len(db)


def read_docbin(path: str | Path, vocab=None) -> list[dict]:
    """Read a ``.spacy`` file back into records."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    db = DocBin().from_disk(path)
    return from_docbin(db, vocab if vocab is not None else Vocab())
