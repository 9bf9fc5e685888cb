"""``Index``: find the texts a suspect may be derived from, in a collection, without comparing every pair.

Each document is reduced to a small set of spin-proof fingerprints
(:mod:`spundetect.fingerprint`); an inverted table maps every fingerprint to the
documents that hold it. :meth:`Index.search` looks up the query's fingerprints and ranks
the documents that share them (no :func:`~spundetect.compare`); :meth:`Index.find` then
runs :func:`~spundetect.compare` against the best candidates and keeps those the query is
derived from.

``Index()`` lives in memory; ``Index(path)`` lives in an SQLite file (the standard
library's embedded database: no server, one file, transactions). Both stores sit behind
one small interface, so they give the same answers. On disk every ``add``, ``add_many``
and ``remove`` call is one transaction: a process killed during a call leaves the index
as it was before the call or after it, never in between.

Examples:
    >>> import spundetect
    >>> index = spundetect.Index()
    >>> index.add("a", "The two men met an old friend in Moscow on the 3rd of May in 1999.")
    >>> index.add("b", "A recipe for bread needs flour, water, salt and some yeast.")
    >>> len(index), "a" in index
    (2, True)
    >>> [hit.doc_id for hit in index.search("The 2 males met a previous pal in Moscow on the 3rd of May in 1999.")]
    ['a']
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from spundetect.errors import FileFormatError, InputError, InputTypeError, SettingsError, describe
from spundetect.fingerprint import (
    _BITS, DEFAULT_CONFIG, Facts, FingerprintConfig, document_array, document_arrays, is_sampled, learn_words,
    query_grams, take_new_words,
)
from spundetect.acceptance import COMMON, DEFAULT_ACCEPT, Accept
from spundetect.models import Comparison, Hit, Match, Span
from spundetect.web import Format, as_text, check_format

__all__ = ["Index", "DEFAULT_POSTINGS_CAP", "DEFAULT_CANDIDATES"]

#: Documents looked up per query fingerprint at most, by default: 1 in 2,000 of the
#: collection, at least 100 and at most this. A fingerprint held by more documents (a
#: stock phrase) says little and costs a long read: at 100,000 documents a cap of 100
#: instead of 1,000 (1 %, the earlier default) takes a query's CPU time from 18.5 to
#: 7.9 ms with the same recall of planted copies (docs/search.md). A family of more
#: copies than the cap is found by the fingerprints its members do not all share; give
#: ``postings_cap`` for collections of larger families.
DEFAULT_POSTINGS_CAP = 1000
_MIN_CAP = 100
_CAP_SHARE = 2000  # the cap is the collection's size over this
#: Candidates :meth:`Index.find` compares at least (more when ``k`` is larger).
DEFAULT_CANDIDATES = 10
_FORMAT = "spundetect-index-3"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 2048  # documents fingerprinted per pool task, and written per transaction (one run)
_PIPELINE = 4  # batches waiting for the writing thread at most (:class:`_Writer`; 0: no thread)


# --- argument checks --------------------------------------------------------------------------


def _check_id(doc_id: object, name: str = "doc_id") -> str:
    if not isinstance(doc_id, str):
        raise InputTypeError(f"{name} must be a str, got {describe(doc_id)}", code="E101")
    return doc_id


def _check_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        raise InputTypeError(
            f"{name} must be a str (decode bytes first, e.g. data.decode('utf-8')), got {describe(text)}",
            code="E101",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputError(
            f"{name} contains a lone surrogate {text[err.start]!r} at index {err.start}, which is not valid "
            f"Unicode text; decode the source with errors='replace' (or 'ignore')",
            code="E103",
        ) from err
    return text


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise SettingsError(f"k must be an int >= 1, got {describe(k)}", code="E110")
    return k


# --- stores -------------------------------------------------------------------------------------


class _Addition(NamedTuple):
    """One document to add: its id, text, fingerprints (a sorted numpy array), and where
    its text is among the batch's compressed groups (``group``, ``slot``)."""

    doc_id: str
    text: str
    fps: Any
    group: int
    slot: int


class _Postings(NamedTuple):
    """What a store found for a query's fingerprints: the documents of those held by
    ``cap`` documents or fewer, as arrays (a query's postings run to tens of thousands
    in a large index, and ranking works on them in numpy), and the others' counts."""

    fps: Any  #: the fingerprints found, each once
    lengths: Any  #: how many documents hold each
    numbers: Any  #: those documents, fingerprint after fingerprint
    over: dict[int, int]  #: the fingerprints held by more than ``cap`` documents (at least this many)


class _Read(NamedTuple):
    """Blocks read (:meth:`_SqliteStore._blocks`): how many rows, their data joined."""

    rows: int
    data: bytes


def _no_postings(over: dict[int, int]) -> _Postings:
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    return _Postings(empty, empty, empty, over)


class _Store(Protocol):
    """What an index needs of its storage: documents by number, and postings."""

    def meta(self, key: str) -> str | None: ...

    def count(self) -> int: ...

    def number(self, doc_id: str) -> int | None: ...

    def text(self, number: int) -> str: ...

    def ids(self, numbers: Sequence[int]) -> dict[int, str]: ...

    def sizes(self) -> Any:
        """Per document number: its fingerprint count and its mass (:func:`_mass`), an
        ``(n, 2)`` array (zeros for numbers of no document)."""
        ...

    def postings(self, fps: Sequence[int], cap: int) -> _Postings: ...

    def all_ids(self) -> Iterator[str]: ...

    def words(self) -> Iterator[tuple[str, Facts]]: ...

    def write(self, removals: Sequence[str], additions: Sequence[_Addition], groups: Sequence[bytes],
              fingerprint: Callable[[str], Any], words: Sequence[tuple[str, Facts]] = ()) -> None: ...

    def close(self) -> None: ...


class _MemoryStore:
    """Dictionaries in this process; atomic by building each change before applying it."""

    def __init__(self, config: FingerprintConfig) -> None:
        self._meta = {"format": _FORMAT, "config": config.key}
        self._sample = config.sample
        self._numbers: dict[str, int] = {}
        self._docs: dict[int, tuple[str, str, list[int]]] = {}
        self._postings: defaultdict[int, list[int]] = defaultdict(list)
        self._next = 1

    def meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def count(self) -> int:
        return len(self._numbers)

    def number(self, doc_id: str) -> int | None:
        return self._numbers.get(doc_id)

    def text(self, number: int) -> str:
        return self._docs[number][1]

    def ids(self, numbers: Sequence[int]) -> dict[int, str]:
        return {n: self._docs[n][0] for n in numbers}

    def sizes(self) -> Any:
        import numpy as np

        sizes = np.zeros((self._next, 2), dtype=np.int64)
        for number, (_, _, fps) in self._docs.items():
            sizes[number] = len(fps), _mass(fps, self._sample)
        return sizes

    def postings(self, fps: Sequence[int], cap: int) -> _Postings:
        import numpy as np

        kept: dict[int, list[int]] = {}
        over: dict[int, int] = {}
        for fp in fps:
            found = self._postings.get(fp)
            if found:
                if len(found) > cap:
                    over[fp] = len(found)
                else:
                    kept[fp] = found
        if not kept:
            return _no_postings(over)
        return _Postings(np.array(list(kept), dtype=np.int64),
                         np.array([len(docs) for docs in kept.values()], dtype=np.int64),
                         np.array([n for docs in kept.values() for n in docs], dtype=np.int64), over)

    def all_ids(self) -> Iterator[str]:
        return iter(sorted(self._numbers, key=self._numbers.__getitem__))

    def words(self) -> Iterator[tuple[str, Facts]]:
        return iter(())  # the process's own vocabulary is the store's

    def write(self, removals: Sequence[str], additions: Sequence[_Addition], groups: Sequence[bytes],
              fingerprint: Callable[[str], Any], words: Sequence[tuple[str, Facts]] = ()) -> None:
        for doc_id in removals:
            number = self._numbers.pop(doc_id, None)
            if number is None:
                continue
            _, _, fps = self._docs.pop(number)
            for fp in fps:
                docs = self._postings[fp]
                docs.remove(number)
                if not docs:
                    del self._postings[fp]
        for add in additions:
            number = self._next
            self._next += 1
            fps = [int(fp) for fp in add.fps]
            self._numbers[add.doc_id] = number
            self._docs[number] = (add.doc_id, add.text, fps)
            for fp in fps:
                self._postings[fp].append(number)

    def close(self) -> None:
        pass


# --- postings on disk: sorted runs in blocks --------------------------------------------------

#: Postings per block: a query reads one or two blocks per fingerprint and run.
_BLOCK = 64
#: Runs merged into one of the next level when a level holds this many...
_FANOUT = 6
#: ... unless the merged run would hold more postings than this (bounds a merge's memory:
#: about 40 bytes a posting at its peak). With 2,048 documents of about 200 fingerprints a
#: batch, the levels hold runs of 0.4M, 2.5M and 15M postings: a million such documents
#: make about 13 runs of the last level and a query reads from some 20 runs.
_MAX_RUN = 1 << 25
#: Texts compressed together (zlib over a group of texts compresses better than one by one).
_GROUP = 32
#: zlib's level for the texts: 5 takes a third less time than 6 (0.14 against 0.22 ms a
#: document of 500 words, half of a worker's time once the words are known) for 1 %
#: more bytes of text (16 a document); 4 would add 58 (docs/search.md).
_TEXT_LEVEL = 5
#: SQLite's page cache (KiB) while a batch is written: its inserts revisit the pages of the
#: docs table, its doc_id index and the blocks' B-tree (the cache of the first versions).
_WRITE_CACHE_KIB = 65536
#: ... and while reading. A query reads some 1,700 blocks at a million documents, nearly
#: each on a leaf page of its own among hundreds of thousands, so a large cache is seldom
#: hit, and each page read goes into a buffer of it cold in the processor's caches (the
#: least recently used of up to 64 MiB): reading into a small cache's buffers, which stay
#: in the processor's caches, took about a quarter less time for the same blocks, even
#: with the B-tree's inner pages read again each time (0.25 to 1 MiB alike, 2 MiB and more
#: slower; docs/search.md, branch p50d).
_READ_CACHE_KIB = 1024
#: Fingerprints a query process remembers as held by more documents than the cap, at most.
_COMMON_KEPT = 1 << 20
#: A run stores the exact count of every fingerprint it holds this many times or more
#: (:meth:`_SqliteStore._new_run`): a query adds them up over the runs, so a stock phrase
#: spread thinly over many runs (at a million documents, a fingerprint over the cap of
#: 500 has some 26-40 postings in each of the 13-19 runs, mostly split over two blocks,
#: which a block's summary alone does not count) is skipped without reading a block.
#: Below the cap's share of the smallest run that matters; a run of 15M postings stores
#: about 124,000 (1.5 MB, 0.6 % of the index at 100,000 documents: docs/search.md).
_FREQUENT = 16


