"""Batch extraction: documents in, spec records with normalised entities out.

Inputs (:func:`read_inputs`) are ``.txt`` files (one document each; id = file stem) or
JSONL files of records (``text`` required; ``id`` and ``meta.date`` optional; any spans
are ignored), or folders holding such files. Bad input never stops the batch: an
unreadable file, a line that is not JSON or has no text, or a bad ``meta.date`` becomes an
:class:`InputProblem` naming the file and line, and everything else is still read. Texts
are put into Unicode NFC (offsets then refer to the NFC text, which is the text written
out; ``meta.nfc_changed`` marks the documents that changed). The document date is the
record's ``meta.date``, else the ``date`` option, else a dateline found in the text
(:func:`kner.normalize.doc_date_from_text`); ``meta.date_from`` says which.

:func:`resolve_pipeline` finds the pipeline to run (:data:`MODEL_HINT` says how to build
one), :func:`extract` runs it (:func:`kner.evaluate.predict_records`: any text length,
empty texts give records without spans), and :func:`write_outputs` writes JSONL (spec
records, each span with its ``text``), CSV (one row per span) and a displaCy HTML page,
each file atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .records import LABELS, atomic_write_text, dumps_record

FORMATS: tuple[str, ...] = ("jsonl", "csv", "html")
INPUT_SUFFIXES: tuple[str, ...] = (".txt", ".jsonl")
DEFAULT_STEM = "entities"

# Pipelines tried when no model is given, best first.
TRAINING_DIRS: tuple[str, ...] = ("training",)
PACKAGES: tuple[str, ...] = ("ko_kner_trf", "ko_kner_cnn")
RULES_MODEL = "rules"  # --model rules: the rule-based pipeline (kner_rules + kner_normalizer), nothing trained
MODEL_HINT = (
    "No kner pipeline was found (looked for training/*/model-best, the packages "
    + ", ".join(PACKAGES) + ", and the rule component kner_rules). Build one in the repository with "
    "`kner train cnn` (or `kner train trf`, or the project.yml workflow `python -m weasel run cnn`; "
    "underneath: `python -m spacy train configs/ner_cnn.cfg --output training/cnn ...`), "
    "or pass --model PATH_OR_PACKAGE."
)

# displaCy colours per label (data).
COLORS: dict[str, str] = {
    "ORG": "#7aecec",
    "PROGRAM": "#feca74",
    "MONEY": "#e4e7d2",
    "DATE": "#bfe1d9",
    "METRIC": "#c887fb",
}
_ENT_TEMPLATE = (
    '<mark class="entity" title="{norm_title}" style="background: {bg}; padding: 0.45em 0.6em; '
    'margin: 0 0.25em; line-height: 1; border-radius: 0.35em;">{text}<span style="font-size: 0.8em; '
    'font-weight: bold; line-height: 1; border-radius: 0.35em; vertical-align: middle; margin-left: 0.5rem">'
    '{label}{kb_link}</span><span style="font-size: 0.7em; margin-left: 0.3rem">{norm_value}</span></mark>'
)

# The main scalar of a norm (CSV ``value`` column) and its unit (``unit`` column), per label.
VALUE_KEY: dict[str, str] = {"MONEY": "amount", "DATE": "value", "METRIC": "value", "ORG": "id", "PROGRAM": "id"}
UNIT_KEY: dict[str, str] = {"MONEY": "currency", "DATE": "type", "METRIC": "unit"}
CSV_COLUMNS: tuple[str, ...] = ("doc_id", "start", "end", "label", "text", "value", "unit", "norm")


# Lone surrogates (JSON "\\ud800" escapes) are not Unicode text; no tokenizer accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")


class ModelNotFound(LookupError):
    """No pipeline could be loaded; the message says which command builds one."""


@dataclass
class InputProblem:
    """Something in the input that could not be used, and where."""

    path: str
    message: str
    line: Optional[int] = None

    def describe(self) -> str:
        """``path:line: message``."""
        return f"{self.path}{f':{self.line}' if self.line is not None else ''}: {self.message}"


@dataclass
class Inputs:
    """Documents read for extraction and what went wrong while reading."""

    records: list[dict] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    nfc_changed: int = 0
    empty: int = 0
    files: int = 0


# ---------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------

def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: the given files, and the ``.txt``/``.jsonl`` files inside given folders (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in INPUT_SUFFIXES)
        else:
            out.append(p)
    return out


def read_inputs(paths: Iterable[str | Path], *, date: Optional[str] = None) -> Inputs:
    """Read ``.txt`` and JSONL inputs into records (see the module docstring)."""
    from .normalize import doc_date_from_text

    if date is not None:
        _check_date(date)
    result = Inputs()
    seen: Counter = Counter()
    for path in expand_paths(paths):
        suffix = path.suffix.lower()
        if suffix not in INPUT_SUFFIXES:
            result.problems.append(InputProblem(str(path), f"not a .txt or .jsonl file (suffix {suffix or 'none'!r})"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            result.problems.append(InputProblem(str(path), f"cannot read file: {exc.strerror or exc}"))
            continue
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            result.problems.append(InputProblem(str(path), f"not UTF-8 text (bad byte at offset {exc.start})"))
            continue
        result.files += 1
        if suffix == ".txt":
            items = [(None, {"id": path.stem, "text": content, "meta": {}})]
        else:
            items = list(_jsonl_items(path, content, result.problems))
        for line, obj in items:
            rec = _make_record(obj, path, line, date, result, doc_date_from_text)
            seen[rec["id"]] += 1
            if seen[rec["id"]] > 1:
                rec["id"] = f"{rec['id']}#{seen[rec['id']]}"
            result.records.append(rec)
    return result


def _jsonl_items(path: Path, content: str, problems: list[InputProblem]):
    for i, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(InputProblem(str(path), f"invalid JSON: {exc.msg} (column {exc.colno})", i))
            continue
        if not isinstance(obj, dict):
            problems.append(InputProblem(str(path), f"a line must be a JSON object, got {type(obj).__name__}", i))
            continue
        if not isinstance(obj.get("text"), str):
            problems.append(InputProblem(str(path), "the object has no string 'text'", i))
            continue
        if obj.get("meta") is not None and not isinstance(obj["meta"], dict):
            problems.append(InputProblem(str(path), "'meta' must be an object; ignored", i))
            obj = {**obj, "meta": {}}
        meta_date = (obj.get("meta") or {}).get("date")
        if meta_date is not None:
            try:
                _check_date(meta_date)
            except ValueError as exc:
                problems.append(InputProblem(str(path), f"{exc}; the document is read without it", i))
                obj = {**obj, "meta": {**obj["meta"], "date": None}}
        if _SURROGATE.search(obj["text"]):
            problems.append(InputProblem(str(path), "lone surrogate escapes (not Unicode text) replaced by U+FFFD; "
                                                    "the document is read", i))
            obj = {**obj, "text": _SURROGATE.sub("\ufffd", obj["text"])}
        if obj.get("id") is not None and not isinstance(obj["id"], str):
            obj = {**obj, "id": str(obj["id"])}
        yield i, obj


def _make_record(obj: dict, path: Path, line: Optional[int], date: Optional[str], result: Inputs,
                 find_date: Callable[[str], Optional[dt.date]]) -> dict:
    text = obj["text"]
    nfc_text = unicodedata.normalize("NFC", text)
    meta = {k: v for k, v in (obj.get("meta") or {}).items()}
    meta.setdefault("source", path.name if line is None else f"{path.name}:{line}")
    if nfc_text != text:
        result.nfc_changed += 1
        meta["nfc_changed"] = True
    if not nfc_text.strip():
        result.empty += 1
    if meta.get("date"):
        meta["date_from"] = "input"
    elif date is not None:
        meta["date"], meta["date_from"] = date, "option"
    else:
        found = find_date(nfc_text) if nfc_text.strip() else None
        meta["date"] = found.isoformat() if found else None
        meta["date_from"] = "dateline" if found else None
    doc_id = obj.get("id") or (path.stem if line is None else f"{path.stem}-{line}")
    return {"id": doc_id, "text": nfc_text, "meta": meta, "spans": []}


def _check_date(value) -> None:
    if not isinstance(value, str):
        raise ValueError(f"date must be YYYY-MM-DD, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date must be YYYY-MM-DD, got {value!r}") from None
    if len(value) != 10:
        raise ValueError(f"date must be YYYY-MM-DD, got {value!r}")


# ---------------------------------------------------------------------------------------------
# pipelines
# ---------------------------------------------------------------------------------------------

def rules_available() -> bool:
    """True when the rule component ``kner_rules`` (:mod:`kner.rules.component`) is installed."""
    try:
        import kner.rules.component  # noqa: F401  (registers the factory)
    except ImportError:
        return False
    from spacy.language import Language

    return Language.has_factory("kner_rules")


def rules_pipeline():
    """``kner.blank()`` + ``kner_rules`` (rules only) + ``kner_normalizer``: needs no training."""
    from kner.rules.component import rules_pipeline as build

    from .evaluate import ensure_normalizer

    nlp = build(mode="rules_only")
    ensure_normalizer(nlp)
    return nlp


def _meta(model_dir: Path) -> dict:
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _is_transformer(model_dir: Path) -> bool:
    pipeline = _meta(model_dir).get("pipeline") or []
    if not pipeline:
        return "trf" in model_dir.parent.name
    return "transformer" in pipeline or "curated_transformer" in pipeline


def model_dev_f1(model_dir: Path) -> float:
    """The dev-set F1 of the learned model alone that spaCy recorded in ``meta.json``
    (``model_ents_f``, scored by ``kner_rules`` before it adds its spans; ``ents_f`` for a
    pipeline without ``kner_rules``; -1 when absent).

    Not the whole pipeline's ``ents_f``: the rules were written with the gold documents
    visible, so with them a barely trained model scores as high as a good one."""
    perf = _meta(model_dir).get("performance") or {}
    value = perf.get("model_ents_f", perf.get("ents_f"))
    return float(value) if isinstance(value, (int, float)) else -1.0


def find_trained(roots: Iterable[str | Path]) -> list[Path]:
    """``<root>/training/*/model-best`` folders, best first: the higher dev F1 of the model
    alone recorded in ``meta.json`` (:func:`model_dev_f1`; a pipeline without a score last), then transformer pipelines before the
    others, then the newer. A half-trained transformer never wins over a better CNN.

    Only one level down, so the fold models of ``kner crossval`` (``training/crossval/fold-*``)
    are never picked.
    """
    found: dict[Path, Path] = {}
    for root in roots:
        for name in TRAINING_DIRS:
            base = Path(root) / name
            if base.is_dir():
                for p in base.glob("*/model-best"):
                    if (p / "config.cfg").exists():
                        found[p.resolve()] = p
    return sorted(found.values(), key=lambda p: (-model_dev_f1(p), not _is_transformer(p),
                                                 -(p / "config.cfg").stat().st_mtime))


