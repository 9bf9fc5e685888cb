"""Families on a collection with many of them: are they found whole, and is the original named?

``spundetect.families(index)`` groups an index into families of copies and spun versions
of one text and names each family's likely original from the direction signal of its
``spun`` links. This script builds a collection in which the truth is known and measures
both:

* **Spun families**: an original and its spun versions by three spinners of the
  benchmark's own (the ``wordnet-test`` dictionary at p = 0.25, the Moby dictionary at
  p = 0.25, ``wordnet-test`` with the phrase rules at p = 0.5: ``benchmarks/out/spun_test.jsonl``,
  ``spun_moby.jsonl``, ``spun_rules_test.jsonl``, made by ``benchmarks/make_spun.py``, see
  docs/evaluation.md), ``--families`` of them chosen at random.
* **SpinBot families**: every pair of ``mpc_spinbot.jsonl`` (a Wikipedia paragraph and
  its SpinBot output: a commercial spinner whose dictionary is not ours).
* **Distractors**: one news report of each ECB+ topic of ``ecbplus_unrelated.jsonl`` (one
  report an event: two reports of one event are often copies of one wire story, which
  would be a family the data does not name), and one revision of each IteraTeR document
  of ``iterater_doc.jsonl`` (arXiv, Wikipedia and Wikinews texts, many of one field)
  that our spinners did not spin, which belong to no family.

The documents get opaque ids and are added in a random order (``--seed``), so neither the
ids nor the order of addition (``families()`` compares the earlier-added document as the
original) tell which text is the original.

Reported (JSON to ``--out`` and a summary on stdout):

* B-cubed precision and recall of the families against the truth (a document in no
  family counts as its own group);
* the share of true families found exactly (one predicted family with exactly their
  members), split (their members in several groups) or merged (with other documents);
* for the true families whose original is in a predicted family: the share whose
  ``Family.original`` is the true original, ``None`` (not named), or another member;
* per ``spun`` link inside a true family between the original and a spun version: the
  share whose direction signal names the right original.

Usage::

    nice -n 5 python benchmarks/families_eval.py                   # 40 spun families
    nice -n 5 python benchmarks/families_eval.py --families 120 --out benchmarks/out/families.json
    nice -n 5 python benchmarks/families_eval.py --accept verdict    # the rule before: any verdict joins
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
OUT_DIR = REPO / "benchmarks" / "out"
SPINNERS = (("spun_test.jsonl", "wordnet_test-p25-s0"),
            ("spun_moby.jsonl", "moby_dictionary-p25-s0"),
            ("spun_rules_test.jsonl", "wordnet_test_rules-p50-s0"))


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _opaque(text: str) -> str:
    """An id that says nothing about the document's role."""
    return "d" + hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def collection(*, data: Path, out_dir: Path, families: int, seed: int) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """The documents, in the order they are added, and the true families
    (``{"kind", "original", "members"}``, ids)."""
    rng = random.Random(seed)
    versions: dict[str, dict[str, str]] = {}  # the original's text -> spinner -> spun text
    spun_from: set[str] = set()  # the dev rows our spinners spun, in any variant
    for name, variant in SPINNERS:
        for row in _rows(out_dir / name):
            spun_from.add(row["meta"]["origin"]["id"])
            if row["id"].endswith(variant):
                versions.setdefault(row["original"], {})[variant] = row["suspect"]
    complete = sorted(o for o, v in versions.items() if len(v) == len(SPINNERS))
    chosen = rng.sample(complete, min(families, len(complete)))
    truth: list[dict[str, Any]] = []
    docs: dict[str, str] = {}

    def add(text: str) -> str:
        doc_id = _opaque(text)
        docs[doc_id] = text
        return doc_id

    for original in chosen:
        members = [add(original)] + [add(versions[original][v]) for _, v in SPINNERS]
        if len(set(members)) > 1:  # a spinner that changed nothing makes no family
            truth.append({"kind": "ours", "original": members[0], "members": sorted(set(members))})
    for row in _rows(data / "mpc_spinbot.jsonl"):
        members = [add(row["original"]), add(row["suspect"])]
        if len(set(members)) > 1:
            truth.append({"kind": "spinbot", "original": members[0], "members": sorted(set(members))})
    topics: set[int] = set()
    for row in _rows(data / "ecbplus_unrelated.jsonl"):
        for side in ("original", "suspect"):
            if row["meta"][f"{side}_topic"] not in topics:
                topics.add(row["meta"][f"{side}_topic"])
                add(row[side])
    iterater = _rows(data / "iterater_doc.jsonl")
    # a document our spinners spun (in any revision) is no distractor: its revisions are
    # light edits of a family's original
    revised = {row["meta"]["doc_id"] for row in iterater if row["id"] in spun_from}
    for row in iterater:
        if row["meta"]["doc_id"] not in revised:
            revised.add(row["meta"]["doc_id"])
            add(row["original"])
    order = sorted(docs)
    rng.shuffle(order)
    return [(d, docs[d]) for d in order], truth


