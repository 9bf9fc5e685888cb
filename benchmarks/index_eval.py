"""Quality of ``spundetect.Index`` on the dev data, beside a MinHash baseline, in one run.

* Corpus: every distinct original in ``../shared/data/dev`` (MRPC aside). PAN source
  documents are named by their PAN id (``source-document01090``), other originals by the
  id of their first row.
* Queries: every distinct suspect (PAN suspicious documents by their PAN id; a suspect
  appearing under several labels is a query under each).
* Truth: the query's originals when the label shows derivation (spun, copy, light_edit,
  auto_obfuscated, paraphrase); for a PAN suspicious document, every source document it is
  paired with in folders 02-05, whatever the folder of the query. A corpus document with
  exactly the query's text also counts as truth (finding it is no false match), and so do
  the other revisions of an IteraTeR document (versions of one text) and, transitively,
  the originals a truth document was itself derived from.
* Reported: R@1 and R@10 by label (PAN: the share of the truth documents in the top 1 /
  10), also with the corpus documents a query holds verbatim counted as truth
  (``recall_contained``), and every miss at rank 1 with its cause (``misses``,
  ``miss_causes``: see :func:`misses`), every PAN source outside the top 10 with its rank and
  shared fingerprints (``pan_misses``: see :func:`pan_misses`); and, for queries with no original in the corpus (same_topic, unrelated and PAN 01
  documents with no source anywhere), the share of ``find()`` calls that return any match.
* ``find``'s false matches are also given with wire copies set aside (``beyond_wire``: a
  matched document that shares half of the shorter text's word 5-grams with the query,
  the ECB+ file's own rule for a wire-service copy) and by how much of the query the worst
  match shares (``by_shared``).
* Baseline: MinHash (datasketch, 128 permutations) over word 5-grams, brute-force top-k by
  estimated Jaccard against every document (no LSH losses); its ``find`` compares its top
  candidates the same way.
* ``find`` is measured with its defaults (``find``: ``accept="reuse"`` and the
  collection check, ``common=acceptance.COMMON``), without the collection check
  (``find_common_none``) and with ``accept="verdict"`` (``find_accept_verdict``: every
  verdict but ``unrelated``), from one set of comparisons; the MinHash baseline the same
  way (its candidates checked against the index's postings).
* ``--schemes`` measures other fingerprint schemes with ``search`` (R@k only).

Usage::

    nice -n 5 python benchmarks/index_eval.py                      # everything
    nice -n 5 python benchmarks/index_eval.py --no-find            # R@k only (fast)
    nice -n 5 python benchmarks/index_eval.py --no-find --misses   # and every miss, by label, with its cause
    nice -n 5 python benchmarks/index_eval.py --no-find --schemes immutable:3:6 stopword:6:6 word:5:4

Needs ``datasketch`` (``pip install datasketch``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "index_eval.json"
DERIVED = ("spun", "copy", "light_edit", "auto_obfuscated", "paraphrase")
NO_ORIGINAL = ("same_topic", "unrelated")
LABELS = (*DERIVED, *NO_ORIGINAL)
_REVISION = re.compile(r"(iterater-[^-]+(?:-[^-]+)*?)-r\d+$")
_PAN = re.compile(r"pan13-(\d\d)-(suspicious-document\d+)-(source-document\d+)")


@dataclass
class Query:
    key: str
    label: str
    text: str
    truth: set[str] = field(default_factory=set)
    pan: bool = False
    contained: set[str] = field(default_factory=set)  # corpus documents the query holds verbatim


def load(data_dir: Path) -> tuple[dict[str, str], list[Query]]:
    """The corpus (id -> text) and the queries, as the module documentation says."""
    corpus: dict[str, str] = {}
    by_text: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for path in sorted(data_dir.glob("*.jsonl")):
        if path.name.startswith("mrpc"):
            continue
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                rows.append(json.loads(line))
    pan_sources: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        m = _PAN.match(row["id"])
        doc_id = m.group(3) if m else row["id"]
        if row["original"] not in by_text:
            by_text[row["original"]] = doc_id
            corpus[doc_id] = row["original"]
        row["_original_id"] = by_text[row["original"]]
        if m and m.group(1) != "01":
            pan_sources[m.group(2)].add(by_text[row["original"]])
    queries: dict[tuple[str, str], Query] = {}
    for row in rows:
        m = _PAN.match(row["id"])
        key = m.group(2) if m else hashlib.sha1(row["suspect"].encode()).hexdigest()[:12]
        q = queries.setdefault((key, row["label"]), Query(key, row["label"], row["suspect"], pan=bool(m)))
        if m:
            q.truth |= pan_sources[m.group(2)]
        elif row["label"] in DERIVED:
            q.truth.add(row["_original_id"])
        if row["suspect"] in by_text:
            q.truth.add(by_text[row["suspect"]])
    # Derivation is transitive: a revision of a revision (IteraTeR chains) derives from
    # every earlier version in the corpus, so each is a right answer.
    parents: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["label"] in DERIVED and row["suspect"] in by_text:
            parents[by_text[row["suspect"]]].add(row["_original_id"])
    # The revisions of one IteraTeR document are versions of one text: each is a right
    # answer for a query of any of them (revision N's "before" is revision N-1's "after",
    # give or take whitespace, so the texts are not equal and the link above misses it).
    versions: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        m = _REVISION.match(row["id"])
        if m:
            versions[m.group(1)].add(row["_original_id"])
    for q in queries.values():
        for doc_id in list(q.truth):
            m = _REVISION.match(doc_id)
            if m:
                q.truth |= versions[m.group(1)]
    for q in queries.values():
        todo = list(q.truth)
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in q.truth:
                    q.truth.add(parent)
                    todo.append(parent)
    _mark_contained(corpus, list(queries.values()))
    return corpus, list(queries.values())


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))} if words else set()


def _mark_contained(corpus: dict[str, str], queries: list[Query], share: float = 0.9) -> None:
    """For each derived (non-PAN) query: the corpus documents whose word 5-grams are at
    least ``share`` inside the query's, i.e. that the query holds verbatim or nearly so
    (for example one sentence of an IteraTeR abstract, kept as its own document by the
    sentence-level set, inside a revision of the whole abstract). They are a source of
    the query's text too, though the labels pair the query with another document; R@k
    is reported with and without them (``recall_contained``)."""
    postings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    sizes = {}
    for doc_id, text in corpus.items():
        grams = _grams(text)
        sizes[doc_id] = len(grams)
        for g in grams:
            postings[g].append(doc_id)
    for q in queries:
        if q.pan or q.label not in DERIVED:
            continue
        counts: dict[str, int] = defaultdict(int)
        for g in _grams(q.text):
            for doc_id in postings.get(g, ()):
                counts[doc_id] += 1
        q.contained = {d for d, c in counts.items() if sizes[d] and c / sizes[d] >= share}


def with_release_pairs(queries: Sequence[Query], corpus: dict[str, str], directory: Path) -> list[Query]:
    """The queries with the PAN release's own pairs added to the truth of PAN queries.

    The issue's truth for a PAN suspicious document is every source it is paired with in
    folders 02-05; the dev data holds 100 pairs a folder, so a suspicious document may reuse
    corpus sources that the release pairs it with but the dev sample does not. ``directory``
    holds the release's ``pairs`` lists (``suspicious-documentNNNNN.txt
    source-documentNNNNN.txt`` a line), named ``0[2-5]*.pairs``; they are not shipped
    with the project (docs/search.md says where they come from).
    """
    pairs: dict[str, set[str]] = defaultdict(set)
    for path in sorted(directory.glob("0[2-5]*.pairs")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                suspicious, source = line.split()
                pairs[suspicious.removesuffix(".txt")].add(source.removesuffix(".txt"))
    out = []
    for q in queries:
        extra = {d for d in pairs.get(q.key, ()) if d in corpus} if q.pan else set()
        out.append(Query(q.key, q.label, q.text, q.truth | extra, q.pan, q.contained))
    return out


# --- the MinHash baseline ---------------------------------------------------------------------


class MinHashBaseline:
    """MinHash signatures of word 5-grams; top-k by estimated Jaccard against every document."""

    def __init__(self, corpus: dict[str, str], *, num_perm: int = 128, n: int = 5) -> None:
        import numpy as np
        from datasketch import MinHash

        self._np = np
        self._MinHash = MinHash
        self.num_perm, self.n = num_perm, n
        self.ids = list(corpus)
        self.matrix = np.stack([self._signature(corpus[i]) for i in self.ids])

    def _signature(self, text: str) -> Any:
        words = re.findall(r"\w+", text.lower())
        grams = {" ".join(words[i : i + self.n]) for i in range(max(len(words) - self.n + 1, 1))}
        mh = self._MinHash(num_perm=self.num_perm)
        mh.update_batch([g.encode("utf-8") for g in grams])
        return mh.hashvalues

    def search(self, text: str, k: int) -> list[str]:
        sims = (self.matrix == self._signature(text)).mean(axis=1)
        order = self._np.argsort(-sims, kind="stable")[:k]
        return [self.ids[i] for i in order if sims[i] > 0]


# --- evaluation ---------------------------------------------------------------------------------


def half(key: str) -> int:
    """The half of the queries ``key`` is in (0 or 1): the first hex digit of its SHA-1,
    even or odd; a rule is tuned on one half and reported on the other."""
    return int(hashlib.sha1(key.encode()).hexdigest()[0], 16) % 2


def recall(queries: Sequence[Query], ranked: dict[str, list[str]], *,
           contained: bool = False, halves: bool = False) -> dict[str, dict[str, float]]:
    """R@1 and R@10 per label (and for PAN queries separately): mean share of truth found.

    ``contained``: a corpus document the query holds verbatim also counts as truth.
    ``halves``: per label and :func:`half` (``"pan:auto_obfuscated h0"``...).
    """
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"r1": [], "r10": []})
    for q in queries:
        if not q.truth or q.label not in DERIVED:
            continue
        got = ranked[q.key + "|" + q.label]
        group = f"pan:{q.label}" if q.pan else q.label
        if halves:
            group += f" h{half(q.key)}"
        truth = q.truth | q.contained if contained else q.truth
        for name, k in (("r1", 1), ("r10", 10)):
            if q.pan:
                # PAN: share of the sources in the top k (the top 1 can hold only one)
                found = len(truth & set(got[:k])) / min(len(truth), k)
            else:
                found = float(bool(truth & set(got[:k])))
            out[group][name].append(found)
    return {
        g: {"n": len(v["r1"]), "R@1": round(sum(v["r1"]) / len(v["r1"]), 4),
            "R@10": round(sum(v["r10"]) / len(v["r10"]), 4)}
        for g, v in sorted(out.items())
    }


def misses(queries: Sequence[Query], ranked: dict[str, list[str]], corpus: dict[str, str]) -> list[dict[str, Any]]:
    """Every derived (non-PAN) query whose top hit is not in its truth, with a cause:

    * ``one_word``: a query of one or two words (a title), which no n-gram can carry;
    * ``not_a_copy_of_truth``: fewer than 10 % of the truth's word 5-grams are in the query
      (the query copies or rewrites some other text than the one its label pairs it
      with, or rewrites it wholly);
    * ``same_text_as_truth``: the top hit is a truth document's text again under another id,
      but for case, white space and punctuation (the corpus keeps distinct texts, and these
      differ by a character; both score alike, and the tie goes to the one added first);
    * ``top_is_contained``: the top hit is a corpus document the query holds verbatim
      (a sentence of the same text kept as its own document);
    * ``near_duplicate_truth``: the top hit and the truth share 90 % of their 5-grams
      (two versions of one text, either a fair answer);
    * ``ranked_lower``: none of these.
    """
    out = []
    for q in queries:
        if q.pan or q.label not in DERIVED or not q.truth:
            continue
        got = ranked[q.key + "|" + q.label]
        if got and got[0] in q.truth:
            continue
        query_grams = _grams(q.text)
        best_truth = max(q.truth, key=lambda d: len(_grams(corpus[d]) & query_grams) / max(len(_grams(corpus[d])), 1))
        truth_grams = _grams(corpus[best_truth])
        overlap = len(truth_grams & query_grams) / max(len(truth_grams), 1)
        top = got[0] if got else None
        if len(q.text.split()) <= 2:
            cause = "one_word"
        elif overlap < 0.1:
            cause = "not_a_copy_of_truth"
        elif top is not None and any(_same_text(corpus[top], corpus[d]) for d in q.truth):
            cause = "same_text_as_truth"
        elif top in q.contained:
            cause = "top_is_contained"
        elif top is not None and len(_grams(corpus[top]) & truth_grams) / max(len(truth_grams), 1) >= 0.9:
            cause = "near_duplicate_truth"
        else:
            cause = "ranked_lower"
        out.append({"query": q.key, "label": q.label, "words": len(q.text.split()), "truth": sorted(q.truth),
                    "truth_rank": next((i + 1 for i, d in enumerate(got) if d in q.truth), None),
                    "truth_5gram_overlap": round(overlap, 3), "top": got[:3], "cause": cause})
    return out


def pan_misses(queries: Sequence[Query], ranked: dict[str, list[str]],
               deep: Callable[[str], list[tuple[str, int]]], corpus: dict[str, str]) -> list[dict[str, Any]]:
    """Every (PAN suspicious document, truth source) pair whose source is not in the top 10.

    ``deep(text)``: the whole ranking of a query, as ``(doc_id, shared fingerprints)``.
    Each miss gives the source's rank (``None``: it shares no looked-up fingerprint),
    the fingerprints it shares with the query, those the 10th hit shares, the two texts'
    lengths in words, and the share of the source's word 5-grams the query holds.
    """
    out = []
    for q in queries:
        if not q.pan or q.label not in DERIVED or not q.truth:
            continue
        got = ranked[q.key + "|" + q.label]
        lost = sorted(q.truth - set(got[:10]))
        if not lost:
            continue
        order = deep(q.text)
        rank = {d: (i + 1, shared) for i, (d, shared) in enumerate(order)}
        query_grams = _grams(q.text)
        for doc_id in lost:
            place, shared = rank.get(doc_id, (None, 0))
            source_grams = _grams(corpus[doc_id])
            out.append({"query": q.key, "label": q.label, "source": doc_id, "rank": place, "shared": shared,
                        "tenth_shared": order[9][1] if len(order) >= 10 else None,
                        "query_words": len(q.text.split()), "source_words": len(corpus[doc_id].split()),
                        "source_5gram_in_query": round(len(source_grams & query_grams) / max(len(source_grams), 1), 3)})
    return out


def print_misses(entry: dict[str, Any], name: str) -> None:
    """The misses of one system, one line each, grouped by label (to stderr)."""
    print(f"--- misses of {name} ---", file=sys.stderr)
    for miss in sorted(entry.get("misses", []), key=lambda m: (m["label"], m["cause"], m["query"])):
        print(f"{miss['label']:<11} {miss['cause']:<20} {miss['query']} words={miss['words']} "
              f"truth_rank={miss['truth_rank']} overlap={miss['truth_5gram_overlap']} top={miss['top'][:1]} "
              f"truth={miss['truth'][:3]}", file=sys.stderr)
    for miss in entry.get("pan_misses", []):
        print(f"pan:{miss['label']:<15} {miss['query']} {miss['source']} rank={miss['rank']} "
              f"shared={miss['shared']} tenth_shared={miss['tenth_shared']} words={miss['query_words']}/"
              f"{miss['source_words']} 5grams={miss['source_5gram_in_query']}", file=sys.stderr)


def _same_text(a: str, b: str) -> bool:
    """Whether two texts have the same words, in order (case, white space and punctuation aside)."""
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


#: A corpus document sharing this share of the shorter text's word 5-grams with a query is
#: a wire-service copy of the same text (the rule by which the ECB+ same-topic file left
#: such pairs out of its independent reports).
WIRE_COPY = 0.5


def shared_5grams(a: str, b: str) -> float:
    """Share of the shorter text's word 5-grams that the other text holds."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    small, big = (ga, gb) if len(ga) <= len(gb) else (gb, ga)
    return len(small & big) / len(small)