def _width(largest: int) -> int:
    """Bytes needed for the non-negative integer ``largest`` (at least one)."""
    return max(1, (int(largest).bit_length() + 7) // 8)


def _pack(values: Any, width: int) -> Any:
    """Non-negative integers as a ``(n, width)`` byte matrix, little end first (a view,
    no copy, of an int64 array on a little-endian machine)."""
    import numpy as np

    return values.astype("<u8", copy=False).view(np.uint8).reshape(-1, 8)[:, :width]


def _unpack(matrix: Any) -> Any:
    import numpy as np

    out = matrix[:, 0].astype(np.int64)
    for i in range(1, matrix.shape[1]):
        out |= matrix[:, i].astype(np.int64) << (8 * i)
    return out


class _Layout(NamedTuple):
    """How a run's blocks are packed: each posting is one record of ``fp_width`` bytes (its
    fingerprint less its block's first) and ``num_width`` bytes (its number less its
    block's smallest), widths fixed for the run, so that the blocks a query reads decode
    as one array, with no work per block."""

    fp_width: int
    num_width: int

    @property
    def record(self) -> int:
        return self.fp_width + self.num_width

    def encode(self, fps: Any, numbers: Any, first: int, base: int) -> bytes:
        import numpy as np

        return np.hstack([_pack(fps - first, self.fp_width), _pack(numbers - base, self.num_width)]).tobytes()

    def decode(self, data: bytes, firsts: Any, bases: Any) -> tuple[Any, Any]:
        """The postings of blocks joined in order (``data``), given the first fingerprint
        and smallest number of each block, repeated per posting (``firsts``, ``bases``)."""
        fps, numbers = self.fields(data + bytes(8), 0, len(data) // self.record)
        return fps + firsts, numbers + bases

    def fields(self, buffer: bytes, offset: int, count: int, rows: Any = None) -> tuple[Any, Any]:
        """The two fields of ``count`` records from byte ``offset`` of ``buffer`` (which
        holds 8 bytes or more past their end): each fingerprint less its block's first
        (:meth:`offsets`), and each number less its block's smallest (:meth:`numbers`),
        of the records ``rows`` alone when given (sorted positions among the ``count``)."""
        return self.offsets(buffer, offset, count), self.numbers(buffer, offset, count, rows)

    def _words(self, buffer: bytes, offset: int, count: int) -> Any:
        """Each record of up to 8 bytes (every run's but for numbers over 2**32 apart in
        a block) as one little-endian 64-bit word starting at it, which holds the start
        of the next record too, masked off by the callers: one numpy pass a field, where
        a shift and an or per byte column took one each. A strided view, no copy."""
        import numpy as np

        return np.ndarray((count,), dtype="<u8", buffer=buffer, offset=offset, strides=(self.record,))

    def offsets(self, buffer: bytes, offset: int, count: int, out: Any = None) -> Any:
        """Each fingerprint less its block's first, of ``count`` records from byte
        ``offset`` of ``buffer`` (:meth:`fields`), written into ``out`` (int64, ``count``
        long, contiguous) when given: a query writes every stretch's straight into one
        array, with no copy to join them."""
        import numpy as np

        fw = self.fp_width
        if out is None:
            out = np.empty(count, dtype=np.int64)
        if self.record > 8:
            matrix = np.frombuffer(buffer, dtype=np.uint8, count=count * self.record, offset=offset)
            out[:] = _unpack(matrix.reshape(-1, self.record)[:, :fw])
            return out
        # the fingerprint's bytes are below 2**63: the same bits as uint64 or int64
        np.bitwise_and(self._words(buffer, offset, count), np.uint64((1 << 8 * fw) - 1), out=out.view(np.uint64))
        return out

    def numbers(self, buffer: bytes, offset: int, count: int, rows: Any = None) -> Any:
        """Each number less its block's smallest, of ``count`` records from byte
        ``offset`` of ``buffer`` (:meth:`fields`), of the records ``rows`` alone when given
        (most postings of the blocks a query reads are other fingerprints': their
        fingerprints are not decoded again for these)."""
        import numpy as np

        fw, nw = self.fp_width, self.num_width
        if self.record > 8:
            matrix = np.frombuffer(buffer, dtype=np.uint8, count=count * self.record, offset=offset)
            matrix = matrix.reshape(-1, self.record)
            return _unpack((matrix if rows is None else matrix[rows])[:, fw:])
        words = self._words(buffer, offset, count)
        # a gather is a new array, shifted and masked in place; the view of the
        # buffer (read-only bytes) is shifted into a new one
        chosen = np.right_shift(words, np.uint64(8 * fw)) if rows is None else words[rows]
        if rows is not None:
            chosen >>= np.uint64(8 * fw)
        chosen &= np.uint64((1 << 8 * nw) - 1)
        return chosen.view(np.int64)


def _pack_texts(texts: Sequence[str]) -> bytes:
    """Texts compressed as one zlib stream: their UTF-8 lengths, then the texts."""
    import numpy as np

    encoded = [t.encode("utf-8") for t in texts]
    head = np.array([len(encoded), *map(len, encoded)], dtype="<u4").tobytes()
    return zlib.compress(head + b"".join(encoded), _TEXT_LEVEL)


def _unpack_text(blob: bytes, slot: int) -> str:
    import numpy as np

    raw = zlib.decompress(blob)
    count = int(np.frombuffer(raw[:4], dtype="<u4")[0])
    lengths = np.frombuffer(raw[4 : 4 + 4 * count], dtype="<u4").astype(np.int64)
    start = 4 + 4 * count + int(lengths[:slot].sum())
    return raw[start : start + int(lengths[slot])].decode("utf-8")


def _filter_positions(fps: Any, bits: int) -> tuple[Any, Any]:
    """The two bit positions of each fingerprint in a run's filter of ``bits`` bits (a
    power of two): its own hash bits, and those bits multiplied by an odd constant."""
    import numpy as np

    # views, not copies: every value is non-negative and below 2**63, so the bits read
    # the same in either type (a merged run's filter takes some 7M fingerprints)
    high = (fps >> 1).view(np.uint64)
    shift = np.uint64(64 - (bits.bit_length() - 1))
    return (high & np.uint64(bits - 1)).view(np.int64), ((high * np.uint64(0x9E3779B97F4A7C15)) >> shift).view(np.int64)


def _filters_hold(filters: Any, starts: Any, bits: Any, q: Any) -> Any:
    """Per run (rows) and fingerprint of ``q`` (columns): False when the run's filter
    says it surely does not hold it. ``filters``: the runs' filters joined (bytes as
    uint8), ``starts`` the bit each begins at, ``bits`` their sizes (powers of two, at
    least 64); the positions are :func:`_filter_positions`' for every run at once."""
    import numpy as np

    high = (q >> 1).astype(np.uint64)[None, :]
    sizes = np.asarray(bits, dtype=np.uint64)[:, None]
    shift = np.uint64(64) - (np.log2(np.asarray(bits, dtype=np.float64)).astype(np.uint64))[:, None]
    at = np.asarray(starts, dtype=np.int64)[:, None]
    held = np.ones((len(sizes), len(q)), dtype=np.uint8)
    for positions in ((high & (sizes - np.uint64(1))).astype(np.int64) + at,
                      ((high * np.uint64(0x9E3779B97F4A7C15)) >> shift).astype(np.int64) + at):
        held &= filters[positions >> 3] >> (positions & 7).astype(np.uint8)
    return (held & 1).astype(bool)


#: One key in this many of the runs' joined block keys is kept apart (:func:`_left`).
_COARSE = 32


def _left(keys: Any, q: Any, coarse: Any = None) -> Any:
    """``np.searchsorted(keys, q, "left")`` for a 1-D ``q``, in two steps when ``coarse``
    (``keys[::_COARSE]``) is given: a binary search among the coarse keys (a few hundred
    kilobytes, in the processor's cache), then a binary search of every ``q`` at once in
    the window of ``_COARSE - 1`` keys it leaves (a fixed number of steps, one key read
    per ``q`` each). At a million documents ``keys`` are the first keys of 3.1M blocks
    (25 MB), where each step of a plain binary search is a cache miss."""
    import numpy as np

    if coarse is None or len(keys) < _COARSE:
        return np.searchsorted(keys, q, "left")
    # keys[_COARSE * (c - 1)] < q <= keys[_COARSE * c]: the place is in the window after
    # the first
    c = np.searchsorted(coarse, q, "left")
    # then a binary search in every window at once: a few reads of one key per q (the
    # first a cache miss, the others beside it) rather than a copy of the whole window
    lo = np.maximum((c - 1) * _COARSE + 1, 0)
    hi = np.minimum(c * _COARSE, len(keys))  # the place is in [lo, hi]
    top = len(keys) - 1
    for _ in range(_COARSE.bit_length()):
        mid = (lo + hi) >> 1
        below = keys[np.minimum(mid, top)] < q
        below &= mid < hi  # a window already down to its place stays
        lo = np.where(below, mid + 1, lo)
        hi = np.where(below, hi, mid)
    return lo


def _block_spans(keys: Any, before: Any, floor: Any, q: Any, coarse: Any = None) -> tuple[Any, Any, Any]:
    """Per key of ``q``: the blocks that may hold it, ``[lo, hi)``, among blocks whose
    first keys are ``keys`` (sorted; ``coarse``: see :func:`_left`), none before ``floor``
    (the first block of its run), and how many postings it has at least: those of the
    blocks that hold it alone (``before``: the postings before each block)."""
    import numpy as np

    a = _left(keys, q, coarse)
    # a key past the first of its blocks is rare (a fingerprint filling whole blocks):
    # the second search, and the postings of whole blocks (two reads each in an array
    # as large as ``keys``, far apart: at a million documents, 2,400 pairs a query
    # spent a third of this function's time there), are for those alone
    e = a.copy()
    inner = np.zeros(len(q), dtype=np.int64)
    if len(keys):
        first = np.flatnonzero(keys[np.minimum(a, len(keys) - 1)] == q)
        if len(first):
            # a common fingerprint begins a block in many runs (at a million documents,
            # 1,070 of a query's 2,400 pairs), and most fill no more than that one: the
            # next key, beside the first in memory, says so; a search for the others
            e[first] = a[first] + 1
            more = first[keys[np.minimum(e[first], len(keys) - 1)] == q[first]]
            more = more[e[more] < len(keys)]
            e[more] = np.searchsorted(keys, q[more], "right")
            whole = first[e[first] - 1 > a[first]]
            inner[whole] = before[e[whole] - 1] - before[a[whole]]
    lo = np.maximum(a - 1, floor)
    return lo, e, inner


def _ranges(starts: Any, lengths: Any) -> Any:
    """The positions of the ranges ``[starts[k], starts[k] + lengths[k])``, one after the
    other, in one numpy step (no Python loop over the ranges)."""
    import numpy as np

    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))


def _distinct(values: Any) -> Any:
    """The distinct values of a 1-D integer array, sorted (``np.unique``'s result): a sort
    and a comparison of neighbours. numpy 2's ``np.unique`` of integers goes through a
    hash table first, which took about 9 times as long for the thousands of values of a
    query (0.16 against 0.019 ms for 2,500: ``benchmarks/unique_cost.py``)."""
    import numpy as np

    return _distinct_sorted(np.sort(values))


def _distinct_sorted(ordered: Any) -> Any:
    """The distinct values of a sorted 1-D array: each one unlike the one before it."""
    import numpy as np

    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _spanned(lo: Any, hi: Any) -> Any:
    """The blocks of the spans ``[lo, hi)``, each once, in order."""
    return _distinct(_ranges(lo, hi - lo))


def _make_filter(fps: Any) -> bytes:
    """A Bloom filter of a run's fingerprints (sorted): 4 bits a distinct fingerprint, two
    positions each, so about 15 % of the fingerprints a run does not hold pass."""
    import numpy as np

    # The distinct fingerprints alone (a fingerprint's positions are its own, so its
    # repeats set no other bit): 6.7M of the 14.8M postings of the largest run at 100,000
    # documents, whose filter then takes about half the time (``benchmarks/build_steps.py``).
    fps = _distinct_sorted(fps)
    bits = 64
    while bits < 4 * len(fps):
        bits *= 2
    on = np.zeros(bits, dtype=bool)
    for positions in _filter_positions(fps, bits):
        on[positions] = True
    return np.packbits(on, bitorder="little").tobytes()


class _Run:
    """What a query keeps of a run in memory: per block of 64 postings, its first
    fingerprint, its smallest number and its count (18 bytes), the run's filter (half
    a byte a fingerprint), and its frequent fingerprints' counts (12 bytes each)."""

    def __init__(self, run: int, layout: _Layout, firsts: bytes, bases: bytes, counts: bytes,
                 filter: bytes, frequent: bytes = b"", frequent_counts: bytes = b"") -> None:
        import numpy as np

        self.run = run
        self.layout = layout
        self.filter = np.frombuffer(filter, dtype=np.uint8)
        self.bits = 8 * len(filter)
        self.firsts = np.frombuffer(firsts, dtype="<i8").astype(np.int64)
        self.bases = np.frombuffer(bases, dtype="<i8").astype(np.int64)
        self.counts = np.frombuffer(counts, dtype="<u2").astype(np.int64)
        self.before = np.concatenate([[0], np.cumsum(self.counts)])
        # the fingerprints held _FREQUENT times or more (sorted) and their exact counts
        self.frequent = np.frombuffer(frequent, dtype="<i8").astype(np.int64)
        self.frequent_counts = np.frombuffer(frequent_counts, dtype="<u4").astype(np.int64)

    def may_hold(self, q: Any) -> Any:
        """Per fingerprint of ``q``: False when the run surely does not hold it.

        Most of a query's fingerprints are in one run or none (a spun copy shares its
        n-grams with its original alone), so the filter spares a block read per run for
        each of them but a few.
        """
        return _filters_hold(self.filter, [0], [self.bits], q)[0]

    def spans(self, q: Any) -> tuple[Any, Any, Any]:
        """Per fingerprint of ``q`` (sorted): the blocks that may hold it, ``[lo, hi)``, and
        how many postings it has at least (those of the blocks that hold it alone)."""
        return _block_spans(self.firsts, self.before, 0, q)

    def blocks(self, q: Any) -> Any:
        """The blocks that may hold the fingerprints of ``q`` (sorted), in order."""
        return _spanned(*self.spans(q)[:2])

    def decode(self, blocks: Any, data: Sequence[bytes]) -> tuple[Any, Any]:
        """The postings of ``blocks`` (in order) from their stored ``data``."""
        import numpy as np

        counts = np.fromiter(map(len, data), dtype=np.int64, count=len(data)) // self.layout.record
        return self.layout.decode(b"".join(data), np.repeat(self.firsts[blocks], counts),
                                  np.repeat(self.bases[blocks], counts))


