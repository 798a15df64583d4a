"""scripts/bench_pipelines.py: end-to-end throughput (1 and 2 processes) and ``--speed-only`` re-timing."""

from __future__ import annotations

import json

import pytest

from kner.bench.report import replace_section

TEXTS = ["2024년 3월 5일 강원지역산업진흥원은 바이오 기업에 5억 원을 지원한다고 밝혔다.",
         "매출은 전년 대비 12.5% 증가했다."] * 10


@pytest.fixture(scope="module")
def script(load_script):
    return load_script("bench_pipelines")


@pytest.mark.parametrize("row, cell", [
    ({"chars_per_s": 12057.4, "chars_per_s_2": 27000.0}, "12,057 / 27,000"),
    ({"chars_per_s": 12057.4}, "12,057 / –"),                 # measured before the 2-process figure existed
])
def test_speed_cell(script, row, cell):
    assert script._speed_cell(row) == cell


def test_throughput_measures_one_and_two_processes(script):
    from kner.extract import rules_pipeline

    out = script._throughput(rules_pipeline(), TEXTS, repeats=1)
    assert set(out) == {"chars_per_s", "chars_per_s_2"} and all(v > 0 for v in out.values())


def test_speed_only_retimes_every_row_and_notes_it(script, tmp_path):
    """``--speed-only`` replaces each saved row's chars/s (and only them) and says when it was done."""
    scores = {"spans": {"micro": {"p": 1.0, "r": 1.0, "f": 1.0}, "per_label": {}},
              "norm": {"overall": {"accuracy": 1.0, "correct": 1, "matched": 1}}}
    row = {"cv": scores, "konec": scores, "chars_per_s": 1.0, "model_bytes": None, "train_seconds": None}
    meta = {"command": "python scripts/bench_pipelines.py", "date": "2026-01-01", "machine": "x", "folds": 4,
            "max_steps": 1, "eval_frequency": 1, "supplement": 1, "augmented": 1, "fold1_held_out": ["d"],
            "chars": 10}
    (tmp_path / "pipelines.json").write_text(json.dumps({"meta": meta, "results": {"rules": {"rules": row}}}),
                                             encoding="utf-8")
    md = tmp_path / "benchmarks.md"
    md.write_text("# B\n", encoding="utf-8")
    replace_section(md, "pipelines", script.render({"rules": {"rules": row}}, meta))
    assert "| 1 / – |" in md.read_text(encoding="utf-8")
    script._retime(md, tmp_path, texts=TEXTS)
    saved = json.loads((tmp_path / "pipelines.json").read_text(encoding="utf-8"))
    new = saved["results"]["rules"]["rules"]
    assert new["chars_per_s"] > 1.0 and new["chars_per_s_2"] > 1.0
    assert new["cv"] == scores and saved["meta"]["retimed"]["date"]
    text = md.read_text(encoding="utf-8")
    assert "| 1 / – |" not in text and "re-timed with" in text


# ------------------------------------------------------------------------------ KoNEC, two gold files
KONEC_TEXTS = ["약 5억 원 지원 , 오후 3시 회의", "한국은행 발표 , 5명 참석"]


def _span(text, part, label, start=0):
    i = text.index(part, start)
    return {"start": i, "end": i + len(part), "label": label}


def _gold(spans_per_text):
    return [{"id": f"konec-{i}", "text": t, "meta": {"source": "konec", "date": None, "norms": False},
             "spans": spans} for i, (t, spans) in enumerate(zip(KONEC_TEXTS, spans_per_text))]


T1, T2 = KONEC_TEXTS
BOTH = [_span(T2, "한국은행", "ORG"), _span(T2, "발표", "PROGRAM"), _span(T2, "5명", "METRIC")]
#: NIKL boundaries: 약 inside the MONEY span, no clock time; spec: 약 cut off, 오후 3시 a DATE
GOLDS = {"konec": _gold([[_span(T1, "약 5억 원", "MONEY")], BOTH]),
         "konec_spec": _gold([[_span(T1, "5억 원", "MONEY"), _span(T1, "오후 3시", "DATE")], BOTH])}
#: what the fake pipeline finds (no METRIC): right on spec boundaries, wrong on NIKL ones
PATTERNS = [{"label": "MONEY", "pattern": "5억 원"}, {"label": "DATE", "pattern": "오후 3시"},
            {"label": "ORG", "pattern": "한국은행"}]