def default_roots() -> list[Path]:
    """Where trained pipelines are looked for: the working folder and the source tree's root."""
    roots = [Path.cwd()]
    repo = Path(__file__).resolve().parents[2]
    if (repo / "pyproject.toml").exists() and repo not in roots:
        roots.append(repo)
    return roots


def resolve_pipeline(model: Optional[str] = None, *, roots: Optional[Iterable[str | Path]] = None,
                     packages: Iterable[str] = PACKAGES, allow_rules: bool = True):
    """``(nlp, description)``: ``model`` (a path, a package name or ``"rules"``) or else the best available.

    The best available is a trained ``training/*/model-best`` (transformer before CNN), then
    an installed package of ``packages``, then the rules-only pipeline when ``kner_rules``
    exists. Raises :class:`ModelNotFound` (its message names the command that builds one).
    The pipeline gets ``kner_normalizer`` appended when it lacks one.
    """
    import spacy
    from spacy.util import is_package

    from .evaluate import ensure_normalizer

    if model == RULES_MODEL and not Path(model).exists():
        if not rules_available():
            raise ModelNotFound("the rule component kner_rules is not installed. " + MODEL_HINT)
        nlp, desc = rules_pipeline(), "rules only (kner_rules)"
    elif model is not None:
        path = Path(model)
        if not path.exists() and not is_package(model):
            raise ModelNotFound(f"model {model!r}: no such folder and no such installed package. " + MODEL_HINT)
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as exc:
            raise ModelNotFound(f"model {model!r} could not be loaded: {exc}") from exc
        desc = f"{model}"
    else:
        nlp = desc = None
        for p in find_trained(roots if roots is not None else default_roots()):
            nlp, desc = spacy.load(p), f"{p} (trained in this repository)"
            break
        if nlp is None:
            for pkg in packages:
                if is_package(pkg):
                    nlp, desc = spacy.load(pkg), f"{pkg} (installed package)"
                    break
        if nlp is None and allow_rules and rules_available():
            nlp, desc = rules_pipeline(), "rules only (kner_rules; no trained pipeline found: `kner train cnn` trains the learned one)"
        if nlp is None:
            raise ModelNotFound(MODEL_HINT)
    if ensure_normalizer(nlp):
        desc += " + kner_normalizer"
    return nlp, desc


