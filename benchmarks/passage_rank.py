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
  ``base`` is today's score (the whole weight over the square root of the mass).

Usage::

    python benchmarks/passage_rank.py                    # the grid, by label and half
    python benchmarks/passage_rank.py --half 0           # tune on half 0 only
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--pool", type=int, default=400, help="candidates kept per page (today's top)")
    parser.add_argument("--pools", type=int, nargs="*", default=[50, 100, 200, 400])
    parser.add_argument("--windows", type=int, nargs="*", default=[500, 1000, 2000, 4000])
    parser.add_argument("--mixes", type=float, nargs="*", default=[0.0, 0.25, 0.5, 0.75, 1.0])
    args = parser.parse_args(argv)

    import numpy as np

    import spundetect

    corpus, queries = load(args.data)
    index = spundetect.Index()
    index.add_many(corpus.items())
    pan = [q for q in queries if q.pan and q.truth]
    found = [(q, candidates(index, q.text, args.pool)) for q in pan]
    print(f"{len(pan)} PAN pages; long (scaled): {sum(1 for _, c in found if c and c['scale'] > 1)}", file=sys.stderr)

    def score(pool: int, width: int, mix: float) -> dict[str, list[float]]:
        out: dict[str, list[float]] = defaultdict(list)
        for q, c in found:
            group = f"{q.label} h{half(q.key)}"
            if c is None:
                out[group] += [0.0, 0.0]
                continue
            ids = c["ids"]
            if c["scale"] > 1 and mix > 0:
                n = min(pool, len(ids))
                passage = np.array([window_sum(p, width) for p in c["places"][:n]])
                final = c["base"][:n] * (1 - mix) + mix * passage / np.sqrt(c["mass"][:n])
                order = sorted(range(n), key=lambda i: (-round(float(final[i]), 9), i))
                ids = [ids[i] for i in order] + ids[n:]
            for k in (1, 10):
                out[group].append(len(q.truth & set(ids[:k])) / min(len(q.truth), k))
        return out

    rows = [(0, 0, 0.0)] + [(p, w, m) for p in args.pools for w in args.windows for m in args.mixes if m > 0]
    labels = sorted({f"{q.label} h{half(q.key)}" for q in pan})
    print("pool window mix | " + " | ".join(labels))
    for pool, width, mix in rows:
        got = score(pool, width, mix)
        cells = []
        for g in labels:
            r = np.array(got[g]).reshape(-1, 2)
            cells.append(f"{r[:, 0].mean():.3f}/{r[:, 1].mean():.3f} ({len(r)})")
        print(f"{pool} {width} {mix} | " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
