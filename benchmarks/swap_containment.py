"""Count the swaps that lie outside the passage that lists them.

A passage lists the swaps of its sentence pairs (``Passage.swaps``), and the reports draw
each passage as a band over its spans: a listed swap outside both spans is evidence shown
outside its band. This script compares the first ``--limit`` pairs of every dev file
(pairs of up to ``--max-chars`` characters) and counts, over all passages, the swaps
listed and those not inside the passage's original and suspect spans, by file, with the
first few examples.

Usage::

    python benchmarks/swap_containment.py                  # 40 pairs a file
    PYTHONPATH=OTHER_TREE python benchmarks/swap_containment.py   # another version
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from pathlib import Path

import spundetect

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO.parent / "shared" / "data" / "dev"


def outside(c: spundetect.Comparison) -> tuple[int, list[str]]:
    """Swaps listed by the passages of ``c``, and a line for each outside its passage."""
    listed, lines = 0, []
    for p in c.passages:
        for n in p.swaps:
            sw = c.swaps[n]
            listed += 1
            (a, b), (x, y) = sw.original_span, sw.suspect_span
            if not (p.original_span[0] <= a and b <= p.original_span[1]
                    and p.suspect_span[0] <= x and y <= p.suspect_span[1]):
                lines.append(f"passage {p.index} {p.original_span}/{p.suspect_span}: "
                             f"{sw.original!r} -> {sw.suspect!r} at {sw.original_span}/{sw.suspect_span}")
    return listed, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--limit", type=int, default=40, help="pairs read from each file (file order)")
    parser.add_argument("--max-chars", type=int, default=30_000, help="skip longer pairs (both texts together)")
    parser.add_argument("--examples", type=int, default=3, help="lines shown per file")
    args = parser.parse_args()
    pairs: Counter[str] = Counter()
    listed: Counter[str] = Counter()
    out: Counter[str] = Counter()
    for path in sorted(args.data.glob("*.jsonl")):
        shown = 0
        with path.open(encoding="utf-8") as f:
            for line in itertools.islice(f, args.limit):
                row = json.loads(line)
                o, s = row.get("original"), row.get("suspect")
                if not o or not s or len(o) + len(s) > args.max_chars:
                    continue
                n, lines = outside(spundetect.compare(o, s))
                pairs[path.stem] += 1
                listed[path.stem] += n
                out[path.stem] += len(lines)
                for text in lines[: max(0, args.examples - shown)]:
                    print(f"  {path.stem} {row.get('id')}: {text}")
                shown += len(lines)
    print(f"{'file':<22} {'pairs':>5} {'swaps':>6} {'outside':>7}")
    for name in sorted(pairs):
        print(f"{name:<22} {pairs[name]:>5} {listed[name]:>6} {out[name]:>7}")
    print(f"{'all':<22} {sum(pairs.values()):>5} {sum(listed.values()):>6} {sum(out.values()):>7}")


if __name__ == "__main__":
    main()
