"""ORG entity linking: the organisation knowledge base and in-document aliases.

The knowledge base is ``data/orgs.tsv`` (columns ``id``, ``type``, ``aliases`` separated by
``|``, optional ``former``). ``id`` is the canonical full name that LABEL_SPEC uses as the ORG
norm; ``type`` is one of :data:`ORG_TYPES`. The KB is also a gazetteer: iterating an
:class:`OrgKB` yields every surface form (ids, aliases, former names) with its id and type.

Decisions:

* Surface forms are matched on a key: NFC, quotes removed, legal-form marks (㈜, (주), (재) …)
  removed, middle dots unified, white space removed, Latin letters upper-cased — so
  ``강원 TP``, ``강원TP`` and ``(재)강원테크노파크`` meet. Two KB rows may not share a key
  (:func:`load_org_kb` raises).
* Renamed bodies are one KB row whose id is the current name (government organisation as of
  2024) and whose optional fourth column ``former`` lists earlier names with the day they
  stopped being used (``강원도<2023-06-11``). The id of a mention is the name in force at the
  document date, as the corpus gold has it: 강원도/강원/강원자치도 → 강원도 in a 2022 document and
  강원특별자치도 in a 2024 one; 전북도 → 전라북도 before 2024-01-18, 전북특별자치도 after; without a
  document date, the current name. Likewise 중소기업청 → 중소벤처기업부 (2017-07-26), 미래창조과학부 →
  과학기술정보통신부 (2017-07-26), 국가보훈처 → 국가보훈부, 국가균형발전위원회 → 지방시대위원회,
  문화재청 → 국가유산청, 재료연구소 → 한국재료연구원 (2020-11-20). Old names with no clear date
  (지식경제부, 산자부 …) are plain aliases of the current name. A body whose old and new names are
  distinct gold ids in the same period (김해산업진흥의생명융합재단 and its successor
  김해의생명산업진흥원, both in a 2021 article) keeps two rows.
* Besides the bodies of regional industrial policy, the KB holds the national organisations any
  Korean news names, each kind in a type of its own so that augmentation (:mod:`kner.augment`,
  which swaps an organisation for another of the same type) never puts them into an industrial
  sentence: ``state body`` (청와대, 헌법재판소, 대법원, 대검찰청, 중앙선거관리위원회, 국가정보원 …),
  ``party`` (더불어민주당/민주당, 국민의힘 with its former names 한나라당, 새누리당 …), ``media``
  (KBS, MBC, 연합뉴스, 조선일보 …) and ``international`` (유엔/UN, IMF, OECD, WHO, 연준 …); business
  groups, flagship companies, banks and well-known foreign companies are ``company``. An alias
  that is mostly an ordinary word or a place in running text is not listed (bare 현대, 한국, 국민,
  신세계, 하나, 우리; EU, MS, AP, GM).
* Ambiguous short forms go to the larger body: 광주시/광주 → 광주광역시 (not 경기도 광주시),
  고성군 is one row. Bare place names of cities and counties (창원, 김해) are not aliases: only
  the 시/군 forms are; the 17 metropolitan/provincial governments do have their bare names
  (인천, 경남), since the spec labels them where they act.
* In-document aliases (:meth:`OrgResolver.find_aliases`): ``X(이하 Y)``, ``X(… 이하 Y)``,
  ``X(…·이하 ‘Y’)`` and a parenthesised abbreviation ``X(Y)`` (Latin capitals such as
  ``KIAT``, or Hangul whose letters occur in X in order, such as ``중기부`` for
  ``중소벤처기업부``) make mentions of Y after that point resolve to X's id. X is the ORG span
  that ends at the parenthesis when spans are given, else the longest run of up to four words
  before it that the KB knows, else the last word.
* A unit named with its parent (``강원TP 바이오센터``) gets the parent's canonical id followed
  by the unit's name; an unknown ORG gets its surface form, legal-form marks removed and
  spaces collapsed, as id.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from .text import collapse_spaces, nfc, strip_legal_form, strip_quotes, unify_middle_dots

ORG_TYPES = (
    "ministry", "local government", "agency", "technopark", "association", "company", "university", "institute",
    "state body", "party", "media", "international",
)
DEFAULT_KB = "orgs.tsv"
MAX_PARENT_WORDS = 4


@dataclass
class OrgEntry:
    """One organisation of the knowledge base."""

    id: str
    type: str
    aliases: list[str] = field(default_factory=list)
    former: list[tuple[str, dt.date]] = field(default_factory=list)  # (old name, in use until), by date

    @property
    def surfaces(self) -> list[str]:
        """The id, the aliases and the former names."""
        out = [self.id, *self.aliases]
        out += [name for name, _ in self.former if name not in out]
        return out

    def name_at(self, date: dt.date | None) -> str:
        """The body's name in force at ``date`` (the current id when ``date`` is None)."""
        if date is not None:
            for name, until in self.former:
                if date < until:
                    return name
        return self.id


