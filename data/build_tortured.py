"""Build spundetect's shipped list of known tortured phrases (PPS, CC BY 4.0).

Tortured phrases are established terms whose words were each swapped for a thesaurus
synonym ("counterfeit consciousness" for "artificial intelligence"). The Problematic Paper
Screener (PPS) of Guillaume Cabanac, Cyril Labbé and Alexander Magazinov publishes the ones
it has found, under CC BY 4.0. The project's shared data holds the development part of that
list, as exported in ``giladfeldman/torturedcheck`` ``src/data/tortured-phrases.json``
(commit ``3571a95c9a94fa278ce6505ec460187599aacd45``, list dated 2026-03-06), cleaned (see
its README)::

    python data/build_tortured.py ../shared/data/tortured_phrases/pps_dev.jsonl

writes ``spundetect/_data/tortured/pps.tsv``: one pair a line, ``tortured<TAB>expected``,
lower case with single spaces, sorted and without duplicates, after a ``#`` header naming
the source and the sha256 of the input. The attribution travels beside it in
``spundetect/_data/tortured/README.md`` (written by this script too).

It then precomputes the matcher's index of that list and of WordNet's multiword lemmas
(``spundetect.tortured.build_phrases``, a few seconds: it also reads WordNet's glosses to
mark the list's ordinary phrases, ``spundetect.tortured.ordinary_phrases``) into
``spundetect/_data/tortured/index.tsv`` (format: ``spundetect.tortured.index_text``), so
that a process loads it instead of computing it on first use. ``--index-only`` rebuilds
just the index from the shipped ``pps.tsv`` (after a change to the matcher's keys). The
build is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from spundetect import tortured  # noqa: E402

DEST = REPO / "spundetect" / "_data" / "tortured"
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "tortured_phrases" / "pps_dev.jsonl"

ATTRIBUTION = """\
# Known tortured phrases (Problematic Paper Screener, CC BY 4.0)

`pps.tsv` lists tortured phrases and the established terms they stand for, one pair a line
(`tortured<TAB>expected`). `spundetect.tortured` matches them in any text. `index.tsv` is
derived from it (and from WordNet's multiword lemmas, and its glosses, which mark the few
phrases of the list that ordinary text uses as they are): the matcher's precomputed index.

Source: the tortured-phrase fingerprints of the Problematic Paper Screener (PPS) by
Guillaume Cabanac, Cyril Labbé and Alexander Magazinov ("Tortured phrases: A dubious writing
style emerging in science. Evidence of critical issues affecting established journals",
2021, arXiv:2107.06751), licence Creative Commons Attribution 4.0 International
(CC BY 4.0, https://creativecommons.org/licenses/by/4.0/), as exported in
`giladfeldman/torturedcheck` `src/data/tortured-phrases.json` (commit
`3571a95c9a94fa278ce6505ec460187599aacd45`, list dated 2026-03-06).

Changes made: entries carrying search syntax (brackets, quotes, `~`), entries where one
phrase contains the other, and trailing "(abbreviation)" parts of the expected phrase were
dropped; this file holds the development part of the cleaned list (split by expected
phrase), lower case with single spaces, sorted, duplicates removed. Built by
`data/build_tortured.py`.
"""


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """The (tortured, expected) pairs of a JSON Lines file, normalised, sorted, unique."""
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            tortured = " ".join(str(row["tortured"]).lower().split())
            expected = " ".join(str(row["expected"]).lower().split())
            if not tortured or not expected or "\t" in tortured + expected:
                raise SystemExit(f"{path}:{number}: empty or tabbed phrase: {row!r}")
            pairs.add((tortured, expected))
    return sorted(pairs)


def build(source: Path, dest: Path) -> Path:
    """Write ``pps.tsv`` and ``README.md`` into ``dest``; return the list's path."""
    pairs = read_pairs(source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    dest.mkdir(parents=True, exist_ok=True)
    header = (
        f"# PPS tortured phrases (CC BY 4.0, Cabanac, Labbe, Magazinov); see README.md\n"
        f"# source {source.name} sha256 {digest}; {len(pairs)} pairs\n"
    )
    out = dest / "pps.tsv"
    out.write_text(header + "".join(f"{t}\t{e}\n" for t, e in pairs), encoding="utf-8")
    (dest / "README.md").write_text(ATTRIBUTION, encoding="utf-8")
    build_index(out, dest)
    return out


def build_index(listed: Path, dest: Path) -> Path:
    """Write ``index.tsv`` into ``dest``: the index of the list file ``listed``."""
    pairs = []
    for line in listed.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            tortured_phrase, _, expected = line.partition("\t")
            pairs.append((tortured_phrase, expected))
    digest = hashlib.sha256(listed.read_bytes()).hexdigest()
    out = dest / "index.tsv"
    out.write_text(tortured.index_text(tortured.build_phrases(pairs), digest=digest), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help="the PPS pairs (JSON Lines with 'tortured' and 'expected')")
    parser.add_argument("--dest", type=Path, default=DEST, help="output directory")
    parser.add_argument("--index-only", action="store_true",
                        help="rebuild only index.tsv, from the pps.tsv in --dest")
    args = parser.parse_args(argv)
    if args.index_only:
        out = build_index(args.dest / "pps.tsv", args.dest)
    else:
        out = build(args.source, args.dest)
    print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
