"""Generic ORG names: noun compounds that end in an organisation head, KB or not.

The KB gazetteer (:mod:`kner.rules.gazetteer`) knows about a thousand organisations (the bodies of
regional industrial policy, and the national ones any news names); the press names many more
companies, universities, associations and foundations. This finder reads the shape of the
name instead: a Korean organisation name is a noun compound whose last element is an
organisation head (:data:`kner.rules.org_heads.HEADS`: …진흥원, …협회, …재단, …대학교, …은행,
…전자 …). :func:`find_org_names` returns ``(start_token, end_token, "ORG")`` candidates over Kiwi
tokens; the component resolves them with the other rules (longest first, ties by PRIORITY: a KB
match of the same extent is the same candidate, and a PROGRAM of the same extent wins).

Decisions (guidelines sections 3-5):

* **Segments.** A name is a run of glued noun tokens (NNG/NNP/SL/SH/SN/XSN/XPN/XR) inside one
  white-space word, cut at punctuation (``기계연·경남대``, ``강원TP·원주의료기기테크노밸리``) and
  ended before its particles (``영남대학교가`` → ``영남대학교``, B1). A segment with any other
  token (a verb, an ending, a bound noun such as the ``원`` of ``억원``) is not a name.
* **Heads.** The longest head that ends the segment decides; the characters before it (the stem)
  must be at least the head's ``min_stem`` (``통합재단`` ✗, B11 / 5.1). Heads whose text also ends
  common nouns need a proper name: the segment starts with an NNP/SL/SH token (``LG화학`` ✓,
  ``석유화학`` ✗; ``서울아산병원`` ✓, ``대학병원`` ✗).
* **Short heads.** 부, 처, 청 and 원 are never heads alone (일부, 여부, 연락처, 신청, 요청, 억원):
  only longer forms are (``…안전부``, ``…혁신처``, ``…개발청``, ``…진흥원``, ``…연구원``), so a
  ministry needs its field word before 부; ``관계부처``/``중앙부처`` end in no head.
* **Numbers.** A segment that starts with a number, contains a numeral (NR) or a bound noun (NNB)
  is a quantity, not a name (``100억원``, ``3개 연구원``); a number inside a name is kept
  (``1인창조기업지원센터``), but an ordinal ``제N…`` is not (``제2재료연구원`` is a PROGRAM while it is being
  built, guidelines 5.12).
* **Generic words.** :data:`~kner.rules.org_heads.BLOCKED_WORDS` (``시중은행``,
  ``운영위원회``, ``정부출연연구소`` …) and stems that are a title or a generic kind
  (:data:`~kner.rules.org_heads.GENERIC_STEMS`: ``선임연구원``, ``지역대학교``, ``해당 …``) are not
  names (guidelines 4 ORG ✗: generic groups). A word after a space (``해당 센터``, ``관계 기관``)
  never joins a name, so these stay out too.
* **Persons and titles.** A title after a name is its own word (``윤정원 원장``) and a title glued
  to a name ends in a non-head (``한국바이오협회장`` ends in 장): neither is matched.
* **Centres.** A bare ``…센터`` is mostly a facility (guidelines 5.16); only ``…혁신센터`` is a
  head. A centre, 본부, 무역관, 분원, 캠퍼스 named right after its parent is one ORG with it
  (B10: ``전남테크노파크 신소재기술산업화지원센터``) when the parent is a name found here or a
  KB organisation other than a local government (``김해시 1인창조기업지원센터`` is not joined: the
  gold calls it a programme where the text lists it as one).
* **Names used as words.** A name followed by ``명칭``/``이름`` is a name quoted as a word
  (``‘의생명산업진흥원’ 명칭은``, B11 ✗).
* **Not done.** Spaced names (``노바셀 머티리얼즈``), names without a head (``셀트리온``), short
  university forms (``…대``: 세대, 시대, 확대) and …센터 without a parent are left to the KB, the
  legal-form marks and the model.
"""

from spacy.tokens import Doc

from ..normalize.orgs import OrgKB
from .org_heads import BLOCKED_WORDS, GENERIC_STEMS, HEADS, STOP_ENDINGS, UNIT_BLOCKED, UNIT_HEADS, Head
from .tokens import Tokens, tokens_of

Candidate = tuple[int, int, str]

NAME_TAGS = ("NNG", "NNP", "SL", "SH", "SN", "XSN", "XPN", "XR")
PROPER_TAGS = ("NNP", "SL", "SH")
LEGAL_MARKS = ("㈜", "㈔", "주식회사", "재단법인", "사단법인")
AS_WORD = ("명칭", "이름", "간판", "사명")
_HEADS = sorted(HEADS, key=lambda h: -len(h.text))


