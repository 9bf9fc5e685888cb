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
* ``segments`` (``--family segments``, branch pool; not shipped): the pool ``dense``
  re-ranks is today's top ``n`` plus, for each segment of the page (``S`` characters, or
  ``S`` look-ups with ``--by grams``, every ``stride * S``), the top ``m`` candidates by
  the segment's fingerprints alone (the whole page's weights, from the postings already
  read, over the square root of the candidate's mass: ``segment_tops``); the "held by at
  most ``thr``" rule counted among the whole union (``union``) or among today's top
  ``n`` and the candidate (``pool``); with ``--nears X`` a counted n-gram with no other
  of the candidate's starting within ``X`` characters of the page weighs ``--lones``.
  Pages over ``PASSAGE_QUERY`` only, as shipped. ``added``: candidates the segments add
  per re-ranked page (each is a text to read and fingerprint); ``--time`` times
  ``rerank_long`` on today's pool and on the union.

Usage (the halves are in the columns: tune on h0, read h1)::

    python benchmarks/passage_rank.py --family window
    python benchmarks/passage_rank.py --family cluster
    python benchmarks/passage_rank.py --family dense
    python benchmarks/passage_rank.py --family segments --pools 100 --thrs 1 --lams 1 --norms 0.5
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
            "raw": raw[order], "places": [per[n] for n in keep.tolist()],
            # for --family segments: every posting read, to score the page's segments
            "query": query, "owned": owned, "lengths": lengths, "weight": weight, "inverse": inverse,
            "cands": cands, "all_base": base, "all_masses": masses, "index": index}