def org_key(surface: str) -> str:
    """The matching key of a surface form (see the module docstring)."""
    s = strip_legal_form(strip_quotes(nfc(surface)))
    s = unify_middle_dots(s)
    return _SPACES.sub("", s).upper()


_SPACES = re.compile(r"\s+")


class OrgKB:
    """The organisation knowledge base: ids, types and aliases, looked up by :func:`org_key`."""

    def __init__(self, entries: Iterable[OrgEntry], *, source: str | None = None):
        self.entries: dict[str, OrgEntry] = {}
        self._by_key: dict[str, OrgEntry] = {}
        self.source = source
        for e in entries:
            if e.id in self.entries:
                raise ValueError(f"duplicate KB id {e.id!r}")
            if e.type not in ORG_TYPES:
                raise ValueError(f"KB id {e.id!r}: type {e.type!r} is not one of {', '.join(ORG_TYPES)}")
            self.entries[e.id] = e
        for e in self.entries.values():
            for surface in e.surfaces:
                key = org_key(surface)
                other = self._by_key.get(key)
                if other is not None and other.id != e.id:
                    raise ValueError(f"KB alias {surface!r} of {e.id!r} is already a surface of {other.id!r}")
                self._by_key[key] = e

    def lookup(self, surface: str) -> OrgEntry | None:
        """The entry whose id or alias has the key of ``surface``, or None."""
        return self._by_key.get(org_key(surface))

    def __contains__(self, org_id: str) -> bool:
        return org_id in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        """Every surface form as ``(surface, id, type)`` — the gazetteer view."""
        for e in self.entries.values():
            for surface in e.surfaces:
                yield surface, e.id, e.type

    def to_tsv(self) -> str:
        """The KB as TSV text (the format :func:`load_org_kb` reads)."""
        lines = ["id\ttype\taliases\tformer"]
        for e in self.entries.values():
            former = "|".join(f"{name}<{until.isoformat()}" for name, until in e.former)
            lines.append(f"{e.id}\t{e.type}\t{'|'.join(e.aliases)}\t{former}".rstrip("\t"))
        return "\n".join(lines) + "\n"


def parse_org_tsv(text: str, *, source: str | None = None) -> OrgKB:
    """Parse KB TSV text (header ``id type aliases [former]``; ``#`` lines are comments)."""
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or [h.strip() for h in header[:3]] != ["id", "type", "aliases"]:
        raise ValueError(f"{source or 'KB'}: the first line must be the header 'id<TAB>type<TAB>aliases'")
    entries = []
    for n, row in enumerate(reader, start=2):
        if len(row) < 2 or not row[0].strip():
            raise ValueError(f"{source or 'KB'} row {n}: expected id, type, aliases")
        aliases = [a.strip() for a in (row[2] if len(row) > 2 else "").split("|") if a.strip()]
        former = []
        for item in (row[3] if len(row) > 3 else "").split("|"):
            if not item.strip():
                continue
            name, sep, until = item.partition("<")
            try:
                former.append((nfc(name.strip()), dt.date.fromisoformat(until.strip())))
            except ValueError:
                raise ValueError(f"{source or 'KB'} row {n}: former name {item!r} is not 'name<YYYY-MM-DD'") from None
        former.sort(key=lambda f: f[1])
        entries.append(OrgEntry(nfc(row[0].strip()), row[1].strip(), [nfc(a) for a in aliases], former))
    return OrgKB(entries, source=source)