class _Catalog:
    """Every run's block summaries and filters joined, for the runs of one version of the
    index: a query finds its blocks in every run with a few numpy calls over all the runs
    at once, instead of a dozen calls per run (a million documents make some 20 runs,
    and the calls, not the arrays, were most of a search's time: docs/search.md).

    A block's key is its run's place in ``runs`` above the 40 bits of its first
    fingerprint, so the keys of all the runs, joined in run order, are sorted, and a
    query's fingerprint is looked up in every run at once with the same tag.
    """

    def __init__(self, runs: Sequence[_Run]) -> None:
        import numpy as np

        self.runs = list(runs)
        empty = np.zeros(0, dtype=np.int64)
        sizes = np.array([len(run.firsts) for run in runs], dtype=np.int64)
        self.start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)  # each run's first block
        self.number = np.array([run.run for run in runs], dtype=np.int64)
        tags = np.arange(len(runs), dtype=np.int64) << _BITS
        self.keys = np.concatenate([empty, *(run.firsts for run in runs)]) | np.repeat(tags, sizes)
        self.coarse = np.ascontiguousarray(self.keys[::_COARSE])  # for _left
        self.before = np.concatenate([[0], np.cumsum(np.concatenate([empty, *(run.counts for run in runs)]))])
        self.bases = np.concatenate([empty, *(run.bases for run in runs)])
        self.fp_width = np.array([run.layout.fp_width for run in runs], dtype=np.int64)
        self.num_width = np.array([run.layout.num_width for run in runs], dtype=np.int64)
        self.filters = np.concatenate([np.zeros(0, dtype=np.uint8), *(run.filter for run in runs)])
        self.bits = np.array([run.bits for run in runs], dtype=np.int64)
        self.bit_start = np.concatenate([[0], np.cumsum(self.bits)[:-1]]).astype(np.int64)
        # the runs' frequent counts added up per fingerprint (:meth:`frequent_least`)
        fps = np.concatenate([empty, *(run.frequent for run in runs)])
        counts = np.concatenate([empty, *(run.frequent_counts for run in runs)])
        order = np.argsort(fps, kind="stable")
        fps, counts = fps[order], counts[order]
        starts = np.flatnonzero(np.concatenate([[True], fps[1:] != fps[:-1]])) if len(fps) else order[:0]
        self.frequent = fps[starts]
        self.frequent_sums = np.add.reduceat(counts, starts) if len(fps) else counts

    def frequent_least(self, q: Any) -> Any:
        """Per fingerprint of ``q`` (sorted): the sum of the runs' stored counts of it (a
        lower bound of its postings: 0 where no run stores it).

        Added up once per version of the runs (at a million documents some 20 runs, of
        up to 124,000 stored fingerprints: one binary search per query fingerprint
        instead of one per run). Where a run does not store a fingerprint, it holds it
        fewer than ``_FREQUENT`` times, so no whole block of its (64 postings, before
        removals) holds it alone: the sum is at least the whole blocks' count of
        :meth:`spans` but after removals, and a query takes the larger of the two.
        """
        import numpy as np

        if not len(self.frequent):
            return np.zeros(len(q), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.frequent, q), len(self.frequent) - 1)
        return np.where(self.frequent[at] == q, self.frequent_sums[at], 0)

    def spans(self, runs: Any, q: Any) -> tuple[Any, Any, Any]:
        """Per pair of a run's place in :attr:`runs` and a fingerprint (``runs[i]``,
        ``q[i]``, in run order and, within a run, in fingerprint order): the joined blocks
        that may hold it, ``[lo, hi)``, and the postings of the blocks that hold it alone
        (:meth:`_Run.spans` of that run). A query asks the pairs its runs' filters pass
        (:meth:`may_hold`) alone: each is a binary search among all the runs' blocks."""
        return _block_spans(self.keys, self.before, self.start[runs], (runs << _BITS) | q, self.coarse)

    def may_hold(self, q: Any) -> Any:
        """Per run (rows) and fingerprint of ``q`` (columns): :meth:`_Run.may_hold`."""
        return _filters_hold(self.filters, self.bit_start, self.bits, q)

    def ids(self, blocks: Any) -> Any:
        """The stored ids (``run << 32`` plus the block's place in its run) of joined blocks."""
        import numpy as np

        run = np.searchsorted(self.start, blocks, "right") - 1
        return (self.number[run] << 32) + (blocks - self.start[run])

    def joined(self, ids: Any) -> Any:
        """The joined blocks of stored ids (of these runs)."""
        import numpy as np

        run = np.searchsorted(self.number, ids >> 32)
        return self.start[run] + (ids & 0xFFFFFFFF)

    def lengths(self, blocks: Any) -> Any:
        """The stored bytes of each of the joined ``blocks``, from the runs' summaries
        (its postings times its run's record): what an intact file's block rows hold,
        as :meth:`_SqliteStore._remove` rewrites a block and its count together."""
        import numpy as np

        run = np.searchsorted(self.start, blocks, "right") - 1
        return (self.before[blocks + 1] - self.before[blocks]) * (self.fp_width[run] + self.num_width[run])

    def find(self, blocks: Any, data: bytes, lengths: Any, asked: Any) -> tuple[Any, Any]:
        """The postings of the keys ``asked`` (the run's tag above the fingerprint, as in
        :meth:`spans`; sorted) in the joined ``blocks`` (sorted), whose stored data are
        ``data``, one after the other, ``lengths`` bytes each: how many each key asked
        has and, one after the other in the order asked, their documents' numbers.

        The blocks are decoded in one pass per stretch of blocks of one record layout (a
        run's blocks are consecutive, and the runs of a level share a layout: a few
        stretches for all the runs), their fingerprints all, their numbers only where a
        key asked is found (most postings of a block read are other fingerprints'); the
        keys of all the stretches, joined in block order, are sorted, so one search finds
        every key asked.
        """
        import numpy as np

        run = np.searchsorted(self.start, blocks, "right") - 1
        record = self.fp_width[run] + self.num_width[run]
        counts = lengths // record
        if (counts * record != lengths).any() or int(lengths.sum()) != len(data):
            raise ValueError("a block's length is not a whole number of postings")
        # each record is read with the 8 bytes from its start (_Layout.fields)
        buffer = data + bytes(8)
        byte_at = np.concatenate([[0], np.cumsum(lengths)])
        posting_at = np.concatenate([[0], np.cumsum(counts)])
        layout_of = self.fp_width[run] * 16 + self.num_width[run]
        cuts = [0, *(np.flatnonzero(layout_of[1:] != layout_of[:-1]) + 1).tolist(), len(blocks)]
        stretches = [(a, b, _Layout(int(self.fp_width[run[a]]), int(self.num_width[run[a]])))
                     for a, b in zip(cuts, cuts[1:]) if b > a]
        # each posting's key: its block's key plus its own fingerprint's offset, written
        # in one array (a query decodes some 110,000 postings at a million documents:
        # each pass over them, and each array made, counts)
        keys = np.empty(int(posting_at[-1]), dtype=np.int64)
        for a, b, layout in stretches:
            layout.offsets(buffer, int(byte_at[a]), int(posting_at[b] - posting_at[a]),
                           keys[int(posting_at[a]) : int(posting_at[b])])
        keys += np.repeat(self.keys[blocks], counts)
        # where each key asked begins and where the next key begins, in one search (the
        # second place is a step or two beside the first, in the processor's cache)
        ends = np.searchsorted(keys, np.stack([asked, asked + 1], axis=1).ravel(), "left").reshape(-1, 2)
        left = ends[:, 0]
        found = ends[:, 1] - left
        rows = _ranges(left, found)  # sorted, as the keys asked are
        # a posting's number is its block's smallest plus its own; the block of each
        # row found is its key's first block (one search per key asked, some 1,400 a
        # query at a million documents, where a search per row found made 16,000) but
        # for the keys whose postings go on into the next blocks (a search for their
        # rows alone)
        first_block = np.searchsorted(posting_at, left, "right") - 1
        spill = (np.searchsorted(posting_at, left + found - 1, "right") - 1 > first_block) & (found > 0)
        at = np.repeat(first_block, found)
        if spill.any():
            beyond = np.repeat(spill, found)
            at[beyond] = np.searchsorted(posting_at, rows[beyond], "right") - 1
        numbers = self.bases[blocks][at]
        for a, b, layout in stretches:
            first, end = int(posting_at[a]), int(posting_at[b])
            mine = slice(*np.searchsorted(rows, [first, end]).tolist())
            numbers[mine] += layout.numbers(buffer, int(byte_at[a]), end - first, rows[mine] - first)
        return found, numbers


