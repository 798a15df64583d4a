"""Running a pipeline over document records, in one process or several.

:func:`predict_records` turns LABEL_SPEC records into predicted records: ``meta.date`` goes to
the doc before the pipeline runs (``kner_normalizer`` resolves relative dates against it),
texts of any length are cut into chunks at line ends and the offsets shifted back, and each
entity of a kner label becomes a span with its ``norm``.

With ``n_process`` > 1 the chunks are handed, in tasks of up to 20,000 characters that shrink
towards the end of the input (:func:`tasks_of`), to worker
processes forked from this one: each runs the whole pipeline and sends back only the spans
(small dicts), so the parent does almost no work and both cores of a 2-core machine run the
pipeline. Forking shares the loaded pipeline with the workers (nothing is pickled or
reloaded); kner's Kiwi tokenizer switches to an analyser without worker threads for the
duration (:meth:`kner.tokenizer.KiwiTokenizer.single_threaded`), since threads do not survive a
fork, and torch, when loaded, runs one thread per worker. Where ``fork`` is not available
(Windows), the records are processed in this process, with a warning.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import warnings
from collections import Counter
from typing import Callable, Iterable, Iterator, Optional

from .records import LABELS

# Documents longer than this are run through a pipeline in paragraph chunks (offsets kept).
CHUNK_CHARS = 100_000
# Worker tasks: about this many characters each, at least 4 tasks per process when there is
# enough text (so that one slow task does not leave a core idle at the end).
TASK_CHARS = 20_000
MIN_TASK_CHARS = 1_000

Job = tuple[str, Optional[str]]  # (chunk text, document date)


def chunk_offsets(text: str, max_chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``[(start, end), …]`` covering ``text``, each at most ``max_chars`` long, cut after a
    newline where there is one in the window, else after whitespace, else anywhere."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    out = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + 1, end)
            if cut < 0:
                cut = max(text.rfind(ch, start + 1, end) for ch in (" ", "\t"))
            if cut > start:
                end = cut + 1
        out.append((start, end))
        start = end
    return out


def _set_date(doc, date: Optional[str]):
    from spacy.tokens import Doc

    if Doc.has_extension("date"):
        doc._.date = date
    doc.user_data["kner_date"] = date
    return doc


def _tokenize(nlp, texts: Iterable[str]) -> Iterator:
    """Docs of ``texts``, lazily: in batches through ``nlp.tokenizer.pipe`` when the tokenizer
    has one (kner's Kiwi tokenizer hands a batch to Kiwi's threads), else one by one with
    ``nlp.make_doc``. The caller keeps ``nlp.max_length`` above the longest text."""
    pipe = getattr(nlp.tokenizer, "pipe", None)
    if callable(pipe):
        return iter(pipe(texts))
    return (nlp.make_doc(text) for text in texts)


def _doc_spans(doc, with_text: bool, has_norm: bool) -> list[dict]:
    """The doc's entities of kner labels as span dicts (offsets within the doc's text)."""
    spans = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        span = {"start": ent.start_char, "end": ent.end_char, "label": ent.label_}
        if with_text:
            span["text"] = ent.text
        if has_norm and ent._.norm is not None:
            span["norm"] = ent._.norm
        spans.append(span)
    return spans


def _spans_here(nlp, jobs: Iterable[Job], batch_size: int, with_text: bool) -> Iterator[list[dict]]:
    """The spans of each job, in order, computed in this process."""
    from spacy.tokens import Span

    has_norm = Span.has_extension("norm")
    jobs = list(jobs)
    docs = nlp.pipe((_set_date(doc, date) for (_text, date), doc in zip(jobs, _tokenize(nlp, (j[0] for j in jobs)))),
                    batch_size=batch_size)
    for doc in docs:
        yield _doc_spans(doc, with_text, has_norm)


# the pipeline and settings of the current parallel run, inherited by the forked workers
_WORKER: dict = {}


def _init_worker() -> None:
    """Worker set-up: one torch thread per process (the processes are the parallelism)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _work(task: list[Job]) -> list[list[dict]]:
    """Run in a worker: the spans of each job of ``task``."""
    nlp, batch_size, with_text = _WORKER["run"]
    return list(_spans_here(nlp, task, batch_size, with_text))


