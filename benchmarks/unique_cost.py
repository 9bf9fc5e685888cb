"""What ``np.unique`` costs against a sort, for arrays of the sizes a search sorts.

A search takes the distinct values of a few integer arrays: its fingerprints (a few
hundred), the blocks of its spans (about 1,700 at a million documents), its postings'
documents (some 16,000, with their inverse). numpy 2's ``np.unique`` of integers without
``return_*`` goes through a hash table first; ``spundetect.index._distinct`` sorts and
compares neighbours. The postings' documents are scored by the sum of their weights per
document: ``np.unique``'s inverse and ``np.bincount`` before branch p50e,
``spundetect.index._by_document`` (a sort of the numbers with their positions) since.
Prints one JSON object: per size, microseconds per call of each (best of ``--repeat``
timings of ``--calls`` calls), on random int64 values with a third repeated, and whether
the results are equal (the sums to the bit).

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

    from spundetect.index import _by_document, _distinct

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
        weights = rng.random(size)

        def unique_bincount() -> tuple[Any, Any]:
            distinct, inverse = np.unique(values, return_inverse=True)
            return distinct, np.bincount(inverse, weights=weights)

        want, got = unique_bincount(), _by_document(values, weights)
        out["sizes"][str(size)].update({
            "np_unique_inverse_bincount_us": _best(unique_bincount, args.calls, args.repeat),
            "by_document_us": _best(lambda: _by_document(values, weights), args.calls, args.repeat),
            "sums_equal": bool(np.array_equal(want[0], got[0]) and want[1].tobytes() == got[1].tobytes()),
        })
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
