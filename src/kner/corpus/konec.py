"""KoNEC dev → the external evaluation set ``corpus/external/konec`` (evaluation only).

KoNEC (CC BY-SA 4.0) re-annotates the KLUE-NER v1.1 sentences with the NIKL 150-class
tagset. Its TSV has the KLUE layout: a ``## <id>\\t<raw sentence>`` header, then one
``char\\tTAG`` row per character (spaces are rows too: `` \\tO``), per-character BIO,
blocks separated by a blank line. The tags are flat (one per character).

Conversion keeps the tags that :data:`kner.corpus.konec_labels.KONEC_TO_KNER` maps,
drops the rest, and writes spec records with ``meta.source = "konec"``,
``meta.norms = false`` (no ``norm`` on the spans) and ``meta.date = null``. Each span
also keeps its KoNEC tag as ``source_label``. Entities that touch are separate spans
(a ``B-`` always opens a new one).

Beside it, :mod:`kner.corpus.konec_spec` writes ``konec-dev-spec.jsonl``: the same
sentences with LABEL_SPEC boundaries (clock times added, particles and qualifiers cut
off, ``A부터 B까지`` split).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..records import CORPUS_VERSION, LABELS, atomic_write_text, dumps_record
from .konec_labels import KONEC_TO_KNER

SOURCE = "konec"
DEFAULT_SOURCE_DIR = Path("/work/shared/datasets/konec")
SOURCE_FILE = "konec-dev.tsv"
OUTPUT_FILE = "konec-dev.jsonl"
# licence files copied beside the converted set: (source directory relative to the
# datasets folder, file name)
LICENCE_FILES: tuple[tuple[str, str], ...] = (
    ("konec", "KONEC-License.md"),
    ("konec", "LICENSE-NOTE.md"),
    ("klue-ner-v1.1", "KLUE-License.md"),
)


@dataclass
class KonecSentence:
    """One block of the TSV: id, the header sentence, the characters and tags of its rows."""

    id: str
    sentence: str
    line: int  # line number of the ``##`` header (1-based)
    chars: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class KonecProblem:
    """A defect of the source file, named by line and sentence id."""

    path: str
    line: int
    sentence_id: str | None
    message: str

    def describe(self) -> str:
        """``path:line | sentence id: message``."""
        sid = f" | sentence {self.sentence_id}" if self.sentence_id else ""
        return f"{self.path}:{self.line}{sid}: {self.message}"


def iter_sentences(lines: Iterator[str] | list[str], *, path: str = "<konec>",
                   problems: list[KonecProblem] | None = None) -> Iterator[KonecSentence]:
    """Parse TSV lines into sentences; malformed rows are reported to ``problems``.

    A block's header is the last ``## `` line before its rows (the file opens with
    ``##`` comment lines); a ``##`` block without rows is a comment and is skipped.
    """
    problems = problems if problems is not None else []
    header: tuple[int, str] | None = None
    current: KonecSentence | None = None
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n").removesuffix("\r")  # never strip(): a row may be a space
        if line == "":
            if current is not None:
                yield current
            current, header = None, None
            continue
        if line.startswith("## ") and current is None:
            header = (lineno, line[3:])
            continue
        char, sep, tag = line.partition("\t")
        if not sep or len(char) != 1 or "\t" in tag:
            problems.append(KonecProblem(path, lineno, current.id if current else None,
                                         f"row {line!r} is not 'char<TAB>TAG'"))
            continue
        if current is None:
            if header is None:
                problems.append(KonecProblem(path, lineno, None, "character row before any '## id<TAB>sentence' header"))
                continue
            sid, tab, sentence = header[1].partition("\t")
            if not tab:
                problems.append(KonecProblem(path, header[0], None, "header has no tab between id and sentence"))
            current = KonecSentence(id=sid.strip(), sentence=sentence, line=header[0])
        current.chars.append(char)
        current.tags.append(tag)
    if current is not None:
        yield current


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` for each entity of per-character BIO tags.

    ``B-X`` opens an entity; ``I-X`` continues one of the same type; an ``I-X`` after
    ``O`` or after another type opens one too (lenient, as conlleval does).
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and name == kind
        if start is not None and not continues:
            spans.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and not continues):
            start, kind = i, name
    return spans


def sentence_problems(sent: KonecSentence, path: str) -> list[KonecProblem]:
    """Defects of one sentence: rows that do not reassemble the header, bad BIO tags."""
    out: list[KonecProblem] = []
    joined = "".join(sent.chars)
    if joined != sent.sentence:
        at = next((i for i, (a, b) in enumerate(zip(joined, sent.sentence)) if a != b),
                  min(len(joined), len(sent.sentence)))
        out.append(KonecProblem(path, sent.line, sent.id,
                                f"character rows do not reassemble the header sentence (first difference at "
                                f"offset {at}: rows {joined[at:at + 10]!r} vs header {sent.sentence[at:at + 10]!r})"))
    prev = "O"
    for i, tag in enumerate(sent.tags):
        prefix, _, name = tag.partition("-")
        if tag != "O" and (prefix not in ("B", "I") or not name):
            out.append(KonecProblem(path, sent.line + 1 + i, sent.id, f"tag {tag!r} is not O, B-X or I-X"))
        elif prefix == "I" and prev.partition("-")[2] != name:
            out.append(KonecProblem(path, sent.line + 1 + i, sent.id, f"{tag} does not continue {prev}"))
        prev = tag
    return out


def record_of(sent: KonecSentence, spans: list[dict]) -> dict:
    """The record of one sentence with ``spans``: its id, the reassembled characters as text, and
    the meta of the external set (no date, no norms)."""
    return {
        "id": sent.id,
        "text": "".join(sent.chars),
        "meta": {"date": None, "source": SOURCE, "norms": False, "version": CORPUS_VERSION},
        "spans": spans,
    }


def to_record(sent: KonecSentence, mapping: dict[str, str] = KONEC_TO_KNER) -> dict:
    """A spec record (no norms) for one sentence; the text is the reassembled characters."""
    text = "".join(sent.chars)
    spans = []
    for start, end, tag in bio_spans(sent.tags):
        label = mapping.get(tag)
        if label is None:
            continue
        spans.append({"start": start, "end": end, "label": label, "text": text[start:end], "source_label": tag})
    return record_of(sent, spans)


def convert_lines(lines, *, path: str = "<konec>", mapping: dict[str, str] = KONEC_TO_KNER,
                  sentences: list[KonecSentence] | None = None) -> tuple[list[dict], list[KonecProblem]]:
    """Convert TSV lines; return the records and every problem found (empty when clean).

    ``sentences``, when given, receives every parsed sentence, so that another conversion of
    the same rows (:mod:`kner.corpus.konec_spec`) need not parse them again.
    """
    problems: list[KonecProblem] = []
    records: list[dict] = []
    seen: set[str] = set()
    for sent in iter_sentences(lines, path=path, problems=problems):
        problems.extend(sentence_problems(sent, path))
        if sent.id in seen:
            problems.append(KonecProblem(path, sent.line, sent.id, "duplicate sentence id"))
        seen.add(sent.id)
        records.append(to_record(sent, mapping))
        if sentences is not None:
            sentences.append(sent)
    return records, problems


def convert_file(path: str | Path, *,
                 sentences: list[KonecSentence] | None = None) -> tuple[list[dict], list[KonecProblem]]:
    """Convert the KoNEC TSV at ``path`` (see :func:`convert_lines`)."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        return convert_lines(fh, path=str(path), sentences=sentences)


