"""KoNEC dev with LABEL_SPEC boundaries: ``corpus/external/konec/konec-dev-spec.jsonl``.

``konec-dev.jsonl`` (:mod:`kner.corpus.konec`) maps the NIKL tags to kner labels but
keeps NIKL's boundaries. This module rebuilds the same sentences from the TSV with the
boundaries of ``LABEL_SPEC.md`` (v1), one rule at a time; every change is recorded on
the span as ``spec_rules`` (LABEL_SPEC rule numbers; ``"DATE"`` for the DATE row of the
label table) with the KoNEC offsets as ``source_start``/``source_end``.

Rules applied (data tables below; nothing here is shared with the extractor, and the
spec is the only reference):

- ``DATE`` (label table: DATE includes "durations, clock times"; example
  ``오는 15일 오후 2시`` is one span): KoNEC's ``TI_*`` tags become DATE spans, and a
  TI span that follows a date (DT other than DT_DURATION) or another TI span with only
  white space between them is merged into it. Decided on the source tags, not on text.
  A DT_DURATION is not merged with a following TI (``하루 8시간`` is a rate, two spans).
- ``1``: particles and endings after an entity stay outside (:data:`PARTICLES`).
- ``2``: quotes and brackets around a name stay outside (an unbalanced quote at an
  edge, or a pair enclosing the whole span); ``(주)``-style legal forms stay (rule 3).
- ``4``: qualifiers before a number (:data:`PREFIX_QUALIFIERS`) and bound words after a
  space (:data:`BOUND_WORDS`) stay outside; DATE, MONEY and METRIC only.
- ``13``: the same bound words written onto the number stay outside (``50%이상``,
  ``7월중``); approximation written onto the number (``여``, ``대``) is not a bound
  and stays inside (``1,400여명``, ``수백억대``).
- ``12``: ``A부터 B까지`` inside one DATE span becomes two DATE spans (``A부터 B 사이``
  too); ``2020~2021년`` stays one span.

- ``4`` and ``13`` for DATE (:data:`DATE_AFTER_WORDS`): words after a date that say where in
  it or since when (``말``, ``초``, ``후반``, ``이후``) and 만 "after a lapse of" stay outside, as the
  guidelines (``[4년]만에``) and the written supplement (``[지난달] 말 기준``) have them.

Not changed, because the spec does not say otherwise: relative words after a count of time
(``3년 전`` is one DATE, a point in time: GUIDELINES), ``동안``, ``A에서 B`` ranges, adjacent DT
spans (only the DT + TI merge is tag-based).

Entities are neither dropped nor added except by the DATE rule (TI spans) and rule 12.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .konec import KonecSentence, bio_spans, iter_sentences, record_of
from .konec_labels import KONEC_TIME_TO_KNER, KONEC_TO_KNER

SPEC_OUTPUT_FILE = "konec-dev-spec.jsonl"
NUMERIC = frozenset({"DATE", "MONEY", "METRIC"})
SPEC_MAPPING: dict[str, str] = {**KONEC_TO_KNER, **KONEC_TIME_TO_KNER}
# rule ids in the order the README lists them
RULES: tuple[str, ...] = ("DATE", "1", "2", "4", "12", "13")

# --- rule 1: particles and endings (longest first; stripped repeatedly: 에서부터, 까지만) ---
# Every entry is a case particle (격조사), an auxiliary particle (보조사) or a conjunctive
# particle (접속조사) of standard Korean grammar, except 씩: a distributive suffix (접미사
# "-씩"), kept outside like the particle 마다 because the count is the quantity
# (``한 번씩`` → ``한 번``; the METRIC norm has no place for "each").
PARTICLES: tuple[str, ...] = (
    "에서", "에게", "께서", "부터", "까지", "으로", "처럼", "보다", "마다", "밖에", "이나", "이라도",
    "은", "는", "이", "가", "을", "를", "도", "만", "와", "과", "로", "에", "의", "씩",
)
# For ORG and PROGRAM only these: the other one-syllable particles end many names
# (경기도, 해태제과, 서울메트로, 머니투데이, 국무회의, 대만), and KoNEC's name spans
# practically never carry a particle.
NAME_PARTICLES: tuple[str, ...] = (
    "에서", "에게", "께서", "부터", "까지", "으로", "처럼", "보다", "마다", "밖에",
    "은", "는", "을", "를", "에", "와",
)
# 도 and 만 after a digit are a unit (30도) or the number 10,000 (900만), not particles.
AFTER_DIGIT_NOT_PARTICLE = frozenset({"도", "만"})
# 만 before these is the dependent noun "after a lapse of" (14년 만에, 6년만의, 10년 만인),
# part of the duration like 간 in ``2년간`` (LABEL_SPEC), not the particle "only".
ELAPSED_MAN_NEXT = frozenset("에이인의")
# 도 and 만 after a Korean numeral are part of the number too (백만, 수천만)
NUMERAL_CHARS = frozenset("십백천만억조수몇")
# words and units that end in a particle-like syllable but are whole words
NOT_A_PARTICLE_ENDING: tuple[str, ...] = (
    "사이", "년도", "연도", "가을", "송이", "덩이", "국가", "프로", "유로", "킬로",
)

# --- rule 4: qualifiers written before a number (followed by a space or a digit) ---
PREFIX_QUALIFIERS: tuple[str, ...] = (
    "우리 돈", "우리돈", "한화", "국비", "도비", "시비", "군비", "약", "총", "최대", "최소", "최고",
    "최저", "각각", "각", "대략", "무려", "불과", "고작", "겨우", "평균",
)

# --- rules 4 and 13: bounds after the number (after a space: rule 4; written on: rule 13) ---
# 여 ("more than", 1,400여명) and 대 (range, 수백억대) are approximation written onto the
# number and stay inside (rule 4's second clause), so they are not listed.
BOUND_WORDS: tuple[str, ...] = (
    "이상", "이하", "미만", "초과", "이내", "가량", "정도", "안팎", "내외", "남짓", "어치", "가까이",
    "상당", "께", "쯤", "경", "중",
)
# the one-syllable bounds are only bounds right after a number or a date/time unit
# (해경, 한밤중, 도중 are words): the character before them must be one of these
SHORT_BOUND_AFTER = frozenset("0123456789시분초일월년말순")
_SHORT_BOUNDS = {w: SHORT_BOUND_AFTER for w in BOUND_WORDS if len(w) == 1}

OPENERS = {"'": "'", '"': '"', "‘": "’", "“": "”", "「": "」", "『": "』", "《": "》", "<": ">",
           "〈": "〉", "[": "]", "(": ")", "【": "】"}
CLOSERS = {v: k for k, v in OPENERS.items()}
RANGE_OPEN = "부터"  # rule 12: A부터 B(까지)
# rule 12: the closer of the second half when it is not the particle 까지 (A부터 B 사이)
RANGE_CLOSERS: tuple[str, ...] = ("사이",)

# --- rules 4 and 13 for DATE: words after a date that say where in it or since when ---
# After a space they stay outside like any word (rule 4): ``[지난달] 말 기준``, ``[3월] 말`` (the
# written supplement), ``[1990년대] 후반``, ``[2010년] 이후``; written on, the one-syllable ones stay
# outside like 중 in ``[7월]중`` (rule 13): ``[90년]초``, ``[2년]만에`` (GUIDELINES, DATE: ``[4년]만에``).
DATE_AFTER_WORDS: tuple[str, ...] = (
    "이후", "이전", "말경", "초순", "상순", "중순", "하순", "초반", "중반", "후반", "말", "초", "만",
)
# the characters a written-on word may follow: the unit of a date or a count of time (not 주: 주말
# is the weekend; not a digit: 30초 is seconds)
DATE_AFTER_UNITS: dict[str, frozenset] = {
    "말": frozenset("년월대달"), "초": frozenset("년월대달"),
    "만": frozenset("년월일주분간달루틀흘새름"),  # 2년만, 2시간만, 하루만, 이틀만, 사흘만, 닷새만, 보름만
}


def _strip_quote(seg: str) -> tuple[int, int] | None:
    """Characters to cut at the (left, right) edge for rule 2, or None."""
    if len(seg) < 2:
        return None
    first, last = seg[0], seg[-1]
    if first in OPENERS and last == OPENERS[first]:
        return 1, 1
    if first in OPENERS and OPENERS[first] not in seg[1:]:
        return 1, 0
    if last in CLOSERS and CLOSERS[last] not in seg[:-1]:
        return 0, 1
    return None


def _strip_prefix(seg: str) -> int:
    """Length of a rule-4 qualifier (with its spaces) opening ``seg``, else 0."""
    for q in PREFIX_QUALIFIERS:
        if seg.startswith(q) and len(seg) > len(q):
            nxt = seg[len(q)]
            if nxt.isspace() or nxt.isdigit():
                rest = seg[len(q):].lstrip()
                if rest:
                    return len(seg) - len(rest)
    return 0


def _strip_closing(seg: str, words: tuple[str, ...], written_on: dict[str, frozenset]) -> tuple[int, str] | None:
    """``(characters to cut at the right, rule)`` for one of ``words`` closing ``seg``: after a
    space rule 4, written on rule 13; a one-syllable word written on only after a character of
    ``written_on[word]`` and a head longer than that character (never when it has no entry)."""
    for word in words:
        if not seg.endswith(word) or len(seg) == len(word):
            continue
        head = seg[: -len(word)]
        if head[-1].isspace():
            if head.strip():
                return len(seg) - len(head.rstrip()), "4"
            continue
        if len(word) == 1 and (len(head) < 2 or head[-1] not in written_on.get(word, ())):
            continue
        return len(word), "13"
    return None


def _strip_bound(seg: str) -> tuple[int, str] | None:
    """``(characters to cut at the right, rule)`` for a bound word closing ``seg``."""
    return _strip_closing(seg, BOUND_WORDS, _SHORT_BOUNDS)


def _strip_date_word(seg: str) -> tuple[int, str] | None:
    """``(characters to cut at the right, rule)`` for a :data:`DATE_AFTER_WORDS` word closing a DATE."""
    return _strip_closing(seg, DATE_AFTER_WORDS, DATE_AFTER_UNITS)


def _strip_particle(seg: str, label: str, next_char: str) -> int:
    """Characters of a rule-1 particle closing ``seg`` (0 when none)."""
    if any(seg.endswith(w) for w in NOT_A_PARTICLE_ENDING):
        return 0
    for p in (PARTICLES if label in NUMERIC else NAME_PARTICLES):
        if not seg.endswith(p) or len(seg) == len(p):
            continue
        head = seg[: -len(p)]
        if head[-1].isspace():
            # a particle written apart (``6개월 밖에``) goes with its space; a lone
            # syllable after a space is a word of its own, not a particle
            if len(p) > 1 and head.strip():
                return len(seg) - len(head.rstrip())
            return 0
        if p in AFTER_DIGIT_NOT_PARTICLE and (head[-1].isdigit() or head[-1] in NUMERAL_CHARS):
            continue
        if p == "만" and next_char in ELAPSED_MAN_NEXT:
            continue
        return len(p)
    return 0


def trim_span(text: str, start: int, end: int, label: str) -> tuple[int, int, list[str]]:
    """Apply rules 1, 2, 4 and 13 to ``text[start:end]`` until nothing changes.

    Returns the new ``(start, end)`` and the rule ids that changed it (in first-use
    order). A span is never cut to nothing.
    """
    rules: list[str] = []

    def used(rule: str) -> None:
        if rule not in rules:
            rules.append(rule)

    changed = True
    while changed:
        changed = False
        seg = text[start:end]
        cut = _strip_quote(seg)
        if cut is not None:
            start, end = start + cut[0], end - cut[1]
            used("2")
            changed = True
            continue
        if label in NUMERIC:
            n = _strip_prefix(seg)
            if n:
                start += n
                used("4")
                changed = True
                continue
            bound = _strip_bound(seg)
            if bound is not None:
                end -= bound[0]
                used(bound[1])
                changed = True
                continue
        n = _strip_particle(seg, label, text[end:end + 1])
        if n:
            end -= n
            used("1")
            changed = True
            continue
        if label == "DATE":
            word = _strip_date_word(seg)
            if word is not None:
                end -= word[0]
                used(word[1])
                changed = True
    return start, end, rules


def split_range(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rule 12: ``A부터 B…`` inside one DATE span → ``[(A), (B…)]``; else the span itself.

    Only a ``부터`` followed by white space and more text splits; ``2020~2021년`` (a range
    inside one expression) stays one span.
    """
    seg = text[start:end]
    for m in re.finditer(RANGE_OPEN, seg):
        a_end = start + m.start()
        rest = seg[m.end():]
        if m.start() > 0 and rest[:1].isspace() and rest.strip():
            b_start = start + m.end() + (len(rest) - len(rest.lstrip()))
            return [(start, a_end)] + split_range(text, b_start, end)
    return [(start, end)]


