"""Expanding a trimmed e5 back to the full vocabulary (the F1-cost measurement of trimming)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kner.models import e5

from .conftest import DOMAIN_SENTENCES, seed_lines


@pytest.mark.parametrize(
    "pieces, full, expected",
    [
        (["<s>", "▁가"], ["<s>", "<pad>", "▁가", "x"], [0, 2]),
        (["x", "<s>"], ["<s>", "x"], [1, 0]),  # order follows the trimmed vocabulary
        ([], ["<s>"], []),
    ],
)
def test_vocab_row_map(pieces, full, expected):
    assert e5.vocab_row_map(pieces, full).tolist() == expected


def test_vocab_row_map_rejects_unknown_pieces():
    with pytest.raises(ValueError, match="1 pieces"):
        e5.vocab_row_map(["<s>", "▁東京"], ["<s>", "▁가"])


def test_expand_embeddings_takes_kept_rows_from_the_trimmed_model():
    full = np.arange(12, dtype=np.float32).reshape(6, 2)
    rows = -np.ones((2, 2), dtype=np.float32)
    rows[1] = [-7, -8]
    out = e5.expand_embeddings(rows, np.array([4, 1]), full, decay=0.5)
    assert out.tolist() == [[0, 0.5], [-7, -8], [2, 2.5], [3, 3.5], [-1, -1], [5, 5.5]]
    assert full[1].tolist() == [2, 3]  # input untouched
    with pytest.raises(ValueError):
        e5.expand_embeddings(rows, np.array([4]), full)


def test_tokenizer_pieces_follow_ids(e5_trimmed):
    tokenizer, _ = e5_trimmed
    pieces = e5.tokenizer_pieces(tokenizer)
    assert len(pieces) == len(tokenizer)
    ids = tokenizer("passage: " + DOMAIN_SENTENCES[0])["input_ids"]
    assert [pieces[i] for i in ids] == tokenizer.convert_ids_to_tokens(ids)


def test_expanded_trained_model_keeps_its_outputs_on_in_vocabulary_text(e5_trimmed_dir, e5_full_dir, e5_full):
    """A trimmed model whose kept rows changed (as training changes them) gives the same hidden states
    after expansion, with the full tokenizer, on text inside the trimmed vocabulary; every row it did
    not have is the full model's."""
    import torch

    tokenizer, model = e5.load(e5_trimmed_dir)
    torch.manual_seed(0)
    with torch.no_grad():
        model.get_input_embeddings().weight.add_(0.05 * torch.randn_like(model.get_input_embeddings().weight))
    texts = ["passage: " + t for t in seed_lines()[:6]]
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.inference_mode():
        want = model(**batch).last_hidden_state
    trained_rows = model.get_input_embeddings().weight.detach().clone()

    full_tok = e5.expand_vocab(model, tokenizer, e5_full_dir)

    full_pieces = json.loads((e5_full_dir / "tokenizer.json").read_text())["model"]["vocab"]
    assert len(full_tok) == len(full_pieces)
    full_rows = e5.full_word_embeddings(e5_full_dir)
    weight = model.get_input_embeddings().weight.detach()
    assert weight.shape == full_rows.shape and model.config.vocab_size == full_rows.shape[0]
    row_map = e5.vocab_row_map(e5.tokenizer_pieces(tokenizer), e5.tokenizer_pieces(full_tok))
    assert torch.equal(weight[torch.from_numpy(row_map)], trained_rows)
    others = np.setdiff1d(np.arange(full_rows.shape[0]), row_map)
    assert np.array_equal(weight.numpy()[others], full_rows[others])

    full_batch = full_tok(texts, padding=True, return_tensors="pt")
    assert torch.equal(full_batch["input_ids"], torch.from_numpy(row_map)[batch["input_ids"]])
    with torch.inference_mode():
        got = model(**full_batch).last_hidden_state
    assert torch.allclose(want, got, atol=1e-5)


def test_untrained_expanded_model_is_the_full_model(e5_trimmed_dir, e5_full_dir, e5_full):
    import torch

    tokenizer, model = e5.load(e5_trimmed_dir)
    full_tok = e5.expand_vocab(model, tokenizer, e5_full_dir)
    _, full_model = e5_full
    batch = full_tok(["passage: 東京 Universität und São Paulo, 창원시 2,345억원"], return_tensors="pt")
    kept = set(e5.vocab_row_map(e5.tokenizer_pieces(tokenizer), e5.tokenizer_pieces(full_tok)).tolist())
    assert any(i not in kept for i in batch["input_ids"][0].tolist())  # pieces the trimmed model lacked
    with torch.inference_mode():
        assert torch.allclose(model(**batch).last_hidden_state, full_model(**batch).last_hidden_state, atol=1e-5)


@pytest.mark.slow
def test_expand_pipeline_swaps_the_transformer_inside_spacy(e5_trimmed_dir, e5_full_dir, load_script):
    """The benchmark's twin: same transformer outputs on in-vocabulary text, full tokenizer and matrix."""
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("spacy_transformers")
    bench = load_script("bench_trim")
    nlp = spacy.blank("xx")
    nlp.add_pipe("transformer", config={"model": {
        "@architectures": "spacy-transformers.TransformerModel.v3", "name": str(e5_trimmed_dir),
        "tokenizer_config": {"use_fast": True},
        "get_spans": {"@span_getters": "spacy-transformers.strided_spans.v1", "window": 128, "stride": 96}}})
    nlp.initialize()
    text = seed_lines()[0]
    before = nlp(text)._.trf_data
    trimmed_tok = nlp.get_pipe("transformer").model.tokenizer

    bench.expand_pipeline(nlp, e5_full_dir)

    trf = nlp.get_pipe("transformer").model
    assert trf.tokenizer is not trimmed_tok and len(trf.tokenizer) == len(e5.tokenizer_pieces(trf.tokenizer))
    assert trf.transformer.get_input_embeddings().weight.shape[0] == e5.full_word_embeddings(e5_full_dir).shape[0]
    after = nlp(text)._.trf_data
    assert after.wordpieces.strings == before.wordpieces.strings
    assert np.allclose(after.model_output["last_hidden_state"], before.model_output["last_hidden_state"], atol=1e-5)
    diff = bench.token_differences(trimmed_tok, trf.tokenizer, [text, "東京 Universität"])
    assert (diff["texts"], diff["differ"]) == (2, 1)


def test_weight_decay_factor_of_the_transformer_config(load_script):
    """Decoupled weight decay over ner_trf.cfg's warm-up/linear schedule: Π(1 - lr_t·L2) ≈ 1 - L2·Σlr_t."""
    from spacy.util import load_config

    config = load_config(Path(__file__).resolve().parents[2] / "configs" / "ner_trf.cfg")
    factor, steps = load_script("bench_trim").weight_decay_factor(config)
    train = config["training"]
    assert steps == train["max_steps"]
    rate, l2 = train["optimizer"]["learn_rate"]["initial_rate"], train["optimizer"]["L2"]
    assert 1 - factor == pytest.approx(l2 * rate * steps / 2, rel=0.02)  # triangle: Σlr_t ≈ peak · steps / 2
