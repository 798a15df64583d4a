"""kner.evaluate: strict span P/R/F, KLUE character-level F1, norm accuracy, errors; the command."""

from __future__ import annotations

import pytest

from kner.evaluate import (
    char_scores,
    format_table,
    klue_char_macro_f1,
    norms_equal,
    pair_documents,
    prf,
    score,
)

# 0-9 "abcdefghij", 10 is a space, 11-20 "klmnopqrst": 20 non-space characters.
TEXT = "abcdefghij klmnopqrst"


def span(start, end, label, norm=None):
    out = {"start": start, "end": end, "label": label}
    if norm is not None:
        out["norm"] = norm
    return out


def doc(spans, doc_id="d1", text=TEXT):
    return {"id": doc_id, "text": text, "meta": {"date": None, "source": "test"}, "spans": [span(*t) for t in spans]}


def approx(x):
    return None if x is None else pytest.approx(x)


# ------------------------------------------------------------------------------------------
# strict spans: (gold, pred) → micro (p, r, f), per-label {label: (tp, fp, fn)}, error counts
# ------------------------------------------------------------------------------------------
SPAN_CASES = [
    pytest.param([(0, 4, "ORG")], [(0, 4, "ORG")], (1.0, 1.0, 1.0), {"ORG": (1, 0, 0)},
                 {}, id="exact"),
    pytest.param([(0, 4, "ORG")], [(0, 3, "ORG")], (0.0, 0.0, 0.0), {"ORG": (0, 1, 1)},
                 {"boundary": 1}, id="boundary-error"),
    pytest.param([(0, 4, "ORG")], [(0, 4, "PROGRAM")], (0.0, 0.0, 0.0), {"ORG": (0, 0, 1), "PROGRAM": (0, 1, 0)},
                 {"label": 1}, id="label-error"),
    pytest.param([(0, 4, "ORG")], [(2, 6, "MONEY")], (0.0, 0.0, 0.0), {"ORG": (0, 0, 1), "MONEY": (0, 1, 0)},
                 {"label_boundary": 1}, id="label-and-boundary"),
    pytest.param([(0, 4, "ORG")], [(11, 14, "DATE")], (0.0, 0.0, 0.0), {"ORG": (0, 0, 1), "DATE": (0, 1, 0)},
                 {"missed": 1, "spurious": 1}, id="missed-and-spurious"),
    pytest.param([(0, 4, "ORG"), (11, 15, "DATE")], [], (None, 0.0, 0.0), {"ORG": (0, 0, 1), "DATE": (0, 0, 1)},
                 {"missed": 2}, id="empty-predictions"),
    pytest.param([], [(0, 4, "ORG")], (0.0, None, 0.0), {"ORG": (0, 1, 0)},
                 {"spurious": 1}, id="empty-gold"),
    pytest.param([], [], (None, None, None), {}, {}, id="both-empty"),
    # tp 2 (ORG, DATE), fp 2 (MONEY too long, METRIC spurious), fn 1 (MONEY): P 1/2, R 2/3, F 4/7
    pytest.param([(0, 4, "ORG"), (5, 8, "MONEY"), (11, 15, "DATE")],
                 [(0, 4, "ORG"), (5, 9, "MONEY"), (11, 15, "DATE"), (16, 18, "METRIC")],
                 (0.5, 2 / 3, 4 / 7), {"ORG": (1, 0, 0), "MONEY": (0, 1, 1), "DATE": (1, 0, 0), "METRIC": (0, 1, 0)},
                 {"boundary": 1, "spurious": 1}, id="mixed"),
]


@pytest.mark.parametrize("gold, pred, micro, per_label, errors", SPAN_CASES)
def test_strict_span_scores(gold, pred, micro, per_label, errors):
    s = score([doc(gold)], [doc(pred)])
    m = s["spans"]["micro"]
    assert (m["p"], m["r"], m["f"]) == tuple(approx(x) for x in micro)
    for label, (tp, fp, fn) in per_label.items():
        got = s["spans"]["per_label"][label]
        assert (got["tp"], got["fp"], got["fn"]) == (tp, fp, fn), label
    untouched = set(s["spans"]["per_label"]) - set(per_label)
    assert all(s["spans"]["per_label"][lab]["tp"] + s["spans"]["per_label"][lab]["fp"]
               + s["spans"]["per_label"][lab]["fn"] == 0 for lab in untouched)
    expected_errors = {"label": 0, "boundary": 0, "label_boundary": 0, "missed": 0, "spurious": 0, **errors}
    assert {k: v for k, v in s["errors"].items() if k != "label_confusion"} == expected_errors
    assert s["gold_spans"] == len(gold) and s["pred_spans"] == len(pred)


