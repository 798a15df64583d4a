"""The ``kner_rules`` pipeline component: rule-based ORG, PROGRAM, MONEY, DATE and METRIC.

Candidates come from the token patterns of :mod:`kner.rules.patterns` (checked by the
normaliser's parsers: a MONEY/DATE/METRIC candidate they cannot read is dropped), the ORG
gazetteer and alias rules of :mod:`kner.rules.gazetteer` and the PROGRAM rules of
:mod:`kner.rules.programs`. Each candidate is trimmed so that particles, endings, quotes and
punctuation never sit at its edges (spec 1, 2; a dotted date keeps its final dot, spec 6);
overlaps are resolved longest first (a programme name that contains a year is one PROGRAM,
spec 7), ties by :data:`PRIORITY`.

Config:

* ``mode``: ``"rules_only"`` (``doc.ents`` = the rule spans), ``"fill"`` (keep the entities a
  model set and add rule spans only where they overlap none), ``"override"`` (rule spans of
  ``override_labels`` replace the model spans they overlap; other rule spans fill) or
  ``"rules_first"`` (every rule span wins; the model's spans of ``fill_labels`` fill the gaps).
* ``labels``: the labels the rules may produce.
* ``override_labels``: default MONEY, DATE, METRIC (the regular part of the language).
* ``fill_labels``: the model labels kept by ``rules_first`` where no rule span is (default: all).
* ``confirm_gaps``: with ``rules_first``, keep a model span in a gap only where
  :mod:`kner.rules.confirm` confirms it (ORG: a legal-form mark or coordination with an
  organisation found; PROGRAM: a programme head). Default false.

The entities a model set before the rules ran are kept in ``doc.spans["kner_model"]``, and
:meth:`KnerRules.score` scores them as ``model_ents_p/r/f/per_type`` beside spaCy's
``ents_*`` (the whole pipeline): the training configs select ``model-best`` on the model alone,
since rules written with the gold documents visible would otherwise decide the selection.
* ``kb_path``: an ORG knowledge base TSV instead of the packaged one (the packaged KB needs no
  saving: ``to_disk`` writes only the settings).
"""

from functools import lru_cache
from typing import Iterable, List, Optional

import datetime as dt

import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from ..normalize.dates import parse_date
from ..normalize.metrics import parse_metric
from ..normalize.money import parse_money
from .confirm import confirm
from .gazetteer import OrgGazetteer
from .orgnames import find_org_names
from .patterns import (BOUND_WORDS, CALENDAR_WORDS, DURATION_SUFFIXES, MATCHER_PATTERNS, NATIVE_NUMBERS, PATTERNS,
                       RANK_COUNTERS, token_conditions, token_ends)
from .programs import ProgramFinder
from .tokens import Tokens, tokens_of

MODES = ("fill", "override", "rules_first", "rules_only")
MODEL_KEY = "kner_model"
ALL_LABELS = ["ORG", "PROGRAM", "MONEY", "DATE", "METRIC"]
DEFAULT_OVERRIDE = ["MONEY", "DATE", "METRIC"]
PRIORITY = {"PROGRAM": 0, "ORG": 1, "MONEY": 2, "METRIC": 3, "DATE": 4}
PARSERS = {"MONEY": parse_money, "METRIC": parse_metric, "DATE": parse_date}
TRIM_QUOTES = set("'\"‘’“”「」『』《》〈〉()[]{}<>【】〔〕")
# a number glued to one of these before it is part of a name or an ordinal (코로나19, 제3회)
NUMBER_BLOCKERS = ("SL", "SH", "NNP", "XPN")
CHECK_DATE = dt.date(2020, 6, 15)
# a number glued to one of these and another number is part of a longer expression (phone, range)
RANGE_MARKS = (".", ",", "-", ":", "/", "~", "∼", "〜", "～", "–")
# token texts whose window classes KnerRules.matches keeps (then it starts again)
MAX_CACHED_TEXTS = 1 << 18
# tags that start a word a rank group or an ordinal modifies (세계 4대 강국, 3세대 치료제, 5번 출구): nouns,
# and what Kiwi makes of a noun's first syllable there (4대 의/JKG 생명산업, 3대 주/MM 축산업): a particle
# or a determiner never starts the word after a counter that counts
NOUN_AFTER = ("NN", "NP", "NR", "SL", "SH", "SN", "XP", "XR", "J", "MM")


