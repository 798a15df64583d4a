"""kner.predict: running a pipeline over records (dates, chunks, norms), in one process or several."""

import os

import pytest
from spacy.language import Language

from kner.predict import MIN_TASK_CHARS, TASK_CHARS, chunk_offsets, predict_records, tasks_of


@pytest.mark.parametrize("text, max_chars, expected", [
    ("short", 10, [(0, 5)]),
    ("", 10, [(0, 0)]),
    ("aaa\nbbb\nccc", 8, [(0, 8), (8, 11)]),        # cut after the last newline in the window
    ("aaa bbb ccc", 8, [(0, 8), (8, 11)]),          # no newline: after a space
    ("abcdefghij", 4, [(0, 4), (4, 8), (8, 10)]),   # no space: anywhere
])
def test_chunk_offsets(text, max_chars, expected):
    chunks = chunk_offsets(text, max_chars)
    assert chunks == expected
    assert "".join(text[s:e] for s, e in chunks) == text


@pytest.fixture(scope="module")
def ruler_nlp(nlp):
    """The session pipeline's vocab and tokenizer + an entity ruler + kner_normalizer."""
    import spacy

    toy = spacy.blank("ko", vocab=nlp.vocab, config={"nlp": {"tokenizer": {"@tokenizers": "kner.KiwiTokenizer.v1"}}})
    toy.tokenizer = nlp.tokenizer
    ruler = toy.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "중소벤처기업부"}, {"label": "DATE", "pattern": "지난해"},
                        {"label": "MONEY", "pattern": "3억원"}, {"label": "GPE", "pattern": "인천"}])
    toy.add_pipe("kner_normalizer")
    return toy


def test_predict_records_uses_meta_date_and_norms(ruler_nlp):
    text = "중소벤처기업부는 지난해 인천에 3억원을 지원했다."
    recs = [{"id": "a", "text": text, "meta": {"date": "2022-02-23", "source": "t"}, "spans": []},
            {"id": "b", "text": text, "meta": {"date": "2019-05-01", "source": "t"}, "spans": []},
            {"id": "empty", "text": "", "meta": {"date": None}, "spans": []}]
    out = predict_records(ruler_nlp, recs, with_text=True)
    assert [r["id"] for r in out] == ["a", "b", "empty"]
    a = {s["label"]: s for s in out[0]["spans"]}
    assert set(a) == {"ORG", "DATE", "MONEY"}                      # GPE is not a kner label
    assert a["ORG"]["text"] == "중소벤처기업부" and a["ORG"]["norm"] == {"id": "중소벤처기업부"}
    assert a["MONEY"]["norm"] == {"amount": 300000000, "currency": "KRW"}
    assert a["DATE"]["norm"]["value"] == "2021"
    assert {s["label"]: s for s in out[1]["spans"]}["DATE"]["norm"]["value"] == "2018"
    assert out[2]["spans"] == []
    assert out[0]["meta"] == recs[0]["meta"] and recs[0]["spans"] == []   # inputs untouched


def test_predict_records_chunks_keep_offsets(ruler_nlp):
    text = "중소벤처기업부가 3억원을 냈다.\n" * 5
    rec = [{"id": "a", "text": text, "meta": {"date": "2022-02-23"}, "spans": []}]
    whole = predict_records(ruler_nlp, rec)
    chunked = predict_records(ruler_nlp, rec, max_chars=40)
    assert len(whole[0]["spans"]) == 10
    assert chunked == whole
    for s in chunked[0]["spans"]:
        assert text[s["start"]:s["end"]] in ("중소벤처기업부", "3억원")


class _Tokenizer:
    """The session tokenizer behind a wrapper that counts its use; ``batched=False`` hides
    ``pipe``, so :func:`predict_records` falls back to ``nlp.make_doc``."""

    def __init__(self, tokenizer, batched):
        self.tokenizer, self.calls, self.piped = tokenizer, 0, 0
        if batched:
            self.pipe = self._pipe

    def __call__(self, text):
        self.calls += 1
        return self.tokenizer(text)

    def _pipe(self, texts, batch_size=1000):
        for doc in self.tokenizer.pipe(texts, batch_size=batch_size):
            self.piped += 1
            yield doc


