"""Tune the passage-aware ranking of long queries on the dev data's PAN pages.

Builds the dev corpus's index once (as ``index_eval.py`` does), and for every PAN
suspicious document keeps today's candidates (the top ``--pool`` by ``Index.search``'s
score before re-ranking) with where their shared fingerprints are in the page; then
scores each variant of the re-ranking on those candidates offline and prints the share
of truth sources in the top 1 / 10 by label and half (``index_eval.half``: the first
hex digit of the SHA-1 of the page's key, even or odd). The variants:

* ``window``: a candidate's passage weight is the largest summed weight of its shared
  fingerprints inside ``W`` characters of the page (a fingerprint at several places
  counts each time divided by how often the page has it, so the windows of a document
  sum to at most its whole weight);
* ``mix``: the final score is ``base * (1 - mix) + mix * passage / sqrt(mass)``, where
  ``base`` is today's score (the whole weight over the square root of the mass);
* ``cluster`` (``--family cluster``): a shared fingerprint with no other of the
  candidate's within ``X`` characters of the page (a chance match is alone; a reused
  passage brings several) weighs ``gamma`` of its weight;
* ``dense`` (``--family dense``, what ``spundetect.index.rerank_long`` ships): every
  n-gram of the candidate's text (sample 1) matched against every n-gram of the page;
  those held by at most ``thr`` of the pool's candidates counted, over the candidate's
  n-grams to the power ``norm``, plus ``lam`` times today's score; only for pages of
  more than ``T`` fingerprint mass (``spundetect.index.PASSAGE_QUERY``).

Usage (the halves are in the columns: tune on h0, read h1)::

    python benchmarks/passage_rank.py --family window
    python benchmarks/passage_rank.py --family cluster
    python benchmarks/passage_rank.py --family dense
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_eval import DATA_DIR, half, load  # noqa: E402


def candidates(index: Any, text: str, pool: int) -> dict[str, Any] | None:
    """Today's top ``pool`` for ``text`` with the positions of their shared fingerprints."""
    import numpy as np

    from spundetect.fingerprint import query_grams
    from spundetect.index import _query_scale, _weights

    query = query_grams(text, config=index.config)
    where: dict[int, list[int]] = defaultdict(list)
    for h, a, _ in query:
        where[h].append(a)
    total = max(index._store.count(), 1)
    owned, lengths, numbers, _ = index._store.postings(list(where), index.postings_cap)
    if not len(owned):
        return None
    scale = _query_scale(where, index.config.sample)
    weight = _weights(total, lengths, owned, index.config.sample, scale=scale)
    cands, inverse = np.unique(numbers, return_inverse=True)
    raw = np.bincount(inverse, weights=np.repeat(weight, lengths))
    masses = index._store.sizes()[cands][:, 1] / index.config.sample
    base = np.round(raw / np.sqrt(masses), 9)
    order = np.lexsort((cands, -base))[:pool]
    keep = cands[order]
    owners = np.repeat(owned, lengths)
    weights = np.repeat(weight, lengths)
    chosen = np.isin(numbers, keep)
    per: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for fp, number, w in zip(owners[chosen].tolist(), numbers[chosen].tolist(), weights[chosen].tolist()):
        places = where[fp]
        for a in places:
            per[number].append((a, w / len(places)))
    ids = index._store.ids(keep.tolist())
    return {"scale": scale, "ids": [ids[n] for n in keep.tolist()], "base": base[order], "mass": masses[order],
            "raw": raw[order], "places": [per[n] for n in keep.tolist()]}


def window_sum(places: list[tuple[int, float]], width: int) -> float:
    """The largest summed weight of ``places`` within ``width`` characters."""
    if not places:
        return 0.0
    places = sorted(places)
    best = total = 0.0
    lo = 0
    for a, w in places:
        total += w
        while places[lo][0] <= a - width:
            total -= places[lo][1]
            lo += 1
        best = max(best, total)
    return best


def cluster_sum(places: list[tuple[int, float]], width: int, gamma: float) -> float:
    """The summed weight of ``places``, those with no other place within ``width``
    characters (at another start) counted ``gamma`` times."""
    total = 0.0
    starts = [a for a, _ in places]
    for a, w in places:
        near = any(0 < abs(b - a) <= width for b in starts)
        total += w if near else gamma * w
    return total


