"""doccano round trips: records ↔ doccano SequenceLabeling JSONL, and a small REST client.

Conversion
    :func:`to_doccano` turns a record into one doccano import row::

        {"text": ..., "label": [[start16, end16, "ORG"], ...], "kner": "<JSON>"}

    doccano's annotation UI counts offsets in UTF-16 code units (JavaScript strings),
    while records count code points; the two differ after every character outside the
    BMP (emoji, CJK extension B …), so offsets are converted both ways
    (:func:`cp_to_utf16`, :func:`utf16_to_cp`). ``kner`` carries everything doccano
    has no place for, as one JSON string: the record's ``id``, ``meta``, any other
    record keys, and its original spans with their ``norm`` (in code points). One
    string column keeps doccano's pandas-based import and export from turning missing
    keys into NaN or rounding floats. :func:`from_doccano` reverses it: spans come from
    doccano's labels (so corrections made there are kept) and get their ``norm`` (and
    any other span keys) back where start, end and label still match the original.

    doccano accepts overlapping spans on import and then loses them; kner refuses them
    before anything is uploaded (:func:`check_uploadable`).

REST
    doccano-client 1.2.8 pins ``pydantic<2``, which cannot live beside spaCy 3.8 in
    one environment, so :class:`DoccanoClient` talks to doccano's REST API directly
    with ``requests``: token login, project and label set-up, file upload through
    filepond plus the import task, and export through the export task.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..records import LABELS, RecordError, check_record, sorted_spans

KNER_COLUMN = "kner"
PROJECT_TYPE = "SequenceLabeling"
# Label colours in the annotation UI (background, text): a data table, not logic.
LABEL_COLORS: dict[str, tuple[str, str]] = {
    "ORG": ("#1f77b4", "#ffffff"),
    "PROGRAM": ("#2ca02c", "#ffffff"),
    "MONEY": ("#ff7f0e", "#000000"),
    "DATE": ("#9467bd", "#ffffff"),
    "METRIC": ("#8c564b", "#ffffff"),
}
ENV_URL, ENV_USER, ENV_PASSWORD = "KNER_DOCCANO_URL", "KNER_DOCCANO_USER", "KNER_DOCCANO_PASSWORD"


class DoccanoError(RuntimeError):
    """A doccano server refused or failed a request, or its data cannot become a record."""


# --------------------------------------------------------------------------- offsets
def cp_to_utf16(text: str, index: int) -> int:
    """The UTF-16 code-unit offset of code-point offset ``index`` in ``text``."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def utf16_to_cp(text: str, index: int) -> int:
    """The code-point offset of UTF-16 offset ``index``; ValueError inside a surrogate pair or past the end."""
    units = 0
    for cp, ch in enumerate(text):
        if units == index:
            return cp
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > index:
            raise ValueError(f"UTF-16 offset {index} falls inside the surrogate pair of {ch!r} at {cp}")
    if units == index:
        return len(text)
    raise ValueError(f"UTF-16 offset {index} is past the end of a text of {units} code units")


# --------------------------------------------------------------------------- records ↔ rows
def overlaps(record: dict) -> list[tuple[dict, dict]]:
    """Pairs of spans in ``record`` that overlap (share at least one character)."""
    found = []
    spans = sorted_spans(record.get("spans", []))
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            if b["start"] >= a["end"]:
                break
            found.append((a, b))
    return found


def check_uploadable(records: Iterable[dict]) -> None:
    """Raise RecordError listing every overlapping span pair (doccano would drop them silently)."""
    problems = []
    for rec in records:
        for a, b in overlaps(rec):
            problems.append(
                f"doc {rec.get('id')}: [{a['start']},{a['end']}) {a['label']} overlaps "
                f"[{b['start']},{b['end']}) {b['label']}")
    if problems:
        raise RecordError(
            f"{len(problems)} overlapping span pair(s); doccano would drop them silently, "
            "so nothing was uploaded:\n  " + "\n  ".join(problems))


def to_doccano(record: dict) -> dict:
    """One record → one doccano SequenceLabeling import row (UTF-16 offsets, kner data as JSON)."""
    text = record["text"]
    if overlaps(record):
        check_uploadable([record])
    carried = {k: v for k, v in record.items() if k != "text"}
    label = [[cp_to_utf16(text, s["start"]), cp_to_utf16(text, s["end"]), s["label"]]
             for s in sorted_spans(record.get("spans", []))]
    return {"text": text, "label": label, KNER_COLUMN: json.dumps(carried, ensure_ascii=False)}