class KnerRules:
    """Rule-based entity recogniser (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "kner_rules", *, mode: str = "rules_only",
                 labels: Iterable[str] = ALL_LABELS, override_labels: Iterable[str] = DEFAULT_OVERRIDE,
                 kb_path: Optional[str] = None, fill_labels: Iterable[str] = ALL_LABELS,
                 confirm_gaps: bool = False):
        if mode not in MODES:
            raise ValueError(f"kner_rules: mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.name = name
        self.vocab = nlp.vocab
        self.mode = mode
        self.labels = [lab for lab in ALL_LABELS if lab in set(labels)]
        unknown = set(labels) - set(ALL_LABELS)
        if unknown:
            raise ValueError(f"kner_rules: unknown labels {sorted(unknown)}")
        self.override_labels = list(override_labels)
        self.fill_labels = list(fill_labels)
        self.confirm_gaps = bool(confirm_gaps)
        self.kb_path = kb_path
        self._gazetteer: OrgGazetteer | None = None
        self._programs: ProgramFinder | None = None
        self.matcher = Matcher(nlp.vocab)
        for label, patterns in PATTERNS.items():
            self.matcher.add(label, patterns)
        # the same matches faster: DATE_BASE and TIME_SUFFIX matches joined, run over windows (see matches())
        self._fast = Matcher(nlp.vocab)
        for label, patterns in MATCHER_PATTERNS.items():
            self._fast.add(label, patterns)
        self._date, self._base, self._suffix, self._core, self._deictic = (
            nlp.vocab.strings.add(k) for k in ("DATE", "DATE_BASE", "TIME_SUFFIX", "DATE_CORE", "DEICTIC"))
        conds, ends = token_conditions(MATCHER_PATTERNS), token_ends(MATCHER_PATTERNS)
        # (inside, first, last) conditions of the windows (see matches()); token classes cached by text
        self._windows = None if conds is None or ends is None else (*conds, ends)
        self._orth_bits: dict[str, int] = {}
        self._tag_bits: dict[str, int] = {}

    # -- resources ---------------------------------------------------------------------------------
    @property
    def gazetteer(self) -> OrgGazetteer:
        """The ORG gazetteer, loaded on first use."""
        if self._gazetteer is None:
            self._gazetteer = OrgGazetteer.load(self.kb_path)
        return self._gazetteer

    @property
    def programs(self) -> ProgramFinder:
        """The PROGRAM finder, loaded on first use."""
        if self._programs is None:
            self._programs = ProgramFinder(self.gazetteer.kb)
        return self._programs

    # -- recognition -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents`` from the rule spans according to ``mode``."""
        spans = self.find_spans(doc)
        model = list(doc.ents)
        doc.spans[MODEL_KEY] = model
        doc.ents = combine(model, spans, self.mode, self.override_labels, self.fill_labels, self.confirm_gaps)
        return doc

    def score(self, examples, **kwargs) -> dict:
        """``model_ents_p/r/f/per_type``: the entities the model set before the rules ran
        (``doc.spans["kner_model"]``) against the reference entities."""
        from spacy.scorer import Scorer

        def getter(doc, attr):
            return doc.spans[MODEL_KEY] if MODEL_KEY in doc.spans else doc.ents

        return Scorer.score_spans(examples, "model_ents", getter=getter, has_annotation=lambda d: d.has_annotation("ENT_IOB"),
                                  allow_overlap=False)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128):
        """Apply the rules to a stream of docs."""
        for doc in docs:
            yield self(doc)

    def find_spans(self, doc: Doc) -> list[Span]:
        """The rule spans of ``doc`` (non-overlapping, trimmed), whatever ``doc.ents`` holds."""
        toks = Tokens(doc)  # read once, shared by every finder
        cands: list[tuple[int, int, str]] = []
        want = set(self.labels)
        if want & set(PATTERNS):
            strings = self.vocab.strings
            for match_id, start, end in self.matches(doc, toks):
                label = strings[match_id]
                if label in want and self._valid_number(doc, start, end, label, toks):
                    cands.append((start, end, label))
        if "ORG" in want:
            cands += self.gazetteer.find(doc, toks) + find_org_names(doc, self.gazetteer.kb, toks)
        if "PROGRAM" in want:
            cands += self.programs.find(doc, toks)
        trimmed = []
        for start, end, label in cands:
            t = _trim(toks, start, end, label)
            if t is not None and label in want:
                trimmed.append((*t, label))
        return resolve(doc, trimmed, toks)

    def matches(self, doc: Doc, toks: Tokens | None = None) -> list[tuple[int, int, int]]:
        """The matches of ``self.matcher(doc)`` (the same set, in another order), found faster.

        The ``Matcher`` of :data:`~kner.rules.patterns.MATCHER_PATTERNS` (the patterns with their
        alternatives merged) runs only over windows: in each run of tokens that may take part in a
        match, from its first token that may start one to its last token that may end one
        (:func:`kner.rules.patterns.token_conditions`, :func:`~kner.rules.patterns.token_ends`; most
        tokens of a text are in none). A deictic word before a calendar date is the join of a
        ``DEICTIC`` and a ``DATE_CORE`` match, and a date followed by a clock time the join of a
        base (``DATE_BASE``, ``DATE_CORE`` or that join) and a ``TIME_SUFFIX`` match. The first call
        per doc checks the doc's tags (a Doc without tags is refused, as by ``self.matcher``), the
        others skip that check. Token classes are cached by text and tag (``_orth_bits``,
        ``_tag_bits``; cleared past :data:`MAX_CACHED_TEXTS` texts).
        ``toks``: the doc's :class:`~kner.rules.tokens.Tokens`, when the caller has read them.
        """
        if self._windows is None:
            return self.matcher(doc)
        t = tokens_of(doc, toks)
        texts, tags = t.texts, t.tags
        orth_bits, tag_bits = self._orth_bits, self._tag_bits
        if len(orth_bits) > MAX_CACHED_TEXTS:
            orth_bits.clear()
        bits = []
        for i, (text, tag) in enumerate(zip(texts, tags)):
            b = orth_bits.get(text)
            if b is None:
                b = orth_bits[text] = self._bits("ORTH", text) | self._bits("SHAPE", doc.vocab.strings[int(t.shape[i])])
            tb = tag_bits.get(tag)
            if tb is None:
                tb = tag_bits[tag] = self._bits("TAG", tag)
            bits.append(b | tb)
        out: list[tuple[int, int, int]] = []
        checked = False
        n = len(bits)
        i = 0
        while i < n:
            if not bits[i] & 1:
                i += 1
                continue
            s = -1  # the window: from the run's first token that may start a match to its last that may end one
            e = i
            while e < n and bits[e] & 1:
                if s < 0 and bits[e] & 2:
                    s = e
                e += 1
            i, last = e, e - 1
            if s < 0:
                continue
            while last >= s and not bits[last] & 4:
                last -= 1
            if last < s:
                continue
            bases, suffixes, cores, deictics = [], {}, {}, []
            for match_id, start, end in self._fast(doc[s:last + 1], allow_missing=checked):
                if match_id == self._suffix:
                    suffixes.setdefault(start + s, []).append(end + s)
                    continue
                if match_id == self._deictic:
                    deictics.append((start + s, end + s))
                    continue
                if match_id == self._core:
                    cores.setdefault(start + s, []).append(end + s)
                    match_id = self._base
                if match_id == self._base:
                    bases.append((start + s, end + s))
                    match_id = self._date
                out.append((match_id, start + s, end + s))
            checked = True
            joined = [(start, end) for start, mid in deictics for end in cores.get(mid, ())]
            bases += joined
            out += [(self._date, start, end) for start, end in joined]
            out += [(self._date, start, end) for start, mid in bases for end in suffixes.get(mid, ())]
        if not checked:
            self._fast(doc[0:0])  # the Matcher's own checks (a Doc without tags is refused)
        return out

    def _bits(self, attr: str, value: str) -> int:
        """The window classes of a token whose ``attr`` is ``value``: 1 inside, 2 first, 4 last."""
        return sum(bit for bit, cond in zip((1, 2, 4), self._windows) if value in cond[attr])

    def _valid_number(self, doc: Doc, start: int, end: int, label: str, toks: Tokens | None = None) -> bool:
        """Is a MONEY/DATE/METRIC match a whole expression that its parser reads?"""
        t = tokens_of(doc, toks)
        texts, tags, ws, n = t.texts, t.tags, t.ws, t.n
        if start > 0 and not ws[start - 1]:
            prev_text, prev_tag = texts[start - 1], tags[start - 1]
            if prev_tag in NUMBER_BLOCKERS or prev_text in ("제", "No", "no") or prev_tag == "SN":
                return False  # inside a name, an ordinal, or the tail of a longer number
            if prev_text in RANGE_MARKS and start > 1 and tags[start - 2] == "SN" and not ws[start - 2]:
                return False  # the tail of a phone number or a dotted date
        if end < n and not ws[end - 1]:
            nxt_text, nxt_tag = texts[end], tags[end]
            if nxt_tag == "SN" or (nxt_text in RANGE_MARKS and not ws[end] and end + 1 < n
                                   and tags[end + 1] == "SN"):
                return False
            if label in ("METRIC", "MONEY") and nxt_tag in ("NNG", "NNP", "NNB", "SL", "XSN") \
                    and nxt_text not in BOUND_WORDS:
                return False  # a number inside a longer word: 1인창조기업, 46억년
            if label == "DATE" and texts[end - 1] in CALENDAR_WORDS and nxt_tag in ("NNG", "NNP", "SL", "SH", "XSN") \
                    and nxt_text not in BOUND_WORDS and nxt_text not in DURATION_SUFFIXES:
                return False  # a calendar word inside a compound noun: 주말농장, 새벽배송 (not 주말동안)
        if label == "DATE" and texts[end - 1] == "분" and end < n and texts[end] == "의":
            return False  # a fraction: 3분의 1
        if label == "METRIC" and texts[end - 1] in RANK_COUNTERS and end - start > 1 \
                and texts[end - 2] not in NATIVE_NUMBERS and _noun_follows(t, end):
            return False  # an ordinal or a rank group: 세계 4대 강국, 3세대 치료제, 5번 출구 (not 두 번 방문)
        # relative dates read only against a date: any will do to check
        return _parses(label, t.span_text(start, end), (_doc_date(doc) or CHECK_DATE) if label == "DATE" else None)

    # -- serialisation -----------------------------------------------------------------------------
    def _cfg(self) -> dict:
        return {"mode": self.mode, "labels": self.labels, "override_labels": self.override_labels,
                "fill_labels": self.fill_labels, "confirm_gaps": self.confirm_gaps, "kb_path": self.kb_path}

    def to_disk(self, path, *, exclude: Iterable[str] = tuple()) -> None:
        """Write the settings (``cfg.json``); the packaged KB travels with the package."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())

    def from_disk(self, path, *, exclude: Iterable[str] = tuple()) -> "KnerRules":
        """Read the settings written by :meth:`to_disk`."""
        cfg = srsly.read_json(ensure_path(path) / "cfg.json")
        self.mode = cfg.get("mode", self.mode)
        self.labels = list(cfg.get("labels", self.labels))
        self.override_labels = list(cfg.get("override_labels", self.override_labels))
        self.fill_labels = list(cfg.get("fill_labels", self.fill_labels))
        self.confirm_gaps = bool(cfg.get("confirm_gaps", self.confirm_gaps))
        if cfg.get("kb_path") != self.kb_path:
            self.kb_path = cfg.get("kb_path")
            self._gazetteer = self._programs = None
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """The settings as bytes."""
        return srsly.json_dumps(self._cfg()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "KnerRules":
        """Read settings written by :meth:`to_bytes`."""
        cfg = srsly.json_loads(data)
        self.mode, self.labels = cfg["mode"], list(cfg["labels"])
        self.override_labels, self.kb_path = list(cfg["override_labels"]), cfg.get("kb_path")
        self.fill_labels = list(cfg.get("fill_labels", ALL_LABELS))
        self.confirm_gaps = bool(cfg.get("confirm_gaps", False))
        self._gazetteer = self._programs = None
        return self


def trim(doc: Doc, start: int, end: int, label: str, toks: Tokens | None = None) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` until no particle, ending, quote or punctuation is at its edges.

    Kept: the final dot of a dotted date (``2019.12.13.``) and a legal-form mark (``(재)…``,
    ``…㈜``) of an ORG.
    """
    return _trim(tokens_of(doc, toks), start, end, label)