def _task_size(remaining: int, n_process: int) -> int:
    return max(MIN_TASK_CHARS, min(TASK_CHARS, remaining // max(1, 4 * n_process)))


def tasks_of(jobs: list[Job], n_process: int) -> list[list[Job]]:
    """``jobs`` in consecutive groups, shrinking towards the end (guided self-scheduling): each
    group holds about a ``4 × n_process``-th of the characters not yet grouped, at most
    :data:`TASK_CHARS` and at least :data:`MIN_TASK_CHARS`; never an empty group.

    Large groups first keep the per-task cost low; small ones last keep a core from idling while
    the other finishes a long task (measured on 341k characters, 2 processes, 5 interleaved runs:
    workers' CPU time / wall time 1.85–1.97 with equal groups, 1.92–1.96 with shrinking ones)."""
    remaining = sum(len(text) for text, _date in jobs)
    size = _task_size(remaining, n_process)
    tasks: list[list[Job]] = []
    current: list[Job] = []
    chars = 0
    for job in jobs:
        current.append(job)
        chars += len(job[0])
        if chars >= size:
            tasks.append(current)
            remaining -= chars
            size = _task_size(remaining, n_process)
            current, chars = [], 0
    if current:
        tasks.append(current)
    return tasks


@contextlib.contextmanager
def _no_tokenizers_parallelism() -> Iterator[None]:
    """HF ``tokenizers`` (the transformer pipeline) warns at a fork once its threads have run,
    and turns them off in the child; saying so beforehand (``TOKENIZERS_PARALLELISM=false``
    unless the user set it) keeps the output quiet. Restored on exit."""
    if "tokenizers" not in sys.modules or "TOKENIZERS_PARALLELISM" in os.environ:
        yield
        return
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    try:
        yield
    finally:
        os.environ.pop("TOKENIZERS_PARALLELISM", None)


def _spans_in_processes(nlp, jobs: list[Job], n_process: int, batch_size: int,
                        with_text: bool) -> Iterator[list[dict]]:
    """The spans of each job, in order, computed by ``n_process`` forked workers."""
    if "fork" not in multiprocessing.get_all_start_methods():
        warnings.warn("kner: n_process > 1 needs the 'fork' start method, which this platform lacks; "
                      "running in one process", RuntimeWarning, stacklevel=3)
        yield from _spans_here(nlp, jobs, batch_size, with_text)
        return
    if _WORKER:
        raise RuntimeError("kner: predict_records with n_process > 1 is already running in this process")
    single = getattr(nlp.tokenizer, "single_threaded", None)
    with (single() if callable(single) else contextlib.nullcontext()), _no_tokenizers_parallelism():
        _WORKER["run"] = (nlp, batch_size, with_text)
        try:
            with multiprocessing.get_context("fork").Pool(n_process, initializer=_init_worker) as pool:
                for spans_of_task in pool.imap(_work, tasks_of(jobs, n_process)):
                    yield from spans_of_task
        finally:
            _WORKER.clear()


def predict_records(nlp, records: Iterable[dict], *, batch_size: Optional[int] = None, with_text: bool = False,
                    max_chars: int = CHUNK_CHARS, on_doc: Optional[Callable[[dict], None]] = None,
                    n_process: int = 1) -> list[dict]:
    """Run ``nlp`` over the records' texts; return records whose spans are ``doc.ents``.

    ``meta.date`` goes to ``doc._.date`` (read by ``kner_normalizer``) before the pipeline
    runs. Each span gets ``norm`` from ``span._.norm`` where the pipeline sets it, and its
    ``text`` with ``with_text``. Entities whose label is not a kner label are dropped. A text
    longer than ``max_chars`` is processed in chunks cut at line ends (:func:`chunk_offsets`),
    offsets shifted back, so any length works. ``on_doc`` is called with each finished record,
    in input order. Texts are tokenised in batches when ``nlp.tokenizer`` has ``pipe``.
    ``n_process`` > 1 runs the pipeline in that many forked processes (module docstring); the
    output is the same. ``batch_size``: docs per ``nlp.pipe`` batch, by default the pipeline's
    own ``[nlp] batch_size`` (256 in ``ner_cnn.cfg``, 32 in ``ner_trf.cfg``).
    """
    if batch_size is None:
        batch_size = nlp.batch_size
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1, not {n_process}")
    records = list(records)
    jobs: list[tuple[int, int, str, Optional[str]]] = []  # (record index, offset, chunk text, date)
    for i, rec in enumerate(records):
        date = (rec.get("meta") or {}).get("date")
        for start, end in chunk_offsets(rec["text"], max_chars):
            jobs.append((i, start, rec["text"][start:end], date))
    longest = max((len(j[2]) for j in jobs), default=0)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1

    texts = [(text, date) for _i, _offset, text, date in jobs]
    if n_process > 1 and len(jobs) > 1:
        results = _spans_in_processes(nlp, texts, n_process, batch_size, with_text)
    else:
        results = _spans_here(nlp, texts, batch_size, with_text)
    out: list[Optional[dict]] = [None] * len(records)
    pending: dict[int, list[dict]] = {}
    remaining = Counter(j[0] for j in jobs)
    for (i, offset, _chunk, _date), spans in zip(jobs, results):
        collected = pending.setdefault(i, [])
        for span in spans:
            span["start"] += offset
            span["end"] += offset
            collected.append(span)
        remaining[i] -= 1
        if remaining[i] == 0:
            rec = records[i]
            out[i] = {"id": rec["id"], "text": rec["text"], "meta": dict(rec.get("meta") or {}),
                      "spans": sorted(pending.pop(i), key=lambda s: (s["start"], s["end"]))}
            if on_doc is not None:
                on_doc(out[i])
    return out  # type: ignore[return-value]