class _SqliteStore:
    """An SQLite file.

    * ``docs(number, doc_id, size, chunk, slot)``: a document, its fingerprint count and
      where its text is;
    * ``texts(chunk, live, data)``: groups of up to 32 texts compressed together, with the
      number of their documents still in the index (a group goes with its last one);
    * ``runs`` and ``blocks``: the postings, as sorted runs (log-structured): each
      ``add_many`` batch writes one run of its (fingerprint, number) pairs, sorted, in
      blocks of 64 postings of about 6 bytes (:class:`_Layout`); when a level holds 6 runs they are merged into
      one of the next level (up to 2**25 postings a run). A run keeps, per block, its
      first fingerprint, smallest number and count, which a query holds in memory to read only the
      blocks it needs, and the exact count of each fingerprint it holds :data:`_FREQUENT`
      times or more (format 3), which a query adds up over the runs to skip a stock phrase
      unread. Writing costs no B-tree insert per posting, and a batch never
      rewrites the pages of the postings before it, however large the index;
    * ``words`` (the word facts) and ``meta`` (the format and configuration).
    """

    def __init__(self, path: Path, config: FingerprintConfig | None) -> None:
        import sqlite3  # here, not at the package's import

        self.path = path
        existed = path.exists() and path.stat().st_size > 0
        if path.is_dir():
            raise FileFormatError(f"{os.fspath(path)}: is a directory, not an index file", code="E320")
        if existed:
            with open(path, "rb") as fh:
                head = fh.read(16)
            if head != _SQLITE_MAGIC:
                raise FileFormatError(
                    f"{os.fspath(path)}: not a spundetect index (not an SQLite database); "
                    f"give a new path or an index made by spundetect.Index",
                    code="E320",
                )
        try:
            self._db = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        except sqlite3.Error as err:
            raise FileFormatError(f"{os.fspath(path)}: cannot open the index: {err}", code="E321") from err
        self._lock = threading.RLock()
        self._sizes: Any = None
        self._count: int | None = None
        self._common: dict[int, int] = {}  # fingerprint -> postings at least, when many
        self._runs: dict[tuple[int, int], _Run] = {}
        # the runs' summaries joined, for the runs and versions of the key
        self._joined: tuple[tuple[tuple[int, int], ...], _Catalog] | None = None
        self._runs_key: tuple[tuple[int, int], ...] = ()  # the runs and versions last loaded
        #: whether a query adds up the runs' stored counts of their frequent fingerprints
        #: (False: it counts whole blocks alone, as format 2 did; the hits are the same)
        self.use_frequent = True
        self._chunk: tuple[int, bytes] | None = None  # the last text group read
        self._version: int | None = None
        # whether this SQLite joins the blocks read in the order asked (None: not seen yet)
        self._joins_in_order: bool | None = None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a killed process loses no committed transaction (only a
            # power cut can lose the last few); FULL would fsync on every commit.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._cache_kib = 0
            self._cache(_READ_CACHE_KIB)
            self._db.execute("PRAGMA busy_timeout=10000")
            if existed:
                self._check(config)
            else:
                self._create(config or DEFAULT_CONFIG)
            try:
                self._sample = FingerprintConfig.from_key(self.meta("config") or "").sample
            except SettingsError:
                self._sample = 1  # damaged metadata: Index raises E321 next
        except sqlite3.DatabaseError as err:
            self._db.close()
            raise FileFormatError(
                f"{os.fspath(path)}: the index file is damaged or not an index ({err})", code="E321"
            ) from err
        except Exception:
            self._db.close()
            raise

    def _cache(self, kib: int) -> None:
        """SQLite's page cache of ``kib`` KiB: :data:`_WRITE_CACHE_KIB` while writing,
        :data:`_READ_CACHE_KIB` while searching (a process that does both changes it
        when it turns from one to the other; a shrink frees the pages over it)."""
        with self._lock:
            if kib != self._cache_kib:
                self._db.execute(f"PRAGMA cache_size=-{int(kib)}")
                self._cache_kib = kib

    def _create(self, config: FingerprintConfig) -> None:
        with self._transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS docs (number INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL "
                "UNIQUE, size INTEGER NOT NULL, mass INTEGER NOT NULL, chunk INTEGER NOT NULL, "
                "slot INTEGER NOT NULL)"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS texts (chunk INTEGER PRIMARY KEY, live INTEGER NOT NULL, "
                             "data BLOB NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, level INTEGER NOT NULL, "
                "low INTEGER NOT NULL, high INTEGER NOT NULL, postings INTEGER NOT NULL, version INTEGER NOT NULL, "
                "fp_width INTEGER NOT NULL, num_width INTEGER NOT NULL, firsts BLOB NOT NULL, bases BLOB NOT NULL, "
                "counts BLOB NOT NULL, filter BLOB NOT NULL, frequent BLOB NOT NULL, frequent_counts BLOB NOT NULL)"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, immutable INTEGER, spelled INTEGER, "
                "canonical INTEGER, function INTEGER, plain INTEGER) WITHOUT ROWID"
            )
            self._db.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)",
                                 [("format", _FORMAT), ("config", config.key)])

    def _check(self, config: FingerprintConfig | None) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        found = self.meta("format") if "meta" in tables else None
        if found is not None and found.startswith("spundetect-index-") and found != _FORMAT:
            raise FileFormatError(
                f"{os.fspath(self.path)}: an index of an older format ({found}; this version reads {_FORMAT}); "
                f"build it again from the documents",
                code="E320",
            )
        if not {"meta", "docs", "texts", "runs", "blocks", "words"} <= tables or found != _FORMAT:
            raise FileFormatError(
                f"{os.fspath(self.path)}: an SQLite database, but not a spundetect index "
                f"(tables: {', '.join(sorted(tables)) or 'none'})",
                code="E320",
            )
        stored = self.meta("config")
        if config is not None and stored != config.key:
            raise SettingsError(
                f"{os.fspath(self.path)} was built with fingerprints {stored!r}, not {config.key!r}; "
                f"open it without a config, or build a new index",
                code="E110",
            )

    def _transaction(self, kind: str = "IMMEDIATE") -> Any:
        store = self

        class _Tx:
            def __enter__(self) -> None:
                store._lock.acquire()
                try:
                    store._db.execute(f"BEGIN {kind}")
                except BaseException:
                    store._lock.release()
                    raise

            def __exit__(self, error: object, *rest: object) -> None:
                try:
                    store._db.execute("ROLLBACK" if error is not None else "COMMIT")
                finally:
                    store._lock.release()

        return _Tx()

    def _read(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        import sqlite3

        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as err:
                raise FileFormatError(f"{os.fspath(self.path)}: cannot read the index: {err}",
                                      code="E321") from err

    def _fresh(self) -> None:
        # Another connection (another process) may have written since the caches were
        # filled: SQLite's data_version says so.
        version = int(self._read("PRAGMA data_version")[0][0])
        if version != self._version:
            self._version = version
            self._sizes = None
            self._count = None
            self._common = {}
            self._chunk = None

    def meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return str(rows[0][0]) if rows else None

    def count(self) -> int:
        # kept between queries (a query asks twice: for N and for the cap); count(*)
        # walks the table's pages, a millisecond at a million documents
        with self._lock:
            self._fresh()
            if self._count is None:
                self._count = int(self._read("SELECT count(*) FROM docs")[0][0])
            return self._count

    def number(self, doc_id: str) -> int | None:
        rows = self._read("SELECT number FROM docs WHERE doc_id=?", (doc_id,))
        return int(rows[0][0]) if rows else None

    def text(self, number: int) -> str:
        with self._lock:
            self._fresh()
            rows = self._read("SELECT chunk, slot FROM docs WHERE number=?", (number,))
            try:
                chunk, slot = rows[0]
                if self._chunk is None or self._chunk[0] != chunk:
                    self._chunk = (chunk, self._read("SELECT data FROM texts WHERE chunk=?", (chunk,))[0][0])
                return _unpack_text(self._chunk[1], slot)
            except (zlib.error, UnicodeDecodeError, IndexError, TypeError, ValueError) as err:
                raise FileFormatError(f"{os.fspath(self.path)}: document {number} is damaged ({err})",
                                      code="E321") from err

    def _by_number(self, column: str, numbers: Sequence[int]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for lo in range(0, len(numbers), 500):
            part = list(numbers[lo : lo + 500])
            marks = ",".join("?" * len(part))
            out.update(self._read(f"SELECT number, {column} FROM docs WHERE number IN ({marks})", part))
        return out

    def ids(self, numbers: Sequence[int]) -> dict[int, str]:
        return self._by_number("doc_id", numbers)

    def sizes(self) -> Any:
        # Every document's fingerprint count, by number, read once and then kept up to
        # date: a query divides the score of each of its candidates by it.
        import numpy as np

        with self._lock:
            self._fresh()
            if self._sizes is None:
                rows = self._read("SELECT number, size, mass FROM docs")
                top = max((r[0] for r in rows), default=0)
                sizes = np.zeros((top + 1, 2), dtype=np.int64)
                if rows:
                    found = np.array(rows, dtype=np.int64)
                    sizes[found[:, 0]] = found[:, 1:]
                self._sizes = sizes
            return self._sizes

    def _run(self, run: int) -> _Run:
        fp_width, num_width, firsts, bases, counts, filter, frequent, frequent_counts = self._db.execute(
            "SELECT fp_width, num_width, firsts, bases, counts, filter, frequent, frequent_counts FROM runs "
            "WHERE run=?", (run,)).fetchone()
        return _Run(run, _Layout(fp_width, num_width), firsts, bases, counts, filter, frequent, frequent_counts)

    def _loaded_runs(self) -> list[_Run]:
        """The runs, their block summaries read once per version of each run."""
        rows = self._db.execute("SELECT run, version FROM runs ORDER BY run").fetchall()
        runs = []
        for run, version in rows:
            found = self._runs.get((run, version))
            if found is None:
                found = self._runs[run, version] = self._run(run)
            runs.append(found)
        alive = set(map(tuple, rows))
        for key in [key for key in self._runs if key not in alive]:
            del self._runs[key]
        self._runs_key = tuple((int(run), int(version)) for run, version in rows)
        return runs

    def _catalog(self) -> _Catalog:
        """The runs' summaries joined, once per version of the runs (:class:`_Catalog`)."""
        runs = self._loaded_runs()
        if self._joined is None or self._joined[0] != self._runs_key:
            self._joined = (self._runs_key, _Catalog(runs))
        return self._joined[1]

    def _blocks(self, ids: Any) -> _Read:
        """The stored data of the blocks of ``ids`` (sorted) that are there, joined in id
        order, and how many rows they are: one statement, and one row back.

        SQLite joins the rows (``group_concat`` over the rows in id order, a blob's bytes
        taken as they are), so Python makes no tuple and no bytes object per block read,
        steps the statement once, and joins nothing: at a million documents a query
        reads some 1,700 blocks, and this took 3.9 ms of CPU a query where the rows read
        one by one and joined took 4.8 (``benchmarks/block_reads_joined.py``,
        docs/search.md, branch p50e). The rows' lengths are not read: an intact file's
        are those of the runs' summaries (:meth:`_Catalog.lengths`); where the count or
        the total length differs (a damaged file), :meth:`postings` reads the rows one
        by one (:meth:`_block_rows`).
        """
        if not len(ids):
            return _Read(0, b"")
        # CROSS JOIN: SQLite keeps the ids (sorted, distinct) as the outer loop, in their
        # order, and looks each up; the IN (subquery) and ORDER BY of the rows read one
        # by one built and walked a temporary index of the ids (0.45 ms more a query at
        # a million documents when joined so: benchmarks/block_reads_joined.py)
        rows, data = self._db.execute(
            "SELECT count(*), CAST(group_concat(data, '') AS BLOB) FROM "
            "(SELECT data FROM json_each(?) AS asked CROSS JOIN blocks ON blocks.id = asked.value)",
            (json.dumps(ids.tolist()),)).fetchone()
        return _Read(int(rows), data or b"")

    def _ordered_read(self, ids: Any) -> _Read | None:
        """:meth:`_blocks` of ``ids``, or None where this SQLite does not join the rows in
        the order asked.

        SQLite documents ``group_concat``'s order as arbitrary; the ``CROSS JOIN`` keeps
        it in practice, but a user's SQLite is not the one the tests ran on, and blocks
        joined out of order would give wrong hits without an error. So the first read of
        more than one block in a store is checked once against the rows read one by one
        (one extra read for the life of the store); if they differ, every later read is
        row by row.
        """
        if self._joins_in_order is False:
            return None
        read = self._blocks(ids)
        if self._joins_in_order is None and read.rows > 1:
            _, rows = self._block_rows(ids)
            self._joins_in_order = b"".join(rows) == read.data
            if not self._joins_in_order:
                return None
        return read

    def _block_rows(self, ids: Any) -> tuple[Any, list[bytes]]:
        """The blocks of the stored ``ids`` (sorted) that are there, in order: their ids
        and their stored data (one statement for the blocks of every run: a statement
        costs more than the blocks it reads, and a large collection has some 20 runs).

        The data column alone is read first: the ids asked are those of the runs' summaries
        in the same read transaction, and no block row is ever deleted but with its run,
        so every one is there and the ids are those asked (one column less a row: 0.5-0.8
        ms less of the 7-9 ms a query spends reading its some 1,700 blocks at a million
        documents, docs/search.md). Only when rows are missing (a damaged file) are the
        ids read, to say which are there.
        """
        if not len(ids):
            return ids, []
        asked = "[" + ",".join(map(str, ids.tolist())) + "]"
        data = [row[0] for row in self._db.execute(
            "SELECT data FROM blocks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (asked,))]
        if len(data) == len(ids):
            return ids, data
        return self._blocks_found(asked)

    def _blocks_found(self, asked: str) -> tuple[Any, list[bytes]]:
        """:meth:`_block_rows` of the ids ``asked`` (a JSON array), some missing: the ids of
        the rows there and their data."""
        import numpy as np

        rows = self._db.execute(
            "SELECT id, data FROM blocks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (asked,),
        ).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), []
        found, data = zip(*rows)  # columns without a Python step per row
        return np.array(found, dtype=np.int64), list(data)

    def postings(self, fps: Sequence[int], cap: int) -> _Postings:
        import sqlite3

        import numpy as np

        q = _distinct(np.asarray(fps, dtype=np.int64))
        if not len(q):
            return _no_postings({})
        try:
            with self._transaction("DEFERRED"):  # one snapshot for all the reads of a query
                self._cache(_READ_CACHE_KIB)
                catalog = self._catalog()
                with self._lock:
                    self._fresh()  # in the snapshot: the counts below are of this version
                    common = self._common
                    known = (np.fromiter(map(common.get, q.tolist(), repeat(0)), dtype=np.int64, count=len(q))
                             if common else np.zeros(len(q), dtype=np.int64))
                # all are lower bounds of a fingerprint's postings (a count remembered
                # under another cap may be either; the runs' stored counts, exact for
                # the runs that hold it _FREQUENT times or more, skip a stock phrase
                # spread thinly over many runs, which no block holds alone)
                least = known
                if self.use_frequent:
                    least = np.maximum(least, catalog.frequent_least(q))
                # Those two first: a fingerprint they put over the cap is neither
                # filtered nor searched (at a million documents, some 1,000 of a query's
                # 2,400 pairs of a run and a fingerprint were searched for nothing).
                looked = np.flatnonzero(least <= cap)
                # Then the runs' filters: a run whose filter says it does not hold a
                # fingerprint has no block beginning with it (a filter has no false
                # negatives), so its whole blocks' count is 0 and it is neither
                # searched nor read.
                runs_at, at = np.nonzero(catalog.may_hold(q[looked]))  # run by run, fingerprints in order
                fps_at = looked[at]
                lo, hi, inner = catalog.spans(runs_at, q[fps_at])
                least = np.maximum(np.bincount(fps_at, weights=inner, minlength=len(q)).astype(np.int64), least)
                # A fingerprint whose whole blocks alone hold more than cap postings is
                # skipped unread (a stock phrase: thousands of postings), and so is one
                # an earlier query found held by more than cap documents.
                wanted = least <= cap
                asking = wanted[fps_at]
                runs_at, fps_at = runs_at[asking], fps_at[asking]
                blocks = _spanned(lo[asking], hi[asking])
                ids = catalog.ids(blocks)
                read = self._ordered_read(ids)
                lengths = catalog.lengths(blocks)
                if read is None or read.rows != len(blocks) or len(read.data) != int(lengths.sum()):
                    # a damaged file (or an SQLite that joins out of order): the rows
                    # one by one, to say which blocks are there and how long each is
                    found, rows = self._block_rows(ids)
                    if len(found) < len(blocks):
                        blocks = catalog.joined(found)
                    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
                    read = _Read(len(rows), b"".join(rows))
                # the postings of each (run, fingerprint) asked, by its key
                counts, number = catalog.find(blocks, read.data, lengths, (runs_at << _BITS) | q[fps_at])
        except sqlite3.DatabaseError as err:
            raise FileFormatError(f"{os.fspath(self.path)}: cannot read the index: {err}", code="E321") from err
        except (ValueError, IndexError) as err:  # a block of the wrong length or a damaged summary
            raise FileFormatError(f"{os.fspath(self.path)}: the index's postings are damaged ({err})",
                                  code="E321") from err
        over = {int(fp): int(n) for fp, n in zip(q[~wanted].tolist(), least[~wanted].tolist())}
        # by fingerprint, each fingerprint's documents in run order: the pairs asked
        # (run by run, fingerprints in order) put in fingerprint order, and their
        # postings gathered in that order (a sort of a few thousand pairs, not of the
        # tens of thousands of postings they found)
        by_fp = np.argsort(fps_at, kind="stable")
        first = np.cumsum(counts) - counts
        number = number[_ranges(first[by_fp], counts[by_fp])]
        per_fp = np.bincount(fps_at, weights=counts, minlength=len(q)).astype(np.int64)
        distinct, lengths = q[per_fp > 0], per_fp[per_fp > 0]
        large = lengths > cap
        over.update(zip(distinct[large].tolist(), lengths[large].tolist()))
        self._remember(over)
        if large.any():
            number = number[np.repeat(~large, lengths)]
            distinct, lengths = distinct[~large], lengths[~large]
        return _Postings(distinct, lengths, number, over)

    def _remember(self, over: dict[int, int]) -> None:
        """Keep the fingerprints found held by many documents (a lower bound of their
        count) until the index changes: the stock phrases recur from query to query, and
        each costs a block read in nearly every run (at a million documents, half of
        what a query read) before its count shows it is over the cap."""
        with self._lock:
            if len(self._common) > _COMMON_KEPT:
                self._common.clear()
            self._common.update(over)

    def all_ids(self) -> Iterator[str]:
        return iter([row[0] for row in self._read("SELECT doc_id FROM docs ORDER BY number")])

    def words(self) -> Iterator[tuple[str, Facts]]:
        rows = self._read("SELECT word, immutable, spelled, canonical, function, plain FROM words")
        return iter([(r[0], (bool(r[1]), r[2], r[3], bool(r[4]), r[5])) for r in rows])

    def write(self, removals: Sequence[str], additions: Sequence[_Addition], groups: Sequence[bytes],
              fingerprint: Callable[[str], Any], words: Sequence[tuple[str, Facts]] = ()) -> None:
        import sqlite3

        import numpy as np

        try:
            with self._transaction():
                self._cache(_WRITE_CACHE_KIB)
                db = self._db
                # The facts of the words met (one WordNet walk each): a process that opens
                # the index later reads them instead of walking WordNet again.
                db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?, ?, ?, ?, ?)",
                               [(w, int(f[0]), f[1], f[2], int(f[3]), f[4]) for w, f in words])
                # one look-up for the batch: most ids of a large add_many are new
                present = [row[0] for part in range(0, len(removals), 500) for row in db.execute(
                    "SELECT doc_id FROM docs WHERE doc_id IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(removals[part : part + 500])),))]
                for doc_id in present:
                    self._remove(doc_id, fingerprint)
                if additions:
                    chunks: dict[int, int] = {}
                    live = Counter(add.group for add in additions)
                    for group, blob in enumerate(groups):
                        if live[group]:
                            cursor = db.execute("INSERT INTO texts (live, data) VALUES (?, ?)", (live[group], blob))
                            chunks[group] = int(cursor.lastrowid or 0)
                    # Numbers given here, after the largest ever given (sqlite_sequence, as
                    # AUTOINCREMENT would): one executemany for the batch.
                    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name='docs'").fetchone()
                    first = (int(row[0]) if row else 0) + 1
                    lengths = np.array([len(add.fps) for add in additions], dtype=np.int64)
                    fps = np.concatenate([np.asarray(add.fps, dtype=np.int64) for add in additions])
                    ends = np.cumsum(np.where(is_sampled(fps), self._sample, 1))
                    ends = np.concatenate([[0], ends])[np.cumsum(lengths)]
                    masses = np.diff(np.concatenate([[0], ends]))
                    db.executemany(
                        "INSERT INTO docs (number, doc_id, size, mass, chunk, slot) VALUES (?, ?, ?, ?, ?, ?)",
                        [(first + k, add.doc_id, len(add.fps), mass, chunks[add.group], add.slot)
                         for k, (add, mass) in enumerate(zip(additions, masses.tolist()))])
                    numbers = np.repeat(np.arange(first, first + len(additions), dtype=np.int64), lengths)
                    if len(fps):
                        self._new_run(0, *_sorted_postings(fps, numbers))
                    self._merge()
                self._sizes = None  # read again at the next query
                self._count = None
                self._chunk = None
            self._version = None
        except sqlite3.DatabaseError as err:
            raise FileFormatError(f"{os.fspath(self.path)}: cannot write the index: {err}", code="E321") from err

    def _remove(self, doc_id: str, fingerprint: Callable[[str], Any]) -> None:
        import numpy as np

        db = self._db
        row = db.execute("SELECT number, chunk FROM docs WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None:
            return
        number, chunk = row
        # The postings of a document are its fingerprints, recomputed from its text: no
        # per-document list to store. They are all in the run whose numbers span it.
        fps = np.asarray(fingerprint(self.text(number)), dtype=np.int64)
        found = db.execute("SELECT run, version FROM runs WHERE low <= ? AND ? <= high", (number, number)).fetchone()
        if found is not None and len(fps):
            run_id, version = found
            run = self._run(run_id)
            new_counts = run.counts.copy()
            removed = 0
            gone_fps = []
            for block in run.blocks(np.unique(fps)).tolist():
                key = (run_id << 32) + block
                data = db.execute("SELECT data FROM blocks WHERE id=?", (key,)).fetchone()
                if data is None:
                    continue
                keys, nums = run.decode(np.array([block]), [data[0]])
                gone = (nums == number) & np.isin(keys, fps)
                if gone.any():
                    # the block keeps its first fingerprint and smallest number as bases:
                    # what is left is no smaller, so the differences stay non-negative
                    data = run.layout.encode(keys[~gone], nums[~gone], int(run.firsts[block]), int(run.bases[block]))
                    db.execute("UPDATE blocks SET data=? WHERE id=?", (data, key))
                    new_counts[block] -= int(gone.sum())
                    removed += int(gone.sum())
                    gone_fps.append(keys[gone])
            # The stored counts of the run's frequent fingerprints stay exact (one less per
            # posting removed): a count left higher than the postings would no longer be
            # a lower bound, and a query could skip a fingerprint under the cap.
            frequent_counts = run.frequent_counts.copy()
            if gone_fps and len(run.frequent):
                lost = np.concatenate(gone_fps)
                at = np.minimum(np.searchsorted(run.frequent, lost), len(run.frequent) - 1)
                hit = run.frequent[at] == lost
                np.subtract.at(frequent_counts, at[hit], 1)
            db.execute("UPDATE runs SET postings=postings-?, version=?, counts=?, frequent_counts=? WHERE run=?",
                       (removed, version + 1, new_counts.astype("<u2").tobytes(),
                        frequent_counts.astype("<u4").tobytes(), run_id))
        db.execute("DELETE FROM docs WHERE number=?", (number,))
        db.execute("UPDATE texts SET live=live-1 WHERE chunk=?", (chunk,))
        db.execute("DELETE FROM texts WHERE chunk=? AND live<=0", (chunk,))
        self._chunk = None

    def _new_run(self, level: int, fps: Any, numbers: Any) -> None:
        import numpy as np

        db = self._db
        starts = np.arange(0, len(fps), _BLOCK)
        counts = np.diff(np.append(starts, len(fps)))
        firsts = fps[starts]
        bases = np.minimum.reduceat(numbers, starts)
        # In place where it can be: a merged run holds up to 2**25 postings.
        fp_delta = np.repeat(firsts, counts)
        np.subtract(fps, fp_delta, out=fp_delta)
        num_delta = np.repeat(bases, counts)
        np.subtract(numbers, num_delta, out=num_delta)
        layout = _Layout(_width(fp_delta.max()), _width(num_delta.max()))
        records = np.empty((len(fps), layout.record), dtype=np.uint8)
        records[:, : layout.fp_width] = _pack(fp_delta, layout.fp_width)
        del fp_delta
        records[:, layout.fp_width :] = _pack(num_delta, layout.num_width)
        del num_delta
        frequent, frequent_counts = _frequent(fps)
        cursor = db.execute(
            "INSERT INTO runs (level, low, high, postings, version, fp_width, num_width, firsts, bases, counts, "
            "filter, frequent, frequent_counts) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            (level, int(numbers.min()), int(numbers.max()), len(fps), layout.fp_width, layout.num_width,
             firsts.astype("<i8").tobytes(), bases.astype("<i8").tobytes(), counts.astype("<u2").tobytes(),
             _make_filter(fps), frequent.astype("<i8").tobytes(), frequent_counts.astype("<u4").tobytes()),
        )
        run = int(cursor.lastrowid or 0)
        db.executemany("INSERT INTO blocks (id, data) VALUES (?, ?)",
                       [((run << 32) + k, records[a : a + _BLOCK].tobytes()) for k, a in enumerate(starts.tolist())])

    def _merge(self) -> None:
        """Merge the runs of the lowest level that holds ``_FANOUT`` of them, and again.

        Runs are made in the order of the documents' numbers and a level's runs are the
        latest ones below the level above, so the merged runs are consecutive and their
        postings, concatenated in run order and sorted stably by fingerprint, are sorted
        by (fingerprint, number).
        """
        import numpy as np

        db = self._db
        while True:
            levels = db.execute("SELECT level, count(*), sum(postings) FROM runs GROUP BY level ORDER BY level")
            chosen = next((level for level, n, total in levels.fetchall()
                           if n >= _FANOUT and total <= _MAX_RUN), None)
            if chosen is None:
                return
            runs = [r[0] for r in db.execute("SELECT run FROM runs WHERE level=? ORDER BY run", (chosen,))]
            keys, nums = [], []
            for run in runs:
                rows = db.execute("SELECT id, data FROM blocks WHERE id BETWEEN ? AND ? ORDER BY id",
                                  (run << 32, (run << 32) + (1 << 32) - 1)).fetchall()
                found = self._run(run)
                k, n = found.decode(np.array([row[0] - (run << 32) for row in rows], dtype=np.int64),
                                    [row[1] for row in rows])
                del rows
                keys.append(k)
                nums.append(n)
                db.execute("DELETE FROM blocks WHERE id BETWEEN ? AND ?", (run << 32, (run << 32) + (1 << 32) - 1))
                db.execute("DELETE FROM runs WHERE run=?", (run,))
            fps = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
            del keys
            numbers = np.concatenate(nums) if nums else np.zeros(0, dtype=np.int64)
            del nums
            if len(fps):
                self._new_run(chosen + 1, *_sorted_postings(fps, numbers))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _frequent(fps: Any) -> tuple[Any, Any]:
    """The fingerprints a run (``fps``: its postings' fingerprints, sorted) holds
    :data:`_FREQUENT` times or more, and their exact counts.

    Found without a count per distinct fingerprint (a merged run holds some 2**25
    postings and nearly as many distinct fingerprints): one held ``_FREQUENT`` times or
    more is the same fingerprint ``_FREQUENT - 1`` places further on.
    """
    import numpy as np

    step = _FREQUENT - 1
    if len(fps) <= step:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # sorted already (a part of ``fps``): its distinct values are those unlike the one
    # before, no sort needed (``np.unique`` hashes, then sorts, every value again)
    found = _distinct_sorted(fps[:-step][fps[:-step] == fps[step:]] if step else fps)
    counts = np.searchsorted(fps, found, "right") - np.searchsorted(fps, found, "left")
    return found, counts


def _sorted_postings(fps: Any, numbers: Any) -> tuple[Any, Any]:
    """Postings sorted by (fingerprint, number).

    A fingerprint has 40 bits: when the numbers span less than 2**23, both fit in one
    63-bit key, and one plain sort of it is several times faster than sorting pairs.
    """
    import numpy as np

    low = int(numbers.min())
    if int(numbers.max()) - low < 1 << 23:
        # in place, on the caller's arrays: a merge sorts up to 2**25 postings
        keys = np.left_shift(fps, 23, out=fps)
        numbers -= low
        keys |= numbers
        keys.sort()
        np.bitwise_and(keys, (1 << 23) - 1, out=numbers)
        numbers += low
        keys >>= 23
        return keys, numbers
    order = np.lexsort((numbers, fps))
    return fps[order], numbers[order]


# --- the index -------------------------------------------------------------------------------------


def _prepare(texts: list[str], config: FingerprintConfig) -> tuple[list[Any], list[bytes]]:
    """Each text's fingerprints (sorted numpy arrays) and the texts compressed in groups of
    :data:`_GROUP` (text ``i`` is slot ``i % _GROUP`` of group ``i // _GROUP``)."""
    return (document_arrays(texts, config),
            [_pack_texts(texts[i : i + _GROUP]) for i in range(0, len(texts), _GROUP)])


def _fingerprint_chunk(texts: list[str], key: str, known: Sequence[tuple[str, Facts]] = ()
                       ) -> tuple[list[Any], list[bytes], list[tuple[str, Facts]]]:
    """:func:`_prepare` in a worker of the pool, with the word facts the worker computed
    for them (the caller stores both); ``known``: facts other workers computed."""
    learn_words(known)
    hashes, groups = _prepare(texts, FingerprintConfig.from_key(key))
    return hashes, groups, take_new_words()


class _Writer:
    """Writes the batches of :meth:`Index.add_many` in a thread of its own, one transaction
    each, while the calling thread reads and fingerprints (or hands to the pool) the next.

    Without it the workers wait while the calling process writes a batch, and longer
    while it merges runs (seconds, at a level of millions of postings): their look-ahead
    of a few tasks runs dry. SQLite, zlib and numpy's sorts release the GIL, so the
    writing overlaps the reading. At most :data:`_PIPELINE` batches wait: each holds a
    batch's texts and fingerprints (about 13 MB for 2,048 documents).

    The writes stay in order, one transaction a batch, as without the thread. ``close``
    writes every batch handed over before it returns, and raises the first error of the
    writing (after which nothing more is written).
    """

    def __init__(self, store: _Store, fingerprint: Callable[[str], Any], report: Callable[[int], None]) -> None:
        import queue

        self._store = store
        self._fingerprint = fingerprint
        self._report = report
        self._queue: queue.Queue[tuple[list[str], list[_Addition], list[bytes], list[tuple[str, Facts]], int] | None]
        self._queue = queue.Queue(maxsize=max(_PIPELINE, 1))
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._written = 0  # documents of the batches committed
        self.added = 0  # documents reported

    def put(self, removals: list[str], additions: list[_Addition], groups: list[bytes],
            words: list[tuple[str, Facts]], count: int) -> None:
        """Hand a batch over (waits while :data:`_PIPELINE` batches wait)."""
        import queue

        self._raise()
        if _PIPELINE == 0:  # no thread: written here (how the figures before it were made)
            self._store.write(removals, additions, groups, self._fingerprint, words)
            self._written += count
            self._progress()
            return
        if self._thread is None:
            # Started at the first batch, not before: the pool (when there is one) has
            # started its workers by then, by fork where a single thread runs.
            self._thread = threading.Thread(target=self._run, name="spundetect-index-writer", daemon=True)
            self._thread.start()
        item = (removals, additions, groups, words, count)
        while True:
            try:
                self._queue.put(item, timeout=0.5)
                break
            except queue.Full:
                self._raise()  # the writer stopped: it takes nothing more
        self._progress()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is not None:
                continue  # drained unwritten: the caller raises the first error
            removals, additions, groups, words, count = item
            try:
                self._store.write(removals, additions, groups, self._fingerprint, words)
            except BaseException as err:  # noqa: BLE001 - handed to the calling thread
                self._error = err
                continue
            with self._lock:
                self._written += count

    def _progress(self) -> None:
        with self._lock:
            written = self._written
        if written != self.added:
            self.added = written
            self._report(written)

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Wait for every batch handed over to be written; raise the writer's error."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
            self._progress()
        self._raise()


class Index:
    """A searchable collection of texts, in memory or in an SQLite file.

    Args:
        path: ``None`` for an index in memory; else the index file, created when it does
            not exist and reopened when it does.
        config: how fingerprints are made (default
            :data:`~spundetect.fingerprint.DEFAULT_CONFIG`); an existing file keeps the
            one it was built with.
        postings_cap: fingerprints held by more documents than this are skipped at query
            time; ``None`` (default) for 1 in 2,000 of the collection, at least 100 and at
            most :data:`DEFAULT_POSTINGS_CAP` (they are stock phrases).

    Raises:
        FileFormatError: ``path`` is not an index (E320) or is damaged (E321).
        SettingsError: an option is outside what is allowed.

    Examples:
        >>> import spundetect, tempfile, os
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = os.path.join(tmp, "docs.index")
        ...     with spundetect.Index(path) as index:
        ...         index.add("a", "The two men met an old friend in Moscow in May 1999.")
        ...     with spundetect.Index(path) as reopened:
        ...         len(reopened)
        1
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        config: FingerprintConfig | None = None,
        postings_cap: int | None = None,
    ) -> None:
        if config is not None and not isinstance(config, FingerprintConfig):
            raise SettingsError(f"config must be a FingerprintConfig, got {describe(config)}", code="E110")
        if postings_cap is not None and (
                isinstance(postings_cap, bool) or not isinstance(postings_cap, int) or postings_cap < 1):
            raise SettingsError(f"postings_cap must be None or an int >= 1, got {describe(postings_cap)}",
                                code="E110")
        self._cap = postings_cap
        # the store's sizes array last seen and its documents' divisors (:meth:`_divisors`)
        self._divided: tuple[Any, Any] | None = None
        self.path: Path | None
        self._store: _Store
        if path is None:
            self.path = None
            self._store = _MemoryStore(config or DEFAULT_CONFIG)
        else:
            if not isinstance(path, (str, os.PathLike)):
                raise SettingsError(f"path must be a str or path-like, got {describe(path)}", code="E110")
            self.path = Path(path)
            self._store = _SqliteStore(self.path, config)
        try:
            self.config = FingerprintConfig.from_key(self._store.meta("config") or "")
        except SettingsError as err:
            self._store.close()
            raise FileFormatError(f"{self.path}: the index metadata is damaged ({err.message})", code="E321") from err
        learn_words(self._store.words())

    # -- collection ---------------------------------------------------------------------------

    @property
    def postings_cap(self) -> int:
        """The cap in force: the one given, or 1 in 2,000 of the documents (100 to 1,000).

        Examples:
            >>> import spundetect
            >>> spundetect.Index().postings_cap, spundetect.Index(postings_cap=250).postings_cap
            (100, 250)
        """
        return _cap(self._store.count()) if self._cap is None else self._cap

    def __len__(self) -> int:
        return self._store.count()

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._store.number(doc_id) is not None

    def __iter__(self) -> Iterator[str]:
        """The document ids, in the order they were added."""
        return self._store.all_ids()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "memory" if self.path is None else os.fspath(self.path)
        return f"Index({where!r}, documents={len(self)}, fingerprints={self.config.key!r})"

    def close(self) -> None:
        """Close the file (an in-memory index stays usable).

        Examples:
            >>> import os, tempfile, spundetect
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     path = os.path.join(tmp, "docs.index")
            ...     index = spundetect.Index(path)
            ...     index.add("a", "The two men met an old friend in Moscow in May 1999.")
            ...     index.close()  # what was added is in the file: a new Index reads it
            ...     with spundetect.Index(path) as reopened:
            ...         list(reopened)
            ['a']
        """
        if self.path is not None:
            self._store.close()

    def text(self, doc_id: str) -> str:
        """The text stored under ``doc_id``.

        Raises:
            InputError: no document has that id (E130).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "Some text.")
            >>> index.text("a")
            'Some text.'
        """
        return self._store.text(self._number(doc_id))

    def _number(self, doc_id: str) -> int:
        number = self._store.number(_check_id(doc_id))
        if number is None:
            raise InputError(f"no document {doc_id!r} in the index", code="E130")
        return number

    def _fps(self, text: str) -> Any:
        return document_array(text, self.config)

    def add(self, doc_id: str, text: str, *, format: Format = "text") -> None:
        """Add a document; one already under ``doc_id`` is replaced (in one transaction).

        ``format="html"``: ``text`` is a web page; its main text
        (:func:`spundetect.web.extract`) is what is indexed and stored.

        Raises:
            InputTypeError: ``doc_id`` or ``text`` is not a ``str`` (E101).
            InputError: ``text`` is not valid Unicode (E103); an HTML page has no text (E104).
            MissingExtraError: ``format="html"`` without ``spundetect[web]`` (E201).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "First text.")
            >>> index.add("a", "Second text.")
            >>> len(index), index.text("a")
            (1, 'Second text.')
        """
        _check_id(doc_id)
        text = as_text(_check_text(text), format)
        hashes, groups = _prepare([text], self.config)
        self._store.write([doc_id], [_Addition(doc_id, text, hashes[0], 0, 0)], groups, self._fps,
                          take_new_words())

    def add_many(
        self,
        docs: Iterable[tuple[str, str]],
        *,
        workers: int = 1,
        progress: bool | Callable[[int], None] = False,
        format: Format = "text",
    ) -> int:
        """Add ``(doc_id, text)`` pairs; each batch of them is one transaction.

        The documents are checked, fingerprinted (in ``workers`` processes of the
        package's one pool, :mod:`spundetect.parallel`) and written in batches of a few
        hundred, each batch in one transaction: a killed process keeps every batch
        written before. Ids already in the index, or repeated in ``docs``, are replaced
        (the last one wins).

        Args:
            docs: an iterable of ``(doc_id, text)`` pairs of ``str``; read lazily.
            workers: processes to fingerprint in (1: in this process).
            progress: ``True`` draws a count on standard error when it is a terminal;
                a callable is called with the number of documents added so far.
            format: ``"html"``: the texts are web pages, whose main text
                (:func:`spundetect.web.extract`, in this process) is indexed and stored.

        Returns:
            The number of documents added.

        Raises:
            InputError: an item is not a ``(doc_id, text)`` pair of ``str`` (E102, with
                its index; the batches before it are kept); an HTML page has no text (E104).
            SettingsError: ``workers`` is not an int >= 1.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add_many([("a", "One text."), ("b", "Another text.")])
            2
        """
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise SettingsError(f"workers must be an int >= 1, got {describe(workers)}", code="E110")
        report = _progress(progress)
        check_format(format)  # a bad format or a missing extra fails before anything is read
        writer = _Writer(self._store, self._fps, report)
        try:
            for batch, hashes, groups in self._fingerprinted(_checked_docs(docs, format), workers):
                last: dict[str, int] = {}
                for k, (doc_id, _) in enumerate(batch):
                    last[doc_id] = k
                additions = [_Addition(doc_id, text, hashes[k], k // _GROUP, k % _GROUP)
                             for k, (doc_id, text) in enumerate(batch) if last[doc_id] == k]
                # the words are taken here, in the order of the batches, and written with
                # the batch whose fingerprints they made
                writer.put([add.doc_id for add in additions], additions, groups, take_new_words(), len(batch))
        finally:
            # every batch handed over is written (or the writer's error raised) before
            # add_many returns or raises: a batch read before a bad item is kept
            writer.close()
        return writer.added

    def _fingerprinted(
        self, docs: Iterator[tuple[str, str] | InputError], workers: int
    ) -> Iterator[tuple[list[tuple[str, str]], list[Any], list[bytes]]]:
        batches = _batches(docs)
        if workers == 1:
            for batch, error in batches:
                if batch:
                    yield (batch, *_prepare([text for _, text in batch], self.config))
                if error is not None:
                    raise error
            return
        from spundetect.parallel import ordered_map

        pending: list[InputError] = []
        # Word facts a worker computed (a WordNet walk each, the main cost of a worker's
        # first thousands of documents) go to the next tasks, so that the other workers
        # need not walk WordNet for them again: each new lot rides with the next
        # ``workers`` tasks, which mostly go to different workers.
        learned: list[list[tuple[str, Facts]]] = []
        recent: deque[list[tuple[str, Facts]]] = deque(maxlen=workers)

        def texts() -> Iterator[tuple[list[str], str, list[tuple[str, Facts]]]]:
            for batch, error in batches:
                if batch:
                    held.append(batch)
                    recent.append([row for lot in learned for row in lot])
                    learned.clear()
                    yield [text for _, text in batch], self.config.key, [row for lot in recent for row in lot]
                if error is not None:
                    pending.append(error)
                    return

        held: list[list[tuple[str, str]]] = []
        for hashes, groups, words in ordered_map(_fingerprint_chunk, texts(), workers=workers):
            learn_words(words, new=True)
            learned.append(words)
            yield held.pop(0), hashes, groups
        if pending:
            raise pending[0]

    def remove(self, doc_id: str) -> None:
        """Remove a document (in one transaction).

        Raises:
            InputTypeError: ``doc_id`` is not a ``str`` (E101).
            InputError: no document has that id (E130).

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "Some text.")
            >>> index.remove("a")
            >>> "a" in index
            False
        """
        self._number(doc_id)  # E101/E130 before the transaction
        self._store.write([doc_id], [], [], self._fps)

    # -- queries ----------------------------------------------------------------------------------

    def search(self, text: str, *, k: int = 10) -> list[Hit]:
        """The ``k`` documents that share the most (rarest) fingerprints with ``text``.

        No :func:`~spundetect.compare`: one look-up per distinct query fingerprint. Each
        shared fingerprint counts ``log(1 + N / (df * s))`` (``N`` documents, ``df``
        holding it, ``s`` 1 for a query of up to about 300 words and the squared number of
        such documents' worth in a longer one: see :func:`_query_scale`), so rare ones
        weigh more, and more so in a long page, which holds common ones by chance; the sum is divided by the square root of the document's
        fingerprint count, so long pages do not win on chance matches; fingerprints held
        by more than ``postings_cap`` documents are skipped. Ties go to the document
        added first. A page longer than :data:`PASSAGE_QUERY` (about 1,200 words) has its
        top :data:`PASSAGE_POOL` re-ranked by their texts (:func:`rerank_long`).

        Args:
            text: the query (a suspect).
            k: hits to return at most.

        Returns:
            Hits, best first; empty when no document shares a fingerprint.

        Raises:
            InputTypeError: ``text`` is not a ``str`` (E101).
            SettingsError: ``k`` is not an int >= 1.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
            >>> hit = index.search("The 2 males met a previous pal in Moscow in May of 1999.")[0]
            >>> hit.doc_id, hit.shared > 0
            ('a', True)
        """
        _check_text(text)
        k = _check_k(k)
        query = query_grams(text, config=self.config)
        if not _is_long(query, self.config):
            return [hit for _, hit in self._rank(query, k)]
        pool = self._rank(query, max(k, PASSAGE_POOL))
        texts = [self.text(hit.doc_id) for _, hit in pool[:PASSAGE_POOL]]
        return [hit for _, hit in rerank_long(text, pool, texts, self.config, k)]

    def _rank(self, query: list[tuple[int, int, int]], k: int,
              weights: dict[int, float] | None = None) -> list[tuple[float, Hit]]:
        """The top ``k`` hits, each with its unrounded score (the ranking key).

        ``weights``: each fingerprint's weight from collection-wide statistics, for a
        shard of a larger collection (:mod:`spundetect.distributed`); fingerprints
        without one are skipped. ``None``: computed from this index (:func:`_weights`).
        """
        import numpy as np

        where: dict[int, list[Span]] = defaultdict(list)
        for h, a, b in query:
            where[h].append((a, b))
        total = max(self._store.count(), 1)
        # A shard reads every posting of the fingerprints it is given: the collection's
        # cap has already dropped the common ones (this shard's own cap is smaller).
        cap = self.postings_cap if weights is None else total
        asked = list(where) if weights is None else [fp for fp in where if fp in weights]
        owned, lengths, numbers, _ = self._store.postings(asked, cap)
        if not len(owned):
            return []
        # Summed in numpy: a query's postings run to tens of thousands in a large index.
        weight = (_weights(total, lengths, owned, self.config.sample, scale=_query_scale(where, self.config.sample))
                  if weights is None else np.array([weights[fp] for fp in owned.tolist()]))
        candidates, scores, positions, starts = _by_document(numbers, np.repeat(weight, lengths))
        stops = np.append(starts[1:], len(numbers))
        # Postings of a document no longer in the index (none are kept, but a
        # concurrent writer may have removed one since the postings were read) are dropped.
        every = self._store.sizes()
        divisors = self._divisors(every)
        if candidates[-1] < len(every):  # sorted: every candidate has a row (nearly always)
            divisor = divisors[candidates]
        else:
            divisor = np.full(len(candidates), np.nan)
            inside = candidates < len(every)
            divisor[inside] = divisors[candidates[inside]]
        live = ~np.isnan(divisor)
        if not live.all():  # the masks' copies cost more than the gather, so only when needed
            candidates, scores, divisor = candidates[live], scores[live], divisor[live]
            starts, stops = starts[live], stops[live]
        # Divided by the square root of the document's fingerprint count (as a cosine
        # would be): a long page shares a few stock n-grams with any query by chance.
        # Measured in benchmarks/index_eval.py against no division and a division by
        # the count itself (docs/search.md). Rounded so that sums in another order tie.
        # The mass counts a fingerprint kept only because its text is short as
        # 1 / sample of one, as its weight does (see _mass).
        scores = np.round(scores / divisor, 9)
        order = _top(scores, candidates, k)
        best = [int(candidates[i]) for i in order]
        counts = every[best, 0] if best else np.zeros(0, dtype=np.int64)
        # each best document's fingerprints, in the order of its postings: its postings'
        # places, in order, among the positions sorted by document
        ends = np.cumsum(lengths)
        shared = {number: owned[np.searchsorted(ends, positions[a:b], "right")].tolist()
                  for number, a, b in zip(best, starts[order].tolist(), stops[order].tolist())}
        ids = self._store.ids(best)
        hits = []
        for i, number, count in zip(order, best, counts.tolist()):
            fps = shared[number]
            hits.append((float(scores[i]), Hit(
                doc_id=ids[number],
                score=round(float(scores[i]), 6),
                shared=len(fps),
                coverage=min(1.0, len(fps) / count),
                spans=_merge([span for fp in fps for span in where[fp]]),
            )))
        return hits

    def _divisors(self, sizes: Any) -> Any:
        """Per document number, what its score is divided by: the square root of its mass
        over the sample (:meth:`_rank`); NaN for a number of no document (fingerprint count
        0). Computed once per sizes array the store gives (at a million documents a
        query's 8,000 candidates gathered one number each from a compact array, where
        both fields of the sizes were gathered and the root taken per query)."""
        import numpy as np

        divided = self._divided
        if divided is None or divided[0] is not sizes:
            with np.errstate(invalid="ignore"):
                roots = np.sqrt(sizes[:, 1] / self.config.sample)
            divided = self._divided = (sizes, np.where(sizes[:, 0] > 0, roots, np.nan))
        return divided[1]

    def _frequencies(self, fps: Sequence[int], cap: int) -> dict[int, int]:
        """How many documents hold each fingerprint (at most ``cap + 1``; absent: none)."""
        found = self._store.postings(fps, cap)
        return {**dict(zip(found.fps.tolist(), found.lengths.tolist())), **found.over}

    def find(self, text: str, *, k: int = 10, candidates: int = DEFAULT_CANDIDATES,
             accept: Accept = DEFAULT_ACCEPT, common: int | None = COMMON, **options: Any) -> list[Match]:
        """The documents ``text`` is derived from: :meth:`search`, then :func:`~spundetect.compare`.

        The top ``max(k, candidates)`` hits are compared (the document as the original,
        ``text`` as the suspect); those the rule ``accept`` confirms are kept, best score
        first. In passage terms, a match is a document from which the query reuses at
        least one passage beyond what two independent texts on one topic share: a spun
        passage of any length, or a copied or reworded one of 40 words or more (60 when
        the rest of the two texts shares their topic, as reports of one event do), or two
        or three reused sentences of a text on another topic (see
        :func:`spundetect.score.shows_reuse`); with ``accept="reuse"`` (the default),
        a reworded passage between two texts on one topic must also keep enough of its
        words (see :mod:`spundetect.acceptance`). With ``common`` set (off by default:
        it costs the dev data more true matches than false ones, docs/search.md), the
        collection check follows: a candidate whose matched passages hold only fingerprints that
        more than ``common`` other documents of the index also hold shares nothing with
        the query but common material (a wire story that several reports reworded, a
        boilerplate block), and is not a match (:func:`spundetect.acceptance.holds_own`).

        Args:
            text: the query (a suspect).
            k: matches to return at most.
            candidates: hits to compare at least.
            accept: ``"reuse"`` (:func:`spundetect.acceptance.confirms`) or
                ``"verdict"`` (every verdict but ``"unrelated"``, as before).
            common: other documents that may hold a fingerprint of a matched passage
                before it is common material; ``None`` (default,
                :data:`spundetect.acceptance.COMMON`): no collection check.
            **options: passed to :func:`~spundetect.compare` (``threshold``...).

        Returns:
            Matches, best first (highest comparison score, then search rank).

        Raises:
            InputTypeError: ``text`` is not a ``str`` (E101).
            SettingsError: ``k``/``candidates`` is not an int >= 1, ``accept`` is not a
                rule, ``common`` is not ``None`` or an int >= 0 (E110), or a compare
                option is not allowed.

        Examples:
            >>> import spundetect
            >>> index = spundetect.Index()
            >>> index.add("a", "The two men met an old friend in Moscow in May of 1999.")
            >>> [(m.doc_id, m.comparison.verdict) for m in index.find(
            ...     "The 2 males met a previous pal in Moscow in May of 1999.")]
            [('a', 'spun')]
        """
        from spundetect.acceptance import check_accept, check_common, confirms
        from spundetect.compare import compare

        k = _check_k(k)
        rule = check_accept(accept)
        common = check_common(common)
        hits = self.search(text, k=max(k, _check_k(candidates)))
        matches: list[tuple[int, Match]] = []
        for rank, hit in enumerate(hits):
            number = self._store.number(hit.doc_id)
            if number is None:  # pragma: no cover - removed by another thread meanwhile
                continue
            comparison = compare(self._store.text(number), text, **options)
            if not confirms(comparison, accept=rule):
                continue
            matches.append((rank, Match(doc_id=hit.doc_id, hit=hit, comparison=comparison)))
        if common is not None and matches:
            keep = self._collection_keeps(text, [(m.doc_id, m.comparison) for _, m in matches], common)
            matches = [m for m, kept in zip(matches, keep) if kept]
        matches.sort(key=lambda m: (-m[1].comparison.score, m[0]))
        return [m for _, m in matches[:k]]

    def _collection_keeps(self, text: str, found: Sequence[tuple[str, Comparison]], common: int) -> list[bool]:
        """The collection check on the candidates ``find()`` confirmed (``found``: each
        document id with its comparison against ``text``): which of them stay matches."""
        # the query's own text, when the index holds it, is no other holder
        itself = {self._store.number(d) for d, c in found if _same_text(c.original, text)}
        grams = query_grams(text, config=self.config)
        held: dict[int, set[int]] = {}  # fingerprints of the documents looked at, for this call
        out = []
        for doc_id, comparison in found:
            number = self._store.number(doc_id)
            out.append(comparison.verdict == "spun" or number is None or number in itself
                       or self._holds_own(grams, number, comparison, common, itself, held))
        return out

    def _holds_own(self, grams: Sequence[tuple[int, int, int]], number: int, comparison: Comparison,
                   common: int, itself: set[int | None], held: dict[int, set[int]]) -> bool:
        """:func:`spundetect.acceptance.holds_own` for document ``number``: which
        documents hold the query fingerprints (``grams``) inside its matched passages, from
        the postings, leaving out the query itself (``itself``), the candidate's versions
        (:data:`~spundetect.acceptance.VERSION`) and stock phrases
        (:data:`~spundetect.acceptance.STOCK`, and those over the postings cap, as
        :meth:`search` leaves them out). ``held``: fingerprint sets read so far."""
        from spundetect.acceptance import STOCK, VERSION, holds_own, overlap, passage_grams

        inside = passage_grams(comparison, grams)
        if not inside:
            return True
        found = self._store.postings(sorted(set(inside)), self.postings_cap)
        ends = found.lengths.cumsum().tolist()
        postings = {fp: found.numbers[end - size:end]
                    for fp, size, end in zip(found.fps.tolist(), found.lengths.tolist(), ends)}

        def fingerprints(n: int) -> set[int]:
            if n not in held:
                held[n] = set(self._fps(self._store.text(n)).tolist())
            return held[n]

        others = []
        for h in inside:
            docs = set(postings[h].tolist()) if h in postings else set()
            if number not in docs or len(docs) - 1 > STOCK:
                continue
            others.append(sum(1 for n in docs - itself - {number}
                              if overlap(fingerprints(number), fingerprints(n)) < VERSION))
        return holds_own(others, common=common)


def _by_document(numbers: Any, weights: Any) -> tuple[Any, Any, Any, Any]:
    """The distinct ``numbers`` (sorted), the sum of the ``weights`` of each, the positions
    of ``numbers`` sorted by number (stably), and where each distinct number begins
    among them.

    The sums are ``np.bincount`` of ``np.unique``'s inverse, to the bit: each number's
    weights are added in the order they are given, one after the other. A sort of the
    numbers with their positions in their low bits (a sort of integers, no ``argsort``)
    puts them in that order; ``np.unique(..., return_inverse=True)`` and the bincount
    took about three times as long for the 16,000 postings of a query at a million
    documents (``benchmarks/unique_cost.py``; docs/search.md, branch p50e).
    """
    import numpy as np

    n = len(numbers)
    bits = max(n - 1, 1).bit_length()
    if n and (int(numbers.min()) < 0 or int(numbers.max()) >> (62 - bits)):  # no room: an argsort
        positions = np.argsort(numbers, kind="stable")
        ordered = numbers[positions]
    else:
        packed = (numbers << bits) | np.arange(n, dtype=np.int64)
        packed.sort()
        positions = packed & ((1 << bits) - 1)
        ordered = packed >> bits
    first = np.ones(n, dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    sums = np.bincount(np.cumsum(first) - 1, weights=weights[positions]) if n else np.zeros(0)
    return ordered[starts], sums, positions, starts


def _top(scores: Any, candidates: Any, k: int) -> Any:
    """The places of the ``k`` best candidates, best first: highest score, then smallest
    number (the document added first).

    Those scoring at least the ``k``-th best score are chosen by a partition and only they
    are sorted (thousands of candidates a query at a million documents, ten kept): the
    same places, in the same order, as a sort of them all.
    """
    import numpy as np

    chosen = np.arange(len(scores))
    if len(scores) > k:
        chosen = np.flatnonzero(scores >= -np.partition(-scores, k - 1)[k - 1])
    return chosen[np.lexsort((candidates[chosen], -scores[chosen]))][:k]


def _same_text(a: str, b: str) -> bool:
    """Whether two texts are one, white space aside."""
    return a.split() == b.split()


def _cap(count: int) -> int:
    """The default postings cap for a collection of ``count`` documents."""
    return max(_MIN_CAP, min(DEFAULT_POSTINGS_CAP, count // _CAP_SHARE))


#: A query with up to this mass of fingerprints (:func:`_query_scale`) is one document's
#: worth; about 300 words, as many as a dev-data document has on average (114).
QUERY_DOCUMENT = 100
#: The power of the query's documents' worth in :func:`_query_scale` (measured: 2).
QUERY_SCALE_POWER = 2


def _query_scale(fps: Iterable[int], sample: int) -> float:
    """How many documents' worth of fingerprints the query holds, squared (at least 1).

    A fingerprint says that a document is a source in so far as the query would not hold
    it by chance. A long page (a PAN suspicious document: 20,000 characters, a source
    reused in 300 of them) holds many documents' worth of n-grams, so it holds a
    fingerprint that ``df`` documents have about ``df * pages`` times as often as a
    document does: :func:`_weights` divides ``df`` by this scale, which leaves a query of
    one document's size as it was and, for a long page, keeps the weight of the rare
    fingerprints a reused passage brings and takes it from the common ones that chance
    brings. The scale is the squared ratio (:data:`QUERY_SCALE_POWER`): on the dev data
    it lifts PAN obfuscated R@10 from 0.882 to 0.915 with the other labels unchanged; the
    plain ratio and the cube are measured beside it in docs/search.md.
    """
    return float(max(1.0, _query_mass(fps, sample) / QUERY_DOCUMENT) ** QUERY_SCALE_POWER)


def _query_mass(fps: Iterable[int], sample: int) -> float:
    """A query's distinct fingerprints counted as a document's mass is (:func:`_mass`),
    in units of one sampled fingerprint: 1 each, ``1 / sample`` for one a text keeps
    only because it is short."""
    import numpy as np

    fps = np.fromiter(fps, dtype=np.int64)
    return float(np.where(is_sampled(fps), 1.0, 1.0 / sample).sum())


#: A query of more than this mass of fingerprints (:func:`_query_mass`: four documents'
#: worth of :data:`QUERY_DOCUMENT`, about 1,200 words) is a page that may reuse passages
#: of several sources, and :func:`rerank_long` re-ranks its candidates. Below it, a query
#: is ranked by its fingerprints alone: the scale benchmark's queries of 300-800 words
#: (mass 107-345) and the dev data's documents (up to 699) keep their hits and cost; at
#: one document's worth (100) the re-ranking also measured best on the PAN pages, but it
#: would re-rank every such query, at a cost of tens of milliseconds (docs/search.md).
PASSAGE_QUERY = 4 * QUERY_DOCUMENT
#: Candidates of a long query re-ranked by :func:`rerank_long`: the top this many by the
#: fingerprint score (measured: 50, 100 and 200, docs/search.md).
PASSAGE_POOL = 100


def _is_long(query: Sequence[tuple[int, int, int]], config: FingerprintConfig) -> bool:
    """Whether a query is over :data:`PASSAGE_QUERY`: a page whose hits
    :func:`rerank_long` re-ranks."""
    # the mass is at most the number of look-ups: most queries need no count
    return len(query) > PASSAGE_QUERY and _query_mass({h for h, _, _ in query}, config.sample) > PASSAGE_QUERY


def rerank_long(text: str, pool: Sequence[tuple[float, Hit]], texts: Sequence[str], config: FingerprintConfig,
                k: int) -> list[tuple[float, Hit]]:
    """The top ``k`` of a long query's candidates (``pool``, best first by the fingerprint
    score; ``texts``: those of its first :data:`PASSAGE_POOL`), the first
    :data:`PASSAGE_POOL` re-ranked by the n-grams of theirs the query holds that no other
    of them holds, the rest after them as they were (their fingerprint scores are below
    every re-ranked score, so that a smaller ``k`` gives the first hits of a larger one).

    A page of 20,000 characters that reuses a 300-character passage of a source shares
    a handful of n-grams with it after obfuscation, and a document stores a quarter of
    its n-grams (the sample), so the source may share none or one stored fingerprint with
    the page and fall behind documents that share one rare n-gram with it by chance. The
    candidates' texts are at hand: every n-gram of each (``sample`` 1, nothing stored) is
    matched against every n-gram of the page, and those held by one candidate only (a
    stock phrase or the page's topic words recur among the candidates; a reused passage
    does not) are counted, over the square root of the candidate's n-grams (as the
    fingerprint score divides by its mass). A candidate's score is its fingerprint score
    plus that. Measured on the dev data's PAN pages, tuned on one half and checked on the
    other (docs/search.md); :class:`~spundetect.distributed.ShardedIndex` calls this on
    the collection's pool, so both give the same hits.

    Examples:
        >>> import spundetect
        >>> from spundetect.fingerprint import DEFAULT_CONFIG
        >>> a = Hit(doc_id="a", score=1.0, shared=1, coverage=0.5, spans=[])
        >>> b = Hit(doc_id="b", score=0.9, shared=1, coverage=0.5, spans=[])
        >>> page = "Tea grows on hills. " * 40 + "The old mill by the river ground corn for the whole village."
        >>> [h.doc_id for _, h in rerank_long(page, [(1.0, a), (0.9, b)],
        ...     ["Tea grows on hills.", "The old mill by the river ground corn for the whole village."],
        ...     DEFAULT_CONFIG, 2)]
        ['b', 'a']
    """
    import numpy as np

    if not pool:
        return []
    rest = list(pool[PASSAGE_POOL:])
    pool = pool[:PASSAGE_POOL]
    dense = FingerprintConfig(config.scheme, config.n, 1)
    page, *docs = document_arrays([text, *texts], dense)
    shared = [doc[np.isin(doc, page, assume_unique=True)] for doc in docs]
    held, counts = np.unique(np.concatenate(shared), return_counts=True)
    own = held[counts == 1]
    scores = [base + float(np.isin(s, own, assume_unique=True).sum()) / math.sqrt(max(len(doc), 1))
              for (base, _), s, doc in zip(pool, shared, docs)]
    rounded = [round(x, 9) for x in scores]
    order = sorted(range(len(pool)), key=lambda i: (-rounded[i], i))[:k]
    top = [(rounded[i], pool[i][1].model_copy(update={"score": round(scores[i], 6)})) for i in order]
    return top + rest[: k - len(top)]


def _weights(total: int, frequencies: Any, fps: Any, sample: int, *, scale: float = 1.0) -> Any:
    """``log(1 + N / (df * scale))`` per fingerprint, divided by ``sample`` for one kept
    only because its text is short (:func:`~spundetect.fingerprint.is_sampled`): one
    function for an index and a sharded one, so both weigh a fingerprint with the same
    bits. ``scale``: the query's :func:`_query_scale`."""
    import numpy as np

    weight = np.log1p(total / (np.asarray(frequencies, dtype=np.int64) * scale))
    return np.where(is_sampled(np.asarray(fps, dtype=np.int64)), weight, weight / sample)


