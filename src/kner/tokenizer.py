"""A spaCy tokenizer on Kiwi (kiwipiepy) morphemes: ``kner.KiwiTokenizer.v1``.

Tokens are surface slices of the input, so ``doc.text == text`` for every string.
Kiwi's morphemes become tokens; morphemes that share characters in the surface
(했 = 하+었, or a zero-length copula 이 before 다) merge into one token whose tag
joins theirs with ``+``. Particles and endings stay their own tokens, which puts
entity boundaries on token boundaries (LABEL_SPEC rule 1). Kiwi's serial-number
matching is off, so ``2019.12.13. 978억원`` stays several tokens.

Switches live in ``[nlp.tokenizer]``; a user dictionary comes through
``[initialize.tokenizer]`` and is saved with the pipeline (``to_disk``/``to_bytes``).
The tokenizer pickles (``nlp.pipe(n_process=2)``); the Kiwi analyser itself is built
lazily in each process. ``pipe`` hands batches to Kiwi's multithreaded ``tokenize``;
:meth:`KiwiTokenizer.single_threaded` switches to an analyser without threads, which processes
forked from this one may use (:mod:`kner.predict`).
"""

import contextlib
import functools
import re
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy
import srsly
from spacy import util
from spacy.attrs import LEMMA, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from .tags import SPACE_TAG, UNKNOWN_TAG, ud_pos

_DOC_ATTRS = [TAG, POS, LEMMA]

# Kiwi match options kner turns on by default: everything in Kiwi's ALL except SERIAL,
# which would swallow "2019.12.13. 978" (a DATE and a MONEY) into one token.
DEFAULT_MATCH = ("URL", "EMAIL", "HASHTAG", "MENTION", "EMOJI")
USER_TAGS = ("NNP", "NNG", "NNB", "SL", "SH", "SN", "XSN", "USER0", "USER1", "USER2", "USER3", "USER4")

# Lone surrogates are not Unicode text (no UTF-8 decoding yields them) and spaCy cannot
# store them: they are the one kind of str refused, with a ValueError that says so.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# analysed once by single_threaded() so that Kiwi initialises before processes are forked
WARM_UP_TEXT = "강원테크노파크는 지난해 3억원을 지원했다."

# Kiwi analysers by (num_workers, model_type, integrate_allomorph, dictionaries, cutoff, user words).
_KIWI_CACHE: dict = {}


