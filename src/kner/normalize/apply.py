"""Normalise records: gold (or predicted) spans in, ``norm`` values out.

Used by ``kner normalize`` and by the norm-accuracy measurement, so that normalisation is
measured apart from recognition. The document date is the record's ``meta.date``, else the
dateline found by :func:`kner.normalize.dates.doc_date_from_text`, else none.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .dates import doc_date_from_text, parse_date
from .schema import norm_problem
from .metrics import parse_metric
from .money import parse_money
from ..records import LABELS
from .orgs import Alias, OrgResolver
from .programs import ProgramResolver

MAX_EXAMPLES = 50


@dataclass
class NormReport:
    """What a normalisation run saw: spans per label and the ones that could not be parsed."""

    spans: Counter = field(default_factory=Counter)
    unparsed: Counter = field(default_factory=Counter)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (label, raw text)

    def add(self, label: str, text: str, ok: bool) -> None:
        """Count one span; remember the raw text of an unparsed one."""
        self.spans[label] += 1
        if not ok:
            self.unparsed[label] += 1
            if len(self.examples) < MAX_EXAMPLES:
                self.examples.append((label, text))

    def to_dict(self) -> dict:
        """A JSON-ready summary."""
        return {"spans": dict(self.spans), "unparsed": dict(self.unparsed),
                "examples": [{"label": lab, "text": t} for lab, t in self.examples]}

    def summary(self) -> str:
        """One line: spans and unparsed cases per label."""
        total = sum(self.spans.values())
        bad = sum(self.unparsed.values())
        per = ", ".join(f"{lab} {self.unparsed[lab]}/{n}" for lab, n in sorted(self.spans.items()))
        return f"{total} spans, {bad} unparsed ({per})"


@dataclass
class SpanContext:
    """What the normaliser may know about a span's document besides the span text."""

    doc_date: dt.date | None = None
    org_aliases: dict[str, str] | None = None   # in-document aliases introduced before the span
    doc_programs: tuple[str, ...] = ()           # texts of the document's PROGRAM spans
    before: str = ""                             # the text just before the span
    date_anchor: str | None = None               # value of the DATE this one continues (A부터 B까지)


class Normalizer:
    """Norms for spans of every label, with the ORG and programme knowledge bases loaded once."""

    def __init__(self, resolver: OrgResolver | None = None, programs: ProgramResolver | None = None):
        self.orgs = resolver or OrgResolver()
        self.programs = programs or ProgramResolver(org_known=self.orgs.known)

    def parse(self, label: str, text: str, ctx: SpanContext | None = None) -> tuple[dict, bool]:
        """The norm of one span and whether it could be parsed (``ok``); never raises on bad text."""
        ctx = ctx or SpanContext()
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}")
        try:
            if label == "MONEY":
                norm, ok = parse_money(text)
            elif label == "DATE":
                norm, ok = parse_date(text, ctx.doc_date, before=ctx.before, anchor=ctx.date_anchor)
            elif label == "METRIC":
                norm, ok = parse_metric(text)
            elif label == "ORG":
                norm, ok = self.orgs.resolve(text, ctx.org_aliases, doc_date=ctx.doc_date), True
            else:
                norm, ok = self.programs.resolve(text, ctx.doc_programs), True
        except Exception:  # bad input never breaks the pipeline: null value, counted
            return _null_norm(label, text), False
        if norm_problem(label, norm) is not None:  # e.g. an empty ORG surface
            return _null_norm(label, text), False
        return norm, ok

    def normalize_doc(self, text: str, spans: list[dict], doc_date: dt.date | None,
                      report: NormReport | None = None) -> list[dict]:
        """Norms for ``spans`` (dicts with start, end, label) of one document, in span order."""
        order = sorted(range(len(spans)), key=lambda i: (spans[i]["start"], spans[i]["end"]))
        aliases = self.orgs.find_aliases(text, [spans[i] for i in order if spans[i]["label"] == "ORG"],
                                         doc_date=doc_date)
        programs = tuple(text[s["start"]:s["end"]] for s in spans if s["label"] == "PROGRAM")
        norms: list[dict | None] = [None] * len(spans)
        prev_date: tuple[int, str | None] | None = None  # (end offset, value) of the last DATE
        for i in order:
            span = spans[i]
            surface = text[span["start"]:span["end"]]
            anchor = None
            if prev_date is not None and _CONTINUES_RE.fullmatch(text, prev_date[0], span["start"]):
                anchor = prev_date[1]
            ctx = SpanContext(doc_date=doc_date, org_aliases=aliases_before(aliases, span["start"]),
                              doc_programs=programs, before=text[max(0, span["start"] - CONTEXT_CHARS):span["start"]],
                              date_anchor=anchor)
            norm, ok = self.parse(span["label"], surface, ctx)
            norms[i] = norm
            if span["label"] == "DATE":
                prev_date = (span["end"], norm.get("value"))
            if report is not None:
                report.add(span["label"], surface, ok)
        return norms  # type: ignore[return-value]


