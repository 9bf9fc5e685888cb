"""A query's block reads two ways, on a kept index: row by row and joined by SQLite.

Opens the index in this (fresh) process, searches a warm-up query, then every query of
QUERIES, recording the block ids each reads (``_SqliteStore._blocks``). Then, for every
query in turn, reads its blocks both ways in the index's own connection (its page cache
of 1 MiB while searching), which goes first alternating from query to query and from
pass to pass: ``rows``, the rows one by one (``_SqliteStore._block_rows``: a tuple and a
bytes object per block in Python) with each one's length taken and the data joined in
Python, as a search did before branch p50e; ``joined_in``, the statement of ``rows``
(``id IN (SELECT value FROM json_each(?)) ORDER BY id``) with the rows' data joined by
SQLite (``group_concat``) and counted, one row back; ``joined``, the same from a ``CROSS
JOIN`` of the ids and the blocks (``_SqliteStore._blocks``, branch p50e). Checks that all
give the same bytes for every query, and prints one JSON object: the mean CPU time of
each way a query (``--passes`` passes).

Usage (on an index and queries kept by ``index_scale.py --keep --dir DIR``)::

    nice -n 5 python benchmarks/block_reads_joined.py DIR/index-1000000.sqlite DIR/queries.json
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--passes", type=int, default=4)
    args = parser.parse_args(argv)

    import numpy as np

    import spundetect

    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    index = spundetect.Index(args.index)
    store: Any = index._store
    index.search("Warm up the look-ups.", k=10)
    asked: list[Any] = []
    blocks = store._blocks

    def recording(ids: Any) -> Any:
        asked.append(np.array(ids))
        return blocks(ids)

    store._blocks = recording
    for q in queries:
        index.search(q["text"], k=10)
    store._blocks = blocks

    def rows(ids: Any) -> bytes:
        _, data = store._block_rows(ids)
        np.fromiter(map(len, data), dtype=np.int64, count=len(data))  # each length, as find took them
        return b"".join(data)

    def joined_in(ids: Any) -> bytes:
        _, data = store._db.execute(
            "SELECT count(*), CAST(group_concat(data, '') AS BLOB) FROM "
            "(SELECT data FROM blocks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id)",
            (json.dumps(ids.tolist()),)).fetchone()
        return bytes(data or b"")

    def joined(ids: Any) -> bytes:
        data: bytes = store._blocks(ids).data
        return data

    ways = {"rows": rows, "joined_in": joined_in, "joined": joined}
    names = list(ways)
    spent = {name: 0.0 for name in ways}
    same = True
    with store._transaction("DEFERRED"):  # one snapshot, as a search reads in
        for p in range(args.passes):
            for i, ids in enumerate(asked):
                got = []
                for j in range(len(names)):
                    name = names[(i + j + p) % len(names)]
                    started = time.process_time()
                    got.append(ways[name](ids))
                    spent[name] += time.process_time() - started
                same = same and got[0] == got[1] == got[2]
    reads = max(len(asked) * args.passes, 1)
    print(json.dumps({
        "queries": len(queries),
        "reads": len(asked),
        "blocks_mean": round(float(np.mean([len(ids) for ids in asked])), 1) if asked else 0.0,
        "passes": args.passes,
        "rows_cpu_ms_mean": round(1000 * spent["rows"] / reads, 3),
        "joined_in_cpu_ms_mean": round(1000 * spent["joined_in"] / reads, 3),
        "joined_cpu_ms_mean": round(1000 * spent["joined"] / reads, 3),
        "same_bytes": same,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
