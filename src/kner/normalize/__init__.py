"""Normalisation and entity linking: span text → the ``norm`` value of LABEL_SPEC.

Public API: :func:`normalize_span` (one dispatcher for all labels), :func:`normalize_money`,
:func:`normalize_date`, :func:`normalize_metric`, :class:`OrgResolver`, :func:`load_org_kb`,
:func:`doc_date_from_text`. The spaCy component is ``kner_normalizer``
(:mod:`kner.normalize.component`).
"""

from __future__ import annotations

from .apply import normalize_records, normalize_span
from .dates import doc_date_from_text, normalize_date
from .metrics import normalize_metric
from .money import normalize_money
from .orgs import OrgResolver, load_org_kb

__all__ = [
    "OrgResolver", "doc_date_from_text", "load_org_kb", "normalize_date", "normalize_metric", "normalize_money",
    "normalize_records", "normalize_span",
]
