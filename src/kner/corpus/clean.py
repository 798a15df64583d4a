"""Seed captures → clean documents (records without spans), reproducibly.

The seed files in ``corpus/raw/`` are text captures of web pages: the article plus
page chrome (menus, share buttons, image lists, comment widgets, attachment and
contact boxes, satisfaction prompts), sometimes with the whole article captured
twice. :func:`clean_document` is a pure function of the raw text and the file name:

1. The text is NFC-normalised, every Unicode space separator (category Zs: the
   no-break spaces U+00A0 of web captures, …) becomes a plain space U+0020, and the
   text is split into lines; the raw line numbers (1-based) are what ``meta.removed``
   refers to.
2. **Repeated blocks**: a run of at least :data:`MIN_BLOCK_LINES` non-blank lines
   (and :data:`MIN_BLOCK_CHARS` characters) that repeats an earlier run line for line
   is dropped; the first occurrence is kept.
3. **Chrome**: each remaining line is tested against :data:`CHROME_PATTERNS` (first
   match wins). Some kinds open the page tail (``tail=True``: attachment box,
   permalink box, comment widget): that line and *every* line after it are dropped.
4. Blank lines are dropped; every kept line is stripped of trailing white space and
   kept otherwise verbatim (removal is line-granular: a line is kept whole or dropped).
   The clean text is the kept lines joined with ``\\n``.

Decisions (see ``corpus/GUIDELINES.md``, "Cleaning"): the headline, sub-headlines and
the dateline are kept; photo captions are kept (they are written text of the article);
bylines (``이은수기자 eunsu@…``) and source credits (``출처 : 경남일보 …``) are
chrome — they are dropped, and the address a credit or permalink gives goes into
``meta.url``. A press-release label line (``보도자료``) is chrome.

``meta.date`` is the publication date shown in the page (:data:`DATELINE_PATTERNS`:
``기사등록 2021-02-06 …``, ``작성일 22-02-23 …``), else null. A web page's
``최종업데이트`` (last update) date is *not* a publication date. Per-file notes on the
date decision live in :data:`SEED_NOTES` (data, not logic).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MIN_BLOCK_LINES = 3
MIN_BLOCK_CHARS = 100


@dataclass(frozen=True)
class ChromePattern:
    """A kind of page chrome: a regex tested against a stripped line."""

    kind: str
    pattern: re.Pattern
    tail: bool = False  # the line opens the page tail: it and everything after it go


def _p(kind: str, regex: str, tail: bool = False) -> ChromePattern:
    return ChromePattern(kind, re.compile(regex), tail)


# Generic chrome of Korean news boards and city press-release pages (data table).
CHROME_PATTERNS: tuple[ChromePattern, ...] = (
    _p("attachment box", r"^-\s*첨부파일$", tail=True),
    _p("permalink box", r"^다른 곳에 퍼가실 때는", tail=True),
    _p("comment widget", r"^※?\s*로그인 후", tail=True),
    _p("comment widget", r"^댓글목록(?:\s*\d+)?$", tail=True),
    _p("comment widget", r"^(?:나도 한마디|등록된 댓글이 없습니다\.?)$"),
    _p("attachment box", r"^첨부된 파일이 없습니다\.?$"),
    _p("contact box", r"^-\s*(?:자료관리담당자|담당부서|문의처|최종업데이트)(?:\s|$)"),
    _p("empty list item", r"^[-–]$"),
    _p("satisfaction prompt", r"만족하십니까\??$"),
    _p("share menu", r"^기사 (?:메일전송|스크랩|프린트|공유)$"),
    _p("edit link", r"^기사수정$"),
    _p("section label", r"^(?:본문|페이지 정보|보도자료|SNS)$"),
    _p("counter widget", r"^\d+$"),
    _p("image list", r"^[•·]?\s*기사 이미지\s"),
    _p("image viewer", r"^확대이미지 영역$"),
    _p("reporter profile", r"^(?:기자프로필|프로필이미지)$"),
    _p("permalink", r"^https?://\S+$"),
    _p("byline", r"^\S{2,5}\s?기자(?:\s+\S+@\S+)?$"),
    _p("source credit", r"^출처\s*:"),
    _p("board pagination", r"^전체\s+[\d,]+\s*건\s*-\s*\d+\s*페이지$"),
    _p("mobile link", r"^모바일 버전 바로가기$"),
)

# Where a page shows its publication date: (regex with groups y, m, d, what it is).
# A "최종업데이트" (last update) line is deliberately absent: it dates the web page.
DATELINE_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"기사등록\s+(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), "news board registration date"),
    (re.compile(r"작성일\s+(?P<y>\d{2}|\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), "board post date"),
    (re.compile(r"(?:입력|등록일|승인)\s*:?\s*(?P<y>\d{4})[.-](?P<m>\d{1,2})[.-](?P<d>\d{1,2})"), "news input date"),
)

_URL_RE = re.compile(r"https?://[^\s()<>]+")

# Per-file notes on the seed-specific decisions (data): why meta.date is what it is.
SEED_NOTES: dict[str, dict[str, str]] = {
    "000_1e17e0edbc9d0144.txt": {
        "date_note": "Incheon city press release; the page shows no publication date. "
                     "'최종업데이트 2024-09-20' is the web page's last update (contact box), not the "
                     "release date; the programme title '2022년 …' hints at 2022 but is not a dateline. "
                     "date = null, so relative dates (지난해, 올해) have value null and dates with only "
                     "the year missing are written XXXX-MM-DD.",
    },
    "001_96d2f02b0f10d452.txt": {
        "date_note": "Dateline '기사등록 2021-02-06 11:07:46' (news board registration) = publication date.",
    },
    "002_faae4942ca426890.txt": {
        "date_note": "Chuncheon city news board capture; the page shows no date. The text speaks of "
                     "'2024년 강원지역산업육성사업 … 육성 중' (so 2024), but that is not a dateline. date = null.",
    },
    "004_b931d85137ad4507.txt": {
        "date_note": "Board header '작성일 22-02-23 17:41' (post date, two-digit year 22 → 2022) = publication "
                     "date; it matches the article (새해, 지난해 12월 예타 신청).",
    },
}


def _plain_spaces(text: str) -> str:
    """Every Unicode space separator (Zs) as U+0020; same length, so offsets are kept."""
    return "".join(" " if ch != " " and unicodedata.category(ch) == "Zs" else ch for ch in text)


def doc_id_for(file_name: str, prefix: str = "seed") -> str:
    """The document id for a raw capture: ``000_1e17….txt`` → ``seed-000``."""
    stem = Path(file_name).name.split("_", 1)[0].split(".", 1)[0]
    return f"{prefix}-{stem}"


def _repeated_blocks(keys: list[str]) -> dict[int, tuple[int, int, int]]:
    """Map index → (block start, block end, start of the earlier copy) for repeated runs.

    ``keys`` are the stripped non-blank lines. A run i..i+k-1 repeats j..j+k-1 when
    j+k <= i and every line matches; the longest such run at each i wins.
    """
    dup: dict[int, tuple[int, int, int]] = {}
    n = len(keys)
    i = 0
    while i < n:
        best_k, best_j = 0, -1
        for j in range(i):
            k = 0
            while j + k < i and i + k < n and keys[j + k] == keys[i + k]:
                k += 1
            if k > best_k:
                best_k, best_j = k, j
        chars = sum(len(keys[x]) for x in range(i, i + best_k))
        if best_k >= MIN_BLOCK_LINES and chars >= MIN_BLOCK_CHARS:
            for x in range(i, i + best_k):
                dup[x] = (i, i + best_k - 1, best_j)
            i += best_k
        else:
            i += 1
    return dup


def chrome_kind(line: str) -> ChromePattern | None:
    """The chrome pattern a (stripped) line matches, or None for article text."""
    for pat in CHROME_PATTERNS:
        if pat.pattern.search(line):
            return pat
    return None


def find_publication_date(lines: list[str]) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, evidence)`` from the first dateline in ``lines``, or ``(None, None)``."""
    for line in lines:
        for regex, _what in DATELINE_PATTERNS:
            m = regex.search(line)
            if m:
                y = int(m["y"])
                if y < 100:
                    y += 2000
                return f"{y:04d}-{int(m['m']):02d}-{int(m['d']):02d}", line.strip()
    return None, None


