"""An ordered, streaming process-pool map of :func:`spundetect.compare` over many pairs.

This is what ``compare_many(pairs, workers=N)`` runs. Each worker process loads the
resources (spaCy's tokenizer, WordNet, word frequencies, the scorer) once, in its
initializer; pairs are sent in small chunks and results come back **in input order**. The
input is read lazily, at most a few chunks ahead of the results handed out, so an
unbounded generator of pairs can be scored in bounded memory.

Workers share what they learn: the caches that are costliest to fill (the judgement and
pairing affinity of two phrases, each a walk through WordNet when cold, and the tokens of a
run of text) hold pure functions of their keys, so each worker writes the entries it
computes to a journal the others read before their next pair (:mod:`spundetect.sharing`).
On a batch whose texts share their vocabulary, two workers otherwise compute many of the
same entries. Results are the same either way.

Errors behave as in the serial path: an item that is not a pair of two strings raises
:class:`~spundetect.errors.InputError` (``E102``/``E101``, naming the item's index) when
its turn comes, after every earlier result has been yielded; an error raised by the
library inside a worker is raised again in the caller with the same class, code and
message.

Start method: on Linux a pool is started with ``fork`` when the calling process has a
single Python thread (the workers then inherit what the caller has already loaded, so
they start in milliseconds), else with ``forkserver``; ``spawn`` elsewhere. Forking a
process that has loaded spaCy, NLTK's WordNet and wordfreq is safe (none of them starts
Python threads; OpenBLAS, loaded with numpy, handles fork itself); forking a multi-threaded
process is not, hence the check. Pass
``start_method=`` to choose.

Examples:
    >>> from spundetect.parallel import compare_pairs
    >>> from spundetect.settings import Settings
    >>> pairs = [("The old friend came.", "The previous pal came."), ("a b c d", "a b c d")]
    >>> [c.verdict for c in compare_pairs(pairs, workers=2, settings=Settings())]
    ['spun', 'copy']
"""

from __future__ import annotations

import copyreg
import gc
import io
import multiprocessing
import os
import pickle
import shutil
import signal
import struct
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from spundetect import errors, sharing
from spundetect.errors import InputError, InputTypeError, SettingsError, SpundetectError, describe

if TYPE_CHECKING:  # pragma: no cover
    from spundetect.models import Comparison
    from spundetect.settings import Settings

__all__ = ["compare_pairs", "ordered_map", "default_start_method", "DEFAULT_CHUNKSIZE"]

R = TypeVar("R")

DEFAULT_CHUNKSIZE = 4
"""Pairs per task when ``chunksize`` is ``None``: article-length pairs take tens of
milliseconds each, so a few per task keep the inter-process overhead small while the
results still stream."""

_AHEAD = 3
"""Chunks in flight per worker: enough to keep every worker busy, few enough to bound
memory."""

_START_METHODS = ("fork", "forkserver", "spawn")


def default_start_method() -> str:
    """The start method :func:`compare_pairs` uses when none is given.

    ``"fork"`` on Linux when only one Python thread runs (fast: the workers inherit the
    loaded resources), ``"forkserver"`` on Linux otherwise, ``"spawn"`` elsewhere.
    """
    if sys.platform.startswith("linux"):
        return "fork" if threading.active_count() == 1 else "forkserver"
    return "spawn"


def compare_pairs(
    pairs: Iterable[tuple[str, str]],
    *,
    workers: int | None,
    settings: Settings,
    chunksize: int | None = None,
    start_method: str | None = None,
) -> Iterator[Comparison]:
    """Compare ``(original, suspect)`` pairs in worker processes; yield results in order.

    Args:
        pairs: an iterable of ``(original, suspect)`` pairs of ``str``; read lazily.
        workers: number of worker processes; ``1`` compares in this process (no pool),
            ``None`` uses one per CPU.
        settings: the :class:`~spundetect.settings.Settings` for every pair.
        chunksize: pairs per task (default :data:`DEFAULT_CHUNKSIZE`).
        start_method: ``"fork"``, ``"forkserver"`` or ``"spawn"``; ``None`` for
            :func:`default_start_method`.

    Yields:
        One :class:`~spundetect.models.Comparison` per pair, in input order; identical to
        what the serial ``compare_many`` gives.

    Raises:
        SettingsError: ``workers``, ``chunksize`` or ``start_method`` is not allowed.
        InputError: an item is not a pair of two strings (raised at that item's turn).
        SpundetectError: whatever :func:`spundetect.compare` raises for a pair, re-raised
            with the same class, code and message.
        concurrent.futures.process.BrokenProcessPool: a worker process died (killed, out
            of memory).
    """
    n_workers = _check_workers(workers)
    size = _check_chunksize(chunksize)
    method = _check_start_method(start_method)
    items = _checked(pairs)
    if n_workers == 1:
        return _serial(items, settings)
    return _pooled(items, settings, n_workers, size, method)


