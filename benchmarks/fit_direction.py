"""Fit the direction model (``spundetect/_data/direction.json``) on train-split spun pairs.

Reads the rows that ``benchmarks/direction_eval.py --split train`` measured (cached in
``benchmarks/out/direction_train.jsonl``; measured here if missing): every spun pair's
direction features read forwards (label 0: given the right way round) and backwards
(label 1: reversed). Fits an L2-regularised logistic regression *without intercept* by
Newton's method: the features are sums of "original side minus suspect side", so a model
without intercept gives exactly ``P(reversed | a, b) = 1 - P(reversed | b, a)`` and 0.5 when
there is nothing to read. Each feature is scaled by its root mean square (its mean is 0 by
that symmetry). Spinner documents, SpinBot pairs and single sentences each get the same
total weight in the fit.

Usage::

    python benchmarks/fit_direction.py                     # fit, write the model, print the fit
    python benchmarks/fit_direction.py --dry-run           # print only
    python benchmarks/direction_eval.py --split test       # then the held-out figures
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from direction_eval import collect  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO / "spundetect" / "_data" / "direction.json"


def kind_of(row: dict[str, object]) -> str:
    if row["group"] == "sentence":
        return "sentence"
    return "spinbot" if row["source"] == "mpc_spinbot" else "spinner"


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> np.ndarray:
    """Weighted logistic regression without intercept, L2 penalty 1/(2C)|b|^2 (Newton)."""
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + beta / c
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.eye(len(beta)) / c
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def main(argv: Sequence[str] | None = None) -> int:
    from spundetect.direction import FEATURES

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--spinbot", type=int, default=200)
    ap.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--features", nargs="*", default=list(FEATURES))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)

    rows = collect("train", args.docs, args.sentences, args.spinbot)
    names = list(args.features)
    xs, ys, ws = [], [], []
    # Three kinds of pairs, each given the same total weight: spinner documents, SpinBot
    # output (few pairs, but the only real spinner) and single sentences.
    kinds = [kind_of(r) for r in rows]
    sizes = {k: kinds.count(k) for k in set(kinds)}
    n_sent = sizes.get("sentence", 0)
    n_par = len(rows) - n_sent
    for row, kind in zip(rows, kinds):
        weight = len(rows) / (len(sizes) * sizes[kind])
        for side, label in (("forward", 0.0), ("backward", 1.0)):
            xs.append([row[side]["features"][n] for n in names])
            ys.append(label)
            ws.append(weight)
    x, y, w = np.array(xs), np.array(ys), np.array(ws)
    scale = np.sqrt((x**2).mean(axis=0))
    scale[scale == 0] = 1.0
    # P(reversed) = sigmoid(-z) with z = coef . x / scale (direction.py): fit on -x.
    beta = fit(-x / scale, y, w, args.C)
    p = 1.0 / (1.0 + np.exp(x / scale @ beta))
    accuracy = float((((p > 0.5) == (y == 1)) * w).sum() / w.sum())
    print(f"fit on {len(rows)} pairs ({n_par} paragraphs, {n_sent} sentences) x 2 directions; "
          f"weighted training accuracy {accuracy:.3f}")
    for n, s, b in zip(names, scale, beta):
        print(f"  {n:<16} scale {s:8.4f}  coef {b:+.4f}")
    if args.dry_run:
        return 0
    digest = hashlib.blake2b(json.dumps([names, beta.round(6).tolist()]).encode(), digest_size=4).hexdigest()
    model = {
        "name": f"direction-{digest}",
        "description": "Fitted by benchmarks/fit_direction.py on train-split spun pairs (spundetect.spin with "
        "wordnet-train and its rules, SpinBot); held-out figures in docs/scoring.md.",
        "features": names,
        "scale": [round(float(s), 6) for s in scale],
        "coef": [round(float(b), 6) for b in beta],
    }
    args.out.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({model['name']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
