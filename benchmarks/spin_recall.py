"""Swap-level recall of ``spundetect.compare`` on spun pairs whose substitutions are known.

Part 1, generated pairs (``benchmarks/make_spun.py`` output, ``meta.substitutions`` with
exact spans): every known substitution is looked up among the swaps ``compare()`` reports:

* ``exact``: a swap with the same ``original_span`` and ``suspect_span``;
* ``matched``: one swap overlaps it on both sides, that swap overlaps no other known
  substitution (one-to-one), and its texts are right on both sides once shared words at
  its edges are trimmed (``"old friend" -> "old pal"`` for ``"friend" -> "pal"``);
* ``partial``: some swap overlaps it, but not one-to-one or with other texts (a merged or
  split swap);
* ``missed``: no swap overlaps it.

Recall = (exact + matched) / known, overall, by kind (``word`` = 1:1 word, ``multiword``,
``number``), by phenomenon (``meta.substitutions[].phenomenon``: ``dictionary``, ``number``
or a rule of ``spundetect.spin.RULES``; rows without it count as ``dictionary``), by
phenomenon and kind, and by source (spinner setting); ``flagged`` = found and flagged. Swaps that
overlap no known substitution are counted as ``unexplained`` per 1,000 suspect words.

Part 2, human edits: on the ``light_edit`` and ``paraphrase`` dev pairs, swaps and flagged
swaps per 1,000 suspect words, by label and by source (the false-alarm rate at swap level).

Both parts also count the swaps of each spinner phenomenon the detector names (the form
swaps of ``spundetect.evidence.FORMS``, and ``number_form``) per 1,000 suspect words: how
often people make these edits, against how often the spinner does.

Usage::

    python benchmarks/make_spun.py --split test                 # once, writes benchmarks/out/spun_test.jsonl
    python benchmarks/spin_recall.py                            # all of it
    python benchmarks/spin_recall.py --limit 30 --dev-limit 40  # quick look
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_PAIRS = REPO / "benchmarks" / "out" / "spun_test.jsonl"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "spin_recall.json"
HUMAN_LABELS = ("light_edit", "paraphrase")
KINDS = ("word", "multiword", "number")
#: Swap reasons counted per 1,000 words on both sides (spinner phenomena the detector names).
#: ``rare_loose`` is no reason code: a swap linked only loosely to a much rarer word
#: (``spundetect.evidence.rare_loose``), counted apart by the score.
PHENOMENON_REASONS = ("contraction", "inflection", "spelling", "modal", "expansion", "number_form", "rare_loose")


def phenomena(swap: Any) -> set[str]:
    """The spinner phenomena of :data:`PHENOMENON_REASONS` a reported swap shows."""
    from spundetect.evidence import rare_loose

    found = set(swap.reasons) & set(PHENOMENON_REASONS)
    if swap.synonym and rare_loose(swap.relation, swap.reasons):
        found.add("rare_loose")
    return found
OUTCOMES = ("exact", "matched", "partial", "missed")
MAX_EXAMPLES = 25


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def overlaps(a: Sequence[int] | None, b: Sequence[int] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] < b[1] and b[0] < a[1]


def trimmed(original: str, suspect: str) -> tuple[str, str]:
    """Drop words shared at the start and the end of both sides."""
    o, s = original.split(), suspect.split()
    while o and s and o[0].lower() == s[0].lower():
        o, s = o[1:], s[1:]
    while o and s and o[-1].lower() == s[-1].lower():
        o, s = o[:-1], s[:-1]
    return " ".join(o).lower(), " ".join(s).lower()


def classify(sub: dict[str, Any], swaps: Sequence[Any], subs: Sequence[dict[str, Any]]) -> tuple[str, Any]:
    """The outcome for one known substitution, and the swap that found it (or None)."""
    o_span, s_span = tuple(sub["original_span"]), tuple(sub["spun_span"])
    for swap in swaps:
        if tuple(swap.original_span) == o_span and tuple(swap.suspect_span) == s_span:
            return "exact", swap
    touching = [w for w in swaps if overlaps(w.original_span, o_span) or overlaps(w.suspect_span, s_span)]
    if not touching:
        return "missed", None
    both = [w for w in touching if overlaps(w.original_span, o_span) and overlaps(w.suspect_span, s_span)]
    if len(both) == 1 and len(touching) == 1:
        swap = both[0]
        others = [
            t for t in subs
            if t is not sub
            and (overlaps(swap.original_span, t["original_span"]) or overlaps(swap.suspect_span, t["spun_span"]))
        ]
        if not others and trimmed(swap.original, swap.suspect) == (
            sub["original"].lower(),
            sub["replacement"].lower(),
        ):
            return "matched", swap
    return "partial", touching[0]


def new_tally() -> dict[str, Any]:
    return {"known": 0, "flagged": 0, **{k: 0 for k in OUTCOMES}}


def finish(tally: dict[str, Any]) -> dict[str, Any]:
    known = tally["known"]
    found = tally["exact"] + tally["matched"]
    return {
        **tally,
        "recall": found / known if known else None,
        "exact_recall": tally["exact"] / known if known else None,
        "flagged_recall": tally["flagged"] / known if known else None,
    }


def run_generated(paths: Sequence[Path], limit: int | None) -> dict[str, Any]:
    import spundetect

    rows = [r for p in paths for r in read_jsonl(p) if "substitutions" in r.get("meta", {})]
    if limit is not None:
        rows = spread(rows, limit, key="source")
    log(f"generated pairs with known substitutions: {len(rows)}")
    overall = new_tally()
    by_kind: dict[str, dict[str, Any]] = defaultdict(new_tally)
    by_source: dict[str, dict[str, Any]] = defaultdict(new_tally)
    by_phenomenon: dict[str, dict[str, Any]] = defaultdict(new_tally)
    reason_counts: Counter[str] = Counter()
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    unexplained = unexplained_flagged = words = 0
    verdicts: Counter[str] = Counter()
    signature = None
    started = time.perf_counter()
    for k, row in enumerate(rows, 1):
        c = spundetect.compare(row["original"], row["suspect"])
        signature = signature or str(c.signature)
        verdicts[c.verdict] += 1
        subs = row["meta"]["substitutions"]
        words += c.stats.suspect_tokens
        for sub in subs:
            outcome, swap = classify(sub, c.swaps, subs)
            flagged = outcome in ("exact", "matched") and bool(swap.flagged)
            phenomenon = sub.get("phenomenon", "dictionary")
            groups = (overall, by_kind[sub["kind"]], by_source[row["source"]],
                      by_phenomenon[phenomenon], by_phenomenon[f"{phenomenon}/{sub['kind']}"])
            for tally in groups:
                tally["known"] += 1
                tally[outcome] += 1
                tally["flagged"] += int(flagged)
            key = f"{phenomenon}/{sub['kind']}:{outcome}"
            if outcome in ("partial", "missed") and len(examples[key]) < MAX_EXAMPLES:
                examples[key].append(
                    {
                        "id": row["id"],
                        "original": sub["original"],
                        "replacement": sub["replacement"],
                        "swap": None if swap is None else [swap.original, swap.suspect, swap.relation],
                        "context": row["suspect"][max(0, sub["spun_span"][0] - 40) : sub["spun_span"][1] + 40],
                    }
                )
        reason_counts.update(r for swap in c.swaps for r in phenomena(swap))
        for swap in c.swaps:
            if not any(
                overlaps(swap.original_span, s["original_span"]) or overlaps(swap.suspect_span, s["spun_span"])
                for s in subs
            ):
                unexplained += 1
                unexplained_flagged += int(swap.flagged)
        if k % 10 == 0 or k == len(rows):
            log(f"  {k}/{len(rows)} generated pairs ({time.perf_counter() - started:.1f}s)")
    return {
        "signature": signature,
        "pairs": len(rows),
        "verdicts": dict(verdicts),
        "suspect_words": words,
        "overall": finish(overall),
        "by_kind": {kind: finish(by_kind[kind]) for kind in KINDS if kind in by_kind},
        "by_source": {src: finish(t) for src, t in sorted(by_source.items())},
        "by_phenomenon": {ph: finish(t) for ph, t in sorted(by_phenomenon.items())},
        "phenomenon_swaps_per_1000_words": {r: 1000 * reason_counts[r] / words if words else None
                                            for r in PHENOMENON_REASONS},
        "unexplained_swaps_per_1000_words": 1000 * unexplained / words if words else None,
        "unexplained_flagged_per_1000_words": 1000 * unexplained_flagged / words if words else None,
        "examples": dict(examples),
    }


def spread(rows: Sequence[dict[str, Any]], limit: int, key: str) -> list[dict[str, Any]]:
    """Up to ``limit`` rows taken round-robin over the values of ``key``."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[str(row.get(key))].append(row)
    picked: list[dict[str, Any]] = []
    depth = 0
    while len(picked) < min(limit, len(rows)):
        for group in groups.values():
            if depth < len(group) and len(picked) < limit:
                picked.append(group[depth])
        depth += 1
    return picked


