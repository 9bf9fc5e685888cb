"""What ``Index.find`` confirms, per comparison: the false matches and the true ones, side by side.

``index_eval.py`` gives the share of ``find()`` calls on queries with no original that
return a match. This script writes every comparison behind such a figure, with what a
confirmation rule could look at, so that a rule is measured on both sides at once:

* **negatives**: each query with no original in the corpus (same_topic, unrelated, PAN
  01) against its top ``--candidates`` hits (what ``find`` compares);
* **positives**: each derived query (spun, copy, light_edit, paraphrase, PAN 02-05)
  against the truth documents among its top ``--candidates`` hits (what ``find`` should
  keep).

Each comparison is one JSON line in ``--out`` (appended; a killed run resumes where it
stopped and loses no line): the query and document, the label, whether the document is
truth, the hit's rank, score, shared fingerprints and coverage, the verdict, score and
``reused_share`` of :func:`spundetect.compare`, its passages (kind, words on each side,
common words), the word counts of both texts, and the share of the shorter text's word
5-grams the two share (``shared_5grams``: a wire-service copy shares half or more).

``--pan-pairs DIR`` (optional) reads the PAN 2013 release's own ``pairs`` lists (one
``suspicious-documentNNNNN.txt source-documentNNNNN.txt`` line per pair; files named
``0[2-5]*.pairs`` in DIR) and marks a PAN pair that the release pairs but the dev sample
does not (``pan_release_pair``): the issue's truth rule for a PAN suspicious document is
every source it is paired with in folders 02-05, and the dev sample holds 100 pairs a
folder, not all of them. The lists are not shipped with the project; docs/search.md says
where they come from.

Each row also keeps ``holders``: the query's fingerprints inside the passages that the
document holds, with how many documents hold each and the other holders' ids (what
``find(common=...)``'s collection check reads, :func:`collection_rule`). ``--report``
gives the check at ``spundetect.acceptance.COMMON`` (``--common N`` sets it) beside the
rules before, and ``--fit`` its grid by half (:func:`fit_collection`).

``--all-candidates`` also compares every other candidate of a short (non-PAN) derived
query, so that the report gives ``find()``'s own R@1 and R@10 (``find_recall``).

``--report`` reads ``--out`` and prints the false-match share and the kept share of true
derivations under ``find()``'s two acceptance rules (``accept``: ``"verdict"``, any
verdict but ``unrelated``; ``"reuse"``, :mod:`spundetect.acceptance`, applied to the
collected rows), overall, beyond the gaps of the dev truth (wire copies, 40-word verbatim
passages, PAN release pairs) and by half of the queries (sha1 of the query id: half 0
fits, half 1 is held out), with ``find()``'s recall; and the same shares under the
confirmation rules of :func:`rules`. The topic shares the rule asks for are cached in
``<out>_topics.jsonl``. ``--fit`` searches the thresholds of the ``"reuse"`` rule on half 0
(:func:`fit`).

Usage::

    nice -n 5 python benchmarks/find_confirm.py --all-candidates  # collect (resumes)
    nice -n 5 python benchmarks/find_confirm.py --report --fit    # the tables and the fit
    # in two parallel runs, each with its own file; --report reads both
    nice -n 5 python benchmarks/find_confirm.py --shard 0/2 --out A.jsonl --skip B.jsonl &
    nice -n 5 python benchmarks/find_confirm.py --shard 1/2 --out B.jsonl --skip A.jsonl
    nice -n 5 python benchmarks/find_confirm.py --report --fit --out A.jsonl --skip B.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import index_eval as ev  # noqa: E402  (the same corpus, queries and truth)

DEFAULT_OUT = ev.REPO / "benchmarks" / "out" / "find_confirm.jsonl"


def release_pairs(directory: Path | None) -> dict[str, set[str]]:
    """Suspicious document -> its sources, from the PAN release's ``pairs`` lists (02-05)."""
    out: dict[str, set[str]] = defaultdict(set)
    if directory is None:
        return out
    for path in sorted(directory.glob("0[2-5]*.pairs")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                suspicious, source = line.split()
                out[suspicious.removesuffix(".txt")].add(source.removesuffix(".txt"))
    return out


def features(comparison: Any) -> dict[str, Any]:
    """What a confirmation rule may use from one comparison.

    Per passage: its kind, score and word counts, its sentence pairs (``pairs``; the
    suspect words they align, ``aligned_tokens``, and leave unchanged, ``equal_tokens``),
    its swaps (all, dictionary ``synonym`` ones, ``flagged`` machine ones) and the longest
    run of words its two sides hold word for word (``run``); per comparison, the summed
    statistics (``stats``).
    """
    swaps = comparison.swaps
    pairs = comparison.pairs
    passages = []
    for p in comparison.passages:
        inside = [swaps[i] for i in p.swaps]
        passages.append({
            "kind": p.kind, "score": round(p.score, 4), "original_tokens": p.original_tokens,
            "suspect_span": list(p.suspect_span), "original_span": list(p.original_span),
            "suspect_tokens": p.suspect_tokens, "common_tokens": p.common_tokens, "condensed": p.condensed,
            "pairs": len(p.pairs), "aligned_tokens": sum(pairs[i].suspect_tokens for i in p.pairs),
            "equal_tokens": sum(pairs[i].equal_tokens for i in p.pairs),
            "swaps": len(inside), "synonym": sum(s.synonym for s in inside),
            "flagged": sum(s.flagged for s in inside),
            "run": longest_run(comparison.original[slice(*p.original_span)],
                               comparison.suspect[slice(*p.suspect_span)]),
        })
    return {
        "verdict": comparison.verdict, "score": round(comparison.score, 4),
        "reused_share": round(comparison.reused_share, 4), "passages": passages,
        "original_words": len(comparison.original.split()), "suspect_words": len(comparison.suspect.split()),
        "stats": comparison.stats.model_dump(),
    }


#: Other holders of a query fingerprint saved per row at most (``holders``).
HOLDERS = 50


def holders(index: Any, query: str, grams: list[tuple[int, int, int]], doc_id: str,
            spans: Sequence[Sequence[int]]) -> list[list[Any]]:
    """The query's fingerprints inside the passages' suspect spans that ``doc_id`` holds:
    ``[start, end, documents holding it, the other holders' ids (at most HOLDERS)]``
    each, from the index's own postings (what a collection-level rule reads)."""
    inside = [(h, a, b) for h, a, b in grams if any(s <= a and b <= e for s, e in spans)]
    if not inside:
        return []
    postings, over = index._store.postings(sorted({h for h, _, _ in inside}), 10**9)
    number = index._store.number(doc_id)
    numbers = sorted({int(n) for docs in postings.values() for n in docs})
    ids = index._store.ids(numbers)
    out = []
    for h, a, b in inside:
        docs = [int(n) for n in postings.get(h, ())]
        if number not in docs:
            continue
        others = sorted(ids[n] for n in docs if n != number)
        out.append([a, b, len(docs), others[:HOLDERS]])
    return out


def collect(args: argparse.Namespace) -> int:
    import spundetect

    corpus, queries = ev.load(args.data)
    pairs = release_pairs(args.pan_pairs)
    done: set[str] = set()
    for path in [args.out, *args.skip]:  # --skip: the other shards' files
        if path.exists():
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    done.add(json.loads(line)["query_id"])
    index = spundetect.Index()
    index.add_many(corpus.items())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    todo = [q for q in queries if q.key + "|" + q.label not in done and (q.label in ev.NO_ORIGINAL or q.truth)]
    # The negatives first (the false matches), then the short positives, then PAN's (slow).
    todo.sort(key=lambda q: (q.label not in ev.NO_ORIGINAL, q.pan))
    if args.shard:
        at, of = (int(x) for x in args.shard.split("/"))
        todo = todo[at::of]
    if args.limit:
        todo = todo[: args.limit]
    from spundetect.fingerprint import query_grams
    start = time.perf_counter()
    with args.out.open("a", encoding="utf-8") as out:
        for n, q in enumerate(todo):
            hits = index.search(q.text, k=args.candidates)
            grams = query_grams(q.text, config=index.config)
            negative = q.label in ev.NO_ORIGINAL
            rows = []
            for rank, hit in enumerate(hits, 1):
                truth = hit.doc_id in q.truth
                if not negative and not truth and (q.pan or not args.all_candidates):
                    continue  # positives: what find() should keep (and, short ones, its rivals)
                comparison = spundetect.compare(corpus[hit.doc_id], q.text)
                spans = [p.suspect_span for p in comparison.passages]
                rows.append({
                    "query_id": q.key + "|" + q.label, "doc_id": hit.doc_id, "label": q.label, "pan": q.pan,
                    "truth": truth, "pan_release_pair": hit.doc_id in pairs.get(q.key, ()),
                    "rank": rank, "hit_score": hit.score, "hit_shared": hit.shared,
                    "hit_coverage": round(hit.coverage, 4),
                    "shared_5grams": round(ev.shared_5grams(corpus[hit.doc_id], q.text), 4),
                    **features(comparison),
                    "holders": holders(index, q.text, grams, hit.doc_id, spans),
                })
            if not rows:  # a line per query all the same, so that a resumed run skips it
                rows.append({"query_id": q.key + "|" + q.label, "doc_id": None, "label": q.label, "pan": q.pan})
            # One write per query: a killed run keeps whole queries only.
            out.write("".join(json.dumps(r) + "\n" for r in rows))
            out.flush()
            if n % 25 == 0:
                print(f"{n}/{len(todo)} queries, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


# --- confirmation rules --------------------------------------------------------------------------


def _longest(row: dict[str, Any], field: str) -> int:
    return max((p[field] for p in row["passages"]), default=0)


def rules() -> dict[str, Callable[[dict[str, Any]], bool]]:
    """Candidate confirmations ``find`` could apply on top of the verdict (True: keep)."""
    out: dict[str, Callable[[dict[str, Any]], bool]] = {
        "shipped: verdict not unrelated": lambda r: r["verdict"] != "unrelated",
    }
    for share in (0.1, 0.2, 0.3, 0.5):
        out[f"reused_share >= {share}"] = (
            lambda r, s=share: r["verdict"] != "unrelated" and r["reused_share"] >= s)
    for share in (0.1, 0.2, 0.3, 0.5):
        # the passages as a share of either text: a page embedding a source's passage
        # covers much of the source, a source quoting one sentence of a page covers little
        out[f"passages cover >= {share} of the shorter text"] = (
            lambda r, s=share: r["verdict"] != "unrelated" and _cover_shorter(r) >= s)
    for share in (0.7, 0.8, 0.9):
        # a "copy" whose longest passage is largely rewritten is no copy
        out[f"copy verdict: the longest passage keeps >= {share} of its words"] = (
            lambda r, s=share: r["verdict"] != "unrelated" and (r["verdict"] != "copy" or _kept_words(r) >= s))
    return out


def _kept_words(row: dict[str, Any]) -> float:
    longest = max(row["passages"], key=lambda p: p["suspect_tokens"], default=None)
    return longest["common_tokens"] / max(longest["suspect_tokens"], 1) if longest else 0.0


def _cover_shorter(row: dict[str, Any]) -> float:
    suspect = sum(p["suspect_tokens"] for p in row["passages"]) / max(row["suspect_words"], 1)
    original = sum(p["original_tokens"] for p in row["passages"]) / max(row["original_words"], 1)
    return min(1.0, max(suspect, original))


#: A verbatim run of this many words shared by a query and a corpus document: the two
#: hold one passage word for word (a wire story, a quotation, a boilerplate block), so the
#: query reuses text the document holds, whoever copied whom. 40 words is the length from
#: which find() counts a copied passage between texts on other topics.
VERBATIM_RUN = 40


def longest_run(a: str, b: str) -> int:
    """Words in the longest run of words (``\\w+``, lower-cased) that both texts hold in order."""
    import re

    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())

    def shared(n: int) -> bool:
        seen = {tuple(wa[i : i + n]) for i in range(len(wa) - n + 1)}
        return any(tuple(wb[i : i + n]) in seen for i in range(len(wb) - n + 1))

    low, high = 0, min(len(wa), len(wb))
    while low < high:  # a run of n words holds runs of every shorter length
        middle = (low + high + 1) // 2
        low, high = (middle, high) if shared(middle) else (low, middle - 1)
    return low


def false_match_causes(rows: list[dict[str, Any]], corpus: dict[str, str],
                       texts: dict[str, str]) -> dict[str, Any]:
    """Each query with no original whose find() returns a match, by the kind of its matches.

    * ``wire_copy``: a match shares half or more of the shorter text's word 5-grams (the
      ECB+ file's own rule for a wire-service copy of one text);
    * ``verbatim_passage``: a match shares a run of :data:`VERBATIM_RUN` words or more;
    * ``pan_release_pair``: the PAN release pairs the query with the matched source;
    * ``judged``: none of these: ``compare()`` judged derivation on text the two do not
      hold word for word (a rewording, or two reports of one event).

    A query goes to the first kind that one of its matches has. The first three are gaps
    in the dev truth (the query does reuse a corpus document's text); ``judged`` are the
    ones a confirmation in find() could address.
    """
    per_query: dict[str, str] = {}
    runs: dict[str, int] = defaultdict(int)  # the longest verbatim run of a query's matches
    order = ("wire_copy", "verbatim_passage", "pan_release_pair", "judged")
    for row in rows:
        if row["label"] not in ev.NO_ORIGINAL or row["doc_id"] is None or row["truth"]:
            continue
        if row["verdict"] == "unrelated":
            continue
        run = longest_run(corpus[row["doc_id"]], texts[row["query_id"]])
        runs[row["query_id"]] = max(runs[row["query_id"]], run)
        if row["shared_5grams"] >= ev.WIRE_COPY:
            kind = "wire_copy"
        elif run >= VERBATIM_RUN:
            kind = "verbatim_passage"
        elif row.get("pan_release_pair"):
            kind = "pan_release_pair"
        else:
            kind = "judged"
        old = per_query.get(row["query_id"])
        per_query[row["query_id"]] = kind if old is None else min(old, kind, key=order.index)
    counts = {kind: sum(1 for k in per_query.values() if k == kind) for kind in order}
    queries = len({r["query_id"] for r in rows if r["label"] in ev.NO_ORIGINAL})
    judged_runs = sorted(runs[q] for q, kind in per_query.items() if kind == "judged")
    return {"queries": queries, "false_matching": len(per_query), "by_kind": counts,
            # one sentence word for word (20 words) is still a shared source, two texts
            # on one topic rarely hold one; under 10 words they hold phrases only
            "judged_by_longest_run": {"20 and over": sum(r >= 20 for r in judged_runs),
                                      "10-19": sum(10 <= r < 20 for r in judged_runs),
                                      "under 10": sum(r < 10 for r in judged_runs)},
            "raw": round(len(per_query) / max(queries, 1), 4),
            "judged_only": round(counts["judged"] / max(queries, 1), 4)}


# --- find()'s acceptance rule, on the collected comparisons ---------------------------------------


def evidence(row: dict[str, Any]) -> Any:
    """:class:`spundetect.acceptance.Evidence` of a collected comparison (as ``Evidence.of``)."""
    from spundetect.acceptance import Evidence

    stats = row["stats"]
    kept = max((p["common_tokens"] / p["suspect_tokens"] for p in row["passages"] if p["suspect_tokens"]),
               default=0.0)
    return Evidence(stats["reused_common_tokens"], min(stats["original_tokens"], stats["suspect_tokens"]),
                    kept, stats["verbatim_tokens"])


class Topics:
    """:func:`spundetect.acceptance.topic_share` of (document, query) pairs, cached in a JSON
    Lines file beside ``--out`` (it segments both texts: seconds for a PAN pair)."""

    def __init__(self, path: Path, corpus: dict[str, str], texts: dict[str, str]) -> None:
        self.path, self.corpus, self.texts = path, corpus, texts
        self.known: dict[tuple[str, str], float | None] = {}
        #: query id -> the documents compared with it (set by report())
        self.compared: dict[str, set[str]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    r = json.loads(line)
                    self.known[r["query_id"], r["doc_id"]] = r["topic"]

    def __call__(self, row: dict[str, Any]) -> float | None:
        from spundetect.acceptance import topic_share

        key = (row["query_id"], row["doc_id"])
        if key not in self.known:
            self.known[key] = topic_share(self.corpus[row["doc_id"]], self.texts[row["query_id"]])
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"query_id": key[0], "doc_id": key[1], "topic": self.known[key]}) + "\n")
        return self.known[key]


