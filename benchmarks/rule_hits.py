"""Count the pairs where the passage filter's rules of branch docacc could apply.

The rules (``score._unseeded_loose`` and ``score.CONDENSED_NAMES``) only change a result
when the filter reaches them with a passage they judge differently from the rules before:
``_unseeded_loose`` true, or a condensed candidate whose share of names lies in
(``MAX_NAMES``, ``CONDENSED_NAMES``]. A pair where neither happens has the passages, score
and verdict it had before, by construction. This compares every pair of the given files
(the library's ``compare()``, in worker processes that record each time either case is
reached) and prints the pairs where one was, with the case and the verdict.

Usage::

    python benchmarks/rule_hits.py --files ../shared/data/dev/mrpc.jsonl \\
        ../shared/data/dev/iterater_sent.jsonl benchmarks/out/spun_test.jsonl \\
        benchmarks/out/spun_rules_test.jsonl --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from multiprocessing import Pool
from pathlib import Path
from typing import Any

_HITS: list[str] = []


def _record() -> None:
    """Worker start: wrap the two places the rules are read, to note when they are reached."""
    import spundetect.compare as compare_module
    from spundetect import score

    unseeded = score._unseeded_loose
    filter_ = score.shows_reuse

    def recorded_unseeded(*args: Any) -> bool:
        hit = unseeded(*args)
        if hit:
            _HITS.append("unseeded")
        return hit

    def recorded_filter(stats: Any, reuse: Any, model: Any, threshold: Any = None, *, background: Any = None) -> bool:
        if reuse.condensed and score.MAX_NAMES < reuse.names <= score.CONDENSED_NAMES:
            _HITS.append("condensed names")
        return filter_(stats, reuse, model, threshold, background=background)

    # compare() calls the filter by the name it imported, the filter the rule by its own
    setattr(score, "_unseeded_loose", recorded_unseeded)
    setattr(compare_module, "shows_reuse", recorded_filter)


def _one(job: tuple[str, dict[str, Any]]) -> tuple[str, str, str, list[str], str]:
    import spundetect

    file, row = job
    _HITS.clear()
    verdict = spundetect.compare(row["original"], row["suspect"]).verdict
    return file, row["id"], row["label"], sorted(set(_HITS)), verdict


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", nargs="+", type=Path, required=True, help="pair files (JSON Lines)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    args = ap.parse_args(argv)
    jobs: list[tuple[str, dict[str, Any]]] = []
    for path in args.files:
        with path.open(encoding="utf-8") as lines:  # str.splitlines would also cut at U+2028
            jobs.extend((path.stem, json.loads(line)) for line in lines if line.strip())
    hits = 0
    with Pool(args.workers, initializer=_record) as pool:
        for file, pair_id, label, cases, verdict in pool.imap(_one, jobs, chunksize=8):
            if cases:
                hits += 1
                print(f"{file:<22} {pair_id:<40} {label:<15} {verdict:<11} {', '.join(cases)}", flush=True)
    print(f"{len(jobs)} pairs, {hits} where a rule of branch docacc was reached", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