def from_doccano(row: dict) -> dict:
    """One row of doccano's JSONL export → a record (norms restored where spans are unchanged).

    Rows of documents that did not come from kner (no ``kner`` column) get the id
    ``doccano-<example id>`` and ``meta`` ``{"date": null, "source": "doccano"}``.
    """
    text = row.get("text")
    if not isinstance(text, str):
        raise DoccanoError(f"doccano row {row.get('id')} has no text")
    raw = row.get(KNER_COLUMN)
    if isinstance(raw, str) and raw:
        carried = json.loads(raw)
    else:
        carried = {"id": f"doccano-{row.get('id')}", "meta": {"date": None, "source": "doccano"}, "spans": []}
    originals = {(s["start"], s["end"], s["label"]): s for s in carried.get("spans", [])}
    spans = []
    for item in row.get("label") or []:
        start16, end16, label = item[0], item[1], item[2]
        try:
            start, end = utf16_to_cp(text, start16), utf16_to_cp(text, end16)
        except ValueError as exc:
            raise DoccanoError(f"doc {carried.get('id')}: span {item}: {exc}") from None
        spans.append(originals.get((start, end, label), {"start": start, "end": end, "label": label}))
    record = {"id": carried.get("id"), "text": text}
    record.update({k: v for k, v in carried.items() if k not in ("id", "spans")})
    record["spans"] = sorted_spans(spans)
    check_record(record)
    return record


def rows_to_records(rows: Iterable[dict]) -> list[dict]:
    """doccano export rows → records, in doccano's example order (upload order)."""
    rows = sorted(rows, key=lambda r: r.get("id", 0))
    return [from_doccano(r) for r in rows]


# --------------------------------------------------------------------------- REST client
@dataclass
class Credentials:
    """Where and as whom to log in; never written in code: options or environment."""

    url: str
    username: str
    password: str

    @classmethod
    def resolve(cls, url: str | None = None, username: str | None = None,
                password: str | None = None) -> "Credentials":
        """Fill what was not given from KNER_DOCCANO_URL / _USER / _PASSWORD; ValueError if still missing."""
        import os

        url = url or os.environ.get(ENV_URL)
        username = username or os.environ.get(ENV_USER)
        password = password or os.environ.get(ENV_PASSWORD)
        missing = [name for name, value in ((ENV_URL, url), (ENV_USER, username), (ENV_PASSWORD, password))
                   if not value]
        if missing:
            raise ValueError("doccano credentials missing: give the options or set " + ", ".join(missing))
        return cls(url.rstrip("/"), username, password)