class KiwiTokenizer:
    """spaCy tokenizer producing one token per Kiwi morpheme (surface slices)."""

    def __init__(
        self,
        vocab: Vocab,
        *,
        model_type: str | None = None,
        match_options: Sequence[str] = DEFAULT_MATCH,
        integrate_allomorph: bool = True,
        split_complex: bool = False,
        num_workers: int = -1,
        load_typo_dict: bool = True,
        load_multi_dict: bool = True,
        cutoff_threshold: float | None = None,
        user_words: Iterable[Sequence[Any]] = (),
    ) -> None:
        self.vocab = vocab
        self.model_type = model_type
        self.match_options = tuple(match_options)
        self.integrate_allomorph = bool(integrate_allomorph)
        self.split_complex = bool(split_complex)
        self.num_workers = int(num_workers)
        self.load_typo_dict = bool(load_typo_dict)
        self.load_multi_dict = bool(load_multi_dict)
        self.cutoff_threshold = _cutoff(cutoff_threshold)
        self.user_words: list[tuple[str, str, float]] = [_check_user_word(w) for w in user_words]
        self._match_value = _match_value(self.match_options)
        self._kiwi = None

    # ------------------------------------------------------------------ analysis
    @property
    def kiwi(self):
        """The underlying ``kiwipiepy.Kiwi``, built on first use with the user words.

        Analysers are shared within a process between tokenizers with the same settings
        and user words (building one loads the model: seconds).
        """
        if self._kiwi is None:
            key = (self.num_workers, self.model_type, self.integrate_allomorph, self.load_typo_dict,
                   self.load_multi_dict, self.cutoff_threshold, tuple(self.user_words))
            kiwi = _KIWI_CACHE.get(key)
            if kiwi is None:
                from kiwipiepy import Kiwi

                with warnings.catch_warnings():
                    # kiwipiepy warns that num_workers=0 changed meaning in 0.21: it now means
                    # no worker threads, which is what kner asks for
                    warnings.filterwarnings("ignore", message=".*num_workers=0", category=DeprecationWarning)
                    kiwi = Kiwi(
                        num_workers=self.num_workers,
                        model_type=self.model_type,
                        integrate_allomorph=self.integrate_allomorph,
                        load_typo_dict=self.load_typo_dict,
                        load_multi_dict=self.load_multi_dict,
                    )
                if self.cutoff_threshold is not None:
                    kiwi.cutoff_threshold = self.cutoff_threshold
                for form, tag, score in self.user_words:
                    kiwi.add_user_word(form, tag, score)
                _KIWI_CACHE[key] = kiwi
            self._kiwi = kiwi
        return self._kiwi

    @contextlib.contextmanager
    def single_threaded(self) -> Iterator["KiwiTokenizer"]:
        """Within the block, analyse on the calling thread, with an analyser that has no
        worker threads (``num_workers=0``), built on entry.

        Processes forked inside the block may use it: an analyser with worker threads must
        not be used after a fork, since its threads do not exist in the child. The previous
        setting and analyser come back on exit.
        """
        saved = (self.num_workers, self._kiwi)
        if self.num_workers != 0:
            self.num_workers, self._kiwi = 0, None
        # built and used once now, before any fork: Kiwi's first analysis initialises the model
        # (about 2 s), which forked processes then share instead of each repeating it
        self.kiwi.tokenize(WARM_UP_TEXT, **self._kiwi_kwargs())
        try:
            yield self
        finally:
            self.num_workers, self._kiwi = saved

    def _kiwi_kwargs(self) -> dict:
        return {"match_options": self._match_value, "split_complex": self.split_complex}

    def __call__(self, text: str) -> Doc:
        """Tokenise one text into a Doc whose text is exactly ``text``."""
        text = _safe(text)
        morphs = self.kiwi.tokenize(text, **self._kiwi_kwargs()) if text else []
        return self._make_doc(text, morphs)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenise a stream of texts, handing batches of ``batch_size`` to Kiwi's threads."""
        for batch in util.minibatch(texts, size=batch_size):
            batch = [_safe(t) for t in batch]
            if self.num_workers == 0:  # Kiwi's single-thread mode has no batch analysis
                results = [self.kiwi.tokenize(t, **self._kiwi_kwargs()) if t else [] for t in batch]
            else:
                results = self.kiwi.tokenize(batch, **self._kiwi_kwargs())
            for text, morphs in zip(batch, results):
                yield self._make_doc(text, morphs if text else [])

    def _make_doc(self, text: str, morphs: Sequence[Any]) -> Doc:
        words, spaces, tags, lemmas = surface_tokens(text, morphs)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if words:
            # tag, UD POS and lemma in one from_array call: what Doc(tags=, pos=, lemmas=) sets,
            # without its per-token conversions (the POS of each tag is looked up once)
            add = self.vocab.strings.add
            rows = [(add(t), _pos_id(t), add(lemma)) for t, lemma in zip(tags, lemmas)]
            doc.from_array(_DOC_ATTRS, numpy.array(rows, dtype="uint64"))
        return doc

    # ------------------------------------------------------------------ initialise
    def initialize(
        self,
        get_examples: Callable | None = None,
        *,
        nlp: Any = None,
        user_dict: str | Path | None = None,
        user_words: Iterable[Sequence[Any]] | None = None,
    ) -> None:
        """Set the user dictionary from ``[initialize.tokenizer]``.

        ``user_dict`` is a Kiwi-style TSV file (``form<TAB>tag[<TAB>score]``, ``#`` comments);
        ``user_words`` a list of ``[form, tag, score]``. Both replace the current words.
        """
        words: list[tuple[str, str, float]] = []
        if user_dict is not None:
            words.extend(read_user_dict(user_dict))
        if user_words is not None:
            words.extend(_check_user_word(w) for w in user_words)
        if user_dict is not None or user_words is not None:
            self.user_words = words
            self._kiwi = None

    # ------------------------------------------------------------------ serialisation
    def _get_config(self) -> dict:
        return {
            "model_type": self.model_type,
            "match_options": list(self.match_options),
            "integrate_allomorph": self.integrate_allomorph,
            "split_complex": self.split_complex,
            "num_workers": self.num_workers,
            "load_typo_dict": self.load_typo_dict,
            "load_multi_dict": self.load_multi_dict,
            "cutoff_threshold": self.cutoff_threshold,
        }

    def _set_config(self, cfg: dict) -> None:
        self.model_type = cfg.get("model_type", self.model_type)
        self.match_options = tuple(cfg.get("match_options", self.match_options))
        self._match_value = _match_value(self.match_options)
        self.integrate_allomorph = bool(cfg.get("integrate_allomorph", self.integrate_allomorph))
        self.split_complex = bool(cfg.get("split_complex", self.split_complex))
        self.num_workers = int(cfg.get("num_workers", self.num_workers))
        self.load_typo_dict = bool(cfg.get("load_typo_dict", self.load_typo_dict))
        self.load_multi_dict = bool(cfg.get("load_multi_dict", self.load_multi_dict))
        self.cutoff_threshold = _cutoff(cfg.get("cutoff_threshold", self.cutoff_threshold))
        self._kiwi = None

    def _set_user_words(self, words: Iterable[Sequence[Any]]) -> None:
        self.user_words = [_check_user_word(w) for w in words]
        self._kiwi = None

    def to_bytes(self, *, exclude: Iterable[str] = tuple(), **kwargs) -> bytes:
        """Serialise the settings and the user dictionary."""
        serializers = {
            "cfg": lambda: srsly.json_dumps(self._get_config()),
            "user_words": lambda: srsly.json_dumps([list(w) for w in self.user_words]),
        }
        return util.to_bytes(serializers, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple(), **kwargs) -> "KiwiTokenizer":
        """Load settings and user dictionary written by :meth:`to_bytes`."""
        deserializers = {
            "cfg": lambda b: self._set_config(srsly.json_loads(b)),
            "user_words": lambda b: self._set_user_words(srsly.json_loads(b)),
        }
        util.from_bytes(data, deserializers, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple(), **kwargs) -> None:
        """Write ``cfg.json`` and ``user_dict.tsv`` into the directory ``path``."""
        path = util.ensure_path(path)
        serializers = {
            "cfg": lambda p: srsly.write_json(p, self._get_config()),
            "user_dict.tsv": lambda p: write_user_dict(p, self.user_words),
        }
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple(), **kwargs) -> "KiwiTokenizer":
        """Read what :meth:`to_disk` wrote."""
        path = util.ensure_path(path)
        deserializers = {
            "cfg": lambda p: self._set_config(srsly.read_json(p)),
            "user_dict.tsv": lambda p: self._set_user_words(read_user_dict(p)) if p.exists() else None,
        }
        util.from_disk(path, deserializers, exclude)
        return self

    def __reduce__(self):
        return (_rebuild, (self.vocab, self._get_config(), [list(w) for w in self.user_words]))