#: micro (tp, fp, fn) per gold file; PROGRAM spans are dropped from gold and predictions
EXPECTED = {"konec": (1, 2, 2), "konec_spec": (3, 0, 1)}

SEEN: list = []


def _seen(doc):
    SEEN.append(doc.text)
    return doc


def _ruler_pipeline():
    """A tiny real pipeline: spaCy's multi-language tokenizer + an entity ruler with :data:`PATTERNS`."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    return nlp


def _micro(scores):
    m = scores["spans"]["micro"]
    return m["tp"], m["fp"], m["fn"]


def test_konec_is_predicted_once_and_scored_on_both_files(script):
    from spacy.language import Language

    if not Language.has_factory("test_bench_seen"):
        Language.component("test_bench_seen", func=_seen)
    nlp = _ruler_pipeline()
    nlp.add_pipe("test_bench_seen")
    SEEN.clear()
    out = script._konec_scores(nlp, GOLDS)
    assert SEEN == KONEC_TEXTS                                      # one pass over the texts for both files
    assert {key: _micro(s) for key, s in out.items()} == EXPECTED
    spec = out["konec_spec"]["spans"]["per_label"]
    assert (spec["MONEY"]["f"], spec["DATE"]["f"], spec["METRIC"]["f"]) == (1.0, 1.0, 0.0)
    assert "PROGRAM" not in spec                                     # PROGRAM dropped: 1 + 2 and 2 + 2 kept
    assert (out["konec"]["gold_spans"], out["konec_spec"]["gold_spans"]) == (3, 4)


@pytest.mark.parametrize("change, message", [
    (lambda recs: recs[:1], "has 2 documents, konec_spec has 1"),
    (lambda recs: [{**recs[0], "id": "other"}, recs[1]], "another id"),
    (lambda recs: [recs[0], {**recs[1], "text": recs[1]["text"] + "."}], "another text"),
    (lambda recs: recs[::-1], "another id"),
])
def test_konec_gold_files_must_hold_the_same_documents(script, change, message):
    golds = {"konec": GOLDS["konec"], "konec_spec": change(GOLDS["konec_spec"])}
    with pytest.raises(ValueError, match=message):
        script._konec_scores(_ruler_pipeline(), golds)


def test_the_konec_files_are_the_ones_of_the_corpus(script):
    assert list(script.KONEC_FILES) == ["konec", "konec_spec"]
    assert [p.name for p in script.KONEC_FILES.values()] == ["konec-dev.jsonl", "konec-dev-spec.jsonl"]
    assert all(p.exists() for p in script.KONEC_FILES.values())


def _scores(f, tp=1):
    return {"spans": {"micro": {"p": f, "r": f, "f": f, "tp": tp, "fp": 0, "fn": 0},
                      "per_label": {"ORG": {"f": f}, "DATE": {"f": f / 2}}},
            "norm": {"overall": {"accuracy": 1.0, "correct": 1, "matched": 1}}}


META = {"command": "python scripts/bench_pipelines.py", "date": "2026-01-01", "machine": "x", "folds": 4,
        "max_steps": 1, "eval_frequency": 1, "supplement": 1, "augmented": 1, "fold1_held_out": ["d"], "chars": 10}


def _table(text):
    """Header cells and body rows (cells) of the first Markdown table of ``text``."""
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in text.splitlines() if ln.startswith("|")]
    return rows[0], rows[2:]


def _cell(header, row, column, nth=0):
    return row[[i for i, h in enumerate(header) if h == column][nth]]


@pytest.mark.parametrize("render_name, first_key, group, variants", [
    ("render", "cv", "full", ("model", "fill")),
    ("render_split", "test", "cnn", ("model", "rules_first_gaps")),
])
def test_tables_show_both_konec_files_and_dash_where_not_scored(script, render_name, first_key, group, variants):
    """A row scored on both files has both column groups; an old row (NIKL file only) has – on the spec file."""
    old = {first_key: _scores(0.9), "konec": _scores(0.4), "chars_per_s": 1.0, "model_bytes": 1e6,
           "train_seconds": None, "folds": [{"train_documents": 3}]}
    new = {**old, "konec_spec": _scores(0.6)}
    text = getattr(script, render_name)({group: dict(zip(variants, (old, new)))}, META)
    header, body = _table(text)
    n = 1 + len(script.KONEC_LABELS)
    nikl, spec = header.index("KoNEC micro F1"), header.index("KoNEC spec micro F1")
    assert spec == nikl + n and header[spec + 1:spec + n] == list(script.KONEC_LABELS)
    assert all(len(row) == len(header) for row in body)
    old_row, new_row = body[:2]
    assert old_row[nikl:spec + n] == ["0.400", "0.400", "0.200", "–", "–"] + ["–"] * n
    assert new_row[nikl:spec + n] == ["0.400", "0.400", "0.200", "–", "–", "0.600", "0.600", "0.300", "–", "–"]
    assert "konec-dev-spec.jsonl" in text and "corpus/external/konec/README.md" in text
    assert "re-scored" not in text                                   # no --konec-only run noted


def test_the_transformer_note_row_spans_the_whole_table(script):
    text = script.render({"rules": {"rules": {"cv": _scores(0.9), "konec": _scores(0.4), "chars_per_s": 1.0}}}, META)
    header, body = _table(text)
    assert body[-1][0].startswith("transformer") and len(body[-1]) == len(header)


def test_konec_only_rescores_the_konec_columns_of_saved_rows(script, tmp_path):
    """``--konec-only`` re-predicts KoNEC with each saved row's pipeline (rules pipeline, a saved fold-1
    model, a split model) and replaces both KoNEC scores; the other figures stay and the notes say so."""
    model = tmp_path / "fold-0" / "model" / "model-best"
    model.parent.mkdir(parents=True)
    _ruler_pipeline().to_disk(model)
    stale = _scores(0.1)
    rules_row = {"cv": _scores(0.9), "konec": stale, "chars_per_s": 5.0, "model_bytes": None, "train_seconds": None}
    model_row = {"cv": _scores(0.8), "konec": stale, "chars_per_s": 7.0, "model_bytes": 1e6, "train_seconds": [1.0],
                 "folds": [{"model": str(model), "train_documents": 3}]}
    split_row = {"test": _scores(0.7), "konec": stale, "konec_spec": stale, "chars_per_s": 9.0, "model_bytes": 1e6,
                 "model": str(model)}
    (tmp_path / "pipelines.json").write_text(json.dumps(
        {"meta": META, "results": {"rules": {"rules": rules_row}, "full": {"model": model_row}}}), encoding="utf-8")
    (tmp_path / "split.json").write_text(json.dumps(
        {"meta": {k: META[k] for k in ("command", "date", "machine")}, "results": {"cnn": {"model": split_row}}}),
        encoding="utf-8")
    md = tmp_path / "benchmarks.md"
    md.write_text("# B\n", encoding="utf-8")
    script._rescore_konec(md, tmp_path, golds=GOLDS)
    pipelines = json.loads((tmp_path / "pipelines.json").read_text(encoding="utf-8"))
    split = json.loads((tmp_path / "split.json").read_text(encoding="utf-8"))
    rules, full = pipelines["results"]["rules"]["rules"], pipelines["results"]["full"]["model"]
    cnn = split["results"]["cnn"]["model"]
    for row in (full, cnn):                                         # the saved ruler model, re-loaded
        assert {key: _micro(row[key]) for key in GOLDS} == EXPECTED
    assert rules["konec"] != stale and rules["konec_spec"]["documents"] == len(KONEC_TEXTS)
    assert (rules["cv"], full["cv"], cnn["test"]) == (_scores(0.9), _scores(0.8), _scores(0.7))
    assert (rules["chars_per_s"], full["chars_per_s"], cnn["chars_per_s"]) == (5.0, 7.0, 9.0)
    assert pipelines["meta"]["konec_rescored"]["date"] and split["meta"]["konec_rescored"]["date"]
    text = md.read_text(encoding="utf-8")
    assert text.count("KoNEC columns (both files) of every row re-scored with") == 2     # both sections
    assert "| 0.600 |" not in text and f"| {full['konec_spec']['spans']['micro']['f']:.3f} |" in text


def test_a_saved_row_whose_model_is_gone_fails_loudly(script, tmp_path):
    row = {"cv": _scores(0.8), "konec": _scores(0.1), "chars_per_s": 7.0,
           "folds": [{"model": str(tmp_path / "gone"), "train_documents": 3}]}
    (tmp_path / "pipelines.json").write_text(json.dumps({"meta": META, "results": {"full": {"model": row}}}),
                                             encoding="utf-8")
    with pytest.raises(SystemExit, match="gone"):
        script._rescore_konec(tmp_path / "b.md", tmp_path, golds=GOLDS)
