"""Writing generated sections into Markdown files between ``<!-- NAME:start -->`` markers."""

from __future__ import annotations

from pathlib import Path

from ..records import atomic_write_text


def replace_section(path: str | Path, name: str, body: str) -> None:
    """Replace (or append) the section ``name`` of the Markdown file ``path`` with ``body``."""
    path = Path(path)
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    atomic_write_text(path, text)