def _cut_range_closer(text: str, start: int, end: int, label: str) -> tuple[int, int, list[str]]:
    """Rule 12: ``사이`` closing the second half of ``A부터 B 사이`` goes, then rule 1 etc. again."""
    seg = text[start:end]
    for closer in RANGE_CLOSERS:
        if seg.endswith(closer) and seg[: -len(closer)].strip():
            return trim_span(text, start, start + len(seg[: -len(closer)].rstrip()), label)
    return start, end, []


def _span(text: str, start: int, end: int, label: str, tag: str, rules: list[str],
          source: tuple[int, int]) -> dict:
    span = {"start": start, "end": end, "label": label, "text": text[start:end], "source_label": tag}
    if rules:
        span["spec_rules"] = rules
    if (start, end) != source:
        span["source_start"], span["source_end"] = source
    return span


def spec_spans(text: str, tags: list[str], mapping: dict[str, str] = SPEC_MAPPING) -> list[dict]:
    """LABEL_SPEC-boundary spans of one sentence from its per-character NIKL tags."""
    spans: list[dict] = []
    for start, end, tag in bio_spans(tags):
        label = mapping.get(tag)
        if label is None:
            continue
        base = ["DATE"] if tag in KONEC_TIME_TO_KNER else []
        parts = split_range(text, start, end) if label == "DATE" else [(start, end)]
        for i, (s, e) in enumerate(parts):
            s2, e2, rules = trim_span(text, s, e, label)
            extra = ["12"] if len(parts) > 1 else []
            if extra and i == len(parts) - 1:
                s2, e2, more = _cut_range_closer(text, s2, e2, label)
                rules = list(dict.fromkeys(rules + more))
            spans.append(_span(text, s2, e2, label, tag, base + extra + rules, (start, end)))
    return _merge_times(text, spans)