def _mass(fps: Any, sample: int) -> int:
    """A document's fingerprints counted for normalising scores, in units of 1 / sample:
    ``sample`` for each sampled one, 1 for each kept only because the text is short.

    A short text keeps every n-gram, a long one about one in ``sample``; counted alike, a
    sentence of a page would outscore the page itself on a query that copies the whole
    page (measured on the IteraTeR light edits in docs/search.md).
    """
    import numpy as np

    fps = np.asarray(fps, dtype=np.int64)
    return int(np.where(is_sampled(fps), sample, 1).sum())


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _checked_docs(docs: Iterable[tuple[str, str]], format: str = "text") -> Iterator[tuple[str, str] | InputError]:
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise InputTypeError(f"docs must be an iterable of (doc_id, text) pairs, got {describe(docs)}",
                             code="E101")
    for k, item in enumerate(docs):
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            yield InputError(f"docs[{k}] must be a (doc_id, text) pair of str, got {describe(item)}", code="E102")
            return
        doc_id, text = item
        try:
            checked = _check_id(doc_id, f"docs[{k}] doc_id"), _check_text(text, f"docs[{k}] text")
            yield checked[0], as_text(checked[1], format)
        except InputError as err:
            yield err if err.message.startswith("docs[") else type(err)(f"docs[{k}] text: {err.message}",
                                                                          code=err.code)
            return


def _batches(docs: Iterator[tuple[str, str] | InputError]) -> Iterator[tuple[list[tuple[str, str]], InputError | None]]:
    batch: list[tuple[str, str]] = []
    for item in docs:
        if isinstance(item, InputError):
            yield batch, item
            return
        batch.append(item)
        if len(batch) >= _BATCH:
            yield batch, None
            batch = []
    if batch:
        yield batch, None


def _progress(progress: bool | Callable[[int], None]) -> Callable[[int], None]:
    if callable(progress):
        return progress
    if progress is True and sys.stderr is not None and sys.stderr.isatty():
        def draw(done: int) -> None:
            sys.stderr.write(f"\rindexed {done:,} documents")
            sys.stderr.flush()

        return draw
    if not isinstance(progress, bool):
        raise SettingsError(f"progress must be a bool or a callable, got {describe(progress)}", code="E110")
    return lambda done: None