class DoccanoClient:
    """A minimal client for doccano 1.8's REST API (what push and pull need)."""

    def __init__(self, credentials: Credentials, *, timeout: float = 60.0, poll: float = 0.5):
        import requests

        self.base = credentials.url.rstrip("/")
        self.timeout = timeout
        self.poll = poll
        self.session = requests.Session()
        resp = self.session.post(f"{self.base}/v1/auth/login/", timeout=timeout,
                                 json={"username": credentials.username, "password": credentials.password})
        if resp.status_code != 200:
            raise DoccanoError(f"login to {self.base} as {credentials.username!r} failed: "
                               f"HTTP {resp.status_code} {resp.text[:200]}")
        # Token authentication only: a session cookie would make Django demand a CSRF token.
        self.session.cookies.clear()
        self.session.headers["Authorization"] = f"Token {resp.json()['key']}"

    # ---- plumbing
    def _request(self, method: str, path: str, **kwargs) -> Any:
        resp = self.session.request(method, f"{self.base}/v1/{path}", timeout=self.timeout, **kwargs)
        if resp.status_code >= 400:
            raise DoccanoError(f"{method} /v1/{path}: HTTP {resp.status_code} {resp.text[:500]}")
        return resp

    def _json(self, method: str, path: str, **kwargs) -> Any:
        return self._request(method, path, **kwargs).json()

    def _wait(self, task_id: str, what: str, limit: float = 600.0) -> Any:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status = self._json("GET", f"tasks/status/{task_id}")
            if status.get("ready"):
                if status.get("error"):
                    raise DoccanoError(f"doccano {what} task failed: {status['error']}")
                return status.get("result")
            time.sleep(self.poll)
        raise DoccanoError(f"doccano {what} task {task_id} not done after {limit:.0f} s "
                           "(is the `doccano task` worker running?)")

    # ---- projects and labels
    def find_project(self, name: str) -> dict | None:
        """The project called ``name`` that this user can see, or None."""
        offset, found = 0, []
        while True:
            page = self._json("GET", "projects", params={"limit": 100, "offset": offset, "q": name})
            items = page["results"] if isinstance(page, dict) else page
            found += [p for p in items if p.get("name") == name]
            if not isinstance(page, dict) or not page.get("next"):
                break
            offset += len(items)
        if len(found) > 1:
            raise DoccanoError(f"{len(found)} doccano projects are called {name!r}; rename all but one")
        return found[0] if found else None

    def ensure_project(self, name: str, description: str = "kner corpus") -> dict:
        """Reuse the SequenceLabeling project ``name`` or create it; make sure it has the five labels."""
        project = self.find_project(name)
        if project is None:
            project = self._json("POST", "projects", json={
                "name": name, "description": description, "guideline": "",
                "project_type": PROJECT_TYPE, "resourcetype": "SequenceLabelingProject",
                "collaborative_annotation": True, "random_order": False,
                "allow_overlapping": False, "grapheme_mode": False, "use_relation": False, "tags": [],
            })
        elif project.get("project_type") != PROJECT_TYPE:
            raise DoccanoError(f"doccano project {name!r} is a {project.get('project_type')} project, "
                               f"not {PROJECT_TYPE}")
        have = {t["text"] for t in self._json("GET", f"projects/{project['id']}/span-types")}
        for label in LABELS:
            if label not in have:
                bg, fg = LABEL_COLORS[label]
                self._json("POST", f"projects/{project['id']}/span-types",
                           json={"text": label, "background_color": bg, "text_color": fg})
        return project

    # ---- documents
    def upload_rows(self, project_id: int, rows: list[dict], filename: str = "kner.jsonl") -> None:
        """Import rows (doccano JSONL) into the project and wait for the import task."""
        payload = "".join(json.dumps(r, ensure_ascii=True) + "\n" for r in rows).encode("ascii")
        upload_id = self._request("POST", "fp/process/",
                                  files={"filepond": (filename, payload, "application/json")}).text.strip()
        task = self._json("POST", f"projects/{project_id}/upload", json={
            "format": "JSONL", "task": PROJECT_TYPE, "uploadIds": [upload_id],
            "column_data": "text", "column_label": "label", "encoding": "utf_8", "delimiter": ",",
        })
        result = self._wait(task["task_id"], "import")
        errors = (result or {}).get("error") or []
        if errors:
            raise DoccanoError(f"doccano import reported {len(errors)} error(s): {errors[:5]}")

    def export_rows(self, project_id: int) -> list[dict]:
        """Export the project as JSONL through doccano's export task; the rows of all annotators."""
        task = self._json("POST", f"projects/{project_id}/download",
                          json={"format": "JSONL", "exportApproved": False})
        self._wait(task["task_id"], "export")
        data = self._request("GET", f"projects/{project_id}/download", params={"taskId": task["task_id"]}).content
        rows: list[dict] = []
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith(".jsonl"):
                    text = zf.read(name).decode("utf-8")
                    rows += [json.loads(line) for line in text.split("\n") if line.strip()]
        return rows


# --------------------------------------------------------------------------- push / pull
def push(client: DoccanoClient, project: str, records: list[dict]) -> dict:
    """Check, convert and upload records into ``project`` (created or reused); return the project."""
    check_uploadable(records)
    for rec in records:
        check_record(rec)
    rows = [to_doccano(r) for r in records]
    proj = client.ensure_project(project)
    if rows:
        client.upload_rows(proj["id"], rows)
    return proj


def pull(client: DoccanoClient, project: str) -> list[dict]:
    """Download ``project``'s export and convert it back to records."""
    proj = client.find_project(project)
    if proj is None:
        raise DoccanoError(f"no doccano project called {project!r}")
    return rows_to_records(client.export_rows(proj["id"]))


# --------------------------------------------------------------------------- predictions for correction
def raw_records(paths: Iterable[str | Path]) -> list[dict]:
    """Documents to pre-annotate: ``.txt`` files (one document each, NFC; id = file stem) or
    JSONL files of records (their id, text and meta; their spans are ignored)."""
    import unicodedata

    from ..records import iter_jsonl

    out = []
    for path in map(Path, paths):
        if path.suffix == ".jsonl":
            for line, obj in iter_jsonl(path):
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj.get("id"):
                    raise RecordError("a raw JSONL line needs 'id' and 'text'", path=str(path), line=line)
                out.append({"id": obj["id"], "text": obj["text"],
                            "meta": obj.get("meta", {"date": None, "source": path.name}), "spans": []})
        else:
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            out.append({"id": path.stem, "text": text, "meta": {"date": None, "source": path.name}, "spans": []})
    return out


def predict(nlp, records: list[dict], batch_size: int = 16) -> list[dict]:
    """The records with their spans replaced by ``nlp``'s entities (``doc.ents``), with
    ``span._.norm`` as the norm where the pipeline sets it."""
    from spacy.tokens import Span

    has_norm = Span.has_extension("norm")
    out = []
    for rec, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=batch_size)):
        spans = []
        for ent in doc.ents:
            span = {"start": ent.start_char, "end": ent.end_char, "label": ent.label_}
            if has_norm and ent._.norm is not None:
                span["norm"] = ent._.norm
            spans.append(span)
        out.append({**rec, "spans": spans})
    return out
