"""CPU time of the steps of index building, two versions of the code alternately, and
whether each step's output is the same in both.

Steps: in a worker, per pass of ``_words`` (texts joined up to 2**20 characters, as
``spundetect.fingerprint._PASS_CHARS``), the tokeniser (``_tokenize``), the distinct
token keys (``np.unique`` with first places and inverse in the base, or what the version
defines as ``_distinct_keys``) and the whole of ``document_arrays`` (warm: every word
already met); in the writing process, on the largest run of a built index (at 100,000
documents a merged run of about 15M postings), its Bloom filter (``_make_filter``) and
its frequent fingerprints (``_frequent``).

With ``--pass-sweep``, also ``document_arrays`` of batches of 2,048 documents (as a worker
gets them) with ``_PASS_CHARS`` set to 2**16 ... 2**20 in turn, in each version (ms a
document; the outputs compared with those of the version's own setting).

Each version runs in a fresh process with ``PYTHONPATH`` set to its root (``--base``,
``--this``), alternately, ``--rounds`` times; each step's best of ``--repeat`` process
CPU times is kept, then the median over the rounds. Prints one JSON object (also written
to ``--out``).

Usage (after ``index_scale.py --keep`` or ``build_ab.py``: a collection and an index)::

    nice -n 5 python benchmarks/build_steps.py --collection D/collection-100000.jsonl \\
        --index D/ab/this.sqlite --base ../base --rounds 3
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        out = fn()
        best = min(best, time.process_time() - started)
    return round(1000 * best, 2), out


def _digest(value: Any) -> str:
    import numpy as np

    digest = hashlib.sha256()
    for part in value if isinstance(value, (tuple, list)) else [value]:
        digest.update(part if isinstance(part, bytes) else np.ascontiguousarray(part).tobytes())
    return digest.hexdigest()[:16]


def pass_sweep(texts: list[str], repeat: int) -> dict[str, Any]:
    """``document_arrays`` of batches of 2,048 documents, ms a document, per pass size."""
    import spundetect.fingerprint as fp

    batches = [texts[i : i + 2048] for i in range(0, len(texts) - 2047, 2048)]
    own = fp._PASS_CHARS
    expected = [_digest(list(fp.document_arrays(b))) for b in batches]
    best: dict[int, float] = {}
    same: dict[int, bool] = {}
    try:
        # the sizes in turn within each repetition, so that a change of the machine's
        # load falls on all of them alike
        for _ in range(repeat):
            for bits in range(16, 21):
                fp._PASS_CHARS = 1 << bits
                ms, got = _best(lambda: [_digest(list(fp.document_arrays(b))) for b in batches], 1)
                best[1 << bits] = min(best.get(1 << bits, float("inf")), ms)
                same[1 << bits] = got == expected
    finally:
        fp._PASS_CHARS = own
    out: dict[str, Any] = {str(size): round(ms / (2048 * len(batches)), 4) for size, ms in best.items()}
    out["same"] = all(same.values())
    return out


def child(collection: Path, index: Path, passes: int, repeat: int, sweep: bool = False) -> dict[str, Any]:
    """The steps' times in this process (whichever ``spundetect`` it imports)."""
    import numpy as np

    import spundetect.fingerprint as fp
    import spundetect.index as ix

    with collection.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in itertools.islice(fh, max(400 * passes, 6 * 2048 if sweep else 0))]
    joined: list[str] = []
    current: list[str] = []
    for text in texts:
        if sum(len(t) + 1 for t in current) + len(text) > 1 << 20 and current:
            joined.append("\n".join(current))
            current = []
        current.append(text)
    joined = joined[:passes]
    fp.document_arrays(texts)  # every word met: the steady state of a long build
    out: dict[str, Any] = {"spundetect": fp.__file__, "passes": len(joined)}
    distinct = getattr(fp, "_distinct_keys", None)
    times: dict[str, float] = {"tokenize": 0.0, "distinct_keys": 0.0, "document_arrays": 0.0}
    digests: dict[str, list[str]] = {"tokenize": [], "distinct_keys": [], "document_arrays": []}
    for text in joined:
        ms, tokens = _best(lambda: fp._tokenize(text), repeat)
        times["tokenize"] += ms
        digests["tokenize"].append(_digest(tokens))
        keys = tokens[2]
        ms, found = _best((lambda: distinct(keys)) if distinct else
                          (lambda: np.unique(keys, return_index=True, return_inverse=True)), repeat)
        times["distinct_keys"] += ms
        digests["distinct_keys"].append(_digest(found))
        ms, arrays = _best(lambda: fp.document_arrays(text.split("\n")), repeat)
        times["document_arrays"] += ms
        digests["document_arrays"].append(_digest(list(arrays)))
    out["ms_per_pass"] = {k: round(v / len(joined), 2) for k, v in times.items()}
    out["pass_chars"] = fp._PASS_CHARS
    if sweep:
        out["pass_sweep_ms_a_doc"] = pass_sweep(texts, repeat)
    out["digests"] = {k: _digest([v.encode() for v in vs]) for k, vs in digests.items()}
    db = sqlite3.connect(index)
    run, postings, fp_width, num_width, firsts, bases, counts = db.execute(
        "SELECT run, postings, fp_width, num_width, firsts, bases, counts FROM runs ORDER BY postings DESC LIMIT 1"
    ).fetchone()
    rows = db.execute("SELECT data FROM blocks WHERE id BETWEEN ? AND ? ORDER BY id",
                      (run << 32, (run << 32) + (1 << 32) - 1)).fetchall()
    db.close()
    per = np.frombuffer(counts, dtype="<u2").astype(np.int64)
    fps, _ = ix._Layout(fp_width, num_width).decode(b"".join(r[0] for r in rows),
                                                    np.repeat(np.frombuffer(firsts, dtype="<i8"), per),
                                                    np.repeat(np.frombuffer(bases, dtype="<i8"), per))
    out["run_postings"] = int(postings)
    out["run_distinct"] = int(np.count_nonzero(fps[1:] != fps[:-1])) + 1
    for name, step in (("make_filter", ix._make_filter), ("frequent", ix._frequent)):
        ms, made = _best(lambda: step(fps), repeat)
        out["ms_per_pass"][name] = ms
        out["digests"][name] = _digest(made)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--collection", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--base", type=Path, default=None, help="root of the other version's code (required)")
    parser.add_argument("--this", type=Path, default=REPO)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passes", type=int, default=5, help="passes of about 300 documents timed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--pass-sweep", action="store_true", help="also time document_arrays per pass size")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.collection, args.index, args.passes, args.repeat, args.pass_sweep)))
        return 0
    if args.base is None:
        parser.error("--base is required")
    results: dict[str, list[dict[str, Any]]] = {"base": [], "this": []}
    for k in range(args.rounds):
        for name in (["base", "this"] if k % 2 == 0 else ["this", "base"]):
            root = (args.base if name == "base" else args.this).resolve()
            done = subprocess.run([sys.executable, __file__, "--child", "--collection", str(args.collection),
                                   "--index", str(args.index), "--passes", str(args.passes),
                                   "--repeat", str(args.repeat), *(["--pass-sweep"] if args.pass_sweep else [])],
                                  env={**os.environ, "PYTHONPATH": str(root)}, cwd="/",
                                  check=True, capture_output=True, text=True)
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    report: dict[str, Any] = {"rounds": args.rounds, "passes": results["this"][0]["passes"],
                              "run_postings": results["this"][0]["run_postings"],
                              "run_distinct": results["this"][0]["run_distinct"]}
    for name, rows in results.items():
        report[name] = {"spundetect": rows[0]["spundetect"], "pass_chars": rows[0]["pass_chars"], "median_ms": {
            step: statistics.median(r["ms_per_pass"][step] for r in rows) for step in rows[0]["ms_per_pass"]},
            "ms": {step: [r["ms_per_pass"][step] for r in rows] for step in rows[0]["ms_per_pass"]}}
        if args.pass_sweep:
            report[name]["pass_sweep_ms_a_doc"] = [r["pass_sweep_ms_a_doc"] for r in rows]
    report["same_output"] = {step: len({r["digests"][step] for rows in results.values() for r in rows}) == 1
                             for step in results["this"][0]["digests"]}
    out = args.out or REPO / "benchmarks" / "out" / "build_steps.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
