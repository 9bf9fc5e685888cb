"""Generate labelled spun pairs with ``spundetect.spin`` from real source documents.

Source documents are the ``original`` texts of every non-spun row of the dev pair files
(clough task texts, IteraTeR documents, ECB+ articles, PAN13 source documents, seed texts;
MRPC sentences fall under ``--min-words``), deduplicated by text, plus the repository's
``examples/original.txt``. Each is spun with every requested setting; one output row per
(document, setting), in the dev JSONL format::

    {"id", "original", "suspect", "label": "spun", "source": "synthetic_wordnet_test_p25",
     "meta": {"spinner": {...settings...}, "substitutions": [...], ...}}

``meta.substitutions`` lists every replacement with exact character spans into
``original`` (``original_span``) and ``suspect`` (``spun_span``), for
``benchmarks/spin_recall.py``.

Documents are split into ``train`` and ``test`` halves by a hash of their text
(``--split``), and the WordNet dictionary into two disjoint halves (``--dictionary
wordnet-train`` / ``wordnet-test``): fit on train documents spun with the train dictionary,
test on test documents spun with the test dictionary. Nothing is written but the pairs.

Usage::

    python benchmarks/make_spun.py --split test --dictionary wordnet-test        # -> benchmarks/out/spun_test.jsonl
    python benchmarks/make_spun.py --split train --dictionary wordnet-train --seeds 0 1
    python benchmarks/make_spun.py --limit 20 --modes random --p 0.25
    python benchmarks/make_spun.py --split test --dictionary wordnet-test --rules --out benchmarks/out/spun_rules_test.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
EXAMPLE = REPO / "examples" / "original.txt"
OUT_DIR = REPO / "benchmarks" / "out"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def doc_hash(text: str) -> str:
    return hashlib.blake2b(text.strip().encode("utf-8"), digest_size=16).hexdigest()


def doc_split(text: str, test_percent: int) -> str:
    """``"test"`` for about ``test_percent`` % of documents, by a stable hash of the text."""
    return "test" if int(doc_hash(text), 16) % 100 < test_percent else "train"


def collect_documents(
    files: Sequence[Path], include_example: bool, min_words: int, max_chars: int
) -> list[dict[str, Any]]:
    """Unique source texts (originals of non-spun rows), in a stable hash order."""
    docs: dict[str, dict[str, Any]] = {}
    skipped: Counter[str] = Counter()

    def add(text: str, origin: dict[str, Any]) -> None:
        key = text.strip()
        if not key:
            return
        if len(key.split()) < min_words:
            skipped["too_short"] += 1
            return
        if len(text) > max_chars:
            skipped["too_long"] += 1
            return
        if key in docs:
            skipped["duplicate"] += 1
            return
        docs[key] = {"text": text, "hash": doc_hash(text), "origin": origin}

    for path in files:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("label") == "spun":
                    continue
                add(
                    row["original"],
                    {
                        "file": path.name,
                        "id": row.get("id", f"{path.stem}:{number}"),
                        "label": row.get("label"),
                        "source": row.get("source"),
                    },
                )
    if include_example and EXAMPLE.exists():
        add(EXAMPLE.read_text(encoding="utf-8"), {"file": "examples/original.txt", "id": None})
    log(f"source documents: {len(docs)} unique; skipped {dict(skipped)}")
    return sorted(docs.values(), key=lambda d: d["hash"])


def setting_names(dictionary: str, mode: str, p: float) -> tuple[str, str]:
    dict_name = Path(dictionary).stem if dictionary not in ("wordnet", "wordnet-train", "wordnet-test") else dictionary
    dict_name = dict_name.replace("-", "_").replace(".", "_")
    setting = "first" if mode == "first" else f"p{round(p * 100):02d}"
    return dict_name, setting


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", type=Path, help="dev pair files to take originals from (default: all)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"default {DATA_DIR}")
    parser.add_argument("--no-example", action="store_true", help="leave out examples/original.txt")
    parser.add_argument("--split", choices=("train", "test", "all"), default="test", help="documents to use (default test)")
    parser.add_argument("--test-percent", type=int, default=50, help="share of documents in the test split (default 50)")
    parser.add_argument("--dictionary", default="wordnet-test",
                        help="wordnet, wordnet-train, wordnet-test (default) or a word|alt|alt file")
    parser.add_argument("--modes", nargs="+", choices=("random", "first"), default=["random", "first"])
    parser.add_argument("--p", nargs="+", type=float, default=[0.25, 0.5], help="rates for mode random")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0], help="seeds for mode random")
    parser.add_argument("--no-numbers", action="store_true", help="leave numbers alone")
    parser.add_argument("--spin-capitalised", action="store_true", help="spin capitalised words too")
    parser.add_argument("--spin-function-words", action="store_true", help="spin function words too")
    parser.add_argument("--rules", nargs="*", metavar="RULE",
                        help="add the rule-built phenomena of commercial spinner dictionaries "
                        "(spundetect.spin.RULES; no names: all of them); sources get '_rules'")
    parser.add_argument("--min-words", type=int, default=40, help="skip shorter source texts (default 40)")
    parser.add_argument("--max-chars", type=int, default=30000, help="skip longer source texts (default 30000)")
    parser.add_argument("--min-subs", type=int, default=1, help="drop pairs with fewer substitutions (default 1)")
    parser.add_argument("--limit", type=int, help="at most this many source documents (hash order)")
    parser.add_argument("--out", type=Path, help="output JSONL (default benchmarks/out/spun_<split>.jsonl)")
    args = parser.parse_args(argv)

    from spundetect.spin import RULES, spin

    rules: tuple[str, ...] | list[str] = ()
    if args.rules is not None:
        rules = list(args.rules) or list(RULES)

    files = args.files or sorted(args.data_dir.glob("*.jsonl"))
    docs = collect_documents(files, not args.no_example, args.min_words, args.max_chars)
    if args.split != "all":
        docs = [d for d in docs if doc_split(d["text"], args.test_percent) == args.split]
    if args.limit is not None:
        docs = docs[: args.limit]
    log(f"documents in split {args.split!r}: {len(docs)}")

    settings: list[tuple[str, float, int]] = []
    for mode in args.modes:
        if mode == "first":
            settings.append(("first", 1.0, 0))
        else:
            settings += [("random", p, seed) for p in args.p for seed in args.seeds]

    out = args.out or OUT_DIR / f"spun_{args.split}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    written: Counter[str] = Counter()
    dropped = 0
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as handle:
        for k, doc in enumerate(docs, 1):
            for mode, p, seed in settings:
                result = spin(
                    doc["text"],
                    mode=mode,  # type: ignore[arg-type]
                    p=p,
                    seed=seed,
                    dictionary=args.dictionary,
                    numbers=not args.no_numbers,
                    protect_capitalised=not args.spin_capitalised,
                    skip_function_words=not args.spin_function_words,
                    rules=rules,
                )
                if len(result.substitutions) < args.min_subs:
                    dropped += 1
                    continue
                dict_name, setting = setting_names(args.dictionary, mode, p)
                if rules:
                    dict_name += "_rules"
                source = f"synthetic_{dict_name}_{setting}"
                words = len(doc["text"].split())
                row = {
                    "id": f"syn-{doc['hash'][:12]}-{dict_name}-{setting}-s{seed}",
                    "original": doc["text"],
                    "suspect": result.text,
                    "label": "spun",
                    "source": source,
                    "meta": {
                        "spinner": result.settings,
                        "candidates": result.candidates,
                        "n_substitutions": len(result.substitutions),
                        "substitution_rate": round(len(result.substitutions) / max(words, 1), 4),
                        "kinds": dict(Counter(s.kind for s in result.substitutions)),
                        "phenomena": dict(Counter(s.phenomenon for s in result.substitutions)),
                        "doc_hash": doc["hash"],
                        "doc_split": doc_split(doc["text"], args.test_percent),
                        "origin": doc["origin"],
                        "substitutions": [s.to_dict() for s in result.substitutions],
                    },
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                written[source] += 1
            if k % 50 == 0 or k == len(docs):
                log(f"  {k}/{len(docs)} documents ({time.perf_counter() - started:.1f}s)")
    log(f"wrote {sum(written.values())} pairs to {out} ({dict(written)}); dropped {dropped} with < {args.min_subs} substitutions")
    print(json.dumps({"out": str(out), "pairs": dict(written), "dropped": dropped, "documents": len(docs)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
