"""The first-sight cost of words an index lacks: ``compute_facts`` timed in fresh processes.

Takes the words of QUERIES (``index_scale.py``'s query file) that the index's ``words``
table lacks, query by query, each query's new words in alphabetical order as
``Index.search`` learns them, and times their facts (``fingerprint._Vocabulary.compute_facts``:
WordNet, the thesaurus, the function-word groups) in a fresh process after one warm-up
word (the loading of WordNet), CPU time. With ``--base DIR`` (an export of another
version, put first on ``PYTHONPATH``) the two versions run alternately, ``--rounds``
times each. ``--profile``: this version's process under cProfile (the functions that
took the most time). ``--check-stored N``: the facts this version computes for N words
of the index's ``words`` table (computed by the code that built the index) must equal
the stored ones; the mismatches are counted. ``--no-gc``: the cyclic garbage collector
off in the timed processes (what its collections cost).

Usage::

    nice -n 5 python benchmarks/word_facts.py DIR/index-1000000.sqlite DIR/queries.json \\
        --base /tmp/main_src --rounds 3 --check-stored 40000
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _stored(index: Path) -> dict[str, tuple[bool, int, int, bool, int]]:
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT word, immutable, spelled, canonical, function, plain FROM words").fetchall()
    finally:
        db.close()
    return {w: (bool(i), s, c, bool(f), p) for w, i, s, c, f, p in rows}


def _unseen(queries: list[dict[str, Any]], known: set[str]) -> list[str]:
    from spundetect.fingerprint import _WORD

    seen = set(known)
    words: list[str] = []
    for q in queries:
        fresh = {m.group().lower() for m in _WORD.finditer(str(q["text"]))} - seen
        words += sorted(fresh)
        seen |= fresh
    return words


def _child(words_file: Path, profile: bool, no_gc: bool) -> int:
    import cProfile
    import gc
    import io
    import pstats

    from spundetect import fingerprint

    words = json.loads(words_file.read_text(encoding="utf-8"))
    vocabulary = fingerprint._VOCABULARY
    vocabulary.compute_facts("warm")  # WordNet's and the thesaurus's loading
    if no_gc:
        gc.disable()
    prof = cProfile.Profile(time.process_time) if profile else None
    started = time.process_time()
    if prof is not None:
        prof.enable()
    for word in words:
        vocabulary.compute_facts(word)
    if prof is not None:
        prof.disable()
    spent = time.process_time() - started
    with open("/proc/self/status", encoding="ascii") as fh:
        rss = next((int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:")), 0.0)
    if prof is not None:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(20)
        sys.stderr.write(out.getvalue())
    print(json.dumps({"words": len(words), "facts_cpu_ms": round(1000 * spent, 1),
                      "us_per_word": round(1e6 * spent / max(len(words), 1), 1), "peak_rss_mb": round(rss, 1)}))
    return 0


def _run(code: Path, words_file: Path, profile: bool, no_gc: bool = False) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(code))
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(words_file)]
    command += (["--profile"] if profile else []) + (["--no-gc"] if no_gc else [])
    done = subprocess.run(command, env=env, check=True,
                          capture_output=True, text=True)
    if profile:
        sys.stderr.write(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, nargs="?")
    parser.add_argument("queries", type=Path, nargs="?")
    parser.add_argument("--base", type=Path, help="another version's source directory")
    parser.add_argument("--this", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-gc", action="store_true", help="the garbage collector off in the timed processes")
    parser.add_argument("--check-stored", type=int, default=0, metavar="N")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child, args.profile, args.no_gc)
    if args.index is None or args.queries is None:
        parser.error("INDEX and QUERIES are required")
    stored = _stored(args.index)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    words = _unseen(queries, set(stored))
    report: dict[str, Any] = {"queries": len(queries), "unseen_words": len(words), "rounds": []}
    with tempfile.TemporaryDirectory() as tmp:
        words_file = Path(tmp) / "words.json"
        words_file.write_text(json.dumps(words), encoding="utf-8")
        for _ in range(args.rounds):
            round_: dict[str, Any] = {}
            if args.base:
                round_["base"] = _run(args.base, words_file, False, args.no_gc)
            round_["this"] = _run(args.this, words_file, False, args.no_gc)
            if args.base:
                round_["ratio"] = round(round_["this"]["facts_cpu_ms"] / round_["base"]["facts_cpu_ms"], 3)
            report["rounds"].append(round_)
        if args.profile:
            _run(args.this, words_file, True)
    if args.check_stored:
        from spundetect import fingerprint

        checked = sorted(stored)[: args.check_stored]
        report["stored_checked"] = len(checked)
        report["stored_mismatches"] = sum(fingerprint._Vocabulary().compute_facts(w) != stored[w] for w in checked)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
