"""Confirming the model's spans in the gaps of the rules (``kner_rules`` ``confirm_gaps``).

In ``rules_first`` mode every rule span wins and the model's ORG/PROGRAM spans fill the gaps. On
text unlike the training documents the model proposes many names that are persons, places or
loose phrases (``윤정원 원장``, ``강원지역의``, ``미래산업 글로벌 도시를 견인하``): measured in
``docs/benchmarks.md``, the unconfirmed gaps cost more precision than they bring recall. With
``confirm_gaps`` a gap span is kept only where something outside the model says it is a name of
its label:

* **ORG** — a legal-form mark touches it (``㈜네올``, ``네올(주)``, ``네올 주식회사``), or it is
  coordinated with an organisation already found (``삼성바이오로직스, [바이넥스], STJEN바이오``,
  ``강원TP와 [에이티엠]``, ``A·[B]``, ``A 및 [B]``): the coordinators of :data:`COORDINATION`
  between the two. A confirmed gap confirms its own neighbours in turn (a list of new companies).
* **PROGRAM** — its last word ends in a programme head (:data:`PROGRAM_HEADS`: the heads of
  :mod:`kner.rules.programs`, and 센터 for a centre the text calls a programme, guidelines 16).

Data here, matching in :func:`confirm`.
"""

import re

from spacy.tokens import Span

from .gazetteer import LEGAL_MARKS
from .programs import CHAIN_HEADS, QUOTED_HEADS

#: what may stand between two coordinated names: an optional 와/과 glued to the first, then a
#: comma, a middle dot, a slash, 및 or 그리고 (or only the white space after 와/과); never only a space
COORDINATION = re.compile(r"(?:와|과)?\s*(?:[,·ㆍ‧∙・/]|및|그리고)?\s*")
#: how far apart (characters) two coordinated names may be
MAX_GAP_CHARS = 6
#: the last word of a confirmed PROGRAM ends in one of these
PROGRAM_HEADS = tuple(sorted(set(QUOTED_HEADS) | set(CHAIN_HEADS) | {"센터"}, key=len, reverse=True))
#: legal-form marks written after a name (네올(주), 네올 주식회사)
MARKS_AFTER = ("(주)", "㈜", "(유)", "주식회사")


def confirm(gaps: list[Span], rules: list[Span]) -> list[Span]:
    """The spans of ``gaps`` (model spans in the gaps of ``rules``) that are confirmed (module
    docstring); spans of other labels pass unchanged."""
    kept = [g for g in gaps if g.label_ not in ("ORG", "PROGRAM")]
    kept += [g for g in gaps if g.label_ == "PROGRAM" and program_confirmed(g)]
    orgs = [g for g in gaps if g.label_ == "ORG"]
    if not orgs:
        return sorted(kept, key=lambda s: s.start)
    text = orgs[0].doc.text  # Doc.text joins every token: built once, not per pair
    known = [r for r in rules if r.label_ == "ORG"]
    confirmed = [g for g in orgs if has_legal_mark(g, text)]
    todo = [g for g in orgs if g not in confirmed]
    anchors = known + confirmed
    while todo:
        new = [g for g in todo if any(coordinated(g, a, text) for a in anchors)]
        if not new:
            break
        confirmed += new
        anchors += new
        todo = [g for g in todo if g not in new]
    return sorted(kept + confirmed, key=lambda s: s.start)


def program_confirmed(span: Span) -> bool:
    """Does the span's text end in a programme head?"""
    return span.text.rstrip().endswith(PROGRAM_HEADS)


def has_legal_mark(span: Span, text: str | None = None) -> bool:
    """Does a legal-form mark touch the span (before it, or after it with at most a space)?
    ``text``: the doc's text, if the caller has it."""
    text = span.doc.text if text is None else text
    start, end = span.start_char, span.end_char
    return (span.text.startswith(LEGAL_MARKS) or text[max(0, start - 6):start].rstrip(" ").endswith(LEGAL_MARKS)
            or text[end:end + 5].lstrip(" ").startswith(MARKS_AFTER))


def coordinated(a: Span, b: Span, text: str | None = None) -> bool:
    """Are ``a`` and ``b`` two names of one coordination (:data:`COORDINATION` between them)?
    ``text``: the doc's text, if the caller has it."""
    first, second = (a, b) if a.start_char < b.start_char else (b, a)
    if second.start_char - first.end_char > MAX_GAP_CHARS:
        return False
    between = (first.doc.text if text is None else text)[first.end_char:second.start_char]
    return (0 < len(between) <= MAX_GAP_CHARS and between.strip() != ""
            and COORDINATION.fullmatch(between) is not None)