# ---------------------------------------------------------------------------------------------
# extracting and writing
# ---------------------------------------------------------------------------------------------

def extract(nlp, records: list[dict], *, on_doc: Optional[Callable[[dict], None]] = None,
            n_process: int = 1) -> list[dict]:
    """Records with ``nlp``'s entities as spans (each with ``text`` and ``norm``); ``n_process``
    worker processes (:func:`kner.predict.predict_records`)."""
    from .predict import predict_records

    return predict_records(nlp, records, with_text=True, on_doc=on_doc, n_process=n_process)


def norm_value(span: dict) -> tuple[str, str]:
    """The flattened ``(value, unit)`` of a span's norm (empty strings where absent)."""
    norm = span.get("norm") or {}
    value = norm.get(VALUE_KEY.get(span["label"], ""))
    unit = norm.get(UNIT_KEY.get(span["label"], ""))
    return ("" if value is None else str(value)), ("" if unit is None else str(unit))


def display_value(span: dict) -> str:
    """The norm as a short readable string: ``300000000 KRW``, ``≈1400명``, ``2021``, ``인천광역시``."""
    value, unit = norm_value(span)
    if span["label"] == "MONEY":
        return f"{value} {unit}".strip() if value else ""
    if span["label"] == "METRIC":
        approx = "≈" if (span.get("norm") or {}).get("approx") else ""
        return f"{approx}{value}{unit}" if value else unit
    if span["label"] == "DATE" and unit and unit != "date" and value:
        return f"{value} ({unit})"
    return value


