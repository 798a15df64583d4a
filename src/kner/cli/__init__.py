"""The ``kner`` command line: thin typer commands that call the library modules.

Each area keeps its commands in its own module here; this file only assembles them.
Exit codes: 0 success; 1 an input could not be read or failed a check (a missing or
malformed file, no usable model, a validation error); 2 usage error (an unknown option, a
missing or malformed argument: typer's own, or ``typer.BadParameter``).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kner",
    help="Korean named entities for regional industrial policy texts.\n\n"
         "Every command's --help ends with an example. Exit codes: 0 success; 1 an input could not "
         "be read or failed a check (missing or malformed file, no usable model, validation errors); "
         "2 usage error (unknown option, missing or malformed argument).",
    epilog="Example: kner extract samples/press-release.txt --output-dir output",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def n_process_option() -> typer.models.OptionInfo:
    """``--n-process``: worker processes running the pipeline (``kner extract``, ``kner evaluate``)."""
    return typer.Option(1, "--n-process", "-n", min=1,
                        help="Worker processes, each running the whole pipeline (kner.predict): 2 on a 2-core "
                             "machine nearly doubles the throughput on long inputs. Needs 'fork' (Linux, macOS).")

def _register() -> None:
    from . import corpus as corpus_cli

    app.add_typer(corpus_cli.app, name="corpus")
    from . import normalize as normalize_cli

    app.command("normalize", epilog=normalize_cli.EXAMPLE)(normalize_cli.normalize)
    from . import io as io_cli

    io_cli.register(app)  # doccano push|pull, export hf|docbin, import hf|docbin
    from . import model as model_cli

    app.add_typer(model_cli.app, name="model")
    from . import evaluate as evaluate_cli, extract as extract_cli

    evaluate_cli.register(app)  # evaluate, crossval
    extract_cli.register(app)  # extract
    from . import augment as augment_cli, train as train_cli

    app.command("augment", epilog=augment_cli.EXAMPLE)(augment_cli.augment)
    app.command("train", epilog=train_cli.EXAMPLE)(train_cli.train)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
