"""PROGRAM ids: the canonical name as LABEL_SPEC defines it.

Quotes removed, middle dots unified to ``·``, spaces collapsed, a leading year kept.
"""

from __future__ import annotations

from .text import collapse_spaces, nfc, strip_quotes, unify_middle_dots


def canonical_program(surface: str) -> str:
    """Return the canonical programme id for a PROGRAM span's text.

    >>> canonical_program("「2022년 바이오 원‧부자재  국산화 지원사업」")
    '2022년 바이오 원·부자재 국산화 지원사업'
    """
    return collapse_spaces(unify_middle_dots(strip_quotes(nfc(surface))))


# --- linking short mentions ---------------------------------------------------------------------
# The corpus links a short mention of a programme to its full name (``특화산업육성사업`` →
# ``지역특화산업육성사업``); ids stay canonical names as above. Two sources:
#
# * ``data/programs.tsv`` (columns ``id``, ``aliases`` separated by ``|``): national programmes
#   and plans with the short forms the press uses, matched with spaces ignored.
# * the document itself: a mention takes the id of another PROGRAM span of the same document
#   that is the same name written with more spaces (``소부장특화단지`` → ``소부장 특화단지``) or
#   the same name qualified by its owner, an organisation the ORG KB knows, and a space
#   (``소부장 산업 육성계획`` → ``창원시 소부장 산업 육성계획``). A name glued to a region
#   (``강원지역산업육성사업``) or with a leading year is a different programme and is not linked.

import re as _re
from importlib import resources as _resources
from pathlib import Path as _Path


def _program_key(name: str) -> str:
    return _re.sub(r"\s+", "", canonical_program(name))


def load_program_kb(path: str | _Path | None = None) -> dict[str, str]:
    """The programme alias table (``data/programs.tsv`` or ``path``) as ``{key without spaces: id}``."""
    if path is None:
        text = _resources.files("kner.normalize").joinpath("data", "programs.tsv").read_text(encoding="utf-8")
    else:
        text = _Path(path).read_text(encoding="utf-8")
    return parse_program_table(text)


def parse_program_table(text: str) -> dict[str, str]:
    """Parse programme table TSV text (header ``id aliases``; ids map to themselves)."""
    table: dict[str, str] = {}
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines or lines[0].split("\t")[:2] != ["id", "aliases"]:
        raise ValueError("programme table: the first line must be the header 'id<TAB>aliases'")
    for ln in lines[1:]:
        cols = ln.split("\t")
        pid = canonical_program(cols[0])
        for surface in [pid, *(a for a in (cols[1] if len(cols) > 1 else "").split("|") if a.strip())]:
            key = _program_key(surface)
            if table.get(key, pid) != pid:
                raise ValueError(f"programme alias {surface!r} is already used by {table[key]!r}")
            table[key] = pid
    return table


def program_table_to_text(table: dict[str, str]) -> str:
    """The table as TSV text that :func:`parse_program_table` reads back."""
    by_id: dict[str, list[str]] = {}
    for key, pid in table.items():
        by_id.setdefault(pid, [])
        if key != _program_key(pid):
            by_id[pid].append(key)
    lines = ["id\taliases"] + [f"{pid}\t{'|'.join(keys)}" for pid, keys in by_id.items()]
    return "\n".join(lines) + "\n"


class ProgramResolver:
    """Resolve PROGRAM surfaces to ids: canonical name, alias table, then the document's own names."""

    def __init__(self, table: dict[str, str] | None = None, org_known=None):
        self.table = table if table is not None else load_program_kb()
        self.org_known = org_known  # callable: is this surface an organisation the ORG KB knows?

    def resolve(self, surface: str, doc_programs: list[str] | tuple[str, ...] = ()) -> dict:
        """The PROGRAM norm of ``surface``; ``doc_programs`` are the texts of the document's PROGRAM spans."""
        return {"id": self.resolve_id(surface, doc_programs)}

    def resolve_id(self, surface: str, doc_programs: list[str] | tuple[str, ...] = ()) -> str:
        """The id of ``surface`` (see :meth:`resolve`)."""
        name = canonical_program(surface)
        key = _program_key(name)
        if key in self.table:
            return self.table[key]
        best = name
        for other in {canonical_program(p) for p in doc_programs}:
            if other == name:
                continue
            if _program_key(other) == key and other.count(" ") > best.count(" "):
                best = other
            elif other.endswith(" " + name) and self.org_known is not None:
                owner = other[: -len(name) - 1]
                if self.org_known(owner):
                    return other
        return best
