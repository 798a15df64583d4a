"""The ``kner`` CLI: every command's --help has an example, and the documented exit codes hold."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from kner.cli import app

runner = CliRunner()


def _is_group(command) -> bool:
    return isinstance(getattr(command, "commands", None), dict)


def leaf_commands(command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The argument paths (``("corpus", "build")``, …) of every leaf command below ``command``
    (typer ships its own click, so groups are recognised by their ``commands``)."""
    if _is_group(command):
        return [leaf for name, sub in sorted(command.commands.items()) for leaf in leaf_commands(sub, path + (name,))]
    return [path]


ROOT_COMMAND = typer.main.get_command(app)
LEAVES = leaf_commands(ROOT_COMMAND)
GROUPS = sorted(name for name, sub in ROOT_COMMAND.commands.items() if _is_group(sub))


def _command(path: tuple[str, ...]):
    command = ROOT_COMMAND
    for name in path:
        command = command.commands[name]
    return command


def test_the_walk_finds_every_command():
    assert {" ".join(p) for p in LEAVES} >= {
        "normalize", "evaluate", "crossval", "extract", "augment", "train", "corpus build", "corpus validate",
        "corpus stats", "corpus konec", "corpus splits", "doccano push", "doccano pull", "export hf",
        "export docbin", "import hf", "import docbin", "model build-e5"}


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_every_leaf_help_has_an_example(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert f"kner {' '.join(path)}" in _command(path).epilog     # the example runs this very command


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_example_paths_exist(root, path):
    """Repository paths named in an example (corpus/…, samples/…, configs/…) are real."""
    named = re.findall(r"(?<![\w/.])((?:corpus|samples|configs)/[\w./-]*)", _command(path).epilog)
    missing = [p for p in named if not (root / p.rstrip("/.")).exists()]
    assert not missing


def test_app_help_documents_exit_codes():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit codes: 0 success; 1 an input could not be read" in text and "2 usage error" in text


@pytest.fixture
def tiny(tmp_path):
    from kner.records import write_records

    path = tmp_path / "in.jsonl"
    spans = [{"start": 0, "end": 3, "label": "ORG"}, {"start": 8, "end": 11, "label": "MONEY"}]
    write_records(path, [{"id": "t1", "text": "울산시는 예산 5억원을 지원한다.",
                          "meta": {"date": None, "source": "test"}, "spans": spans}])
    return path


@pytest.mark.parametrize("args, code, message", [
    # 2: usage errors
    ([], 2, "Usage: "),
    (["normalize"], 2, "Missing argument"),
    (["normalize", "{tiny}", "-o", "{out}", "--bogus"], 2, "No such option"),
    (["train", "xyz"], 2, "choose cnn or trf"),
    (["extract", "{tiny}", "--output-dir", "{tmp}", "--format", "xml"], 2, "unknown format"),
    # 1: an input could not be read or failed a check
    (["normalize", "{tmp}/missing.jsonl", "-o", "{out}"], 1, "cannot read file"),
    (["normalize", "{tiny}", "-o", "{out}", "--kb", "{tmp}/missing.tsv"], 1, "cannot read the knowledge base"),
    (["augment", "{tmp}/missing.jsonl", "--output", "{out}"], 1, "cannot read file"),
    (["corpus", "splits", "--corpus-dir", "{tmp}"], 1, "cannot read the splits"),
    (["corpus", "build", "--corpus-dir", "{tmp}/missing"], 1, "corpus directory {tmp}/missing does not exist"),
    (["corpus", "build", "--check", "--corpus-dir", "{tmp}/missing"], 1, "does not exist"),
    (["corpus", "konec", "--source-dir", "{tmp}", "--corpus-dir", "{tmp}", "--check"], 1,
     "cannot read the KoNEC source"),
    (["corpus", "stats", "--corpus-dir", "{tmp}"], 1, "cannot read file"),
    (["corpus", "validate", "--no-align", "{tmp}/missing.jsonl"], 1, "cannot read file"),
    (["import", "docbin", "{tmp}/missing.spacy", "--output", "{out}"], 1, "import failed"),
    (["evaluate", "{tmp}/missing.jsonl", "--predictions", "{tiny}"], 1, "cannot read file"),
    # 0: success
    (["normalize", "{tiny}", "-o", "{out}"], 0, "1 records"),
    (["corpus", "splits", "--corpus-dir", "{corpus}"], 0, "fold 1: held out"),
])
def test_exit_codes(tmp_path, tiny, root, args, code, message):
    fill = {"tiny": tiny, "out": tmp_path / "out.jsonl", "tmp": tmp_path, "corpus": root / "corpus"}
    result = runner.invoke(app, [a.format(**fill) for a in args])
    assert result.exit_code == code, result.output
    assert message.format(**fill) in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)   # no traceback


def test_success_writes_the_output(tmp_path, tiny):
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["normalize", str(tiny), "-o", str(out)]).exit_code == 0
    from kner.records import load_records

    assert load_records(out)[0]["spans"][1]["norm"] == {"amount": 500000000, "currency": "KRW"}


@pytest.mark.parametrize("group", GROUPS)
def test_group_without_a_command_is_a_usage_error(group):
    result = runner.invoke(app, [group])
    assert result.exit_code == 2
    assert "Commands" in result.output