# --- arguments -----------------------------------------------------------------------------


def _check_workers(workers: object) -> int:
    if workers is None:
        return max(1, os.cpu_count() or 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SettingsError(f"workers must be an int >= 1 or None, got {describe(workers)}")
    return workers


def _check_chunksize(chunksize: object) -> int:
    if chunksize is None:
        return DEFAULT_CHUNKSIZE
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise SettingsError(f"chunksize must be an int >= 1 or None, got {describe(chunksize)}")
    return chunksize


def _check_start_method(method: object) -> str:
    if method is None:
        return default_start_method()
    if method not in _START_METHODS or method not in multiprocessing.get_all_start_methods():
        allowed = [m for m in _START_METHODS if m in multiprocessing.get_all_start_methods()]
        raise SettingsError(f"start_method must be one of {allowed} or None, got {describe(method)}")
    return str(method)


class _Bad:
    """An input item that failed the checks; raised when its turn comes."""

    __slots__ = ("error",)

    def __init__(self, error: InputError) -> None:
        self.error = error


def _checked(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str] | _Bad]:
    """The items, checked exactly as the serial ``compare_many`` checks them."""
    for k, item in enumerate(pairs):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            yield _Bad(InputError(
                f"pairs[{k}] must be an (original, suspect) pair of str, got {describe(item)}",
                code="E102",
            ))
            return
        original, suspect = item
        for name, value in ((f"pairs[{k}][0] (original)", original), (f"pairs[{k}][1] (suspect)", suspect)):
            if not isinstance(value, str):
                yield _Bad(InputTypeError(
                    f"{name} must be a str (decode bytes first, e.g. data.decode('utf-8')), "
                    f"got {describe(value)}",
                    code="E101",
                ))
                return
        yield original, suspect


# --- serial and pooled paths -----------------------------------------------------------------


def _serial(items: Iterator[tuple[str, str] | _Bad], settings: Settings) -> Iterator[Comparison]:
    from spundetect.compare import _run

    for item in items:
        if isinstance(item, _Bad):
            raise item.error
        yield _run(item[0], item[1], settings)


def _pooled(
    items: Iterator[tuple[str, str] | _Bad],
    settings: Settings,
    workers: int,
    chunksize: int,
    method: str,
) -> Iterator[Comparison]:
    context = multiprocessing.get_context(method)
    # While the pool runs, this process mostly unpickles results, and every few thousand
    # objects the collector would walk the whole heap (the loaded resources and caches):
    # a third of this process's time. Freezing what exists now keeps those passes to the
    # new objects; the heap is unfrozen when the pool ends. (Skipped if the caller froze
    # objects itself: unfreezing would release theirs too.)
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    # Workers share the cache entries they compute through journal files in a
    # temporary directory (see ``_Journal``), removed when the pool ends.
    journals = _make_journal_dir()
    try:
        yield from _pool_results(items, settings, workers, chunksize, context, journals, freeze)
    finally:
        if journals is not None:
            shutil.rmtree(journals, ignore_errors=True)
        if freeze:
            gc.unfreeze()


