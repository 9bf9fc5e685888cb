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
  10); and, for queries with no original in the corpus (same_topic, unrelated and PAN 01
  documents with no source anywhere), the share of ``find()`` calls that return any match.
* Baseline: MinHash (datasketch, 128 permutations) over word 5-grams, brute-force top-k by
  estimated Jaccard against every document (no LSH losses); its ``find`` compares its top
  candidates the same way.
* ``--schemes`` measures other fingerprint schemes with ``search`` (R@k only).

Usage::

    nice -n 5 python benchmarks/index_eval.py                      # everything
    nice -n 5 python benchmarks/index_eval.py --no-find            # R@k only (fast)
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
    return corpus, list(queries.values())


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


def recall(queries: Sequence[Query], ranked: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """R@1 and R@10 per label (and for PAN queries separately): mean share of truth found."""
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"r1": [], "r10": []})
    for q in queries:
        if not q.truth or q.label not in DERIVED:
            continue
        got = ranked[q.key + "|" + q.label]
        group = f"pan:{q.label}" if q.pan else q.label
        for name, k in (("r1", 1), ("r10", 10)):
            if q.pan:
                # PAN: share of the sources in the top k (the top 1 can hold only one)
                found = len(q.truth & set(got[:k])) / min(len(q.truth), k)
            else:
                found = float(bool(q.truth & set(got[:k])))
            out[group][name].append(found)
    return {
        g: {"n": len(v["r1"]), "R@1": round(sum(v["r1"]) / len(v["r1"]), 4),
            "R@10": round(sum(v["r10"]) / len(v["r10"]), 4)}
        for g, v in sorted(out.items())
    }


def false_matches(queries: Sequence[Query], matched: dict[str, list[str]]) -> dict[str, Any]:
    """Share of queries with no original whose find() returns a match outside their truth."""
    per: dict[str, list[int]] = defaultdict(list)
    for q in queries:
        if q.label not in NO_ORIGINAL:
            continue
        got = matched[q.key + "|" + q.label]
        per[q.label].append(int(any(d not in q.truth for d in got)))
    total = [x for v in per.values() for x in v]
    return {
        "all": {"n": len(total), "false_match": round(sum(total) / max(len(total), 1), 4)},
        **{lab: {"n": len(v), "false_match": round(sum(v) / len(v), 4)} for lab, v in per.items()},
    }


def run_search(queries: Sequence[Query], search: Callable[[str], list[str]]) -> tuple[dict[str, list[str]], float]:
    out: dict[str, list[str]] = {}
    start = time.perf_counter()
    for q in queries:
        out[q.key + "|" + q.label] = search(q.text)
    return out, time.perf_counter() - start


def run_find(queries: Sequence[Query], corpus: dict[str, str], candidates: dict[str, list[str]],
             limit: int) -> dict[str, list[str]]:
    """Compare each no-original query with its top ``limit`` candidates; keep the derived."""
    import spundetect

    out: dict[str, list[str]] = {}
    for q in queries:
        if q.label not in NO_ORIGINAL:
            continue
        key = q.key + "|" + q.label
        kept = []
        for doc_id in candidates[key][:limit]:
            if spundetect.compare(corpus[doc_id], q.text).verdict != "unrelated":
                kept.append(doc_id)
        out[key] = kept
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
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no dev data at {args.data}", file=sys.stderr)
        return 2

    import spundetect
    from spundetect.fingerprint import DEFAULT_CONFIG, FingerprintConfig

    corpus, queries = load(args.data)
    labels = defaultdict(int)
    for q in queries:
        labels[q.label] += 1
    print(f"corpus: {len(corpus)} documents; queries: {len(queries)} {dict(labels)}", file=sys.stderr)
    report: dict[str, Any] = {"corpus": len(corpus), "queries": dict(labels), "systems": {}}
    configs = [DEFAULT_CONFIG.key, *[c for c in args.schemes if c != DEFAULT_CONFIG.key]]
    ranked_default: dict[str, list[str]] = {}
    for key in configs:
        index = spundetect.Index(config=FingerprintConfig.from_key(key))
        start = time.perf_counter()
        index.add_many(corpus.items())
        build = time.perf_counter() - start
        ranked, seconds = run_search(queries, lambda t: [h.doc_id for h in index.search(t, k=10)])
        entry = {"build_s": round(build, 2), "search_ms": round(1000 * seconds / len(queries), 2),
                 "recall": recall(queries, ranked)}
        report["systems"][f"index {key}"] = entry
        print(f"index {key}: {json.dumps(entry)}", file=sys.stderr)
        if key == DEFAULT_CONFIG.key:
            ranked_default = ranked
            default_index = index
    if not args.no_minhash:
        start = time.perf_counter()
        baseline = MinHashBaseline(corpus)
        build = time.perf_counter() - start
        ranked_mh, seconds = run_search(queries, lambda t: baseline.search(t, 10))
        entry = {"build_s": round(build, 2), "search_ms": round(1000 * seconds / len(queries), 2),
                 "recall": recall(queries, ranked_mh)}
        report["systems"]["minhash word 5-grams"] = entry
        print(f"minhash: {json.dumps(entry)}", file=sys.stderr)
    if not args.no_find:
        matched: dict[str, list[str]] = {}
        start = time.perf_counter()
        for q in queries:
            if q.label in NO_ORIGINAL:
                matched[q.key + "|" + q.label] = [
                    m.doc_id for m in default_index.find(q.text, candidates=args.candidates)]
        report["systems"][f"index {DEFAULT_CONFIG.key}"]["find"] = false_matches(queries, matched)
        report["systems"][f"index {DEFAULT_CONFIG.key}"]["find_s"] = round(time.perf_counter() - start, 1)
        print(f"find: {report['systems'][f'index {DEFAULT_CONFIG.key}']['find']}", file=sys.stderr)
        if not args.no_minhash:
            matched_mh = run_find(queries, corpus, ranked_mh, args.candidates)
            report["systems"]["minhash word 5-grams"]["find"] = false_matches(queries, matched_mh)
            print(f"minhash find: {report['systems']['minhash word 5-grams']['find']}", file=sys.stderr)
    del ranked_default
    report["signature"] = f"spundetect {spundetect.__version__}"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
