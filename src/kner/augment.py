"""Training-data augmentation by entity substitution inside gold documents.

Each augmented copy of a record swaps some of its entities for others of the same kind and
recomputes their norms with kner's normaliser:

* **ORG** — all mentions of one organisation (grouped by norm id) become another organisation
  of the same knowledge-base type (ministry → ministry, company → company …). A mention written
  as the full name becomes the new full name (keeping a legal-form mark such as ㈜/(재), and
  sometimes adding ㈜ to a company); a mention written as a KB alias becomes one of the new
  organisation's aliases. Organisations introduced with an in-document alias (``X(이하 Y)``),
  renamed bodies (date-dependent ids) and units named with their parent are left alone.
* **PROGRAM** — all mentions of one programme become another programme name: one of the
  corpus's own programme names or a templated composition of region, industry, core and
  programme-type words (``data/augment.json``). Programmes whose id depends on the document
  (short forms linked to a longer name) are left alone.
* **MONEY** — a written amount gets another amount of a similar size, rendered in another
  press style (``978억원``, ``1,200억 원``, ``33억4천만원``, ``1.5조원``, ``4천746억원`` …),
  keeping the currency word; vague amounts (``수백억``) are left alone.
* **DATE** — a point in time becomes another point form (``2022년``, ``2019년 12월``,
  ``4월 16일``, ``2019.12.13.``, ``지난해``, ``올해 상반기`` …) and a duration another duration
  (``2년간``, ``6개월간``); ranges, clock times and the two halves of ``A부터 B까지`` are left alone.
* **METRIC** — the number of a simple count/percentage/multiple changes, the unit stays.

A particle right after a replaced span (은/는, 이/가, 을/를, 과/와, 으로/로 …; the particle
is found as a Kiwi ``J*`` token, behind a closing quote if there is one) is rewritten to agree
with the new span's last sound. Every replacement is checked: the normaliser must parse the new
span to the value that was meant (the amount generated, a valid date value, the chosen
organisation), untouched spans must keep the norm the normaliser gave them before, and every
span must still fall on token boundaries. A copy that fails a check is drawn again (a few
times) and otherwise dropped. Copies are deterministic for a given seed (one ``random.Random``
per record and copy), and every output record passes :func:`kner.records.check_record` and
:func:`kner.normalize.schema.norm_problem`.
"""

from __future__ import annotations

import copy as _copy
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable

from .normalize.apply import Normalizer, record_doc_date
from .normalize.orgs import OrgEntry, org_key
from .normalize.programs import canonical_program
from .normalize.schema import norm_problem
from .normalize.text import strip_legal_form
from .records import check_record, sorted_spans

CLOSING = "’”」』〉》)]'\""
LEGAL_MARKS = ("㈜", "(주)", "(재)", "(사)", "㈔", "주식회사 ", "재단법인 ", "사단법인 ")
_NUMBER_RE = re.compile(r"^[\d,.]+(?:\s?[조억만천백십]\s?[\d,.]*)*[조억만천백십]?$")
_MONEY_HEAD_RE = re.compile(r"^([\d,.\s조억만천백십]+?)(\s*(?:원|달러|유로|엔|위안|파운드|불)?)$")
_METRIC_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(여)?([^\d\s].*)$")
_FROM_RE = re.compile(r"\s*부터\s*")


def load_words() -> dict:
    """The word lists and tables of ``kner/data/augment.json``."""
    text = resources.files("kner").joinpath("data", "augment.json").read_text(encoding="utf-8")
    return json.loads(text)


WORDS = load_words()


# ------------------------------------------------------------------------------- particles
def final_sound(text: str) -> str | None:
    """How ``text`` ends when read aloud: ``"V"`` (a vowel), ``"L"`` (final ㄹ), ``"C"``
    (another final consonant), or None when unknown (an empty string, an unread symbol)."""
    text = text.rstrip()
    if not text:
        return None
    ch = text[-1]
    if "가" <= ch <= "힣":
        jong = (ord(ch) - 0xAC00) % 28
        return "V" if jong == 0 else ("L" if jong == 8 else "C")
    return WORDS["final_sound"].get(ch.upper() if ch.isascii() else ch)


_PAIRS = {form: pair for pair in WORDS["particles"] for form in pair}