def convert_both(path: str | Path) -> tuple[list[dict], list[dict], list[KonecProblem]]:
    """``(records, spec records, problems)`` of the KoNEC TSV at ``path``, parsed once: the
    tag-mapped records of :func:`convert_file` and the LABEL_SPEC-boundary records of
    :mod:`kner.corpus.konec_spec`."""
    from .konec_spec import to_spec_record

    sentences: list[KonecSentence] = []
    records, problems = convert_file(path, sentences=sentences)
    return records, [to_spec_record(sent) for sent in sentences], problems


def label_counts(records: list[dict]) -> tuple[Counter, Counter]:
    """Span counts per kner label and per KoNEC source tag."""
    by_label: Counter = Counter()
    by_tag: Counter = Counter()
    for rec in records:
        for s in rec["spans"]:
            by_label[s["label"]] += 1
            by_tag[s.get("source_label")] += 1
    return by_label, by_tag


def render_readme(records: list[dict], spec_records: list[dict]) -> str:
    """The attribution README written beside the converted files (deterministic)."""
    from .konec_spec import render_counts

    by_label, by_tag = label_counts(records)
    rows = []
    for label in LABELS:
        tags = [t for t, lab in KONEC_TO_KNER.items() if lab == label]
        used = ", ".join(f"{t} {by_tag[t]}" for t in tags if by_tag[t])
        rows.append(f"| {label} | {by_label[label]:,} | {used} |")
    chars = sum(len(r["text"]) for r in records)
    spec_by_label, _ = label_counts(spec_records)
    return _README.format(n=len(records), chars=chars, version=CORPUS_VERSION,
                          table="\n".join(rows), spans=sum(by_label.values()),
                          spec_spans=sum(spec_by_label.values()),
                          spec_labels=", ".join(f"{lab} {spec_by_label[lab]:,}" for lab in LABELS),
                          spec_table=render_counts(spec_records).rstrip("\n"))


