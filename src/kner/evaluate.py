"""Scoring predicted records against gold records (running a pipeline over them: :mod:`kner.predict`).

Everything here works on the document record of LABEL_SPEC (gold and predicted alike);
:func:`score` pairs documents by ``id`` and returns a JSON-ready dict:

``spans``
    Strict span scores: a predicted span is correct only when ``start``, ``end`` and
    ``label`` all equal a gold span's. Precision, recall and F1 per label, ``micro``
    (pooled counts) and ``macro`` (mean of the per-label F1 over the labels that occur in
    gold or prediction).

``chars``
    Character-level scores. ``klue_macro_f1`` is KLUE-NER's "character-level macro F1"
    exactly as the KLUE baseline computes it (``klue_ner_char_macro_f1`` in
    KLUE-benchmark/KLUE-baseline, ``klue_baseline/metrics/functional.py``): every
    non-whitespace character gets an IOB2 tag (``B-X`` on the first character of a span,
    ``I-X`` on the others, ``O`` outside), and the F1 of every tag class of the scheme,
    ``O`` included (the baseline passes the whole label list although its docstring says
    "except O"), is averaged, a class with neither gold nor predicted characters counting
    1.0 (``sklearn.metrics.f1_score(..., average="macro", zero_division=1)``). KLUE drops
    the space characters of its sentences; here every whitespace character is dropped
    (documents have newlines), and KLUE's two ``O`` positions for [CLS]/[SEP] are not
    added. Beside it, BIO-less character scores: each non-whitespace character carries its
    span's label or ``O``, and per label P/R/F count characters whose gold and predicted
    labels agree; ``micro`` pools the counts of the five labels (``O`` excluded) and
    ``macro`` averages their F1 over the labels that occur. These credit partial overlaps.

``norm``
    Norm accuracy on exactly matched spans (same start, end, label): the predicted
    ``norm`` dict equals the gold one, numbers compared within :data:`FLOAT_TOL`. Spans
    whose gold has no norm are not counted. Per label and overall, with examples of
    mismatches.

``errors``
    What went wrong with the spans that did not match exactly, one class per gold span:
    ``label`` (same boundaries, other label; see ``label_confusion``), ``boundary`` (an
    overlapping prediction with the same label but other boundaries), ``label_boundary``
    (only overlapping predictions with another label and other boundaries), ``missed`` (no
    overlapping prediction); and ``spurious``: predicted spans that overlap no gold span.

Undefined ratios (no predictions, or no gold spans, for a label) are ``None`` (JSON null),
never a made-up 0 or 1; an F1 with one side undefined and the other 0 is 0.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Iterable, Optional

from .predict import CHUNK_CHARS, chunk_offsets, predict_records  # noqa: F401  (public here too)
from .records import LABELS

FLOAT_TOL = 1e-9
MAX_NORM_EXAMPLES = 20


# ---------------------------------------------------------------------------------------------
# precision / recall / F1
# ---------------------------------------------------------------------------------------------

def prf(tp: int, fp: int, fn: int) -> dict:
    """Counts and precision, recall, F1 (``None`` where undefined)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    if p is None and r is None:
        f = None
    elif not p or not r:
        f = 0.0
    else:
        f = 2 * p * r / (p + r)
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def _macro(per_label: dict[str, dict]) -> dict:
    """Mean P, R, F over the labels that occur (in gold or prediction); ``None`` if none does."""
    occurring = [s for s in per_label.values() if s["tp"] + s["fp"] + s["fn"] > 0]
    out = {}
    for key in ("p", "r", "f"):
        vals = [s[key] if s[key] is not None else 0.0 for s in occurring]
        out[key] = sum(vals) / len(vals) if vals else None
    out["labels"] = len(occurring)
    return out


# ---------------------------------------------------------------------------------------------
# pairing documents
# ---------------------------------------------------------------------------------------------

