"""kner.extract and ``kner extract``: inputs, bad input, pipelines, writers, exit codes."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from typer.testing import CliRunner

from kner import extract as ex
from kner.cli import app
from kner.evaluate import ensure_normalizer
from kner.records import check_record

TEXT = "중소벤처기업부는 지난해 인천에 3억원을 지원했다."
PATTERNS = [{"label": "ORG", "pattern": "중소벤처기업부"}, {"label": "DATE", "pattern": "지난해"},
            {"label": "MONEY", "pattern": "3억원"}]


def toy_pipeline(nlp):
    """kner.blank() (sharing the session pipeline's vocab and loaded Kiwi) + entity_ruler + kner_normalizer."""
    import spacy

    toy = spacy.blank("ko", vocab=nlp.vocab, config={"nlp": {"tokenizer": {"@tokenizers": "kner.KiwiTokenizer.v1"}}})
    toy.tokenizer = nlp.tokenizer
    toy.add_pipe("entity_ruler").add_patterns(PATTERNS)
    toy.add_pipe("kner_normalizer")
    return toy


@pytest.fixture(scope="module")
def toy_nlp(nlp):
    return toy_pipeline(nlp)


@pytest.fixture(scope="module")
def toy_model(toy_nlp, tmp_path_factory):
    """The toy pipeline saved to disk."""
    path = tmp_path_factory.mktemp("toy") / "model"
    toy_nlp.to_disk(path)
    return path


def write(path, content, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def jsonl(*objs):
    return "".join((o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs)


# ------------------------------------------------------------------------------------------
# reading inputs
# ------------------------------------------------------------------------------------------
def test_read_txt_and_jsonl(tmp_path):
    txt = write(tmp_path / "press.txt", TEXT)
    js = write(tmp_path / "more.jsonl", jsonl({"id": "x1", "text": "하나", "meta": {"date": "2020-01-02"}},
                                              {"text": "둘"}))
    read = ex.read_inputs([txt, js])
    assert read.problems == []
    assert [r["id"] for r in read.records] == ["press", "x1", "more-2"]
    assert [r["meta"]["date"] for r in read.records] == [None, "2020-01-02", None]
    assert read.records[1]["meta"]["date_from"] == "input"
    assert all(r["spans"] == [] for r in read.records)


def test_date_option_and_dateline(tmp_path):
    dated = write(tmp_path / "dated.txt", "기사등록 2021-02-06 11:07:46\n" + TEXT)
    plain = write(tmp_path / "plain.txt", TEXT)
    read = ex.read_inputs([dated, plain])
    assert [(r["meta"]["date"], r["meta"]["date_from"]) for r in read.records] == [
        ("2021-02-06", "dateline"), (None, None)]
    read = ex.read_inputs([dated, plain], date="2022-02-23")
    assert [(r["meta"]["date"], r["meta"]["date_from"]) for r in read.records] == [
        ("2022-02-23", "option"), ("2022-02-23", "option")]


BAD_LINES = [
    ("{not json", "invalid JSON"),
    ('["a list"]', "must be a JSON object"),
    ('{"id": "n"}', "no string 'text'"),
    ('{"text": 5}', "no string 'text'"),
]


@pytest.mark.parametrize("bad, message", BAD_LINES)
def test_bad_jsonl_line_is_named_and_others_are_kept(tmp_path, bad, message):
    path = write(tmp_path / "in.jsonl", jsonl({"id": "a", "text": "첫째"}, bad, {"id": "c", "text": "셋째"}))
    read = ex.read_inputs([path])
    assert [r["id"] for r in read.records] == ["a", "c"]
    assert len(read.problems) == 1
    problem = read.problems[0]
    assert (problem.path, problem.line) == (str(path), 2)
    assert message in problem.message
    assert problem.describe().startswith(f"{path}:2: ")


def test_bad_meta_date_keeps_the_document(tmp_path):
    path = write(tmp_path / "in.jsonl", jsonl({"id": "a", "text": "글", "meta": {"date": "23/02/2022"}}))
    read = ex.read_inputs([path])
    assert [r["id"] for r in read.records] == ["a"] and read.records[0]["meta"]["date"] is None
    assert read.problems[0].line == 1 and "YYYY-MM-DD" in read.problems[0].message


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "cannot read file"),
    ("latin1.txt", "café".encode("latin-1"), "not UTF-8"),
    ("notes.docx", b"PK\x03\x04", "not a .txt or .jsonl"),
])
def test_unreadable_files(tmp_path, name, content, message):
    good = write(tmp_path / "good.txt", TEXT)
    bad = tmp_path / name if content is None else write(tmp_path / name, content)
    read = ex.read_inputs([bad, good])
    assert [r["id"] for r in read.records] == ["good"]
    assert len(read.problems) == 1 and message in read.problems[0].message
    assert read.problems[0].path == str(bad)


