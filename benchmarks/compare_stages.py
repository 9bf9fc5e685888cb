"""Where ``compare()``'s time goes on one pair: CPU time per stage, warm, best of repeats.

cProfile adds a fixed cost to every call, so a pipeline of many small calls looks
dominated by them, and it merges the ``__init__`` of every dataclass into one line (all
are ``<string>:2``). Here only the named functions are timed (``time.process_time`` around
each call, inclusive: an inner call of a timed function counts in it), with no profiler
running, and each figure is the best over the repeats of that function's total within one
``compare()``.

The stages are the steps of ``compare._run_chain`` (the default); ``--functions`` times
any other functions instead, as ``module:name`` (a module of ``spundetect``; a function is
replaced wherever a ``spundetect`` module holds it by that name, so calls from other
modules are timed too).

Usage (from the repository root)::

    python benchmarks/compare_stages.py                    # the seed pair 002/001
    python benchmarks/compare_stages.py --pair 10k --repeats 5
    python benchmarks/compare_stages.py --functions diff:diff_tokens diff:_best_split evidence:judge
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

#: The steps of ``compare._run_chain``, in order.
STAGES = (
    "tells:find_tells", "segment:segment", "compare:_units", "compare:_names", "passages:find_passages",
    "compare:_pair_passages", "compare:_shown", "compare:_joined", "compare:_sentence_edges",
    "compare:_assemble", "compare:_passages", "direction:reversed_probability",
)


def _timed(fn: Callable[..., Any], name: str, spent: dict[str, float], calls: dict[str, int]) -> Callable[..., Any]:
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:  # a recursive call counts in the outer one
            return fn(*args, **kwargs)
        depth[0] += 1
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - t0
            calls[name] += 1
            depth[0] -= 1

    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pair", default="seed", choices=["seed", "1k", "10k", "100k"])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--functions", nargs="*", default=list(STAGES), help="module:name of each function timed")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = ap.parse_args(argv)

    import bench_speed as b

    import spundetect

    if args.pair == "seed":
        o_path, s_path = b.seed_paths(args.seeds)
        pair = (o_path.read_text(encoding="utf-8"), s_path.read_text(encoding="utf-8"))
    else:
        words, seed = {"1k": (1_000, 10), "10k": (10_000, 20), "100k": (100_000, 100)}[args.pair]
        pair = b.make_pair(b.TextGenerator(args.seeds), b.spinner()[1], words, seed)
    spundetect.compare(*pair)  # loads everything the functions below live in
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    for spec in args.functions:
        module_name, name = spec.split(":")
        fn = getattr(importlib.import_module(f"spundetect.{module_name}"), name)
        wrapper = _timed(fn, spec, spent, calls)
        for mod_name, mod in list(sys.modules.items()):
            if mod_name.startswith("spundetect") and getattr(mod, name, None) is fn:
                setattr(mod, name, wrapper)
    spundetect.compare(*pair)
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    totals = []
    for _ in range(args.repeats):
        spent.clear()
        calls.clear()
        t0 = time.process_time()
        spundetect.compare(*pair)
        totals.append(time.process_time() - t0)
        for spec in args.functions:
            best[spec] = min(best[spec], spent[spec])
    total = min(totals)
    print(f"{args.pair} pair: compare() best {1e3 * total:.1f} ms CPU over {args.repeats} warm repeats "
          f"(the timers included); per function, best total within one compare():")
    for spec in args.functions:
        print(f"  {spec:38s} {1e3 * best[spec]:8.2f} ms  {100 * best[spec] / total:5.1f} %  ({calls[spec]} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