def test_macro_averages_labels_that_occur():
    # the "mixed" case: F per occurring label ORG 1, MONEY 0, DATE 1, METRIC 0 → 0.5;
    # METRIC's undefined recall counts 0 in the mean
    s = score([doc([(0, 4, "ORG"), (5, 8, "MONEY"), (11, 15, "DATE")])],
              [doc([(0, 4, "ORG"), (5, 9, "MONEY"), (11, 15, "DATE"), (16, 18, "METRIC")])])
    macro = s["spans"]["macro"]
    assert (macro["p"], macro["r"], macro["f"], macro["labels"]) == (0.5, 0.5, 0.5, 4)


def test_label_confusion_names_both_labels():
    s = score([doc([(0, 4, "ORG"), (11, 15, "DATE")])], [doc([(0, 4, "PROGRAM"), (11, 15, "METRIC")])])
    assert s["errors"]["label_confusion"] == {"DATE->METRIC": 1, "ORG->PROGRAM": 1}


@pytest.mark.parametrize("tp, fp, fn, expected", [
    (1, 1, 1, (0.5, 0.5, 0.5)),
    (3, 1, 0, (0.75, 1.0, 6 / 7)),
    (0, 0, 2, (None, 0.0, 0.0)),
    (0, 2, 0, (0.0, None, 0.0)),
    (0, 0, 0, (None, None, None)),
])
def test_prf(tp, fp, fn, expected):
    got = prf(tp, fp, fn)
    assert (got["p"], got["r"], got["f"]) == tuple(approx(x) for x in expected)


# ------------------------------------------------------------------------------------------
# characters. KLUE's classes: B-/I- × 5 labels + O = 11; absent classes count 1.0
# ------------------------------------------------------------------------------------------
CHAR_CASES = [
    # gold "abcd" ORG, pred "abc": ORG chars tp 3 fp 0 fn 1 → F 6/7.
    # KLUE: B-ORG 1, I-ORG 2·2/(3+2) = 0.8, O 2·16/(16+17) = 32/33, 8 absent classes 1
    pytest.param([(0, 4, "ORG")], [(0, 3, "ORG")], {"ORG": (3, 0, 1)}, (1.0, 0.75, 6 / 7),
                 (1 + 0.8 + 32 / 33 + 8) / 11, id="shorter"),
    # gold "ij kl" DATE (the space is skipped: B i, I j k l), pred "kl" (B k, I l):
    # DATE chars tp 2 fn 2 → F 2/3. KLUE: B-DATE 0, I-DATE 2·1/(3+1) = 0.5, O 2·16/(16+18)
    pytest.param([(8, 13, "DATE")], [(11, 13, "DATE")], {"DATE": (2, 0, 2)}, (1.0, 0.5, 2 / 3),
                 (0 + 0.5 + 32 / 34 + 8) / 11, id="across-a-space"),
    # same characters, other label: nothing agrees but O. KLUE: 4 zero classes, O 1, 6 absent 1
    pytest.param([(0, 4, "ORG")], [(0, 4, "PROGRAM")], {"ORG": (0, 0, 4), "PROGRAM": (0, 4, 0)}, (0.0, 0.0, 0.0),
                 7 / 11, id="label-error"),
    pytest.param([(0, 4, "ORG")], [(0, 4, "ORG")], {"ORG": (4, 0, 0)}, (1.0, 1.0, 1.0), 1.0, id="exact"),
    # nothing predicted: B-ORG 0, I-ORG 0, O 2·16/(16+20), 8 absent 1
    pytest.param([(0, 4, "ORG")], [], {"ORG": (0, 0, 4)}, (None, 0.0, 0.0),
                 (32 / 36 + 8) / 11, id="no-prediction"),
]


@pytest.mark.parametrize("gold, pred, per_label, micro, klue", CHAR_CASES)
def test_char_scores(gold, pred, per_label, micro, klue):
    c = score([doc(gold)], [doc(pred)])["chars"]
    for label, (tp, fp, fn) in per_label.items():
        got = c["per_label"][label]
        assert (got["tp"], got["fp"], got["fn"]) == (tp, fp, fn), label
    assert (c["micro"]["p"], c["micro"]["r"], c["micro"]["f"]) == tuple(approx(x) for x in micro)
    assert c["klue_macro_f1"] == pytest.approx(klue)
    assert c["characters"] == 20


