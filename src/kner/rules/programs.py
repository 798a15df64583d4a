"""PROGRAM candidates: quoted titles, long programme compounds and year/region-led chains.

Rules (each returns ``(start_token, end_token, "PROGRAM")``):

* **Quoted titles** (spec 2, guidelines 5.3): the inside of ‘…’, “…”, 「…」, 『…』, '…', "…" whose
  last word ends in a programme head (:data:`QUOTED_HEADS`: 사업, 계획, 펀드, 특구, 단지, 클러스터,
  플랫폼, 프로그램, 협약, 조례 …). Quotes stay outside.
* **Glued compounds**: one word of at least :data:`MIN_COMPOUND_TOKENS` noun tokens ending in a
  strict head (:data:`COMPOUND_HEADS`: 육성사업, 특화단지, 규제자유특구 …) — ``지역산업육성사업``,
  ``소부장특화단지``; generic compounds (:data:`GENERIC`: 공모사업, 지원사업, 기업지원사업 …) are not.
* **Year- or region-led chains**: ``YYYY년`` (no particle) or a region name (the KB's local
  governments without 시/군/도) followed by up to :data:`MAX_CHAIN_WORDS` noun-only words, the last
  ending in a head — ``2024년 강원지역산업육성사업``, ``울산 수소 그린모빌리티 규제자유특구``. A year
  written straight before a programme name belongs to it (spec 7); stage labels (``1단계
  사업``) never start a chain.
* **Spaced project names**: noun-only words before a word that ends in a project head
  (:data:`PROJECT_HEADS`: …육성사업, …지원사업, …구축사업, …조성사업, …개발사업 …, and the
  designations …특화단지, …연구단지, …클러스터, which always need two modifier words) —
  ``지역혁신클러스터 육성사업``, ``파워유닛 스마트 제조센터 구축사업``, ``중소기업
  기술혁신개발사업``. The words run back to a particle, a quote, a number, a date, an organisation or
  a determiner (:data:`STOP_WORDS`: 이번, 해당, 올해 …); leading generic words
  (:data:`GENERIC_MODIFIERS`: 기업, 지역, 맞춤형 …) are dropped; an organisation name
  (:func:`kner.rules.orgnames.head_of`) or an earlier …사업 word ends the run. A generic head word (``지원사업``)
  needs two modifier words or one compound of several nouns (``기업 지원사업``, ``지역맞춤형
  지원사업`` ✗, guidelines 4 PROGRAM); a stage label (``2단계 사업인``) is never part of it.
* **Programme table**: the ids and aliases of :func:`kner.normalize.programs.load_program_kb`.

A candidate that is an organisation of the KB, or a list of names joined by middle dots one of
which is (``강원TP·원주의료기기테크노밸리``), is dropped: those are ORG.
"""

import re

from spacy.tokens import Doc

from ..normalize.orgs import OrgKB
from ..normalize.programs import load_program_kb
from .gazetteer import ORG_HEADS
from .orgnames import org_head
from .tokens import Tokens, tokens_of

Candidate = tuple[int, int, str]

