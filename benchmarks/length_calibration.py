"""Reliability of the score by suspect length: ECE, AUC, TPR and FPR per length bucket.

Held-out pairs of every length, spun and human:

* single sentences: the 400 human sentence edits of ``iterater_sent.jsonl`` and the 200
  human MRPC paraphrases (negatives); sentences spun by ``spundetect.spin`` with the test
  WordNet half and its rules (``direction_eval.sentence_pairs``: sentences of test
  documents and MRPC sentences of the test split), positives;
* documents: the non-spun pairs of the other dev files (copies, light edits, paraphrases,
  same-topic and unrelated; ``auto_obfuscated`` left out as in ``evaluate.py``), SpinBot,
  and the spun test documents of ``make_spun.py --rules`` (positives).

Pairs are bucketed by suspect words (<= 30, 30-150, > 150). Per bucket: the expected
calibration error with the two classes weighted equally (10 equal-width score bins; in
each bin, |mean score - weighted share of spun|, weighted by the bin's share of the total
weight), ROC AUC, TPR (spun called ``spun``) and FPR (non-spun called ``spun``).

Usage::

    python benchmarks/length_calibration.py --sentences 400 --docs 300
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from direction_eval import DATA_DIR, OUT_DIR, log, read_jsonl, sentence_pairs  # noqa: E402
from evaluate import roc_auc  # noqa: E402

BUCKETS = ((0, 30, "<= 30 words"), (31, 150, "30-150 words"), (151, 10**9, "> 150 words"))
HUMAN_FILES = ("clough", "ecbplus_same_topic", "ecbplus_unrelated", "iterater_doc", "iterater_sent",
               "mrpc", "pan13_01", "pan13_02", "pan13_05", "seeds")


def balanced_ece(rows: Sequence[dict[str, Any]], bins: int = 10) -> float | None:
    """ECE with each class given half the weight (rows: ``score``, ``spun``)."""
    pos = sum(1 for r in rows if r["spun"])
    neg = len(rows) - pos
    if not pos or not neg:
        return None
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [r for r in rows if lo <= r["score"] < hi or (b == bins - 1 and r["score"] >= 1.0)]
        weights = [0.5 / pos if r["spun"] else 0.5 / neg for r in inside]
        w = sum(weights)
        if not w:
            continue
        mean_score = sum(wt * r["score"] for wt, r in zip(weights, inside)) / w
        share_spun = sum(wt for wt, r in zip(weights, inside) if r["spun"]) / w
        total += w * abs(mean_score - share_spun)
    return total


def collect(sentences: int, docs: int) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = []
    for name in HUMAN_FILES:
        for r in read_jsonl(DATA_DIR / f"{name}.jsonl"):
            if r["label"] not in ("spun", "auto_obfuscated"):
                pairs.append({"original": r["original"], "suspect": r["suspect"], "spun": False,
                              "source": f"{name}:{r['label']}"})
    for r in read_jsonl(DATA_DIR / "mpc_spinbot.jsonl"):
        pairs.append({"original": r["original"], "suspect": r["suspect"], "spun": True, "source": "mpc_spinbot"})
    for r in read_jsonl(OUT_DIR / "spun_rules_test.jsonl")[:docs]:
        pairs.append({"original": r["original"], "suspect": r["suspect"], "spun": True, "source": r["source"]})
    for r in sentence_pairs("test", sentences):
        pairs.append({"original": r["original"], "suspect": r["suspect"], "spun": True, "source": r["source"]})
    return pairs


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    import spundetect

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=400, help="spun test sentences (default 400)")
    ap.add_argument("--docs", type=int, default=300, help="spun test documents (default 300)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "length_calibration.json")
    args = ap.parse_args(argv)
    pairs = collect(args.sentences, args.docs)
    log(f"{len(pairs)} pairs")
    rows = []
    started = time.perf_counter()
    for k, p in enumerate(pairs, 1):
        c = spundetect.compare(p["original"], p["suspect"])
        rows.append({"source": p["source"], "spun": p["spun"], "score": c.score, "verdict": c.verdict,
                     "words": c.stats.suspect_tokens})
        if k % 200 == 0 or k == len(pairs):
            log(f"  {k}/{len(pairs)} ({time.perf_counter() - started:.0f}s)")
    result: dict[str, Any] = {"buckets": {}}
    print(f"  {'bucket':<14}{'spun':>6}{'human':>7}{'ECE':>8}{'AUC':>8}{'TPR':>8}{'FPR':>8}")
    for lo, hi, name in BUCKETS:
        inside = [r for r in rows if lo <= r["words"] <= hi]
        pos = [r for r in inside if r["spun"]]
        neg = [r for r in inside if not r["spun"]]
        ece = balanced_ece(inside)
        auc = roc_auc([r["score"] for r in pos], [r["score"] for r in neg])
        tpr = sum(r["verdict"] == "spun" for r in pos) / len(pos) if pos else None
        fpr = sum(r["verdict"] == "spun" for r in neg) / len(neg) if neg else None
        result["buckets"][name] = {"spun": len(pos), "human": len(neg), "ece": ece, "auc": auc, "tpr": tpr,
                                   "fpr": fpr}

        def f(v: float | None) -> str:
            return "-" if v is None else f"{v:.3f}"

        print(f"  {name:<14}{len(pos):>6}{len(neg):>7}{f(ece):>8}{f(auc):>8}{f(tpr):>8}{f(fpr):>8}")
    result["rows"] = rows
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    log(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