# a DATE joined to the previous one by 부터 continues it: "다음 달 1일부터 19일까지"
_CONTINUES_RE = re.compile(r"\s*부터\s*")
CONTEXT_CHARS = 20


def parse_span(label: str, text: str, *, doc_date: dt.date | None = None,
               org_aliases: dict[str, str] | None = None, resolver: OrgResolver | None = None) -> tuple[dict, bool]:
    """The norm of one span and whether it could be parsed (``ok``)."""
    norm = _default_normalizer() if resolver is None else Normalizer(resolver)
    return norm.parse(label, text, SpanContext(doc_date=doc_date, org_aliases=org_aliases))


def normalize_span(label: str, text: str, *, doc_date: dt.date | None = None,
                   org_aliases: dict[str, str] | None = None, resolver: OrgResolver | None = None) -> dict:
    """The ``norm`` of a span of ``label`` with text ``text`` (LABEL_SPEC "Normalised values").

    Context a document gives (in-document aliases, dates continued with 부터, programme short
    forms) is used by :func:`normalize_record` and the pipeline component; here only
    ``doc_date`` and ``org_aliases`` are.

    >>> normalize_span("ORG", "강원TP")
    {'id': '강원테크노파크'}
    """
    return parse_span(label, text, doc_date=doc_date, org_aliases=org_aliases, resolver=resolver)[0]


def record_doc_date(record: dict) -> dt.date | None:
    """The date relative dates of ``record`` are resolved against."""
    meta_date = (record.get("meta") or {}).get("date")
    if meta_date:
        try:
            return dt.date.fromisoformat(meta_date)
        except ValueError:
            pass
    return doc_date_from_text(record.get("text", ""))


def aliases_before(aliases: list[Alias], pos: int) -> dict[str, str]:
    """The in-document aliases introduced before offset ``pos``."""
    return {a.surface: a.id for a in aliases if a.start <= pos}


def normalize_record(record: dict, *, resolver: OrgResolver | None = None,
                     report: NormReport | None = None, normalizer: Normalizer | None = None) -> dict:
    """A copy of ``record`` whose spans carry freshly computed ``norm`` values."""
    normalizer = normalizer or (_default_normalizer() if resolver is None else Normalizer(resolver))
    out = copy.deepcopy(record)
    spans = sorted(out.get("spans", []), key=lambda s: (s["start"], s["end"]))
    norms = normalizer.normalize_doc(out["text"], spans, record_doc_date(out), report)
    for span, norm in zip(spans, norms):
        span["norm"] = norm
    out["spans"] = spans
    return out


def normalize_records(records: Iterable[dict], *, resolver: OrgResolver | None = None) -> tuple[list[dict], NormReport]:
    """Normalise every record; return the new records and the run's report."""
    normalizer = _default_normalizer() if resolver is None else Normalizer(resolver)
    report = NormReport()
    return [normalize_record(r, normalizer=normalizer, report=report) for r in records], report


@dataclass
class NormMismatch:
    """A gold norm that the normaliser does not reproduce."""

    doc_id: str
    label: str
    text: str
    gold: dict
    predicted: dict


def compare_norms(gold_records: Iterable[dict], *, resolver: OrgResolver | None = None) -> tuple[int, list[NormMismatch]]:
    """Normalise the gold spans and compare with the gold norms; return ``(n_spans, mismatches)``."""
    normalizer = _default_normalizer() if resolver is None else Normalizer(resolver)
    n = 0
    bad: list[NormMismatch] = []
    for rec in gold_records:
        pred = normalize_record(rec, normalizer=normalizer)
        gold_spans = sorted(rec.get("spans", []), key=lambda s: (s["start"], s["end"]))
        for g, p in zip(gold_spans, pred["spans"]):
            if g.get("norm") is None:
                continue
            n += 1
            if g["norm"] != p["norm"]:
                bad.append(NormMismatch(rec["id"], g["label"], rec["text"][g["start"]:g["end"]], g["norm"], p["norm"]))
    return n, bad


def _null_norm(label: str, text: str) -> dict:
    """The norm of a span that cannot be parsed: null value, the raw text where a string is due."""
    raw = " ".join(text.split()) or "?"
    if label == "MONEY":
        return {"amount": None, "currency": "KRW"}
    if label == "DATE":
        return {"type": "date", "value": None}
    if label == "METRIC":
        return {"value": None, "unit": raw, "approx": False}
    return {"id": raw}


_NORMALIZER: Normalizer | None = None


def _default_normalizer() -> Normalizer:
    global _NORMALIZER
    if _NORMALIZER is None:
        _NORMALIZER = Normalizer()
    return _NORMALIZER
