"""A sharded index on a local Dask cluster against one ``spundetect.Index``: same hits? how fast?

The collection is ``index_scale.py``'s synthetic one (``--docs`` documents of 300-800
words, deterministic), and the queries its planted spun copies and reused passages
(``--planted`` of each) plus ``--random-queries`` documents of the collection.

Measured, in one run, on the same documents and queries:

* ``one``: ``Index().add_many(docs)`` in this process (in memory), then ``search(k=10)``
  for each query;
* ``dask``: ``build_index(bag)`` on a ``LocalCluster`` of ``--workers`` worker processes
  (one thread each) over ``--partitions`` partitions, in-memory shards; then
  ``search_many(queries, k=10)`` (all queries in one call: two rounds of one task per
  shard) and ``search(query)`` one at a time. The workers are warmed up first (a tiny
  build, so WordNet is loaded and the first partition's time is not start-up);
* ``identical``: how many queries got exactly the same hits (ids, scores, shared counts,
  coverage, spans, order) from both: the result must be all of them.

Usage (the machine is shared: run it niced; printed as one JSON object)::

    nice -n 5 python benchmarks/index_sharded.py --docs 3000 --partitions 8
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_scale import Generator, planted_queries  # noqa: E402


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--planted", type=int, default=25)
    parser.add_argument("--random-queries", type=int, default=50)
    parser.add_argument("--single", type=int, default=20, help="queries also timed one search() call at a time")
    args = parser.parse_args(argv)

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    import spundetect
    from spundetect.distributed import build_index

    gen = Generator()
    docs = [(f"d{i}", gen.document(i)) for i in range(args.docs)]
    queries = [q["text"] for q in planted_queries(args.docs, args.planted, gen)]
    queries += [gen.document(i) for i in range(0, args.docs, max(1, args.docs // args.random_queries))][
        : args.random_queries]
    out: dict[str, Any] = {"docs": args.docs, "queries": len(queries), "partitions": args.partitions,
                           "workers": args.workers}

    start = time.perf_counter()
    one = spundetect.Index()
    one.add_many(docs)
    seconds = time.perf_counter() - start
    out["one_build_docs_per_s"] = round(args.docs / seconds, 1)
    times = []
    expected = []
    for q in queries:
        start = time.perf_counter()
        expected.append(one.search(q, k=10))
        times.append(1000 * (time.perf_counter() - start))
    out["one_search_p50_ms"] = round(statistics.median(times), 2)
    out["one_search_mean_ms"] = round(statistics.fmean(times), 2)

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster):
        build_index(db.from_sequence(docs[: 4 * args.workers], npartitions=2 * args.workers))  # warm-up
        bag = db.from_sequence(docs, npartitions=args.partitions)
        start = time.perf_counter()
        sharded = build_index(bag)
        seconds = time.perf_counter() - start
        out["dask_build_docs_per_s"] = round(args.docs / seconds, 1)
        start = time.perf_counter()
        got = sharded.search_many(queries, k=10)
        out["dask_search_many_ms_per_query"] = round(1000 * (time.perf_counter() - start) / len(queries), 2)
        times = []
        for q in queries[: args.single]:
            start = time.perf_counter()
            sharded.search(q, k=10)
            times.append(1000 * (time.perf_counter() - start))
        out["dask_search_one_p50_ms"] = round(statistics.median(times), 2)
    out["identical"] = sum(a == b for a, b in zip(got, expected))
    out["identical_of"] = len(queries)
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