_EDGE_TAGS = ("J", "E", "SF", "SP", "SS", "_SP")


def _trim(t: Tokens, start: int, end: int, label: str) -> tuple[int, int] | None:
    """:func:`trim` over the doc's :class:`~kner.rules.tokens.Tokens`."""
    texts, tags, is_space = t.texts, t.tags, t.is_space
    while start < end:
        if label == "ORG" and texts[start] == "(" and end - start > 3 and texts[start + 2] == ")":
            break
        if texts[start] in TRIM_QUOTES or tags[start].startswith(_EDGE_TAGS) or tags[start] == "SO" \
                or is_space[start]:
            start += 1
            continue
        break
    while end > start:
        k = end - 1
        if label == "DATE" and texts[k] == "." and end - start > 1 and tags[end - 2] == "SN":
            break
        if label == "ORG" and texts[k] == ")" and end - start > 3 and texts[end - 3] == "(":
            break
        if texts[k] in TRIM_QUOTES or tags[k].startswith(_EDGE_TAGS) or tags[k] == "SO" or is_space[k]:
            end -= 1
            continue
        break
    return (start, end) if end > start else None


def resolve(doc: Doc, cands: Iterable[tuple[int, int, str]], toks: Tokens | None = None) -> list[Span]:
    """Non-overlapping spans: the longest (in characters) first, ties by :data:`PRIORITY`."""
    t = tokens_of(doc, toks)
    idx, ends = t.idx, t.ends
    ordered = list(dict.fromkeys(cands))  # (the first of each repeated candidate, in order)
    ordered.sort(key=lambda c: (-(ends[c[1] - 1] - idx[c[0]]), PRIORITY[c[2]], c[0]))
    taken: set[int] = set()
    out = []
    for start, end, label in ordered:
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        out.append((start, end, label))
    out.sort(key=lambda c: c[0])
    return [Span(doc, start, end, label=label) for start, end, label in out]


