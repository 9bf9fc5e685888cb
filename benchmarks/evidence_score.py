"""The evidence-aware score's data: train and test pairs of every length, measured once.

``benchmarks/fit_scorer.py`` fits the scorer on the *train* pairs and reports it on the
*test* pairs; ``benchmarks/length_calibration.py`` reads the test pairs too. Both splits
are made the same way, by a hash of the original text (``direction_eval.split_of``, the
document split of ``make_spun.py``), so no source text is on both sides:

* human pairs (negatives): every non-spun row of the dev files of
  ``length_calibration.HUMAN_FILES`` (copies, light edits, paraphrases, same-topic and
  unrelated pairs, and the 400 human single-sentence edits of ``iterater_sent``;
  ``auto_obfuscated`` left out) whose original falls in the split;
* SpinBot (``mpc_spinbot``) pairs of the split;
* documents of the split spun by ``spundetect.spin`` with the split's WordNet half
  (``make_spun.py --split S --dictionary wordnet-S``: p = 0.25, 0.5 and first alternative),
  with its rules too (``--rules``: p = 0.25 and 0.5), and lightly (``--p 0.1``, about 4 %
  of the words: a spinner whose dictionary knows fewer of the text's words swaps fewer);
* single sentences of the split spun the same way with the rules
  (``direction_eval.sentence_pairs``).

Each pair is compared once with the library and stored in
``benchmarks/out/score_rows_<split>.jsonl`` (appended as it goes: a killed run keeps what
it measured): the statistics the score reads, the shipped score and verdict, and every
swap's relation, flags, reasons and shape, so that other scores can be tried on the same
comparisons without comparing again. ``--refresh`` measures again (after a change to the
pipeline or to the statistics).

Usage::

    python benchmarks/make_spun.py --split train --dictionary wordnet-train
    python benchmarks/make_spun.py --split train --dictionary wordnet-train --rules --modes random \\
        --p 0.25 0.5 --out benchmarks/out/spun_rules_train.jsonl
    python benchmarks/make_spun.py --split train --dictionary wordnet-train --modes random --p 0.1 \\
        --out benchmarks/out/spun_light_train.jsonl
    (the same with test)
    python benchmarks/evidence_score.py --split train
    python benchmarks/evidence_score.py --split test
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from direction_eval import DATA_DIR, OUT_DIR, cached_rows, log, read_jsonl, sentence_pairs, split_of  # noqa: E402

#: Dev files whose non-spun rows are the human pairs.
HUMAN_FILES = ("clough", "ecbplus_same_topic", "ecbplus_unrelated", "iterater_doc", "iterater_sent",
               "mrpc", "pan13_01", "pan13_02", "pan13_05", "seeds")
#: Suspect-length buckets (inclusive word counts) of the reliability tables.
BUCKETS = ((0, 30, "<= 30 words"), (31, 150, "30-150 words"), (151, 10**9, "> 150 words"))


def pairs_of(split: str, docs: int, sentences: int) -> list[dict[str, Any]]:
    """The pairs of one split (see the module docstring); ``docs`` spun documents per file."""
    out: list[dict[str, Any]] = []
    for name in HUMAN_FILES:
        for k, r in enumerate(read_jsonl(DATA_DIR / f"{name}.jsonl")):
            if r["label"] not in ("spun", "auto_obfuscated") and split_of(r["original"]) == split:
                out.append({"id": f"{name}:{k}", "original": r["original"], "suspect": r["suspect"],
                            "spun": False, "label": r["label"], "source": f"{name}:{r['label']}"})
    for k, r in enumerate(read_jsonl(DATA_DIR / "mpc_spinbot.jsonl")):
        if split_of(r["original"]) == split:
            out.append({"id": f"spinbot:{k}", "original": r["original"], "suspect": r["suspect"],
                        "spun": r["label"] == "spun", "label": r["label"], "source": "mpc_spinbot"})
    for stem in (f"spun_{split}", f"spun_rules_{split}", f"spun_light_{split}"):
        path = OUT_DIR / f"{stem}.jsonl"
        if not path.exists():
            raise SystemExit(f"missing {path}: run benchmarks/make_spun.py first (see --help)")
        rows = read_jsonl(path)
        by_source: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_source.setdefault(r["source"], []).append(r)
        for group in by_source.values():
            for r in group[:docs]:
                out.append({"id": r["id"], "original": r["original"], "suspect": r["suspect"], "spun": True,
                            "label": "spun", "source": r["source"]})
    for r in sentence_pairs(split, sentences):
        out.append({"id": r["id"], "original": r["original"], "suspect": r["suspect"], "spun": True,
                    "label": "spun", "source": r["source"]})
    return out


def measure_pair(p: dict[str, Any]) -> dict[str, Any]:
    """One comparison, as the fit and the reports read it."""
    import spundetect
    from spundetect.score import is_derived, load_model

    c = spundetect.compare(p["original"], p["suspect"])
    return {
        "id": p["id"], "source": p["source"], "label": p["label"], "spun": p["spun"],
        "score": c.score, "verdict": c.verdict, "words": c.stats.suspect_tokens,
        "derived": is_derived(c.stats, load_model()), "stats": c.stats.model_dump(),
        "swaps": [[s.relation, int(s.synonym), int(s.flagged), s.shape, s.reasons] for s in c.swaps],
    }


def measure(split: str, docs: int, sentences: int, refresh: bool = False) -> list[dict[str, Any]]:
    """The measured rows of a split, from the cache where it has them."""
    return cached_rows(pairs_of(split, docs, sentences), OUT_DIR / f"score_rows_{split}.jsonl",
                       measure_pair, refresh=refresh, every=200)


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("train", "test"), required=True)
    ap.add_argument("--docs", type=int, default=10**6, help="spun documents per spinner setting (default all)")
    ap.add_argument("--sentences", type=int, default=400, help="spun single sentences (default 400)")
    ap.add_argument("--refresh", action="store_true", help="measure again, ignoring the cache")
    args = ap.parse_args(argv)
    rows = measure(args.split, args.docs, args.sentences, args.refresh)
    counts = Counter((r["source"], r["spun"]) for r in rows)
    for (source, spun), n in sorted(counts.items()):
        print(f"  {source:<44}{'spun' if spun else 'human':>7}{n:>6}")
    return rows


if __name__ == "__main__":
    main()
