"""The ``kner_normalizer`` pipeline component: entity linking and normalisation after ``ner``.

For every entity in ``doc.ents`` with a kner label it sets ``Span._.norm`` (the LABEL_SPEC norm
dict) and, for ORG and PROGRAM, ``Span.kb_id_`` (the norm's ``id``). ``Doc._.date`` is the
document date used for relative dates, as an ISO string ``YYYY-MM-DD``: set it before the
component runs (from a record's ``meta.date``; :func:`set_doc_date` accepts a string or a
``datetime.date``); when it is unset the component looks for a dateline in the text
(:func:`kner.normalize.dates.doc_date_from_text`) and stores what it found, else leaves None
(relative dates then get value null).

Bad input never breaks the pipeline: a span that cannot be parsed gets a null value, keeps its
text, and is counted in :attr:`KnerNormalizer.report` (``get_report()``).

Config: ``kb_path`` (an ORG knowledge base TSV instead of the packaged one), ``programs_path``
(a programme alias table instead of the packaged one), ``set_kb_id`` (write ``kb_id_`` for ORG
and PROGRAM). ``to_disk`` always writes the KB and the programme table in use into the
component's folder and ``from_disk`` reads them back, so a pipeline saved with a custom KB
carries it (the configured path need not exist where the pipeline is loaded).
"""

import datetime as dt
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from ..records import LABELS
from .apply import Normalizer, NormReport
from .dates import doc_date_from_text
from .orgs import OrgResolver, load_org_kb, parse_org_tsv
from .programs import ProgramResolver, load_program_kb, parse_program_table, program_table_to_text

KB_FILE = "orgs.tsv"
PROGRAMS_FILE = "programs.tsv"


def register_extensions() -> None:
    """Register ``Span._.norm`` and ``Doc._.date`` (idempotent)."""
    if not Span.has_extension("norm"):
        Span.set_extension("norm", default=None)
    if not Doc.has_extension("date"):
        Doc.set_extension("date", default=None)


register_extensions()


def set_doc_date(doc: Doc, date: str | dt.date | None) -> Doc:
    """Set ``doc._.date`` from a ``YYYY-MM-DD`` string, a date, or None."""
    register_extensions()
    if isinstance(date, dt.date):
        date = date.isoformat()
    doc._.date = date
    return doc


class KnerNormalizer:
    """Sets ``Span._.norm`` / ``Span.kb_id_`` on ``doc.ents`` and ``Doc._.date`` on the doc."""

    def __init__(self, vocab, name: str = "kner_normalizer", *, kb_path: Optional[str] = None,
                 programs_path: Optional[str] = None, set_kb_id: bool = True):
        register_extensions()
        self.vocab = vocab
        self.name = name
        self.kb_path = kb_path
        self.programs_path = programs_path
        self.set_kb_id = set_kb_id
        self.report = NormReport()
        self._kb_text: str | None = None        # set by from_disk
        self._programs_text: str | None = None  # set by from_disk
        self._normalizer: Normalizer | None = None

    # -- loading -------------------------------------------------------------------------------
    @property
    def normalizer(self) -> Normalizer:
        """The normaliser, its knowledge bases loaded on first use."""
        if self._normalizer is None:
            if self._kb_text is not None:
                kb = parse_org_tsv(self._kb_text, source=f"{self.name}/{KB_FILE}")
            else:
                kb = load_org_kb(self.kb_path)
            orgs = OrgResolver(kb)
            if self._programs_text is not None:
                table = parse_program_table(self._programs_text)
            else:
                table = load_program_kb(self.programs_path)
            self._normalizer = Normalizer(orgs, ProgramResolver(table, org_known=orgs.known))
        return self._normalizer

    # -- processing ----------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = None  # doc.text joins every token: read at most once
        doc_date = _as_date(doc._.date)
        if doc_date is None:
            text = doc.text
            doc_date = doc_date_from_text(text)
        doc._.date = doc_date.isoformat() if doc_date else None
        ents = list(doc.ents)
        todo = [i for i, e in enumerate(ents) if e.label_ in LABELS]
        if not todo:
            return doc
        spans = [{"start": ents[i].start_char, "end": ents[i].end_char, "label": ents[i].label_} for i in todo]
        if text is None:
            text = doc.text
        norms = self.normalizer.normalize_doc(text, spans, doc_date, self.report)
        if self.set_kb_id:
            for i, norm in zip(todo, norms):
                e = ents[i]
                if e.label_ in ("ORG", "PROGRAM"):
                    ents[i] = Span(doc, e.start, e.end, label=e.label, kb_id=norm["id"])
            doc.ents = ents
        for i, norm in zip(todo, norms):
            ents[i]._.norm = norm
        return doc

    def pipe(self, stream, batch_size: int = 128):
        """Process a stream of docs."""
        for doc in stream:
            yield self(doc)

    def get_report(self) -> dict:
        """Spans seen per label, the unparsed ones per label and some of their raw texts."""
        return self.report.to_dict()

    def reset_report(self) -> None:
        """Start counting afresh."""
        self.report = NormReport()

    # -- serialisation -------------------------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Write the ORG KB and the programme table in use into ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        n = self.normalizer
        (path / KB_FILE).write_text(n.orgs.kb.to_tsv(), encoding="utf-8")
        (path / PROGRAMS_FILE).write_text(program_table_to_text(n.programs.table), encoding="utf-8")

    def from_disk(self, path, *, exclude=tuple()) -> "KnerNormalizer":
        """Read the ORG KB and the programme table written by :meth:`to_disk`."""
        path = ensure_path(path)
        if (path / KB_FILE).exists():
            self._kb_text = (path / KB_FILE).read_text(encoding="utf-8")
        if (path / PROGRAMS_FILE).exists():
            self._programs_text = (path / PROGRAMS_FILE).read_text(encoding="utf-8")
        self._normalizer = None
        return self


@Language.factory(
    "kner_normalizer",
    default_config={"kb_path": None, "programs_path": None, "set_kb_id": True},
    assigns=["span._.norm", "doc._.date", "token.ent_kb_id"],
    requires=["doc.ents"],
)
def make_normalizer(nlp: Language, name: str, kb_path: Optional[str], programs_path: Optional[str],
                    set_kb_id: bool) -> KnerNormalizer:
    """Create the ``kner_normalizer`` component (spaCy factory, also a ``spacy_factories`` entry point)."""
    return KnerNormalizer(nlp.vocab, name, kb_path=kb_path, programs_path=programs_path, set_kb_id=set_kb_id)


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
