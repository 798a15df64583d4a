"""How many entity boundaries fall on token boundaries (tokeniser fitness for NER)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass
class Alignment:
    """Counts of entity boundaries (a start and an end per entity) and those on token boundaries."""

    boundaries: int = 0
    aligned: int = 0
    misses_by_label: Counter = field(default_factory=Counter)
    examples: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Aligned boundaries / all boundaries (1.0 when there are none)."""
        return self.aligned / self.boundaries if self.boundaries else 1.0


def boundary_alignment_offsets(
    token_offsets: Iterable[Sequence[tuple[int, int]]],
    entities: Iterable[Sequence[dict]],
    texts: Iterable[str] | None = None,
    *,
    max_examples: int = 50,
) -> Alignment:
    """Alignment of entity spans (dicts with start, end, label) against token ``(start, end)`` offsets."""
    result = Alignment()
    texts_iter = iter(texts) if texts is not None else None
    for offsets, spans in zip(token_offsets, entities):
        text = next(texts_iter) if texts_iter is not None else None
        starts = {s for s, _ in offsets}
        ends = {e for _, e in offsets}
        for span in spans:
            for ok in (span["start"] in starts, span["end"] in ends):
                result.boundaries += 1
                if ok:
                    result.aligned += 1
                else:
                    result.misses_by_label[span.get("label", "?")] += 1
                    if text is not None and len(result.examples) < max_examples:
                        result.examples.append((span.get("label", "?"), text[span["start"]:span["end"]], text))
    return result


def doc_offsets(doc) -> list[tuple[int, int]]:
    """Token ``(start, end)`` character offsets of a spaCy Doc."""
    return [(t.idx, t.idx + len(t.text)) for t in doc]


def boundary_alignment(docs: Iterable, entities: Iterable[Sequence[dict]], **kwargs) -> Alignment:
    """Alignment of entity spans against the tokens of spaCy Docs (one span list per doc)."""
    docs = list(docs)
    return boundary_alignment_offsets((doc_offsets(d) for d in docs), entities, (d.text for d in docs), **kwargs)
