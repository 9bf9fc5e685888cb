"""Spinning plus shuffling: swap recall and spun rate with the suspect's sentences or paragraphs shuffled.

Input: pairs spun by ``spundetect.spin`` with known substitutions (``benchmarks/make_spun.py``
output; by default ``benchmarks/out/spun_test.jsonl``: held-out documents spun with the
``wordnet-test`` half of the dictionary, which the scorer was not fitted on). Each pair is
scored three ways, on the same pairs:

* ``unshuffled``: as generated;
* ``sentences``: the suspect's sentences put in a random order (the whitespace between
  units stays where it was, so paragraph breaks stay in place and sentences move across
  them);
* ``paragraphs``: the suspect's paragraphs put in a random order (paragraphs are blocks
  separated by blank lines; a text without blank lines but with several lines is split at
  its line breaks).

Sentences are cut here by a plain rule, as spinners' shufflers do, not by the library's
segmenter: after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by
whitespace, and at line breaks. The permutation is seeded per pair (``--seed``) and never
the identity when a text has two or more different units. Only pairs that both shuffles
change are used (``--all-pairs`` keeps the rest), and only the substitutions that lie inside
one unit for both shuffles, so all three variants have the same pairs and the same known
substitutions. Each known substitution's
``spun_span`` is moved with its unit, so swap recall is measured exactly as
``benchmarks/spin_recall.py`` measures it (its code is reused: ``run_generated``).

Printed per variant: pairs, pairs the shuffle changed, swap recall (exact + matched /
known), and spun rate (share of pairs whose verdict is ``spun``), with the difference to
``unshuffled``. Target (issue 14): within 0.02 of unshuffled.

With ``--where``, the same pairs are instead compared one by one against their
unshuffled twin, and every known substitution that a shuffled variant finds no more
(found unshuffled, missed or only partly matched shuffled) is counted by where its suspect
words lie in the shuffled result: in a sentence left unpaired, or in a pair (inside a
passage or not) whose diff missed or only partly matched it, paired with the sentence the
substitution came from or another one; and whether that suspect sentence holds one of
the shuffler's units or pieces of several (a unit glued to another). The swap recall and
spun rate of each variant are printed too. Pairs whose verdict changed are listed with
their swap counts.

Usage::

    python benchmarks/make_spun.py --split test --dictionary wordnet-test   # once
    nice -n 5 python benchmarks/shuffle_eval.py                                # all pairs
    nice -n 5 python benchmarks/shuffle_eval.py --limit 90 --json benchmarks/out/shuffle.json
    nice -n 5 python benchmarks/shuffle_eval.py --limit 200 --where         # where swaps are lost
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spin_recall import DEFAULT_PAIRS, classify, read_jsonl, run_generated, spread  # noqa: E402  (a sibling script)

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "benchmarks" / "out"
VARIANTS = ("unshuffled", "sentences", "paragraphs")
TARGET = 0.02

# A sentence ends after . ! or ? plus any closing quotes/brackets, before whitespace; a
# line break ends a unit too (headings, list items).
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'’”)\]]*(?=\s)|(?=\n)""")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def units(text: str, kind: str) -> list[tuple[int, int]]:
    """Spans of the sentences or paragraphs of ``text``, without their surrounding whitespace."""
    if kind == "sentences":
        cuts = sorted({m.end() for m in _SENTENCE_END.finditer(text)})
    else:
        cuts = [m.start() for m in _BLANK_LINE.finditer(text)]
        if not cuts:
            cuts = [m.start() for m in re.finditer(r"\n", text)]
    spans = []
    start = 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut]
        lo = start + (len(piece) - len(piece.lstrip()))
        hi = start + len(piece.rstrip())
        if hi > lo:
            spans.append((lo, hi))
        start = cut
    return spans