def pair_documents(gold_records: Iterable[dict], pred_records: Iterable[dict]) -> list[tuple[dict, dict]]:
    """``[(gold, pred), …]`` in gold order, paired by ``id``.

    A gold document without a prediction is paired with an empty prediction. Raises
    ValueError for a predicted document that is not in the gold set, a duplicate id, or a
    prediction whose ``text`` differs from the gold text (offsets would not compare).
    """
    gold = list(gold_records)
    ids = [g["id"] for g in gold]
    dup = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dup:
        raise ValueError(f"duplicate gold document ids: {', '.join(dup[:5])}")
    preds: dict[str, dict] = {}
    for p in pred_records:
        if p["id"] in preds:
            raise ValueError(f"duplicate predicted document id: {p['id']}")
        preds[p["id"]] = p
    unknown = sorted(set(preds) - set(ids))
    if unknown:
        raise ValueError(f"predicted documents not in the gold set: {', '.join(unknown[:5])}")
    pairs = []
    for g in gold:
        p = preds.get(g["id"], {"id": g["id"], "text": g["text"], "spans": []})
        if "text" in p and p["text"] != g["text"]:
            raise ValueError(f"document {g['id']}: predicted text differs from the gold text")
        pairs.append((g, p))
    return pairs


# ---------------------------------------------------------------------------------------------
# strict spans, errors
# ---------------------------------------------------------------------------------------------

def _key(span: dict) -> tuple[int, int, str]:
    return span["start"], span["end"], span["label"]


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def span_counts(pairs: list[tuple[dict, dict]], labels: tuple[str, ...]) -> dict[str, Counter]:
    """Per label: ``tp``, ``fp``, ``fn`` of strict span matching."""
    counts = {lab: Counter() for lab in labels}
    for gold, pred in pairs:
        g = {_key(s) for s in gold.get("spans", [])}
        p = {_key(s) for s in pred.get("spans", [])}
        for k in g & p:
            counts.setdefault(k[2], Counter())["tp"] += 1
        for k in p - g:
            counts.setdefault(k[2], Counter())["fp"] += 1
        for k in g - p:
            counts.setdefault(k[2], Counter())["fn"] += 1
    return counts


def error_counts(pairs: list[tuple[dict, dict]]) -> dict:
    """Classify every unmatched gold span and every prediction overlapping no gold span."""
    kinds = Counter({"label": 0, "boundary": 0, "label_boundary": 0, "missed": 0, "spurious": 0})
    confusion: Counter = Counter()
    for gold, pred in pairs:
        g_spans, p_spans = gold.get("spans", []), pred.get("spans", [])
        p_keys = {_key(s) for s in p_spans}
        for g in g_spans:
            if _key(g) in p_keys:
                continue
            over = [p for p in p_spans if _overlaps(g, p)]
            same_bounds = [p for p in over if (p["start"], p["end"]) == (g["start"], g["end"])]
            if same_bounds:
                kinds["label"] += 1
                confusion[f"{g['label']}->{same_bounds[0]['label']}"] += 1
            elif any(p["label"] == g["label"] for p in over):
                kinds["boundary"] += 1
            elif over:
                kinds["label_boundary"] += 1
            else:
                kinds["missed"] += 1
        g_keys = {_key(s) for s in g_spans}
        for p in p_spans:
            if _key(p) not in g_keys and not any(_overlaps(p, g) for g in g_spans):
                kinds["spurious"] += 1
    out: dict[str, Any] = dict(kinds)
    out["label_confusion"] = dict(sorted(confusion.items()))
    return out


# ---------------------------------------------------------------------------------------------
# characters
# ---------------------------------------------------------------------------------------------

def char_tags(text: str, spans: Iterable[dict], *, bio: bool) -> list[str]:
    """One tag per non-whitespace character of ``text``: ``B-X``/``I-X``/``O`` (``bio``) or ``X``/``O``."""
    tags = ["O"] * len(text)
    for s in spans:
        first = True
        for i in range(s["start"], s["end"]):
            if text[i].isspace():
                continue
            tags[i] = (("B-" if first else "I-") + s["label"]) if bio else s["label"]
            first = False
    return [t for ch, t in zip(text, tags) if not ch.isspace()]