def combine(model: list[Span], rules: list[Span], mode: str, override_labels: Iterable[str],
            fill_labels: Iterable[str] = ALL_LABELS, confirm_gaps: bool = False) -> list[Span]:
    """The entities after merging model spans and rule spans (see the module docstring)."""
    if mode == "rules_only":
        return rules
    if mode == "rules_first":
        fill = set(fill_labels)
        gaps = [m for m in model if m.label_ in fill and not any(_overlaps(m, r) for r in rules)]
        if confirm_gaps:
            gaps = confirm(gaps, rules)
        return sorted(rules + gaps, key=lambda s: s.start)
    override = set(override_labels) if mode == "override" else set()
    winners = [s for s in rules if s.label_ in override]
    kept = [m for m in model if not any(_overlaps(m, w) for w in winners)]
    kept_ = kept + [w for w in winners if not any(_overlaps(w, k) for k in kept)]
    for s in rules:
        if s.label_ not in override and not any(_overlaps(s, k) for k in kept_):
            kept_.append(s)
    return filter_spans(kept_)


@lru_cache(maxsize=1 << 14)
def _parses(label: str, text: str, date: dt.date | None) -> bool:
    """Does the parser of ``label`` read ``text`` (a DATE against ``date``)? The parsers are pure
    functions of their arguments, and the same amounts, counts and dates recur: cached."""
    _norm, ok = parse_date(text, date) if label == "DATE" else PARSERS[label](text)
    return bool(ok)


