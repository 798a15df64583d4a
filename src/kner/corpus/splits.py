"""Document-level splits of the corpus and the cross-validation folds.

``splits.json`` (written by ``kner corpus build``)::

    {"version": "kner-v1.0", "train": [ids], "dev": [ids], "test": [ids], "folds": [[ids], …]}

Splits are by document. The gold set is four seed documents, so it is split 2 / 1 / 1
(:data:`SPLIT_PLAN`) and, because one document per split is a thin evaluation, a
document-level k-fold plan is given too: ``folds`` lists the held-out gold ids of each
fold, leave-one-document-out (k = 4), each gold document held out exactly once. The
written supplement is only ever on the training side: in ``train`` and in the training
part of every fold, never held out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..records import CORPUS_VERSION

SPLITS: tuple[str, ...] = ("train", "dev", "test")

# Which gold document goes where (data). Every seed document has spans of all five
# labels; the held-out ones are chosen so that each evaluation document brings its own
# situation: test = seed-002 (Chuncheon/Gangwon programme review, no dateline: the most
# MONEY and METRIC spans), dev = seed-001 (Gimhae foundation renaming, dated: ORG
# aliases, durations). Train keeps seed-000 (Incheon call) and seed-004 (Changwon,
# the most PROGRAM spans), so PROGRAM is best represented where it is learnt.
SPLIT_PLAN: dict[str, tuple[str, ...]] = {
    "dev": ("seed-001",),
    "test": ("seed-002",),
}


def make_splits(gold_ids: Iterable[str], supplement_ids: Iterable[str],
                plan: dict[str, tuple[str, ...]] = SPLIT_PLAN) -> dict:
    """The ``splits.json`` content: ``plan`` places dev/test gold docs; the rest train.

    Raises ValueError when the plan names a document that is not in the gold set.
    Ids keep their order: gold ids sorted, then the supplement ids in corpus order.
    """
    gold = sorted(gold_ids)
    supplement = list(supplement_ids)
    placed = {doc_id: split for split, ids in plan.items() for doc_id in ids}
    unknown = sorted(set(placed) - set(gold))
    if unknown:
        raise ValueError(f"split plan names documents that are not gold: {', '.join(unknown)}")
    splits = {"version": CORPUS_VERSION}
    for split in SPLITS:
        splits[split] = [d for d in gold if placed.get(d, "train") == split]
    splits["train"] += supplement
    splits["folds"] = [[d] for d in gold]
    return splits


def check_splits(splits: dict, gold_ids: Iterable[str], supplement_ids: Iterable[str]) -> list[str]:
    """Problems with a splits dict (empty when it keeps every invariant)."""
    gold, supplement = set(gold_ids), set(supplement_ids)
    problems: list[str] = []
    if splits.get("version") != CORPUS_VERSION:
        problems.append(f"version must be {CORPUS_VERSION!r}, got {splits.get('version')!r}")
    where: dict[str, list[str]] = {}
    for split in SPLITS:
        for doc_id in splits.get(split, []):
            where.setdefault(doc_id, []).append(split)
    for doc_id in sorted(gold | supplement):
        places = where.get(doc_id, [])
        if len(places) != 1:
            problems.append(f"{doc_id} is in {len(places)} splits ({', '.join(places) or 'none'}); expected one")
        elif doc_id in supplement and places != ["train"]:
            problems.append(f"supplement document {doc_id} is in {places[0]}; supplement is train only")
    for doc_id in sorted(set(where) - gold - supplement):
        problems.append(f"{doc_id} is in the splits but not in the corpus")
    held = [d for fold in splits.get("folds", []) for d in fold]
    for doc_id in sorted(set(held) & supplement):
        problems.append(f"supplement document {doc_id} is held out in a fold")
    for doc_id in sorted(gold):
        if held.count(doc_id) != 1:
            problems.append(f"gold document {doc_id} is held out in {held.count(doc_id)} folds; expected one")
    for doc_id in sorted(set(held) - gold - supplement):
        problems.append(f"fold holds out {doc_id}, which is not in the corpus")
    return problems


def load_splits(path: str | Path) -> dict:
    """Read ``splits.json``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def split_records(records: Iterable[dict], splits: dict) -> dict[str, list[dict]]:
    """Records grouped by split name (``train``, ``dev``, ``test``), in the splits' id order."""
    by_id = {r["id"]: r for r in records}
    return {split: [by_id[d] for d in splits[split] if d in by_id] for split in SPLITS}


def folds(records: Iterable[dict], splits: dict) -> list[tuple[list[dict], list[dict]]]:
    """``[(train, heldout), …]``, one pair per fold of ``splits["folds"]``.

    The held-out part is the fold's gold documents; every other record — the other gold
    documents and all supplement documents — is on the training side.
    """
    records = list(records)
    out = []
    for held_ids in splits["folds"]:
        held = set(held_ids)
        out.append(([r for r in records if r["id"] not in held], [r for r in records if r["id"] in held]))
    return out
