"""CPU time of ``compare()`` in two copies of the package, timed in alternation.

On a shared machine the speed of a core drifts by tens of percent within minutes, so two
benchmark runs made one after the other compare the load as much as the code. Here two
worker processes, one per package tree, are started side by side; each makes the pairs of
``bench_speed.py`` (the seed pair 002/001 and the generated 1k, 10k and 100k pairs, the
same in both) and compares each once to warm up. Then, round after round, each worker in
turn compares a pair ``--reps`` times and reports its best CPU time (``time.process_time``);
the order of the two alternates between rounds. The table gives each tree's best over all
rounds and the ratio, and whether the two trees' results were byte-identical
(``model_dump_json()`` digests).

Usage (from the repository root)::

    git archive BASE | tar -x -C /tmp/base     # the tree to compare against
    python benchmarks/compare_trees.py /tmp/base . --sizes seed,1k,10k --rounds 6
    python benchmarks/compare_trees.py /tmp/base . --sizes 100k --rounds 2 --reps 1

Each tree is put first on ``PYTHONPATH`` of its worker (the directory that holds its
``spundetect`` package).

With ``--pairs``, each worker also compares every row of labelled JSON Lines files
(``original``, ``suspect``; at most ``--limit`` rows a file) once, and the table is
followed by how many of those results differ between the two trees (a speed change must
leave them all byte-identical); ``--rounds 0`` checks the results only::

    python benchmarks/compare_trees.py /tmp/base . --rounds 0 --pairs ../shared/data/dev/*.jsonl
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_WORKER = r"""
import hashlib, sys, time
sys.path.insert(0, {bench!r})
import bench_speed as b
import spundetect
from pathlib import Path

seeds = Path({seeds!r})
sizes = {sizes!r}
spundetect.compare("The old friend came.", "The previous pal came.")
o_path, s_path = b.seed_paths(seeds)
gen = b.TextGenerator(seeds)
_, spin = b.spinner()
pairs = {{"seed": (o_path.read_text(encoding="utf-8"), s_path.read_text(encoding="utf-8"))}}
for name, words, seed in (("1k", 1_000, 10), ("10k", 10_000, 20), ("100k", 100_000, 100)):
    if name in sizes:
        pairs[name] = b.make_pair(gen, spin, words, seed)
digests = {{}}
for name in sizes:
    digests[name] = hashlib.sha1(spundetect.compare(*pairs[name]).model_dump_json().encode()).hexdigest()
print("ready", spundetect.__file__, " ".join(f"{{k}}={{v}}" for k, v in digests.items()), flush=True)
for path in {pairs!r}:
    rows = b.read_pairs([Path(path)])[:{limit!r}]
    got = [hashlib.sha1(spundetect.compare(o, s).model_dump_json().encode()).hexdigest()[:16] for o, s in rows]
    print("rows\t" + path + "\t" + " ".join(got), flush=True)
print("rows done", flush=True)
for line in sys.stdin:
    name, reps = line.split()
    o, s = pairs[name]
    best = float("inf")
    for _ in range(int(reps)):
        t = time.process_time()
        spundetect.compare(o, s)
        best = min(best, time.process_time() - t)
    print(best, flush=True)
"""


def start(tree: Path, seeds: Path, sizes: list[str], pairs: list[str] | None = None,
          limit: int | None = None) -> tuple[subprocess.Popen[str], str]:
    """A worker importing ``spundetect`` from ``tree``; returns it and its ready line."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = _WORKER.format(bench=str(ROOT / "benchmarks"), seeds=str(seeds), sizes=sizes,
                          pairs=pairs or [], limit=limit)
    # cwd: a directory without a spundetect package of its own
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=str(ROOT / "benchmarks"), env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    ready = proc.stdout.readline().strip()
    if not ready.startswith("ready"):
        raise RuntimeError(f"worker for {tree} failed to start")
    if not ready.split()[1].startswith(str(tree.resolve())):
        raise RuntimeError(f"worker for {tree} imported {ready.split()[1]}")
    return proc, ready


def _read_rows(proc: subprocess.Popen[str]) -> dict[str, list[str]]:
    """The result digests a worker printed per ``--pairs`` file (until ``rows done``)."""
    assert proc.stdout is not None
    out: dict[str, list[str]] = {}
    for line in proc.stdout:
        if line.startswith("rows done"):
            break
        _, path, digests = line.rstrip("\n").split("\t")
        out[path] = digests.split()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path, help="first tree (the one compared against)")
    ap.add_argument("b", type=Path, help="second tree")
    ap.add_argument("--sizes", default="seed,1k,10k", help="pairs: seed, 1k, 10k, 100k")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--reps", type=int, default=3, help="compares per pair per round (best kept)")
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--pairs", nargs="*", default=[], type=Path,
                    help="labelled JSON Lines files whose rows' results must be identical in both trees")
    ap.add_argument("--limit", type=int, default=None, help="rows read per --pairs file, at most")
    args = ap.parse_args(argv)
    sizes = args.sizes.split(",")
    pairs = [str(p.resolve()) for p in args.pairs]
    workers = [start(tree.resolve(), args.seeds, sizes, pairs, args.limit) for tree in (args.a, args.b)]
    for (_, ready), tree in zip(workers, (args.a, args.b)):
        print(f"{tree}: {ready}")
    rows = [_read_rows(proc) for proc, _ in workers]
    for path in pairs:
        a_rows, b_rows = rows[0][path], rows[1][path]
        differ = [k for k, (x, y) in enumerate(zip(a_rows, b_rows)) if x != y]
        print(f"  {Path(path).name}: {len(a_rows)} rows, results differ in {len(differ)}"
              + (f" (rows {differ[:10]})" if differ else ""))
    best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in sizes}
    # every round's value too: on a loaded machine the best of one tree may come from a
    # lucky moment; the median of the rounds (and of their B / A) says more
    every: dict[str, list[list[float]]] = {name: [[], []] for name in sizes}
    for r in range(args.rounds):
        order = (0, 1) if r % 2 == 0 else (1, 0)
        for name in sizes:
            for k in order:
                proc = workers[k][0]
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(f"{name} {args.reps}\n")
                proc.stdin.flush()
                got = float(proc.stdout.readline())
                best[name][k] = min(best[name][k], got)
                every[name][k].append(got)
    same = [a.split("=")[1] == b.split("=")[1]
            for a, b in zip(workers[0][1].split()[2:], workers[1][1].split()[2:])]
    print(f"{'pair':>6}  {'A (CPU ms)':>11}  {'B (CPU ms)':>11}  {'B / A':>6}  {'medians A / B (ms)':>19}  "
          f"{'median B / A':>12}  results")
    for name, same_result in zip(sizes, same):
        a, b = best[name]
        timed = args.rounds > 0
        med = ([statistics.median(v) for v in every[name]] if timed else [float("nan")] * 2)
        # per round, B's value over A's in the same round (the load alike for both)
        per_round = statistics.median(y / x for x, y in zip(*every[name])) if timed else float("nan")
        print(f"{name:>6}  {a * 1e3:11.1f}  {b * 1e3:11.1f}  {b / a if timed else float('nan'):6.3f}  "
              f"{med[0] * 1e3:9.1f} / {med[1] * 1e3:7.1f}  {per_round:12.3f}  "
              f"{'identical' if same_result else 'DIFFER'}")
    for proc, _ in workers:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