OPEN_CLOSE = {"‘": "’", "“": "”", "「": "」", "『": "』", "'": "'", '"': '"', "《": "》", "<": ">", "〈": "〉"}
QUOTED_HEADS = (
    "사업", "계획", "펀드", "특구", "단지", "클러스터", "플랫폼", "프로그램", "프로젝트", "협약", "조례", "자금",
    "패키지", "바우처", "밸리", "산단", "벨트", "전략", "사관학교", "보증", "챌린지", "허브", "공제", "과제",
    "제도", "공고",
)
PROJECT_WORDS = ("조성", "구축", "육성", "유치", "지정", "추진")
COMPOUND_HEADS = (
    "육성사업", "지원사업", "구축사업", "조성사업", "개발사업", "촉진사업", "실증사업", "창출사업", "혁신사업",
    "특화단지", "산업단지", "국가산단", "연구단지", "특구", "클러스터", "진흥계획", "시행계획", "종합계획",
    "펀드", "모태펀드", "패키지", "바우처사업", "사관학교", "혁신밸리", "육성자금", "지원자금", "안정자금",
    "산단", "밸리", "지원금",
)
CHAIN_HEADS = COMPOUND_HEADS + ("사업", "계획", "프로그램", "프로젝트", "플랫폼", "협약", "밸리", "조례")
GENERIC = (
    "지원사업", "공모사업", "국책사업", "협력사업", "시범사업", "기업지원사업", "정부지원사업", "연구개발사업",
    "국가사업", "신규사업", "계속사업", "주요사업", "세부사업", "단위사업", "기업지원", "후속사업", "본사업",
    "정부사업", "지역사업", "산업단지", "연구단지", "종합계획", "시행계획", "실증사업", "구축사업", "조성사업",
    "개발사업", "육성사업", "지원자금", "정책자금", "기술개발사업", "기반구축사업", "인프라구축사업", "센터구축사업",
    "산업육성사업", "기업육성사업", "인력양성사업", "지역개발사업", "일반산업단지", "국가산업단지", "농공단지",
    "산업단지", "국가산단", "특화단지", "특구", "클러스터", "펀드", "패키지", "지원금",
)
NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "SN", "XSN", "XPN", "XR", "NNB")
DOTS = ("·", "‧", "ㆍ", "∙", "・", "․", "-", "+", "&")
MIN_COMPOUND_CHARS = 4  # 강소특구, 수출바우처 are names; 특구, 바우처 alone are not
MIN_STEM_CHARS = 2
MAX_CHAIN_WORDS = 7
MAX_QUOTED_CHARS = 60
STAGE_WORDS = ("단계", "차", "기", "회")
# a word ending in one of these (and longer than it by 2+ characters) ends a spaced project name
PROJECT_HEADS = ("사업", "특화단지", "연구단지", "클러스터")
MIN_PROJECT_WORD = 4  # 육성사업, 지원사업; a bare 사업 is no head (‘소부장 특화단지’ 기획 사업)
MAX_MODIFIERS = 6
STOP_WORDS = frozenset({
    "이번", "해당", "올해", "내년", "지난해", "작년", "금년", "향후", "본", "동", "각", "이", "그", "관련", "신규",
    "기존", "후속", "각종", "총", "약", "국비", "도비", "시비", "지방비", "민간", "정부", "첫", "주요", "대표", "등",
    "및", "또", "또는", "통해", "위해", "대상", "올", "전체", "일부", "모든", "여러", "다른", "같은", "새해", "연초",
    "연말", "상반기", "하반기", "분야", "본문",
})
GENERIC_MODIFIERS = frozenset({
    "기업", "지역", "국가", "중앙", "공모", "국책", "예타", "맞춤형", "지역맞춤형", "연계", "일반", "신규", "관련",
    "기술", "산업", "정책", "지원", "시범", "협력", "공동", "단위", "세부", "기업지원", "정부지원",
})


