"""Corpus validation: every check of issue 3, each problem named by file, line, document and span.

Checks per record: the record shape; a unique id; NFC text; ``meta.date``
(``YYYY-MM-DD`` or null), ``meta.source`` and ``meta.version`` (the corpus version);
per span: integer offsets in range, the label in the set, ``span["text"]`` (when
present) equal to ``text[start:end]``, no white space at either edge, no line break
inside, spans in order and never overlapping, a ``norm`` valid for its label
(:func:`kner.normalize.schema.norm_problem`), and both edges on a token boundary of
kner's tokenizer (``kner.blank()``).

External evaluation data (KoNEC) has no norms: records with ``meta.norms = false``
must carry spans without ``norm``. Its boundaries follow another guideline, so a span
of such a record that is not aligned to kner's tokens is a *warning* (a fact about the
data to measure), not an error; for the kner corpus it is an error.

Inputs are JSONL record files or inline-markup sources (``.txt``, see
:mod:`kner.corpus.markup`; for those the line is the markup line of the span).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..normalize.schema import norm_problem
from ..records import CORPUS_VERSION, LABELS, RecordError, is_nfc, iter_jsonl
from . import markup

_DATE_META = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# text batch -> token (start, end) offsets per text; built from kner.blank() by default
Tokenize = Callable[[list[str]], list[list[tuple[int, int]]]]


@dataclass
class Report:
    """What validation found: errors fail the corpus, warnings only inform."""

    errors: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
    files: int = 0
    records: int = 0
    spans: int = 0

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return not self.errors


def spacy_tokenize(nlp) -> Tokenize:
    """A :data:`Tokenize` from a spaCy pipeline's tokenizer (``nlp.make_doc``)."""

    def tokenize(texts: list[str]) -> list[list[tuple[int, int]]]:
        out = []
        for text in texts:
            doc = nlp.make_doc(text)
            if doc.text != text:
                raise ValueError("the tokenizer does not reproduce the text")
            out.append([(t.idx, t.idx + len(t.text)) for t in doc])
        return out

    return tokenize


def default_tokenize() -> Tokenize:
    """Token offsets from kner's own pipeline (``kner.blank()``)."""
    import kner

    return spacy_tokenize(kner.blank())


def check_record(rec: Any, *, tokens: list[tuple[int, int]] | None = None, require_version: bool = True,
                 ) -> tuple[list[RecordError], list[RecordError]]:
    """Validate one record; return ``(errors, warnings)`` (without file and line).

    ``tokens`` (the token offsets of the text by kner's tokenizer) enables the
    alignment check; without them alignment is not checked.
    """
    errors: list[RecordError] = []
    warnings: list[RecordError] = []
    if not isinstance(rec, dict):
        return [RecordError(f"a record is a JSON object, got {type(rec).__name__}")], []
    doc_id = rec.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        errors.append(RecordError("record needs a non-empty string 'id'"))
        doc_id = None

    def err(msg: str, span: dict | None = None) -> None:
        errors.append(RecordError(msg, doc_id=doc_id, span=span))

    text = rec.get("text")
    if not isinstance(text, str):
        err("record needs a string 'text'")
        return errors, warnings
    if not is_nfc(text):
        err("text is not NFC-normalised")
    unknown = set(rec) - {"id", "text", "meta", "spans"}
    if unknown:
        err(f"unknown record keys: {', '.join(sorted(unknown))}")
    meta = rec.get("meta")
    if not isinstance(meta, dict):
        err("record needs a 'meta' object")
        meta = {}
    date = meta.get("date", "missing")
    if date is not None and not (isinstance(date, str) and _DATE_META.match(date)):
        err(f"meta.date must be YYYY-MM-DD or null, got {date!r}")
    if not isinstance(meta.get("source"), str) or not meta.get("source"):
        err("meta.source must be a non-empty string")
    if require_version and meta.get("version") != CORPUS_VERSION:
        err(f"meta.version must be {CORPUS_VERSION!r}, got {meta.get('version')!r}")
    norms = meta.get("norms", True)
    if not isinstance(norms, bool):
        err(f"meta.norms must be true or false, got {norms!r}")
        norms = True
    spans = rec.get("spans")
    if not isinstance(spans, list):
        err("record needs a 'spans' list")
        return errors, warnings

    good: list[dict] = []
    for span in spans:
        if not isinstance(span, dict):
            err(f"a span is a JSON object, got {type(span).__name__}")
            continue
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            err("span offsets must be integers", span)
            continue
        if not 0 <= start < end <= len(text):
            err(f"offsets out of range for a text of length {len(text)}", span)
            continue
        surface = text[start:end]
        if label not in LABELS:
            err(f"label {label!r} is not one of {', '.join(LABELS)}", span)
        if "text" in span and span["text"] != surface:
            err(f"span text {span['text']!r} != text[start:end] {surface!r}", span)
        if surface != surface.strip():
            err(f"span {surface!r} starts or ends with white space", span)
        if "\n" in surface:
            err(f"span {surface!r} crosses a line break", span)
        if "norm" in span or norms:
            if not norms:
                err("span has a norm but the record says meta.norms = false", span)
            elif label in LABELS:
                problem = norm_problem(label, span.get("norm"))
                if problem:
                    err(f"norm {span.get('norm')!r}: {problem}", span)
        good.append(span)

    order = [(s["start"], s["end"]) for s in good]
    if order != sorted(order):
        err("spans are not in order of start offset")
    prev: dict | None = None
    for span in sorted(good, key=lambda s: (s["start"], s["end"])):
        if prev is not None and span["start"] < prev["end"]:
            err(f"span overlaps [{prev['start']},{prev['end']}) {prev.get('label')} "
                f"{text[prev['start']:prev['end']]!r}", span)
        if prev is None or span["end"] > prev["end"]:
            prev = span

    if tokens is not None:
        for span in good:
            problem = alignment_problem(text, tokens, span["start"], span["end"])
            if problem:
                finding = RecordError(problem, doc_id=doc_id, span=span)
                (errors if norms else warnings).append(finding)
    return errors, warnings


