"""What a search reads, on a kept index: blocks, stretches of consecutive block ids, the
(run, fingerprint) pairs asked and those that find nothing, the postings decoded, and the
CPU time of reading the same blocks again with their pages in SQLite's cache.

Opens the index in this (fresh) process, searches a warm-up query, then every query of
QUERIES, recording the block ids each reads (``_SqliteStore._blocks``) and what
``_Catalog.find`` is given and finds; counts the (run, fingerprint) pairs of each query
that the runs' filters pass and those whose fingerprint begins a block; then reads each
query's blocks twice more, timing the second read (every page then in SQLite's cache, set
to 64 MiB for this: what is left is SQLite's B-tree descent and row work per block).
Prints one JSON object.

Usage (on an index and queries kept by ``index_scale.py --keep --dir DIR``)::

    nice -n 5 python benchmarks/search_reads.py DIR/index-1000000.sqlite DIR/queries.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)

    import numpy as np

    import spundetect
    from spundetect import index as module

    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    index = spundetect.Index(args.index)
    store: Any = index._store
    index.search("Warm up the look-ups.", k=10)
    asked_ids: list[Any] = []
    blocks = store._blocks

    def recording(ids: Any) -> Any:
        asked_ids.append(np.array(ids))
        return blocks(ids)

    finds: list[tuple[int, int, int]] = []  # pairs asked, pairs finding nothing, postings decoded
    find = module._Catalog.find

    def finding(self: Any, blocks: Any, data: bytes, lengths: Any, asked: Any) -> tuple[Any, Any]:
        # the blocks' data joined and each one's length (branch p50e; before it, a list
        # of each block's data: this script reads this version's code only)
        counts, numbers = find(self, blocks, data, lengths, asked)
        run = np.searchsorted(self.start, blocks, "right") - 1
        record = self.fp_width[run] + self.num_width[run]
        decoded = int((lengths // record).sum())
        finds.append((len(asked), int((counts == 0).sum()), decoded))
        return counts, numbers

    store._blocks = recording
    module._Catalog.find = finding  # type: ignore[method-assign]
    for q in queries:
        index.search(q["text"], k=10)
    module._Catalog.find = find  # type: ignore[method-assign]
    store._blocks = blocks
    # a query's pages (about 1,700 at a million documents) fit in a cache of 64 MiB (the
    # index's before branch p50d, which searches with 1 MiB): the second read of the same
    # ids finds every one there
    store._db.execute("PRAGMA cache_size=-65536")
    again: list[float] = []
    for ids in asked_ids:
        blocks(ids)
        started = time.process_time()
        blocks(ids)
        again.append(1000 * (time.process_time() - started))

    # Every (run, fingerprint) pair of a query's distinct fingerprints that the runs'
    # filters pass (what main searched before branch p50d, which first drops the
    # fingerprints the known counts put over the cap), and those whose fingerprint
    # begins a block of the run (a second search for its right end before p50d).
    from spundetect.fingerprint import query_grams

    catalog = store._catalog()
    passing: list[tuple[int, int]] = []
    for q in queries:
        fps = np.unique(np.array([h for h, _, _ in query_grams(q["text"], config=index.config)], dtype=np.int64))
        runs_at, fps_at = np.nonzero(catalog.may_hold(fps))
        keys = (runs_at << module._BITS) | fps[fps_at]
        at = np.minimum(np.searchsorted(catalog.keys, keys), max(len(catalog.keys) - 1, 0))
        passing.append((len(keys), int((catalog.keys[at] == keys).sum()) if len(catalog.keys) else 0))

    def stretches(ids: Any, gap: int) -> int:
        return int((np.diff(ids) > gap).sum()) + 1 if len(ids) else 0

    read = [ids for ids in asked_ids if len(ids)]
    print(json.dumps({
        "queries": len(queries),
        "blocks_read": int(sum(len(ids) for ids in read)),
        "stretches_of_consecutive_ids": sum(stretches(ids, 1) for ids in read),
        "stretches_with_gaps_up_to_16_merged": sum(stretches(ids, 17) for ids in read),
        "pairs_asked": sum(f[0] for f in finds),
        "pairs_finding_no_posting": sum(f[1] for f in finds),
        "postings_decoded_mean": round(statistics.fmean(f[2] for f in finds), 1) if finds else 0.0,
        "pairs_asked_mean": round(statistics.fmean(f[0] for f in finds), 1) if finds else 0.0,
        "second_read_cpu_ms_mean": round(statistics.fmean(again), 3) if again else 0.0,
        "pairs_passing_filters_mean": round(statistics.fmean(p[0] for p in passing), 1) if passing else 0.0,
        "pairs_beginning_a_block_mean": round(statistics.fmean(p[1] for p in passing), 1) if passing else 0.0,
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