def agreeing_particle(particle: str, before: str) -> str:
    """``particle`` in the form that agrees with the text ``before`` it (``before`` ending in a
    consonant takes 은/이/을/과/으로, a vowel takes 는/가/를/와/로, and a final ㄹ takes 로);
    unchanged when it is not an alternating particle or the last sound is unknown."""
    pair = _PAIRS.get(particle)
    sound = final_sound(before)
    if pair is None or sound is None:
        return particle
    consonant_form, vowel_form = pair
    if sound == "V" or (sound == "L" and consonant_form in WORDS["rieul_takes_vowel_form"]):
        return vowel_form
    return consonant_form


# ---------------------------------------------------------------------------------- money
def _group_text(n: int, style: str) -> str:
    """A number below 10,000 written plainly (``4746``), with commas (``4,746``) or with 천
    (``4천746``; ``2천``)."""
    if style == "comma":
        return f"{n:,}"
    if style == "cheon" and n >= 1000:
        rest = n % 1000
        return f"{n // 1000}천" + (str(rest) if rest else "")
    return str(n)


def render_amount(amount: int, rng: random.Random) -> str | None:
    """``amount`` (a multiple of 10,000) written the way Korean press writes sums, without the
    currency word: ``978억``, ``1,200억``, ``33억4천만``, ``1조 2천억``, ``1.5조``, ``5,000만``…
    None when the amount is not a positive multiple of 10,000."""
    if amount <= 0 or amount % 10_000:
        return None
    groups = [(amount // 10**12, "조"), (amount // 10**8 % 10**4, "억"), (amount // 10**4 % 10**4, "만")]
    nonzero = [(n, u) for n, u in groups if n]
    # one significant group with a decimal: 1.5조, 2.5억
    if len(nonzero) == 2 and rng.random() < 0.3:
        (hi, unit), (lo, _) = nonzero
        if lo % 1000 == 0 and groups.index(nonzero[1]) == groups.index(nonzero[0]) + 1:
            return f"{hi}.{lo // 1000}{unit}"
    style = rng.choice(["plain", "comma", "comma", "cheon"])
    sep = rng.choice(["", " "]) if len(nonzero) > 1 else ""
    return sep.join(_group_text(n, style) + u for n, u in nonzero)


def new_amount(amount: int, rng: random.Random) -> int:
    """Another amount of a similar size (×0.2–5), two or three significant digits, ≥ 10,000."""
    value = amount * math.exp(rng.uniform(math.log(0.2), math.log(5)))
    digits = rng.choice([1, 2, 2, 3])
    scale = 10 ** max(4, int(math.floor(math.log10(max(value, 1)))) - digits + 1)
    return max(10_000, int(round(value / scale)) * scale)


# ----------------------------------------------------------------------------------- dates
def render_date(form: str, rng: random.Random, year: int) -> str:
    """Fill a DATE form of ``data/augment.json`` (``{y}``, ``{m}``, ``{d}``, ``{mm}``, ``{dd}``,
    ``{n}``) with random values around ``year``."""
    y = rng.randint(year - 3, year + 5)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return form.format(y=y, m=m, d=d, mm=f"{m:02d}", dd=f"{d:02d}", n=rng.choice([2, 3, 4, 5, 6, 10]))


# ------------------------------------------------------------------------------- programs
def template_program(rng: random.Random, year: int) -> str:
    """A programme name composed from the region/industry/core/type word lists."""
    w = WORDS["program"]
    return rng.choice(w["templates"]).format(
        region=rng.choice(w["regions"]), industry=rng.choice(w["industries"]), core=rng.choice(w["cores"]),
        type=rng.choice(w["types"]), zone=rng.choice(w["zone_types"]), year=rng.randint(year - 3, year + 3))


# -------------------------------------------------------------------------------- augmenter
@dataclass
class AugmentReport:
    """What an augmentation run did."""

    records_in: int = 0
    records_out: int = 0
    dropped: int = 0
    replaced: Counter = field(default_factory=Counter)
    particles_fixed: int = 0

    def summary(self) -> str:
        """One line for the CLI."""
        per = ", ".join(f"{k} {v}" for k, v in sorted(self.replaced.items()))
        return (f"{self.records_in} records in, {self.records_out} augmented copies out "
                f"({self.dropped} dropped after failed checks); replaced: {per}; "
                f"particles fixed: {self.particles_fixed}")


@dataclass
class _Edit:
    start: int
    end: int
    text: str
    span: int | None  # index of the replaced span, None for a particle


class Augmenter:
    """Entity substitution (see the module docstring).

    ``nlp``: the pipeline whose tokenizer defines token boundaries (default ``kner.blank()``);
    ``pool``: records whose PROGRAM names join the replacement pool; ``rates``: the chance of
    replacing each entity (group) per label."""

    DEFAULT_RATES = {"ORG": 0.7, "PROGRAM": 0.7, "MONEY": 0.7, "DATE": 0.5, "METRIC": 0.5}

    def __init__(self, nlp=None, *, pool: Iterable[dict] = (), rates: dict | None = None,
                 template_share: float = 0.6, company_mark_rate: float = 0.3, max_tries: int = 5):
        if nlp is None:
            import kner

            nlp = kner.blank()
        self.nlp = nlp
        self.normalizer = Normalizer()
        self.kb = self.normalizer.orgs.kb
        self.rates = {**self.DEFAULT_RATES, **(rates or {})}
        self.template_share = template_share
        self.company_mark_rate = company_mark_rate
        self.max_tries = max_tries
        self.by_type: dict[str, list[OrgEntry]] = defaultdict(list)
        for entry in self.kb.entries.values():
            if not entry.former:
                self.by_type[entry.type].append(entry)
        names = set()
        for rec in pool:
            for s in rec.get("spans", []):
                if s["label"] == "PROGRAM":
                    surface = rec["text"][s["start"]:s["end"]]
                    if self.normalizer.programs.resolve_id(surface) == canonical_program(surface):
                        names.add(canonical_program(surface))
        self.program_pool = sorted(names)

    # -- public --------------------------------------------------------------------------------
    def augment(self, records: Iterable[dict], copies: int = 1, seed: int = 0,
                report: AugmentReport | None = None) -> list[dict]:
        """``copies`` augmented versions of every record (fewer where checks keep failing)."""
        report = report if report is not None else AugmentReport()
        out = []
        for rec in records:
            report.records_in += 1
            for k in range(1, copies + 1):
                new = self.augment_record(rec, k, seed, report)
                if new is None:
                    report.dropped += 1
                else:
                    out.append(new)
                    report.records_out += 1
        return out

    def augment_record(self, record: dict, copy: int = 1, seed: int = 0,
                       report: AugmentReport | None = None) -> dict | None:
        """One augmented copy of ``record`` (id ``<id>~aug<copy>``), or None when no attempt
        passed the checks. Deterministic in ``(record id, copy, seed)``."""
        rng = random.Random(f"kner-augment:{seed}:{record['id']}:{copy}")
        doc = self.nlp.make_doc(record["text"])
        doc_date = record_doc_date(record)
        spans = sorted_spans(record.get("spans", []))
        auto = self._auto_norms(record["text"], spans, record)
        for _ in range(self.max_tries):
            result = self._attempt(record, spans, doc, doc_date, auto, rng)
            if result is not None:
                new, n_particles, labels = result
                new["id"] = f"{record['id']}~aug{copy}"
                new["meta"] = {**(record.get("meta") or {}), "augmented_from": record["id"],
                               "augment": {"seed": seed, "copy": copy}}
                if report is not None:
                    report.particles_fixed += n_particles
                    report.replaced.update(labels)
                return new
        return None

    # -- planning ------------------------------------------------------------------------------
    def _attempt(self, record, spans, doc, doc_date, auto, rng):
        text = record["text"]
        year = doc_date.year if doc_date else 2022
        plan: dict[int, tuple[str, object]] = {}  # span index -> (new surface, expectation)
        self._plan_orgs(text, spans, doc_date, rng, plan)
        self._plan_programs(text, spans, rng, year, plan)
        for i, s in enumerate(spans):
            if i in plan or rng.random() >= self.rates.get(s["label"], 0):
                continue
            surface = text[s["start"]:s["end"]]
            if s["label"] == "MONEY":
                made = self._money(surface, s.get("norm") or {}, rng)
            elif s["label"] == "DATE":
                made = self._date(text, spans, i, surface, s.get("norm") or {}, doc_date, rng, year)
            elif s["label"] == "METRIC":
                made = self._metric(surface, s.get("norm") or {}, rng)
            else:
                made = None
            if made is not None and made[0] != surface:
                plan[i] = made
        if not plan:
            return None
        edits = [_Edit(spans[i]["start"], spans[i]["end"], new, i) for i, (new, _) in plan.items()]
        edits += self._particle_edits(doc, spans, plan)
        new = self._apply(record, spans, edits)
        if not self._check(new, spans, plan, auto, record):
            return None
        labels = Counter(spans[i]["label"] for i in plan)
        return new, sum(e.span is None for e in edits), labels

    def _plan_orgs(self, text, spans, doc_date, rng, plan) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(spans):
            if s["label"] == "ORG" and s.get("norm"):
                groups[s["norm"]["id"]].append(i)
        org_spans = [s for s in spans if s["label"] == "ORG"]
        introduced = {a.id for a in self.normalizer.orgs.find_aliases(text, org_spans, doc_date=doc_date)}
        taken = set(groups)
        for org_id, idx in groups.items():
            entry = self.kb.entries.get(org_id)
            if entry is None or entry.former or org_id in introduced or rng.random() >= self.rates["ORG"]:
                continue
            kinds = []
            for i in idx:
                surface = text[spans[i]["start"]:spans[i]["end"]]
                found = self.kb.lookup(surface)
                if found is None or found.id != org_id:
                    break
                bare = strip_legal_form(surface)
                mark = surface[: surface.index(bare)] if bare in surface and surface.endswith(bare) else ""
                kinds.append(("full" if org_key(bare) == org_key(org_id) else "alias", mark))
            else:
                need_alias = any(k == "alias" for k, _ in kinds)
                candidates = [e for e in self.by_type[entry.type]
                              if e.id not in taken and (e.aliases or not need_alias)]
                if not candidates:
                    continue
                new = rng.choice(candidates)
                taken.add(new.id)
                aliases = [a for a in new.aliases if strip_legal_form(a) == a]
                add_mark = (new.type == "company" and rng.random() < self.company_mark_rate)
                for i, (kind, mark) in zip(idx, kinds):
                    if kind == "alias" and aliases:
                        surface = rng.choice(aliases)
                    else:
                        surface = (mark or ("㈜" if add_mark else "")) + new.id
                    plan[i] = (surface, ("ORG", new.id))

    def _plan_programs(self, text, spans, rng, year, plan) -> None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(spans):
            if s["label"] == "PROGRAM" and s.get("norm"):
                groups[s["norm"]["id"]].append(i)
        taken = set(groups)
        for prog_id, idx in groups.items():
            if rng.random() >= self.rates["PROGRAM"]:
                continue
            if any(self.normalizer.programs.resolve_id(text[spans[i]["start"]:spans[i]["end"]]) != prog_id
                   for i in idx):
                continue
            for _ in range(5):
                if self.program_pool and rng.random() >= self.template_share:
                    name = rng.choice(self.program_pool)
                else:
                    name = template_program(rng, year)
                if name not in taken:
                    break
            else:
                continue
            taken.add(name)
            for i in idx:
                plan[i] = (name, ("PROGRAM", None))

    def _money(self, surface, norm, rng):
        amount, currency = norm.get("amount"), norm.get("currency")
        m = _MONEY_HEAD_RE.match(surface)
        if not amount or not currency or m is None or not _NUMBER_RE.match(m.group(1).strip()):
            return None
        value = new_amount(amount, rng)
        body = render_amount(value, rng)
        if body is None:
            return None
        tail = m.group(2)
        if tail.strip() == "원" and rng.random() < 0.3:  # 억원 / 억 원
            tail = rng.choice(["원", " 원"])
        return body + tail, ("MONEY", (value, currency))

    def _date(self, text, spans, i, surface, norm, doc_date, rng, year):
        forms = WORDS["dates"]
        if self._linked_date(text, spans, i):
            return None
        if norm.get("type") == "date" and re.match(forms["point_pattern"], surface):
            choices = [f for f in forms["point_forms"] if doc_date is not None or "{y}" in f]
            return render_date(rng.choice(choices), rng, year), ("DATE", "date")
        if norm.get("type") == "duration" and re.match(forms["duration_pattern"], surface):
            return render_date(rng.choice(forms["duration_forms"]), rng, year), ("DATE", "duration")
        return None

    @staticmethod
    def _linked_date(text, spans, i) -> bool:
        """A DATE joined to a neighbouring DATE by 부터 (``A부터 B까지``): its value anchors the other."""
        s = spans[i]
        prev = spans[i - 1] if i > 0 else None
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        return bool((prev and prev["label"] == "DATE" and _FROM_RE.fullmatch(text, prev["end"], s["start"]))
                    or (nxt and nxt["label"] == "DATE" and _FROM_RE.fullmatch(text, s["end"], nxt["start"])))

    def _metric(self, surface, norm, rng):
        m = _METRIC_RE.match(surface)
        value = norm.get("value")
        if m is None or value is None or isinstance(value, bool):
            return None
        number, approx, unit = m.groups()
        decimals = len(number.split(".")[1]) if "." in number else 0
        new = value * math.exp(rng.uniform(math.log(0.3), math.log(3)))
        if unit.startswith("%"):
            new = min(new, 99)
        new = round(new, decimals) if decimals else max(1, int(round(new)))
        if new == value:
            return None
        text = f"{new:,.{decimals}f}" if "," in number or (rng.random() < 0.5 and new >= 1000) else f"{new:.{decimals}f}"
        return text + (approx or "") + unit, ("METRIC", new)

    # -- particles and edits -------------------------------------------------------------------
    def _particle_edits(self, doc, spans, plan) -> list[_Edit]:
        edits = []
        starts = {t.idx: t for t in doc}
        for i, (new, _) in plan.items():
            pos = spans[i]["end"]
            text = doc.text
            while pos < len(text) and text[pos] in CLOSING:
                pos += 1
            token = starts.get(pos)
            if token is None or not token.tag_.startswith("J") or token.text not in _PAIRS:
                continue
            fixed = agreeing_particle(token.text, new)
            if fixed != token.text:
                edits.append(_Edit(token.idx, token.idx + len(token.text), fixed, None))
        return edits

    @staticmethod
    def _apply(record, spans, edits) -> dict:
        text = record["text"]
        edits = sorted(edits, key=lambda e: e.start)
        pieces, shift_at, pos, shift = [], [], 0, 0
        for e in edits:
            pieces.append(text[pos:e.start])
            shift_at.append((e.start, e.end, shift, e))
            pieces.append(e.text)
            shift += len(e.text) - (e.end - e.start)
            pos = e.end
        pieces.append(text[pos:])
        new_text = "".join(pieces)

        def moved(offset: int) -> int:
            delta = 0
            for start, end, before, e in shift_at:
                if end <= offset:
                    delta = before + len(e.text) - (e.end - e.start)
            return offset + delta

        replaced = {e.span: e for e in edits if e.span is not None}
        new_spans = []
        for i, s in enumerate(spans):
            start = moved(s["start"])
            end = start + (len(replaced[i].text) if i in replaced else s["end"] - s["start"])
            span = {k: v for k, v in s.items() if k not in ("start", "end", "text", "norm")}
            span = {"start": start, "end": end, "label": s["label"], **span, "text": new_text[start:end]}
            if "norm" in s:
                span["norm"] = _copy.deepcopy(s["norm"])
            new_spans.append(span)
        return {"id": record["id"], "text": new_text, "meta": _copy.deepcopy(record.get("meta") or {}),
                "spans": new_spans}

    # -- checks --------------------------------------------------------------------------------
    def _auto_norms(self, text, spans, record) -> list[dict]:
        return self.normalizer.normalize_doc(text, spans, record_doc_date(record))

    def _check(self, new, old_spans, plan, auto_before, record) -> bool:
        if record_doc_date(new) != record_doc_date(record):
            return False
        auto_after = self._auto_norms(new["text"], new["spans"], new)
        for i, span in enumerate(new["spans"]):
            if i in plan:
                norm = auto_after[i]
                if norm_problem(span["label"], norm) is not None or not _meets(norm, plan[i][1]):
                    return False
                span["norm"] = norm
            elif old_spans[i].get("norm") == auto_before[i] and auto_after[i] != auto_before[i]:
                return False  # the new context changed how an untouched span is read
        try:
            check_record(new)
        except ValueError:
            return False
        from .io.docbin import misaligned

        return not misaligned(self.nlp.make_doc(new["text"]), new)


def _meets(norm: dict, expectation) -> bool:
    """Whether the recomputed norm is the value the replacement was made for."""
    label, want = expectation
    if label == "MONEY":
        return (norm["amount"], norm["currency"]) == want
    if label == "METRIC":
        return norm["value"] == want
    if label == "DATE":
        return norm["type"] == want and norm["value"] is not None
    if label == "ORG":
        return norm["id"] == want
    return bool(norm.get("id"))


def augment_records(records: Iterable[dict], copies: int = 1, seed: int = 0, *, nlp=None,
                    pool: Iterable[dict] | None = None, rates: dict | None = None,
                    progress=None) -> tuple[list[dict], AugmentReport]:
    """``copies`` augmented copies of each record (PROGRAM pool: ``pool``, default the records
    themselves) and the run's :class:`AugmentReport`. ``progress``: a function wrapping the
    record list in a progress display (e.g. ``typer.progressbar``-like iterator factory); the
    copies do not depend on it (each is seeded by record id, copy and seed)."""
    records = list(records)
    augmenter = Augmenter(nlp, pool=records if pool is None else pool, rates=rates)
    report = AugmentReport()
    return augmenter.augment(progress(records) if progress else records, copies, seed, report), report
