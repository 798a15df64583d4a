"""kner: Korean named entities (ORG, PROGRAM, MONEY, DATE, METRIC) for regional industrial policy texts."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kner")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__", "blank"]


def blank(**tokenizer_config):
    """A blank Korean spaCy pipeline whose tokenizer is ``kner.KiwiTokenizer.v1``.

    Keyword arguments go to the tokenizer (see :func:`kner.tokenizer.create_kiwi_tokenizer`).
    """
    import spacy

    cfg = {"@tokenizers": "kner.KiwiTokenizer.v1", **tokenizer_config}
    return spacy.blank("ko", config={"nlp": {"tokenizer": cfg}})
