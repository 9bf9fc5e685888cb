"""Compare one pair N times after a warm-up, and nothing else: the process to run under
Valgrind's callgrind, whose instruction count does not move with the machine's load.

The instructions of one warm ``compare()`` are (count at N = 12 - count at N = 2) / 10;
``PYTHONPATH`` picks the tree (a ``git archive`` export)::

    PYTHONPATH=/tmp/base valgrind --tool=callgrind --callgrind-out-file=/tmp/a2.out \\
        python benchmarks/warm_compares.py 2
    PYTHONPATH=/tmp/base valgrind --tool=callgrind --callgrind-out-file=/tmp/a12.out \\
        python benchmarks/warm_compares.py 12
    # the "Collected" lines on stderr give the two counts

Each process draws its own string-hash seed (set ``PYTHONHASHSEED`` to fix it), which
moves the counts by about 1 %.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="warm compares after the three of the warm-up")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = ap.parse_args(argv)

    import bench_speed as b

    import spundetect

    o_path, s_path = b.seed_paths(args.seeds)
    pair = (o_path.read_text(encoding="utf-8"), s_path.read_text(encoding="utf-8"))
    for _ in range(3 + args.n):
        spundetect.compare(*pair)
    return 0


if __name__ == "__main__":
    sys.exit(main())
