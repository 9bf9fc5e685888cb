"""Direction: is ``Comparison.reversed`` right? Each spun pair tested both ways round.

Spun pairs whose original is known: documents spun by ``spundetect.spin`` (``make_spun.py
--rules`` output, a WordNet half plus the rule-built phenomena), single sentences spun
here the same way (sentences of those documents and MRPC sentences), and real SpinBot
output (``mpc_spinbot.jsonl`` of the dev data). Documents, sentences and SpinBot pairs are
split into train and test halves by a hash of the original text (the document split of
``make_spun.py``); the spinner's dictionary half follows the split (``wordnet-train`` for
train, ``wordnet-test`` for test), so the test pairs hold substitutions the direction
model was never fitted on.

Every pair is compared both ways: ``compare(original, spun)`` is right when ``reversed <
0.5``, ``compare(spun, original)`` when ``reversed > 0.5``. Printed, and written as JSON:
accuracy per group (single sentences, paragraphs and longer) and per source, with the naive
rule of issue 15 beside it (the order with more flagged swaps from original to suspect is the spinning one; a tie counts as right one way).
The direction features of both comparisons are cached in ``benchmarks/out/direction_<split>
.jsonl`` for ``benchmarks/fit_direction.py``.

Usage::

    python benchmarks/make_spun.py --split test --dictionary wordnet-test --rules --modes random \\
        --p 0.25 0.5 --out benchmarks/out/spun_rules_test.jsonl
    python benchmarks/direction_eval.py --split test --docs 150 --sentences 300 --spinbot 150
    python benchmarks/direction_eval.py --speed 15      # what the direction adds to compare()
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
OUT_DIR = REPO / "benchmarks" / "out"
#: Single sentences: suspects up to this many words are reported as "sentence".
SENTENCE_WORDS = 40
MAX_DOC_WORDS = 1500


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def split_of(text: str, test_percent: int = 50) -> str:
    """``make_spun.py``'s document split (a stable hash of the stripped text)."""
    digest = hashlib.blake2b(text.strip().encode("utf-8"), digest_size=16).hexdigest()
    return "test" if int(digest, 16) % 100 < test_percent else "train"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def document_pairs(split: str, limit: int) -> list[dict[str, Any]]:
    path = OUT_DIR / f"spun_rules_{split}.jsonl"
    if not path.exists():
        raise SystemExit(f"missing {path}: run benchmarks/make_spun.py --split {split} --rules first")
    rows = [r for r in read_jsonl(path) if len(r["original"].split()) <= MAX_DOC_WORDS]
    return [{"id": r["id"], "original": r["original"], "suspect": r["suspect"], "source": r["source"],
             "group": "paragraph"} for r in rows[:limit]]


def spinbot_pairs(split: str, limit: int) -> list[dict[str, Any]]:
    rows = read_jsonl(DATA_DIR / "mpc_spinbot.jsonl")
    rows = [r for r in rows if r.get("label") == "spun" and split_of(r["original"]) == split
            and len(r["original"].split()) <= MAX_DOC_WORDS]
    return [{"id": r["id"], "original": r["original"], "suspect": r["suspect"], "source": "mpc_spinbot",
             "group": "sentence" if len(r["suspect"].split()) <= SENTENCE_WORDS else "paragraph"}
            for r in rows[:limit]]


def sentences(split: str) -> Iterator[tuple[str, str]]:
    """(origin, sentence) of the split: sentences of the spun documents' originals, then
    MRPC sentences, each kept once."""
    from spundetect.segment import segment

    seen: set[str] = set()
    mrpc = [r["original"] for r in read_jsonl(DATA_DIR / "mrpc.jsonl")]
    docs = [r["original"] for r in read_jsonl(OUT_DIR / f"spun_rules_{split}.jsonl")]
    sources = [("mrpc", t) for t in mrpc]
    for doc in dict.fromkeys(docs):
        sources += [("document", doc[s.start : s.end]) for s in segment(doc)]
    # interleave the two origins so that a limit takes some of each
    by_origin: dict[str, list[str]] = defaultdict(list)
    for origin, text in sources:
        words = len(text.split())
        if 8 <= words <= SENTENCE_WORDS and text not in seen and split_of(text) == split:
            seen.add(text)
            by_origin[origin].append(text)
    for pair in zip(by_origin["document"], by_origin["mrpc"]):
        yield "document", pair[0]
        yield "mrpc", pair[1]