def _pool_results(
    items: Iterator[tuple[str, str] | _Bad],
    settings: Settings,
    workers: int,
    chunksize: int,
    context: Any,
    journals: str | None,
    freeze: bool,
) -> Iterator[Comparison]:
    pending: deque[Future[bytes] | _Bad] = deque()
    window = workers * _AHEAD
    executor = _new_pool(workers, context, _init_worker, (settings, journals, workers, context.Value("i", 0)))
    try:
        chunk: list[tuple[str, str]] = []
        bad: _Bad | None = None
        for item in items:
            if isinstance(item, _Bad):
                bad = item
                break
            chunk.append(item)
            if len(chunk) >= chunksize:
                pending.append(executor.submit(_compare_chunk, chunk, settings))
                chunk = []
                while len(pending) >= window:
                    yield from _results(pending.popleft(), freeze)
        if chunk:
            pending.append(executor.submit(_compare_chunk, chunk, settings))
        if bad is not None:
            pending.append(bad)
        while pending:
            yield from _results(pending.popleft(), freeze)
    finally:
        for future in pending:
            if isinstance(future, Future):
                future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int, context: Any, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Executor:
    """The package's process pool: every pooled job (comparisons, batch files, index building) starts here."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer,
                               initargs=initargs)


def ordered_map(
    function: Callable[..., R],
    argument_tuples: Iterable[tuple[Any, ...]],
    *,
    workers: int,
    start_method: str | None = None,
) -> Generator[R, None, None]:
    """``function(*args)`` for each tuple of arguments, in worker processes, in input order.

    The same pool as :func:`compare_pairs` (start method, bounded look-ahead), for jobs
    other than a plain stream of comparisons: fingerprinting documents for an index, the
    rows of a ``batch`` file (each turned into a record or an error record). Each tuple is
    one task: give chunks of work, not single items. ``function`` must be importable
    (a module-level function). The workers ignore Ctrl-C: the caller alone stops the
    pool (closing this generator) and keeps what is done.

    Args:
        function: a picklable function.
        argument_tuples: the arguments of each call; read lazily, a few tasks ahead.
        workers: worker processes (1 runs in this process).
        start_method: as in :func:`compare_pairs`.

    Yields:
        Each call's result, in input order. Closing the generator stops the pool at once.

    Examples:
        >>> from operator import add
        >>> list(ordered_map(add, [(1, 2), (3, 4)], workers=2))
        [3, 7]
    """
    n_workers = _check_workers(workers)
    method = _check_start_method(start_method)
    if n_workers == 1:
        for args in argument_tuples:
            yield function(*args)
        return
    executor = _new_pool(n_workers, multiprocessing.get_context(method), _init_map_worker, ())
    pending: deque[Future[R]] = deque()
    try:
        for args in argument_tuples:
            pending.append(executor.submit(function, *args))
            while len(pending) >= n_workers * _AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)


def _init_map_worker() -> None:
    # Ctrl-C reaches the whole process group: let the caller alone handle it (it stops the
    # pool and writes what is done, as the batch command does) instead of every worker
    # dying mid-task with a traceback. Freezing the inherited heap keeps the collector off it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def _results(task: Future[bytes] | _Bad, freeze: bool) -> Iterator[Comparison]:
    if isinstance(task, _Bad):
        raise task.error
    from spundetect.segment import gc_paused

    data = task.result()
    # A chunk unpickles into tens of thousands of objects: the collector would run a
    # few times over them (and the caller's heap) for nothing, as nothing here is garbage.
    # When the pool froze the heap, the results join it (unfrozen with it when the pool
    # ends): else the collector walks them once or twice more while the caller holds them.
    with gc_paused():
        results: list[Any] = pickle.loads(data)
        if freeze:
            gc.freeze()
    for result in results:
        if isinstance(result, _Failure):
            raise result.rebuild()
        yield result


# --- in the worker -------------------------------------------------------------------------


class _Failure:
    """A library error raised in a worker, carried back as plain data.

    Exceptions with keyword-only constructor arguments (``code=``) do not survive pickling
    intact, so the class, code and message travel separately and are put together again.
    """

    __slots__ = ("name", "code", "message")

    def __init__(self, err: SpundetectError) -> None:
        self.name = type(err).__name__
        self.code = err.code
        self.message = err.message

    def __getstate__(self) -> tuple[str, str, str]:
        return (self.name, self.code, self.message)

    def __setstate__(self, state: tuple[str, str, str]) -> None:
        self.name, self.code, self.message = state

    def rebuild(self) -> SpundetectError:
        cls = getattr(errors, self.name, SpundetectError)
        if not (isinstance(cls, type) and issubclass(cls, SpundetectError)):
            cls = SpundetectError
        return cls(self.message, code=self.code)


_WARM: set[Settings] = set()


def warm_up(settings: Settings) -> None:
    """Load every resource a comparison with ``settings`` needs, once per process.

    Runs one tiny comparison (which loads spaCy's tokenizer or the named pipeline, WordNet,
    the word frequencies and the scorer), then moves everything loaded so far out of the
    garbage collector's way (``gc.freeze``): the collector no longer rescans the hundreds
    of thousands of long-lived WordNet objects, and forked workers do not copy them.
    """
    if settings in _WARM:
        return
    from spundetect.compare import _run

    _run("The two men met an old friend.", "The 2 males met a previous pal.", settings)
    _WARM.add(settings)
    gc.freeze()


def _init_worker(settings: Settings, journals: str | None, workers: int, started: Any) -> None:
    # A forked worker inherits the caller's whole heap. Freezing it at once keeps the
    # collector from ever walking it (a full pass over a large caller's heap takes seconds
    # and writes to every page, which the kernel then copies into the worker).
    gc.freeze()
    try:
        warm_up(settings)
    except SpundetectError:
        pass  # raised again, with its message, for the first pair of the worker's first task
    if journals is not None:
        with started.get_lock():
            index = started.value
            started.value += 1
        _Journal.open(journals, index, workers)


def _compare_chunk(chunk: list[tuple[str, str]], settings: Settings) -> bytes:
    """The chunk's results (or a :class:`_Failure` last), already pickled.

    They are pickled here, with the collector paused, and dropped before it resumes:
    returned as objects, each pair's thousands of result objects would be scanned by a
    collection or two on their way out (about 5 % of a worker's time).
    """
    from spundetect.compare import _run
    from spundetect.segment import gc_paused

    with gc_paused():
        out: list[Any] = []
        journal = _Journal.current
        for original, suspect in chunk:
            if journal is not None:
                journal.read()
            try:
                out.append(_run(original, suspect, settings))
            except SpundetectError as err:
                out.append(_Failure(err))
                break  # the caller stops at this error: later pairs of the chunk are not needed
        data = _dumps(out)
        del out
        if journal is not None:
            journal.write()
        # What is left of the chunk is what the caches took in (WordNet entries and
        # relations, evidence, tokens): kept for the worker's life. Freezing it spares
        # the collector from walking it once or twice more (up to 6 % of a worker's
        # time). A comparison makes no reference cycles (a test checks it), so nothing
        # the collector could free is frozen; frozen objects are still freed as usual
        # when the caches drop them.
        gc.freeze()
    return data


# --- sharing cache entries between workers ---------------------------------------------------
#
# Each worker appends the cache entries it computes (``sharing.take_journal``) to a file
# of its own in a temporary directory, one length-prefixed pickle per chunk, and reads the
# other workers' files before each pair (``sharing.learn``). Files need no thread and never
# block: a reader keeps an incomplete last frame until its writer has finished it. Sharing
# is an optimisation only: without a temporary directory the pool runs without it.

_FRAME = struct.Struct("<Q")

JOURNAL_ENTRIES = 20_000
"""Entries each worker shares, its first ones: a cold start computes the entries of the
frequent words, which every worker needs; later entries are mostly specific to their
documents and not worth passing on (on 500 real article pairs, sharing everything cost the
workers 5-10 % more time)."""


def _make_journal_dir() -> str | None:
    try:
        return tempfile.mkdtemp(prefix="spundetect-pool-")
    except OSError:
        return None


class _Journal:
    """This worker's journal file and its reading positions in the other workers' files."""

    current: _Journal | None = None

    def __init__(self, directory: str, index: int, workers: int) -> None:
        self.directory = directory
        self.index = index
        self.out = os.open(self._path(index), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.written = 0
        self.others = [k for k in range(workers) if k != index]
        self.inputs: dict[int, int] = {}  # worker index -> open file descriptor
        self.pending: dict[int, bytes] = {k: b"" for k in self.others}

    @classmethod
    def open(cls, directory: str, index: int, workers: int) -> None:
        """Start sharing in this worker; without a journal file of its own it does not."""
        try:
            cls.current = cls(directory, index, workers)
        except OSError:
            return
        sharing.start_journal()

    def _path(self, index: int) -> str:
        return os.path.join(self.directory, f"{index}.journal")

    def write(self) -> None:
        """Append what this worker computed since the last call, up to :data:`JOURNAL_ENTRIES`.

        A failed write (a full disk) ends this worker's sharing, not its work.
        """
        entries = sharing.take_journal()
        if not entries or self.written >= JOURNAL_ENTRIES:
            return
        data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.write(self.out, _FRAME.pack(len(data)) + data)
        except OSError:
            self.written = JOURNAL_ENTRIES
        else:
            self.written += len(entries)
        if self.written >= JOURNAL_ENTRIES:
            sharing.stop_journal()

    def read(self) -> None:
        """Learn every complete frame the other workers have written since the last call."""
        for k in self.others:
            fd = self.inputs.get(k)
            try:
                if fd is None:
                    fd = self.inputs[k] = os.open(self._path(k), os.O_RDONLY)
                chunk = os.read(fd, 1 << 24)
            except OSError:
                continue  # that worker has not started yet (or its file is gone)
            if not chunk:
                continue
            buffer = self.pending[k] + chunk
            start = 0
            while len(buffer) - start >= _FRAME.size:
                (size,) = _FRAME.unpack_from(buffer, start)
                end = start + _FRAME.size + size
                if end > len(buffer):
                    break
                sharing.learn(pickle.loads(buffer[start + _FRAME.size : end]))
                start = end
            self.pending[k] = buffer[start:]


# --- compact transport of results ------------------------------------------------------------
#
# pydantic pickles a model as its class plus a state dict of four entries (``__dict__``,
# fields set, extra, private), which the caller's process rebuilds through a Python
# ``__setstate__``: the 500 article-length results of the batch benchmark hold 48,000
# models, 11.7 MB to pickle (0.15 s in the workers) and to read back in the caller. The result
# models (frozen, no extra fields, no private attributes) travel instead as their class, their
# ``__dict__`` and, only when it is not every field, their fields set; :func:`_model`
# rebuilds exactly what ``__setstate__`` would. (Field names and values as two tuples make
# smaller pickles, but rebuilding the dict in Python costs more than pickle's own.) Anything
# unusual (a model with extra fields or private attributes) falls back to pydantic's own
# pickling.


def _model(cls: Any, state: dict[str, Any], fields_set: set[str] | None) -> Any:
    """A model rebuilt from :func:`_reduce_model`'s parts, as ``BaseModel.__setstate__`` does."""
    obj = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(obj, "__dict__", state)
    setattr_(obj, "__pydantic_fields_set__", set(state) if fields_set is None else fields_set)
    setattr_(obj, "__pydantic_extra__", None)
    setattr_(obj, "__pydantic_private__", None)
    return obj


def _reduce_model(obj: Any) -> tuple[Any, ...]:
    if obj.__pydantic_extra__ is not None or obj.__pydantic_private__ is not None:
        return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)  # type: ignore[no-any-return]
    state = obj.__dict__
    fields_set = obj.__pydantic_fields_set__
    # The fields set is always a subset of the fields, which ``__dict__`` holds.
    return (_model, (type(obj), state, None if len(fields_set) == len(state) else fields_set))


def _dumps(results: list[Any]) -> bytes:
    """``pickle.dumps(results)``, with the result models in the compact form above."""
    if not _DISPATCH:
        from spundetect import models

        _DISPATCH.update(copyreg.dispatch_table)
        for cls in (models.Comparison, models.SentencePair, models.Swap, models.Edit, models.Tell,
                    models.Statistics, models.Passage, models.Signature):
            _DISPATCH[cls] = _reduce_model
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(results)
    return buffer.getvalue()


_DISPATCH: dict[type, Any] = {}
