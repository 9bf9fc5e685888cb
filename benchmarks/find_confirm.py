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

``--report`` reads ``--out`` and prints the false-match share and the kept share of true
derivations under the shipped rule (verdict not ``unrelated``) and under the
confirmation rules of :func:`rules`.

Usage::

    nice -n 5 python benchmarks/find_confirm.py                   # collect (resumes)
    nice -n 5 python benchmarks/find_confirm.py --report          # the table
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
    """What a confirmation rule may use from one comparison."""
    passages = [
        {"kind": p.kind, "score": round(p.score, 4), "original_tokens": p.original_tokens,
         "suspect_tokens": p.suspect_tokens, "common_tokens": p.common_tokens, "condensed": p.condensed}
        for p in comparison.passages
    ]
    return {
        "verdict": comparison.verdict, "score": round(comparison.score, 4),
        "reused_share": round(comparison.reused_share, 4), "passages": passages,
        "original_words": len(comparison.original.split()), "suspect_words": len(comparison.suspect.split()),
    }


def collect(args: argparse.Namespace) -> int:
    import spundetect

    corpus, queries = ev.load(args.data)
    pairs = release_pairs(args.pan_pairs)
    done: set[str] = set()
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                done.add(json.loads(line)["query_id"])
    index = spundetect.Index()
    index.add_many(corpus.items())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    todo = [q for q in queries if q.key + "|" + q.label not in done and (q.label in ev.NO_ORIGINAL or q.truth)]
    # The negatives first (the false matches), then the short positives, then PAN's.
    todo.sort(key=lambda q: (q.label not in ev.NO_ORIGINAL, q.pan))
    if args.limit:
        todo = todo[: args.limit]
    start = time.perf_counter()
    with args.out.open("a", encoding="utf-8") as out:
        for n, q in enumerate(todo):
            hits = index.search(q.text, k=args.candidates)
            negative = q.label in ev.NO_ORIGINAL
            rows = []
            for rank, hit in enumerate(hits, 1):
                truth = hit.doc_id in q.truth
                if not negative and not truth:
                    continue  # positives: only what find() should keep
                comparison = spundetect.compare(corpus[hit.doc_id], q.text)
                rows.append({
                    "query_id": q.key + "|" + q.label, "doc_id": hit.doc_id, "label": q.label, "pan": q.pan,
                    "truth": truth, "pan_release_pair": hit.doc_id in pairs.get(q.key, ()),
                    "rank": rank, "hit_score": hit.score, "hit_shared": hit.shared,
                    "hit_coverage": round(hit.coverage, 4),
                    "shared_5grams": round(ev.shared_5grams(corpus[hit.doc_id], q.text), 4),
                    **features(comparison),
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


def report(args: argparse.Namespace) -> int:
    rows = [json.loads(line) for line in args.out.read_text(encoding="utf-8").split("\n") if line.strip()]
    corpus, queries = ev.load(args.data)
    texts = {q.key + "|" + q.label: q.text for q in queries}
    by_query: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_query[row["query_id"]].append(row)
    table = {}
    for name, keep in rules().items():
        negatives: dict[str, list[int]] = defaultdict(list)
        positives: dict[str, list[int]] = defaultdict(list)
        for query_id, group in by_query.items():
            label, pan = group[0]["label"], group[0]["pan"]
            real = [r for r in group if r["doc_id"] is not None]
            if label in ev.NO_ORIGINAL:
                false = [r for r in real if not r["truth"] and keep(r)]
                negatives[label].append(int(bool(false)))
                negatives["all"].append(int(bool(false)))
                beyond = [r for r in false if r["shared_5grams"] < ev.WIRE_COPY and not r["pan_release_pair"]]
                negatives["beyond wire and PAN pairs"].append(int(bool(beyond)))
            else:
                group_name = f"pan:{label}" if pan else label
                for r in real:
                    if r["truth"]:
                        positives[group_name].append(int(keep(r)))
                        positives["all"].append(int(keep(r)))
        table[name] = {
            "false_match": {k: (round(sum(v) / len(v), 4), len(v)) for k, v in sorted(negatives.items())},
            "true_kept": {k: (round(sum(v) / len(v), 4), len(v)) for k, v in sorted(positives.items())},
        }
    print(json.dumps({"rules": table, "false_match_causes": false_match_causes(rows, corpus, texts)}, indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ev.DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--candidates", type=int, default=10, help="hits compared per query, as find() does")
    parser.add_argument("--pan-pairs", type=Path, default=None, help="directory of the PAN release's pairs lists")
    parser.add_argument("--limit", type=int, default=0, help="queries to collect at most in this run (0: all)")
    parser.add_argument("--report", action="store_true", help="print the table from --out")
    args = parser.parse_args(argv)
    if args.report:
        return report(args)
    if not args.data.is_dir():
        print(f"no dev data at {args.data}", file=sys.stderr)
        return 2
    return collect(args)


if __name__ == "__main__":
    raise SystemExit(main())