def test_char_macro_is_mean_over_occurring_labels():
    # ORG exact (F 1), DATE "ij kl" vs "kl" (F 2/3) → macro 5/6; micro tp 6 fp 0 fn 2 → F 12/14
    c = score([doc([(0, 4, "ORG"), (8, 13, "DATE")])], [doc([(0, 4, "ORG"), (11, 13, "DATE")])])["chars"]
    assert c["macro"]["f"] == pytest.approx((1 + 2 / 3) / 2)
    assert c["micro"]["f"] == pytest.approx(12 / 14)


def test_char_scores_pool_documents():
    # two documents, each with one matching character of two: per-document and pooled counts add up
    g = [doc([(0, 2, "ORG")], "a"), doc([(0, 2, "ORG")], "b")]
    p = [doc([(0, 1, "ORG")], "a"), doc([(1, 2, "ORG")], "b")]
    c = char_scores(pair_documents(g, p), ("ORG",))
    assert (c["per_label"]["ORG"]["tp"], c["per_label"]["ORG"]["fn"]) == (2, 2)
    assert c["characters"] == 40


@pytest.mark.parametrize("gold, pred, classes, expected", [
    (["B-X", "I-X", "O"], ["B-X", "I-X", "O"], ["B-X", "I-X", "O"], 1.0),
    (["B-X", "I-X", "O"], ["B-X", "O", "O"], ["B-X", "I-X", "O"], (1 + 0 + 2 / 3) / 3),
    (["O", "O"], ["O", "O"], ["B-X", "I-X", "O"], 1.0),          # absent classes count 1 (zero_division=1)
    (["B-X", "O"], ["O", "B-X"], ["B-X", "O"], 0.0),
])
def test_klue_char_macro_f1(gold, pred, classes, expected):
    assert klue_char_macro_f1(gold, pred, classes) == pytest.approx(expected)


# ------------------------------------------------------------------------------------------
# norms
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, equal", [
    ({"amount": 300000000, "currency": "KRW"}, {"amount": 300000000, "currency": "KRW"}, True),
    ({"amount": 300000000, "currency": "KRW"}, {"amount": 30000000, "currency": "KRW"}, False),
    ({"value": 50.6, "unit": "%", "approx": False}, {"value": 50.6 + 1e-12, "unit": "%", "approx": False}, True),
    ({"value": 50.6, "unit": "%", "approx": False}, {"value": 50.6 + 1e-6, "unit": "%", "approx": False}, False),
    ({"value": 1400, "unit": "명", "approx": True}, {"value": 1400.0, "unit": "명", "approx": True}, True),
    ({"value": 1400, "unit": "명", "approx": True}, {"value": 1400, "unit": "명", "approx": 1}, False),
    ({"value": None, "unit": "개", "approx": False}, {"value": 0, "unit": "개", "approx": False}, False),
    ({"type": "date", "value": "2021"}, {"type": "date", "value": "2021", "extra": 1}, False),
    ({"id": "강원테크노파크"}, {"id": "강원TP"}, False),
    ({"id": "x"}, None, False),
])
def test_norms_equal(a, b, equal):
    assert norms_equal(a, b) is equal


def test_norm_accuracy_on_exact_matches_only():
    money = {"amount": 300000000, "currency": "KRW"}
    gold = doc([(0, 4, "ORG", {"id": "A"}), (5, 8, "MONEY", money), (11, 15, "DATE", {"type": "date", "value": "2021"}),
                (16, 18, "METRIC", {"value": 2, "unit": "배", "approx": False}), (19, 20, "ORG")])
    pred = doc([(0, 4, "ORG", {"id": "B"}),                                   # matched, wrong norm
                (5, 8, "MONEY", {"amount": 300000000.0, "currency": "KRW"}),  # matched, right norm
                (11, 14, "DATE", {"type": "date", "value": "2021"}),          # boundary error: not counted
                (16, 18, "METRIC"),                                           # matched, no norm predicted
                (19, 20, "ORG", {"id": "C"})])                                # gold has no norm: not counted
    n = score([gold], [pred])["norm"]
    assert n["overall"] == {"matched": 3, "correct": 1, "accuracy": pytest.approx(1 / 3)}
    assert n["per_label"]["ORG"] == {"matched": 1, "correct": 0, "accuracy": 0.0}
    assert n["per_label"]["MONEY"] == {"matched": 1, "correct": 1, "accuracy": 1.0}
    assert n["per_label"]["DATE"] == {"matched": 0, "correct": 0, "accuracy": None}
    assert {(m["label"], m["text"]) for m in n["mismatches"]} == {("ORG", "abcd"), ("METRIC", "pq")}


