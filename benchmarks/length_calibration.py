"""Reliability of the score by suspect length: ECE, AUC, TPR and FPR per length bucket.

The held-out (*test*) pairs of ``benchmarks/evidence_score.py``, compared with the
installed library (no cache, so the figures are the shipped model's):

* single sentences: the human sentence edits of ``iterater_sent.jsonl`` and MRPC's human
  paraphrases and same-topic sentences (negatives); sentences spun by ``spundetect.spin``
  with the test WordNet half and its rules (``direction_eval.sentence_pairs``: sentences
  of test documents and MRPC sentences of the test split), positives;
* documents: the non-spun pairs of the other dev files (copies, light edits, paraphrases,
  same-topic and unrelated; ``auto_obfuscated`` left out as in ``evaluate.py``), SpinBot,
  and test documents spun with the test WordNet half, with and without its rules.

``--split all`` takes the human pairs and SpinBot of both splits (the spun pairs stay the
test ones): more pairs, but the scorer was fitted on the train half of them.

Pairs are bucketed by suspect words (<= 30, 30-150, > 150). Per bucket: the expected
calibration error with the two classes weighted equally (10 equal-width score bins; in
each bin, |mean score - weighted share of spun|, weighted by the bin's share of the total
weight), ROC AUC, TPR (spun called ``spun``) and FPR (non-spun called ``spun``). Then the
single-sentence target of issue 15: spun sentences against the human sentence edits of
``iterater_sent`` (AUC, TPR and FPR at the default threshold).

Usage::

    python benchmarks/length_calibration.py --sentences 400 --docs 100
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
from direction_eval import OUT_DIR, log  # noqa: E402
from evaluate import roc_auc  # noqa: E402
from evidence_score import BUCKETS, pairs_of  # noqa: E402


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


def rates(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counts, balanced ECE, AUC, TPR and FPR (verdict ``spun``) of some rows."""
    pos = [r for r in rows if r["spun"]]
    neg = [r for r in rows if not r["spun"]]
    return {
        "spun": len(pos), "human": len(neg), "ece": balanced_ece(rows),
        "auc": roc_auc([r["score"] for r in pos], [r["score"] for r in neg]),
        "tpr": sum(r["verdict"] == "spun" for r in pos) / len(pos) if pos else None,
        "fpr": sum(r["verdict"] == "spun" for r in neg) / len(neg) if neg else None,
        "false_positives": sum(r["verdict"] == "spun" for r in neg),
    }


def collect(split: str, sentences: int, docs: int) -> list[dict[str, Any]]:
    pairs = pairs_of("test", docs, sentences)
    if split == "all":
        pairs += [p for p in pairs_of("train", 0, 0) if not p["source"].startswith("synthetic")]
    return pairs


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    import spundetect

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=400, help="spun test sentences (default 400)")
    ap.add_argument("--docs", type=int, default=100, help="spun test documents per spinner setting (default 100)")
    ap.add_argument("--split", choices=("test", "all"), default="test",
                    help="human pairs and SpinBot of the test split (default) or of both")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "length_calibration.json")
    args = ap.parse_args(argv)
    pairs = collect(args.split, args.sentences, args.docs)
    log(f"{len(pairs)} pairs")
    rows = []
    started = time.perf_counter()
    signature = ""
    for k, p in enumerate(pairs, 1):
        c = spundetect.compare(p["original"], p["suspect"])
        signature = str(c.signature)
        rows.append({"id": p["id"], "source": p["source"], "spun": p["spun"], "score": c.score,
                     "verdict": c.verdict, "words": c.stats.suspect_tokens})
        if k % 200 == 0 or k == len(pairs):
            log(f"  {k}/{len(pairs)} ({time.perf_counter() - started:.0f}s)")
    result: dict[str, Any] = {"signature": signature, "split": args.split, "buckets": {}}

    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    print(f"signature: {signature}")
    print(f"  {'bucket':<30}{'spun':>6}{'human':>7}{'ECE':>8}{'AUC':>8}{'TPR':>8}{'FPR':>8}")
    groups = [(name, [r for r in rows if lo <= r["words"] <= hi]) for lo, hi, name in BUCKETS]
    sentence_rows = [r for r in rows if r["source"].startswith("spin_sentence") or r["source"].startswith("iterater_sent")]
    groups.append(("sentences vs iterater_sent", sentence_rows))
    for name, inside in groups:
        m = rates(inside)
        result["buckets"][name] = m
        print(f"  {name:<30}{m['spun']:>6}{m['human']:>7}{f(m['ece']):>8}{f(m['auc']):>8}{f(m['tpr']):>8}"
              f"{f(m['fpr']):>8}")
    result["rows"] = rows
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    log(f"wrote {args.out}")
    return result


if __name__ == "__main__":
    main()
