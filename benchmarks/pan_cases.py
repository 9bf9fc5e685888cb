"""PAN 2013 text alignment, case by case: how much of each known case ``compare()``'s
passages cover, and the raw passages (before the filter) that touch it, with the filter's
inputs.

Per case of ``../shared/data/dev/pan13_0{2..5}.jsonl`` it records the share of the case's
suspect characters inside the kept passages (``cov``), the case's length in words on each
side, and every raw passage of the chain that overlaps it on the suspect side (from
``benchmarks/passage_filter.passage_rows``: words on each side, matched words, density,
``in_order``, whether its sentence pairs are derived, names share, ``background``, whether
the filter keeps it). Each case falls in one class:

* ``ok``: covered 90 % or more;
* ``partial``: covered, less than 90 % (edges inside the case, or the case split);
* ``filtered``: not covered, a raw passage touches it and the filter dropped it;
* ``no raw``: no raw passage touches it (seeding found nothing).

It prints the classes by half (a hash of the original, as ``pan_eval.py``) and each case
that is not ``ok`` with its largest raw passage; ``--out`` writes one JSON line per case.

Usage::

    nice -n 5 python benchmarks/pan_cases.py --sets pan13_03 pan13_04
    nice -n 5 python benchmarks/pan_cases.py --sets pan13_04 --limit 20 --out /tmp/cases.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from passage_filter import DATA_DIR, half, passage_rows, read_jsonl  # noqa: E402

FIELDS = ("original_span", "suspect_span", "s_words", "o_words", "seeds", "matched", "density",
          "condensed", "in_order", "derived", "pairs", "names", "background", "run", "kept")


def classify(cov: float, raws: Sequence[dict[str, Any]]) -> str:
    if cov >= 0.9:
        return "ok"
    if cov > 0:
        return "partial"
    return "filtered" if raws else "no raw"


def cases_of(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Every case of one pair, with its coverage and the raw passages touching it."""
    rows = passage_rows(row["original"], row["suspect"])
    kept = rows[0]["kept_spans"] if rows else []
    out = []
    for c in row["meta"].get("cases", []):
        a, b = c["this_offset"], c["this_offset"] + c["this_length"]
        o0, o1 = c["source_offset"], c["source_offset"] + c["source_length"]
        cov = sum(max(0, min(b, y) - max(a, x)) for x, y in kept) / max(1, b - a)
        raws = [{k: r[k] for k in FIELDS} for r in rows if r["suspect_span"][0] < b and a < r["suspect_span"][1]]
        out.append({"id": row["id"], "half": half(row["original"]), "case_suspect": [a, b],
                    "case_original": [o0, o1], "suspect_words": len(row["suspect"][a:b].split()),
                    "original_words": len(row["original"][o0:o1].split()), "cov": round(cov, 3),
                    "class": classify(cov, raws), "raws": raws})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--sets", nargs="+", default=["pan13_03", "pan13_04"])
    parser.add_argument("--limit", type=int, help="at most this many pairs a set")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write one JSON line per case here")
    args = parser.parse_args(argv)
    handle = args.out.open("w", encoding="utf-8") if args.out else None
    try:
        for name in args.sets:
            rows = read_jsonl(args.data / f"{name}.jsonl")[: args.limit]
            with ProcessPoolExecutor(args.workers) as pool:
                cases = [c for got in pool.map(cases_of, rows, chunksize=2) for c in got]
            counts = Counter((c["class"], c["half"]) for c in cases)
            classes = ("ok", "partial", "filtered", "no raw")
            print(f"{name}: {len(cases)} cases; " + ", ".join(
                f"{k} {counts[(k, 0)]}/{counts[(k, 1)]}" for k in classes) + " (half 0 / half 1)")
            for c in cases:
                if handle:
                    handle.write(json.dumps(c) + "\n")
                if c["class"] == "ok":
                    continue
                big = max(c["raws"], key=lambda r: r["s_words"], default=None)
                desc = "" if big is None else (
                    f" | largest raw: {big['s_words']}/{big['o_words']} words, {big['seeds']} seeds, in order "
                    f"{big['in_order']}, derived {big['derived']}, names {big['names']}, background "
                    f"{big['background']}, kept {big['kept']}")
                print(f"  {c['id']} h{c['half']} {c['class']} cov {c['cov']} words {c['suspect_words']}{desc}")
    finally:
        if handle:
            handle.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
