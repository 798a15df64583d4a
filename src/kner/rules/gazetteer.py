"""ORG candidates: the knowledge base as a gazetteer, in-document aliases, legal forms, suffixes.

All finders take a tokenised ``Doc`` and return ``(start_token, end_token, label)`` triples; the
component resolves overlaps. Decisions:

* **Gazetteer.** Every surface form of the ORG knowledge base (:func:`kner.normalize.orgs.load_org_kb`)
  is matched on the KB's own key (:func:`~kner.normalize.orgs.org_key`: quotes, legal-form marks
  and spaces ignored, Latin upper-cased), over runs of up to :data:`MAX_TOKENS` tokens that start
  and end on Kiwi token boundaries. Matching on the key rather than on token sequences keeps a
  name found whatever way Kiwi splits it in context (``강원테크노파크`` is one ``NNP`` token in one
  sentence and three in another) and lets ``㈜네올``/``(재)…`` keep their marks inside (spec 3).
* **Not inside a longer word.** A match glued to a noun before or after it is dropped
  (``인천지역``, ``[춘천시뉴스]``, ``한국바이오협회장``): a name is a whole word up to its particle.
* **Acting governments** (spec 9): a KB entry of type ``local government`` is kept only when the
  token after it marks an actor — subject/topic/conjunction particles (이/가/은/는/도/와/과/에서),
  a comma, a middle dot, 및, a closing bracket — never before 의/을/를/에/로 or a noun
  (``김해시의 지속성장``, ``강원자치도를 …``, ``경남 김해에``).
* **In-document aliases** (spec 8): ``X(이하 Y)``, ``X(… 이하 Y)`` and ``X(ABBR)`` found by
  :meth:`kner.normalize.orgs.OrgResolver.find_aliases`; every whole-word occurrence of Y in the
  document is ORG (also before the introduction: headlines), and so is X, the word before the
  parenthesis. A bare back-reference (``진흥원은``) without ``이하`` is never matched.
* **Legal forms** (spec 3): ``㈜``/``(주)``/``(재)``/``(사)``/``㈔`` touching a name make the
  name plus the mark one ORG.
* **Suffix heuristic**: a glued run of noun tokens that starts with a proper noun (``NNP``/``SL``)
  and ends in an organisation head (:data:`ORG_HEADS`: …테크노파크, …진흥원, …재단, …연구원,
  …대학교, …협회, …혁신센터 …) is an ORG (``춘천바이오산업진흥원``); a head alone never is. A bare
  …센터 is not a head (most are facilities: ``메디컬실용화센터``), nor are internal units (…단).
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from spacy.tokens import Doc

from ..normalize.orgs import OrgKB, OrgResolver, load_org_kb, org_key
from .tokens import Tokens, tokens_of

Candidate = tuple[int, int, str]

MAX_TOKENS = 10
# tags of tokens that glue words into one longer noun: a name must not continue into them
NOUN_TAGS = ("NNG", "NNP", "NNB", "SL", "SH", "SN", "XSN", "XPN", "XR")
NAME_TAGS = ("NNG", "NNP", "SL", "SH", "SN", "XSN", "XPN", "XR", "NNB")
# token after an acting government (spec 9)
ACTING_TAGS = ("JKS", "JC")
ACTING_WORDS = ("은", "는", "도", "이", "가", "와", "과", "및", ",", "·", "ㆍ", "‧", ")", "-", "’", "”", "」", "、",
                "으로부터", "로부터", "측", "등", "관계자", "장")
# a government is named as one only with its 시/도/군 (or 청) ending: bare 부산, 대구, 경남, 경기 are places
GOVERNMENT_ENDINGS = ("시", "도", "군", "청")
LEGAL_MARKS = ("㈜", "㈔", "(주)", "(재)", "(사)", "(유)", "주식회사", "재단법인", "사단법인")
ORG_HEADS = (
    "테크노파크", "TP", "진흥원", "진흥재단", "재단", "공사", "공단", "연구원", "연구소", "대학교", "대학",
    "협회", "상공회의소", "조합", "연합회", "위원회", "진흥회", "혁신센터", "병원", "은행", "기금",
    "진흥공단", "산학협력단", "전자", "제약", "바이오", "화학", "중공업", "건설", "그룹",
)
# heads that make a word an ORG only when the run has at least this many characters before them
MIN_STEM = 2
QUOTES = "'\"‘’“”「」『』《》〈〉"
# org_key is a pure function of the text: the same runs recur within and across documents
_org_key = lru_cache(maxsize=1 << 16)(org_key)


@dataclass
class OrgGazetteer:
    """Finds ORG candidates in a ``Doc`` (see the module docstring)."""

    kb: OrgKB

    @classmethod
    def load(cls, path: str | None = None) -> "OrgGazetteer":
        """The gazetteer over the packaged KB, or the KB TSV at ``path``."""
        return cls(load_org_kb(path))

    def __post_init__(self) -> None:
        self.resolver = OrgResolver(self.kb)
        self._keys: dict[str, str] = {}
        self._max_len = 0
        self._prefixes: set[str] = set()
        for surface, _id, type_ in self.kb:
            key = org_key(surface)
            if len(key) < 2:
                continue
            self._keys[key] = type_
            self._max_len = max(self._max_len, len(key))
            self._prefixes.add(key[:2])

    def _may_match(self, text: str) -> bool:
        """A cheap test before :func:`org_key`: length and first two characters."""
        quick = "".join(text.split()).upper()
        if len(quick) > self._max_len + 6:
            return False
        return quick[:2] in self._prefixes or quick[0] in QUOTES or quick.startswith(LEGAL_MARKS)

    def _may_start(self, text: str) -> bool:
        """The start test of :meth:`_may_match` on the longest run from a token: when it fails,
        it fails on every shorter run from the same token (their keys are prefixes of this one's,
        and a prefix shorter than two characters is in no ``_prefixes``)."""
        quick = "".join(text.split()).upper()
        return not quick or quick[:2] in self._prefixes or quick[0] in QUOTES or quick.startswith(LEGAL_MARKS)

    # -- finders ----------------------------------------------------------------------------------
    def find(self, doc: Doc, toks: "Tokens | None" = None) -> list[Candidate]:
        """All ORG candidates: gazetteer, aliases, legal forms and suffix heuristics (``toks``: the
        doc's :class:`~kner.rules.tokens.Tokens`, when the caller has read them)."""
        toks = tokens_of(doc, toks)
        out = self.kb_matches(doc, toks)
        out += self.alias_matches(doc, toks)
        out += legal_form_matches(doc, toks)
        out += suffix_matches(doc, toks)
        return out

    def kb_matches(self, doc: Doc, toks: "Tokens | None" = None) -> list[Candidate]:
        """Token-aligned, whole-word matches of KB surface forms (acting rule for governments)."""
        t = tokens_of(doc, toks)
        texts, tags, space, n = t.texts, t.tags, t.space, t.n
        keys, may_match = self._keys, self._may_match
        out = []
        for i in range(n):
            if not t.starts_word(i) or tags[i].startswith(("J", "E", "SF", "SP", "SSC")) or space[i]:
                continue
            if texts[i][0] in "([" and not t.text.startswith(LEGAL_MARKS, t.idx[i]):
                continue
            last = min(n, i + MAX_TOKENS)
            if not self._may_start(t.span_text(i, last)):
                continue  # no shorter run passes _may_match either
            for j in range(last, i, -1):
                # (the cheap token tests first: a run ending in a particle, a bracket or a space is never a name)
                if space[j - 1] or tags[j - 1].startswith(("J", "E", "SS", "SP")) or not t.ends_word(j):
                    continue
                text = t.span_text(i, j)
                if not may_match(text):
                    continue
                key = _org_key(text)
                type_ = keys.get(key)
                if type_ is None:
                    continue
                if type_ == "local government" and (
                        j >= n or not (tags[j] in ACTING_TAGS or texts[j] in ACTING_WORDS)
                        or not key.endswith(GOVERNMENT_ENDINGS)):
                    continue
                out.append((i, j, "ORG"))
                break
        return out

    def alias_matches(self, doc: Doc, toks: "Tokens | None" = None) -> list[Candidate]:
        """ORG spans for ``X(이하 Y)`` / ``X(ABBR)``: every Y, and the X that introduces it."""
        text = toks.text if toks is not None else doc.text
        aliases = []
        for a in self.resolver.find_aliases(text):
            x = _word_before_paren(doc, a.start, text)
            if x is not None and self._org_like(doc[x[0]:x[1]].text):
                aliases.append(a)
        out: list[Candidate] = []
        forms = {a.surface for a in aliases if len(a.surface) >= 2}
        for form in forms:
            start = 0
            while True:
                k = text.find(form, start)
                if k < 0:
                    break
                start = k + 1
                span = doc.char_span(k, k + len(form))
                if span is None or not _whole_word(doc, span.start, span.end):
                    continue
                out.append((span.start, span.end, "ORG"))
        for a in aliases:
            x = _word_before_paren(doc, a.start, text)
            if x is not None:
                out.append((*x, "ORG"))
        return out

    def _org_like(self, text: str) -> bool:
        """Could ``text`` (the X of ``X(이하 Y)``) name an organisation?"""
        core = text.strip(QUOTES)
        return self.resolver.known(core) or core.endswith(ORG_HEADS) or core.startswith(LEGAL_MARKS) \
            or core.endswith(("㈜", "부", "처", "청", "원", "회", "사", "단", "시", "도", "군"))


def is_acting(doc: Doc, j: int) -> bool:
    """Does the token at ``j`` (after a government's name) mark the government as an actor?"""
    if j >= len(doc):
        return False
    tok = doc[j]
    if tok.tag_ in ACTING_TAGS or tok.text in ACTING_WORDS:
        return True
    return False


def legal_form_matches(doc: Doc, toks: "Tokens | None" = None) -> list[Candidate]:
    """``㈜이름``, ``(재)이름``, ``이름㈜``: the mark and the glued name as one ORG."""
    t = tokens_of(doc, toks)
    texts, tags, ws, space, n = t.texts, t.tags, t.ws, t.space, t.n
    out = []
    i = 0
    while i < n:
        mark_end = _mark_end(texts, i)
        if mark_end is None:
            i += 1
            continue
        j = mark_end
        spelled = texts[mark_end - 1] in ("주식회사", "재단법인", "사단법인")
        if ws[mark_end - 1] and not spelled:
            i = mark_end  # a mark followed by a space marks nothing
            continue
        k = j
        while k < n and tags[k] in NAME_TAGS and not space[k]:
            k += 1
            if ws[k - 1]:
                break
        if k > j:
            out.append((i, k, "ORG"))
        else:  # the mark after the name: 삼성전자㈜
            b = i
            while b > 0 and not ws[b - 1] and tags[b - 1] in NAME_TAGS:
                b -= 1
            if b < i and texts[i] in ("㈜", "㈔"):
                out.append((b, mark_end, "ORG"))
        i = max(k, mark_end)
    return out


def suffix_matches(doc: Doc, toks: "Tokens | None" = None) -> list[Candidate]:
    """Glued noun runs that start with a proper noun and end in an organisation head."""
    t = tokens_of(doc, toks)
    texts, tags, ws, n = t.texts, t.tags, t.ws, t.n
    out = []
    i = 0
    while i < n:
        if tags[i] not in NAME_TAGS or not t.starts_word(i):
            i += 1
            continue
        k = i
        while k < n and tags[k] in NAME_TAGS:
            k += 1
            if ws[k - 1]:
                break
        if tags[i] in ("NNP", "SL") and t.ends_word(k):
            run = t.span_text(i, k)
            last, last_tag = texts[k - 1], tags[k - 1]
            for head in ORG_HEADS:
                if run.endswith(head) and len(run) - len(head) >= MIN_STEM and last.endswith(head) \
                        and (last == head or last_tag == "NNP" or len(last) > len(head)):
                    out.append((i, k, "ORG"))
                    break
        i = k
    return out


# -- helpers ---------------------------------------------------------------------------------------
def is_space(tok) -> bool:
    """A white-space token (a newline, several spaces)."""
    return tok.is_space or tok.tag_ == "_SP"


def _starts_word(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return bool(prev.whitespace_) or prev.tag_ not in NOUN_TAGS or is_space(prev)


def _ends_word(doc: Doc, j: int) -> bool:
    if j >= len(doc):
        return True
    return bool(doc[j - 1].whitespace_) or doc[j].tag_ not in NOUN_TAGS or is_space(doc[j])


def _whole_word(doc: Doc, i: int, j: int) -> bool:
    return _starts_word(doc, i) and _ends_word(doc, j)


def _mark_at(doc: Doc, i: int) -> int | None:
    """Token index after a legal-form mark starting at token ``i``, or None."""
    t = doc[i].text
    if t in ("㈜", "㈔", "주식회사", "재단법인", "사단법인"):
        return i + 1
    if t == "(" and i + 2 < len(doc) and doc[i + 1].text in ("주", "재", "사", "유") and doc[i + 2].text == ")":
        return i + 3
    return None


def _mark_end(texts: list[str], i: int) -> int | None:
    """:func:`_mark_at` over a list of token texts."""
    t = texts[i]
    if t in ("㈜", "㈔", "주식회사", "재단법인", "사단법인"):
        return i + 1
    if t == "(" and i + 2 < len(texts) and texts[i + 1] in ("주", "재", "사", "유") and texts[i + 2] == ")":
        return i + 3
    return None


def _word_before_paren(doc: Doc, alias_char: int, text: str | None = None) -> tuple[int, int] | None:
    """The token run of the word right before the ``(`` that opens the alias at ``alias_char``
    (``text``: ``doc.text``, when the caller has it)."""
    paren = (doc.text if text is None else text).rfind("(", 0, alias_char)
    if paren <= 0:
        return None
    span = doc.char_span(paren, paren + 1, alignment_mode="expand")
    if span is None:
        return None
    j = span.start
    if j == 0 or doc[j - 1].whitespace_:
        return None
    i = j
    while i > 0 and not doc[i - 1].whitespace_ and not is_space(doc[i - 1]) and doc[i - 1].text not in QUOTES \
            and not doc[i - 1].tag_.startswith(("J", "E")):
        if doc[i - 1].text == ")" and not _mark_at(doc, max(i - 3, 0)) == i:
            break
        i -= 1
    if i < j and doc[i].tag_ in NAME_TAGS + ("SW", "SSO"):
        return i, j
    return None


def surfaces(kb: OrgKB) -> Iterable[str]:
    """Every surface form of ``kb`` (for tests and reports)."""
    return (s for s, _, _ in kb)
