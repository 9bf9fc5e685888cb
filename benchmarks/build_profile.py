"""Where a worker's CPU goes while an index is built: a profile of the task a worker of
``Index.add_many(docs, workers=W)`` runs (``spundetect.index._fingerprint_chunk``: the
fingerprints of a batch of 2,048 documents and their texts compressed in groups), on
batches of a collection after ``--warm`` batches (every frequent word met, as in a long
build).

Prints the CPU time a document (process time, without the profiler), then the profiler's
top functions by their own time, with the share of the worker's time of the texts'
compression (``zlib.compress``) and of ``document_arrays`` (the fingerprints).

Usage::

    nice -n 5 python benchmarks/build_profile.py --collection D/collection-100000.jsonl
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import pstats
import time
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--collection", type=Path, required=True)
    parser.add_argument("--warm", type=int, default=8, help="batches fingerprinted first, not timed")
    parser.add_argument("--batches", type=int, default=4, help="batches timed and profiled")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)

    import spundetect
    from spundetect.index import _BATCH, _fingerprint_chunk

    with args.collection.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in itertools.islice(fh, _BATCH * (args.warm + args.batches))]
    batches = [texts[i : i + _BATCH] for i in range(0, len(texts), _BATCH)]
    key = spundetect.Index().config.key
    for batch in batches[: args.warm]:
        _fingerprint_chunk(batch, key)
    timed = batches[args.warm :]
    started = time.process_time()
    for batch in timed:
        _fingerprint_chunk(batch, key)
    cpu = time.process_time() - started
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for batch in timed:
        _fingerprint_chunk(batch, key)
    profile.disable()
    stats = pstats.Stats(profile, stream=io.StringIO())
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    own = {f"{name[0].rsplit('/', 1)[-1]}:{name[2]}": row[2] for name, row in stats.stats.items()}  # type: ignore[attr-defined]
    cumulative = {name[2]: row[3] for name, row in stats.stats.items()}  # type: ignore[attr-defined]
    report = {
        "documents": sum(len(b) for b in timed),
        "cpu_ms_a_document": round(1000 * cpu / sum(len(b) for b in timed), 4),
        "share_zlib_compress": round(sum(v for k, v in own.items() if k.endswith(":<built-in method zlib.compress>"))
                                     / total, 3),
        "share_document_arrays": round(cumulative.get("document_arrays", 0.0) / total, 3),
        "top_own_s": dict(sorted(((k, round(v, 3)) for k, v in own.items()), key=lambda kv: -kv[1])[: args.top]),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