def alignment_problem(text: str, tokens: list[tuple[int, int]], start: int, end: int) -> str | None:
    """Why ``[start, end)`` is not on token boundaries (naming the cut tokens), or None."""
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    problems = []
    for edge, bounds, name in ((start, starts, "start"), (end, ends, "end")):
        if edge in bounds:
            continue
        cut = next(((s, e) for s, e in tokens if s < edge < e), None)
        if cut is not None:
            problems.append(f"{name} {edge} falls inside token {text[cut[0]:cut[1]]!r}")
        else:
            problems.append(f"{name} {edge} is not a token {name}")
    if not problems:
        return None
    around = [text[s:e] for s, e in tokens if e > start - 1 and s < end + 1 and text[s:e].strip()]
    return f"span {text[start:end]!r} is not aligned to kner's tokens: {'; '.join(problems)} (tokens: {around})"


def _markup_lines(source: str) -> dict[str, list[int]]:
    """For each document id of a markup source, the file line numbers of its text lines."""
    out: dict[str, list[int]] = {}
    current: list[int] | None = None
    for lineno, line in enumerate(source.splitlines(), start=1):
        if line.startswith("%"):
            continue
        if line.startswith("#"):
            try:
                current = out.setdefault(markup.parse_header(line)["id"], [])
            except ValueError:
                current = None
            continue
        if not line.strip():
            current = None
        elif current is not None:
            current.append(lineno)
    return out


def _iter_file(path: Path) -> Iterable[tuple[int | Callable[[dict | None], int], Any]]:
    """Yield ``(line, record)`` pairs; for markup, ``line`` maps a span to its markup line."""
    if path.suffix == ".txt":
        source = path.read_text(encoding="utf-8")
        lines = _markup_lines(source)
        for rec in markup.parse_markup(source, path=str(path)):
            doc_lines = lines.get(rec["id"]) or [0]

            def where(span: dict | None, rec=rec, doc_lines=doc_lines) -> int:
                if span is None or not isinstance(span.get("start"), int):
                    return max(doc_lines[0] - 1, 0)  # the header line
                k = rec["text"][:span["start"]].count("\n")
                return doc_lines[min(k, len(doc_lines) - 1)]

            yield where, rec
        return
    yield from iter_jsonl(path)