def find_source_url(lines: list[str]) -> str | None:
    """The address the page gives for itself: a permalink line, else a source-credit line."""
    for line in lines:
        s = line.strip()
        if re.fullmatch(r"https?://\S+", s):
            return s
    for line in lines:
        s = line.strip()
        if s.startswith("출처"):
            m = _URL_RE.search(s)
            if m:
                return m.group(0)
    return None


def _group_removed(removed: list[tuple[int, str, int | None]]) -> list[dict]:
    """Group (raw line number, kind, copy-of line) into ranges of one kind."""
    out: list[dict] = []
    for lineno, kind, copy_of in removed:
        last = out[-1] if out else None
        if (last is not None and last["kind"] == kind and lineno == last["lines"][1] + 1
                and (copy_of is None or last.get("copy_of", [0, -1])[1] + 1 == copy_of)):
            last["lines"][1] = lineno
            if copy_of is not None:
                last["copy_of"][1] = copy_of
            continue
        entry: dict = {"lines": [lineno, lineno], "kind": kind}
        if copy_of is not None:
            entry["copy_of"] = [copy_of, copy_of]
        out.append(entry)
    return out


def clean_document(raw: str, file_name: str, *, id_prefix: str = "seed") -> dict:
    """Clean one raw capture into a record without spans.

    Returns ``{"id", "text", "meta": {"date", "source", ["url"], ["date_evidence"],
    ["date_note"], "removed"}}``. ``meta.removed`` lists what was dropped as ranges of
    raw line numbers (1-based, inclusive) with their kind (``duplicate block`` with
    ``copy_of`` the kept copy's lines, or a chrome kind); blank lines are dropped
    silently.
    """
    name = Path(file_name).name
    text = _plain_spaces(unicodedata.normalize("NFC", raw))
    raw_lines = text.splitlines()
    nonblank = [i for i, line in enumerate(raw_lines) if line.strip()]
    keys = [raw_lines[i].strip() for i in nonblank]

    # non-blank index → (kind, raw line of the kept copy or None)
    reason: dict[int, tuple[str, int | None]] = {}
    for x, (b_start, _b_end, j) in _repeated_blocks(keys).items():
        reason[x] = ("duplicate block", nonblank[j + (x - b_start)] + 1)
    in_tail = False
    for x, key in enumerate(keys):
        if x in reason:
            continue
        pat = chrome_kind(key)
        if pat is not None and pat.tail:
            in_tail = True
        if pat is not None:
            reason[x] = (pat.kind, None)
        elif in_tail:
            reason[x] = ("page tail", None)

    kept = [raw_lines[nonblank[x]].rstrip() for x in range(len(keys)) if x not in reason]
    removed = _group_removed([(nonblank[x] + 1, *reason[x]) for x in sorted(reason)])

    date, evidence = find_publication_date(kept)
    meta: dict = {"date": date, "source": name}
    url = find_source_url(raw_lines)
    if url:
        meta["url"] = url
    if evidence:
        meta["date_evidence"] = evidence
    meta.update(SEED_NOTES.get(name, {}))
    meta["removed"] = removed
    return {"id": doc_id_for(name, id_prefix), "text": "\n".join(kept), "meta": meta}


def clean_file(path: str | Path, *, id_prefix: str = "seed") -> dict:
    """Read one raw capture (UTF-8) and clean it."""
    path = Path(path)
    return clean_document(path.read_text(encoding="utf-8"), path.name, id_prefix=id_prefix)


def clean_directory(directory: str | Path, *, pattern: str = "*.txt", id_prefix: str = "seed") -> list[dict]:
    """Clean every capture in ``directory`` (sorted by file name)."""
    return [clean_file(p, id_prefix=id_prefix) for p in sorted(Path(directory).glob(pattern))]