def reuse_rule(topics: Topics) -> Callable[[dict[str, Any]], bool]:
    """``find(accept="reuse")``'s rule (:func:`spundetect.acceptance.accepts`, with the
    module's thresholds as they are when called) on a collected comparison."""
    from spundetect.acceptance import accepts

    def keep(row: dict[str, Any]) -> bool:
        if row["verdict"] in ("unrelated", "spun"):
            return row["verdict"] == "spun"
        return accepts(evidence(row), lambda: topics(row))

    return keep


class Held:
    """Each corpus document's stored fingerprints (``document_hashes``), made when first asked."""

    def __init__(self, corpus: dict[str, str]) -> None:
        self.corpus, self.known = corpus, {}  # type: dict[str, str], dict[str, set[int]]
        self.overlaps: dict[tuple[str, str], float] = {}

    def overlap(self, a: str, b: str) -> float:
        from spundetect.acceptance import overlap
        from spundetect.fingerprint import document_hashes

        for d in (a, b):
            if d not in self.known:
                self.known[d] = set(document_hashes(self.corpus[d]))
        if (a, b) not in self.overlaps:
            self.overlaps[a, b] = overlap(self.known[a], self.known[b])
        return self.overlaps[a, b]


def collection_rule(topics: Topics, held: Held, common: int | None, own: float, *, version: float = 0.2,
                    stock: int = 10, cap: int = 100) -> Callable[[dict[str, Any]], bool]:
    """``find(common=common)``'s rule on a collected comparison, as ``Index._holds_own``
    makes it: the ``"reuse"`` rule; a ``spun`` verdict or a document with the query's text
    (white space aside) kept; else :func:`spundetect.acceptance.holds_own` on the row's
    ``holders``, leaving out fingerprints more than ``stock`` other documents hold (or
    more than ``cap``, the index's postings cap: 100 for the dev corpus), the query's own
    copies and the candidate's versions (another holder sharing ``version`` of the smaller
    one's fingerprints with it)."""
    from spundetect.acceptance import holds_own

    reuse = reuse_rule(topics)

    def keep(row: dict[str, Any]) -> bool:
        if not reuse(row):
            return False
        if common is None or row["verdict"] == "spun":
            return True
        query = topics.texts[row["query_id"]].split()
        itself = {d for d in topics.compared.get(row["query_id"], ()) if topics.corpus[d].split() == query}
        doc = row["doc_id"]
        if doc in itself:
            return True
        others = []
        for _, _, df, ids in row["holders"]:
            if df > cap or df - 1 > stock:
                continue
            others.append(sum(1 for h in ids if h not in itself and held.overlap(doc, h) < version))
        return holds_own(others, common=common, own=own)

    return keep


