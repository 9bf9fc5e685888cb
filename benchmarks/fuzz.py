"""Fuzz ``spundetect.compare`` and the batch file reader for a fixed wall-clock time.

Hypothesis generates the inputs (no shrinking: every example is run once and its outcome
recorded). Four targets take turns, in rounds of ``--round`` examples:

* ``compare``: random pairs of texts (any Unicode, including lone surrogates, control
  characters, homoglyphs, zero-width characters, spintax; or sentences from a small
  vocabulary and a derived suspect made by substitution / deletion / insertion), plus
  random options. Every result is also checked against the result contract (spans slice
  back, pairs cover every sentence once, score in [0, 1], JSON round trip).
* ``batch-bytes``: random bytes written to a ``.jsonl`` or ``.csv`` pairs file.
* ``batch-jsonl``: random JSON Lines (valid and broken objects, wrong types, paths).
* ``batch-csv``: random CSV rows (quotes, missing columns, NUL, BOM, CRLF).

The batch targets read the file with :func:`spundetect.batch.read_pairs` and run the rows
through :func:`spundetect.batch.process_rows` (``full=True``, one worker).

A *crash* is any exception that is not a :class:`spundetect.SpundetectError` subclass, an
``E500`` ("internal error") record out of a batch run, or a broken contract. Each distinct
crash (by target, exception type and last traceback frame) is kept with the first input
that caused it.

Usage::

    python benchmarks/fuzz.py --minutes 10          # writes benchmarks/out/fuzz.json
    python benchmarks/fuzz.py --minutes 1 --seed 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import spundetect
from spundetect import Comparison
from spundetect.batch import process_rows, read_pairs
from spundetect.errors import SpundetectError

OUT = Path(__file__).resolve().parent / "out"

VOCAB = [
    "the", "a", "an", "old", "man", "men", "friend", "quick", "fast", "rapid", "brown",
    "fox", "jumps", "over", "lazy", "dog", "two", "2", "big", "large", "house", "home",
    "city", "met", "came", "went", "said", "told", "good", "nice", "United", "States",
    "Dr", "Mr", "e.g", "U.S", "don't", "it's", "co-operate", "3.5", "1st", "twenty",
]
PUNCT = [".", ",", "!", "?", ";", ":", " - ", "...", "\n", "\n\n", "\r\n", " (", ") ", '"', "'"]
SPECIAL = [
    "\u0430", "\u0435", "\u043e", "\u03bf", "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00",
    "\x07", "\x1b", "\ud800", "\udfff", "\u202e", "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627", "\U0001f600", "\U0001f469\u200d\U0001f4bb", "{quick|fast|rapid}",
    "{a|}", "{|}", "\t", "\u00a0", "\u2028", "\u3000", "\u00e9", "e\u0301", "\ufffd",
]


# ----------------------------------------------------------------------- strategies

def _join(parts: list[str]) -> str:
    return "".join(parts)


vocab_texts = st.lists(
    st.one_of(
        st.sampled_from(VOCAB).map(lambda w: w + " "),
        st.sampled_from(VOCAB),
        st.sampled_from(PUNCT),
        st.sampled_from(SPECIAL),
    ),
    max_size=80,
).map(_join)

any_texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec=None), max_size=200),
    st.text(alphabet=st.sampled_from(list(" .\n\r\t!?,") + ["a", "b", "\u0430", "\u200b"]), max_size=60),
    vocab_texts,
)


@st.composite
def derived(draw: st.DrawFn, base: st.SearchStrategy[str] = vocab_texts) -> tuple[str, str]:
    text = draw(base)
    words = text.split(" ")
    ops = draw(st.lists(st.tuples(st.sampled_from("sdi"), st.integers(0, 10**6), st.sampled_from(VOCAB + SPECIAL)),
                        max_size=8))
    for op, pos, word in ops:
        if not words:
            break
        k = pos % len(words)
        if op == "s":
            words[k] = word
        elif op == "d":
            del words[k]
        else:
            words.insert(k, word)
    return text, " ".join(words)


pairs = st.one_of(st.tuples(any_texts, any_texts), derived(), any_texts.map(lambda t: (t, t)))
options = st.fixed_dictionaries({}, optional={
    "min_similarity": st.one_of(st.floats(allow_nan=True), st.integers(-2, 2), st.none(), st.text(max_size=3)),
    "derived_share": st.one_of(st.floats(allow_nan=True), st.integers(-2, 2), st.none()),
    "threshold": st.one_of(st.none(), st.floats(allow_nan=True), st.booleans()),
    "exact_alignment": st.one_of(st.none(), st.booleans(), st.integers(0, 2)),
})

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_texts),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)),
    max_leaves=6,
)
FIELDS = ["id", "original", "suspect", "original_path", "suspect_path", "extra"]
jsonl_line = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), st.one_of(json_values, st.sampled_from(
        ["", ".", "..", "/", "/dev/null", "missing.txt", "a.txt", "\x00", "../../etc/hostname"]))).map(
        lambda d: json.dumps(d, ensure_ascii=False)),
    st.builds(lambda o, s: json.dumps({"original": o, "suspect": s}, ensure_ascii=False), any_texts, any_texts),
    st.builds(lambda o, s: json.dumps({"original": o, "suspect": s}), any_texts, any_texts),  # \uXXXX escapes
    json_values.map(lambda v: json.dumps(v)),
    st.text(max_size=40),
)
jsonl_files = st.lists(jsonl_line, max_size=6).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass"))

csv_cell = st.one_of(any_texts, st.sampled_from(['"', '""', '"a,b"', "a,b", "\x00", "\r", "\ufeff", "a.txt"]))
csv_files = st.builds(
    lambda header, rows, nl, bom: (("\ufeff" if bom else "") + nl.join(
        [",".join(header)] + [",".join(r) for r in rows])).encode("utf-8", "surrogatepass"),
    st.one_of(st.just(["id", "original", "suspect"]), st.just(["original_path", "suspect"]),
              st.lists(st.sampled_from(FIELDS + ["", "ORIGINAL", " original"]), max_size=4)),
    st.lists(st.lists(csv_cell, max_size=4), max_size=5),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
byte_files = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda b, s: b + s, st.sampled_from([b"", b"\xef\xbb\xbf", b"id,original,suspect\n", b"{"]),
              st.binary(max_size=200)),
)


# ----------------------------------------------------------------------- bookkeeping

class Stats:
    def __init__(self) -> None:
        self.examples: dict[str, int] = {}
        self.library_errors: dict[str, int] = {}
        self.crashes: dict[str, dict[str, Any]] = {}
        self.crash_count = 0

    def ran(self, target: str) -> None:
        self.examples[target] = self.examples.get(target, 0) + 1

    def lib_error(self, err: SpundetectError) -> None:
        key = f"{type(err).__name__}/{err.code}"
        self.library_errors[key] = self.library_errors.get(key, 0) + 1

    def crash(self, target: str, kind: str, data: Any, tb: str) -> None:
        self.crash_count += 1
        last = tb.strip().splitlines()
        frame = next((ln.strip() for ln in reversed(last) if ln.strip().startswith("File ")), "")
        key = f"{target} | {kind} | {frame}"
        entry = self.crashes.get(key)
        if entry is None:
            self.crashes[key] = {"target": target, "kind": kind, "count": 1,
                                 "input": repr(data)[:4000], "traceback": tb[-6000:]}
            print(f"\n!! new crash in {target}: {kind}\n   input: {repr(data)[:300]}\n{tb[-1500:]}",
                  file=sys.stderr, flush=True)
        else:
            entry["count"] += 1


STATS = Stats()


def check_contract(c: Comparison, original: str, suspect: str, opts: dict[str, Any] | None = None) -> None:
    """Raise AssertionError when a result breaks the documented contract."""
    assert c.original == original and c.suspect == suspect
    assert 0.0 <= c.score <= 1.0, c.score
    for sw in c.swaps:
        assert original[sw.original_span[0]:sw.original_span[1]] == sw.original, sw
        assert suspect[sw.suspect_span[0]:sw.suspect_span[1]] == sw.suspect, sw
    for t in c.tells:
        assert 0 <= t.suspect_span[0] <= t.suspect_span[1] <= len(suspect), t
    for side, n in (("original_sentences", c.stats.original_sentences),
                    ("suspect_sentences", c.stats.suspect_sentences)):
        covered = [k for p in c.pairs for k in range(*getattr(p, side))]
        assert covered == list(range(n)), (side, covered, n)
    if original == suspect and not opts:  # a forced threshold may turn a copy into "spun"
        assert c.verdict == "copy" and not c.swaps, (c.verdict, c.swaps)
    assert Comparison.model_validate_json(c.model_dump_json()) == c


# ----------------------------------------------------------------------- targets

def run_compare(pair: tuple[str, str], opts: dict[str, Any]) -> None:
    STATS.ran("compare")
    original, suspect = pair
    try:
        c = spundetect.compare(original, suspect, **opts)
    except SpundetectError as err:
        STATS.lib_error(err)
        return
    except Exception as err:  # noqa: BLE001
        STATS.crash("compare", type(err).__name__, (original, suspect, opts), traceback.format_exc())
        return
    try:
        check_contract(c, original, suspect, opts)
    except Exception as err:  # noqa: BLE001
        STATS.crash("compare", f"contract {type(err).__name__}", (original, suspect, opts),
                    traceback.format_exc())


def run_batch_file(target: str, data: bytes, ext: str, tmp: Path) -> None:
    STATS.ran(target)
    path = tmp / f"pairs{ext}"
    path.write_bytes(data)
    (tmp / "a.txt").write_text("An old man came home.", encoding="utf-8")
    try:
        for errors in ("strict", "replace"):
            with read_pairs(path, errors=errors, max_chars=10_000) as rows:
                for rec in process_rows(rows, full=True):
                    if not rec["ok"] and rec["error"]["code"] == "E500":
                        STATS.crash(target, "E500 record", data, rec["error"]["message"])
                    json.dumps(rec, ensure_ascii=False).encode("utf-8", "backslashreplace")
    except SpundetectError as err:
        STATS.lib_error(err)
    except Exception as err:  # noqa: BLE001
        STATS.crash(target, type(err).__name__, data, traceback.format_exc())


def _settings(n: int, seed: int) -> settings:
    return settings(max_examples=n, deadline=None, database=None, derandomize=False,
                    phases=[Phase.generate], suppress_health_check=list(HealthCheck))


def make_rounds(n: int, tmp: Path) -> dict[str, Any]:
    s = _settings(n, 0)

    @s
    @given(pairs, options)
    def f_compare(pair: tuple[str, str], opts: dict[str, Any]) -> None:
        run_compare(pair, opts)

    @s
    @given(byte_files, st.sampled_from([".jsonl", ".csv"]))
    def f_bytes(data: bytes, ext: str) -> None:
        run_batch_file("batch-bytes", data, ext, tmp)

    @s
    @given(jsonl_files)
    def f_jsonl(data: bytes) -> None:
        run_batch_file("batch-jsonl", data, ".jsonl", tmp)

    @s
    @given(csv_files)
    def f_csv(data: bytes) -> None:
        run_batch_file("batch-csv", data, ".csv", tmp)

    return {"compare": f_compare, "batch-bytes": f_bytes, "batch-jsonl": f_jsonl, "batch-csv": f_csv}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="wall-clock budget (default 10)")
    ap.add_argument("--round", type=int, default=50, help="examples per round of one target")
    ap.add_argument("--seed", type=int, default=None, help="seed of the target order")
    ap.add_argument("--out", type=Path, default=OUT / "fuzz.json")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    spundetect.compare("Warm up.", "Warm up.")  # load resources before timing
    start = time.monotonic()
    end = start + args.minutes * 60
    rounds = 0
    with tempfile.TemporaryDirectory(prefix="spd-fuzz-") as td:
        fns = make_rounds(args.round, Path(td))
        # compare is the main target: half the rounds.
        order = ["compare", "compare", "compare", "batch-bytes", "batch-jsonl", "batch-csv"]
        while time.monotonic() < end:
            name = rng.choice(order)
            try:
                fns[name]()
            except Exception as err:  # noqa: BLE001 - hypothesis itself failing
                STATS.crash(name, f"harness {type(err).__name__}", None, traceback.format_exc())
            rounds += 1
            total = sum(STATS.examples.values())
            print(f"[{time.monotonic() - start:7.1f}s] rounds={rounds} examples={total} "
                  f"crashes={STATS.crash_count} distinct={len(STATS.crashes)}", flush=True)

    seconds = time.monotonic() - start
    summary = {
        "minutes": args.minutes,
        "seconds": round(seconds, 1),
        "rounds": rounds,
        "examples": sum(STATS.examples.values()),
        "examples_by_target": STATS.examples,
        "library_errors": STATS.library_errors,
        "crashes": STATS.crash_count,
        "distinct_crashes": len(STATS.crashes),
        "crash_details": list(STATS.crashes.values()),
        "python": sys.version.split()[0],
        "spundetect": spundetect.__version__ if hasattr(spundetect, "__version__") else None,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, ensure_ascii=True) + "\n", encoding="utf-8")
    print("\n== fuzz summary ==")
    print(f"time: {seconds:.0f}s, examples: {summary['examples']} {STATS.examples}")
    print(f"library errors (expected): {STATS.library_errors}")
    print(f"crashes: {STATS.crash_count} ({len(STATS.crashes)} distinct)")
    for c in STATS.crashes.values():
        print(f"  - {c['target']}: {c['kind']} x{c['count']}: {c['input'][:200]}")
    print(f"written: {os.path.relpath(args.out)}")
    return 1 if STATS.crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
