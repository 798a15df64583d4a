"""Knowledge-base ablation for the unseen-organisation check (``scripts/bench_unseen.py``).

The ORG knowledge base lists every organisation of the corpus gold, so a gazetteer recognises a
held-out gold document's organisations by construction. :func:`ablated_kb` removes the rows of
the organisations only the held-out documents bring: rows whose surface forms (id, aliases,
former names) name one of their gold ORG spans and occur in no training text.
"""

from __future__ import annotations

from ..normalize.orgs import org_key


def surfaces(row: str) -> list[str]:
    """The surface forms of a KB TSV row: id, aliases and former names (without their end dates)."""
    cols = row.rstrip("\n").split("\t")
    names = [cols[0]]
    if len(cols) > 2:
        names += [a for a in cols[2].split("|") if a]
    if len(cols) > 3:
        names += [f.split("<")[0] for f in cols[3].split("|") if f]
    return names


def ablated_kb(kb_text: str, held_out: list[dict], train: list[dict]) -> tuple[str, list[str]]:
    """The KB TSV text without the organisations only ``held_out`` names; and the removed ids."""
    held_keys = {org_key(s["text"] if "text" in s else r["text"][s["start"]:s["end"]])
                 for r in held_out for s in r.get("spans", []) if s["label"] == "ORG"}
    held_ids = {s["norm"]["id"] for r in held_out for s in r.get("spans", [])
                if s["label"] == "ORG" and isinstance(s.get("norm"), dict) and s["norm"].get("id")}
    train_text = "\n".join(r["text"] for r in train).replace(" ", "")
    out, removed = [], []
    header_seen = False
    for line in kb_text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        if not header_seen:
            header_seen = True
            out.append(line)
            continue
        names = surfaces(line)
        named = names[0] in held_ids or any(org_key(n) in held_keys for n in names)
        known = any(n.replace(" ", "") in train_text for n in names if len(n.replace(" ", "")) >= 2)
        if named and not known:
            removed.append(names[0])
            continue
        out.append(line)
    return "".join(out), removed