#: The collection checks measured by ``--report --fit`` (common, own, version, stock).
COLLECTION_GRID = [(c, o, v, st) for c in (0, 1) for o in (0.3, 0.4, 0.5, 0.6, 0.7)
                   for v in (0.1, 0.2, 0.3, 1.01) for st in (5, 10)]


def fit_collection(by_query: dict[str, list[dict[str, Any]]], topics: Topics, held: Held,
                   gaps: set[tuple[str, str]], *, loss: float = 0.0) -> dict[str, Any]:
    """Every setting of :data:`COLLECTION_GRID` by half; the fitted one: fewest false-matching
    queries on half 0 among those that lose at most ``loss`` of the true comparisons of
    half 0 that ``accept="reuse"`` keeps (ties: more true kept, then the grid's order)."""
    base = evaluate(by_query, reuse_rule(topics), gaps, split=True)
    kept0 = base["true_kept"]["half 0"][0]
    table, best = {}, None
    for common, own, version, stock in COLLECTION_GRID:
        got = evaluate(by_query, collection_rule(topics, held, common, own, version=version, stock=stock),
                       gaps, split=True)
        name = f"common={common} own={own} version={version} stock={stock}"
        table[name] = got
        if got["true_kept"]["half 0"][0] < kept0 * (1 - loss):
            continue
        key = (got["false_match"]["half 0"][0], -got["true_kept"]["half 0"][0])
        if best is None or key < best[0]:
            best = (key, name)
    return {"reuse (no check), by half": base, "fitted": best[1] if best else None, "grid": table}