# ------------------------------------------------------------------------------------------
# pairing, table
# ------------------------------------------------------------------------------------------
def test_missing_prediction_counts_as_empty():
    s = score([doc([(0, 4, "ORG")], "a"), doc([(0, 4, "ORG")], "b")], [doc([(0, 4, "ORG")], "a")])
    assert s["documents"] == 2
    assert (s["spans"]["micro"]["tp"], s["spans"]["micro"]["fn"]) == (1, 1)


@pytest.mark.parametrize("gold, pred, message", [
    ([doc([], "a")], [doc([], "z")], "not in the gold set"),
    ([doc([], "a")], [doc([], "a", text="other")], "text differs"),
    ([doc([], "a"), doc([], "a")], [], "duplicate gold"),
    ([doc([], "a")], [doc([], "a"), doc([], "a")], "duplicate predicted"),
])
def test_pairing_errors(gold, pred, message):
    with pytest.raises(ValueError, match=message):
        pair_documents(gold, pred)


def test_format_table_shows_scores():
    s = score([doc([(0, 4, "ORG"), (5, 8, "MONEY"), (11, 15, "DATE")])],
              [doc([(0, 4, "ORG"), (5, 9, "MONEY"), (11, 15, "DATE"), (16, 18, "METRIC")])])
    table = format_table(s)
    micro = next(line for line in table.splitlines() if line.startswith("micro"))
    assert micro.split()[1:6] == ["3", "4", "50.0", "66.7", "57.1"]
    metric = next(line for line in table.splitlines() if line.startswith("METRIC"))
    assert metric.split()[1:6] == ["0", "1", "0.0", "–", "0.0"]
    assert "KLUE character-level macro F1" in table
    assert "boundary 1" in table and "spurious 1" in table


# ------------------------------------------------------------------------------------------
# the command (with --predictions: no model needed)
# ------------------------------------------------------------------------------------------
def _files(tmp_path, gold_lines, pred_records):
    import json

    from kner.records import write_records

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(line + "\n" for line in gold_lines), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    write_records(pred, pred_records)
    return gold, pred, json


def test_cli_evaluate_predictions(tmp_path):
    from typer.testing import CliRunner

    from kner.cli import app
    from kner.records import dumps_record

    gold, pred, json = _files(tmp_path, [dumps_record(doc([(0, 4, "ORG"), (11, 15, "DATE")]))],
                              [doc([(0, 4, "ORG")])])
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--predictions", str(pred), "--output", str(out)])
    assert result.exit_code == 0, result.output
    s = json.loads(out.read_text(encoding="utf-8"))
    assert (s["spans"]["micro"]["p"], s["spans"]["micro"]["r"]) == (1.0, 0.5)
    assert next(line for line in result.stdout.splitlines() if line.startswith("micro")).split()[3:6] == [
        "100.0", "50.0", "66.7"]


@pytest.mark.parametrize("extra_args, code, message", [
    ([], 0, "gold.jsonl:2: invalid JSON"),                     # the bad line is named, the rest is scored
    (["--strict"], 1, "nothing evaluated (--strict)"),
])
def test_cli_evaluate_bad_gold_line(tmp_path, extra_args, code, message):
    from typer.testing import CliRunner

    from kner.cli import app
    from kner.records import dumps_record

    gold, pred, _ = _files(tmp_path, [dumps_record(doc([(0, 4, "ORG")])), "{oops"], [doc([(0, 4, "ORG")])])
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--predictions", str(pred), *extra_args])
    assert result.exit_code == code, result.output
    assert message in result.stderr


@pytest.mark.parametrize("args, code, message", [
    (["{missing}", "--predictions", "{pred}"], 1, "cannot read file"),
    (["{gold}", "--model", "{missing}"], 1, "no such folder"),
    (["{gold}", "--model", "x", "--predictions", "{pred}"], 2, "not both"),
    (["{gold}", "--predictions", "{other}"], 1, "not in the gold set"),
])
def test_cli_evaluate_errors(tmp_path, args, code, message):
    from typer.testing import CliRunner

    from kner.cli import app
    from kner.records import dumps_record, write_records

    gold, pred, _ = _files(tmp_path, [dumps_record(doc([(0, 4, "ORG")]))], [doc([(0, 4, "ORG")])])
    other = tmp_path / "other.jsonl"
    write_records(other, [doc([], "zz")])
    args = [a.format(missing=tmp_path / "missing", gold=gold, pred=pred, other=other) for a in args]
    result = CliRunner().invoke(app, ["evaluate", *args])
    assert result.exit_code == code, result.output
    assert message in result.output
