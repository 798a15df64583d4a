"""The inline annotation source format of the corpus, and its conversion to records.

Annotators write documents as plain text with spans marked inline; the build turns
them into stand-off records (LABEL_SPEC "Document record")::

    # id=sup-a-001 date=2023-03-15 source=written-for-kner
    [[중기부|ORG|중소벤처기업부]]는 [[올해|DATE|date:2023]] [[3억원|MONEY|300000000]]을 …
    둘째 문장은 다음 줄에 쓴다.

* A header line ``# key=value …`` opens a document (``id`` required; ``date`` is
  ``YYYY-MM-DD`` or ``null``; any other key goes into ``meta``; values run to the next
  `` key=``, so they may contain spaces). Text lines follow and are joined with ``\\n``.
  A blank line or the next header ends the document. Lines starting with ``%`` are
  comments.
* A span is ``[[surface|LABEL]]`` or ``[[surface|LABEL|NORM]]``:

  ============ ====================================== =====================================
  label        NORM                                   when omitted
  ============ ====================================== =====================================
  ORG          canonical id                           surface without legal-form marks
  PROGRAM      canonical id                           :func:`canonical_program` of surface
  MONEY        ``<int>`` or ``null``, then a currency  required
               code (``20000000000 USD``; KRW default)
  DATE         ``<type>:<value>`` (``date:2019-12``,   required
               ``duration:P2Y``, ``time:T14:00``,
               ``date:null``)
  METRIC       ``<number or null> <unit> [~]``         required
               (``~`` marks approx: ``1400 명 ~``)
  ============ ====================================== =====================================
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator

from ..normalize.programs import canonical_program
from ..normalize.schema import norm_problem
from ..normalize.text import strip_legal_form
from ..records import LABELS, RecordError

SPAN_RE = re.compile(r"\[\[(?P<surface>[^\[\]|]+)\|(?P<label>[A-Z]+)(?:\|(?P<norm>[^\[\]]*))?\]\]")
_HEADER_KEY_RE = re.compile(r"(?:^|\s)([a-z_]+)=")


def parse_norm(label: str, surface: str, raw: str | None) -> dict:
    """Turn the NORM field of an inline span into the spec's norm dict."""
    raw = raw.strip() if raw is not None else None
    if label == "ORG":
        return {"id": raw or strip_legal_form(surface)}
    if label == "PROGRAM":
        return {"id": raw or canonical_program(surface)}
    if not raw:
        raise ValueError(f"{label} span {surface!r} needs an explicit norm")
    if label == "MONEY":
        parts = raw.split()
        if len(parts) not in (1, 2):
            raise ValueError(f"MONEY norm {raw!r}: expected '<int|null> [CUR]'")
        amount = None if parts[0] == "null" else int(parts[0])
        return {"amount": amount, "currency": parts[1] if len(parts) == 2 else "KRW"}
    if label == "DATE":
        kind, sep, value = raw.partition(":")
        if not sep:
            raise ValueError(f"DATE norm {raw!r}: expected '<type>:<value>'")
        return {"type": kind, "value": None if value == "null" else value}
    if label == "METRIC":
        parts = raw.split()
        approx = False
        if parts and parts[-1] == "~":
            approx = True
            parts = parts[:-1]
        if len(parts) != 2:
            raise ValueError(f"METRIC norm {raw!r}: expected '<number|null> <unit> [~]'")
        num: float | int | None
        if parts[0] == "null":
            num = None
        else:
            num = float(parts[0]) if any(c in parts[0] for c in ".eE") else int(parts[0])
        return {"value": num, "unit": parts[1], "approx": approx}
    raise ValueError(f"unknown label {label!r}")


def parse_line(line: str) -> tuple[str, list[dict]]:
    """Strip the inline spans from one text line; return the plain text and its spans."""
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in SPAN_RE.finditer(line):
        plain = line[pos:m.start()]
        out.append(plain)
        length += len(plain)
        surface, label = m.group("surface"), m.group("label")
        if label not in LABELS:
            raise ValueError(f"label {label!r} is not one of {', '.join(LABELS)}")
        if surface != surface.strip():
            raise ValueError(f"span {surface!r} has surrounding white space")
        norm = parse_norm(label, surface, m.group("norm"))
        problem = norm_problem(label, norm)
        if problem:
            raise ValueError(f"span {surface!r}: {problem}")
        spans.append({"start": length, "end": length + len(surface), "label": label, "norm": norm})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    rest = line[pos:]
    if "[[" in rest or "]]" in rest:
        raise ValueError(f"unbalanced or malformed span markup near {rest[rest.find('[[') if '[[' in rest else 0:][:40]!r}")
    out.append(rest)
    return "".join(out), spans


