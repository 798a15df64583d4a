"""The ``kner`` command line: thin typer commands that call the library modules.

Each area keeps its commands in its own module here; this file only assembles them.
Exit codes: 0 success, 1 the input or data failed a check, 2 usage error (typer's own).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kner",
    help="Korean named entities for regional industrial policy texts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from . import corpus as corpus_cli

    app.add_typer(corpus_cli.app, name="corpus")
    from . import normalize as normalize_cli

    app.command("normalize")(normalize_cli.normalize)
    from . import io as io_cli

    io_cli.register(app)  # doccano push|pull, export hf|docbin, import hf|docbin
    from . import model as model_cli

    app.add_typer(model_cli.app, name="model")
    from . import evaluate as evaluate_cli, extract as extract_cli

    evaluate_cli.register(app)  # evaluate, crossval
    extract_cli.register(app)  # extract
    from . import augment as augment_cli, train as train_cli

    app.command("augment")(augment_cli.augment)
    app.command("train")(train_cli.train)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