def bcubed(predicted: dict[str, int], true: dict[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall of a clustering (each document's cluster label)."""
    by_p: dict[int, set[str]] = {}
    by_t: dict[int, set[str]] = {}
    for d, c in predicted.items():
        by_p.setdefault(c, set()).add(d)
    for d, c in true.items():
        by_t.setdefault(c, set()).add(d)
    precision = sum(len(by_p[predicted[d]] & by_t[true[d]]) / len(by_p[predicted[d]]) for d in true) / len(true)
    recall = sum(len(by_p[predicted[d]] & by_t[true[d]]) / len(by_t[true[d]]) for d in true) / len(true)
    return precision, recall


def evaluate(docs: list[tuple[str, str]], truth: list[dict[str, Any]], *, candidates: int,
             accept: str) -> dict[str, Any]:
    import spundetect

    index = spundetect.Index()
    index.add_many(docs)
    start = time.perf_counter()
    found = spundetect.families(index, candidates=candidates, accept=accept)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    predicted = {d: -1 - k for k, (d, _) in enumerate(docs)}  # singletons first
    family_of: dict[str, Any] = {}
    for k, family in enumerate(found):
        for m in family.members:
            predicted[m] = k
            family_of[m] = family
    true = {d: -1 - k for k, (d, _) in enumerate(docs)}
    for k, t in enumerate(truth):
        for m in t["members"]:
            true[m] = k
    precision, recall = bcubed(predicted, true)
    by_kind: dict[str, dict[str, Counter[str]]] = {}
    for t in truth:
        kind = by_kind.setdefault(t["kind"], {"shape": Counter(), "named": Counter(), "links": Counter()})
        groups = {predicted[m] for m in t["members"]}
        home = family_of.get(t["original"])
        if len(groups) > 1:
            s = "split"
        elif home is None:
            s = "missed"
        else:
            s = "exact" if set(home.members) == set(t["members"]) else "merged"
        kind["shape"][s] += 1
        if home is not None:
            n = ("right" if home.original == t["original"] else
                 "none" if home.original is None else "wrong")
            kind["named"][n] += 1
            for link in home.links:
                ends = {link.original, link.suspect}
                if link.verdict != "spun" or t["original"] not in ends or not ends <= set(t["members"]):
                    continue
                says = link.original if link.reversed < 0.5 else link.suspect
                result = "undecided" if link.reversed == 0.5 else "right" if says == t["original"] else "wrong"
                kind["links"][result] += 1
    distractors = [d for d, _ in docs if true[d] < 0]
    return {
        "documents": len(docs), "true_families": len(truth), "found_families": len(found),
        "families_seconds": round(seconds, 1),
        "bcubed_precision": round(precision, 4), "bcubed_recall": round(recall, 4),
        **{name: dict(sum((v[part] for v in by_kind.values()), Counter()))
           for name, part in (("families", "shape"), ("original_named", "named"), ("spun_links_direction", "links"))},
        "by_kind": {k: {name: dict(c) for name, c in v.items()} for k, v in by_kind.items()},
        "distractors_in_a_family": sum(1 for d in distractors if d in family_of),
        "distractors": len(distractors),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--spun-dir", type=Path, default=OUT_DIR, help="where make_spun.py wrote its files")
    parser.add_argument("--families", type=int, default=40, help="spun families of our spinners")
    parser.add_argument("--candidates", type=int, default=10, help="search hits compared per document")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--accept", choices=("reuse", "verdict"), default="reuse",
                        help="the rule that joins two documents (families()'s accept)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    docs, truth = collection(data=args.data, out_dir=args.spun_dir, families=args.families, seed=args.seed)
    report = {"command": " ".join(["python", "benchmarks/families_eval.py", *(argv or sys.argv[1:])]),
              **evaluate(docs, truth, candidates=args.candidates, accept=args.accept)}
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
