"""Small text helpers shared by the normalisers: legal-form marks, quotes, middle dots."""

from __future__ import annotations

import re
import unicodedata

# Legal-form marks written onto organisation names (spec boundary rule 3).
LEGAL_FORM_MARKS: tuple[str, ...] = (
    "㈜", "㈔", "㈕", "㈖", "(주)", "(재)", "(사)", "(유)", "(합)", "(자)", "(학)", "(의)",
    "주식회사", "재단법인", "사단법인", "유한회사", "학교법인", "의료법인",
)
_LEGAL_RE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(m) for m in sorted(LEGAL_FORM_MARKS, key=len, reverse=True)) + r")\s*"
    r"|\s*(?:" + "|".join(re.escape(m) for m in sorted(LEGAL_FORM_MARKS, key=len, reverse=True)) + r")\s*$"
)

# Quotation marks and brackets that surround names (spec boundary rule 2).
QUOTES = "'\"‘’‚‛“”„‟「」『』《》〈〉«»［］【】〔〕"
# Every middle-dot look-alike is unified to U+00B7 in programme ids.
MIDDLE_DOTS = "‧∙•・･⋅ᆞㆍ·․"
_NO_QUOTES = str.maketrans("", "", QUOTES)
_ONE_DOT = str.maketrans({ch: "·" for ch in MIDDLE_DOTS})


def nfc(text: str) -> str:
    """NFC-normalise ``text``."""
    return unicodedata.normalize("NFC", text)


def strip_legal_form(name: str) -> str:
    """Remove legal-form marks (㈜, (주), (재) …) at either end of an organisation name."""
    prev = None
    out = name.strip()
    while prev != out:
        prev = out
        out = _LEGAL_RE.sub("", out).strip()
    return out or name.strip()


def unify_middle_dots(text: str) -> str:
    """Replace every middle-dot look-alike (‧ ∙ ・ ․ …) with ``·`` (U+00B7)."""
    return text.translate(_ONE_DOT)


def strip_quotes(text: str) -> str:
    """Remove quotation marks and name brackets anywhere in ``text``."""
    return text.translate(_NO_QUOTES)


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return re.sub(r"\s+", " ", text).strip()
