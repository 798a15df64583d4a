"""``spacy package`` of a CNN pipeline → a wheel installed into a fresh venv → ``spacy.load``.

Slow: trains a small model, builds a wheel and creates a virtual environment.
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
META = ROOT / "configs" / "ner_cnn.meta.json"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trained(tmp_path_factory, nlp):
    """A CNN pipeline trained briefly on a few supplement documents (enough to find some entities)."""
    from spacy.cli.train import train

    from kner.io.docbin import write_docbin

    records = load_records(ROOT / "corpus" / "kner-v1.0" / "supplement.jsonl")[:6]
    out = tmp_path_factory.mktemp("pkg-train")
    write_docbin(records, nlp, out / "train.spacy")
    write_docbin(records[:2], nlp, out / "dev.spacy")
    train(ROOT / "configs" / "ner_cnn.cfg", out / "model",
          overrides={"paths.train": str(out / "train.spacy"), "paths.dev": str(out / "dev.spacy"),
                     "training.max_steps": 150, "training.eval_frequency": 50})
    return out / "model" / "model-best", records


def test_meta_declares_licence_sources_and_requirements():
    meta = json.loads(META.read_text(encoding="utf-8"))
    assert (meta["lang"], meta["name"]) == ("ko", "kner_cnn")
    assert "CC BY-SA 4.0" in meta["license"]
    assert any(r.startswith("kner>=") and "<" in r for r in meta["requirements"])
    assert any(r.startswith("kiwipiepy>=") and "<" in r for r in meta["requirements"])
    assert {s["license"] for s in meta["sources"]} >= {"CC BY-SA 4.0", "Apache-2.0"}


def test_package_installs_and_loads_in_a_fresh_venv(trained, tmp_path):
    model, records = trained
    packages = tmp_path / "packages"
    packages.mkdir()
    pytest.importorskip("wheel", reason="spacy package --build wheel needs the wheel (or build) package")
    built = subprocess.run([sys.executable, "-m", "spacy", "package", str(model), str(packages), "--meta-path",
                            str(META), "--build", "wheel", "--force"], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheels = list(packages.rglob("ko_kner_cnn-*.whl"))
    assert len(wheels) == 1

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    # the fresh venv sees this environment's packages (spacy, kner …) but not the model
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # (addsitedir, not a plain path line, so that the editable install's own .pth files are read too)
    Path(site, "kner-deps.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n",
                                           encoding="utf-8")
    before = subprocess.run([str(python), "-c", "import ko_kner_cnn"], capture_output=True, text=True)
    assert before.returncode != 0
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheels[0])],
                   check=True, capture_output=True, text=True)

    text = records[0]["text"]
    script = textwrap.dedent(f"""
        import json, spacy
        nlp = spacy.load("ko_kner_cnn")
        doc = nlp({text!r})
        ents = [(e.text, e.label_, e._.norm) for e in doc.ents]
        probe = nlp.make_doc("중기부는 978억원을 지원한다.")
        probe.ents = [probe.char_span(0, 3, label="ORG"), probe.char_span(5, 10, label="MONEY")]
        probe = nlp.get_pipe("kner_normalizer")(probe)
        print(json.dumps({{"pipes": nlp.pipe_names, "meta": nlp.meta, "ents": ents,
                          "probe": [(e.text, e._.norm) for e in probe.ents]}}, ensure_ascii=False))
    """)
    run = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    from spacy.util import load_config

    assert out["pipes"] == list(load_config(ROOT / "configs" / "ner_cnn.cfg")["nlp"]["pipeline"])
    assert out["meta"]["name"] == "kner_cnn" and out["meta"]["lang"] == "ko"
    assert out["ents"], "a model trained on this document finds entities in it"
    assert all(norm is not None for _, _, norm in out["ents"])
    assert out["probe"] == [["중기부", {"id": "중소벤처기업부"}], ["978억원", {"amount": 97800000000, "currency": "KRW"}]]