def half(query_id: str) -> int:
    """The half (0 or 1) of the queries a query is in: 0 fits, 1 is held out."""
    import hashlib

    return int(hashlib.sha1(query_id.encode("utf-8")).hexdigest(), 16) % 2


#: The thresholds searched by ``--fit`` (names of :mod:`spundetect.acceptance`).
GRID = {"MIN_COMMON": (0, 10, 15), "NEAR_COPY": (0.6, 0.75, 0.9), "KEPT": (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 2.0),
        "SHARE": (0.5, 0.6, 0.8, 2.0), "TOPIC": (-1.0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)}


def fit(by_query: dict[str, list[dict[str, Any]]], topics: Topics, gaps: set[tuple[str, str]]) -> dict[str, Any]:
    """The thresholds with the fewest false-matching queries on half 0 that keep every true
    comparison of half 0 that ``accept="verdict"`` keeps (ties: more true kept, then the
    grid's order); with the figures of both halves."""
    import itertools

    import spundetect.acceptance as acceptance

    saved = {name: getattr(acceptance, name) for name in GRID}
    verdict: Callable[[dict[str, Any]], bool] = lambda r: r["verdict"] != "unrelated"
    base = evaluate(by_query, verdict, gaps, split=True)
    best: tuple[Any, ...] | None = None
    try:
        for values in itertools.product(*GRID.values()):
            for name, value in zip(GRID, values):
                setattr(acceptance, name, value)
            got = evaluate(by_query, reuse_rule(topics), gaps, split=True)
            if got["true_kept"]["half 0"][0] < base["true_kept"]["half 0"][0]:
                continue
            key = (got["false_match"]["half 0"][0], -got["true_kept"]["half 0"][0])
            if best is None or key < best[0]:
                best = (key, dict(zip(GRID, values)), got)
    finally:
        for name, value in saved.items():
            setattr(acceptance, name, value)
    assert best is not None
    return {"fitted": best[1], "figures": best[2], "shipped_thresholds": saved}


