"""configs/ner_cnn.cfg and configs/ner_trf.cfg: they load, validate, initialise and train."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import spacy
from spacy.util import load_config, load_model_from_config

from kner.records import load_records

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {"cnn": ROOT / "configs" / "ner_cnn.cfg", "trf": ROOT / "configs" / "ner_trf.cfg"}
LABELS = {"ORG", "PROGRAM", "MONEY", "DATE", "METRIC"}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory, nlp):
    """Three supplement documents as train and one as dev, written as .spacy files."""
    from kner.io.docbin import write_docbin

    records = load_records(ROOT / "corpus" / "kner-v1.0" / "supplement.jsonl")
    out = tmp_path_factory.mktemp("tiny-corpus")
    write_docbin(records[:3], nlp, out / "train.spacy")
    write_docbin(records[3:4], nlp, out / "dev.spacy")
    return out, records[:4]


def _paths(corpus: Path) -> dict:
    return {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")}


@pytest.mark.parametrize("kind, pipeline", [
    ("cnn", ["tok2vec", "ner", "kner_rules", "kner_normalizer"]),
    ("trf", ["transformer", "ner", "kner_rules", "kner_normalizer"]),
])
def test_config_loads_with_kner_components(kind, pipeline):
    config = load_config(CONFIGS[kind])
    assert config["nlp"]["lang"] == "ko"
    assert config["nlp"]["tokenizer"]["@tokenizers"] == "kner.KiwiTokenizer.v1"
    assert config["nlp"]["pipeline"] == pipeline
    if kind == "trf":
        pytest.importorskip("spacy_transformers")
        assert config["components"]["transformer"]["model"]["name"] == "${paths.transformer}"
        assert config["components"]["transformer"]["model"]["get_spans"]["@span_getters"] == \
            "spacy-transformers.strided_spans.v1"
    else:
        embed = config["components"]["tok2vec"]["model"]["embed"]
        assert "TAG" in embed["attrs"] and len(embed["rows"]) == len(embed["attrs"])


@pytest.mark.parametrize("kind", ["cnn", "trf"])
def test_config_validates_like_debug_config(kind, tiny_corpus):
    """What ``spacy debug config`` checks: the filled config resolves against the training schema."""
    if kind == "trf":
        pytest.importorskip("spacy_transformers")
    from spacy.schemas import ConfigSchemaTraining
    from spacy.util import registry

    config = load_config(CONFIGS[kind], overrides=_paths(tiny_corpus[0]))
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    filled = nlp.config.interpolate()
    training = registry.resolve(filled["training"], schema=ConfigSchemaTraining)
    assert training["max_steps"] > 0 and training["dev_corpus"] == "corpora.dev"
    assert type(nlp.tokenizer).__name__ == "KiwiTokenizer"


def test_cnn_initialises_on_a_tiny_corpus(tiny_corpus):
    from spacy.training.initialize import init_nlp

    config = load_config(CONFIGS["cnn"], overrides=_paths(tiny_corpus[0]))
    nlp = init_nlp(config)
    assert set(nlp.get_pipe("ner").labels) == LABELS
    doc = nlp(tiny_corpus[1][0]["text"])
    assert doc.text == tiny_corpus[1][0]["text"] and len(doc) > 10


def test_cnn_smoke_training(tiny_corpus, tmp_path):
    """A few steps of the real config: finishes fast, writes a loadable pipeline that sets norms."""
    from spacy.cli.train import train

    start = time.perf_counter()
    train(CONFIGS["cnn"], tmp_path, overrides={**_paths(tiny_corpus[0]), "training.max_steps": 12,
                                                "training.eval_frequency": 6})
    assert time.perf_counter() - start < 60
    nlp = spacy.load(tmp_path / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner", "kner_rules", "kner_normalizer"]
    assert set(nlp.get_pipe("ner").labels) == LABELS
    meta = json.loads((tmp_path / "model-best" / "meta.json").read_text(encoding="utf-8"))
    assert {"ents_f", "model_ents_f", "model_ents_per_type"} <= set(meta["performance"])  # model alone scored too
    text = tiny_corpus[1][0]["text"]
    doc = nlp(text)
    for ent in doc.ents:  # whatever a 12-step model finds, the normaliser has read it
        assert ent._.norm is not None


def _tiny_transformer(directory: Path, texts: list[str]) -> Path:
    """A randomly initialised 1-layer BERT with a character Unigram tokenizer (the shape of the
    e5 directory: BertModel + PreTrainedTokenizerFast in tokenizer.json)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, decoders
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    chars = sorted({ch for t in texts for ch in t if not ch.isspace()})
    pieces = ["<s>", "<pad>", "</s>", "<unk>"] + ["▁"] + chars + ["▁" + ch for ch in chars]
    tok = Tokenizer(models.Unigram([(p, -1.0) for p in pieces], unk_id=3))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", cls_token="<s>", sep_token="</s>", model_max_length=512)
    fast.save_pretrained(str(directory))
    cfg = json.loads((directory / "tokenizer_config.json").read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    (directory / "tokenizer_config.json").write_text(json.dumps(cfg), encoding="utf-8")
    BertModel(BertConfig(vocab_size=len(pieces), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=512, pad_token_id=1)).save_pretrained(str(directory))
    return directory


def test_trf_smoke_training_on_a_tiny_model(tiny_corpus, tmp_path):
    """The transformer config trains end to end (a tiny random model stands in for e5-small)."""
    pytest.importorskip("spacy_transformers")
    from spacy.cli.train import train

    model_dir = _tiny_transformer(tmp_path / "tiny-bert", [r["text"] for r in tiny_corpus[1]])
    start = time.perf_counter()
    train(CONFIGS["trf"], tmp_path / "out", overrides={**_paths(tiny_corpus[0]), "paths.transformer": str(model_dir),
                                                        "training.max_steps": 6, "training.eval_frequency": 3,
                                                        "training.optimizer.learn_rate.warmup_steps": 2})
    assert time.perf_counter() - start < 90
    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert nlp.pipe_names == ["transformer", "ner", "kner_rules", "kner_normalizer"]
    doc = nlp(tiny_corpus[1][3]["text"])
    assert doc._.trf_data is not None and len(doc) > 10
