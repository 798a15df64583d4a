"""kner.corpus.splits: document splits and folds keep the supplement on the training side."""

from __future__ import annotations

from pathlib import Path

import pytest

from kner.records import load_records
from kner.corpus.splits import SPLIT_PLAN, check_splits, folds, load_splits, make_splits, split_records

ROOT = Path(__file__).resolve().parents[2]
GOLD = ["seed-004", "seed-000", "seed-002", "seed-001"]
SUPPLEMENT = ["sup-a-001", "sup-a-002", "sup-b-001"]


def _records(ids):
    return [{"id": i, "text": i, "meta": {}, "spans": []} for i in ids]


def test_make_splits_follows_the_plan():
    splits = make_splits(GOLD, SUPPLEMENT)
    assert splits["version"] == "kner-v1.0"
    assert splits["dev"] == list(SPLIT_PLAN["dev"]) and splits["test"] == list(SPLIT_PLAN["test"])
    assert splits["train"] == sorted(set(GOLD) - set(SPLIT_PLAN["dev"]) - set(SPLIT_PLAN["test"])) + SUPPLEMENT
    assert splits["folds"] == [[d] for d in sorted(GOLD)]
    assert check_splits(splits, GOLD, SUPPLEMENT) == []


def test_a_plan_naming_an_unknown_document_fails():
    with pytest.raises(ValueError, match="seed-999"):
        make_splits(GOLD, SUPPLEMENT, plan={"dev": ("seed-999",)})


def _broken(**changes):
    splits = make_splits(GOLD, SUPPLEMENT)
    splits.update(changes)
    return splits


@pytest.mark.parametrize("splits, fragment", [
    (_broken(dev=["seed-001", "sup-a-001"]), "sup-a-001 is in 2 splits (train, dev)"),
    (_broken(train=["seed-000", "seed-004", "sup-a-002", "sup-b-001"], test=["seed-002", "sup-a-001"]),
     "supplement document sup-a-001 is in test"),
    (_broken(dev=[]), "seed-001 is in 0 splits (none)"),
    (_broken(folds=[["seed-000"], ["seed-001"], ["seed-002"], ["seed-004", "sup-b-001"]]),
     "supplement document sup-b-001 is held out in a fold"),
    (_broken(folds=[["seed-000", "seed-001"], ["seed-001"], ["seed-002"], ["seed-004"]]),
     "gold document seed-001 is held out in 2 folds"),
    (_broken(folds=[["seed-000"], ["seed-001"], ["seed-002"]]), "gold document seed-004 is held out in 0 folds"),
    (_broken(test=["seed-002", "ghost"]), "ghost is in the splits but not in the corpus"),
    (_broken(version="v0"), "version must be 'kner-v1.0'"),
])
def test_check_splits_catches_each_violation(splits, fragment):
    problems = check_splits(splits, GOLD, SUPPLEMENT)
    assert any(fragment in p for p in problems), problems


def test_folds_hold_out_each_gold_document_once_and_train_on_the_supplement():
    splits = make_splits(GOLD, SUPPLEMENT)
    records = _records(GOLD + SUPPLEMENT)
    pairs = folds(records, splits)
    assert len(pairs) == 4
    held = [r["id"] for _, heldout in pairs for r in heldout]
    assert sorted(held) == sorted(GOLD)
    for train, heldout in pairs:
        train_ids = {r["id"] for r in train}
        assert set(SUPPLEMENT) <= train_ids
        assert train_ids.isdisjoint(r["id"] for r in heldout)
        assert len(train) + len(heldout) == len(records)


def test_split_records_groups_by_split():
    splits = make_splits(GOLD, SUPPLEMENT)
    parts = split_records(_records(GOLD + SUPPLEMENT), splits)
    assert {k: [r["id"] for r in v] for k, v in parts.items()} == {s: splits[s] for s in ("train", "dev", "test")}


def test_the_committed_splits_keep_the_invariants():
    out = ROOT / "corpus" / "kner-v1.0"
    ids = {name: [r["id"] for r in load_records(out / f"{name}.jsonl")] for name in ("gold", "supplement")}
    splits = load_splits(out / "splits.json")
    assert check_splits(splits, ids["gold"], ids["supplement"]) == []
    assert len(splits["folds"]) == len(ids["gold"]) == 4
