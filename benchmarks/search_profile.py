"""Where a search's time goes: cProfile over the queries of ``index_scale.py`` on a kept index.

Opens the index in this (fresh) process, searches a warm-up query (WordNet's loading),
then every query of QUERIES under :mod:`cProfile`, and prints the functions that took the
most time (own and cumulative), the CPU time per search and the blocks read.
``--no-frequent``: the index does not add up the runs' stored counts of their frequent
fingerprints (the query path of format 2), to see what they save.

Usage (on an index and queries kept by ``index_scale.py --keep --dir DIR``)::

    nice -n 5 python benchmarks/search_profile.py DIR/index-100000.sqlite DIR/queries.json
    nice -n 5 python benchmarks/search_profile.py DIR/index-100000.sqlite DIR/queries.json --no-frequent
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--no-frequent", action="store_true",
                        help="do not use the runs' counts of their frequent fingerprints")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args(argv)

    import spundetect

    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    index = spundetect.Index(args.index)
    store: Any = index._store
    store.use_frequent = not args.no_frequent
    index.search("Warm up the look-ups.", k=10)
    read = [0, 0]
    blocks = store._blocks

    def counting(plan: Any) -> Any:
        read[0] += sum(len(b) for _, _, b in plan)
        read[1] += 1
        return blocks(plan)

    store._blocks = counting
    spent: list[float] = []
    profile = cProfile.Profile()
    for q in queries:
        started = time.process_time()
        profile.enable()
        index.search(q["text"], k=10)
        profile.disable()
        spent.append(1000 * (time.process_time() - started))
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    spent.sort()
    print(out.getvalue())
    print(json.dumps({"queries": len(queries), "use_frequent": store.use_frequent,
                      "search_cpu_p50_ms_profiled": round(statistics.median(spent), 2),
                      "search_cpu_p95_ms_profiled": round(spent[int(0.95 * (len(spent) - 1))], 2),
                      "blocks_read": read[0], "block_statements": read[1]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