def _rebuild(vocab: Vocab, cfg: dict, user_words: list) -> KiwiTokenizer:
    tok = KiwiTokenizer(vocab)
    tok._set_config(cfg)
    tok._set_user_words(user_words)
    return tok


@registry.tokenizers("kner.KiwiTokenizer.v1")
def create_kiwi_tokenizer(
    model_type: str | None = None,
    match_options: list[str] = list(DEFAULT_MATCH),
    integrate_allomorph: bool = True,
    split_complex: bool = False,
    num_workers: int = -1,
    load_typo_dict: bool = True,
    load_multi_dict: bool = True,
    cutoff_threshold: float | None = None,
) -> Callable[[Any], KiwiTokenizer]:
    """Registered factory for ``[nlp.tokenizer] @tokenizers = "kner.KiwiTokenizer.v1"``.

    model_type: Kiwi's language model (None for Kiwi's default).
    match_options: names of ``kiwipiepy.Match`` flags to enable (default: all but SERIAL).
    integrate_allomorph: merge allomorphic endings (Kiwi option).
    split_complex: split derived words into their parts (Kiwi option).
    num_workers: Kiwi threads for :meth:`KiwiTokenizer.pipe` (-1: all cores; 0: one thread,
        no batch analysis).
    load_typo_dict: load Kiwi's typo dictionary (common misspellings as entries).
    load_multi_dict: load Kiwi's multi-word dictionary (multi-word proper nouns, mostly names
        of people and works, as one NNP). Both off make Kiwi about 10 % faster; the fast CNN
        config turns them off.
    cutoff_threshold: Kiwi's pruning margin in its path search (``Kiwi.cutoff_threshold``):
        candidates scoring this much below the best are dropped. None keeps Kiwi's default
        (8.0); smaller prunes more and analyses faster. The fast CNN config sets 4.0: Kiwi
        about 25 % faster on one thread, entity boundaries and the rules' F1 unchanged
        (docs/benchmarks.md, speed section).
    """

    def kiwi_tokenizer_factory(nlp: Any) -> KiwiTokenizer:
        return KiwiTokenizer(
            nlp.vocab,
            model_type=model_type,
            match_options=match_options,
            integrate_allomorph=integrate_allomorph,
            split_complex=split_complex,
            num_workers=num_workers,
            load_typo_dict=load_typo_dict,
            load_multi_dict=load_multi_dict,
            cutoff_threshold=cutoff_threshold,
        )

    return kiwi_tokenizer_factory


