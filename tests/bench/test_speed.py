"""scripts/bench_speed.py: config variants, stage-by-stage timing, the Markdown section."""


import pytest

from kner.bench.report import replace_section


@pytest.fixture(scope="module")
def bench(load_script):
    """``scripts/bench_speed.py`` as a module."""
    return load_script("bench_speed")


@pytest.fixture(scope="module")
def small(bench, nlp):
    """The smallest variant, built on the session pipeline's vocab and Kiwi tokenizer."""
    return bench.build_variant("w64d2-mp2-h32", share=nlp)


@pytest.mark.parametrize("name, expected", [
    ("config", {"width": 64, "depth": 2, "maxout_pieces": 2, "hidden_width": 32}),
    ("w96d2", {"width": 96, "depth": 2, "maxout_pieces": 3, "hidden_width": 64}),
    ("w128d4-mp2", {"width": 128, "depth": 4, "maxout_pieces": 2, "hidden_width": 64}),
    ("w128d4-h32", {"width": 128, "depth": 4, "maxout_pieces": 3, "hidden_width": 32}),
    ("w64d2-mp2-h32", {"width": 64, "depth": 2, "maxout_pieces": 2, "hidden_width": 32}),
])
def test_variant_sizes(bench, name, expected):
    """Each variant overrides exactly the sizes its name says (the committed config: 64 × 2, maxout 2, hidden 32)."""
    got = bench.sizes(bench.variant_config(name))
    assert {k: got[k] for k in expected} == expected
    assert got["rows"] == [5000, 1000, 2500, 1000, 500]


def test_rows_half_halves_every_embedding_table(bench):
    base = bench.sizes(bench.variant_config("config"))["rows"]
    assert bench.sizes(bench.variant_config("w128d4-rows2"))["rows"] == [r // 2 for r in base]


def test_embedding_width_follows_the_encoder_width(bench):
    """The variants leave ``embed.width = ${…encode.width}`` as a reference, so it follows."""
    cfg = bench.variant_config("w64d2").interpolate()
    assert cfg["components"]["tok2vec"]["model"]["embed"]["width"] == 64
    assert cfg["components"]["ner"]["model"]["tok2vec"]["width"] == 64


def test_unknown_variant(bench):
    with pytest.raises(KeyError, match="unknown variant"):
        bench.variant_config("w1000d9")


def test_built_variant_has_the_variant_sizes_and_shares_the_tokenizer(small, nlp):
    tok2vec = small.get_pipe("tok2vec").model
    assert tok2vec.get_dim("nO") == 64
    assert small.tokenizer is nlp.tokenizer and small.vocab is nlp.vocab
    assert set(small.get_pipe("ner").labels) >= {"ORG", "MONEY", "DATE"}


def test_set_mode_toggles_only_the_rules(bench, small):
    bench.set_mode(small, "model")
    assert "kner_rules" not in small.pipe_names and "ner" in small.pipe_names
    bench.set_mode(small, "rules")
    assert "kner_rules" in small.pipe_names
    with pytest.raises(ValueError):
        bench.set_mode(small, "fast")


TEXTS = ["2024년 3월 5일 강원지역산업진흥원은 바이오 기업에 5억 원을 지원한다고 밝혔다.",
         "매출은 전년 대비 12.5% 증가했다."]


@pytest.mark.parametrize("mode", ["model", "rules"])
def test_stage_by_stage_gives_the_entities_of_nlp_pipe(bench, small, mode):
    """Timing each component on its own annotates the docs exactly as ``nlp.pipe`` does."""
    bench.set_mode(small, mode)
    try:
        names = list(small.pipe_names)
        times, docs = bench.component_times(small, TEXTS)
        expected = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in small.pipe(TEXTS)]
    finally:
        bench.set_mode(small, "rules")
    assert list(times) == ["tokenizer"] + names
    assert ("kner_rules" in names) == (mode == "rules")
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs] == expected
    if mode == "rules":  # the rules find the date and the amount whatever the untrained model does
        assert any(label == "MONEY" for _s, _e, label in expected[0])


def test_measure_reports_every_mode_and_feed(bench, small):
    res = bench.measure(small, TEXTS, feeds=("texts", "tokens", "records", "records_mp"), repeats=1, components=True)
    assert res["chars"] == sum(map(len, TEXTS))
    for mode in ("model", "rules"):
        for feed in ("texts", "tokens", "records"):
            assert res[mode][feed]["wall_cps"] > 0 and res[mode][feed]["cpu_cps"] > 0
        assert res[mode]["records_mp"]["wall_cps"] > 0 and res[mode]["records_mp"]["cpu_cps"] is None
        assert ("kner_rules" in res[mode]["components"]) == (mode == "rules")
    assert "kner_rules" in small.pipe_names  # left with the rules on