def shuffle_text(text: str, kind: str, rng: random.Random) -> tuple[str, list[tuple[int, int, int]]]:
    """The text with its units permuted, and each unit's (old start, old end, new start)."""
    spans = units(text, kind)
    order = list(range(len(spans)))
    if len({text[a:b] for a, b in spans}) >= 2:
        while order == sorted(order):
            rng.shuffle(order)
    pieces = [text[: spans[0][0]]] if spans else [text]
    moves = []
    for slot, (a, b) in enumerate(spans):
        src = spans[order[slot]]
        new_start = sum(map(len, pieces))
        moves.append((src[0], src[1], new_start))
        pieces.append(text[src[0] : src[1]])
        gap_end = spans[slot + 1][0] if slot + 1 < len(spans) else len(text)
        pieces.append(text[b:gap_end])
    return "".join(pieces), moves


def shuffled_row(row: dict[str, Any], kind: str, seed: int) -> tuple[dict[str, Any], int]:
    """The pair with its suspect shuffled, substitutions moved along; and how many were lost."""
    rng = random.Random(f"{seed}:{kind}:{row['id']}")
    text, moves = shuffle_text(row["suspect"], kind, rng)
    subs, lost = [], 0
    for sub in row["meta"]["substitutions"]:
        lo, hi = sub["spun_span"]
        home = [(a, b, new) for a, b, new in moves if a <= lo and hi <= b]
        if not home:  # a substitution across a unit edge cannot move with one unit
            lost += 1
            continue
        a, _, new = home[0]
        subs.append({**sub, "spun_span": [lo - a + new, hi - a + new]})
    units_now = sorted([new, new + b - a] for a, b, new in moves)
    meta = {**row["meta"], "substitutions": subs, "shuffled": kind, "changed": text != row["suspect"],
            "units": units_now}
    return {**row, "suspect": text, "meta": meta}, lost


def _keep(row: dict[str, Any], keys: set[tuple[int, ...]]) -> dict[str, Any]:
    subs = [s for s in row["meta"]["substitutions"] if tuple(s["original_span"]) in keys]
    return {**row, "meta": {**row["meta"], "substitutions": subs}}