def _merges(left: dict, right: dict, text: str) -> bool:
    """DATE rule: a TI span after a date or a time, white space only between."""
    if left["label"] != "DATE" or right["label"] != "DATE" or text[left["end"]:right["start"]].strip():
        return False
    ltag, rtag = left["source_label"].split("+")[-1], right["source_label"].split("+")[0]
    return rtag.startswith("TI_") and (ltag.startswith("TI_") or (ltag.startswith("DT_") and ltag != "DT_DURATION"))


def _merge_times(text: str, spans: list[dict]) -> list[dict]:
    out: list[dict] = []
    for span in spans:
        if out and _merges(out[-1], span, text):
            left = out.pop()
            rules = list(dict.fromkeys(left.get("spec_rules", []) + ["DATE"] + span.get("spec_rules", [])))
            source = (left.get("source_start", left["start"]), span.get("source_end", span["end"]))
            span = _span(text, left["start"], span["end"], "DATE",
                         f"{left['source_label']}+{span['source_label']}", rules, source)
        out.append(span)
    return out


def to_spec_record(sent: KonecSentence) -> dict:
    """The LABEL_SPEC-boundary record of one sentence (same id, text and meta as konec-dev)."""
    return record_of(sent, spec_spans("".join(sent.chars), sent.tags))