def klue_char_macro_f1(gold_tags: list[str], pred_tags: list[str], classes: Iterable[str]) -> float:
    """Macro F1 over ``classes`` of per-character tags, sklearn's ``zero_division=1`` convention.

    Per class F1 = 2·tp / (gold + predicted); a class with neither gold nor predicted
    characters counts 1.0 (KLUE-NER's ``klue_ner_char_macro_f1``; result in 0–1, not ×100).
    """
    classes = list(classes)
    tp, g, p = Counter(), Counter(gold_tags), Counter(pred_tags)
    for a, b in zip(gold_tags, pred_tags):
        if a == b:
            tp[a] += 1
    f1s = [2 * tp[c] / (g[c] + p[c]) if g[c] + p[c] else 1.0 for c in classes]
    return sum(f1s) / len(f1s) if f1s else 0.0


def char_scores(pairs: list[tuple[dict, dict]], labels: tuple[str, ...]) -> dict:
    """KLUE's character-level macro F1 and BIO-less per-label / micro / macro character scores."""
    gold_bio: list[str] = []
    pred_bio: list[str] = []
    counts = {lab: Counter() for lab in labels}
    for gold, pred in pairs:
        text = gold["text"]
        gold_bio += char_tags(text, gold.get("spans", []), bio=True)
        pred_bio += char_tags(text, pred.get("spans", []), bio=True)
        g_plain = char_tags(text, gold.get("spans", []), bio=False)
        p_plain = char_tags(text, pred.get("spans", []), bio=False)
        for a, b in zip(g_plain, p_plain):
            if a == b:
                if a != "O":
                    counts.setdefault(a, Counter())["tp"] += 1
                continue
            if b != "O":
                counts.setdefault(b, Counter())["fp"] += 1
            if a != "O":
                counts.setdefault(a, Counter())["fn"] += 1
    classes = [f"{bi}-{lab}" for lab in labels for bi in ("B", "I")] + ["O"]
    per_label = {lab: prf(c["tp"], c["fp"], c["fn"]) for lab, c in counts.items()}
    total = Counter()
    for c in counts.values():
        total.update(c)
    return {
        "klue_macro_f1": klue_char_macro_f1(gold_bio, pred_bio, classes),
        "characters": len(gold_bio),
        "micro": prf(total["tp"], total["fp"], total["fn"]),
        "macro": _macro(per_label),
        "per_label": per_label,
    }


# ---------------------------------------------------------------------------------------------
# norms
# ---------------------------------------------------------------------------------------------

