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
* **Programme table**: the ids and aliases of :func:`kner.normalize.programs.load_program_kb`.
"""

import re

from spacy.tokens import Doc

from ..normalize.orgs import OrgKB
from ..normalize.programs import load_program_kb

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

    def find(self, doc: Doc) -> list[Candidate]:
        """All PROGRAM candidates."""
        return quoted(doc) + compounds(doc) + self.chains(doc) + self.table(doc)

    def table(self, doc: Doc) -> list[Candidate]:
        """Whole-word occurrences of the programme table's names."""
        out = []
        for name in self.names:
            start = 0
            while (k := doc.text.find(name, start)) >= 0:
                start = k + 1
                span = doc.char_span(k, k + len(name))
                if span is not None and _ends_word(doc, span.end) and _starts_word(doc, span.start):
                    out.append((span.start, span.end, "PROGRAM"))
        return out

    def chains(self, doc: Doc) -> list[Candidate]:
        """``YYYY년 …사업`` / ``<region> … 특구`` chains of noun-only words."""
        words = _words(doc)
        out = []
        for w, (i, j) in enumerate(words):
            first = doc[i:j]
            year_start = (j - i == 2 and doc[i].tag_ == "SN" and len(doc[i].text) == 4 and doc[i + 1].text in ("년", "년도")) \
                or (j - i == 1 and doc[i].tag_ == "SN" and len(doc[i].text) == 4 and doc[i].text.startswith("20"))
            region_start = first.text in self.regions
            place_start = j - i == 1 and doc[i].tag_ == "NNP" and first.text not in self.org_names
            if not (year_start or region_start or place_start):
                continue
            heads = CHAIN_HEADS if (year_start or region_start) else COMPOUND_HEADS
            for v in range(w + 1, min(len(words), w + 1 + MAX_CHAIN_WORDS)):
                a, b = words[v]
                if _is_date_word(doc[a:b].text) or (v < len(words) and _is_org_word(doc[a:b].text)):
                    break
                if not _noun_word(doc, a, b):
                    # the last word may carry a particle after its head: 지원사업을
                    core = _strip_particles(doc, a, b)
                    if core is not None and core > a and _noun_word(doc, a, core) and _ends_in(doc[a:core].text, heads):
                        if _not_stage(doc, words[w + 1][0]) and doc[a:core].text not in ("사업", "계획"):
                            out.append((i, core, "PROGRAM"))
                    break
                if _ends_in(doc[a:b].text, heads) and doc[a:b].text not in ("사업", "계획") and _not_stage(doc, words[w + 1][0]):
                    out.append((i, b, "PROGRAM"))
                    break
        return out


def quoted(doc: Doc) -> list[Candidate]:
    """Quoted titles whose last word ends in a programme head."""
    out = []
    text = doc.text
    for i, tok in enumerate(doc):
        close = OPEN_CLOSE.get(tok.text)
        if close is None:
            continue
        start = tok.idx + len(tok.text)
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
        if span is None or any("EF" in t.tag_ or "EC" in t.tag_ for t in span):
            continue  # a quoted clause or sentence, not a title
        out.append((span.start, span.end, "PROGRAM"))
    return out


def compounds(doc: Doc) -> list[Candidate]:
    """Glued noun words of several tokens that end in a strict programme head."""
    out = []
    for i, j in _words(doc):
        core = _strip_particles(doc, i, j)
        if core is None or not _noun_word(doc, i, core):
            continue
        word = doc[i:core].text
        if len(word) < MIN_COMPOUND_CHARS or word in GENERIC or not word.endswith(COMPOUND_HEADS):
            continue
        head = max((h for h in COMPOUND_HEADS if word.endswith(h)), key=len)
        if len(word) - len(head) < MIN_STEM_CHARS and head not in ("특구", "펀드", "패키지", "클러스터"):
            continue
        if doc[i].tag_ == "SN":  # 1단계사업, 2030년…: numbers start no compound
            continue
        out.append((i, core, "PROGRAM"))
    return out


# -- helpers ---------------------------------------------------------------------------------------
def _words(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of white-space-separated words."""
    out = []
    i = 0
    for k, tok in enumerate(doc):
        if tok.is_space or tok.tag_ == "_SP":
            if k > i:
                out.append((i, k))
            i = k + 1
        elif tok.whitespace_ or k == len(doc) - 1:
            out.append((i, k + 1))
            i = k + 1
    return out


def _is_org_word(text: str) -> bool:
    """A word that names an organisation ends a chain before it (센터, 진흥원 …)."""
    from .gazetteer import ORG_HEADS

    return text.endswith(ORG_HEADS) and not text.endswith(CHAIN_HEADS)


def _is_date_word(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:월|일|분기)|[상하]반기", text))


def _noun_word(doc: Doc, i: int, j: int) -> bool:
    return all(t.tag_ in NOUN_TAGS or t.text in DOTS for t in doc[i:j]) and doc[i].text not in DOTS


def _strip_particles(doc: Doc, i: int, j: int) -> int | None:
    """End of the word ``[i, j)`` without trailing particles, punctuation and quotes."""
    k = j
    while k > i and (doc[k - 1].tag_.startswith(("J", "E", "SF", "SP", "SS", "VC")) or doc[k - 1].text in ("이다",)):
        k -= 1
    return k if k > i else None


def _ends_in(text: str, heads: tuple[str, ...]) -> bool:
    return text.endswith(heads)


def _not_stage(doc: Doc, i: int) -> bool:
    """The chain's second word is not a stage label (1단계, 2차)."""
    return not (doc[i].tag_ == "SN" and i + 1 < len(doc) and doc[i + 1].text in STAGE_WORDS)


def _starts_word(doc: Doc, i: int) -> bool:
    return i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].tag_ not in NOUN_TAGS


def _ends_word(doc: Doc, j: int) -> bool:
    return j >= len(doc) or bool(doc[j - 1].whitespace_) or doc[j].tag_ not in NOUN_TAGS
