"""Index building, two versions of the code alternately: documents per second, per CPU second,
and whether the two indexes hold the same content.

Each build is ``benchmarks/index_scale.py --build-only COLLECTION INDEX`` (this
checkout's script: ``Index(path).add_many(docs, workers=W)`` over a JSON Lines
collection) in a fresh process whose ``PYTHONPATH`` is ``--base`` or ``--this``, so that
both versions build the same input; the order alternates from round to round (base
first in odd rounds, this first in even ones) so that both see the same load on a shared
machine. After the last round the two indexes of that round are compared table by table
(every row of every table, in the order of its key, hashed): ``identical`` is true when
every table's rows are the same bytes, so the branch built the same index, not only one
that finds the same documents.

Prints one JSON object (also written to ``--out``): per version, per round, wall seconds,
documents per second, CPU seconds (all, and of the building process alone: reading and
writing; the rest is the workers' fingerprinting), documents per CPU second, the
1-minute load average before and after; the medians; the tables' digests and whether
they match.

Usage (a collection written by ``index_scale.py --keep``; the machine is shared, so niced)::

    nice -n 5 python benchmarks/build_ab.py --collection D/collection-100000.jsonl \\
        --base ../base --dir D/ab --rounds 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCALE = REPO / "benchmarks" / "index_scale.py"


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(root)}


def _which(root: Path) -> str:
    """The ``spundetect`` a process with this ``PYTHONPATH`` imports (checked: an editable
    install elsewhere must not win)."""
    done = subprocess.run([sys.executable, "-c", "import spundetect; print(spundetect.__file__)"],
                          env=_env(root), check=True, capture_output=True, text=True, cwd="/")
    return done.stdout.strip()


def _build(root: Path, collection: Path, index: Path, workers: int) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(SCALE), "--workers", str(workers), "--build-only",
                           str(collection), str(index)], env=_env(root), check=True, capture_output=True,
                          text=True, cwd="/")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def digests(index: Path) -> dict[str, str]:
    """Per table of the SQLite file: a SHA-256 of its rows in the order of their first
    column (every table's key), each row's values as ``repr``."""
    db = sqlite3.connect(index)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out = {}
        for table in tables:
            digest = hashlib.sha256()
            rows = 0
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
                rows += 1
            out[table] = f"{rows} rows, {digest.hexdigest()[:16]}"
        return out
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--collection", type=Path, required=True, help="JSON Lines of {id, text}")
    parser.add_argument("--base", type=Path, required=True, help="root of the other version's code")
    parser.add_argument("--this", type=Path, default=REPO, help="root of this version's code")
    parser.add_argument("--dir", type=Path, required=True, help="where the indexes are written")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    roots = {"base": args.base.resolve(), "this": args.this.resolve()}
    report: dict[str, Any] = {"collection": args.collection.name, "workers": args.workers, "rounds": args.rounds,
                              "imports": {name: _which(root) for name, root in roots.items()}}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in roots}
    for k in range(args.rounds):
        order = ["base", "this"] if k % 2 == 0 else ["this", "base"]
        for name in order:
            built = _build(roots[name], args.collection, args.dir / f"{name}.sqlite", args.workers)
            built["round"] = k + 1
            runs[name].append(built)
            print(json.dumps({"version": name, **built}), file=sys.stderr, flush=True)
    for name, rows in runs.items():
        report[name] = {
            "build_s": [r["build_s"] for r in rows],
            "docs_per_s": [r["build_docs_per_s"] for r in rows],
            "cpu_s": [r["build_cpu_s"] for r in rows],
            "cpu_main_s": [r["build_cpu_main_s"] for r in rows],
            "docs_per_cpu_s": [r["build_docs_per_cpu_s"] for r in rows],
            "load_1min_before_after": [[r["build_load_avg"][0], r["build_load_avg"][3]] for r in rows],
            "rss_mb_main_worker": [[r["build_rss_mb"], r["build_worker_rss_mb"]] for r in rows],
            "median_docs_per_s": statistics.median(r["build_docs_per_s"] for r in rows),
            "median_docs_per_cpu_s": statistics.median(r["build_docs_per_cpu_s"] for r in rows),
            "median_cpu_main_s": statistics.median(r["build_cpu_main_s"] for r in rows),
            "docs": rows[0]["docs"],
            "disk_bytes": rows[-1]["disk_bytes"],
        }
    tables = {name: digests(args.dir / f"{name}.sqlite") for name in roots}
    report["tables"] = tables
    report["identical"] = tables["base"] == tables["this"]
    out = args.out or REPO / "benchmarks" / "out" / f"build_ab_{args.collection.stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