def sentence_pairs(split: str, limit: int) -> list[dict[str, Any]]:
    from spundetect.spin import spin

    out: list[dict[str, Any]] = []
    for k, (origin, text) in enumerate(sentences(split)):
        p = 0.25 if (k // 2) % 2 else 0.5  # both rates for both origins (they alternate)
        result = spin(text, p=p, seed=k, dictionary=f"wordnet-{split}", rules=True)
        if not result.substitutions:
            continue
        key = hashlib.blake2b(f"{text}\n{result.text}".encode(), digest_size=6).hexdigest()
        out.append({"id": f"sent-{split}-{k}-{key}", "original": text, "suspect": result.text,
                    "source": f"spin_sentence_{origin}_p{round(p * 100)}", "group": "sentence"})
        if len(out) >= limit:
            break
    return out


def measure(row: dict[str, Any]) -> dict[str, Any]:
    """Both comparisons of one pair: features, reversed, flagged swaps."""
    import spundetect
    from spundetect.direction import direction_features

    out = {k: row[k] for k in ("id", "source", "group")}
    out["words"] = len(row["suspect"].split())
    for name, (a, b) in (("forward", (row["original"], row["suspect"])),
                         ("backward", (row["suspect"], row["original"]))):
        c = spundetect.compare(a, b)
        out[name] = {
            "features": direction_features(a, b, c.swaps),
            "reversed": c.reversed,
            "flagged": len(c.flagged_swaps),
            "verdict": c.verdict,
        }
    return out


def cached_rows(
    pairs: Sequence[dict[str, Any]],
    cache: Path,
    measure_one: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    refresh: bool = False,
    every: int = 25,
) -> list[dict[str, Any]]:
    """``measure_one`` of every pair, in order, from the JSON Lines ``cache`` where it has
    the pair's id; the rest are measured and appended as they come, so a killed run keeps
    every pair measured so far."""
    done = {r["id"]: r for r in read_jsonl(cache)} if cache.exists() and not refresh else {}
    todo = [p for p in pairs if p["id"] not in done]
    log(f"{cache.stem}: {len(pairs)} pairs, {len(todo)} to measure")
    started = time.perf_counter()
    with cache.open("a" if done else "w", encoding="utf-8") as handle:
        for k, pair in enumerate(todo, 1):
            row = measure_one(pair)
            done[pair["id"]] = row
            handle.write(json.dumps(row) + "\n")
            handle.flush()
            if k % every == 0 or k == len(todo):
                log(f"  {k}/{len(todo)} ({time.perf_counter() - started:.0f}s)")
    return [done[p["id"]] for p in pairs]


def collect(split: str, docs: int, sents: int, spinbot: int, refresh: bool = False) -> list[dict[str, Any]]:
    """The measured rows of a split, from the cache when it has them all."""
    pairs = document_pairs(split, docs) + spinbot_pairs(split, spinbot) + sentence_pairs(split, sents)
    return cached_rows(pairs, OUT_DIR / f"direction_{split}.jsonl", measure, refresh=refresh)


def evaluate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    from spundetect.direction import load_direction_model, probability_from_features

    model = load_direction_model()
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        forward = probability_from_features(row["forward"]["features"], model)
        backward = probability_from_features(row["backward"]["features"], model)
        # the naive rule of issue 15: the order with more flagged swaps is the spinning one
        naive_right = row["forward"]["flagged"] > row["backward"]["flagged"]
        naive_tie = row["forward"]["flagged"] == row["backward"]["flagged"]
        for name in ("all", f"group:{row['group']}", f"source:{row['source']}"):
            g = groups[name]
            g["pairs"] += 1
            g["tests"] += 2
            g["right"] += int(forward < 0.5) + int(backward > 0.5)
            g["undecided"] += int(forward == 0.5) + int(backward == 0.5)
            g["both_right"] += int(forward < 0.5 < backward)
            g["naive_right"] += 2 * int(naive_right) + int(naive_tie)  # a tie is right one way
    table = {}
    for name, g in sorted(groups.items()):
        table[name] = {**g, "accuracy": g["right"] / g["tests"], "naive_accuracy": g["naive_right"] / g["tests"],
                       "pair_accuracy": g["both_right"] / g["pairs"]}
    return {"model": model.name, "groups": table}


def print_table(result: dict[str, Any]) -> None:
    print(f"direction model: {result['model']}")
    print(f"  {'group':<40}{'pairs':>7}{'tests':>7}{'right':>8}{'both':>8}{'undec.':>8}{'naive':>8}")
    for name, g in result["groups"].items():
        print(f"  {name:<40}{g['pairs']:>7}{g['tests']:>7}{g['accuracy']:>8.3f}{g['pair_accuracy']:>8.3f}"
              f"{g['undecided']:>8}{g['naive_accuracy']:>8.3f}")


def speed(rounds: int) -> dict[str, float]:
    """What reading the direction adds to ``compare()``: the seed pair and one spun test
    document, compared with and without ``reversed_probability`` (stubbed out), interleaved,
    best of ``rounds`` each (warm caches)."""
    import importlib

    import spundetect

    chain = importlib.import_module("spundetect.compare")
    seeds = REPO.parent / "shared" / "seeds"
    a = next(seeds.glob("001_*.txt")).read_text(encoding="utf-8")
    b = next(seeds.glob("002_*.txt")).read_text(encoding="utf-8")
    doc = read_jsonl(OUT_DIR / "spun_rules_test.jsonl")[0]
    pairs = [(a, b), (doc["original"], doc["suspect"])]
    real = chain.reversed_probability
    best = {"with": float("inf"), "without": float("inf")}
    for _ in range(2):
        for o, s in pairs:
            spundetect.compare(o, s)  # warm the caches
    for _ in range(rounds):
        for name in ("with", "without"):
            chain.reversed_probability = real if name == "with" else (lambda *args, **kwargs: 0.5)
            started = time.perf_counter()
            for o, s in pairs:
                spundetect.compare(o, s)
            best[name] = min(best[name], time.perf_counter() - started)
    chain.reversed_probability = real
    # the direction alone, on the swaps compare() found (warm caches, best of rounds)
    from spundetect.direction import reversed_probability

    found = [(o, s, spundetect.compare(o, s).swaps) for o, s in pairs]
    alone = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for o, s, swaps in found:
            reversed_probability(o, s, swaps)
        alone = min(alone, time.perf_counter() - started)
    return {**best, "ratio": best["with"] / best["without"], "direction_alone": alone,
            "alone_share": alone / best["with"]}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument("--docs", type=int, default=150, help="spun documents (default 150)")
    parser.add_argument("--sentences", type=int, default=300, help="spun single sentences (default 300)")
    parser.add_argument("--spinbot", type=int, default=150, help="SpinBot pairs (default 150)")
    parser.add_argument("--refresh", action="store_true", help="measure again, ignoring the cache")
    parser.add_argument("--out", type=Path, help="JSON output (default benchmarks/out/direction_eval_<split>.json)")
    parser.add_argument("--speed", type=int, metavar="ROUNDS",
                        help="only time compare() with and without the direction (best of ROUNDS)")
    args = parser.parse_args(argv)
    if args.speed:
        timing = speed(args.speed)
        print(f"compare() of the seed pair and a spun document: {timing['with'] * 1000:.1f} ms with the "
              f"direction, {timing['without'] * 1000:.1f} ms without: x{timing['ratio']:.3f}; the direction "
              f"alone {timing['direction_alone'] * 1000:.1f} ms ({timing['alone_share']:.1%} of compare())")
        return timing
    rows = collect(args.split, args.docs, args.sentences, args.spinbot, args.refresh)
    result = evaluate(rows)
    result["split"] = args.split
    print_table(result)
    out = args.out or OUT_DIR / f"direction_eval_{args.split}.json"
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    log(f"wrote {out}")
    return result


if __name__ == "__main__":
    main()