def dense_shared(index: Any, text: str, ids: list[str], corpus: dict[str, str]) -> tuple[list[Any], list[int]]:
    """Every n-gram (sample 1) of each candidate that the page holds, and the
    candidate's n-gram count."""
    import numpy as np

    from spundetect.fingerprint import FingerprintConfig, document_arrays

    dense = FingerprintConfig(index.config.scheme, index.config.n, 1)
    page, *docs = document_arrays([text, *[corpus[d] for d in ids]], dense)
    return [d[np.isin(d, page)] for d in docs], [len(d) for d in docs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--family", choices=("window", "cluster", "dense"), default="dense")
    parser.add_argument("--pool", type=int, default=400, help="candidates kept per page (today's top)")
    parser.add_argument("--pools", type=int, nargs="*", default=[50, 100, 200])
    parser.add_argument("--windows", type=int, nargs="*", default=[1000, 2000, 4000])
    parser.add_argument("--mixes", type=float, nargs="*", default=[0.5, 1.0])
    parser.add_argument("--widths", type=int, nargs="*", default=[100, 200, 400, 800, 1600])
    parser.add_argument("--gammas", type=float, nargs="*", default=[0.5, 0.25, 0.0])
    parser.add_argument("--thrs", type=int, nargs="*", default=[1, 2, 3, 5])
    parser.add_argument("--norms", type=float, nargs="*", default=[0.25, 0.5, 0.75])
    parser.add_argument("--lams", type=float, nargs="*", default=[0.0, 1.0, 3.0])
    parser.add_argument("--masses", type=float, nargs="*", default=[100, 400, 700, 1000],
                        help="dense: re-rank pages over these masses (PASSAGE_QUERY)")
    args = parser.parse_args(argv)

    import numpy as np

    import spundetect
    from spundetect.index import QUERY_DOCUMENT

    corpus, queries = load(args.data)
    index = spundetect.Index()
    index.add_many(corpus.items())
    pan = [q for q in queries if q.pan and q.truth]
    pool = max(args.pools) if args.family == "dense" else args.pool
    found = [(q, candidates(index, q.text, pool)) for q in pan]
    dense = ([dense_shared(index, q.text, c["ids"], corpus) if c else ([], []) for q, c in found]
             if args.family == "dense" else [])
    print(f"{len(pan)} PAN pages", file=sys.stderr)

    def rerank(i: int, c: dict[str, Any], params: tuple[Any, ...]) -> list[str] | None:
        ids = c["ids"]
        if args.family == "window":
            n, width, mix = params
            passage = np.array([window_sum(p, width) for p in c["places"][:n]])
            final = c["base"][:n] * (1 - mix) + mix * passage / np.sqrt(c["mass"][:n])
        elif args.family == "cluster":
            n, width, gamma = params
            final = np.array([cluster_sum(p, width, gamma) for p in c["places"][:n]]) / np.sqrt(c["mass"][:n])
        else:
            n, thr, norm, lam, mass = params
            if QUERY_DOCUMENT * c["scale"] ** 0.5 <= mass:  # the page's mass from its scale
                return None
            shared, sizes = dense[i]
            held, counts = np.unique(np.concatenate(shared[:n]), return_counts=True) if n else ([], [])
            rare = held[counts <= thr]
            final = np.array([lam * c["base"][j] + np.isin(shared[j], rare).sum() / max(sizes[j], 1) ** norm
                              for j in range(min(n, len(ids)))])
        order = sorted(range(len(final)), key=lambda j: (-round(float(final[j]), 9), j))
        return [ids[j] for j in order] + ids[len(final):]

    def score(params: tuple[Any, ...] | None) -> dict[str, list[list[float]]]:
        out: dict[str, list[list[float]]] = defaultdict(list)
        for i, (q, c) in enumerate(found):
            group = f"{q.label} h{half(q.key)}"
            ids = [] if c is None else c["ids"]
            if c is not None and params is not None:
                ids = rerank(i, c, params) or ids
            out[group].append([len(q.truth & set(ids[:k])) / min(len(q.truth), k) for k in (1, 10)])
        return out

    if args.family == "window":
        grid = [(p, w, m) for p in args.pools for w in args.windows for m in args.mixes]
    elif args.family == "cluster":
        grid = [(p, w, g) for p in args.pools for w in args.widths for g in args.gammas]
    else:
        grid = [(p, t, n, lam, m) for m in args.masses for p in args.pools for t in args.thrs
                for n in args.norms for lam in args.lams]
    labels = sorted({f"{q.label} h{half(q.key)}" for q in pan if q.label != "unrelated"})
    print("parameters | " + " | ".join(labels) + "  (R@1/R@10)")
    for params in [None, *grid]:
        got = score(params)
        cells = [f"{np.mean([r[0] for r in got[g]]):.3f}/{np.mean([r[1] for r in got[g]]):.3f}" for g in labels]
        print(f"{'today' if params is None else params} | " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