def evaluate(by_query: dict[str, list[dict[str, Any]]], keep: Callable[[dict[str, Any]], bool],
             gaps: set[tuple[str, str]], *, split: bool = False) -> dict[str, Any]:
    """False-match share (all, beyond the truth gaps, by label, by half) and true kept."""
    negatives: dict[str, list[int]] = defaultdict(list)
    positives: dict[str, list[int]] = defaultdict(list)
    for query_id, group in by_query.items():
        label, pan = group[0]["label"], group[0]["pan"]
        real = [r for r in group if r["doc_id"] is not None]
        if label in ev.NO_ORIGINAL:
            false = [r for r in real if not r["truth"] and keep(r)]
            for name in ("all", label, f"half {half(query_id)}"):
                negatives[name].append(int(bool(false)))
            # a gap of the dev truth (wire copy, verbatim passage, PAN release pair): not counted
            beyond = [r for r in false if (query_id, r["doc_id"]) not in gaps]
            negatives["beyond truth gaps"].append(int(bool(beyond)))
            negatives[f"beyond truth gaps, half {half(query_id)}"].append(int(bool(beyond)))
        else:
            for r in real:
                if r["truth"]:
                    for name in ("all", f"pan:{label}" if pan else label, f"half {half(query_id)}"):
                        positives[name].append(int(keep(r)))
    wanted = (lambda k: k.startswith("half") or k == "all") if split else (lambda k: True)
    return {
        "false_match": {k: (round(sum(v) / len(v), 4), len(v)) if not split else (sum(v), len(v))
                        for k, v in sorted(negatives.items()) if wanted(k) or not split},
        "true_kept": {k: (round(sum(v) / len(v), 4), len(v)) if not split else (sum(v), len(v))
                      for k, v in sorted(positives.items()) if wanted(k)},
    }