def load_org_kb(path: str | Path | None = None) -> OrgKB:
    """Load the organisation KB from ``path``, or the one shipped with the package."""
    if path is None:
        text = resources.files("kner.normalize").joinpath("data", DEFAULT_KB).read_text(encoding="utf-8")
        return parse_org_tsv(text, source=f"kner/normalize/data/{DEFAULT_KB}")
    path = Path(path)
    return parse_org_tsv(path.read_text(encoding="utf-8"), source=str(path))


@dataclass
class Alias:
    """An alias introduced in a document: ``surface`` means ``id`` from ``start`` on."""

    surface: str
    id: str
    start: int


_IHA_RE = re.compile(r"\((?P<inner>[^()]*?)이하\s*[:：]?\s*(?P<alias>[^(),·]+?)\s*\)")
_ALIAS_TAIL_RE = re.compile(r"\s*(?:이?라\s*(?:한다|함|칭함|칭한다|부름)|으?로\s*칭함?|을|를)\.?$")
_ABBR_RE = re.compile(r"\((?P<alias>[A-Za-z][A-Za-z&\-]{1,11}|[가-힣]{2,7})\)")
_QUOTE_CHARS = "'\"‘’“”「」『』《》〈〉"


class OrgResolver:
    """Resolve ORG surfaces to KB ids, with the aliases a document introduces."""

    def __init__(self, kb: OrgKB | None = None):
        self.kb = kb if kb is not None else load_org_kb()

    # -- resolution ------------------------------------------------------------------------------
    def resolve(self, surface: str, doc_aliases: dict[str, str] | None = None, *,
                doc_date: dt.date | None = None) -> dict:
        """The ORG norm ``{"id": …}`` of ``surface``; ``doc_aliases`` (surface → id) come first.

        ``doc_date`` picks the name in force at the document's date for a renamed body.
        """
        return {"id": self.resolve_id(surface, doc_aliases, doc_date=doc_date)}

    def resolve_id(self, surface: str, doc_aliases: dict[str, str] | None = None, *,
                   doc_date: dt.date | None = None) -> str:
        """The canonical id of ``surface`` (see :meth:`resolve`)."""
        if doc_aliases:
            key = org_key(surface)
            for alias, org_id in doc_aliases.items():
                if org_key(alias) == key:
                    return org_id
        entry = self.kb.lookup(surface)
        if entry is not None:
            return entry.name_at(doc_date)
        clean = collapse_spaces(strip_legal_form(strip_quotes(nfc(surface)))) or surface.strip()
        words = clean.split(" ")
        for n in range(min(MAX_PARENT_WORDS, len(words) - 1), 0, -1):
            parent = self.kb.lookup(" ".join(words[:n]))
            if parent is not None:
                return parent.name_at(doc_date) + " " + " ".join(words[n:])
        return clean

    def known(self, surface: str) -> bool:
        """True when the KB knows ``surface``."""
        return self.kb.lookup(surface) is not None

    # -- in-document aliases -----------------------------------------------------------------------
    def find_aliases(self, text: str, spans: Iterable | None = None, *,
                     doc_date: dt.date | None = None) -> list[Alias]:
        """Aliases introduced in ``text`` in order of appearance.

        ``spans`` (optional) are the document's ORG spans, as dicts with ``start``/``end``
        (and ``label``) or ``(start, end)`` pairs; X is then the span that ends at the
        parenthesis.
        """
        org_spans = _org_offsets(spans)
        ends = {e: s for s, e in org_spans}
        starts = {s: e for s, e in org_spans}
        found: list[Alias] = []
        for m in _IHA_RE.finditer(text):
            alias = _ALIAS_TAIL_RE.sub("", m.group("alias")).strip().strip(_QUOTE_CHARS).strip()
            if not alias or len(alias) > 30:
                continue
            surface = self._surface_before(text, m.start(), ends)
            target = self.resolve_id(surface, doc_date=doc_date) if surface else None
            if target:
                found.append(Alias(alias, target, m.start("alias")))
        for m in _ABBR_RE.finditer(text):
            alias = m.group("alias")
            target_surface = self._surface_before(text, m.start(), ends)
            if not target_surface:
                continue
            inner_is_span = (m.start() + 1) in starts and starts[m.start() + 1] == m.end() - 1
            x_is_span = m.start() in ends
            if not (_abbreviates(alias, target_surface) or (x_is_span and inner_is_span)):
                continue
            if not x_is_span and not self.known(target_surface) and not _looks_like_org(target_surface):
                continue
            other = self.kb.lookup(alias)
            target = self.resolve_id(target_surface, doc_date=doc_date)
            if other is not None and other.name_at(doc_date) != target:
                continue
            found.append(Alias(alias, target, m.start("alias")))
        found.sort(key=lambda a: a.start)
        return found

    def aliases_in(self, text: str, spans: Iterable | None = None, *,
                   doc_date: dt.date | None = None) -> dict[str, str]:
        """Aliases introduced in ``text`` as ``{alias surface: id}`` (``X(이하 Y)`` → ``{Y: id(X)}``)."""
        return {a.surface: a.id for a in self.find_aliases(text, spans, doc_date=doc_date)}

    def _surface_before(self, text: str, pos: int, ends: dict[int, int]) -> str | None:
        if pos in ends:
            return text[ends[pos]:pos]
        head = text[max(0, pos - 80):pos]
        head = head.rstrip()
        if not head or head[-1] in ")":
            # "(재)…" is part of the name; any other closing parenthesis is not a name
            if not head.endswith("(재)") and not head.endswith("(주)"):
                return None
        words = head.split()
        if not words:
            return None
        for n in range(min(MAX_PARENT_WORDS, len(words)), 0, -1):
            cand = " ".join(words[-n:]).lstrip(_QUOTE_CHARS)
            if self.known(cand):
                return cand
        return words[-1].lstrip(_QUOTE_CHARS) or None


def _org_offsets(spans: Iterable | None) -> list[tuple[int, int]]:
    out = []
    for s in spans or ():
        if isinstance(s, dict):
            if s.get("label", "ORG") == "ORG":
                out.append((s["start"], s["end"]))
        else:
            out.append((int(s[0]), int(s[1])))
    return out


def _abbreviates(alias: str, name: str) -> bool:
    """Is ``alias`` an abbreviation of ``name``: Latin capitals, or Hangul letters in order?"""
    name = strip_legal_form(strip_quotes(name))
    if re.fullmatch(r"[A-Za-z][A-Za-z&\-]+", alias):
        return alias.isupper() or any(c.isupper() for c in alias[1:])
    if len(alias) >= len(name.replace(" ", "")):
        return False
    it = iter(name)
    return all(ch in it for ch in alias)


ORG_SUFFIXES = ("부", "처", "청", "원", "공단", "공사", "재단", "센터", "협회", "회", "대학교", "대학", "연구소",
                "기금", "은행", "위원회", "테크노파크", "TP", "시", "도", "군")


def _looks_like_org(surface: str) -> bool:
    s = strip_legal_form(strip_quotes(surface))
    return s != surface.strip(_QUOTE_CHARS) or s.endswith(ORG_SUFFIXES)