def false_matches(queries: Sequence[Query], matched: dict[str, list[str]],
                  corpus: dict[str, str] | None = None) -> dict[str, Any]:
    """Share of queries with no original whose find() returns a match outside their truth.

    With ``corpus``, also ``beyond_wire``: the same share when a match with a document that
    shares :data:`WIRE_COPY` of the shorter text's 5-grams with the query (a wire copy of
    the same text, which the dev labels leave in the corpus) is not counted false, and
    ``by_shared``: the false-matching queries by the most 5-grams one of their matches
    shares (under 0.1, 0.1-0.5, 0.5 and over).
    """
    per: dict[str, list[int]] = defaultdict(list)
    beyond: dict[str, list[int]] = defaultdict(list)
    shared_bins: dict[str, int] = defaultdict(int)
    for q in queries:
        if q.label not in NO_ORIGINAL:
            continue
        got = [d for d in matched[q.key + "|" + q.label] if d not in q.truth]
        per[q.label].append(int(bool(got)))
        if corpus is not None:
            shares = [shared_5grams(corpus[d], q.text) for d in got]
            beyond[q.label].append(int(any(s < WIRE_COPY for s in shares)))
            if shares:
                top = max(shares)
                shared_bins["under 0.1" if top < 0.1 else "0.1-0.5" if top < WIRE_COPY else "0.5 and over"] += 1
    total = [x for v in per.values() for x in v]
    out: dict[str, Any] = {
        "all": {"n": len(total), "false_match": round(sum(total) / max(len(total), 1), 4)},
        **{lab: {"n": len(v), "false_match": round(sum(v) / len(v), 4)} for lab, v in per.items()},
    }
    if corpus is not None:
        rest = [x for v in beyond.values() for x in v]
        out["beyond_wire"] = {
            "all": round(sum(rest) / max(len(rest), 1), 4),
            **{lab: round(sum(v) / len(v), 4) for lab, v in beyond.items()},
        }
        out["by_shared"] = dict(shared_bins)
    return out