# ---------------------------------------------------------------------- pure helpers


def surface_tokens(text: str, morphs: Sequence[Any]) -> tuple[list[str], list[bool], list[str], list[str]]:
    """Turn Kiwi morphemes into spaCy ``words``/``spaces`` plus tags and lemmas.

    Works from ``start``/``len`` only (never ``form``): morphemes whose surface ranges
    overlap, or that have zero length, merge with their neighbour; text Kiwi skipped
    becomes its own token (``_SP`` for white space, ``UN`` otherwise); one plain space
    after a token becomes that token's trailing space.
    """
    n = len(text)
    # groups: [start, end, tags, forms, order-keys]; Kiwi returns morphemes in order, so
    # sorting is only needed when it did not.
    spans = [(m.start, m.len, m.tag, m.form) for m in morphs]
    if any(spans[i][0] > spans[i + 1][0] for i in range(len(spans) - 1)):
        spans.sort(key=lambda x: (x[0], -x[1]))
    groups: list[list[Any]] = []
    zero: list[tuple[int, str, str]] = []
    for start, length, tag, form in spans:
        start = min(max(start, 0), n)
        end = min(start + max(length, 0), n)
        if end <= start:
            zero.append((start, tag, form))
        elif groups and start < groups[-1][1]:
            g = groups[-1]
            if end > g[1]:
                g[1] = end
            g[2].append(tag)
            g[3].append(form)
        else:
            groups.append([start, end, [tag], [form]])
    for item in zero:
        _attach_zero_length(groups, item)

    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []

    def add_gap(gap: str) -> None:
        if gap == " " and words and not spaces[-1] and tags[-1] != SPACE_TAG:
            spaces[-1] = True
            return
        for m in _RUNS.finditer(gap):
            run = m.group()
            if run.isspace():
                if run[0] == " " and words and not spaces[-1] and tags[-1] != SPACE_TAG:
                    spaces[-1] = True
                    run = run[1:]
                if run:
                    words.append(run)
                    spaces.append(False)
                    tags.append(SPACE_TAG)
                    lemmas.append(run)
            else:
                words.append(run)
                spaces.append(False)
                tags.append(UNKNOWN_TAG)
                lemmas.append(run)

    pos = 0
    for start, end, g_tags, g_forms in groups:
        if start > pos:
            add_gap(text[pos:start])
        words.append(text[start:end])
        spaces.append(False)
        if len(g_tags) == 1:
            tags.append(str(g_tags[0]))
            lemmas.append(g_forms[0])
        else:
            tags.append("+".join(str(t) for t in g_tags))
            lemmas.append("+".join(g_forms))
        pos = end
    if pos < n:
        add_gap(text[pos:n])
    return words, spaces, tags, lemmas