def run_human(files: Sequence[Path], limit: int | None) -> dict[str, Any]:
    import spundetect

    rows = [r for p in files for r in read_jsonl(p) if r.get("label") in HUMAN_LABELS]
    if limit is not None:
        rows = [r for label in HUMAN_LABELS for r in spread([x for x in rows if x["label"] == label], limit, "source")]
    log(f"human light_edit/paraphrase pairs: {len(rows)}")
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    for k, row in enumerate(rows, 1):
        c = spundetect.compare(row["original"], row["suspect"])
        for name in (f"label:{row['label']}", f"source:{row['label']}/{row.get('source')}"):
            g = groups[name]
            g["pairs"] += 1
            g["suspect_words"] += c.stats.suspect_tokens
            g["swaps"] += len(c.swaps)
            g["flagged"] += len(c.flagged_swaps)
            for swap in c.swaps:
                for r in phenomena(swap):
                    g[f"reason:{r}"] += 1
        for swap in c.flagged_swaps:
            reasons[row["label"]].update(swap.reasons)
        if k % 25 == 0 or k == len(rows):
            log(f"  {k}/{len(rows)} human pairs ({time.perf_counter() - started:.1f}s)")
    table = {}
    for name, g in sorted(groups.items()):
        w = g["suspect_words"]
        table[name] = {
            **g,
            "swaps_per_1000_words": 1000 * g["swaps"] / w if w else None,
            "flagged_per_1000_words": 1000 * g["flagged"] / w if w else None,
            "phenomenon_swaps_per_1000_words": {
                r: 1000 * g[f"reason:{r}"] / w if w else None for r in PHENOMENON_REASONS
            },
        }
    return {"groups": table, "flagged_reasons": {k: dict(v.most_common(12)) for k, v in reasons.items()}}


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_report(generated: dict[str, Any] | None, human: dict[str, Any] | None) -> None:
    if generated is not None:
        print(f"signature: {generated['signature']}")
        print(f"\n== Swap recall on {generated['pairs']} generated pairs ({generated['suspect_words']} suspect words)")
        header = f"  {'group':<36}{'known':>7}{'recall':>8}{'exact_r':>8}{'flag_r':>9}" + "".join(
            f"{o:>9}" for o in OUTCOMES
        )
        print(header)
        rows = [("overall", generated["overall"])]
        rows += [(f"kind:{k}", v) for k, v in generated["by_kind"].items()]
        rows += [(f"phenomenon:{k}", v) for k, v in generated["by_phenomenon"].items()]
        rows += [(f"source:{k}", v) for k, v in generated["by_source"].items()]
        for name, t in rows:
            print(
                f"  {name:<36}{t['known']:>7}{_fmt(t['recall']):>8}{_fmt(t['exact_recall']):>8}"
                f"{_fmt(t['flagged_recall']):>9}" + "".join(f"{t[o]:>9}" for o in OUTCOMES)
            )
        print(
            f"  swaps overlapping no known substitution: "
            f"{_fmt(generated['unexplained_swaps_per_1000_words'], 2)} per 1,000 suspect words "
            f"({_fmt(generated['unexplained_flagged_per_1000_words'], 2)} flagged)"
        )
        print("  phenomenon swaps per 1,000 suspect words: " + ", ".join(
            f"{r} {_fmt(v, 2)}" for r, v in generated["phenomenon_swaps_per_1000_words"].items()))
    if human is not None:
        print("\n== Swaps on human edits, per 1,000 suspect words")
        print(f"  {'group':<36}{'pairs':>6}{'words':>9}{'swaps':>7}{'flagged':>8}{'swaps/1k':>10}{'flagged/1k':>11}")
        for name, g in human["groups"].items():
            print(
                f"  {name:<36}{g['pairs']:>6}{g['suspect_words']:>9}{g['swaps']:>7}{g['flagged']:>8}"
                f"{_fmt(g['swaps_per_1000_words'], 2):>10}{_fmt(g['flagged_per_1000_words'], 2):>11}"
            )
        print("\n== Phenomenon swaps on human edits, per 1,000 suspect words")
        print(f"  {'group':<36}" + "".join(f"{r:>13}" for r in PHENOMENON_REASONS))
        for name, g in human["groups"].items():
            rates = g["phenomenon_swaps_per_1000_words"]
            print(f"  {name:<36}" + "".join(f"{_fmt(rates[r], 2):>13}" for r in PHENOMENON_REASONS))
        for label, counts in human["flagged_reasons"].items():
            print(f"  flagged reasons, {label}: {counts}")


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", nargs="+", type=Path, default=[DEFAULT_PAIRS],
                        help=f"generated pair files with meta.substitutions (default {DEFAULT_PAIRS})")
    parser.add_argument("--limit", type=int, help="at most this many generated pairs (spread over sources)")
    parser.add_argument("--files", nargs="+", type=Path, help="dev files for the human part (default: all in --data-dir)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"default {DATA_DIR}")
    parser.add_argument("--dev-limit", type=int, help="at most this many human pairs per label (spread over sources)")
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--skip-human", action="store_true")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON output (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)

    generated = human = None
    if not args.skip_generated:
        missing = [p for p in args.pairs if not p.exists()]
        if missing:
            raise SystemExit(f"missing {missing}: run benchmarks/make_spun.py first")
        generated = run_generated(args.pairs, args.limit)
    if not args.skip_human:
        files = args.files or sorted(args.data_dir.glob("*.jsonl"))
        human = run_human(files, args.dev_limit)
    print_report(generated, human)
    report = {"generated": generated, "human": human, "pairs_files": [str(p) for p in args.pairs]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    log(f"wrote {args.out}")
    return report


if __name__ == "__main__":
    main()