_README = """\
# KoNEC dev, mapped to the kner labels (external evaluation set)

**Evaluation only: never train on this set.**

`konec-dev.jsonl` is an adaptation of the KoNEC dev set (Korean Named Entity Corpus,
<https://github.com/korean-named-entity/konec>, snapshot b6c98a4), which re-annotates the
KLUE-NER v1.1 dev sentences (<https://github.com/KLUE-benchmark/KLUE>) with the NIKL
150-class named-entity tagset.

## Licence and attribution

- Licence: **Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)**,
  the licence of KoNEC and of KLUE; this adapted copy is shared under the same licence.
  The licence texts are beside this file: `KONEC-License.md`, `KLUE-License.md`;
  `LICENSE-NOTE.md` records where the source file came from.
- KoNEC: 정유남, 송영숙, 유현조 (2023). 한국어 중첩 개체명의 말뭉치 구축 연구. 국어학 105: 309–344.
- KLUE: Park et al. (2021). KLUE: Korean Language Understanding Evaluation. arXiv:2105.09680.
  Sentences come from WIKITREE news (`-wikitree`) and NSMC movie reviews (`-nsmc`).
- Changes made: KoNEC tags mapped to the kner labels as below, all other tags removed,
  per-character BIO turned into stand-off spans. The sentences are unchanged.

## Contents

{n:,} sentences, {chars:,} characters, {spans:,} spans; corpus version `{version}`.
Each record has `meta.source = "konec"`, `meta.date = null` and `meta.norms = false`:
the spans carry no `norm` (KoNEC has no normalised values), but keep their KoNEC tag
as `source_label`. Entities that touch are separate spans.

| kner label | spans | from KoNEC tags |
|---|---:|---|
{table}

PROGRAM has too few spans to evaluate. Caveats: KoNEC's ORG includes city and province
names acting as governments only sometimes; its boundaries follow the NIKL guideline,
not kner's LABEL_SPEC (e.g. qualifiers such as 약 may sit inside a span).

## `konec-dev-spec.jsonl`: the same sentences with LABEL_SPEC boundaries

KoNEC follows the NIKL boundaries, which differ from kner's `LABEL_SPEC.md`. This file
has the same sentences, ids and meta, with the spans moved onto the spec's boundaries
(code and per-rule tables: `src/kner/corpus/konec_spec.py`). A span that a rule changed
lists the rules in `spec_rules` and keeps KoNEC's offsets in `source_start`/`source_end`;
`source_label` is kept (`DT_DAY+TI_HOUR` for a merged span). {spec_spans:,} spans:
{spec_labels}. Spans changed per rule (a span can count under several rules):

{spec_table}

Only the DATE rule (KoNEC's `TI_*` tags, which `konec-dev.jsonl` drops) and rule 12
add spans; nothing is dropped. ORG boundaries are KoNEC's except for rules 1 and 2.
The rules were written from the spec and the corpus guidelines (`corpus/GUIDELINES.md`,
e.g. `[4년]만에`), never from any model's output. Same licence
as above: CC BY-SA 4.0, an adaptation of KoNEC and KLUE; changes: the boundary rules listed.

Regenerate both files with `kner corpus konec` (mapping: `src/kner/corpus/konec_labels.py`).
"""


def write_external(out_dir: str | Path, *, source_dir: str | Path = DEFAULT_SOURCE_DIR,
                   records: list[dict] | None = None,
                   spec_records: list[dict] | None = None) -> dict[str, str]:
    """Write both converted JSONL files, the licence files and the README into ``out_dir``.

    Returns the written files as ``{name: content}``. Pass ``records`` (and
    ``spec_records``) to skip reading the source TSV again.
    """
    out_dir, source_dir = Path(out_dir), Path(source_dir)
    if records is None:
        records, spec_records, _ = convert_both(source_dir / SOURCE_FILE)
    files = expected_files(records, source_dir=source_dir, spec_records=spec_records)
    for name, content in files.items():
        atomic_write_text(out_dir / name, content)
    return files


def expected_files(records: list[dict], *, source_dir: str | Path = DEFAULT_SOURCE_DIR,
                   spec_records: list[dict] | None = None) -> dict[str, str]:
    """The contents of every file of the external set, keyed by file name.

    ``spec_records`` (the LABEL_SPEC-boundary records) are converted from the source
    TSV when not given.
    """
    from .konec_spec import SPEC_OUTPUT_FILE, convert_spec_file

    source_dir = Path(source_dir)
    if spec_records is None:
        spec_records = convert_spec_file(source_dir / SOURCE_FILE)
    files = {OUTPUT_FILE: "".join(dumps_record(r) + "\n" for r in records),
             SPEC_OUTPUT_FILE: "".join(dumps_record(r) + "\n" for r in spec_records),
             "README.md": render_readme(records, spec_records)}
    for folder, name in LICENCE_FILES:
        files[name] = (source_dir.parent / folder / name).read_text(encoding="utf-8")
    return files


def stale_files(out_dir: str | Path, *, source_dir: str | Path = DEFAULT_SOURCE_DIR) -> list[str]:
    """Names of files in ``out_dir`` that are missing or differ from a fresh conversion."""
    out_dir, source_dir = Path(out_dir), Path(source_dir)
    records, spec_records, _ = convert_both(source_dir / SOURCE_FILE)
    stale = []
    for name, content in expected_files(records, source_dir=source_dir, spec_records=spec_records).items():
        target = out_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            stale.append(name)
    return stale

