"""List the document-level verdict errors by dataset and cause.

Runs ``compare()`` on the document-level dev sets (every dev file but ``mrpc`` and
``iterater_sent``, the 1,106 pairs of ``evaluate.py``'s "document-level sets"; the
accuracy counts the 906 whose label has an expected verdict, ``evaluate.EXPECTED``), and
prints for each pair the verdict gets wrong: its file, label, verdict, the branch of
:func:`spundetect.score.decide` that gave the verdict (the *cause*) and the numbers that
branch read. Also the accuracy on all pairs and on the held-out half (pairs whose original
is in the test split of ``direction_eval.split_of``: the half no verdict threshold was
fitted on), the confusion matrix, and a table of errors by (file, label -> verdict, cause).

Each compared pair's numbers are written to ``--rows`` (JSON Lines), so a verdict rule
can be studied without comparing again (``--from-rows``).

Beside the library's numbers, each pair gets one that does not come from the library: the
share of the suspect's words that the original holds *in the same order* (the longest
common subsequence of the two word sequences, lowercased ``\\w+`` words, by rapidfuzz;
``kept`` in the listing). It asks how much of the text a label's editor kept, whatever
``compare()`` makes of it, and the table "suspect words kept in order, by file, label -> verdict"
shows where a label and the text disagree (branch docacc2: a "light edit" that keeps 16 %
of the words, or two "independent" reports that share 80 % of one in order).

Usage::

    python benchmarks/verdict_errors.py                      # compare, print, write rows
    python benchmarks/verdict_errors.py --from-rows benchmarks/out/verdict_rows.jsonl
    python benchmarks/verdict_errors.py --workers 2 --list   # also one line per error
    python benchmarks/verdict_errors.py --from-rows benchmarks/out/verdict_rows.jsonl --fit

``--fit`` reads the verdict again with other values of the copy threshold (the model's
``copy_change``) through the library's own ``score.decide`` and prints the accuracy on the
train half, the held-out half and all pairs for each: a threshold is chosen on the train
half only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from direction_eval import split_of  # noqa: E402
from evaluate import EXPECTED, VERDICTS, read_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_ROWS = REPO / "benchmarks" / "out" / "verdict_rows.jsonl"
WORD = re.compile(r"\w+")
DOCUMENT_FILES = (
    "clough", "ecbplus_same_topic", "ecbplus_unrelated", "iterater_doc", "mpc_spinbot", "seeds",
    "pan13_01", "pan13_02", "pan13_03", "pan13_04", "pan13_05",
)


def cause(verdict: str, stats: dict[str, float], model: Any) -> str:
    """The branch of ``score.decide`` that gave ``verdict`` (its order of tests; ``change``
    is what ``score.changed_share`` read)."""
    if verdict == "unrelated":
        return "no passage shows reuse"
    if verdict == "spun":
        return "derived, score >= threshold"
    if 2 * stats["condensed_tokens"] > stats["reused_suspect_tokens"]:
        return "most reused words condensed (summary)"
    change = stats["change"]
    if verdict == "copy":
        if change <= model.copy_change:
            return f"change <= {model.copy_change}"
        return f"verbatim share >= {model.copy_verbatim}"
    return f"change > {model.copy_change}, verbatim share < {model.copy_verbatim}"


def numbers(comparison: Any) -> dict[str, Any]:
    """What a verdict rule may read from a result: its statistics and passages."""
    from spundetect.score import changed_share

    st = comparison.stats
    stats: dict[str, Any] = dict(st.model_dump())
    stats.update(
        two_sided_change_rate=st.two_sided_change_rate,
        reused_change_rate=st.reused_change_rate,
        verbatim_share=st.verbatim_share,
        change=changed_share(st),
    )
    return {
        "score": comparison.score,
        "verdict": comparison.verdict,
        "reused_share": comparison.reused_share,
        "stats": stats,
        "passages": [
            {"kind": p.kind, "score": p.score, "original_tokens": p.original_tokens,
             "suspect_tokens": p.suspect_tokens, "common_tokens": p.common_tokens,
             "condensed": p.condensed, "pairs": len(p.pairs)}
            for p in comparison.passages
        ],
    }


def kept_in_order(original: str, suspect: str) -> float:
    """Share of the suspect's words the original holds in the same order (a word-level
    longest common subsequence; lowercased ``\\w+`` words), independent of the library.

    Examples:
        >>> kept_in_order("The cat sat on the mat.", "The black cat sat on a mat.")
        0.714
    """
    from rapidfuzz.distance import LCSseq

    o, s = WORD.findall(original.lower()), WORD.findall(suspect.lower())
    return round(LCSseq.similarity(o, s) / len(s), 3) if s else 0.0


def kept_table(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``kept`` (min, median, max, n) per file and label -> verdict, over rows with an expected
    verdict (a PAN suspect holds its reuse among other text, so there it measures little)."""
    groups: dict[str, list[float]] = {}
    for r in rows:
        if r["label"] in EXPECTED and "kept" in r:
            groups.setdefault(f"{r['file']} {r['label']} -> {r['verdict']}", []).append(r["kept"])
    table = {}
    for move, values in sorted(groups.items()):
        values.sort()
        table[move] = {"n": len(values), "min": values[0], "median": values[len(values) // 2], "max": values[-1]}
    return table


def add_kept(rows: Sequence[dict[str, Any]], data_dir: Path) -> None:
    """Fill ``kept`` (:func:`kept_in_order`) into rows written before it existed, from the pair files."""
    missing = {r["file"] for r in rows if "kept" not in r}
    texts = {}
    for name in missing:
        path = data_dir / f"{name}.jsonl"
        if path.exists():
            texts.update({row["id"]: (row["original"], row["suspect"]) for row in read_jsonl(path)})
    for r in rows:
        if "kept" not in r and r["id"] in texts:
            r["kept"] = kept_in_order(*texts[r["id"]])


def compare_rows(files: Sequence[Path], workers: int) -> list[dict[str, Any]]:
    import spundetect

    pairs = [(path.stem, row) for path in files for row in read_jsonl(path)]
    print(f"comparing {len(pairs)} pairs ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    results = spundetect.compare_many(((r["original"], r["suspect"]) for _, r in pairs), workers=workers)
    rows = []
    for (file, row), comparison in zip(pairs, results):
        rows.append({"file": file, "id": row["id"], "label": row["label"], "split": split_of(row["original"]),
                     "original_words": len(row["original"].split()), "suspect_words": len(row["suspect"].split()),
                     "kept": kept_in_order(row["original"], row["suspect"]), **numbers(comparison)})
    print(f"  {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return rows


def accuracy(rows: Sequence[dict[str, Any]], verdict_of: Any = None) -> tuple[int, int]:
    """(right, judged) over the rows whose label has an expected verdict."""
    judged = [r for r in rows if r["label"] in EXPECTED]
    right = sum(1 for r in judged if (verdict_of(r) if verdict_of else r["verdict"]) == EXPECTED[r["label"]])
    return right, len(judged)


def confusion(rows: Sequence[dict[str, Any]]) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {}
    for label in EXPECTED:
        table[label] = Counter(r["verdict"] for r in rows if r["label"] == label)
    return table


def report(rows: Sequence[dict[str, Any]], *, listing: bool) -> dict[str, Any]:
    from spundetect.score import load_model

    model = load_model()
    right, n = accuracy(rows)
    held = [r for r in rows if r["split"] == "test"]
    h_right, h_n = accuracy(held)
    train = [r for r in rows if r["split"] == "train"]
    t_right, t_n = accuracy(train)
    print(f"document-level verdict accuracy: {right / n:.3f} ({right} of {n}); "
          f"train half {t_right / t_n:.3f} ({t_right} of {t_n}); held out {h_right / h_n:.3f} ({h_right} of {h_n})")
    table = confusion(rows)
    print(f"\n  {'label':<14}" + "".join(f"{v:>12}" for v in VERDICTS))
    for label, counts in table.items():
        print(f"  {label:<14}" + "".join(f"{counts.get(v, 0):>12}" for v in VERDICTS))
    errors = [r for r in rows if r["label"] in EXPECTED and r["verdict"] != EXPECTED[r["label"]]]
    for r in errors:
        r["cause"] = cause(r["verdict"], r["stats"], model)
    groups = Counter((r["file"], f"{r['label']} -> {r['verdict']}", r["cause"]) for r in errors)
    print(f"\n{len(errors)} errors by file, label -> verdict and cause:")
    for (file, move, why), count in sorted(groups.items()):
        print(f"  {count:4d}  {file:<20} {move:<26} {why}")
    kept = kept_table(rows)
    print("\nsuspect words kept in order (word LCS with the original, not the library's), by file, label -> verdict:")
    print(f"  {'file label -> verdict':<48}{'n':>5}{'min':>7}{'median':>8}{'max':>7}")
    for move, k in kept.items():
        print(f"  {move:<48}{k['n']:>5}{k['min']:>7.2f}{k['median']:>8.2f}{k['max']:>7.2f}")
    if listing:
        print("\nevery error (change: the rate decide() reads; condensed / reused suspect words; "
              "passages: kind:suspect words):")
        for r in sorted(errors, key=lambda r: (r["file"], r["label"], r["verdict"])):
            st = r["stats"]
            kinds = " ".join(f"{p['kind']}:{p['suspect_tokens']}{'c' if p['condensed'] else ''}"
                             for p in r["passages"])
            print(f"  {r['file']:<18} {r['id']:<28} {r['label']}->{r['verdict']:<10} "
                  f"words {r['original_words']}/{r['suspect_words']} share {r['reused_share']:.2f} "
                  f"change {st['change']:.2f} verb {st['verbatim_share']:.2f} "
                  f"cond {st['condensed_tokens']}/{st['reused_suspect_tokens']} score {r['score']:.2f} "
                  f"kept {r.get('kept', float('nan')):.2f} [{kinds}]")
    return {"accuracy": right / n, "right": right, "n": n, "held_out": h_right / h_n, "held_out_right": h_right,
            "held_out_n": h_n, "train": t_right / t_n,
            "confusion": {k: dict(v) for k, v in table.items()}, "kept": kept,
            "errors": [{"file": f, "move": m, "cause": c, "n": k} for (f, m, c), k in sorted(groups.items())]}


def refit(rows: Sequence[dict[str, Any]], values: Sequence[float]) -> list[dict[str, Any]]:
    """Accuracy per half with each value of ``copy_change`` (spun and unrelated verdicts kept:
    the copy threshold only moves pairs between copy and paraphrase)."""
    from dataclasses import replace

    from spundetect.models import Statistics
    from spundetect.score import decide, load_model

    model = load_model()
    fields = set(Statistics.model_fields)
    stats = {id(r): Statistics(**{k: v for k, v in r["stats"].items() if k in fields}) for r in rows}
    table = []
    print(f"\n{'copy_change':>11} {'train':>7} {'held out':>9} {'all':>7}")
    for value in values:
        moved = replace(model, copy_change=value)

        def verdict_of(r: dict[str, Any]) -> str:
            if r["verdict"] in ("spun", "unrelated"):
                return str(r["verdict"])
            return decide(r["score"], stats[id(r)], moved)

        line = {"copy_change": value}
        for half in ("train", "test", None):
            right, n = accuracy([r for r in rows if half is None or r["split"] == half], verdict_of)
            line[half or "all"] = right
        print(f"{value:>11.2f} {line['train']:>7} {line['test']:>9} {line['all']:>7}")
        table.append(line)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"default {DATA_DIR}")
    ap.add_argument("--workers", type=int, default=1, help="compare_many worker processes (default 1)")
    ap.add_argument("--rows", type=Path, default=DEFAULT_ROWS, help=f"per-pair numbers written here ({DEFAULT_ROWS})")
    ap.add_argument("--from-rows", type=Path, help="read the per-pair numbers from this file instead of comparing")
    ap.add_argument("--list", action="store_true", help="also print one line per error")
    ap.add_argument("--json", type=Path, help="write the summary as JSON here")
    ap.add_argument("--fit", action="store_true", help="also read the verdicts again with copy_change "
                    "from 0.15 to 0.40 (accuracy per half)")
    args = ap.parse_args(argv)

    if args.from_rows:
        rows = [json.loads(line) for line in args.from_rows.read_text(encoding="utf-8").splitlines() if line]
        add_kept(rows, args.data_dir)
    else:
        files = [args.data_dir / f"{name}.jsonl" for name in DOCUMENT_FILES]
        missing = [str(p) for p in files if not p.exists()]
        if missing:
            raise SystemExit(f"missing pair files: {', '.join(missing)}")
        rows = compare_rows(files, args.workers)
        args.rows.parent.mkdir(parents=True, exist_ok=True)
        args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {args.rows}", file=sys.stderr)
    summary = report(rows, listing=args.list)
    if args.fit:
        summary["fit"] = refit(rows, [round(0.15 + 0.01 * k, 2) for k in range(26)])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