def segment_tops(c: dict[str, Any], size: int, stride: int, m: int, by: str = "chars") -> list[int]:
    """The union of the top ``m`` candidates (places in ``c["cands"]``) of each segment of
    the page: ``size`` characters (``by="chars"``) or ``size`` look-ups (``by="grams"``)
    every ``stride``; a candidate's segment score is the summed weight of the segment's
    distinct fingerprints it holds over the square root of its mass (the whole page's
    weights, restricted to the segment)."""
    import numpy as np

    query = c["query"]
    if by == "chars":
        places = [a for _, a, _ in query]
    else:
        places = list(range(len(query)))
    first = {fp: i for i, fp in enumerate(c["owned"].tolist())}
    pairs: set[tuple[int, int]] = set()
    for (h, _, _), at in zip(query, places):
        i = first.get(h)
        if i is None:
            continue
        # the segments [j * stride, j * stride + size) that hold this place
        for j in range(max(0, (at - size) // stride + 1), at // stride + 1):
            pairs.add((i, j))
    if not pairs:
        return []
    fp_of, seg = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs)))
    starts = np.concatenate(([0], np.cumsum(c["lengths"])[:-1]))
    lens = c["lengths"][fp_of]
    posting = np.repeat(starts[fp_of], lens) + (np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens))
    seg_rep = np.repeat(seg, lens)
    n_c = len(c["cands"])
    segs, seg_inv = np.unique(seg_rep, return_inverse=True)
    key = seg_inv * n_c + c["inverse"][posting]
    w = np.repeat(fp_of, lens)  # the fingerprint's place in owned, for its weight
    scores = np.bincount(key, weights=c["weight"][w], minlength=len(segs) * n_c).reshape(len(segs), n_c)
    scores = np.round(scores / np.sqrt(c["all_masses"]), 9)
    chosen: set[int] = set()
    for row in scores:
        held = np.flatnonzero(row > 0)
        top = held[np.lexsort((c["cands"][held], -row[held]))][:m]
        chosen.update(top.tolist())
    return sorted(chosen)


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
    parser.add_argument("--family", choices=("window", "cluster", "dense", "segments"), default="dense")
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
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 1000, 2000, 4000],
                        help="segments: a segment's width (characters, or look-ups with --by grams)")
    parser.add_argument("--strides", type=float, nargs="*", default=[1.0, 0.5],
                        help="segments: the step between segments, as a share of their width")
    parser.add_argument("--tops", type=int, nargs="*", default=[1, 2, 3, 5, 10],
                        help="segments: candidates each segment adds to the pool (m)")
    parser.add_argument("--by", choices=("chars", "grams"), default="chars")
    parser.add_argument("--nears", type=int, nargs="*", default=[0],
                        help="segments: an n-gram counted in the dense score with no other of the "
                             "candidate's within this many characters of the page weighs --lone (0: off)")
    parser.add_argument("--lones", type=float, nargs="*", default=[0.5])
    parser.add_argument("--explain", action="store_true",
                        help="segments: for each PAN obfuscated source outside the shipped top 10, its page's "
                             "mass, its rank by fingerprints, the smallest m (of 1, 3, 10, 30) that brings it into "
                             "the pool by each --sizes, and its n-grams no other of today's top n holds")
    parser.add_argument("--time", action="store_true",
                        help="segments: also time spundetect.index.rerank_long on each re-ranked page's "
                             "today's top n and on its union with the segments' candidates (largest m)")
    parser.add_argument("--held", choices=("union", "pool"), nargs="*", default=["union", "pool"],
                        help="segments: the candidates among which an n-gram must be held by at most thr "
                             "(the whole re-ranked union, or today's top --pools only)")
    args = parser.parse_args(argv)

    import numpy as np

    import spundetect
    from spundetect.index import QUERY_DOCUMENT

    corpus, queries = load(args.data)
    index = spundetect.Index()
    index.add_many(corpus.items())
    pan = [q for q in queries if q.pan and q.truth]
    pool = max(args.pools) if args.family in ("dense", "segments") else args.pool
    found = [(q, candidates(index, q.text, pool)) for q in pan]
    dense = ([dense_shared(index, q.text, c["ids"], corpus) if c else ([], []) for q, c in found]
             if args.family == "dense" else [])
    cached: list[dict[str, tuple[Any, int]]] = [{} for _ in found]
    tops_cache: dict[tuple[int, int, int, int], list[int]] = {}
    all_ids = index._store.ids(np.flatnonzero(index._store.sizes()[:, 0] > 0).tolist())

    starts: dict[int, dict[int, list[int]]] = {}

    def clustered(i: int, own: Any, near: int, lone: float) -> float:
        """The count of ``own`` (a candidate's counted n-grams), one with no other of them
        starting within ``near`` characters of the page weighing ``lone``."""
        if not near or not len(own):
            return float(len(own))
        if i not in starts:
            from spundetect.fingerprint import FingerprintConfig, query_grams

            at: dict[int, list[int]] = defaultdict(list)
            dense_config = FingerprintConfig(index.config.scheme, index.config.n, 1)
            for h, a, _ in query_grams(found[i][0].text, config=dense_config):
                at[h].append(a)
            starts[i] = at
        places = sorted((a, h) for h in set(own.tolist()) for a in starts[i].get(h, ()))
        close: set[int] = set()
        for (a, h), (b, g) in zip(places, places[1:]):
            if h != g and b - a <= near:
                close.update((h, g))
        hashes = set(own.tolist())
        return len(close) + lone * (len(hashes) - len(close))

    def dense_of(i: int, ids: list[str]) -> tuple[list[Any], list[int]]:
        """dense_shared for ``ids``, each candidate's computed once a page."""
        todo = [d for d in ids if d not in cached[i]]
        if todo:
            shared, sizes = dense_shared(index, found[i][0].text, todo, corpus)
            cached[i].update(zip(todo, zip(shared, sizes)))
        return [cached[i][d][0] for d in ids], [cached[i][d][1] for d in ids]
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
        elif args.family == "segments":
            n, size, stride, m, thr, held_by, lam, norm, near, lone = params
            if not QUERY_DOCUMENT * c["scale"] ** 0.5 > 4 * QUERY_DOCUMENT:  # PASSAGE_QUERY
                return None
            key = (i, size, int(size * stride), m)
            if key not in tops_cache:
                tops_cache[key] = segment_tops(c, size, max(1, int(size * stride)), m, args.by) if m else []
            # today's top n first, then the segments' others by today's score
            rank = np.empty(len(c["cands"]), dtype=np.int64)
            rank[np.lexsort((c["cands"], -c["all_base"]))] = np.arange(len(c["cands"]))
            union = sorted(set(np.flatnonzero(rank < n).tolist()) | set(tops_cache[key]), key=lambda j: rank[j])
            union_ids = [all_ids[int(c["cands"][j])] for j in union]
            added.append(len(union) - min(n, len(c["cands"])))
            unions[i] = union_ids
            shared, sizes = dense_of(i, union_ids)
            # "pool": an n-gram counts if at most thr of today's top n and the candidate
            # itself hold it (the rule as shipped, whatever the segments add)
            inner = len([j for j in union if rank[j] < n])
            among = shared if held_by == "union" else shared[:inner]
            held, counts = np.unique(np.concatenate(among), return_counts=True) if among else ([], [])
            common = held[counts > (thr if held_by == "union" else thr - 1)]
            final = [lam * c["all_base"][j] + clustered(
                         i, s[~np.isin(s, held[counts > thr] if x < inner or held_by == "union" else common)],
                         near, lone) / max(z, 1) ** norm
                     for x, (j, s, z) in enumerate(zip(union, shared, sizes))]
            order = sorted(range(len(union)), key=lambda x: (-round(float(final[x]), 9), x))
            inside = set(union_ids)
            return [union_ids[x] for x in order] + [d for d in ids if d not in inside]
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

    added: list[int] = []  # segments: candidates added to today's top n, per re-ranked page
    unions: dict[int, list[str]] = {}  # segments: the last variant's union, by page

    def score(params: tuple[Any, ...] | None) -> dict[str, list[list[float]]]:
        added.clear()
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
    elif args.family == "segments":
        grid = [(p, z, st, m, t, h, lam, nm, x, g) for p in args.pools for z in args.sizes for st in args.strides
                for m in args.tops for t in args.thrs for h in args.held for lam in args.lams for nm in args.norms
                for x in args.nears for g in (args.lones if x else [1.0])]
    else:
        grid = [(p, t, n, lam, m) for m in args.masses for p in args.pools for t in args.thrs
                for n in args.norms for lam in args.lams]
    labels = sorted({f"{q.label} h{half(q.key)}" for q in pan if q.label != "unrelated"})
    print("parameters | " + " | ".join(labels) + " | auto_obfuscated both halves  (R@1/R@10)")
    for params in [None, *grid]:
        got = score(params)
        got["both"] = got["auto_obfuscated h0"] + got["auto_obfuscated h1"]
        cells = [f"{np.mean([r[0] for r in got[g]]):.3f}/{np.mean([r[1] for r in got[g]]):.3f}"
                 for g in [*labels, "both"]]
        extra = f" | added mean {np.mean(added):.1f} max {max(added)}" if added else ""
        print(f"{'today' if params is None else params} | " + " | ".join(cells) + extra, flush=True)
    if args.family == "segments" and args.explain:
        from spundetect.index import _query_mass

        shipped = (max(args.pools), 0, 1.0, 0, 1, "pool", 1.0, 0.5, 0, 1.0)
        print("page | half | mass | source | rank by fingerprints | smallest m by segment width | own n-grams")
        for i, (q, c) in enumerate(found):
            if q.label != "auto_obfuscated" or c is None:
                continue
            top = (rerank(i, c, shipped) or c["ids"])[:10]
            rank = np.empty(len(c["cands"]), dtype=np.int64)
            rank[np.lexsort((c["cands"], -c["all_base"]))] = np.arange(len(c["cands"]))
            place = {all_ids[int(n)]: j for j, n in enumerate(c["cands"].tolist())}
            mass = _query_mass({h for h, _, _ in c["query"]}, index.config.sample)
            pool_ids = [all_ids[int(c["cands"][j])] for j in np.argsort(rank)[:max(args.pools)]]
            for source in sorted(q.truth - set(top)):
                j = place.get(source)
                reach = {}
                for size in args.sizes:
                    reach[size] = next((m for m in (1, 3, 10, 30) if j is not None and j in
                                        segment_tops(c, size, size, m, args.by)), None)
                shared, _ = dense_of(i, [*pool_ids, source] if source not in pool_ids else pool_ids)
                held, counts = np.unique(np.concatenate(shared), return_counts=True)
                mine = shared[-1] if source not in pool_ids else shared[pool_ids.index(source)]
                own = int(np.count_nonzero(~np.isin(mine, held[counts > 1])))
                print(f"{q.key} | h{half(q.key)} | {mass:.0f} | {source} | "
                      f"{None if j is None else int(rank[j]) + 1} | {reach} | {own}")
    if args.family == "segments" and args.time:
        import time

        import spundetect.index as module
        from spundetect.models import Hit

        last = max(grid, key=lambda g: g[3])  # the largest m
        score(last)
        times: dict[str, list[float]] = defaultdict(list)
        for i, union_ids in sorted(unions.items()):
            text = found[i][0].text
            for name, chosen in (("today", union_ids[:last[0]]), ("union", union_ids)):
                pool_hits = [(1.0, Hit(doc_id=d, score=1.0, shared=1, coverage=0.5, spans=[])) for d in chosen]
                texts = [corpus[d] for d in chosen]
                module.PASSAGE_POOL = len(chosen)
                start = time.process_time()
                module.rerank_long(text, pool_hits, texts, index.config, 10)
                times[name].append(1000 * (time.process_time() - start))
        module.PASSAGE_POOL = 100
        for name, got in times.items():
            print(f"rerank_long CPU ms per page, {name} ({last}): p50 {np.percentile(got, 50):.1f} "
                  f"mean {np.mean(got):.1f} p95 {np.percentile(got, 95):.1f} ({len(got)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
