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
the file is memory-mapped, a lookup decompresses one block of about 64 KiB, and the 16
most recent blocks are kept.

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
        self._blocks: OrderedDict[int, dict[bytes, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _block(self, k: int) -> dict[bytes, bytes]:
        with self._lock:
            block = self._blocks.get(k)
            if block is not None:
                self._blocks.move_to_end(k)
                return block
        offset, length = self._spans[k]
        start = self._base + offset
        text = zlib.decompress(self._data[start : start + length])
        block = {}
        for line in text.splitlines():
            root, _, syns = line.partition(b"\t")
            block[root] = syns
        with self._lock:
            self._blocks[k] = block
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
        syns = self._block(k).get(raw)
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