def norms_equal(a: Any, b: Any, tol: float = FLOAT_TOL) -> bool:
    """Deep equality of norm values; numbers (not booleans) compare within ``tol``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=0.0, abs_tol=tol)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(norms_equal(a[k], b[k], tol) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(norms_equal(x, y, tol) for x, y in zip(a, b))
    return a == b


def norm_scores(pairs: list[tuple[dict, dict]], labels: tuple[str, ...]) -> dict:
    """Norm accuracy on exactly matched spans whose gold span has a norm."""
    matched, correct = Counter(), Counter()
    examples = []
    for gold, pred in pairs:
        pred_by_key = {_key(s): s for s in pred.get("spans", [])}
        for g in gold.get("spans", []):
            p = pred_by_key.get(_key(g))
            if p is None or g.get("norm") is None:
                continue
            matched[g["label"]] += 1
            if norms_equal(g["norm"], p.get("norm")):
                correct[g["label"]] += 1
            elif len(examples) < MAX_NORM_EXAMPLES:
                examples.append({"doc": gold["id"], "label": g["label"], "text": gold["text"][g["start"]:g["end"]],
                                 "gold": g["norm"], "pred": p.get("norm")})

    def acc(m: int, c: int) -> dict:
        return {"matched": m, "correct": c, "accuracy": c / m if m else None}

    per_label = {lab: acc(matched[lab], correct[lab]) for lab in sorted(set(labels) | set(matched), key=_label_order)}
    return {"overall": acc(sum(matched.values()), sum(correct.values())), "per_label": per_label,
            "mismatches": examples}


def _label_order(label: str) -> tuple[int, str]:
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


# ---------------------------------------------------------------------------------------------
# the score
# ---------------------------------------------------------------------------------------------

def score(gold_records: Iterable[dict], pred_records: Iterable[dict], labels: tuple[str, ...] = LABELS) -> dict:
    """Strict span P/R/F, character-level F1, norm accuracy and error counts (module docstring)."""
    pairs = pair_documents(gold_records, pred_records)
    counts = span_counts(pairs, labels)
    per_label = {lab: prf(c["tp"], c["fp"], c["fn"]) for lab, c in sorted(counts.items(), key=lambda kv: _label_order(kv[0]))}
    total = Counter()
    for c in counts.values():
        total.update(c)
    return {
        "documents": len(pairs),
        "gold_spans": sum(len(g.get("spans", [])) for g, _ in pairs),
        "pred_spans": sum(len(p.get("spans", [])) for _, p in pairs),
        "spans": {"micro": prf(total["tp"], total["fp"], total["fn"]), "macro": _macro(per_label),
                  "per_label": per_label},
        "chars": char_scores(pairs, labels),
        "norm": norm_scores(pairs, labels),
        "errors": error_counts(pairs),
    }


def _pct(x: Optional[float]) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def format_table(scores: dict) -> str:
    """A readable plain-text table of :func:`score`'s result (percentages)."""
    spans, chars, norm, err = scores["spans"], scores["chars"], scores["norm"], scores["errors"]
    head = f"{'label':<8} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F':>6} {'charF':>6} {'norm':>11}"
    lines = [f"{scores['documents']} documents, {scores['gold_spans']} gold spans, {scores['pred_spans']} predicted",
             "", head, "-" * len(head)]

    def row(name: str, s: dict, c: Optional[dict], n: Optional[dict]) -> str:
        gold, pred = s.get("tp", 0) + s.get("fn", 0), s.get("tp", 0) + s.get("fp", 0)
        normtxt = "" if n is None else f"{_pct(n['accuracy'])} ({n['correct']}/{n['matched']})"
        return (f"{name:<8} {gold:>5} {pred:>5} {_pct(s['p']):>6} {_pct(s['r']):>6} {_pct(s['f']):>6} "
                f"{_pct(c['f'] if c else None):>6} {normtxt:>11}")

    for lab, s in spans["per_label"].items():
        lines.append(row(lab, s, chars["per_label"].get(lab), norm["per_label"].get(lab)))
    lines.append("-" * len(head))
    lines.append(row("micro", spans["micro"], chars["micro"], norm["overall"]))
    macro = spans["macro"]
    lines.append(f"{'macro':<8} {'':>5} {'':>5} {_pct(macro['p']):>6} {_pct(macro['r']):>6} {_pct(macro['f']):>6} "
                 f"{_pct(chars['macro']['f']):>6}")
    lines.append("")
    lines.append(f"KLUE character-level macro F1: {_pct(chars['klue_macro_f1'])}")
    conf = ", ".join(f"{k} {v}" for k, v in err["label_confusion"].items())
    lines.append(f"errors: boundary {err['boundary']}, label {err['label']}, label+boundary {err['label_boundary']}, "
                 f"missed {err['missed']}, spurious {err['spurious']}" + (f" (labels: {conf})" if conf else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# running a pipeline over records: kner.predict (re-exported here)
# ---------------------------------------------------------------------------------------------

def ensure_normalizer(nlp) -> bool:
    """Add ``kner_normalizer`` at the end of ``nlp`` unless it has one; True if it was added."""
    if "kner_normalizer" in nlp.pipe_names:
        return False
    from .normalize import component  # noqa: F401  (registers the factory)

    nlp.add_pipe("kner_normalizer", last=True)
    return True