def _noun_follows(t: Tokens, end: int) -> bool:
    """Does a new word that starts like a noun (:data:`NOUN_AFTER`) follow the token before ``end``?"""
    if end >= t.n or not (t.ws[end - 1] or t.space[end]):
        return False  # glued: a particle (4대가) or a glued noun (checked before)
    k = end
    while k < t.n and t.space[k]:
        k += 1
    return k < t.n and t.tags[k].startswith(NOUN_AFTER) and t.texts[k] not in BOUND_WORDS  # 8만세대 규모, 3대 이상


def _doc_date(doc: Doc) -> dt.date | None:
    value = getattr(doc._, "date", None) if Doc.has_extension("date") else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@Language.factory(
    "kner_rules",
    default_config={"mode": "rules_only", "labels": ALL_LABELS, "override_labels": DEFAULT_OVERRIDE,
                    "fill_labels": ALL_LABELS, "confirm_gaps": False, "kb_path": None},
    assigns=["doc.ents", "doc.spans"],
    default_score_weights={"model_ents_f": None, "model_ents_p": None, "model_ents_r": None,
                           "model_ents_per_type": None},
)
def make_rules(nlp: Language, name: str, mode: str, labels: List[str], override_labels: List[str],
               kb_path: Optional[str], fill_labels: List[str], confirm_gaps: bool) -> KnerRules:
    """Factory of the ``kner_rules`` component (config: mode, labels, override_labels, fill_labels,
    confirm_gaps, kb_path)."""
    return KnerRules(nlp, name, mode=mode, labels=labels, override_labels=override_labels, kb_path=kb_path,
                     fill_labels=fill_labels, confirm_gaps=confirm_gaps)


def rules_pipeline(mode: str = "rules_only", **config) -> Language:
    """``kner.blank()`` with ``kner_rules`` added (a rules-only extractor by default)."""
    import kner

    nlp = kner.blank()
    nlp.add_pipe("kner_rules", config={"mode": mode, **config})
    return nlp