def validate_file(path: str | Path, *, tokenize: Tokenize | None = None, align_external: bool = False,
                  report: Report | None = None) -> Report:
    """Validate one JSONL or markup file, adding to ``report`` (a new one by default).

    ``tokenize`` enables the token-alignment check (see :func:`default_tokenize`); for
    external records (``meta.norms = false``) only with ``align_external``, as their
    misalignments are warnings and tokenising 5,000 sentences takes a while.
    """
    path = Path(path)
    report = report if report is not None else Report()
    report.files += 1
    is_markup = path.suffix == ".txt"
    items: list[tuple[Any, Any]] = []
    try:
        items = list(_iter_file(path))
    except RecordError as exc:  # unreadable JSON line or markup that does not parse
        report.errors.append(exc if exc.path else RecordError(exc.message, path=str(path), line=exc.line,
                                                                 doc_id=exc.doc_id, span=exc.span))
    except OSError as exc:
        report.errors.append(RecordError(f"cannot read file: {exc.strerror}", path=str(path)))
    token_lists: list[list[tuple[int, int]] | None] = [None] * len(items)
    if tokenize is not None:
        todo = [i for i, (_, rec) in enumerate(items)
                if isinstance(rec, dict) and isinstance(rec.get("text"), str) and rec.get("spans")
                and (align_external or _has_norms(rec))]
        try:
            for i, toks in zip(todo, tokenize([items[i][1]["text"] for i in todo])):
                token_lists[i] = toks
        except ValueError as exc:
            report.errors.append(RecordError(f"tokenizer failed: {exc}", path=str(path)))
    seen: dict[str, Any] = {}
    for (line, rec), tokens in zip(items, token_lists):
        report.records += 1
        if isinstance(rec, dict) and isinstance(rec.get("spans"), list):
            report.spans += len(rec["spans"])
        errors, warnings = check_record(rec, tokens=tokens, require_version=not is_markup)

        def locate(e: RecordError, line=line) -> RecordError:
            ln = line(e.span) if callable(line) else line
            return RecordError(e.message, path=str(path), line=ln, doc_id=e.doc_id, span=e.span)

        doc_id = rec.get("id") if isinstance(rec, dict) else None
        if isinstance(doc_id, str):
            first = line(None) if callable(line) else line
            if doc_id in seen:
                report.errors.append(RecordError(f"duplicate id (first at line {seen[doc_id]})",
                                                 path=str(path), line=first, doc_id=doc_id))
            seen.setdefault(doc_id, first)
        report.errors.extend(locate(e) for e in errors)
        report.warnings.extend(locate(w) for w in warnings)
    return report


def _has_norms(rec: dict) -> bool:
    meta = rec.get("meta")
    return not (isinstance(meta, dict) and meta.get("norms") is False)


def validate_paths(paths: Iterable[str | Path], *, tokenize: Tokenize | None = None,
                   align_external: bool = False) -> Report:
    """Validate several files into one report."""
    report = Report()
    for path in paths:
        validate_file(path, tokenize=tokenize, align_external=align_external, report=report)
    return report


def corpus_files(corpus_dir: str | Path) -> list[Path]:
    """The files ``kner corpus validate`` checks by default: the gold and supplement
    records of the current version and the external KoNEC set, with NIKL and with LABEL_SPEC
    boundaries (the split files are copies of the first two, kept current by
    ``kner corpus build --check``)."""
    from .build import CorpusPaths

    paths = CorpusPaths(Path(corpus_dir))
    return [paths.out / "gold.jsonl", paths.out / "supplement.jsonl", paths.external / "konec-dev.jsonl",
            paths.external / "konec-dev-spec.jsonl"]


def validate_corpus(corpus_dir: str | Path, *, tokenize: Tokenize | None = None,
                    align_external: bool = False) -> Report:
    """Validate the default corpus files and the split invariants of ``splits.json``."""
    from .build import CorpusPaths
    from .splits import check_splits, load_splits

    paths = CorpusPaths(Path(corpus_dir))
    report = validate_paths(corpus_files(corpus_dir), tokenize=tokenize, align_external=align_external)
    splits_path = paths.out / "splits.json"
    try:
        splits = load_splits(splits_path)
        ids = {}
        for name in ("gold", "supplement"):
            ids[name] = [rec.get("id") for _, rec in _iter_file(paths.out / f"{name}.jsonl") if isinstance(rec, dict)]
    except (OSError, ValueError) as exc:
        report.errors.append(RecordError(f"cannot check the splits: {exc}", path=str(splits_path)))
        return report
    for problem in check_splits(splits, ids["gold"], ids["supplement"]):
        report.errors.append(RecordError(problem, path=str(splits_path)))
    return report