def convert_spec_file(path: str | Path) -> list[dict]:
    """Spec-boundary records of every sentence of the KoNEC TSV at ``path``.

    Source defects are reported by :func:`kner.corpus.konec.convert_file` (the two
    conversions read the same rows; :func:`kner.corpus.konec.convert_both` parses them once
    for both).
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        return [to_spec_record(sent) for sent in iter_sentences(fh, path=str(path))]


def spec_rule_counts(records: list[dict]) -> tuple[Counter, Counter]:
    """``(by rule, by (rule, label))``: spans of ``records`` that each spec rule changed."""
    by_rule: Counter = Counter()
    by_rule_label: Counter = Counter()
    for rec in records:
        for s in rec["spans"]:
            for rule in s.get("spec_rules", []):
                by_rule[rule] += 1
                by_rule_label[rule, s["label"]] += 1
    return by_rule, by_rule_label


RULE_NAMES = {
    "DATE": "TI_* clock times and durations added as DATE; a TI span after a date or time merged into it",
    "1": "particles and endings after the entity cut off",
    "2": "quotes and brackets at the edges cut off",
    "4": "qualifiers before the number, bound words after a space cut off (DATE: 말, 이후, 만 …)",
    "12": "`A부터 B까지` split into two DATE spans (both halves counted)",
    "13": "bounds written onto the number cut off (이상, 께, 쯤, 중, DATE: 초, 만 …)",
}


def render_counts(records: list[dict]) -> str:
    """A markdown table: spans changed per spec rule, in total and per label."""
    by_rule, by_rule_label = spec_rule_counts(records)
    labels = ("ORG", "PROGRAM", "DATE", "MONEY", "METRIC")
    head = "| rule | what | spans | " + " | ".join(labels) + " |\n|---|---|---:|" + "---:|" * len(labels) + "\n"
    rows = [f"| {r} | {RULE_NAMES[r]} | {by_rule[r]:,} | "
            + " | ".join(f"{by_rule_label[r, lab]:,}" for lab in labels) + " |" for r in RULES]
    return head + "\n".join(rows) + "\n"