def variants(rows: Sequence[dict[str, Any]], seed: int, all_pairs: bool) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The three versions of the same pairs, and the substitutions dropped from all three.

    Only pairs that both shuffles change are kept (unless ``all_pairs``), and only the
    substitutions that lie inside one unit for both shuffles, so that every variant has
    the same pairs and the same known substitutions.
    """
    out: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    dropped = 0
    for row in rows:
        by_sentence, _ = shuffled_row(row, "sentences", seed)
        by_paragraph, _ = shuffled_row(row, "paragraphs", seed)
        if not all_pairs and not (by_sentence["meta"]["changed"] and by_paragraph["meta"]["changed"]):
            continue
        keys = {tuple(s["original_span"]) for s in by_sentence["meta"]["substitutions"]}
        keys &= {tuple(s["original_span"]) for s in by_paragraph["meta"]["substitutions"]}
        dropped += len(row["meta"]["substitutions"]) - len(keys)
        for variant, version in zip(VARIANTS, (row, by_sentence, by_paragraph)):
            out[variant].append(_keep(version, keys))
    return out, dropped


def run(rows: Sequence[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    versions, dropped = variants(rows, args.seed, args.all_pairs)
    kept = len(versions["unshuffled"])
    if args.limit is not None:
        ids = {r["id"] for r in spread(versions["unshuffled"], args.limit, key="source")}
        versions = {v: [r for r in rs if r["id"] in ids] for v, rs in versions.items()}
    print(f"{kept} of {len(rows)} pairs kept, {len(versions['unshuffled'])} used; {dropped} substitutions "
          f"across unit edges left out of every variant", file=sys.stderr, flush=True)
    report: dict[str, Any] = {}
    for variant in VARIANTS:
        out_rows = versions[variant]
        path = OUT_DIR / f"shuffle_{variant}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for row in out_rows:
                for sub in row["meta"]["substitutions"]:  # moved spans still slice the replacement
                    lo, hi = sub["spun_span"]
                    assert row["suspect"][lo:hi] == sub["replacement"], (row["id"], sub)
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{variant}: {len(out_rows)} pairs", file=sys.stderr, flush=True)
        result = run_generated([path], None)
        verdicts = result["verdicts"]
        report[variant] = {
            "pairs": result["pairs"],
            "changed": sum(1 for r in out_rows if r["meta"].get("changed")),
            "dropped_substitutions": dropped,
            "known": result["overall"]["known"],
            "swap_recall": result["overall"]["recall"],
            "spun_rate": verdicts.get("spun", 0) / result["pairs"] if result["pairs"] else None,
            "verdicts": verdicts,
            "by_kind": {k: v["recall"] for k, v in result["by_kind"].items()},
            "by_source": {k: v["recall"] for k, v in result["by_source"].items()},
            "signature": result["signature"],
        }
    return report


def where_lost(rows: Sequence[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """Per shuffled variant: where the substitutions found unshuffled but not shuffled lie,
    and the pairs whose verdict changed."""
    import spundetect

    versions, _ = variants(rows, args.seed, args.all_pairs)
    if args.limit is not None:
        ids = {r["id"] for r in spread(versions["unshuffled"], args.limit, key="source")}
        versions = {v: [r for r in rs if r["id"] in ids] for v, rs in versions.items()}
    found_plain: list[set[tuple[int, int]]] = []
    verdicts: list[str] = []
    for row in versions["unshuffled"]:
        c = spundetect.compare(row["original"], row["suspect"])
        subs = row["meta"]["substitutions"]
        found_plain.append({tuple(sub["original_span"]) for sub in subs
                            if classify(sub, c.swaps, subs)[0] in ("exact", "matched")})
        verdicts.append(c.verdict)
    plain_known = sum(len(r["meta"]["substitutions"]) for r in versions["unshuffled"])
    plain_recall = sum(map(len, found_plain)) / plain_known if plain_known else 0.0
    plain_spun = verdicts.count("spun") / len(verdicts) if verdicts else 0.0
    from spundetect.segment import segment

    report: dict[str, Any] = {}
    for variant in VARIANTS[1:]:
        # pairs where a sentence of the segmenter spans two of the shuffler's units
        spanning = 0
        for row in versions["unshuffled"]:
            spans = units(row["suspect"], variant)
            spanning += any(not any(a <= x.start and x.end <= b for a, b in spans)
                            for x in segment(row["suspect"]))
        places: dict[str, int] = {}
        changed = []
        found = known = spun = 0
        for k, row in enumerate(versions[variant]):
            c = spundetect.compare(row["original"], row["suspect"])
            subs = row["meta"]["substitutions"]
            shuffled_units = row["meta"]["units"]
            hits = 0
            for sub in subs:
                outcome, _ = classify(sub, c.swaps, subs)
                if outcome in ("exact", "matched"):
                    hits += 1
                    continue
                if tuple(sub["original_span"]) not in found_plain[k]:
                    continue  # not found unshuffled either
                lo = sub["spun_span"][0]
                pair = next((p for p in c.pairs if p.suspect_span and p.suspect_span[0] <= lo < p.suspect_span[1]), None)
                if pair is None or not pair.aligned:
                    place = "sentence left unpaired"
                else:
                    inside = any(pair.index in ps.pairs for ps in c.passages)
                    o_lo, o_hi = pair.original_span or (0, 0)
                    source = "its original sentence" if o_lo <= sub["original_span"][0] < o_hi else "another original sentence"
                    place = f"pair {'inside' if inside else 'outside'} a passage, {outcome}, paired with {source}"
                if pair is not None and pair.suspect_span:
                    a, b = pair.suspect_span
                    held = sum(1 for x, y in shuffled_units if x < b and y > a)
                    place += "; its sentence holds " + ("one shuffled unit" if held <= 1 else "pieces of several")
                places[place] = places.get(place, 0) + 1
            found += hits
            known += len(subs)
            spun += c.verdict == "spun"
            if c.verdict != verdicts[k]:
                changed.append({"id": row["id"], "unshuffled": verdicts[k], variant: c.verdict,
                                "score": c.score, "found": hits, "found_unshuffled": len(found_plain[k]),
                                "known": len(subs)})
        n_pairs = len(versions[variant])
        report[variant] = {"pairs": n_pairs, "sentence_spans_units": spanning,
                           "swap_recall": found / known if known else None,
                           "spun_rate": spun / n_pairs if n_pairs else None,
                           "lost": dict(sorted(places.items())), "verdict_changed": changed}
        print(f"{variant}: {n_pairs} pairs, {spanning} with a sentence of the segmenter that "
              f"spans two shuffled units; swap recall {report[variant]['swap_recall']:.4f} "
              f"(unshuffled {plain_recall:.4f}), spun rate {report[variant]['spun_rate']:.3f} "
              f"(unshuffled {plain_spun:.3f}); substitutions found unshuffled, lost shuffled, by place:")
        for place, n in sorted(places.items(), key=lambda kv: -kv[1]):
            print(f"  {n:>6}  {place}")
        print(f"  verdict changed on {len(changed)} pairs:")
        for ch in changed:
            print(f"    {ch['id']}: {ch['unshuffled']} -> {ch[variant]} (score {ch['score']:.3f}; "
                  f"swaps found {ch['found']}, unshuffled {ch['found_unshuffled']}, known {ch['known']})")
    return report


def print_report(report: dict[str, Any]) -> None:
    base = report["unshuffled"]
    print(f"signature: {base['signature']}")
    print(f"\n{'variant':<12}{'pairs':>6}{'changed':>8}{'known':>7}{'recall':>8}{'d_recall':>9}"
          f"{'spun':>7}{'d_spun':>8}  within {TARGET}")
    for variant in VARIANTS:
        r = report[variant]
        d_rec = r["swap_recall"] - base["swap_recall"]
        d_spun = r["spun_rate"] - base["spun_rate"]
        ok = "yes" if abs(d_rec) <= TARGET and abs(d_spun) <= TARGET else "no"
        print(f"{variant:<12}{r['pairs']:>6}{r['changed']:>8}{r['known']:>7}{r['swap_recall']:>8.3f}{d_rec:>+9.3f}"
              f"{r['spun_rate']:>7.3f}{d_spun:>+8.3f}  {ok}")
    for variant in VARIANTS:
        r = report[variant]
        print(f"  {variant}: verdicts {r['verdicts']}; recall by source "
              + ", ".join(f"{k} {v:.3f}" for k, v in r["by_source"].items()))


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS,
                        help=f"spun pairs with meta.substitutions (default {DEFAULT_PAIRS})")
    parser.add_argument("--limit", type=int, help="at most this many of the kept pairs (spread over sources)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed (default 0)")
    parser.add_argument("--all-pairs", action="store_true",
                        help="keep pairs a shuffle leaves unchanged (one sentence or one paragraph)")
    parser.add_argument("--json", type=Path, help="write the report as JSON here")
    parser.add_argument("--where", action="store_true",
                        help="instead: where the swaps lost to shuffling lie, and the verdicts that changed")
    args = parser.parse_args(argv)
    if not args.pairs.is_file():
        raise SystemExit(f"missing {args.pairs}: run benchmarks/make_spun.py --split test --dictionary wordnet-test first")
    rows = [r for r in read_jsonl(args.pairs) if "substitutions" in r.get("meta", {})]
    if args.where:
        report = where_lost(rows, args)
    else:
        report = run(rows, args)
        print_report(report)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"argv": sys.argv[1:], "variants": report}, indent=1), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
