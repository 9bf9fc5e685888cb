"""Where a search's time goes: cProfile over the queries of ``index_scale.py`` on a kept index.

Opens the index in this (fresh) process, searches a warm-up query (WordNet's loading),
then every query of QUERIES under :mod:`cProfile`, and prints the functions that took the
most time (own and cumulative), the CPU time per search and the blocks read.
``--no-frequent``: the index does not add up the runs' stored counts of their frequent
fingerprints (the query path of format 2), to see what they save. ``--mmap BYTES``: SQLite
reads the file through a memory map of that size (``PRAGMA mmap_size``) instead of
``read`` calls. ``--cache-mib N``: SQLite's page cache of N MiB (a fraction allowed)
instead of the index's (``PRAGMA cache_size``; 64 MiB before branch p50d, 1 MiB while
searching since). ``--no-profile``: CPU times without cProfile's overhead (the time spent
reading blocks is then also given, and the time spent computing the facts of words the
index's ``words`` table lacks, per query kind: the first sight of a spun query's synonyms;
and per query kind, the mean CPU time of the search's parts: the query's n-grams
(``query_grams``), the postings (``postings``: of which the block reads), and the rest
(ranking), with each kind's p50).

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


def _peak_rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``: with a memory map, the file's
    pages it touched count too)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--no-frequent", action="store_true",
                        help="do not use the runs' counts of their frequent fingerprints")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    parser.add_argument("--mmap", type=int, default=0, metavar="BYTES", help="SQLite's mmap_size")
    parser.add_argument("--no-profile", action="store_true", help="time without cProfile")
    parser.add_argument("--cache-mib", type=float, default=0, help="SQLite's page cache in MiB (0: the index's)")
    args = parser.parse_args(argv)

    import spundetect

    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    index = spundetect.Index(args.index)
    store: Any = index._store
    store.use_frequent = not args.no_frequent
    if args.mmap:
        store._db.execute(f"PRAGMA mmap_size={int(args.mmap)}")
    if args.cache_mib:
        store._db.execute(f"PRAGMA cache_size=-{int(1024 * args.cache_mib)}")
    index.search("Warm up the look-ups.", k=10)
    read = [0, 0]
    reading: list[float] = []
    blocks = store._blocks

    def counting(ids: Any) -> Any:
        # the ids of the blocks read; before branch p50, a list of (run, fingerprints,
        # blocks) per run (to profile another version's code on PYTHONPATH)
        read[0] += sum(len(b) for _, _, b in ids) if isinstance(ids, list) else len(ids)
        read[1] += 1
        started = time.process_time()
        found = blocks(ids)
        reading.append(1000 * (time.process_time() - started))
        return found

    store._blocks = counting
    from spundetect import fingerprint
    from spundetect import index as index_module

    parts = {"grams": 0.0, "postings": 0.0, "reads": 0.0}  # CPU seconds of the query in progress
    grams_of = index_module.query_grams
    postings_of = store.postings

    def timed_grams(*a: Any, **kw: Any) -> Any:
        started = time.process_time()
        try:
            return grams_of(*a, **kw)
        finally:
            parts["grams"] += time.process_time() - started

    def timed_postings(*a: Any, **kw: Any) -> Any:
        started = time.process_time()
        try:
            return postings_of(*a, **kw)
        finally:
            parts["postings"] += time.process_time() - started

    if args.no_profile:  # the wrappers' own cost is small beside cProfile's
        index_module.query_grams = timed_grams
        store.postings = timed_postings

    vocabulary = fingerprint._VOCABULARY
    computing = vocabulary.compute_facts
    facts = [0.0, 0]  # CPU seconds, words

    def timed_facts(word: str) -> Any:
        if word in vocabulary.facts:
            return vocabulary.facts[word]
        started = time.process_time()
        try:
            return computing(word)
        finally:
            facts[0] += time.process_time() - started
            facts[1] += 1

    vocabulary.compute_facts = timed_facts  # type: ignore[method-assign]
    facts_by_kind: dict[str, list[float]] = {}
    phases_by_kind: dict[str, list[tuple[float, float, float, float]]] = {}  # total, grams, postings, reads
    spent: list[float] = []
    # CPU time, not the wall clock: on a shared machine the wall clock charges a function
    # with the time the process waited for a core while in it
    profile = cProfile.Profile(time.process_time)
    for q in queries:
        started, facts_before = time.process_time(), facts[0]
        parts.update(grams=0.0, postings=0.0)
        reads_before = len(reading)
        if not args.no_profile:
            profile.enable()
        index.search(q["text"], k=10)
        if not args.no_profile:
            profile.disable()
        spent.append(1000 * (time.process_time() - started))
        facts_by_kind.setdefault(str(q.get("kind", "")), []).append(1000 * (facts[0] - facts_before))
        phases_by_kind.setdefault(str(q.get("kind", "")), []).append(
            (spent[-1], 1000 * parts["grams"], 1000 * parts["postings"], sum(reading[reads_before:])))
    if not args.no_profile:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    spent.sort()
    tag = "" if args.no_profile else "_profiled"
    print(json.dumps({"queries": len(queries), "use_frequent": store.use_frequent, "mmap": args.mmap, "cache_mib": args.cache_mib or "the index's",
                      f"search_cpu_p50_ms{tag}": round(statistics.median(spent), 2),
                      f"search_cpu_p95_ms{tag}": round(spent[int(0.95 * (len(spent) - 1))], 2),
                      f"reading_blocks_cpu_ms_mean{tag}": round(statistics.fmean(reading), 3) if reading else 0.0,
                      f"word_facts_cpu_ms_mean{tag}": round(1000 * facts[0] / max(len(queries), 1), 3),
                      f"word_facts_cpu_ms_mean_by_kind{tag}": {k: round(statistics.fmean(v), 3)
                                                               for k, v in facts_by_kind.items()},
                      "word_facts_computed": facts[1],
                      **({"phases_cpu_ms_by_kind": {
                          k: {"p50": round(statistics.median(t for t, _, _, _ in v), 2),
                              "mean": round(statistics.fmean(t for t, _, _, _ in v), 2),
                              "grams": round(statistics.fmean(g for _, g, _, _ in v), 2),
                              "postings": round(statistics.fmean(p for _, _, p, _ in v), 2),
                              "reads": round(statistics.fmean(r for _, _, _, r in v), 2),
                              "rest": round(statistics.fmean(t - g - p for t, g, p, _ in v), 2)}
                          for k, v in phases_by_kind.items()}} if args.no_profile else {}),
                      "blocks_read": read[0], "block_statements": read[1], "peak_rss_mb": _peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