def test_folders_are_expanded(tmp_path):
    write(tmp_path / "in" / "b.txt", "나")
    write(tmp_path / "in" / "a.txt", "가")
    write(tmp_path / "in" / "sub" / "c.jsonl", jsonl({"id": "c", "text": "다"}))
    write(tmp_path / "in" / "skip.md", "x")
    assert [r["id"] for r in ex.read_inputs([tmp_path / "in"]).records] == ["a", "b", "c"]


def test_nfc_is_applied_and_counted(tmp_path):
    nfd = unicodedata.normalize("NFD", TEXT)
    assert nfd != TEXT
    path = write(tmp_path / "in.jsonl", jsonl({"id": "nfd", "text": nfd}, {"id": "nfc", "text": TEXT}))
    read = ex.read_inputs([path])
    assert read.nfc_changed == 1
    assert [r["text"] for r in read.records] == [TEXT, TEXT]
    assert read.records[0]["meta"]["nfc_changed"] is True and "nfc_changed" not in read.records[1]["meta"]


def test_empty_texts_and_duplicate_ids(tmp_path):
    path = write(tmp_path / "in.jsonl", jsonl({"id": "a", "text": ""}, {"id": "a", "text": "  \n"}))
    read = ex.read_inputs([path])
    assert read.empty == 2
    assert [r["id"] for r in read.records] == ["a", "a#2"]


# ------------------------------------------------------------------------------------------
# extraction and writers
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def extracted(toy_nlp):
    nfd = unicodedata.normalize("NFD", "인천시는 " + TEXT)
    recs = [{"id": "a", "text": TEXT, "meta": {"date": "2022-02-23"}},
            {"id": "nfd", "text": nfd, "meta": {}},
            {"id": "empty", "text": "", "meta": {}}]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "in.jsonl", jsonl(*recs))
        read = ex.read_inputs([path])
    return ex.extract(toy_nlp, read.records)


def test_extract_records(extracted):
    a, nfd, empty = extracted
    for rec in extracted:
        check_record(rec)                       # spans with text: the text matches the offsets
    assert [(s["label"], s["text"]) for s in a["spans"]] == [("ORG", "중소벤처기업부"), ("DATE", "지난해"),
                                                            ("MONEY", "3억원")]
    assert a["spans"][1]["norm"] == {"type": "date", "value": "2021"}
    assert nfd["text"] == unicodedata.normalize("NFC", nfd["text"])
    assert [s["text"] for s in nfd["spans"]] == ["중소벤처기업부", "지난해", "3억원"]
    assert nfd["spans"][0]["start"] == len("인천시는 ")          # offsets refer to the NFC text
    assert empty["spans"] == []


def test_jsonl_writer(extracted):
    lines = ex.to_jsonl(extracted).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "nfd", "empty"]
    assert json.loads(lines[0]) == extracted[0]


