"""What ``np.unique`` costs against a sort, for arrays of the sizes a search sorts.

A search takes the distinct values of a few integer arrays: its fingerprints (a few
hundred), the blocks of its spans (about 1,700 at a million documents), its postings'
documents (some 16,000, with their inverse). numpy 2's ``np.unique`` of integers without
``return_*`` goes through a hash table first; ``spundetect.index._distinct`` sorts and
compares neighbours. Prints one JSON object: per size, microseconds per call of each
(best of ``--repeat`` timings of ``--calls`` calls), on random int64 values with a third
repeated, and whether the results are equal.

Usage::

    python benchmarks/unique_cost.py
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from typing import Any


def _best(fn: Callable[[], Any], calls: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, time.perf_counter() - started)
    return round(1e6 * best / calls, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2500, 16000])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import numpy as np

    from spundetect.index import _distinct

    rng = np.random.default_rng(7)
    out: dict[str, Any] = {"numpy": np.__version__, "sizes": {}}
    for size in args.sizes:
        values = rng.integers(0, 1 << 40, size - size // 3, dtype=np.int64)
        values = np.concatenate([values, values[: size // 3]])
        rng.shuffle(values)
        out["sizes"][str(size)] = {
            "np_unique_us": _best(lambda: np.unique(values), args.calls, args.repeat),
            "distinct_us": _best(lambda: _distinct(values), args.calls, args.repeat),
            "np_unique_inverse_us": _best(lambda: np.unique(values, return_inverse=True), args.calls, args.repeat),
            "equal": bool(np.array_equal(np.unique(values), _distinct(values))),
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