def parse_header(line: str) -> dict:
    """Parse ``# id=… date=… key=value …`` into a dict (values may contain spaces)."""
    body = line.lstrip("#").strip()
    keys = list(_HEADER_KEY_RE.finditer(body))
    if not keys or keys[0].start() != 0:
        raise ValueError(f"header {line!r}: expected '# id=… date=…'")
    fields: dict[str, str] = {}
    for k, nxt in zip(keys, keys[1:] + [None]):
        end = nxt.start() if nxt is not None else len(body)
        fields[k.group(1)] = body[k.end():end].strip()
    if "id" not in fields:
        raise ValueError(f"header {line!r} has no id=")
    return fields


def parse_markup(text: str, *, path: str = "<markup>", default_source: str | None = None) -> Iterator[dict]:
    """Parse a whole markup file into records (raises :class:`RecordError` naming file and line)."""
    header: dict | None = None
    lines: list[str] = []
    spans: list[dict] = []
    offset = 0

    def finish() -> dict | None:
        if header is None:
            return None
        meta = {k: v for k, v in header.items() if k != "id"}
        date = meta.get("date", "null")
        meta["date"] = None if date in ("", "null", "None") else date
        if default_source and "source" not in meta:
            meta["source"] = default_source
        return {"id": header["id"], "text": "\n".join(lines), "meta": meta, "spans": spans}

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if line.startswith("%"):
            continue
        if line.startswith("#"):
            rec = finish()
            if rec is not None:
                yield rec
            try:
                header = parse_header(line)
            except ValueError as exc:
                raise RecordError(str(exc), path=path, line=lineno) from None
            lines, spans, offset = [], [], 0
            continue
        if not line.strip():
            rec = finish()
            if rec is not None:
                yield rec
            header, lines, spans, offset = None, [], [], 0
            continue
        if header is None:
            raise RecordError("text outside a document: start documents with '# id=…'", path=path, line=lineno)
        if lines:
            offset += 1  # the joining newline
        try:
            plain, line_spans = parse_line(line)
        except ValueError as exc:
            raise RecordError(str(exc), path=path, line=lineno, doc_id=header.get("id")) from None
        for s in line_spans:
            s["start"] += offset
            s["end"] += offset
        spans.extend(line_spans)
        lines.append(plain)
        offset += len(plain)
    rec = finish()
    if rec is not None:
        yield rec


def read_markup(path: str | Path, *, default_source: str | None = None) -> list[dict]:
    """Read one markup file into records."""
    path = Path(path)
    return list(parse_markup(path.read_text(encoding="utf-8"), path=str(path), default_source=default_source))


def render_markup(record: dict) -> str:
    """Render a record back into the inline markup (inverse of :func:`parse_markup` for one document)."""
    meta = dict(record.get("meta", {}))
    head = [f"id={record['id']}", f"date={meta.pop('date', None) or 'null'}"]
    head += [f"{k}={v}" for k, v in meta.items()]
    text = record["text"]
    pieces: list[str] = []
    pos = 0
    for s in sorted(record.get("spans", []), key=lambda s: s["start"]):
        pieces.append(text[pos:s["start"]])
        pieces.append(f"[[{text[s['start']:s['end']]}|{s['label']}|{format_norm(s['label'], s['norm'])}]]")
        pos = s["end"]
    pieces.append(text[pos:])
    return "# " + " ".join(head) + "\n" + "".join(pieces) + "\n"


def format_norm(label: str, norm: dict) -> str:
    """The NORM field for a norm dict (inverse of :func:`parse_norm`)."""
    if label in ("ORG", "PROGRAM"):
        return norm["id"]
    if label == "MONEY":
        amount = "null" if norm["amount"] is None else str(norm["amount"])
        return amount if norm["currency"] == "KRW" else f"{amount} {norm['currency']}"
    if label == "DATE":
        return f"{norm['type']}:{'null' if norm['value'] is None else norm['value']}"
    if label == "METRIC":
        value = "null" if norm["value"] is None else repr(norm["value"])
        return f"{value} {norm['unit']}" + (" ~" if norm["approx"] else "")
    raise ValueError(label)


def main(argv: list[str] | None = None) -> int:
    """``python -m kner.corpus.markup FILE…``: parse files and print a summary or the first error."""
    argv = sys.argv[1:] if argv is None else argv
    status = 0
    for name in argv:
        try:
            docs = read_markup(name)
        except RecordError as err:
            print(err.describe(), file=sys.stderr)
            status = 1
            continue
        n_spans = sum(len(d["spans"]) for d in docs)
        n_lines = sum(d["text"].count("\n") + 1 for d in docs)
        print(f"{name}: {len(docs)} documents, {n_lines} lines, {n_spans} spans")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