def test_csv_writer(extracted):
    rows = list(csv.DictReader(io.StringIO(ex.to_csv(extracted))))
    assert tuple(rows[0]) == ex.CSV_COLUMNS
    assert len(rows) == 6
    money = next(r for r in rows if r["doc_id"] == "a" and r["label"] == "MONEY")
    assert (money["text"], money["value"], money["unit"]) == ("3억원", "300000000", "KRW")
    assert json.loads(money["norm"]) == {"amount": 300000000, "currency": "KRW"}
    org = next(r for r in rows if r["label"] == "ORG")
    assert (org["value"], org["unit"]) == ("중소벤처기업부", "")


def test_html_writer(extracted):
    page = ex.to_html(extracted)
    assert page.lstrip().lower().startswith("<!doctype html>") or "<html" in page
    assert page.count('<mark class="entity"') == 6
    assert "3억원" in page and "300000000 KRW" in page
    assert 'title="{&quot;amount&quot;: 300000000, &quot;currency&quot;: &quot;KRW&quot;}"' in page
    assert ex.COLORS["MONEY"] in page


@pytest.mark.parametrize("label, norm, shown", [
    ("MONEY", {"amount": 300000000, "currency": "KRW"}, "300000000 KRW"),
    ("MONEY", {"amount": None, "currency": "KRW"}, ""),
    ("METRIC", {"value": 1400, "unit": "명", "approx": True}, "≈1400명"),
    ("METRIC", {"value": 50.6, "unit": "%", "approx": False}, "50.6%"),
    ("METRIC", {"value": None, "unit": "개", "approx": False}, "개"),
    ("DATE", {"type": "date", "value": "2021"}, "2021"),
    ("DATE", {"type": "duration", "value": "P2Y"}, "P2Y (duration)"),
    ("ORG", {"id": "강원테크노파크"}, "강원테크노파크"),
    ("PROGRAM", None, ""),
])
def test_display_value(label, norm, shown):
    assert ex.display_value({"start": 0, "end": 1, "label": label, "norm": norm}) == shown


def test_write_outputs_atomic(tmp_path, extracted):
    out = tmp_path / "out"
    write(out / "entities.jsonl", "old content\n")
    paths = ex.write_outputs(extracted, out, ["jsonl", "csv", "html"])
    assert [p.name for p in paths] == ["entities.jsonl", "entities.csv", "entities.html"]
    assert sorted(p.name for p in out.iterdir()) == ["entities.csv", "entities.html", "entities.jsonl"]
    assert (out / "entities.jsonl").read_text(encoding="utf-8") == ex.to_jsonl(extracted)
    with pytest.raises(ValueError, match="unknown output format"):
        ex.write_outputs(extracted, out, ["xml"])


