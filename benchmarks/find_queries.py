"""What ``Index.find()`` returns for every dev query with no original, to compare two versions.

The corpus and the queries are :mod:`index_eval`'s (``load``); the index is built in
memory with the library's defaults and ``find()`` is called with its defaults on every
same-topic and unrelated query. One JSON object per query key goes to ``--out``: the
matched document ids and their verdicts, best first. ``--diff A B`` prints the queries
whose matches differ between two such files, so that a change in ``index_eval``'s
false-match share can be traced to the queries and pairs behind it.

Usage::

    PYTHONPATH=/path/to/other/tree python benchmarks/find_queries.py --out /tmp/before.json
    python benchmarks/find_queries.py --out /tmp/after.json
    python benchmarks/find_queries.py --diff /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def run(data: Path) -> dict[str, list[list[str]]]:
    """Every no-original query's ``find()`` matches: ``{key|label: [[doc_id, verdict], ...]}``."""
    import spundetect
    from index_eval import NO_ORIGINAL, load

    corpus, queries = load(data)
    index = spundetect.Index()
    index.add_many(corpus.items())
    return {q.key + "|" + q.label: [[m.doc_id, m.comparison.verdict] for m in index.find(q.text)]
            for q in queries if q.label in NO_ORIGINAL}


def diff(before: dict[str, list[list[str]]], after: dict[str, list[list[str]]]) -> list[str]:
    """One line per query whose matches differ, and the count of queries with any match."""
    lines = [f"queries with a match: {sum(1 for v in before.values() if v)} -> "
             f"{sum(1 for v in after.values() if v)} of {len(after)}"]
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            lines.append(f"{key}: {before.get(key)} -> {after.get(key)}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    from index_eval import DATA_DIR

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, help="write every query's matches here (JSON)")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                        help="print the queries whose matches differ between two --out files")
    args = parser.parse_args(argv)
    if args.diff:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.diff)
        print("\n".join(diff(before, after)))
        return 0
    if args.out is None:
        parser.error("give --out or --diff")
    found = run(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(found, indent=0), encoding="utf-8")
    print(f"{sum(1 for v in found.values() if v)} of {len(found)} queries with a match; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