_RUNS = re.compile(r"\s+|\S+")


@functools.lru_cache(maxsize=None)
def _pos_id(tag: str) -> int:
    """spaCy's id of the UD POS of a Kiwi tag (:func:`kner.tags.ud_pos`)."""
    return POS_IDS[ud_pos(tag)]


def _attach_zero_length(groups: list[list[Any]], item: tuple[int, str, str]) -> None:
    """Attach a zero-length morpheme to the token containing, ending at or starting at its position.

    The morpheme's tag and form are placed in surface order: after the token's morphemes
    when the token ends at its position, before them when the token starts there.
    """
    at, tag, form = item
    ending = starting = None
    for g in groups:
        if g[0] < at < g[1]:
            g[2].append(tag)
            g[3].append(form)
            return
        if g[1] == at:
            ending = g
        elif g[0] == at:
            starting = g
            break
    if starting is not None:
        starting[2].insert(0, tag)
        starting[3].insert(0, form)
    elif ending is not None:
        ending[2].append(tag)
        ending[3].append(form)


def _cutoff(value: Any) -> float | None:
    """``cutoff_threshold`` as a positive float, or None (Kiwi's default)."""
    if value is None:
        return None
    value = float(value)
    if not value > 0:
        raise ValueError(f"cutoff_threshold must be positive (or null for Kiwi's default), not {value}")
    return value


def _match_value(names: Iterable[str]) -> int:
    from kiwipiepy import Match

    value = 0
    for name in names:
        flag = getattr(Match, str(name).upper(), None)
        if flag is None:
            raise ValueError(f"unknown Kiwi match option {name!r}")
        value |= int(flag)
    return value


def _safe(text: str) -> str:
    """Check that ``text`` is a str Kiwi and spaCy can take; return it unchanged."""
    if not isinstance(text, str):
        raise TypeError(f"KiwiTokenizer takes a str, got {type(text).__name__}")
    bad = _SURROGATE.search(text)
    if bad:
        raise ValueError(
            f"text contains a lone surrogate (U+{ord(bad.group()):04X}) at offset {bad.start()}: "
            "not valid Unicode; decode the input with errors='replace' first"
        )
    return text


def _check_user_word(word: Sequence[Any]) -> tuple[str, str, float]:
    if isinstance(word, str):
        word = (word,)
    form = str(word[0]).strip()
    tag = str(word[1]) if len(word) > 1 else "NNP"
    score = float(word[2]) if len(word) > 2 else 0.0
    if not form or any(ch.isspace() for ch in form):
        raise ValueError(f"user word {form!r} must be non-empty and contain no white space")
    if tag not in USER_TAGS:
        raise ValueError(f"user word tag {tag!r} must be one of {', '.join(USER_TAGS)}")
    return form, tag, score


def read_user_dict(path: str | Path) -> list[tuple[str, str, float]]:
    """Read a Kiwi-style user dictionary: ``form<TAB>tag[<TAB>score]`` lines, ``#`` comments."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words.append(_check_user_word(line.rstrip("\n").split("\t")))
    return words


def write_user_dict(path: str | Path, words: Iterable[tuple[str, str, float]]) -> None:
    """Write a user dictionary in the format :func:`read_user_dict` reads."""
    lines = [f"{form}\t{tag}\t{score}" for form, tag, score in words]
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