class ProgramFinder:
    """Finds PROGRAM candidates in a ``Doc`` (see the module docstring)."""

    def __init__(self, kb: OrgKB | None = None, programs_path: str | None = None):
        self.regions: set[str] = set()
        self.org_names: set[str] = set()
        if kb is not None:
            for surface, _id, type_ in kb:
                self.org_names.add(surface)
                if type_ == "local government":
                    self.regions.add(surface)
                    for suffix in ("특별자치시", "특별자치도", "광역시", "특별시", "시", "군", "도"):
                        if surface.endswith(suffix) and len(surface) - len(suffix) >= 2:
                            self.regions.add(surface[: -len(suffix)])
                            break
        table = load_program_kb(programs_path)
        self.names = {k for pair in table.items() for k in pair if len(k) >= 3}

    def find(self, doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
        """All PROGRAM candidates (none that is an organisation of the KB); ``toks``: the doc's
        :class:`~kner.rules.tokens.Tokens`, when the caller has read them."""
        t = tokens_of(doc, toks)
        cands = quoted(doc, t) + compounds(doc, t) + self.chains(doc, t) + self.spaced(doc, t) + self.table(doc, t)
        return [c for c in cands if not self._is_org(t.span_text(c[0], c[1]))]

    def _is_org(self, text: str) -> bool:
        """A KB organisation, or names joined by middle dots of which one is a KB organisation."""
        if text in self.org_names:
            return True
        parts = [p for p in _DOT_SPLIT.split(text) if p]
        return len(parts) > 1 and any(p in self.org_names and p not in self.regions for p in parts)

    def spaced(self, doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
        """``<noun words> …사업``: a project name written with spaces (module docstring)."""
        t = tokens_of(doc, toks)
        texts, tags, span_text = t.texts, t.tags, t.span_text
        words = t.words
        out = []
        for w, (i, j) in enumerate(words):
            core = _strip_particles(t, i, j)
            if core is None or not _noun_word(t, i, core):
                continue
            head = span_text(i, core)
            if len(head) < MIN_PROJECT_WORD or not head.endswith(PROJECT_HEADS) or tags[i] == "SN":
                continue
            mods: list[tuple[int, int]] = []
            for v in range(w - 1, max(-1, w - 1 - MAX_MODIFIERS), -1):
                a, b = words[v]
                text = span_text(a, b)
                if not _noun_word(t, a, b) or text in STOP_WORDS or _is_date_word(text) \
                        or text in self.org_names or org_head(t, a, b) is not None or tags[a] == "SN" \
                        or (text.endswith("사업") and len(text) > 2) \
                        or any(x in DOTS and x not in MIDDLE_DOTS for x in texts[a:b]):
                    if _year_word(t, a, b) and mods:
                        mods.append((a, b))  # a year written straight before the name (spec 7)
                    break
                mods.append((a, b))
            mods.reverse()
            while mods and span_text(*mods[0]) in GENERIC_MODIFIERS:
                mods.pop(0)
            if not mods:
                continue
            if head in GENERIC and len(mods) < 2 and (mods[0][1] - mods[0][0] < 2 or len(span_text(*mods[0])) < 4
                                                      or not head.endswith("사업")):
                continue  # 기업 지원사업, 로봇산업 클러스터: a generic mention
            out.append((mods[0][0], core, "PROGRAM"))
        return out

    def table(self, doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
        """Whole-word occurrences of the programme table's names."""
        t = tokens_of(doc, toks)
        out = []
        text = t.text
        for name in self.names:
            start = 0
            while (k := text.find(name, start)) >= 0:
                start = k + 1
                span = doc.char_span(k, k + len(name))
                if span is not None and _ends_word(t, span.end) and _starts_word(t, span.start):
                    out.append((span.start, span.end, "PROGRAM"))
        return out

    def chains(self, doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
        """``YYYY년 …사업`` / ``<region> … 특구`` chains of noun-only words."""
        t = tokens_of(doc, toks)
        texts, tags, span_text = t.texts, t.tags, t.span_text
        words = t.words
        out = []
        for w, (i, j) in enumerate(words):
            first = span_text(i, j)
            year_start = (j - i == 2 and tags[i] == "SN" and len(texts[i]) == 4 and texts[i + 1] in ("년", "년도")) \
                or (j - i == 1 and tags[i] == "SN" and len(texts[i]) == 4 and texts[i].startswith("20"))
            region_start = first in self.regions
            place_start = j - i == 1 and tags[i] == "NNP" and first not in self.org_names
            if not (year_start or region_start or place_start):
                continue
            heads = CHAIN_HEADS if (year_start or region_start) else COMPOUND_HEADS
            for v in range(w + 1, min(len(words), w + 1 + MAX_CHAIN_WORDS)):
                a, b = words[v]
                text = span_text(a, b)
                if _is_date_word(text) or _is_org_word(text):
                    break
                if not _noun_word(t, a, b):
                    # the last word may carry a particle after its head: 지원사업을
                    core = _strip_particles(t, a, b)
                    if core is not None and core > a and _noun_word(t, a, core):
                        stem = span_text(a, core)
                        if stem.endswith(heads) and _not_stage(t, words[w + 1][0]) and stem not in ("사업", "계획"):
                            out.append((i, core, "PROGRAM"))
                    break
                if text.endswith(heads) and text not in ("사업", "계획") and _not_stage(t, words[w + 1][0]):
                    out.append((i, b, "PROGRAM"))
                    break
        return out


def quoted(doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
    """Quoted titles whose last word ends in a programme head."""
    t = tokens_of(doc, toks)
    out = []
    text, tags = t.text, t.tags
    for i, tok_text in enumerate(t.texts):
        close = OPEN_CLOSE.get(tok_text)
        if close is None:
            continue
        start = t.ends[i]
        end = text.find(close, start)
        if end < 0 or end - start > MAX_QUOTED_CHARS or end - start < 2 or "\n" in text[start:end]:
            continue
        inner = text[start:end].strip()
        words = inner.split()
        # a title that ends in a project word after its head is whole: “… 클러스터 조성”
        if not (inner.endswith(QUOTED_HEADS) or (len(words) > 1 and words[-1] in PROJECT_WORDS
                                                 and words[-2].endswith(QUOTED_HEADS))):
            continue
        span = doc.char_span(start, end)
        if span is None or any("EF" in tags[k] or "EC" in tags[k] for k in range(span.start, span.end)):
            continue  # a quoted clause or sentence, not a title
        out.append((span.start, span.end, "PROGRAM"))
    return out


def compounds(doc: Doc, toks: Tokens | None = None) -> list[Candidate]:
    """Glued noun words of several tokens that end in a strict programme head."""
    t = tokens_of(doc, toks)
    out = []
    for i, j in t.words:
        core = _strip_particles(t, i, j)
        if core is None or not _noun_word(t, i, core):
            continue
        word = t.span_text(i, core)
        if len(word) < MIN_COMPOUND_CHARS or word in GENERIC or not word.endswith(COMPOUND_HEADS):
            continue
        head = max((h for h in COMPOUND_HEADS if word.endswith(h)), key=len)
        if len(word) - len(head) < MIN_STEM_CHARS and head not in ("특구", "펀드", "패키지", "클러스터"):
            continue
        if t.tags[i] == "SN":  # 1단계사업, 2030년…: numbers start no compound
            continue
        out.append((i, core, "PROGRAM"))
    return out


# -- helpers ---------------------------------------------------------------------------------------
MIDDLE_DOTS = ("·", "‧", "ㆍ", "∙", "・", "․")
_DOT_SPLIT = re.compile(r"[·‧ㆍ∙・․]")
_DATE_WORD = re.compile(r"\d+(?:월|일|분기)|[상하]반기")
_PARTICLE_TAGS = ("J", "E", "SF", "SP", "SS", "VC")


def _words(doc: Doc, toks: Tokens | None = None) -> list[tuple[int, int]]:
    """Token ranges of white-space-separated words."""
    return tokens_of(doc, toks).words


def _is_org_word(text: str) -> bool:
    """A word that names an organisation ends a chain before it (센터, 진흥원 …)."""
    return text.endswith(ORG_HEADS) and not text.endswith(CHAIN_HEADS)


def _year_word(t: Tokens, a: int, b: int) -> bool:
    """``2022년`` (no particle): a year that belongs to the name after it."""
    return b - a == 2 and t.tags[a] == "SN" and len(t.texts[a]) == 4 and t.texts[a + 1] in ("년", "년도")


def _is_date_word(text: str) -> bool:
    return _DATE_WORD.fullmatch(text) is not None


def _noun_word(t: Tokens, i: int, j: int) -> bool:
    texts, tags = t.texts, t.tags
    for k in range(i, j):
        if tags[k] not in NOUN_TAGS and texts[k] not in DOTS:
            return False
    return texts[i] not in DOTS


def _strip_particles(t: Tokens, i: int, j: int) -> int | None:
    """End of the word ``[i, j)`` without trailing particles, punctuation and quotes."""
    texts, tags = t.texts, t.tags
    k = j
    while k > i and (tags[k - 1].startswith(_PARTICLE_TAGS) or texts[k - 1] == "이다"):
        k -= 1
    return k if k > i else None


def _not_stage(t: Tokens, i: int) -> bool:
    """The chain's second word is not a stage label (1단계, 2차)."""
    return not (t.tags[i] == "SN" and i + 1 < t.n and t.texts[i + 1] in STAGE_WORDS)


def _starts_word(t: Tokens, i: int) -> bool:
    return i == 0 or t.ws[i - 1] or t.tags[i - 1] not in NOUN_TAGS


def _ends_word(t: Tokens, j: int) -> bool:
    return j >= t.n or t.ws[j - 1] or t.tags[j] not in NOUN_TAGS