def test_huge_text_is_processed_in_chunks():
    """A 1 MB document (more than spaCy's default max_length) keeps every entity at its offset."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "MONEY", "pattern": "5억원"}])
    ensure_normalizer(nlp)
    para = "sentence with 5억원 in it and some filler words here.\n"
    text = para * (1_050_000 // len(para))
    assert len(text) > 1_000_000 and len(text) > nlp.max_length
    [rec] = ex.extract(nlp, [{"id": "big", "text": text, "meta": {"date": None}}])
    assert len(rec["spans"]) == text.count("5억원")
    assert all(text[s["start"]:s["end"]] == "5억원" and s["norm"]["amount"] == 500000000 for s in rec["spans"])


@pytest.mark.slow
def test_huge_text_with_kiwi(toy_nlp):
    text = (TEXT + "\n") * (1_000_000 // len((TEXT + "\n").encode()) + 1)
    assert len(text.encode()) > 1_000_000
    [rec] = ex.extract(toy_nlp, [{"id": "big", "text": text, "meta": {"date": "2022-02-23"}}])
    assert len(rec["spans"]) == 3 * text.count(TEXT)


# ------------------------------------------------------------------------------------------
# pipelines
# ------------------------------------------------------------------------------------------
def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ex.ModelNotFound, match="no such folder and no such installed package"):
        ex.resolve_pipeline(str(tmp_path / "nope"))


def test_no_pipeline_anywhere_names_the_command(tmp_path):
    with pytest.raises(ex.ModelNotFound) as info:
        ex.resolve_pipeline(roots=[tmp_path], packages=(), allow_rules=False)
    assert "kner train cnn" in str(info.value) and "--model" in str(info.value)


def fake_trained(root, name, pipeline, mtime, ents_f=None, model_ents_f=None):
    import os

    best = root / "training" / name / "model-best"
    write(best / "config.cfg", "[nlp]\n")
    perf = {k: v for k, v in (("ents_f", ents_f), ("model_ents_f", model_ents_f)) if v is not None}
    meta = {"pipeline": pipeline, **({"performance": perf} if perf else {})}
    write(best / "meta.json", json.dumps(meta))
    os.utime(best / "config.cfg", (mtime, mtime))
    return best


def test_trained_pipelines_order(tmp_path):
    """The higher dev F1 first, then transformer before CNN, then the newer."""
    cnn_new = fake_trained(tmp_path, "cnn", ["tok2vec", "ner"], 2_000_000_000)
    trf = fake_trained(tmp_path, "trf", ["transformer", "ner"], 1_000_000_000, ents_f=0.5)
    cnn_old = fake_trained(tmp_path, "cnn-old", ["tok2vec", "ner"], 1_500_000_000)
    cnn_good = fake_trained(tmp_path, "cnn-good", ["tok2vec", "ner"], 1_200_000_000, ents_f=0.8)
    cnn_early = fake_trained(tmp_path, "cnn-early", ["tok2vec", "ner"], 2_050_000_000, ents_f=0.1)
    write(tmp_path / "training" / "broken" / "model-best" / "meta.json", "{}")  # no config: not a pipeline
    fake_trained(tmp_path / "training" / "crossval" / "fold-0", "model", ["tok2vec", "ner"], 2_100_000_000)
    trf_tie = fake_trained(tmp_path, "trf-tie", ["transformer", "ner"], 900_000_000, ents_f=0.8)
    assert ex.find_trained([tmp_path]) == [trf_tie, cnn_good, trf, cnn_early, cnn_new, cnn_old]


def test_trained_pipelines_ranked_by_the_model_alone(tmp_path):
    """With kner_rules in the pipeline, ents_f is mostly the rules' score: a barely trained
    model must not win on it."""
    early = fake_trained(tmp_path, "trf", ["transformer", "ner", "kner_rules"], 2_000_000_000,
                         ents_f=0.95, model_ents_f=0.0)
    good = fake_trained(tmp_path, "cnn", ["tok2vec", "ner", "kner_rules"], 1_000_000_000,
                        ents_f=0.90, model_ents_f=0.7)
    assert ex.find_trained([tmp_path]) == [good, early]


def test_ensure_normalizer():
    import spacy

    nlp = spacy.blank("xx")
    assert ensure_normalizer(nlp) is True and nlp.pipe_names == ["kner_normalizer"]
    assert ensure_normalizer(nlp) is False and nlp.pipe_names == ["kner_normalizer"]


def test_rules_fallback_matches_availability():
    available = ex.rules_available()
    try:
        import kner.rules  # noqa: F401
    except ImportError:
        assert available is False
    else:
        from spacy.language import Language

        assert available is Language.has_factory("kner_rules")


# ------------------------------------------------------------------------------------------
# the command
# ------------------------------------------------------------------------------------------
runner = CliRunner()


def test_cli_extract(tmp_path, toy_model):
    txt = write(tmp_path / "press.txt", TEXT)
    nfd = write(tmp_path / "more.jsonl", jsonl({"id": "nfd", "text": unicodedata.normalize("NFD", TEXT),
                                                "meta": {"date": "2019-05-01"}},
                                               "{broken",
                                               {"id": "empty", "text": ""}))
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", "--model", str(toy_model), str(txt), str(nfd),
                                 "--output-dir", str(out), "--date", "2022-02-23"])
    assert result.exit_code == 0, result.output
    assert f"{nfd}:2: invalid JSON" in result.stderr
    assert "1 text(s) were not in Unicode NFC" in result.stderr
    assert "1 empty text(s)" in result.stderr
    assert "중소벤처기업부" in result.stdout and "300000000 KRW" in result.stdout
    records = [json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["press", "nfd", "empty"]
    dates = [next(s for s in r["spans"] if s["label"] == "DATE")["norm"]["value"] for r in records[:2]]
    assert dates == ["2021", "2018"]                      # --date for the .txt, meta.date for the JSONL line
    assert (out / "entities.csv").exists() and (out / "entities.html").exists()


def test_cli_strict_processes_nothing(tmp_path):
    path = write(tmp_path / "in.jsonl", jsonl({"id": "a", "text": TEXT}, "{broken"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", "--model", str(tmp_path / "no-model"), str(path),
                                 "--output-dir", str(out), "--strict"])
    assert result.exit_code == 1
    assert f"{path}:2: invalid JSON" in result.stderr and "nothing processed (--strict)" in result.stderr
    assert not out.exists()


def test_cli_nothing_readable(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), "--output-dir", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "cannot read file" in result.stderr and "no document could be read" in result.stderr


def test_cli_missing_model(tmp_path):
    path = write(tmp_path / "a.txt", TEXT)
    result = runner.invoke(app, ["extract", "--model", str(tmp_path / "no-model"), str(path),
                                 "--output-dir", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "no such folder" in result.stderr and "kner train cnn" in result.stderr


@pytest.mark.parametrize("args", [
    ["--format", "xml"],
    ["--date", "2022/02/23"],
    ["--show", "-1"],
])
def test_cli_usage_errors(tmp_path, args):
    path = write(tmp_path / "a.txt", TEXT)
    result = runner.invoke(app, ["extract", str(path), "--output-dir", str(tmp_path / "o"), *args])
    assert result.exit_code == 2


def test_cli_usage_missing_arguments(tmp_path):
    assert runner.invoke(app, ["extract", "--output-dir", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt")]).exit_code == 2


# (every command's help shows an example: tests/cli/test_help.py)


def test_cli_evaluate_with_model(tmp_path, toy_model):
    gold = {"id": "g", "text": TEXT, "meta": {"date": "2022-02-23", "source": "t"},
            "spans": [{"start": 0, "end": 7, "label": "ORG", "norm": {"id": "중소벤처기업부"}},
                      {"start": 9, "end": 12, "label": "DATE", "norm": {"type": "date", "value": "2020"}}]}
    path = write(tmp_path / "gold.jsonl", jsonl(gold))
    scores = tmp_path / "scores.json"
    result = runner.invoke(app, ["evaluate", "--model", str(toy_model), str(path), "--output", str(scores)])
    assert result.exit_code == 0, result.output
    s = json.loads(scores.read_text(encoding="utf-8"))
    # predicted ORG, DATE, MONEY; gold ORG, DATE → P 2/3, R 1; the DATE norm is wrong (2021)
    assert (s["spans"]["micro"]["tp"], s["spans"]["micro"]["fp"], s["spans"]["micro"]["fn"]) == (2, 1, 0)
    assert s["norm"]["overall"] == {"matched": 2, "correct": 1, "accuracy": 0.5}
    assert "micro" in result.stdout


def test_lone_surrogates_are_replaced_and_reported(tmp_path):
    path = write(tmp_path / "in.jsonl", '{"id": "s", "text": "가\\ud800나"}\n')
    read = ex.read_inputs([path])
    assert [r["text"] for r in read.records] == ["가\ufffd나"]
    assert read.problems[0].line == 1 and "surrogate" in read.problems[0].message


def test_model_rules_names_the_rule_pipeline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no folder called "rules" here
    nlp, desc = ex.resolve_pipeline("rules", roots=[tmp_path], packages=())
    assert "kner_rules" in nlp.pipe_names and "kner_normalizer" in nlp.pipe_names and "rules only" in desc
    assert [e.label_ for e in nlp("강원TP는 978억원을 받았다.").ents] == ["ORG", "MONEY"]