#: Times of the last run_search, per query kind (search_times).
_TIMES: dict[str, list[float]] = {}


def run_search(queries: Sequence[Query], search: Callable[[str], list[str]]) -> tuple[dict[str, list[str]], float]:
    out: dict[str, list[str]] = {}
    _TIMES.clear()
    start = time.perf_counter()
    for q in queries:
        began = time.perf_counter()
        out[q.key + "|" + q.label] = search(q.text)
        _TIMES.setdefault("pan" if q.pan else "other", []).append(time.perf_counter() - began)
    return out, time.perf_counter() - start


def search_times() -> dict[str, dict[str, float]]:
    """Wall time of the last :func:`run_search`'s queries, PAN pages (long) and the others
    apart: mean, p50 and p95 in ms."""
    import numpy as np

    return {kind: {"n": len(t), "mean_ms": round(1000 * float(np.mean(t)), 2),
                   "p50_ms": round(1000 * float(np.percentile(t, 50)), 2),
                   "p95_ms": round(1000 * float(np.percentile(t, 95)), 2)} for kind, t in sorted(_TIMES.items())}


def run_find(queries: Sequence[Query], corpus: dict[str, str], candidates: dict[str, list[str]],
             limit: int, index: Any) -> dict[str, dict[str, list[str]]]:
    """Compare each no-original query with its top ``limit`` candidates; keep those each
    acceptance rule of ``find()`` (:data:`spundetect.acceptance.ACCEPT`) confirms, by rule,
    and (``"common"``) the ``"reuse"`` ones that ``index``'s collection check keeps."""
    import spundetect
    from spundetect.acceptance import ACCEPT, COMMON, confirms

    out: dict[str, dict[str, list[str]]] = {rule: {} for rule in (*ACCEPT, "common")}
    for q in queries:
        if q.label not in NO_ORIGINAL:
            continue
        key = q.key + "|" + q.label
        comparisons = [(doc_id, spundetect.compare(corpus[doc_id], q.text)) for doc_id in candidates[key][:limit]]
        for rule in ACCEPT:
            out[rule][key] = [doc_id for doc_id, c in comparisons if confirms(c, accept=rule)]
        reuse = [(d, c) for d, c in comparisons if confirms(c)]
        out["common"][key] = ([d for (d, _), kept in zip(reuse, index._collection_keeps(q.text, reuse, COMMON))
                               if kept] if COMMON is not None else out["reuse"][key])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--schemes", nargs="*", default=[],
                        help="other fingerprint configurations to measure (scheme:n:window)")
    parser.add_argument("--no-find", action="store_true", help="R@k only: skip the find() false-match test")
    parser.add_argument("--no-minhash", action="store_true", help="skip the MinHash baseline")
    parser.add_argument("--candidates", type=int, default=10, help="candidates find() compares")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--misses", action="store_true",
                        help="print every miss at rank 1 (non-PAN) and every PAN source outside the top 10, "
                             "with its cause (they are in the report whether or not this is given)")
    parser.add_argument("--scale-power", type=float, default=None,
                        help="measure with this power of a long query's documents' worth "
                             "(spundetect.index.QUERY_SCALE_POWER; 0: no query scale, as before)")
    parser.add_argument("--passage-query", type=float, default=None,
                        help="re-rank the candidates of queries over this mass by their texts "
                             "(spundetect.index.PASSAGE_QUERY; inf: never, as before branch obfrank)")
    parser.add_argument("--pan-queries-out", type=Path, default=None,
                        help="write the PAN obfuscated pages as a queries file of index_scale.py (kind random: "
                             "timed, not scored) to this path, and stop (search_ab.py times them at 1M)")
    parser.add_argument("--common", type=int, default=None,
                        help="measure find()'s collection check with this common (spundetect.acceptance.COMMON; "
                             "default: the library's, None: no check)")
    parser.add_argument("--pan-pairs", type=Path, default=None,
                        help="directory of the PAN 2013 release's pairs lists (0[2-5]*.pairs): also report R@k "
                             "with every source the release pairs a suspicious document with (recall_release)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no dev data at {args.data}", file=sys.stderr)
        return 2

    import spundetect
    import spundetect.index
    from spundetect.fingerprint import DEFAULT_CONFIG, FingerprintConfig

    if args.scale_power is not None:
        spundetect.index.QUERY_SCALE_POWER = args.scale_power
    if args.passage_query is not None:
        spundetect.index.PASSAGE_QUERY = args.passage_query
    if args.common is not None:
        import spundetect.acceptance

        spundetect.acceptance.COMMON = args.common

    corpus, queries = load(args.data)
    if args.pan_queries_out is not None:
        pages = [{"kind": "random", "truth": "none", "text": q.text}
                 for q in queries if q.pan and q.label == "auto_obfuscated"]
        args.pan_queries_out.write_text(json.dumps(pages), encoding="utf-8")
        print(f"{len(pages)} PAN obfuscated pages -> {args.pan_queries_out}", file=sys.stderr)
        return 0
    released = with_release_pairs(queries, corpus, args.pan_pairs) if args.pan_pairs else None
    labels = defaultdict(int)
    for q in queries:
        labels[q.label] += 1
    print(f"corpus: {len(corpus)} documents; queries: {len(queries)} {dict(labels)}", file=sys.stderr)
    report: dict[str, Any] = {"corpus": len(corpus), "queries": dict(labels), "systems": {}}
    if released is not None:
        # truth sources of PAN queries by label: in the dev sample, with the release's pairs
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for q, r in zip(queries, released):
            if q.pan:
                counts[q.label][0] += len(q.truth)
                counts[q.label][1] += len(r.truth)
        report["pan_truth_sources"] = {label: {"dev": c[0], "release": c[1]} for label, c in sorted(counts.items())}
        print(f"PAN truth sources (dev sample, release): {report['pan_truth_sources']}", file=sys.stderr)
    configs = [DEFAULT_CONFIG.key, *[c for c in args.schemes if c != DEFAULT_CONFIG.key]]
    ranked_default: dict[str, list[str]] = {}
    for key in configs:
        index = spundetect.Index(config=FingerprintConfig.from_key(key))
        start = time.perf_counter()
        index.add_many(corpus.items())
        build = time.perf_counter() - start
        ranked, seconds = run_search(queries, lambda t: [h.doc_id for h in index.search(t, k=10)])
        entry = {"build_s": round(build, 2), "search_ms": round(1000 * seconds / len(queries), 2),
                 "search_times": search_times(),
                 "recall": recall(queries, ranked), "recall_halves": recall(queries, ranked, halves=True),
                 "recall_contained": recall(queries, ranked, contained=True)}
        if released is not None:
            entry["recall_release"] = recall(released, ranked)
        report["systems"][f"index {key}"] = entry
        print(f"index {key}: {json.dumps({k: v for k, v in entry.items() if k != 'misses'})}", file=sys.stderr)
        if key == DEFAULT_CONFIG.key:
            ranked_default = ranked
            default_index = index
            entry["misses"] = misses(queries, ranked, corpus)
            causes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for miss in entry["misses"]:
                causes[miss["label"]][miss["cause"]] += 1
            entry["miss_causes"] = {label: dict(c) for label, c in sorted(causes.items())}
            entry["pan_misses"] = pan_misses(
                queries, ranked, lambda t: [(h.doc_id, h.shared) for h in index.search(t, k=len(corpus))], corpus)
            if args.misses:
                print_misses(entry, f"index {key}")
    if not args.no_minhash:
        start = time.perf_counter()
        baseline = MinHashBaseline(corpus)
        build = time.perf_counter() - start
        ranked_mh, seconds = run_search(queries, lambda t: baseline.search(t, 10))
        entry = {"build_s": round(build, 2), "search_ms": round(1000 * seconds / len(queries), 2),
                 "search_times": search_times(),
                 "recall": recall(queries, ranked_mh), "recall_halves": recall(queries, ranked_mh, halves=True),
                 "recall_contained": recall(queries, ranked_mh, contained=True)}
        if released is not None:
            entry["recall_release"] = recall(released, ranked_mh)
        entry["misses"] = misses(queries, ranked_mh, corpus)
        causes_mh: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for miss in entry["misses"]:
            causes_mh[miss["label"]][miss["cause"]] += 1
        entry["miss_causes"] = {label: dict(c) for label, c in sorted(causes_mh.items())}
        report["systems"]["minhash word 5-grams"] = entry
        if args.misses:
            print_misses(entry, "minhash word 5-grams")
        print(f"minhash: {json.dumps({k: v for k, v in entry.items() if k != 'misses'})}", file=sys.stderr)
    if not args.no_find:
        from spundetect.acceptance import DEFAULT_ACCEPT, confirms

        # find(accept="verdict") keeps a superset of every other rule's matches, with the
        # same candidates and comparisons: each rule's matches are those it confirms
        # among them (find(accept=rule) itself, without comparing twice).
        from spundetect.acceptance import COMMON

        # find(accept="verdict", common=None) keeps a superset of every other rule's
        # matches, with the same candidates and comparisons: each rule's matches are those
        # it confirms among them (find(accept=rule) itself, without comparing twice); the
        # collection check (find()'s default) is Index._collection_keeps on the "reuse" ones.
        matched: dict[str, dict[str, list[str]]] = {"verdict": {}, DEFAULT_ACCEPT: {}, "common": {}}
        start = time.perf_counter()
        for q in queries:
            if q.label in NO_ORIGINAL:
                key = q.key + "|" + q.label
                found = default_index.find(q.text, candidates=args.candidates, accept="verdict", common=None)
                for rule in ("verdict", DEFAULT_ACCEPT):
                    matched[rule][key] = [m.doc_id for m in found if confirms(m.comparison, accept=rule)]
                reuse = [(m.doc_id, m.comparison) for m in found if confirms(m.comparison)]
                matched["common"][key] = [d for (d, _), kept in zip(
                    reuse, default_index._collection_keeps(q.text, reuse, COMMON)) if kept] if COMMON is not None \
                    else matched[DEFAULT_ACCEPT][key]
        entry = report["systems"][f"index {DEFAULT_CONFIG.key}"]
        entry["find_s"] = round(time.perf_counter() - start, 1)
        entry["find"] = false_matches(queries, matched["common"], corpus)
        entry["find_common_none"] = false_matches(queries, matched[DEFAULT_ACCEPT], corpus)
        entry["find_accept_verdict"] = false_matches(queries, matched["verdict"], corpus)
        print(f"find: {entry['find']}\nfind (common=None): {entry['find_common_none']}\n"
              f"find (accept='verdict', common=None): {entry['find_accept_verdict']}", file=sys.stderr)
        if not args.no_minhash:
            matched_mh = run_find(queries, corpus, ranked_mh, args.candidates, default_index)
            entry_mh = report["systems"]["minhash word 5-grams"]
            entry_mh["find"] = false_matches(queries, matched_mh["common"], corpus)
            entry_mh["find_common_none"] = false_matches(queries, matched_mh[DEFAULT_ACCEPT], corpus)
            entry_mh["find_accept_verdict"] = false_matches(queries, matched_mh["verdict"], corpus)
            print(f"minhash find: {entry_mh['find']}\nminhash find (accept='verdict'): "
                  f"{entry_mh['find_accept_verdict']}", file=sys.stderr)
    del ranked_default
    report["signature"] = f"spundetect {spundetect.__version__}"
    report["query_scale_power"] = spundetect.index.QUERY_SCALE_POWER
    report["passage_query"] = getattr(spundetect.index, "PASSAGE_QUERY", None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