def find_recall(by_query: dict[str, list[dict[str, Any]]], keep: Callable[[dict[str, Any]], bool],
                truth: dict[str, set[str]]) -> dict[str, Any]:
    """R@1 and R@10 of ``find()`` under a rule, by label: its matches are the kept
    comparisons, best score first (then search rank). Short queries need the rows of
    ``--all-candidates`` (every candidate compared); for PAN queries only their truth was
    compared, so only R@10 (the share of their sources among the matches) is given."""
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"r1": [], "r10": []})
    for query_id, group in by_query.items():
        label, pan = group[0]["label"], group[0]["pan"]
        if label in ev.NO_ORIGINAL or not truth.get(query_id):
            continue
        real = [r for r in group if r["doc_id"] is not None]
        matches = sorted((r for r in real if keep(r)), key=lambda r: (-r["score"], r["rank"]))[:10]
        name = f"pan:{label}" if pan else label
        if pan:
            out[name]["r10"].append(sum(r["truth"] for r in matches) / min(len(truth[query_id]), 10))
        else:
            out[name]["r1"].append(float(bool(matches) and matches[0]["truth"]))
            out[name]["r10"].append(float(any(r["truth"] for r in matches)))
    return {name: {"n": len(v["r10"]), "R@1": round(sum(v["r1"]) / len(v["r1"]), 4) if v["r1"] else None,
                   "R@10": round(sum(v["r10"]) / len(v["r10"]), 4)} for name, v in sorted(out.items())}