def to_jsonl(records: Iterable[dict]) -> str:
    """Spec records as JSONL text."""
    return "".join(dumps_record(r) + "\n" for r in records)


def to_csv(records: Iterable[dict]) -> str:
    """One CSV row per span: :data:`CSV_COLUMNS` (``norm`` as JSON, ``value``/``unit`` flattened)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        for s in rec["spans"]:
            value, unit = norm_value(s)
            writer.writerow([rec["id"], s["start"], s["end"], s["label"], rec["text"][s["start"]:s["end"]],
                             value, unit, json.dumps(s.get("norm"), ensure_ascii=False)])
    return buf.getvalue()


def to_html(records: Iterable[dict]) -> str:
    """A displaCy entity page: one section per document, colours per label, the norm as a tooltip."""
    from spacy import displacy

    docs = []
    for rec in records:
        ents = []
        for s in rec["spans"]:
            shown = display_value(s)
            ents.append({"start": s["start"], "end": s["end"], "label": s["label"],
                         "params": {"norm_title": html.escape(json.dumps(s.get("norm"), ensure_ascii=False)),
                                    "norm_value": html.escape(shown)}})
        docs.append({"text": rec["text"], "ents": ents, "title": html.escape(str(rec["id"])),
                     "settings": {"lang": "ko"}})
    if not docs:
        docs = [{"text": "", "ents": [], "title": "no documents", "settings": {"lang": "ko"}}]
    return displacy.render(docs, style="ent", manual=True, page=True, jupyter=False,
                           options={"colors": COLORS, "ents": list(LABELS), "template": _ENT_TEMPLATE})


WRITERS: dict[str, Callable[[list[dict]], str]] = {"jsonl": to_jsonl, "csv": to_csv, "html": to_html}


def write_outputs(records: list[dict], output_dir: str | Path, formats: Iterable[str] = FORMATS,
                  stem: str = DEFAULT_STEM) -> list[Path]:
    """Write ``<output_dir>/<stem>.<format>`` for each format, atomically; return the paths."""
    out = []
    for fmt in formats:
        if fmt not in WRITERS:
            raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
        path = Path(output_dir) / f"{stem}.{fmt}"
        atomic_write_text(path, WRITERS[fmt](records))
        out.append(path)
    return out


def summary_rows(records: Iterable[dict]) -> Iterable[tuple[str, str, str, str]]:
    """``(doc_id, entity text, label, normalised value)`` for every span, in document order."""
    for rec in records:
        for s in rec["spans"]:
            yield rec["id"], rec["text"][s["start"]:s["end"]], s["label"], display_value(s)
