"""A broad thesaurus (Moby Thesaurus II) for the swaps WordNet does not link.

Commercial spinners draw their substitutes from broad thesauri of the Roget kind, which link
words WordNet keeps apart ("monument" -> "landmark", "construction" -> "development",
"damaged" -> "harmed"). A swap that WordNet cannot explain but the Moby Thesaurus lists is
still a dictionary swap, though weaker evidence than a WordNet link: a broad thesaurus
also lists words that people choose when they rephrase. On the development data it links
about 40 % of SpinBot's swaps that WordNet leaves unexplained, against about 5 % of the
unexplained substitutions in human edits.

The data (``_data/moby/thesaurus.bin``, built by ``data/build_thesaurus.py``; public domain)
is sorted and cut into zlib-compressed blocks behind an index, so nothing is loaded up front:
the file is memory-mapped, a lookup decompresses one block of about 64 KiB (only as far
as the entries sorted before its word), and the 64 most recently used blocks are kept.

Examples:
    >>> from spundetect.thesaurus import get_thesaurus
    >>> th = get_thesaurus()
    >>> "landmark" in th.entry("monument")
    True
    >>> th.linked("monuments", "landmarks")
    True
"""

from __future__ import annotations

import bisect
import json
import mmap
import struct
import threading
import zlib
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spundetect.errors import ResourceError

__all__ = ["Thesaurus", "get_thesaurus"]

_MAGIC = b"SPDTHES1"
_KEPT_BLOCKS = 64  # about 4 MiB of decompressed text at most
_STEP = 8192  # bytes of text decompressed at a time


class _Block:
    """One compressed block, decompressed only as far as the look-ups have needed.

    The entries of a block are lines ``root<TAB>synonyms`` sorted by root (as bytes), so a
    look-up can stop decompressing at the first line past its word: a word met for the
    first time (the first sight of a word in a search, most of them in no entry)
    decompresses half a block on average instead of all of it, and no dictionary of the
    block's hundred-odd entries is built for the one asked.
    """

    def __init__(self, compressed: bytes) -> None:
        self._pending: zlib._Decompress | None = zlib.decompressobj()
        self._compressed = compressed  # what the decompressor has not taken yet
        self._text = b""  # decompressed so far

    def find(self, raw: bytes) -> bytes | None:
        """The synonyms field of the entry ``raw``, None when the block has no such root."""
        head = raw + b"\t"
        while True:
            text = self._text
            at = 0 if text.startswith(head) else text.find(b"\n" + head)
            if at >= 0:
                begin = at + len(head) + (at > 0)  # past the newline before a line but the first
                end = text.find(b"\n", begin)
                if end >= 0:
                    return text[begin:end]
                if self._pending is None:
                    return text[begin:]
            elif self._pending is None:
                return None
            else:
                last = text.rfind(b"\n")
                if last >= 0 and text[text.rfind(b"\n", 0, last) + 1 : last].partition(b"\t")[0] > raw:
                    return None  # the entries are sorted: the word's would have come
            self._more()

    def _more(self) -> None:
        pending = self._pending
        assert pending is not None
        self._text += pending.decompress(self._compressed, _STEP)
        self._compressed = pending.unconsumed_tail
        if pending.eof or not self._compressed:
            self._text += pending.flush()
            self._pending = None


class Thesaurus:
    """Read-only lookups in the shipped thesaurus (or one built the same way)."""

    def __init__(self, path: str | Path | None = None) -> None:
        try:
            data = _open(path)
        except OSError as err:
            raise ResourceError(f"cannot read the thesaurus {path or '_data/moby/thesaurus.bin'}: {err}") from err
        if data[:8] != _MAGIC:
            raise ResourceError("the thesaurus file is not in spundetect's format (bad magic)")
        (size,) = struct.unpack_from("<I", data, 8)
        try:
            header = json.loads(data[12 : 12 + size])
            self._firsts: list[bytes] = [b[0].encode() for b in header["blocks"]]
            self._spans: list[tuple[int, int]] = [(int(b[1]), int(b[2])) for b in header["blocks"]]
        except (ValueError, KeyError, TypeError, IndexError) as err:
            raise ResourceError(f"the thesaurus header is malformed: {err}") from err
        self.source: str = str(header.get("source", ""))
        self._data: bytes | mmap.mmap = data
        self._base = 12 + size
        self._blocks: OrderedDict[int, _Block] = OrderedDict()
        self._lock = threading.Lock()

    def _block(self, k: int) -> _Block:
        with self._lock:
            block = self._blocks.get(k)
            if block is not None:
                self._blocks.move_to_end(k)
                return block
            offset, length = self._spans[k]
            start = self._base + offset
            block = self._blocks[k] = _Block(self._data[start : start + length])
            while len(self._blocks) > _KEPT_BLOCKS:
                self._blocks.popitem(last=False)
            return block

    def entry(self, word: str) -> frozenset[str]:
        """The synonyms listed under ``word`` (lowercase, spaces normalised); empty if none."""
        return self._entry(" ".join(word.lower().split()))

    @lru_cache(maxsize=1 << 15)  # noqa: B019 - one shared instance lives for the process
    def _entry(self, key: str) -> frozenset[str]:
        raw = key.encode()
        k = bisect.bisect_right(self._firsts, raw) - 1
        if k < 0:
            return frozenset()
        block = self._block(k)
        with self._lock:  # a block is read further by one thread at a time
            syns = block.find(raw)
        return frozenset(syns.decode().split(",")) if syns else frozenset()

    def linked(self, original: str, suspect: str) -> bool:
        """Whether either side lists the other, trying their dictionary base forms too.

        ``original`` and ``suspect`` are words or short phrases; inflected forms are reduced
        to WordNet base forms ("landmarks" -> "landmark", "carried out" -> "carry out").
        """
        a, b = _forms(original), _forms(suspect)
        if a & b:
            return False  # the same word: not a thesaurus swap
        return any(y in self._entry(x) for x in a for y in b) or any(
            x in self._entry(y) for x in a for y in b
        )


def _open(path: str | Path | None) -> bytes | mmap.mmap:
    """Map the file (only the blocks looked up are read into memory), or read it whole."""
    if path is None:
        resource = resources.files("spundetect").joinpath("_data/moby/thesaurus.bin")
        where = Path(str(resource))
        if not where.is_file():
            return resource.read_bytes()  # a package inside a zip archive: no file to map
    else:
        where = Path(path)
    with open(where, "rb") as fh:
        if where.stat().st_size == 0:
            return b""
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


@lru_cache(maxsize=1 << 15)
def _forms(text: str) -> frozenset[str]:
    from spundetect.lexicon import get_lexicon

    key = " ".join(text.lower().replace("_", " ").split())
    # lemmas() gives lower-case base forms with spaces between words, as the entries have
    return frozenset([key, *(lemma for lemma, _pos in get_lexicon().lemmas(key))])


@lru_cache(maxsize=1)
def get_thesaurus() -> Thesaurus:
    """The shipped thesaurus, opened once per process (lazily, on first use)."""
    return Thesaurus()