def test_predict_records_is_the_same_with_and_without_a_batching_tokenizer(ruler_nlp, monkeypatch):
    line = "중소벤처기업부는 지난해 3억원을 냈다.\n"
    recs = [{"id": "a", "text": line * 6, "meta": {"date": "2022-02-23"}, "spans": []},
            {"id": "empty", "text": "", "meta": {"date": None}, "spans": []},
            {"id": "b", "text": "인천에서 " + line * 3, "meta": {"date": "2019-05-01"}, "spans": []},
            {"id": "c", "text": line, "meta": {}, "spans": []}]
    runs = {}
    for batched in (True, False):
        tokenizer = _Tokenizer(ruler_nlp.tokenizer, batched)
        monkeypatch.setattr(ruler_nlp, "tokenizer", tokenizer)
        seen = []
        out = predict_records(ruler_nlp, recs, with_text=True, max_chars=40, on_doc=lambda r: seen.append(r["id"]))
        monkeypatch.undo()
        runs[batched] = (out, seen, tokenizer.piped, tokenizer.calls)
    chunks = sum(len(chunk_offsets(r["text"], 40)) for r in recs)
    assert chunks > len(recs) + 2                                          # several records are chunked
    assert runs[True][2:] == (chunks, 0) and runs[False][2:] == (0, chunks)  # pipe used / make_doc fallback
    assert runs[True][:2] == runs[False][:2]
    out, seen = runs[True][:2]
    assert seen == ["a", "empty", "b", "c"]
    dates = {r["id"]: {s["norm"]["value"] for s in r["spans"] if s["label"] == "DATE"} for r in out[:3]}
    assert dates == {"a": {"2021"}, "empty": set(), "b": {"2018"}}        # each chunk got its record's date
    assert [len(r["spans"]) for r in out] == [18, 0, 9, 3]




# ------------------------------------------------------------------------------------------
# several processes
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lengths, n_process, expected", [
    ([500] * 8, 2, [[500, 500]] * 4),                      # 4000 chars / (4 × 2) = 500 < MIN_TASK_CHARS
    # 48000 / 8 = 6000 per task: two jobs each while more than 24000 chars are left, then one
    ([3000] * 16, 2, [[3000, 3000]] * 4 + [[3000]] * 8),
    ([30_000, 10, 30_000], 2, [[30_000], [10, 30_000]]),   # capped at TASK_CHARS; a long job is one task
    ([10], 4, [[10]]),
    ([], 2, []),
])
def test_tasks_of(lengths, n_process, expected):
    tasks = tasks_of([("x" * n, None) for n in lengths], n_process)
    assert [[len(text) for text, _date in task] for task in tasks] == expected
    assert MIN_TASK_CHARS == 1000


def test_tasks_shrink_towards_the_end():
    """Guided self-scheduling: full-size tasks first, then ever smaller ones, down to the minimum."""
    sizes = [sum(len(text) for text, _ in task) for task in tasks_of([("x" * 1000, None)] * 400, 2)]
    assert sum(sizes) == 400_000
    assert sizes[0] == TASK_CHARS and sizes[-1] == MIN_TASK_CHARS
    assert sizes == sorted(sizes, reverse=True)


def _records(n):
    line = "중소벤처기업부는 지난해 3억원을 냈다.\n"
    dates = ["2022-02-23", "2019-05-01", None]
    return [{"id": f"r{i}", "text": ("인천에서 " if i % 2 else "") + line * (1 + i % 4),
             "meta": {"date": dates[i % 3]}, "spans": []} for i in range(n)]


def test_predict_records_in_two_processes_is_the_same(ruler_nlp):
    recs = _records(60) + [{"id": "empty", "text": "", "meta": {}, "spans": []}]
    runs = {}
    for n_process in (1, 2):
        seen = []
        out = predict_records(ruler_nlp, recs, with_text=True, max_chars=40, n_process=n_process,
                              on_doc=lambda r: seen.append(r["id"]))
        runs[n_process] = (out, seen)
    assert runs[2] == runs[1]
    assert runs[2][1] == [r["id"] for r in recs]                           # on_doc in input order
    assert sum(len(r["spans"]) for r in runs[2][0]) > 100
    assert ruler_nlp.tokenizer.num_workers == -1                           # the tokenizer's setting is back


@Language.component("kner_test_pid")
def _pid_component(doc):
    """Test component: every entity's norm names the process that ran the pipeline."""
    for ent in doc.ents:
        ent._.norm = {"pid": os.getpid()}
    return doc


def test_predict_records_runs_the_pipeline_in_worker_processes(nlp):
    import spacy

    toy = spacy.blank("ko", vocab=nlp.vocab, config={"nlp": {"tokenizer": {"@tokenizers": "kner.KiwiTokenizer.v1"}}})
    toy.tokenizer = nlp.tokenizer
    toy.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": "중소벤처기업부"}])
    toy.add_pipe("kner_normalizer")
    toy.add_pipe("kner_test_pid")
    recs = _records(200)
    here = {s["norm"]["pid"] for r in predict_records(toy, recs) for s in r["spans"]}
    there = {s["norm"]["pid"] for r in predict_records(toy, recs, n_process=2) for s in r["spans"]}
    assert here == {os.getpid()}
    assert there and os.getpid() not in there and len(there) <= 2


def test_predict_records_refuses_zero_processes(ruler_nlp):
    with pytest.raises(ValueError, match="n_process"):
        predict_records(ruler_nlp, _records(2), n_process=0)