def find_org_names(doc: Doc, kb: OrgKB | None = None, toks: Tokens | None = None) -> list[Candidate]:
    """ORG candidates from the organisation-head rules (module docstring); ``kb`` lets a KB
    organisation be the parent of a unit (B10); ``toks``: the doc's
    :class:`~kner.rules.tokens.Tokens`, when the caller has read them."""
    t = tokens_of(doc, toks)
    out: list[Candidate] = []
    segs = segments(doc, t)
    names: dict[int, tuple[int, int]] = {}
    for s, (a, b, glued) in enumerate(segs):
        if org_head(t, a, b) is not None and not _used_as_word(t, b):
            out.append((a, b, "ORG"))
            names[s] = (a, b)
    ws = t.ws
    for s in range(len(segs) - 1):
        a, b, glued = segs[s]
        if glued or not ws[b - 1]:
            continue  # a particle or punctuation after the parent: 경남TP와 센터
        c, d, _ = segs[s + 1]
        if c != b or not _is_unit(t, c, d):
            continue
        if s in names or _kb_parent(kb, t.span_text(a, b)):
            out.append((a, d, "ORG"))
    return out


def head_of(doc: Doc, a: int, b: int, toks: Tokens | None = None) -> Head | None:
    """The organisation head that makes the noun segment ``[a, b)`` a name, or None."""
    return org_head(tokens_of(doc, toks), a, b)


def org_head(t: Tokens, a: int, b: int) -> Head | None:
    """:func:`head_of` over the doc's :class:`~kner.rules.tokens.Tokens`."""
    tags, texts = t.tags, t.texts
    for k in range(a, b):
        if tags[k] not in NAME_TAGS:
            return None
    if tags[a] == "SN":
        return None
    if b - a > 1 and texts[a] == "제" and tags[a + 1] == "SN":
        return None  # 제2재료연구원: a second site being built is a programme (guidelines 5.12)
    text = t.span_text(a, b)
    if text in BLOCKED_WORDS or not text.endswith(_HEAD_TEXTS) or text.endswith(STOP_ENDINGS):
        return None
    for head in _HEADS:
        if not text.endswith(head.text):
            continue
        stem = text[: -len(head.text)]
        if len(stem) < head.min_stem or stem in GENERIC_STEMS:
            return None
        if head.proper and tags[a] not in PROPER_TAGS:
            return None
        if _number_before(t, a, b, len(head.text)):
            return None
        return head
    return None


def segments(doc: Doc, toks: Tokens | None = None) -> list[tuple[int, int, bool]]:
    """Runs of name tokens inside white-space words: ``(start, end, glued)``, where ``glued`` says
    that a particle, ending or punctuation follows inside the same word. A legal-form mark at the
    start is left out (the gazetteer's legal-form rule keeps it with the name)."""
    t = tokens_of(doc, toks)
    texts, tags, ws, is_space, n = t.texts, t.tags, t.ws, t.is_space, t.n
    out = []
    i = 0
    while i < n:
        if tags[i] not in NAME_TAGS or is_space[i] or texts[i] in LEGAL_MARKS:
            i += 1
            continue
        if i > 0 and not ws[i - 1] and not is_space[i - 1] \
                and not (tags[i - 1].startswith(("SP", "SS", "SO", "SW")) or texts[i - 1] in LEGAL_MARKS):
            i += 1  # inside a longer word (김해산업진흥의생명융합재단): a segment starts at a word edge or punctuation
            continue
        j = i + 1
        while j < n and not ws[j - 1] and tags[j] in NAME_TAGS and not is_space[j]:
            j += 1
        glued = j < n and not ws[j - 1] and not is_space[j]
        if glued and tags[j] in ("NNB", "NR", "VV", "VA", "XSV", "XSA"):
            i = j  # the word goes on as a verb or a quantity: not a name
            continue
        out.append((i, j, glued))
        i = j
    return out


# -- helpers ---------------------------------------------------------------------------------------
_HEAD_TEXTS = tuple(h.text for h in _HEADS)
_QUOTE_CHARS = "'\"‘’“”"


def _number_before(t: Tokens, a: int, b: int, head_chars: int) -> bool:
    """A numeral inside the segment or right before its head (``3개연구원``)."""
    tags, idx, ends = t.tags, t.idx, t.ends
    if any(tags[k] in ("NR", "NNB") for k in range(a, b)):
        return True
    head_start = ends[b - 1] - head_chars
    before = [k for k in range(a, b) if idx[k] < head_start]
    return bool(before) and tags[before[-1]] == "SN" and ends[before[-1]] == head_start


def _is_unit(t: Tokens, c: int, d: int) -> bool:
    text = t.span_text(c, d)
    if text in UNIT_BLOCKED or not all(t.tags[k] in NAME_TAGS for k in range(c, d)):
        return False
    return any(text.endswith(h) and len(text) - len(h) >= 2 for h in UNIT_HEADS)


def _kb_parent(kb: OrgKB | None, text: str) -> bool:
    if kb is None:
        return False
    entry = kb.lookup(text)
    return entry is not None and entry.type != "local government"


def _used_as_word(t: Tokens, b: int) -> bool:
    """``‘…진흥원’ 명칭은``: the name quoted as a word, not an organisation acting."""
    texts, tags, n = t.texts, t.tags, t.n
    k = b
    while k < n and (tags[k].startswith(("SS", "J")) or texts[k] in _QUOTE_CHARS) and k - b < 3:
        k += 1
    return k < n and texts[k].startswith(AS_WORD)
