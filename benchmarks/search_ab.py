"""Search latency of two versions of the code on the same index, alternately, with identical hits checked.

Runs ``index_scale.py --query-only INDEX QUERIES --hits-out ...`` in fresh processes,
``--rounds`` times each, alternating: one process with the code of ``--base`` (a
directory holding another version's ``spundetect`` package, for example an export of
main made with ``git archive main spundetect | tar -x -C DIR``, put first on
``PYTHONPATH``), one with this checkout's. Both see the same load, the same index file
(and its pages in the page cache) and the same queries. Prints one JSON object: per
round and side, p50 / p95 of the wall clock and of CPU time, the query process's peak
RSS and the blocks read; and whether every query's hits (``Hit`` lists as JSON) are
byte-identical between the two sides in every round.

The index format must be one both versions read.

Usage (the machine is shared: run it niced)::

    git archive main spundetect | tar -x -C /tmp/main_src
    nice -n 5 python benchmarks/search_ab.py DIR/index-100000.sqlite DIR/queries.json \\
        --base /tmp/main_src --rounds 3 --out /tmp/ab.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCALE = REPO / "benchmarks" / "index_scale.py"
KEPT = ("search_p50_ms", "search_p95_ms", "search_cpu_p50_ms", "search_cpu_p95_ms", "query_rss_mb",
        "blocks_read", "open_s", "spun_R@1", "passage_R@1", "random_R@1")


def _side(index: Path, queries: Path, hits: Path, code: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run([sys.executable, str(SCALE), "--query-only", str(index), str(queries),
                           "--hits-out", str(hits)], env=env, check=True, capture_output=True, text=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    out = {key: report[key] for key in KEPT if key in report}
    out["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--base", type=Path, required=True, help="a directory holding the other version's spundetect")
    parser.add_argument("--this", type=Path, default=REPO,
                        help="a directory holding this side's spundetect (default: this checkout)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    for code in (args.base, args.this):
        if not (code / "spundetect" / "__init__.py").is_file():
            parser.error(f"{code} holds no spundetect package")
    rounds: list[dict[str, Any]] = []
    identical = True
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            sides: dict[str, Any] = {}
            # the base goes first in even rounds, this checkout in odd ones
            order = [("base", args.base), ("this", args.this)]
            for name, base in order if r % 2 == 0 else order[::-1]:
                sides[name] = _side(args.index, args.queries, Path(tmp) / f"{name}{r}.jsonl", base)
            same = (Path(tmp) / f"base{r}.jsonl").read_bytes() == (Path(tmp) / f"this{r}.jsonl").read_bytes()
            identical &= same
            rounds.append({"round": r + 1, "first": "base" if r % 2 == 0 else "this", **sides,
                           "identical_hits": same})
    report = {"index": str(args.index), "queries": str(args.queries), "base": str(args.base), "this": str(args.this),
              "rounds": rounds, "identical_hits_every_round": identical}
    text = json.dumps(report, indent=1)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