def test_render_and_write(bench, tmp_path):
    """The section lists each pipeline's figures (– where not measured) and leaves other sections alone."""
    sizes = {"width": 64, "depth": 2, "maxout_pieces": 3, "hidden_width": 64, "rows": [10, 20]}
    comps = {k: {"cpu_us_per_char": v} for k, v in
             {"tokenizer": 30.0, "tok2vec": 12.0, "ner": 15.25, "kner_rules": 20.0, "kner_normalizer": 3.0}.items()}
    results = {
        "w64d2 (untrained)": {"sizes": sizes, "speed": {"model": {"tokens": {"wall_cps": 23456.7, "cpu_cps": 16000.0}},
                                                       "rules": {"tokens": {"wall_cps": 15000.0, "cpu_cps": 12000.0},
                                                                 "n_process": {"wall_cps": 25000.0, "cpu_cps": None},
                                                                 "records": {"wall_cps": 14000.0, "cpu_cps": 11000.0},
                                                                 "records_mp": {"wall_cps": 27000.0, "cpu_cps": None},
                                                                 "components": comps}}},
        "trained": {"sizes": sizes, "speed": {"model": {"tokens": {"wall_cps": 20000.0, "cpu_cps": 15000.0}}},
                    "scores": {"dev": {"model": 0.8, "rules": 0.85}, "test": {"model": 0.65, "rules": 0.853},
                               "konec": {"model": 0.39, "rules": 0.486}}},
    }
    meta = {"command": "python scripts/bench_speed.py x", "date": "2026-01-01", "machine": "m", "load": "0.50",
            "chars": 55302, "texts": "gold.jsonl", "repeats": 2, "batch_size": 8}
    body = bench.render(results, meta)
    rows = {line.split(" | ")[0].strip("| "): line for line in body.splitlines() if line.startswith("| ")}
    assert "| 64 × 2 | 3 | 64 | 10/20 | 23,457 | 15,000 | 25,000 | 14,000 / 27,000 | 16,000 | 12,000 |" in rows["w64d2 (untrained)"]
    assert "30.0 / 12.0 / 15.2 / 20.0 / 3.0" in rows["w64d2 (untrained)"]
    assert rows["w64d2 (untrained)"].endswith("| – | – | – |")
    assert rows["trained"].endswith("| 0.800 / 0.850 | 0.650 / 0.853 | 0.390 / 0.486 |")
    assert "| 20,000 | – | – | – / – |" in rows["trained"]
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\n<!-- other:start -->\nkeep\n<!-- other:end -->\n", encoding="utf-8")
    replace_section(path, "speed", body)
    text = path.read_text(encoding="utf-8")
    assert "<!-- other:start -->\nkeep\n<!-- other:end -->" in text
    assert text.rstrip().endswith("<!-- speed:end -->") and "23,457" in text


def test_record_feeds_give_the_entities_of_nlp_pipe(bench, small):
    """The end-to-end feeds run the pipeline: one process and two give the spans ``nlp.pipe`` gives."""
    expected = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in small.pipe(TEXTS * 20)]
    for feed in ("records", "records_mp"):
        out = bench.feed_fn(small, TEXTS * 20, feed, n_process=2)()
        assert [[(s["start"], s["end"], s["label"]) for s in r["spans"]] for r in out] == expected


def test_split_options(bench):
    assert bench._split(["model,rules"], bench.MODES, ()) == ["model", "rules"]
    assert bench._split(None, bench.FEEDS, ("tokens",)) == ["tokens"]
    with pytest.raises(Exception, match="unknown"):
        bench._split(["tokens,fast"], bench.FEEDS, ())


def test_interleaved_rounds_alternate_the_pipelines(bench, small, monkeypatch):
    """Each round runs every pipeline once per mode and feed, in turn; the median is reported."""
    calls = []

    def fake_feed_fn(nlp, texts, feed, **kwargs):
        mode = "rules" if "kner_rules" in nlp.pipe_names else "model"
        return lambda: calls.append((id(nlp), mode, feed))

    other = object.__new__(type(small))
    other.__dict__.update(small.__dict__)  # a second Language object with the same components
    monkeypatch.setattr(bench, "feed_fn", fake_feed_fn)
    res = bench.interleaved({"a": small, "b": other}, TEXTS, modes=("model", "rules"), feeds=("records", "records_mp"),
                            rounds=3)
    one_round = [(id(nlp), m, f) for nlp in (small, other) for m in ("model", "rules") for f in ("records", "records_mp")]
    assert calls == one_round * 3
    for name in ("a", "b"):
        for m in ("model", "rules"):
            for f in ("records", "records_mp"):
                v = res[name][m][f]
                assert len(v["runs"]) == 3 and v["min"] <= v["wall_cps"] <= v["max"]
                assert sorted(v["runs"])[1] == v["wall_cps"]
    assert "kner_rules" in small.pipe_names  # left with the rules on


def test_render_lists_interleaved_rounds(bench):
    sizes = {"width": 64, "depth": 2, "maxout_pieces": 2, "hidden_width": 32, "rows": [10]}
    runs = {"runs": [30000.0, 25000.0, 33000.0], "wall_cps": 30000.0, "min": 25000.0, "max": 33000.0, "cpu_cps": None}
    results = {"m": {"sizes": sizes, "speed": {"rules": {"records_mp": runs}}}}
    meta = {"command": "c", "date": "d", "machine": "m", "load": "1", "chars": 10, "texts": "t", "repeats": 2,
            "rounds": 3, "batch_size": 8}
    body = bench.render(results, meta)
    assert "median of 3 interleaved rounds" in body
    assert "| m | rules | records_mp | 30,000 | 25,000 – 33,000 | 30,000, 25,000, 33,000 |" in body
    assert "– / 30,000 |" in body  # the main table's end-to-end cell is the median
