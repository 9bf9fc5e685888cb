"""Write a spinner dictionary (``word|alt|alt...``) drawn from the shipped Moby thesaurus.

A red-team check for spinners whose thesaurus is not WordNet: the scorer was fitted on
pairs spun with one half of WordNet, and the Moby thesaurus is much broader and looser
(its entries mix synonyms with associations: "abandon" -> "intoxication", "heat"). The
headwords are the words of the source documents that ``make_spun.py`` spins (the
``original`` texts of the dev pair files); each gets at most ``--max-alternatives``
one-word alternatives in a shuffled order seeded by the headword.

Usage::

    python benchmarks/make_moby_dictionary.py          # -> benchmarks/out/moby_dictionary.txt
    python benchmarks/make_spun.py --split test --dictionary benchmarks/out/moby_dictionary.txt \\
        --modes random --p 0.25 --out benchmarks/out/spun_moby.jsonl
    python benchmarks/evaluate.py --files benchmarks/out/spun_moby.jsonl --out benchmarks/out/eval_moby.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "dev"
DEFAULT_OUT = REPO / "benchmarks" / "out" / "moby_dictionary.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=f"default {DATA_DIR}")
    parser.add_argument("--max-alternatives", type=int, default=8, help="per headword (default 8)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    args = parser.parse_args()

    from spundetect.thesaurus import get_thesaurus

    words: set[str] = set()
    for path in sorted(args.data_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:  # str.splitlines would also cut at U+2028
            for line in fh:
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", json.loads(line)["original"]))
    thesaurus = get_thesaurus()
    lines = []
    for word in sorted(words):
        alternatives = sorted(a for a in thesaurus.entry(word) if a != word and " " not in a)
        if alternatives:
            random.Random(word).shuffle(alternatives)
            lines.append("|".join([word, *alternatives[: args.max_alternatives]]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} headwords to {args.out}")


if __name__ == "__main__":
    main()