def report(args: argparse.Namespace) -> int:
    rows, seen = [], set()
    for path in [args.out, *args.skip]:  # the shards' files, in order; a query once
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                row = json.loads(line)
                if (row["query_id"], row["doc_id"]) not in seen:
                    seen.add((row["query_id"], row["doc_id"]))
                    rows.append(row)
    corpus, queries = ev.load(args.data)
    texts = {q.key + "|" + q.label: q.text for q in queries}
    truth = {q.key + "|" + q.label: q.truth for q in queries}
    by_query: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_query[row["query_id"]].append(row)
    causes = false_match_causes(rows, corpus, texts)
    topics = Topics(args.out.with_name(args.out.stem + "_topics.jsonl"), corpus, texts)
    topics.compared = {q: {r["doc_id"] for r in group if r["doc_id"] is not None} for q, group in by_query.items()}
    gaps = {(r["query_id"], r["doc_id"]) for r in rows if r["label"] in ev.NO_ORIGINAL and r["doc_id"] is not None
            and not r["truth"] and r["verdict"] != "unrelated"
            and (r["shared_5grams"] >= ev.WIRE_COPY or r.get("pan_release_pair")
                 or longest_run(corpus[r["doc_id"]], texts[r["query_id"]]) >= VERBATIM_RUN)}
    table = {name: evaluate(by_query, keep, gaps) for name, keep in rules().items()}
    verdict: Callable[[dict[str, Any]], bool] = lambda r: r["verdict"] != "unrelated"
    accept = {
        "accept='verdict' (before)": {**evaluate(by_query, verdict, gaps),
                                      "find_recall": find_recall(by_query, verdict, truth)},
        "accept='reuse', common=None (before)": {**evaluate(by_query, reuse_rule(topics), gaps),
                                                 "find_recall": find_recall(by_query, reuse_rule(topics), truth)},
    }
    from spundetect.acceptance import COMMON, OWN, STOCK, VERSION

    held = Held(corpus)
    shipped = collection_rule(topics, held, COMMON, OWN, version=VERSION, stock=STOCK)
    accept[f"accept='reuse', common={COMMON} (default)"] = {
        **evaluate(by_query, shipped, gaps), "find_recall": find_recall(by_query, shipped, truth),
        "false_match_causes": false_match_causes(
            [r if r["doc_id"] is None or shipped(r) else {**r, "verdict": "unrelated"} for r in rows], corpus, texts)}
    out = {"rules": table, "false_match_causes": causes, "accept": accept}
    if args.fit:
        out["fit"] = fit(by_query, topics, gaps)
        out["fit_collection"] = fit_collection(by_query, topics, held, gaps)
    print(json.dumps(out, indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ev.DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--candidates", type=int, default=10, help="hits compared per query, as find() does")
    parser.add_argument("--all-candidates", action="store_true",
                        help="compare every candidate of a short (non-PAN) derived query, not only its truth: "
                             "the report then gives find()'s R@1 (find_recall)")
    parser.add_argument("--pan-pairs", type=Path, default=None, help="directory of the PAN release's pairs lists")
    parser.add_argument("--shard", default="", help="I/N: collect every N-th query from the I-th (parallel runs, "
                        "each with its own --out; --report reads them concatenated)")
    parser.add_argument("--skip", type=Path, nargs="*", default=[],
                        help="other --out files whose queries are done (the other shards')")
    parser.add_argument("--limit", type=int, default=0, help="queries to collect at most in this run (0: all)")
    parser.add_argument("--common", type=int, default=None,
                        help="measure find()'s collection check with this common (spundetect.acceptance.COMMON; "
                             "default: the library's, None: no check)")
    parser.add_argument("--report", action="store_true", help="print the table from --out")
    parser.add_argument("--fit", action="store_true",
                        help="with --report: fit the thresholds of find()'s acceptance rule on half 0 of the queries")
    args = parser.parse_args(argv)
    if args.common is not None:
        import spundetect.acceptance

        spundetect.acceptance.COMMON = args.common
    if args.report:
        return report(args)
    if not args.data.is_dir():
        print(f"no dev data at {args.data}", file=sys.stderr)
        return 2
    return collect(args)


if __name__ == "__main__":
    raise SystemExit(main())
